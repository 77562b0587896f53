"""Background work through ``django_tasks``: answer notifications and XLSX exports.

With the default immediate backend a task runs at once; with a queue backend (``django-tasks-db``)
a worker runs it. Tasks take ids, never objects, so they can be queued as JSON.

The rows of an idea export are defined here once and shared by the streamed CSV download.
"""

from __future__ import annotations

import secrets
import tempfile

from django.core.files import File
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from wagtail_participation import mails
from wagtail_participation.models import (
    Comment,
    Contribution,
    ContributionVote,
    Idea,
    IdeaExport,
    OfficialUpdate,
    Proposal,
    ReviewRequest,
    Visibility,
)

# Spreadsheets run a cell that starts with one of these as a formula (CSV/formula injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


# -- notifications (who reads them in which language, and their links: mails.py) ------------


def answer_readers(contribution) -> list[mails.Reader]:
    """The author (if registered with an address) in the language they wrote in, and every
    follower with an address in the language they followed in; each address once."""
    author = mails.participant_reader(contribution.author, contribution.language)
    followers = (
        mails.participant_reader(follow.participant, follow.language)
        for follow in contribution.follows.select_related("participant__user").order_by("pk")
    )
    return mails.unique([author, *followers])


@task()
def notify_answer(update_id: int) -> int:
    """E-mail the author and followers of a contribution the city answered; returns mails sent."""
    update = (
        OfficialUpdate.objects.select_related("contribution__record", "contribution__author__user", "department")
        .filter(pk=update_id)
        .first()
    )
    if update is None:
        return 0
    contribution = update.contribution
    # A proposal's answer is worded for proposals (its decision, not an idea's status).
    is_proposal = Proposal.objects.filter(pk=contribution.pk).exists()
    template = "proposal_answer.txt" if is_proposal else "official_update.txt"
    title = mails.one_line(contribution.title)

    def compose(language):
        subject = _("The city answered: %(title)s") % {"title": title}
        body = render_to_string(
            f"wagtail_participation/emails/{template}",
            {
                "contribution": contribution,
                "update": update,
                "title": title,
                "department": mails.localized(update.department, language),
                "status": contribution.get_status_display() if update.status_after != update.status_before else "",
                "url": mails.contribution_url(contribution, language),
            },
        )
        return subject, body

    return mails.send(answer_readers(contribution), compose)


def _send_to_author(item, subject: str, template: str, context: dict) -> int:
    """One e-mail to the author of a contribution or comment, in the language they wrote it in,
    with the item's page and the review form linked (docs/emails.md); 0 when the author has no address."""
    from django.urls import reverse

    reader = mails.participant_reader(item.author, item.language)
    if reader is None:
        return 0
    is_comment = isinstance(item, Comment)
    contribution = item.contribution if is_comment else item
    kind = "comment" if is_comment else "contribution"
    title = mails.one_line(contribution.title)

    def compose(language):
        page = mails.page_in_language(contribution.record, language)
        site = page.get_site() if page is not None else None
        address = mails.site_address(site.root_url if site is not None else None)
        page_url = mails.contribution_url(contribution, language)
        body = render_to_string(
            f"wagtail_participation/emails/{template}",
            context
            | {
                "title": title,
                "is_comment": is_comment,
                "url": page_url + (f"#comment-{item.pk}" if is_comment and page_url else ""),
                "review_url": address + reverse("wagtail_participation:request_review", args=(kind, item.pk))
                if address
                else "",
            },
        )
        return _(subject) % {"title": title}, body

    return mails.send([reader], compose)


@task()
def notify_hidden(kind: str, pk: int) -> int:
    """Send the author of a hidden contribution or comment the moderator's statement of reasons."""
    model = Comment if kind == "comment" else Contribution
    related = ["author__user", "contribution__record"] if model is Comment else ["author__user", "record"]
    item = model.objects.select_related(*related).filter(pk=pk).first()
    if item is None or item.visibility != Visibility.HIDDEN:
        return 0  # restored before the mail went out
    return _send_to_author(
        item,
        gettext_noop("A moderator hid your contribution: %(title)s"),
        "statement_of_reasons.txt",
        {
            "item": item,
            "ground": item.get_hidden_ground_display() if item.hidden_ground else "",
        },
    )


@task()
def notify_review_answer(review_id: int) -> int:
    """Tell the author how a moderator answered their review request (restored or upheld)."""
    review = (
        ReviewRequest.objects.filter(pk=review_id)
        .select_related("contribution__record", "comment__contribution__record")
        .first()
    )
    if review is None or review.is_open:
        return 0
    item = review.target
    return _send_to_author(
        item,
        gettext_noop("Your review request was answered: %(title)s"),
        "review_answer.txt",
        {
            "review": review,
            "restored": review.status == ReviewRequest.Status.RESTORED,
        },
    )


