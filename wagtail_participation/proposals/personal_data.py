"""A participant's proposals and supports: for "Download my data", account deletion and *My
participation* (listed in the manifest)."""

from django.utils.translation import gettext_lazy as _

from wagtail_participation.my_items import MyItemsSection, OwnItem
from wagtail_participation.personal_data import PersonalDataKind
from wagtail_participation.proposals import services as proposals
from wagtail_participation.proposals.engine.thresholds import State
from wagtail_participation.proposals.models import Proposal, ProposalSupport


def export_proposals(participant):
    return [
        {
            "title": p.title,
            "body": p.body,
            "state": p.state.value,
            "name_shown": p.show_author,
            "created_at": p.created_at.isoformat(),
        }
        for p in Proposal.objects.filter(author=participant).order_by("created_at")
    ]


def export_supports(participant):
    return [
        {
            "proposal": s.proposal.title,
            "created_at": s.created_at.isoformat(),
            "removed": bool(s.removed_at),
            "removal_reason": s.removal_reason,
        }
        for s in ProposalSupport.objects.filter(participant=participant)
        .select_related("proposal")
        .order_by("created_at")
    ]


def withdraw_open_supports(participant):
    """Supports of proposals still collecting are withdrawn (re-registering cannot support twice);
    supports of proposals past that stay counted, pointing at the now anonymous participant, so a
    reached threshold or an answered proposal never changes because someone left."""
    for row in ProposalSupport.objects.filter(participant=participant, removed_at__isnull=True).select_related(
        "proposal"
    ):
        if row.proposal.status_at().state is State.PUBLISHED:
            proposals.withdraw(row.proposal, participant, erasing=True)


KINDS = (
    PersonalDataKind("proposals", _("Your proposals"), export_proposals),
    PersonalDataKind("proposal_supports", _("Your supports of proposals"), export_supports, withdraw_open_supports),
)


def my_proposals(participant) -> list[OwnItem]:
    mine = Proposal.objects.filter(author=participant).select_related("record").order_by("-created_at")
    return [OwnItem(p.title, p.record, p.created_at, route="proposal", args=(p.pk,), language=p.language) for p in mine]


MY_ITEMS = (MyItemsSection("proposals", _("My proposals"), my_proposals, order=20),)
