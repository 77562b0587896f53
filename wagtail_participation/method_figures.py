"""The participation-figures sources of polls, option analyses, surveys, budgets and proposals.

Registered from ``AppConfig.ready()`` (after the core's ideas, comments and idea votes), so
:class:`~wagtail_participation.results.blocks.ParticipationFiguresBlock` counts every method of a
project. One query per source; participant ids go into the registry's single ``UNION`` query.
"""

from __future__ import annotations

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from wagtail_participation import figures
from wagtail_participation.figures import CONTRIBUTIONS, VOTES, FigureSource


def _per_channel(queryset, field="channel") -> dict:
    return dict(queryset.order_by().values_list(field).annotate(n=Count("pk")))


# -- polls and option analyses (online only: one ballot per participant) ---------------------------


def poll_ballots(records):
    from wagtail_participation.polls.models import PollBallot

    return {"online": PollBallot.objects.filter(record__in=records).count()}


def poll_voters(records):
    from wagtail_participation.polls.models import PollBallot

    return PollBallot.objects.filter(record__in=records).values_list("participant_id", flat=True)


# -- surveys: responses, and who answered (also for anonymous surveys, from the separate record) --


def survey_responses(records):
    from wagtail_participation.surveys.models import SurveyResponse

    return {"online": SurveyResponse.objects.filter(record__in=records).count()}


def survey_respondents(records):
    from wagtail_participation.surveys.models import SurveyParticipation

    return SurveyParticipation.objects.filter(record__in=records).values_list("participant_id", flat=True)


# -- participatory budgets: ballots per channel (online, paper, imported) ---------------------------


def budget_ballots(records):
    from wagtail_participation.budgets.models import BudgetBallot

    return _per_channel(BudgetBallot.objects.filter(record__in=records))


def budget_voters(records):
    from wagtail_participation.budgets.models import BudgetBallot

    return BudgetBallot.objects.filter(record__in=records, participant__isnull=False).values_list(
        "participant_id", flat=True
    )


# -- citizen proposals: published proposals, and supports (online plus offline signatures) ----------


def proposals(records):
    from wagtail_participation.models import Visibility
    from wagtail_participation.proposals.models import Proposal

    return _per_channel(
        Proposal.objects.filter(record__in=records, visibility=Visibility.VISIBLE, published_at__isnull=False)
    )


def proposal_authors(records):
    from wagtail_participation.proposals.models import Proposal

    return Proposal.objects.filter(record__in=records, author__isnull=False, published_at__isnull=False).values_list(
        "author_id", flat=True
    )


def proposal_supports(records):
    """Online supports (removed ones left out) and offline signatures per channel: two queries."""
    from wagtail_participation.proposals.models import OfflineSignatures, ProposalSupport

    counts = {"online": ProposalSupport.objects.filter(proposal__record__in=records, removed_at__isnull=True).count()}
    offline = (
        OfflineSignatures.objects.filter(proposal__record__in=records)
        .order_by()
        .values_list("channel")
        .annotate(n=Sum("count"))
    )
    for channel, total in offline:
        counts[channel] = counts.get(channel, 0) + (total or 0)
    return counts


def supporters(records):
    from wagtail_participation.proposals.models import ProposalSupport

    return ProposalSupport.objects.filter(proposal__record__in=records, removed_at__isnull=True).values_list(
        "participant_id", flat=True
    )


def register_all():
    figures.register(FigureSource("poll_ballots", _("Poll votes"), VOTES, poll_ballots, poll_voters))
    figures.register(
        FigureSource("survey_responses", _("Survey responses"), CONTRIBUTIONS, survey_responses, survey_respondents)
    )
    figures.register(FigureSource("budget_ballots", _("Budget ballots"), VOTES, budget_ballots, budget_voters))
    figures.register(FigureSource("proposals", _("Citizen proposals"), CONTRIBUTIONS, proposals, proposal_authors))
    figures.register(
        FigureSource("proposal_supports", _("Supports for proposals"), VOTES, proposal_supports, supporters)
    )
