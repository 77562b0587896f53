"""Citizen proposals' method results: which proposals reached the threshold, and how the city answered.

Proposals never "close" (the method is open-ended), so these are always current: a decision taken
today shows today. ``ProposalsPage.get_results()`` returns them as plain ``MethodResults`` (one row per
proposal that reached its threshold, its supports as value and its state as detail) and
:func:`outcome_counts` gives the totals a results block states: reached, answered, answered in
time or late, and overdue (threshold reached, deadline passed, no answer yet), in one query.
"""

from __future__ import annotations

from django.db.models import Count, F, Q

from wagtail_participation import clock
from wagtail_participation.engine.method_results import MethodResults, ResultRow
from wagtail_participation.proposals.engine.thresholds import OutcomeCounts

RULE = "threshold"
TOP_ROWS = 100


def outcome_queryset(record):
    """Published, visible proposals that reached their threshold or were answered."""
    from wagtail_participation.models import Visibility
    from wagtail_participation.proposals.models import Proposal

    return Proposal.objects.filter(
        record=record,
        visibility=Visibility.VISIBLE,
        published_at__isnull=False,
        ineligible_at__isnull=True,
    ).filter(Q(threshold_reached_at__isnull=False) | ~Q(outcome=""))


def outcome_counts(record, now=None) -> OutcomeCounts:
    """The proposals of ``record`` that reached their threshold, by how the city answered (one query)."""
    moment = now or clock.now()
    answered = ~Q(outcome="")
    counts = outcome_queryset(record).aggregate(
        reached=Count("pk"),
        answered=Count("pk", filter=answered),
        accepted=Count("pk", filter=Q(outcome="accepted")),
        rejected=Count("pk", filter=Q(outcome="rejected")),
        # in time: answered before the deadline (or answered without ever needing one)
        late=Count("pk", filter=answered & Q(answer_deadline__isnull=False, decided_at__gte=F("answer_deadline"))),
        overdue=Count("pk", filter=Q(outcome="", answer_deadline__lte=moment)),
        waiting=Count("pk", filter=Q(outcome="") & (Q(answer_deadline__gt=moment) | Q(answer_deadline__isnull=True))),
    )
    return OutcomeCounts(**counts)


def results_for(page) -> MethodResults:
    from wagtail_participation.figures import participant_count

    record = page.participation_record
    now = clock.now()
    rows = []
    for proposal in outcome_queryset(record).order_by("-counted", "pk")[:TOP_ROWS]:
        rows.append(
            ResultRow(
                code=str(proposal.pk),
                label=proposal.title,
                value=proposal.counted,
                detail=str(proposal.status_at(now).state),
            )
        )
    return MethodResults(
        rule=RULE, rows=tuple(rows), participants=participant_count([record]), specifics=outcome_counts(record, now)
    )
