"""The participation figures of surveys: responses, and who answered (also for anonymous surveys,
from the separate "has answered" record). Listed in the manifest, which registers them from ``ready()``.
"""

from django.utils.translation import gettext_lazy as _

from wagtail_participation.figures import CONTRIBUTIONS, FigureSource
from wagtail_participation.surveys.models import SurveyParticipation, SurveyResponse


def survey_responses(records):
    return {"online": SurveyResponse.objects.filter(record__in=records).count()}


def survey_respondents(records):
    return SurveyParticipation.objects.filter(record__in=records).values_list("participant_id", flat=True)


SOURCES = (
    FigureSource("survey_responses", _("Survey responses"), CONTRIBUTIONS, survey_responses, survey_respondents),
)
