"""What the proposals app offers the core, registered from :meth:`ready` (docs/architecture.md)."""

from wagtail_participation.manifests import MethodManifest


def build() -> MethodManifest:
    """The app's manifest; imported from ``ready()``, when the models are loaded."""
    from wagtail_participation.proposals import blocks
    from wagtail_participation.proposals.models import ProposalsPage

    return MethodManifest(
        app_label="participation_proposals",
        page_models=(ProposalsPage,),
        embed=blocks.render_live,
        results=blocks.render_results,
    )
