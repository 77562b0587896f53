"""What citizen proposals offer the capability apps: their texts (themes), their areas (maps) and a
public API resource. Listed in the manifest (``capabilities``); only published, visible proposals
(as on the proposals page), only public fields."""

from django.utils.translation import gettext_lazy as _

from wagtail_participation.capabilities import ApiResource, LocatedItem, LocatedSource, TextSource
from wagtail_participation.models import Visibility
from wagtail_participation.proposals.models import Proposal


def published_proposals(records):
    return Proposal.objects.filter(record__in=records, visibility=Visibility.VISIBLE, published_at__isnull=False)


def proposal_texts(records):
    rows = published_proposals(records).order_by("pk").values_list("pk", "title", "body", "language")
    for pk, title, body, language in rows.iterator(chunk_size=2000):
        yield f"proposal:{pk}", f"{title}\n\n{body}", language


def located_proposals(records):
    """Proposals about an area (proposals record no street or coordinates)."""
    rows = (
        published_proposals(records)
        .filter(area__isnull=False)
        .order_by("pk")
        .values_list("pk", "title", "record_id", "area__translation_key")
    )
    for pk, title, record_id, area_key in rows.iterator(chunk_size=2000):
        yield LocatedItem(f"proposal:{pk}", title, record_id, area_key=str(area_key))


def public_proposals(records):
    return published_proposals(records).select_related("author", "area").order_by("-published_at", "-pk")


def serialize_proposal(proposal) -> dict:
    return {
        "id": proposal.pk,
        "method": proposal.record_id,
        "title": proposal.title,
        "body": proposal.body,
        "language": proposal.language,
        "state": proposal.state.value,
        "author": proposal.public_author_name,
        "area": str(proposal.area.translation_key) if proposal.area_id else None,
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
