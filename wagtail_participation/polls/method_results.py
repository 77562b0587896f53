"""A poll's and an option analysis's method results (docs/architecture.md, "Names"): the counts a
results page shows and a snapshot freezes.

A poll reads its running tallies (a few rows, however many people voted); an option analysis
reads its ballots grouped by the database and hands plain code lists to
:mod:`wagtail_participation.polls.engine.tally`.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from wagtail_participation.engine.method_results import MethodResults, ResultRow
from wagtail_participation.polls.engine import tally
from wagtail_participation.polls.models import OTHER, BallotMode, PollTally, Selection
from wagtail_participation.polls.services import tallies


def _grouped_ballots(page) -> tuple[list[tuple[tuple, int]], dict]:
    """Identical ballots counted by the database (one row per distinct ballot, however many
    votes), and the totals: people, those with an account, "Other" answers. Two queries."""
    ballots = page.ballots()
    grouped = [
        (tuple(choices), count)
        for choices, count in ballots.values_list("choices").annotate(count=Count("id")).order_by()
    ]
    totals = ballots.aggregate(
        people=Count("id"),
        registered=Count("id", filter=Q(participant__user__isnull=False)),
        other=Count("id", filter=~Q(other_text="")),
    )
    return grouped, totals


def _expand(grouped, known: set) -> list[tuple[str, ...]]:
    # A ballot keeps the codes it was cast with; an option removed later is not counted.
    return [tuple(code for code in choices if code in known) for choices, count in grouped for _ in range(count)]


def _by_assurance(totals) -> dict:
    return {"registered": totals["registered"], "token": totals["people"] - totals["registered"]}


def poll_results(page) -> MethodResults:
    """Single choice: plurality; several answers: approval (each chosen answer counts once).
    Read from the running tallies: a few rows, however many people voted."""
    settings = page.ballot_settings()
    labels = page.labels()
    codes = page.option_codes() + ([OTHER] if settings.get("allow_other") else [])
    labels[OTHER] = _("Other")
    counted = tallies(page.participation_record)
    multiple = settings.get("selection") == Selection.MULTIPLE
    people = counted.get(PollTally.BALLOTS, 0)
    count = tally.from_scores(
        tally.APPROVAL if multiple else tally.PLURALITY, {code: counted.get(code, 0) for code in codes}, people
    )
    notes = []
    if multiple:
        notes.append(
            _("Each person could choose several answers, so the answers add up to more than the number of people.")
        )
    registered = counted.get(PollTally.REGISTERED, 0)
    return MethodResults(
        rule=count.rule,
        rows=tuple(ResultRow(code, labels.get(code, code), count.scores[code]) for code in codes),
        participants=people,
        assurance=page.assurance_name(),
        notes=tuple(notes),
        specifics=tally.Tally(
            labels=labels,
            winners=count.winners,
            by_assurance={"registered": registered, "token": people - registered},
            other_answers=counted.get(PollTally.OTHER_TEXT, 0),
        ),
    )


def analysis_results(page) -> MethodResults:
    """Pick: plurality. Rank: Borda (the rows) and instant-runoff (``specifics.runoff``, per round)."""
    settings = page.ballot_settings()
    labels = page.labels()
    codes = page.option_codes()
    grouped, totals = _grouped_ballots(page)
    ballots = _expand(grouped, set(codes))
    by_assurance = _by_assurance(totals)
    if settings.get("mode") != BallotMode.RANK:
        count = tally.plurality(ballots, codes)
        return MethodResults(
            rule=count.rule,
            rows=tuple(ResultRow(code, labels[code], count.scores[code]) for code in codes),
            participants=totals["people"],
            assurance=page.assurance_name(),
            specifics=tally.Tally(labels=labels, winners=count.winners, by_assurance=by_assurance),
        )
    points = tally.borda(ballots, codes)
    runoff = tally.instant_runoff(ballots, codes)
    first = tally.plurality(ballots, codes)
    notes = [
        _(
            "Borda count: with %(n)s options, a first place scores %(top)s points, a second %(second)s, and so on; an option someone did not rank scores nothing from them."
        )
        % {"n": len(codes), "top": len(codes) - 1, "second": max(len(codes) - 2, 0)},
        _(
            "Instant-runoff: the option with the fewest first choices drops out and its ballots go to their next choice, until one option has more than half of the ballots still counting."
        ),
    ]
    if runoff.tie_breaks:
        notes.append(
            _(
                "A tie for the fewest votes was decided by the earlier rounds, then by the Borda score, then by the order of the options on the page."
            )
        )
    return MethodResults(
        rule=f"{tally.BORDA}+{tally.IRV}",
        rows=tuple(
            ResultRow(code, labels[code], points.scores[code], detail=str(first.scores[code])) for code in codes
        ),
        participants=totals["people"],
        assurance=page.assurance_name(),
        notes=tuple(notes),
        specifics=tally.Tally(
            labels=labels,
            by_assurance=by_assurance,
            borda_winners=points.winners,
            runoff=runoff,
            first_choices=first.scores,
        ),
    )
