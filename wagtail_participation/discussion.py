"""What every contribution's own page shows below the contribution: the city's answers and the
discussion, with the forms to join it. Method apps' detail views add this to their context."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Prefetch

from wagtail_participation import clock, conf, reviews
from wagtail_participation.contribution_forms import CommentForm, ReportForm
from wagtail_participation.models import Comment, Follow, OfficialUpdate


def context(contribution, participant, comment_form=None, report_form=None, now=None) -> dict:
    """``comments`` (top-level, with their replies; each marked ``editable`` while its author may
    still change it), ``updates`` (the city's answers), ``my_review`` (the visitor's own review
    request about the contribution; each comment gets its own as ``my_review``), the comment and
    report forms (the bound ones of a refused POST, else empty ones), ``following`` and
    ``participant``."""
    comments = list(
        Comment.objects.filter(contribution=contribution, parent__isnull=True)
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=Comment.objects.select_related("author")))
    )
    edit_until = (now or clock.now()) - timedelta(minutes=conf.get("COMMENT_EDIT_MINUTES"))
    every_comment = [c for top in comments for c in (top, *top.replies.all())]
    for item in every_comment:
        item.editable = bool(
            participant and item.author_id == participant.pk and not item.removed_at and item.created_at > edit_until
        )
    my_review = reviews.attach_author_reviews(contribution, participant, every_comment)
    return {
        "comments": comments,
        "updates": OfficialUpdate.objects.filter(contribution=contribution).select_related("department"),
        "participant": participant,
        "my_review": my_review,
        "comment_form": comment_form or CommentForm(participant=participant),
        "report_form": report_form or ReportForm(),
        "following": bool(
            participant and Follow.objects.filter(contribution=contribution, participant=participant).exists()
        ),
    }
