"""An idea board's exports: the columns and rows of its ideas, votes, comments and answers, and
the workbook built in the background (``django_tasks``)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from wagtail_participation.exports import fill_export, write_xlsx
from wagtail_participation.ideas.models import Idea, IdeaExport
from wagtail_participation.models import Comment, ContributionVote, OfficialUpdate, Visibility

# "author" is the public name, only where its author chose to show it (as on the idea's page).
IDEA_COLUMNS = [
    "id",
    "title",
    "body",
    "author",
    "status",
    "up_votes",
    "down_votes",
    "comments",
    "topics",
    "area",
    "location",
    "channel",
    "event",
    "created",
    "answered",
]


def exported_ideas(record):
    """What residents can see: hidden and not yet moderated ideas stay out of exports."""
    return Idea.objects.filter(record=record, visibility=Visibility.VISIBLE)


def idea_rows(record):
    ideas = (
        exported_ideas(record).select_related("area", "author").prefetch_related("topics").order_by("created_at", "pk")
    )
    for idea in ideas.iterator(chunk_size=500):
        yield [
            idea.pk,
            idea.title,
            idea.body,
            idea.public_author_name,
            idea.status,
            idea.up_votes,
            idea.down_votes,
            idea.comment_count,
            "; ".join(topic.name for topic in idea.topics.all()),
            idea.area.name if idea.area else "",
            idea.location_text,
            idea.channel,
            idea.channel_event,
            idea.created_at,
            idea.answered_at,
        ]


def vote_rows(record):
    """Anonymised: which idea, which way, which day; never who or at what minute."""
    votes = ContributionVote.objects.filter(contribution__in=exported_ideas(record)).order_by("created_at", "pk")
    for contribution_id, value, created_at in votes.values_list("contribution_id", "value", "created_at").iterator(
        chunk_size=2000
    ):
        yield [contribution_id, value, timezone.localtime(created_at).date()]


def comment_rows(record):
    comments = (
        Comment.objects.filter(
            contribution__in=exported_ideas(record),
            visibility=Visibility.VISIBLE,
            removed_at__isnull=True,
        )
        .select_related("author")
        .order_by("created_at", "pk")
    )
    for comment in comments.iterator(chunk_size=1000):
        yield [
            comment.contribution_id,
            comment.pk,
            comment.parent_id,
            comment.body,
            comment.public_author_name,
            comment.created_at,
        ]


def update_rows(record):
    updates = OfficialUpdate.objects.filter(contribution__in=exported_ideas(record)).select_related("department")
    for update in updates.order_by("created_at", "pk").iterator(chunk_size=1000):
        yield [
            update.contribution_id,
            update.department.name,
            update.body,
            update.status_before,
            update.status_after,
            update.created_at,
        ]


SHEETS = [
    ("ideas", IDEA_COLUMNS, idea_rows),
    ("votes", ["idea_id", "value", "date"], vote_rows),
    ("comments", ["idea_id", "comment_id", "reply_to", "body", "author", "created"], comment_rows),
    (
        "official updates",
        ["idea_id", "department", "answer", "status_before", "status_after", "published"],
        update_rows,
    ),
]


def write_ideas_workbook(record, handle, on_progress=lambda percent: None):
    """Write the board's sheets to ``handle`` as XLSX, streaming rows (openpyxl write-only mode)."""

    def sheets():
        for done, (title, columns, rows) in enumerate(SHEETS):
            yield title, columns, rows(record)
            on_progress(int(90 * (done + 1) / len(SHEETS)))

    write_xlsx(handle, sheets())


@task()
def build_ideas_xlsx(export_id: int) -> str:
    """Fill an :class:`IdeaExport` with the board's workbook, recording progress and failure."""
    return fill_export(
        IdeaExport,
        export_id,
        "ideas",
        lambda export, handle, on_progress: write_ideas_workbook(export.record, handle, on_progress=on_progress),
    )
