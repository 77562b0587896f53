"""The participation figures of citizen proposals: published proposals, and supports (online plus
offline signatures). Listed in the manifest, which registers them from ``ready()``.
"""

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from wagtail_participation.figures import CONTRIBUTIONS, VOTES, FigureSource, per_channel
from wagtail_participation.models import Visibility
from wagtail_participation.proposals.models import OfflineSignatures, Proposal, ProposalSupport


def proposals(records):
    return per_channel(
        Proposal.objects.filter(record__in=records, visibility=Visibility.VISIBLE, published_at__isnull=False)
    )


def proposal_authors(records):
    return Proposal.objects.filter(record__in=records, author__isnull=False, published_at__isnull=False).values_list(
        "author_id", flat=True
    )


def proposal_supports(records):
    """Online supports (removed ones left out) and offline signatures per channel: two queries."""
    counts = {"online": ProposalSupport.objects.filter(proposal__record__in=records, removed_at__isnull=True).count()}
    offline = (
        OfflineSignatures.objects.filter(proposal__record__in=records)
        .order_by()
        .values_list("channel")
        .annotate(n=Sum("count"))
    )
    for channel, total in offline:
        counts[channel] = counts.get(channel, 0) + (total or 0)
    return counts


def supporters(records):
    return ProposalSupport.objects.filter(proposal__record__in=records, removed_at__isnull=True).values_list(
        "participant_id", flat=True
    )


SOURCES = (
    FigureSource("proposals", _("Citizen proposals"), CONTRIBUTIONS, proposals, proposal_authors),
    FigureSource("proposal_supports", _("Supports for proposals"), VOTES, proposal_supports, supporters),
)
