"""What the surveys app offers the core, registered from :meth:`ready` (docs/architecture.md)."""

from wagtail_participation.manifests import MethodManifest


def build() -> MethodManifest:
    """The app's manifest; imported from ``ready()``, when the models are loaded."""
    from wagtail_participation.surveys import blocks, figures, personal_data, retention
    from wagtail_participation.surveys.models import SurveyPage

    return MethodManifest(
        app_label="participation_surveys",
        page_models=(SurveyPage,),
        urls="wagtail_participation.surveys.urls",
        personal_data_kinds=personal_data.KINDS,
        retention_rules=retention.RULES,
        figure_sources=figures.SOURCES,
        embed=blocks.render_live,
        results=blocks.render_results,
    )
