"""What the ideas offer the capability apps: their texts (themes), their places (maps) and a public
API resource. Listed in the manifest (``capabilities``); only visible ideas, only public fields."""

from django.utils.translation import gettext_lazy as _

from wagtail_participation.capabilities import ApiResource, LocatedItem, LocatedSource, TextSource
from wagtail_participation.ideas.models import Idea
from wagtail_participation.models import Visibility


def visible_ideas(records):
    return Idea.objects.filter(record__in=records, visibility=Visibility.VISIBLE)


def idea_texts(records):
    rows = visible_ideas(records).order_by("pk").values_list("pk", "title", "body", "language")
    for pk, title, body, language in rows.iterator(chunk_size=2000):
        yield f"idea:{pk}", f"{title}\n\n{body}", language


def located_ideas(records):
    """Ideas with an area or a place in words (ideas record no coordinates)."""
    rows = (
        visible_ideas(records)
        .exclude(area__isnull=True, location_text="")
        .order_by("pk")
        .values_list("pk", "title", "record_id", "area__translation_key", "location_text")
    )
    for pk, title, record_id, area_key, place in rows.iterator(chunk_size=2000):
        yield LocatedItem(f"idea:{pk}", title, record_id, area_key=str(area_key) if area_key else None, place=place)


def public_ideas(records):
    return visible_ideas(records).select_related("author", "area").order_by("-created_at", "-pk")


def serialize_idea(idea) -> dict:
    return {
        "id": idea.pk,
        "method": idea.record_id,
        "title": idea.title,
        "body": idea.body,
        "language": idea.language,
        "status": idea.status,
        "author": idea.public_author_name,
        "area": str(idea.area.translation_key) if idea.area_id else None,
        "place": idea.location_text,
        "up_votes": idea.up_votes,
        "down_votes": idea.down_votes,
        "comments": idea.comment_count,
        "created_at": idea.created_at.isoformat(),
    }


CAPABILITIES = (
    TextSource("ideas", _("Ideas"), idea_texts, order=10),
    LocatedSource("ideas", _("Ideas"), located_ideas, order=10),
    ApiResource("ideas", _("Ideas"), public_ideas, serialize_idea, order=10),
)
