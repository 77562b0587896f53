"""Background work through ``django_tasks``: answer, moderation and review notifications.

With the default immediate backend a task runs at once; with a queue backend (``django-tasks-db``)
a worker runs it. Tasks take ids, never objects, so they can be queued as JSON. What differs per
kind of contribution (the answer's wording, the moderation link) comes from its registered
:class:`~wagtail_participation.contribution_kinds.ContributionKind`.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from wagtail_participation import contribution_kinds, mails
from wagtail_participation.models import Comment, Contribution, OfficialUpdate, ReviewRequest, Visibility

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
    # Each kind words its answer (a proposal's is about its decision, not an idea's status).
    kind = contribution_kinds.kind_of_pk(contribution.pk)
    template = kind.answer_email if kind is not None else contribution_kinds.DEFAULT_ANSWER_EMAIL
    title = mails.one_line(contribution.title)

    def compose(language):
        subject = _("The city answered: %(title)s") % {"title": title}
        body = render_to_string(
            template,
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

    from wagtail_participation.discussion import comment_anchor  # the page of the discussion it is on

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
                "url": page_url + (comment_anchor(item) if is_comment and page_url else ""),
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

    from wagtail_participation.contributions_admin import COMMENTS

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
    elif (contribution_kind := contribution_kinds.kind_of_pk(pk)) and contribution_kind.moderation_namespace:
        path = reverse(f"{contribution_kind.moderation_namespace}:inspect", args=[pk])
    else:  # a kind whose manifest names no moderation view: the admin home lists its queue
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
