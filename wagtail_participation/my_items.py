"""What a participant has done, each with a link: for the *My participation* page.

The page shows one section per kind of item (my ideas, my proposals, my comments, my budget
ballots...). The core provides the comments section (comments belong to the contributions layer);
each method app lists its sections in its manifest (``my_items``). A section returns
:class:`OwnItem` s; the core then finds the method pages of every item in one query and links each.

Links go to the method page in the visitor's language where that translation is live, else to
the page in its own language (marked with ``lang`` in the template).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from wagtail_participation.registry import Registry


@dataclass(frozen=True)
class Item:
    title: str
    url: str
    place: str  # the method it belongs to
    when: object
    language: str = ""  # the item's own language, when it differs from the visitor's


@dataclass(frozen=True)
class OwnItem:
    """One thing the participant did, before its link is found.

    ``route`` and ``args`` name the method page's sub-route (e.g. ``"idea", (pk,)``); ``route`` may
    be a callable ``route(page) -> str`` when it depends on the page, ``""`` for the page itself,
    and ``None`` when the item has nothing to link to (it is then shown without a link or place).
    """

    title: str
    record: object  # the MethodRecord whose page the item lives on
    when: object
    route: str | Callable | None = None
    args: tuple = ()
    anchor: str = ""
    language: str = ""  # the language the item was written in


@dataclass(frozen=True)
class MyItemsSection:
    """One section of *My participation*: ``items(participant) -> list[OwnItem]``, newest first.

    ``slug`` names the section in the page (its heading's id), ``heading`` is its title. Sections
    are shown by ``order``, then in the order registered."""

    code: str
    heading: str
    items: Callable
    order: int = 100

    @property
    def slug(self) -> str:
        return self.code


_registry: Registry[MyItemsSection] = Registry("my participation sections")


def register(section: MyItemsSection) -> MyItemsSection:
    return _registry.register(section)


def unregister(code: str) -> MyItemsSection | None:
    return _registry.unregister(code)


def sections() -> list[MyItemsSection]:
    return _registry.all()


def _pages_by_record(records) -> dict:
    """The live page of each record, in the active language where there is one."""
    language = get_language()
    keys = {record.translation_key: record for record in records}
    found = {}
    pages = Page.objects.filter(translation_key__in=keys).live().select_related("locale").specific()
    for page in pages:
        current = found.get(page.translation_key)
        if current is None or (page.locale.language_code == language and current.locale.language_code != language):
            found[page.translation_key] = page
    return {keys[key].pk: page for key, page in found.items()}


def _foreign(language: str) -> str:
    return language if language and language != get_language() else ""


def items_of(participant) -> list[tuple[MyItemsSection, list[Item]]]:
    """Each section with the participant's items in it (newest first), the pages found in one query."""
    collected = [(section, list(section.items(participant))) for section in sections()]
    pages = _pages_by_record({item.record for _section, own in collected for item in own})

    def linked(item: OwnItem) -> Item:
        page = pages.get(item.record.pk) if item.route is not None else None
        if page is None:
            url, place = "", ""
        else:
            route = item.route(page) if callable(item.route) else item.route
            subpage = page.reverse_subpage(route, args=item.args) if route else ""
            url, place = page.url + subpage + item.anchor, page.title
        return Item(item.title, url, place, item.when, _foreign(item.language))

    return [(section, [linked(item) for item in own]) for section, own in collected]


# -- the core's own section: comments, on any kind of contribution --------------------------------


def contribution_route(page) -> str:
    """The route of one contribution on its method page (``contribution_route``, "idea" by default)."""
    return getattr(page, "contribution_route", "idea")


def comment_items(participant) -> list[OwnItem]:
    from wagtail_participation.models import Comment

    comments = Comment.objects.filter(author=participant).select_related("contribution__record")
    return [
        OwnItem(
            comment.contribution.title,
            comment.contribution.record,
            comment.created_at,
            route=contribution_route,
            args=(comment.contribution_id,),
            anchor=f"#comment-{comment.pk}",
            language=comment.language,
        )
        for comment in comments.order_by("-created_at")
    ]


# After the ideas' and proposals' sections (order 10 and 20), before the budget ballots (40).
register(MyItemsSection("comments", _("My comments"), comment_items, order=30))
