"""The one permission policy. Templates ask it what to show and why; views ask again to enforce.

``can(participant, action, target, now)`` gathers facts from the database and lets
:func:`wagtail_participation.engine.policy.decide` decide, then words the reason for people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _

from wagtail_participation import clock
from wagtail_participation.accounts import email_is_confirmed
from wagtail_participation.engine.policy import AreaAssurance, Outcome, ParticipantFacts, decide
from wagtail_participation.phases import COMMENT, SUBMIT, SUPPORT, VOTE


@dataclass(frozen=True)
class Decision:
    """The answer to "may this participant do this now?", with a reason to show instead of a button.

    It carries what it was decided on (the participant's facts inside the record's project, and
    the record), so a caller that needs them too (a budget's district rule) reads them here
    instead of gathering them again.
    """

    allowed: bool
    code: str
    reason: str
    action: str
    facts: ParticipantFacts = field(default_factory=ParticipantFacts, compare=False)
    record: object = field(default=None, compare=False, repr=False)

    def __bool__(self):
        return self.allowed

    @property
    def needs_login(self) -> bool:
        return self.code == "login_required"

    @property
    def needs_verification(self) -> bool:
        return self.code in {"verification_required", "area_verification_required", "area_declaration_required"}


def facts_about(participant, project_key=None) -> ParticipantFacts:
    """What the policy needs to know; accepts a Participant, a User, or None.

    A verification made with a project's own invitation code counts inside that project only.
    """
    from wagtail_participation.models import Participant

    if participant is None:
        return ParticipantFacts()
    if not isinstance(participant, Participant):  # a user
        user = participant
        if not getattr(user, "is_authenticated", False):
            return ParticipantFacts()
        participant = Participant.objects.filter(user=user).select_related("verification").first()
        if participant is None:
            return ParticipantFacts(is_registered=True, email_confirmed=email_is_confirmed(user))
    verification = getattr(participant, "verification", None)
    if verification is not None and not verification.applies_to(project_key):
        verification = None
    return ParticipantFacts(
        has_token=participant.token is not None,
        is_registered=participant.user_id is not None,
        email_confirmed=participant.user_id is not None and email_is_confirmed(participant.user),
        is_verified=bool(verification and verification.level == verification.VERIFIED),
        area_key=str(verification.area.translation_key) if verification and verification.area_id else None,
        area_assurance=verification.area_assurance if verification else AreaAssurance.NONE,
    )


def can(participant, action: str, target, now=None) -> Decision:
    """May ``participant`` do ``action`` on ``target`` (a method page or its record) at ``now``?"""
    record = getattr(target, "participation_record", target)
    moment = now or clock.now()
    facts = facts_about(participant, record.project_key)
    outcome = decide(facts, record.action_rules(action), record.window(action, moment))
    return Decision(outcome.allowed, outcome.code, reason_for(outcome, action), action, facts, record)


def format_moment(moment) -> str:
    """A moment as people read it in the active language: the date alone at midnight (a whole
    day), else date and time."""
    local = clock.local(moment)
    if (local.hour, local.minute) == (0, 0):
        return formats.date_format(local, "DATE_FORMAT")
    return formats.date_format(local, "DATETIME_FORMAT")


def _areas(outcome: Outcome) -> str:
    return ", ".join(outcome.area_names)


def reason_for(outcome: Outcome, action: str) -> str:
    """A sentence for people. Whole sentences per action, because word order differs per language."""
    code = outcome.code
    if code == "allowed":
        return ""
    messages = {
        "not_offered": {
            SUBMIT: _("Submitting is not possible here."),
            COMMENT: _("Commenting is not possible here."),
            VOTE: _("Voting is not possible here."),
            SUPPORT: _("Supporting is not possible here."),
        },
        "not_open_yet": {
            SUBMIT: _("Submitting opens on %(when)s."),
            COMMENT: _("Commenting opens on %(when)s."),
            VOTE: _("Voting opens on %(when)s."),
            SUPPORT: _("Supporting opens on %(when)s."),
        },
        "closed": {
            SUBMIT: _("Submitting closed on %(when)s."),
            COMMENT: _("Commenting closed on %(when)s."),
            VOTE: _("Voting closed on %(when)s."),
            SUPPORT: _("Supporting closed on %(when)s."),
        },
        "login_required": {
            SUBMIT: _("Log in to submit."),
            COMMENT: _("Log in to comment."),
            VOTE: _("Log in to vote."),
            SUPPORT: _("Log in to support."),
        },
        "confirm_email_required": {
            SUBMIT: _("Confirm your e-mail address to submit."),
            COMMENT: _("Confirm your e-mail address to comment."),
            VOTE: _("Confirm your e-mail address to vote."),
            SUPPORT: _("Confirm your e-mail address to support."),
        },
        "verification_required": {
            SUBMIT: _("Verify that you live here to submit."),
            COMMENT: _("Verify that you live here to comment."),
            VOTE: _("Verify that you live here to vote."),
            SUPPORT: _("Verify that you live here to support."),
        },
        "area_verification_required": {
            SUBMIT: _("Only verified residents of %(areas)s can submit here."),
            COMMENT: _("Only verified residents of %(areas)s can comment here."),
            VOTE: _("Only verified residents of %(areas)s can vote here."),
            SUPPORT: _("Only verified residents of %(areas)s can support here."),
        },
        "area_declaration_required": {
            SUBMIT: _("Tell us where you live to submit here: only residents of %(areas)s can."),
            COMMENT: _("Tell us where you live to comment here: only residents of %(areas)s can."),
            VOTE: _("Tell us where you live to vote here: only residents of %(areas)s can."),
            SUPPORT: _("Tell us where you live to support here: only residents of %(areas)s can."),
        },
        "wrong_area": {
            SUBMIT: _("Only residents of %(areas)s can submit here."),
            COMMENT: _("Only residents of %(areas)s can comment here."),
            VOTE: _("Only residents of %(areas)s can vote here."),
            SUPPORT: _("Only residents of %(areas)s can support here."),
        },
    }
    template = messages.get(code, {}).get(action) or _("This is not possible right now.")
    moment = outcome.opens_at or outcome.closes_at
    return one_full_stop(template % {"when": format_moment(moment) if moment else "", "areas": _areas(outcome)})


def one_full_stop(sentence: str) -> str:
    """A sentence whose inserted value already ends in a full stop ("12:01 a.m.") keeps one, not two."""
    return re.sub(r"(?<!\.)\.\.(?!\.)", ".", sentence)
