"""The participation figures of budgets: ballots per channel (online, paper, imported).

Listed in the manifest, which registers them from ``ready()``.
"""

from django.utils.translation import gettext_lazy as _

from wagtail_participation.budgets.models import BallotChannel, BudgetBallot
from wagtail_participation.figures import VOTES, FigureSource, per_channel


def budget_ballots(records):
    return per_channel(BudgetBallot.objects.filter(record__in=records))


def budget_voters(records):
    return BudgetBallot.objects.filter(record__in=records, participant__isnull=False).values_list(
        "participant_id", flat=True
    )


SOURCES = (
    FigureSource(
        "budget_ballots",
        _("Budget ballots"),
        VOTES,
        budget_ballots,
        budget_voters,
        channel_labels=dict(BallotChannel.choices),  # "imported" is the budgets' own channel
    ),
)
