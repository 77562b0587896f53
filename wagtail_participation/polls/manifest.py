"""What the polls app offers the core, registered from :meth:`ready` (docs/architecture.md)."""

from wagtail_participation.manifests import MethodManifest


def build() -> MethodManifest:
    """The app's manifest; imported from ``ready()``, when the models are loaded."""
    from wagtail_participation.polls import blocks, figures, services
    from wagtail_participation.polls.models import OptionAnalysisPage, PollPage

    return MethodManifest(
        app_label="participation_polls",
        page_models=(
            PollPage,
            OptionAnalysisPage,
        ),
        urls="wagtail_participation.polls.urls",
        personal_data_kinds=services.personal_data_kinds(),
        figure_sources=figures.SOURCES,
        embed=blocks.render_live,
        results=blocks.render_results,
    )
