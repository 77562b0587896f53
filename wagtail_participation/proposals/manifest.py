"""What the proposals app offers the core, registered from :meth:`ready` (docs/architecture.md)."""

from wagtail_participation.manifests import MethodManifest


def build() -> MethodManifest:
    """The app's manifest; imported from ``ready()``, when the models are loaded."""
    from wagtail_participation.contribution_kinds import ContributionKind
    from wagtail_participation.housekeeping import PeriodicJob
    from wagtail_participation.proposals import blocks, capabilities, figures, personal_data, services
    from wagtail_participation.proposals.models import Proposal, ProposalsPage

    return MethodManifest(
        app_label="participation_proposals",
        page_models=(ProposalsPage,),
        urls="wagtail_participation.proposals.urls",
        personal_data_kinds=personal_data.KINDS,
        figure_sources=figures.SOURCES,
        my_items=personal_data.MY_ITEMS,
        contribution_kinds=(
            ContributionKind(
                "proposal",
                Proposal,
                # Answers are worded for proposals (a decision, not an idea's status); restoring a
                # proposal hidden while it waited for approval publishes it. Moderators' e-mails link
                # the admin home, where the proposals' queue is (no moderation_namespace).
                answer_email="wagtail_participation/proposals/emails/proposal_answer.txt",
                restore=services.restore,
            ),
        ),
        # Notifications due as time passes (deadline warnings; what a crashed request did not send).
        periodic_jobs=(
            PeriodicJob("proposal_notifications", services.tick, "%(count)d proposal notification(s) sent"),
        ),
        capabilities=capabilities.CAPABILITIES,
        index_page_models=(ProposalsPage,),  # citizen proposals may run outside any project
        embed=blocks.render_live,
        results=blocks.render_results,
    )
