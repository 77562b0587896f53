"""Background notifications of citizen proposals (``django_tasks``), queued by
:func:`wagtail_participation.proposals.services.send_due` after it claimed the one "sent" row per kind."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django_tasks import task

from wagtail_participation import mails
from wagtail_participation.proposals.engine import thresholds as th
from wagtail_participation.proposals.models import Proposal

STAFF_KINDS = {th.STAFF_THRESHOLD, th.STAFF_DEADLINE}


def subject_for(kind: str, title: str) -> str:
    # The literal strings are listed for the translators here, looked up at send time.
    labels = {
        th.AUTHOR_PUBLISHED: _("Your proposal is published: %(title)s"),
        th.AUTHOR_HALF: _("Halfway there: %(title)s"),
        th.AUTHOR_THRESHOLD: _("Your proposal reached the threshold: %(title)s"),
        th.AUTHOR_ANSWERED: _("The city answered: %(title)s"),
        th.STAFF_THRESHOLD: _("A proposal reached the threshold: %(title)s"),
        th.STAFF_DEADLINE: _("An answer is due soon: %(title)s"),
    }
    return labels[kind] % {"title": title}


def readers(proposal: Proposal, kind: str) -> list[mails.Reader]:
    """Staff: the page's staff address, else every active superuser, each in their account's
    language. The author: in the language they wrote the proposal in."""
    if kind in STAFF_KINDS:
        page = proposal.record.source_page()
        address = getattr(page, "staff_email", "") if page else ""
        if address:
            return [mails.staff_reader(address)]
        superusers = get_user_model().objects.filter(is_superuser=True, is_active=True).exclude(email="")
        return mails.unique(mails.account_reader(user) for user in superusers)
    return mails.unique([mails.participant_reader(proposal.author, proposal.language)])


@task()
def notify_proposal(proposal_id: int, kind: str) -> int:
    """E-mail one notification about a proposal; returns the number of messages sent."""
    proposal = Proposal.objects.select_related("record", "author__user").filter(pk=proposal_id).first()
    if proposal is None or kind not in th.NOTIFICATION_KINDS:
        return 0
    status = proposal.status_at()
    title = mails.one_line(proposal.title)

    def compose(language):
        deadline = ""
        if proposal.answer_deadline:
            # The deadline is exclusive (midnight after the last day): show the last day itself.
            last_day = timezone.localtime(proposal.answer_deadline) - timedelta(seconds=1)
            deadline = formats.date_format(last_day, "DATE_FORMAT")
        body = render_to_string(
            "wagtail_participation/proposals/emails/proposal_notice.txt",
            {
                "kind": kind,
                "proposal": proposal,
                "status": status,
                "title": title,
                "deadline": deadline,
                "url": mails.contribution_url(proposal, language),
            },
        )
        return subject_for(kind, title), body

    return mails.send(readers(proposal, kind), compose)
