"""What citizen proposals offer the capability apps: their texts (themes), their areas (maps) and a
public API resource. Listed in the manifest (``capabilities``); only published, visible proposals
(as on the proposals page), only public fields."""

from django.utils.translation import gettext_lazy as _

from wagtail_participation.capabilities import (
    ApiResource,
    LocatedSource,
    TextSource,
    contribution_fields,
    contribution_texts,
    located_contributions,
)
from wagtail_participation.models import Visibility
from wagtail_participation.proposals.models import Proposal


def published_proposals(records):
    return Proposal.objects.filter(record__in=records, visibility=Visibility.VISIBLE, published_at__isnull=False)


def proposal_texts(records):
    return contribution_texts(published_proposals(records), "proposal")


def located_proposals(records):
    """Proposals about an area (proposals record no street or coordinates)."""
    return located_contributions(published_proposals(records).filter(area__isnull=False), "proposal")


def public_proposals(records):
    return published_proposals(records).select_related("author", "area").order_by("-published_at", "-pk")


def serialize_proposal(proposal) -> dict:
    return contribution_fields(proposal) | {
        "state": proposal.state.value,
        "supports": proposal.counted,
        "threshold": proposal.threshold,
        "outcome": proposal.outcome,
        "published_at": proposal.published_at.isoformat(),
    }


CAPABILITIES = (
    TextSource("proposals", _("Citizen proposals"), proposal_texts, order=20),
    LocatedSource("proposals", _("Citizen proposals"), located_proposals, order=20),
    ApiResource("proposals", _("Citizen proposals"), public_proposals, serialize_proposal, order=20),
)
