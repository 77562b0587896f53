"""What a participant answered in surveys, for "Download my data" and account deletion (listed in
the manifest)."""

from django.utils.translation import gettext_lazy as _

from wagtail_participation.personal_data import PersonalDataKind
from wagtail_participation.surveys.models import SurveyParticipation, SurveyResponse


def export_responses(participant):
    """Answers linked to the participant, worded as on the page they answered; for anonymous
    surveys only the fact that they answered (the answers cannot be traced back to them)."""
    rows = []
    responses = SurveyResponse.objects.filter(participant=participant).select_related("record")
    for response in responses.order_by("submitted_at"):
        page = response.record.source_page()
        labels = {q.code: q for q in page.questions()} if page else {}
        answers = {}
        for code, value in response.answers.items():
            question = labels.get(code)
            if question is not None and question.options:
                value = (
                    [question.option_label(v) for v in value]
                    if isinstance(value, list)
                    else (
                        {question.option_label(k): v for k, v in value.items()}
                        if isinstance(value, dict) and question.kind == "matrix"
                        else value
                        if isinstance(value, dict)
                        else question.option_label(value)
                    )
                )
            answers[question.label if question else code] = value
        rows.append(
            {"survey": str(response.record), "submitted_at": response.submitted_at.isoformat(), "answers": answers}
        )
    for row in SurveyParticipation.objects.filter(participant=participant, anonymous=True).select_related("record"):
        rows.append(
            {
                "survey": str(row.record),
                "answered_on": row.answered_on.isoformat(),
                "note": str(_("Anonymous survey: your answers are stored without a link to you.")),
            }
        )
    return rows


def withdraw_open_responses(participant):
    """Responses to surveys still open are deleted (with their "has answered" row); responses to
    closed surveys stay counted, linked only to the now anonymous participant."""
    for response in SurveyResponse.objects.filter(participant=participant).select_related("record"):
        if not response.record.is_closed():
            SurveyParticipation.objects.filter(record=response.record, participant=participant).delete()
            response.delete()


KINDS = (PersonalDataKind("survey_responses", _("Your survey answers"), export_responses, withdraw_open_responses),)