def moderation_address(record) -> str:
    """The moderation e-mail address in the settings of the site the method's page is on."""
    from wagtail_participation.models import ParticipationSettings

    page = record.source_page()
    site = page.get_site() if page is not None else None
    if site is None:
        return ""
    return ParticipationSettings.for_site(site).moderation_email


MODERATION_SUBJECTS = {
    "waiting": gettext_noop("Waiting for moderation: %(title)s"),
    "reported": gettext_noop("Reported: %(title)s"),
    "auto_hidden": gettext_noop("Hidden after reports: %(title)s"),
    "review": gettext_noop("Review requested: %(title)s"),
    "name_reported": gettext_noop("A public name was reported: %(title)s"),
}


@task()
def notify_moderators(kind: str, pk: int, reason: str) -> int:
    """E-mail the site's moderation address that an idea or comment needs a look; returns mails sent.

    ``kind`` is "contribution" or "comment"; ``reason`` one of :data:`MODERATION_SUBJECTS`. The mail
    is in the language of the account with that address, else in the site's default language.
    """
    from django.urls import reverse

    from wagtail_participation.admin_ideas import COMMENTS, IDEAS

    model = Comment if kind == "comment" else Contribution
    item = (
        model.objects.select_related("author", "record" if model is Contribution else "contribution__record")
        .filter(pk=pk)
        .first()
    )
    if item is None or reason not in MODERATION_SUBJECTS:
        return 0
    contribution = item.contribution if kind == "comment" else item
    moderator = mails.staff_reader(moderation_address(contribution.record))
    if moderator is None:
        return 0
    if reason == "review":
        path = reverse("participation_reviews:index")
    elif kind == "comment":
        path = reverse(f"{COMMENTS}:inspect", args=[pk])
    elif Idea.objects.filter(pk=pk).exists():
        path = reverse(f"{IDEAS}:inspect", args=[pk])
    else:  # another kind of contribution: its own moderation queue links from the admin home
        path = reverse("wagtailadmin_home")
    admin_url = mails.admin_url(path, contribution.record.source_page())
    title = mails.one_line(contribution.title, 120)

    def compose(language):
        subject = _(MODERATION_SUBJECTS[reason]) % {"title": title}
        body = render_to_string(
            "wagtail_participation/emails/moderation_needed.txt",
            {
                "reason": reason,
                "kind": kind,
                "title": title,
                "text": item.body,
                "name": item.public_author_name,
                "reports": item.reports.filter(handled=False).count(),
                "admin_url": admin_url,
            },
        )
        return subject, body

    return mails.send([moderator], compose)


# -- exports -----------------------------------------------------------------------------------


def safe_cell(value):
    """A value as a spreadsheet shows it: text never runs as a formula, times in the site's zone."""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_PREFIXES) else value
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        # Excel knows no time zones: write the local wall-clock time.
        return timezone.localtime(value).replace(tzinfo=None)
    return value


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
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for done, (title, columns, rows) in enumerate(SHEETS):
        sheet = workbook.create_sheet(title)
        sheet.append(columns)
        for row in rows(record):
            sheet.append([safe_cell(value) for value in row])
        on_progress(int(90 * (done + 1) / len(SHEETS)))
    workbook.save(handle)


def fill_export(model, export_id: int, prefix: str, write) -> str:
    """Build the XLSX of one prepared export (an ``IdeaExport``, ``SurveyExport``...): move its
    status along, let ``write(export, handle, on_progress)`` write the workbook, store the file
    under a name nobody can guess, and record a failure. Shared by every export task."""
    exports = model.objects.filter(pk=export_id)
    export = exports.select_related("record").first()
    if export is None or export.is_finished:
        return ""
    exports.update(status=model.RUNNING, progress=0)
    try:
        with tempfile.TemporaryFile() as handle:
            write(export, handle, lambda percent: exports.update(progress=percent))
            handle.seek(0)
            # A random part in the name: the file is not guessable even where media is served publicly.
            name = f"{prefix}-{export.record_id}-{secrets.token_hex(8)}.xlsx"
            export.file.save(name, File(handle), save=False)
    except Exception as error:
        exports.update(status=model.FAILED, error=f"{type(error).__name__}: {error}")
        raise
    exports.update(status=model.DONE, progress=100, file=export.file.name)
    return export.file.name


@task()
def build_ideas_xlsx(export_id: int) -> str:
    """Fill an :class:`IdeaExport` with the board's workbook, recording progress and failure."""
    return fill_export(
        IdeaExport,
        export_id,
        "ideas",
        lambda export, handle, on_progress: write_ideas_workbook(export.record, handle, on_progress=on_progress),
    )
