"""What a method's card says: its type, whether it is open, coming up or closed, and what to do.

Used by the project page ("Take part"), the participation index and the home page ("open now"),
so every listing counts a method as open by the same rule: one of its offered actions is open now
(for an any-time proposals page: from its start, with no end).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from wagtail_participation.engine.policy import WindowState
from wagtail_participation.engine.timeline import Status
from wagtail_participation.models.methods import OPEN_END


@dataclass(frozen=True)
class MethodCard:
    page: object
    kind: str  # "Idea board", "Poll", ... (the page type's name)
    status: str  # Status value: "active", "upcoming" or "past"; "" when the method has no dates
    opens_at: datetime | None
    closes_at: datetime | None
    call_to_action: str


def method_card(page, now) -> MethodCard:
    """The card of one live method page at ``now``."""
    record = page.participation_record
    windows = [record.window(action, now) for action in record.rules.get("actions", {}) if record.is_offered(action)]
    open_windows = [w for w in windows if w.state == WindowState.OPEN]
    upcoming = [w.opens_at for w in windows if w.state == WindowState.UPCOMING and w.opens_at]
    closed = [w.closes_at for w in windows if w.state == WindowState.CLOSED and w.closes_at]
    if open_windows:
        ends = [w.closes_at for w in open_windows if w.closes_at and w.closes_at != OPEN_END]  # not "any time"
        status, opens_at, closes_at, action = Status.ACTIVE.value, None, max(ends) if ends else None, _("Take part now")
    elif upcoming:
        status, opens_at, closes_at, action = Status.UPCOMING.value, min(upcoming), None, _("Read what is coming")
    elif closed:
        status, opens_at, closes_at, action = Status.PAST.value, None, max(closed), _("See what happened")
    else:
        status, opens_at, closes_at, action = "", None, None, _("Read more")
    return MethodCard(page, capfirst(page._meta.verbose_name), status, opens_at, closes_at, action)


def open_methods_under(index_page, now) -> list[MethodCard]:
    """Method pages placed directly under the index (not in a project), open now: e.g. citizen
    proposals, which are open any time."""
    from wagtail_participation.models.methods import ParticipationMethodPage
    from wagtail_participation.models.projects import ProjectPage

    children = index_page.get_children().live().public().not_type(ProjectPage)  # never load hundreds of projects
    pages = [page for page in children.specific() if isinstance(page, ParticipationMethodPage)]
    cards = [method_card(page, now) for page in pages]
    return [card for card in cards if card.status == Status.ACTIVE.value]
