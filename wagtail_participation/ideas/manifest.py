"""What the ideas app offers the core, registered from :meth:`ready` (docs/architecture.md)."""

from wagtail_participation.manifests import MethodManifest


def build() -> MethodManifest:
    """The app's manifest; imported from ``ready()``, when the models are loaded."""
    from wagtail_participation.contribution_kinds import ContributionKind
    from wagtail_participation.ideas import blocks, capabilities, figures, personal_data
    from wagtail_participation.ideas.models import Idea, IdeaBoardPage

    return MethodManifest(
        app_label="participation_ideas",
        page_models=(IdeaBoardPage,),
        urls="wagtail_participation.ideas.urls",
        personal_data_kinds=personal_data.KINDS,
        figure_sources=figures.SOURCES,
        my_items=personal_data.MY_ITEMS,
        # The moderators' e-mail links an idea's moderation view (the ideas admin viewset's namespace).
        contribution_kinds=(ContributionKind("idea", Idea, moderation_namespace="participation_ideas"),),
        capabilities=capabilities.CAPABILITIES,
        embed=blocks.render_live,
        results=blocks.render_results,
    )
