"""What the ideas offer the capability apps: their texts (themes), their places (maps) and a public
API resource. Listed in the manifest (``capabilities``); only visible ideas, only public fields."""

from django.utils.translation import gettext_lazy as _

from wagtail_participation.capabilities import (
    ApiResource,
    LocatedSource,
    TextSource,
    contribution_fields,
    contribution_texts,
    located_contributions,
)
from wagtail_participation.ideas.models import Idea
from wagtail_participation.models import Visibility


def visible_ideas(records):
    return Idea.objects.filter(record__in=records, visibility=Visibility.VISIBLE)


def idea_texts(records):
    return contribution_texts(visible_ideas(records), "idea")


def located_ideas(records):
    """Ideas with an area or a place in words (ideas record no coordinates)."""
    located = visible_ideas(records).exclude(area__isnull=True, location_text="")
    return located_contributions(located, "idea", place="location_text")


def public_ideas(records):
    return visible_ideas(records).select_related("author", "area").order_by("-created_at", "-pk")


def serialize_idea(idea) -> dict:
    return contribution_fields(idea) | {
        "status": idea.status,
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
