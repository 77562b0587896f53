"""What a participant has done, each with a link: for the *My participation* page.

Links go to the method page in the visitor's language where that translation is live, else to
the page in its own language (marked with ``lang`` in the template).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language
from wagtail.models import Page

from wagtail_participation.budgets import services as budgets


@dataclass(frozen=True)
class Item:
    title: str
    url: str
    place: str  # the method it belongs to
    when: object
    language: str = ""  # the item's own language, when it differs from the visitor's


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


def items_of(participant) -> dict[str, list[Item]]:
    """The participant's ideas, proposals, comments and budget ballots, newest first."""
    from wagtail_participation.budgets.models import BudgetBallot
    from wagtail_participation.ideas.models import Idea
    from wagtail_participation.models import Comment
    from wagtail_participation.proposals.models import Proposal

    ideas = list(Idea.objects.filter(author=participant).select_related("record").order_by("-created_at"))
    proposals = list(Proposal.objects.filter(author=participant).select_related("record").order_by("-created_at"))
    comments = list(
        Comment.objects.filter(author=participant).select_related("contribution__record").order_by("-created_at")
    )
    ballots = list(
        BudgetBallot.objects.filter(participant=participant).select_related("record").order_by("-created_at")
    )
    records = (
        {c.record for c in [*ideas, *proposals]}
        | {c.contribution.record for c in comments}
        | {b.record for b in ballots}
    )
    pages = _pages_by_record(records)

    def link(record, route, *args, anchor=""):
        page = pages.get(record.pk)
        if page is None:
            return "", ""
        return page.url + page.reverse_subpage(route, args=args) + anchor, page.title

    result = {"ideas": [], "proposals": [], "comments": [], "ballots": []}
    for idea in ideas:
        url, place = link(idea.record, "idea", idea.pk)
        result["ideas"].append(Item(idea.title, url, place, idea.created_at, _foreign(idea.language)))
    for proposal in proposals:
        url, place = link(proposal.record, "proposal", proposal.pk)
        result["proposals"].append(Item(proposal.title, url, place, proposal.created_at, _foreign(proposal.language)))
    on_proposals = set(
        Proposal.objects.filter(pk__in={c.contribution_id for c in comments}).values_list("pk", flat=True)
    )
    for comment in comments:
        target = comment.contribution
        route = "proposal" if target.pk in on_proposals else "idea"
        url, place = link(target.record, route, target.pk, anchor=f"#comment-{comment.pk}")
        result["comments"].append(Item(target.title, url, place, comment.created_at, _foreign(comment.language)))
    for ballot in ballots:
        spec = next((s for s in budgets.budget_specs(ballot.record) if s.code == ballot.budget_code), None)
        url, place = link(ballot.record, "booth", spec.slug) if spec else ("", "")
        result["ballots"].append(Item(spec.title if spec else ballot.budget_code, url, place, ballot.created_at))
    return result
