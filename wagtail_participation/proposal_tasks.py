"""Background notifications of citizen proposals (``django_tasks``), queued by
:func:`wagtail_participation.proposals.send_due` after it claimed the one "sent" row per kind."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from .engine import thresholds as th
from .models import Proposal
from .tasks import idea_url

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


def recipients(proposal: Proposal, kind: str) -> list[str]:
    if kind in STAFF_KINDS:
        page = proposal.record.source_page()
        address = getattr(page, "staff_email", "") if page else ""
        if address:
            return [address]
        return list(
            get_user_model().objects.filter(is_superuser=True, is_active=True).exclude(email="").values_list("email", flat=True)
        )
    author = proposal.author
    if author is not None and author.user_id and author.user.email:
        return [author.user.email]
    return []


@task()
def notify_proposal(proposal_id: int, kind: str) -> int:
    """E-mail one notification about a proposal; returns the number of messages sent."""
    from wagtail.models import Locale

    proposal = Proposal.objects.select_related("record", "author__user").filter(pk=proposal_id).first()
    if proposal is None or kind not in th.NOTIFICATION_KINDS:
        return 0
    addresses = recipients(proposal, kind)
    if not addresses:
        return 0
    status = proposal.status_at()
    with translation.override(Locale.get_default().language_code):
        title = " ".join(proposal.title.split())
        deadline = ""
        if proposal.answer_deadline:
            # The deadline is exclusive (midnight after the last day): show the last day itself.
            last_day = timezone.localtime(proposal.answer_deadline) - timedelta(seconds=1)
            deadline = formats.date_format(last_day, "DATE_FORMAT")
        body = render_to_string("wagtail_participation/emails/proposal_notice.txt", {
            "kind": kind, "proposal": proposal, "status": status, "title": title, "deadline": deadline,
            "url": idea_url(proposal),
        })
        subject = subject_for(kind, title)
    return sum(EmailMessage(subject, body, to=[address]).send() for address in addresses)
