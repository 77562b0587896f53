"""The participation figures of polls and option analyses (online only: one ballot per participant).

Listed in the manifest, which registers them from ``ready()``.
"""

from django.utils.translation import gettext_lazy as _

from wagtail_participation.figures import VOTES, FigureSource
from wagtail_participation.polls.models import PollBallot


def poll_ballots(records):
    return {"online": PollBallot.objects.filter(record__in=records).count()}


def poll_voters(records):
    return PollBallot.objects.filter(record__in=records).values_list("participant_id", flat=True)


SOURCES = (FigureSource("poll_ballots", _("Poll votes"), VOTES, poll_ballots, poll_voters),)
