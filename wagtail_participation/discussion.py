"""What every contribution's own page shows below the contribution: the city's answers and the
discussion, with the forms to join it. Method apps' detail views add this to their context.

Joining the discussion is the one write here: :func:`post_comment`, a write service like the
method apps' (docs/write-paths.md).
"""

from __future__ import annotations

from datetime import timedelta

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wagtail_participation import clock, conf, contributions, reviews, writes
from wagtail_participation.contribution_forms import CommentForm, ReportForm
from wagtail_participation.models import Comment, Follow, OfficialUpdate

COMMENTS_PAGE_PARAMETER = "comments"


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


def context(contribution, participant, comment_form=None, report_form=None, now=None, page_number=None) -> dict:
    """``comments`` (top-level, with their replies, one page of them: ``comments_page``; each marked
    ``editable`` while its author may still change it), ``updates`` (the city's answers),
    ``my_review`` (the visitor's own review request about the contribution; each comment gets its
    own as ``my_review``), the comment and report forms (the bound ones of a refused POST, else
    empty ones), ``following`` and ``participant``. ``page_number`` is the comments page asked
    for (``?comments=``), the last one by default."""
    comments_page_obj = comments_page(contribution, page_number)
    comments = comments_page_obj.object_list
    edit_until = (now or clock.now()) - timedelta(minutes=conf.get("COMMENT_EDIT_MINUTES"))
    every_comment = [c for top in comments for c in (top, *top.replies.all())]
    for item in every_comment:
        item.editable = bool(
            participant and item.author_id == participant.pk and not item.removed_at and item.created_at > edit_until
        )
    my_review = reviews.attach_author_reviews(contribution, participant, every_comment)
    return {
        "comments": comments,
        "comments_page": comments_page_obj,
        "updates": OfficialUpdate.objects.filter(contribution=contribution).select_related("department"),
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
