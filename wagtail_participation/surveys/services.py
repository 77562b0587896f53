"""The citizen write of a survey: send one's answers (one response per participant).

:func:`send_answers` takes the request's :class:`~wagtail_participation.writes.Actor`, the survey
page and the cleaned answers, runs every check and the write, and returns a
:class:`~wagtail_participation.writes.WriteOutcome` (docs/write-paths.md).
"""

from __future__ import annotations

from django.db import IntegrityError, connection
from django.utils.translation import gettext as _

from wagtail_participation import clock, first_rows, writes
from wagtail_participation.databases import retry_on_deadlock
from wagtail_participation.phases import SUBMIT
from wagtail_participation.surveys.engine import questions as engine
from wagtail_participation.surveys.models import SurveyParticipation, SurveyResponse

ALREADY_ANSWERED = "already_answered"


def send_answers(actor: writes.Actor, page, answers: dict | None, language: str | None = None) -> writes.WriteOutcome:
    """Store the actor's response: the live method, the policy, the input (``answers`` None: the
    form did not validate; answers the survey cannot have are refused too), the brake, then the
    write, refused (409) when this person has answered already. ``changed`` is the response;
    ``language`` the page's (when the caller knows it: no query for the page's locale)."""
    refusal = (
        writes.hidden_method(actor, page.participation_record, page.pk)
        or writes.not_permitted(actor.may(SUBMIT, page))
        or (writes.invalid() if answers is None else None)
    )
    if refusal:
        return refusal
    if engine.problem_codes(page.questions(), answers):  # a second line of defence behind the fields
        return writes.invalid(_("Some answers are not possible for this survey. Check them and send again."))
    refusal = writes.braked(actor, "survey")
    if refusal:
        return refusal
    try:
        # A first-time visitor's token participant is made in the same transaction as the
        # response: one commit, and no orphan participant if storing fails.
        response = writes.with_participant(
            actor, lambda participant: store_response(page, participant, answers, language)
        )
    except IntegrityError:
        return writes.refused(
            ALREADY_ANSWERED, _("You have already answered this survey. Only your first response counts."), 409
        )
    return writes.done(message=_("Thank you. Your answers have been sent."), changed=response)


class AlreadyAnswered(IntegrityError):
    """The person has answered this survey already (the "has answered" row's constraint)."""


PARTICIPATION_FIELDS = ("record", "participant", "answered_on", "anonymous")
RESPONSE_FIELDS = ("id", "record", "participant", "language", "submitted_at", "answers")


@retry_on_deadlock
def store_response(page, participant, answers: dict, language: str | None = None) -> SurveyResponse:
    """Write the response and the "has answered" row in one transaction.

    The row's unique constraint refuses a second response (an ``IntegrityError``), also when
    two requests race. An anonymous response gets neither the participant nor the time of day.
    On PostgreSQL and SQLite the rows are hand-written SQL (:mod:`wagtail_participation.first_rows`:
    the response is inserted only when the "has answered" row was; on PostgreSQL one statement);
    elsewhere the ORM's, in a savepoint, which a participant made in the caller's transaction (a
    first visit) does not need (``writes.inner_atomic``: they cannot have answered).
    """
    record = page.participation_record
    anonymous = page.is_anonymous()
    now = clock.now()
    today = clock.local(now).date()
    if anonymous:
        now = clock.local(now).replace(hour=0, minute=0, second=0, microsecond=0)
    response = SurveyResponse(
        record=record,
        participant=None if anonymous else participant,
        language=language or page.locale.language_code,
        submitted_at=now,
        answers=answers,
    )
    sql = first_rows.statements(
        connection.vendor,
        SurveyParticipation,
        PARTICIPATION_FIELDS,
        ("record", "participant"),
        SurveyResponse,
        RESPONSE_FIELDS,
    )
    if sql is not None:
        values = [response.id, record.pk, response.participant_id, response.language, now, answers]
        stored = first_rows.insert(
            sql,
            first_rows.prepared(
                SurveyParticipation, PARTICIPATION_FIELDS, [record.pk, participant.pk, today, anonymous]
            ),
            first_rows.prepared(SurveyResponse, RESPONSE_FIELDS, values),
        )
        if not stored:
            raise AlreadyAnswered("This participant has answered this survey already.")
        response._state.adding = False
        return response
    with writes.inner_atomic(participant):
        SurveyParticipation.objects.create(
            record=record, participant=participant, answered_on=today, anonymous=anonymous
        )
        response.save(force_insert=True)
        return response
