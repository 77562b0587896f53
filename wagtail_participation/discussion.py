"""What every contribution's own page shows below the contribution: the city's answers and the
discussion, with the forms to join it. Method apps' detail views add this to their context.

Joining the discussion is the one write here: :func:`post_comment`, a write service like the
method apps' (docs/write-paths.md).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.template.loader import get_template
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wagtail_participation import cache_generations, clock, conf, contributions, reviews, writes
from wagtail_participation.contribution_forms import CommentForm, ReportForm
from wagtail_participation.models import Comment, Follow, OfficialUpdate

COMMENTS_PAGE_PARAMETER = "comments"
COMMENT_TEMPLATE = "wagtail_participation/includes/comment.html"

#: How long a drawn page of comments is kept at most. Every write to a comment (new, edited,
#: removed, hidden, restored) and every change of a public name retires it at once
#: (:func:`forget`); this bounds what a write that bypassed them could leave behind.
DRAWN_SECONDS = 120

#: Stands for the request's CSRF token in a kept drawing; replaced on every request, so a
#: visitor never gets another's token. It cannot be a real token (those are letters and digits).
CSRF_PLACEHOLDER = "wp-csrf-token-of-this-request"


def _top_level(contribution):
    return Comment.objects.filter(contribution=contribution, parent__isnull=True)


def comments_page(contribution, number):
    """One page of the top-level comments (oldest first, ``COMMENTS_PER_PAGE`` to a page; without
    a number the last, where a new comment appears), each with its replies, in three queries."""
    top_level = (
        _top_level(contribution)
        .order_by("created_at", "pk")
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=Comment.objects.select_related("author")))
    )
    paginator = Paginator(top_level, conf.get("COMMENTS_PER_PAGE"))
    page_obj = paginator.get_page(number if number not in (None, "") else paginator.num_pages)
    page_obj.object_list = list(page_obj.object_list)
    return page_obj


def comment_anchor(comment, top_level_before: int | None = None) -> str:
    """``?comments=<page>#comment-<id>``: where a comment (or a reply, under its comment) is shown.
    ``top_level_before``: for a new top-level comment, how many top-level comments the discussion
    had just before it (read with the contribution: no count afterwards)."""
    top = comment.parent if comment.parent_id else comment
    if top_level_before is not None and not comment.parent_id:
        before = top_level_before
    else:
        before = (
            _top_level(top.contribution_id)
            .filter(Q(created_at__lt=top.created_at) | Q(created_at=top.created_at, pk__lt=top.pk))
            .count()
        )
    number = before // conf.get("COMMENTS_PER_PAGE") + 1
    return f"?{COMMENTS_PAGE_PARAMETER}={number}#comment-{comment.pk}"


# -- the drawn page of comments, kept ----------------------------------------------------------


def forget(contribution_id=None, **kwargs) -> None:
    """A comment of ``contribution_id`` changed (every discussion when ``None``, e.g. a public name):
    its kept drawings are stale. Also a ``post_save``/``post_delete`` receiver of ``Comment``."""
    instance = kwargs.get("instance")
    if contribution_id is None and instance is not None:
        contribution_id = instance.contribution_id
    key = f"wp:discussion:generation:{contribution_id}" if contribution_id else "wp:discussion:generation"
    cache_generations.renew(key)


def forget_names(**kwargs) -> None:
    """Receiver: a participant changed or went (their public name may be shown on any discussion)."""
    forget()


@dataclass
class PageInfo:
    """What the pager needs of a kept page of comments (``Paginator``'s ``Page`` otherwise)."""

    number: int
    num_pages: int

    @property
    def paginator(self):
        return self

    def has_previous(self):
        return self.number > 1

    def has_next(self):
        return self.number < self.num_pages

    def has_other_pages(self):
        return self.num_pages > 1

    def previous_page_number(self):
        return self.number - 1

    def next_page_number(self):
        return self.number + 1


class Discussion:
    """One page of a contribution's discussion as the visitor sees it, loaded only when needed.

    Its drawing (:meth:`render`, the ``{% discussion_comments %}`` tag) is the same for every visitor
    who wrote none of the comments on that page and has the same answer to "may I reply": it is
    kept per (discussion generation, page, language, may reply, host), with the CSRF token left as
    a placeholder that each request fills with its own. A visitor whose comment is on the page
    (their edit and delete controls, a hidden comment's reasons, their review request) always gets
    a drawing of their own, never a kept one, and theirs is never kept."""

    def __init__(self, contribution, participant, now=None, page_number=None):
        self.contribution = contribution
        self.participant = participant
        self.now = now
        self.page_number = page_number
        self._page = None
        self._meta = None

    # what the page holds
    def page(self):
        if self._page is None:
            found = comments_page(self.contribution, self.page_number)
            edit_until = (self.now or clock.now()) - timedelta(minutes=conf.get("COMMENT_EDIT_MINUTES"))
            participant = self.participant
            every_comment = [c for top in found.object_list for c in (top, *top.replies.all())]
            for item in every_comment:
                item.editable = bool(
                    participant
                    and item.author_id == participant.pk
                    and not item.removed_at
                    and item.created_at > edit_until
                )
            if participant is not None:
                reviews.attach_author_reviews(self.contribution, participant, every_comment)
            else:
                for item in every_comment:
                    item.my_review = None
            self._page = found
        return self._page

    def _key(self) -> str:
        number = self.page_number
        if number in (None, ""):
            number = "last"
        else:
            try:
                number = str(int(number))
            except (TypeError, ValueError):
                number = "other"
        pk = self.contribution.pk
        generation = cache_generations.current(f"wp:discussion:generation:{pk}")
        every = cache_generations.current("wp:discussion:generation")
        return f"wp:discussion:{pk}:{generation}:{every}:{number}"

    def meta(self) -> dict:
        """The page's number, the number of pages and who wrote the comments on it (kept)."""
        if self._meta is None:
            key = f"{self._key()}:meta"
            found = cache.get(key)
            if found is None:
                page = self.page()
                found = {
                    "number": page.number,
                    "num_pages": page.paginator.num_pages,
                    "authors": frozenset(c.author_id for top in page.object_list for c in (top, *top.replies.all())),
                }
                cache.set(key, found, DRAWN_SECONDS)
            self._meta = found
        return self._meta

    def pager(self):
        meta = self.meta()  # kept for the next request, also when the page was just drawn
        if self._page is not None:
            return self._page
        return PageInfo(meta["number"], meta["num_pages"])

    def comments(self):
        return self.page().object_list

    def _own_comments_shown(self) -> bool:
        return self.participant is not None and self.participant.pk in self.meta()["authors"]

    def render(self, context) -> str:
        """The ``<li>`` of every comment on the page, with replies and forms, for this request."""
        page_owner = context.get("page")
        allowed = bool(getattr((context.get("decisions") or {}).get("comment"), "allowed", False))
        token = str(context.get("csrf_token") or "")
        if self._own_comments_shown():
            return mark_safe(self._draw(context, page_owner, token))  # noqa: S308 - a rendered template
        request = context.get("request")
        host = request.get_host() if request is not None else ""
        where = hashlib.sha256(f"{host}:{getattr(page_owner, 'pk', '')}".encode()).hexdigest()[:12]
        key = f"{self._key()}:{get_language()}:{int(allowed)}:{where}"
        html = cache.get(key)
        if html is None:
            html = self._draw(context, page_owner, CSRF_PLACEHOLDER)
            cache.set(key, html, DRAWN_SECONDS)
        return mark_safe(html.replace(CSRF_PLACEHOLDER, token))  # noqa: S308 - a rendered template

    def _draw(self, context, page_owner, token) -> str:
        template = get_template(COMMENT_TEMPLATE)
        parts = []
        with context.push(board=page_owner, csrf_token=token):
            for comment in self.comments():
                with context.push(comment=comment):
                    parts.append(template.template.render(context))
        return "".join(parts)


def context(contribution, participant, comment_form=None, report_form=None, now=None, page_number=None) -> dict:
    """``comments`` (top-level, with their replies, one page of them: ``comments_page``; each marked
    ``editable`` while its author may still change it), ``updates`` (the city's answers),
    ``my_review`` (the visitor's own review request about the contribution; each comment gets its
    own as ``my_review``), the comment and report forms (the bound ones of a refused POST, else
    empty ones), ``following`` and ``participant``. ``page_number`` is the comments page asked
    for (``?comments=``), the last one by default."""
    found = Discussion(contribution, participant, now, page_number)
    # the visitor's own review request about the contribution: one query, only for a participant
    my_review = reviews.attach_author_reviews(contribution, participant, []) if participant is not None else None
    return {
        "discussion": found,
        "comments": SimpleLazyObject(found.comments),
        "comments_page": SimpleLazyObject(found.pager),
        # every answer sets answered_at (contributions.publish_official_update): none, no query
        "updates": OfficialUpdate.objects.filter(contribution=contribution).select_related("department")
        if contribution.answered_at
        else OfficialUpdate.objects.none(),
        "participant": participant,
        "my_review": my_review,
        "comment_form": comment_form or CommentForm(participant=participant),
        "report_form": report_form or ReportForm(),
        "following": bool(
            participant and Follow.objects.filter(contribution=contribution, participant=participant).exists()
        ),
    }


def post_comment(actor: writes.Actor, page, contribution, form, page_id=None) -> writes.WriteOutcome:
    """Store the comment or reply (one level) of a bound ``CommentForm`` (validated here) on
    ``contribution`` of ``page`` (the method page, or its record and the ``page_id`` the write
    goes to: the route outside the page tree): the live method, the policy, spam (accepted and
    dropped, code ``spam``), the input, the brake, then the write with its counter. ``changed``
    is the comment."""
    refusal = writes.comment_refusal(actor, page, form, page_id)
    if refusal:
        return refusal
    parent = None
    if form.cleaned_data.get("parent"):
        parent = Comment.objects.filter(pk=form.cleaned_data["parent"], contribution=contribution).first()

    def write(participant):
        form.save_public_name(participant)
        return contributions.add_comment(
            contribution,
            participant,
            form.cleaned_data["body"],
            get_language() or "en",
            parent,
            show_author=form.cleaned_data["show_author"],
        )

    created = writes.with_participant(actor, write)
    return writes.done(message=_("Thank you for your comment."), changed=created)
