"""What the ideas app offers the core, registered from :meth:`ready` (docs/architecture.md)."""

from wagtail_participation.manifests import MethodManifest


def build() -> MethodManifest:
    """The app's manifest; imported from ``ready()``, when the models are loaded."""
    from wagtail_participation.ideas import blocks
    from wagtail_participation.ideas.models import IdeaBoardPage

    return MethodManifest(
        app_label="participation_ideas",
        page_models=(IdeaBoardPage,),
        urls="wagtail_participation.ideas.urls",
        embed=blocks.render_live,
        results=blocks.render_results,
    )
