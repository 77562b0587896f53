"""How long the surveys app keeps the personal data it owns (listed in the manifest's
``retention_rules``; the schedule is the core's :mod:`wagtail_participation.retention`).

E-mail addresses that residents leave in a survey ("leave your address to hear about the
outcome") are answers to questions of the *E-mail address* type. They are removed from the
responses once the survey has been closed for the period: the answer is replaced by a marker, so
the number of people who answered the question, and every other answer, stay as they were.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wagtail_participation.retention import DELETE, RetentionRule

# What an e-mail answer reads after its period: not empty, so "answered" counts stay the same.
REMOVED = "[removed]"
EMAIL = "email"


def _expired_surveys(cutoff):
    """(record, codes of its e-mail questions) for every survey with responses closed before ``cutoff``."""
    from wagtail_participation.models import MethodRecord
    from wagtail_participation.surveys.models import SurveyResponse

    records = MethodRecord.objects.filter(pk__in=SurveyResponse.objects.values("record_id"))
    for record in records:
        closes = record.closes()
        if closes is None or closes >= cutoff:
            continue
        page = record.source_page()
        codes = {question.code for question in page.questions() if question.kind == EMAIL} if page else set()
        if codes:
            yield record, codes


def _holding_addresses(cutoff):
    from wagtail_participation.surveys.models import SurveyResponse

    for record, codes in _expired_surveys(cutoff):
        for response in SurveyResponse.objects.filter(record=record).only("id", "answers").iterator(chunk_size=500):
            if any(response.answers.get(code) not in (None, "", REMOVED) for code in codes):
                yield response, codes


def count_email_answers(cutoff) -> int:
    return sum(1 for _ in _holding_addresses(cutoff))


def remove_email_answers(cutoff) -> int:
    from wagtail_participation.surveys.models import SurveyResponse

    changed = []
    for response, codes in _holding_addresses(cutoff):
        for code in codes:
            if response.answers.get(code) not in (None, ""):
                response.answers[code] = REMOVED
        changed.append(response)
    SurveyResponse.objects.bulk_update(changed, ["answers"], batch_size=500)
    return len(changed)


RULES = (
    RetentionRule(
        code="survey_email_answers",
        label=_("E-mail addresses given in surveys"),
        purpose=_("Tell the person what came of the survey"),
        legal_basis=_("Consent (GDPR art. 6(1)(a)): the person asked for it"),
        counts_from=_("The survey closed"),
        at_expiry=DELETE,
        default_days=180,
        count=count_email_answers,
        apply=remove_email_answers,
        order=100,
    ),
)
