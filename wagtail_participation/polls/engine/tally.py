"""Counting polls and option analyses from plain ballots (no Django).

A ballot is a sequence of option codes: one code (or none) for a single-choice poll, a set of
codes for approval (multiple choice), and codes in order of preference for a ranking. Options
are given as a sequence of codes in the order the editor published them; that order is only
used to break ties, never to count.

Rules
-----
* **Plurality**: each ballot's first code scores 1.
* **Approval**: each code on a ballot scores 1 (a code counted once per ballot).
* **Borda** (truncated, "modified Borda count"): with ``n`` options, the option ranked ``i``-th
  (from 1) scores ``n - i``; options a ballot leaves unranked score 0 from it. A full ranking
  therefore gives ``n-1, n-2, ..., 0``. Unranked options scoring 0 (not an average) means that a
  partial ballot never helps an option it did not name.
* **Instant-runoff** (IRV, single winner): each round counts every ballot for its highest-ranked
  option still in the race. An option with more than half of the ballots still counting wins.
  Otherwise the option with the fewest votes is eliminated; ballots whose options are all
  eliminated are *exhausted* and count no further. When only one option is left it wins.

Tie-breaks (deterministic, documented)
--------------------------------------
* Plurality, approval and Borda report *every* option sharing the top score as a winner
  (``winners``); they never pick one silently. Rows are listed by score, ties in the editor's order.
* IRV must eliminate exactly one option per round. When several share the lowest count:
  1. the one with fewer votes in the **earliest round** in which the tied options' counts differ
     is eliminated ("backwards" tie-break, as used in Scottish and Australian counts);
  2. if they were equal in every round, the one with the **lower Borda score** over all ballots;
  3. if still equal, the one **published last** in the editor's order.
  Each use of a tie-break is recorded in the round (``tie_break``), so results pages can say so.
  Only ties are ever resolved by the editor's order, so relabelling or reordering the options
  changes no result on a profile without ties.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

PLURALITY = "plurality"
APPROVAL = "approval"
BORDA = "borda"
IRV = "instant_runoff"


class BallotError(ValueError):
    """A ballot names an unknown option, repeats one, or has the wrong number of choices."""


@dataclass(frozen=True)
class Count:
    """Scores per option (in the editor's order), the ballots counted and the top-scoring options."""

    rule: str
    scores: dict[str, float]
    ballots: int
    winners: tuple[str, ...] = ()

    def ranked(self) -> list[tuple[str, float]]:
        """(code, score) by score, highest first; ties keep the editor's order."""
        order = {code: index for index, code in enumerate(self.scores)}
        return sorted(self.scores.items(), key=lambda item: (-item[1], order[item[0]]))


@dataclass(frozen=True)
class Round:
    """One IRV round: the counts of the options still in the race, and who was eliminated."""

    number: int
    counts: dict[str, int]
    exhausted: int
    eliminated: str | None = None
    tie_break: str = ""  # "", "earlier_round", "borda" or "order": which rule decided a tie
    tied: tuple[str, ...] = ()


@dataclass(frozen=True)
class RunoffResult:
    """An instant-runoff count: its rounds, the winner (None when nobody voted) and the tie-breaks used."""

    rule: str
    rounds: tuple[Round, ...]
    winner: str | None
    ballots: int
    tie_breaks: int = 0

    def to_dict(self) -> dict:
        return {
            "winner": self.winner,
            "ballots": self.ballots,
            "tie_breaks": self.tie_breaks,
            "rounds": [
                {
                    "number": r.number,
                    "counts": dict(r.counts),
                    "exhausted": r.exhausted,
                    "eliminated": r.eliminated,
                    "tie_break": r.tie_break,
                    "tied": list(r.tied),
                }
                for r in self.rounds
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> RunoffResult:
        rounds = tuple(
            Round(
                number=r["number"],
                counts=dict(r["counts"]),
                exhausted=r.get("exhausted", 0),
                eliminated=r.get("eliminated"),
                tie_break=r.get("tie_break", ""),
                tied=tuple(r.get("tied") or ()),
            )
            for r in data.get("rounds") or ()
        )
        return cls(IRV, rounds, data.get("winner"), data.get("ballots", 0), data.get("tie_breaks", 0))


@dataclass(frozen=True)
class Tally:
    """A poll's or an option analysis's own values in its method results (docs/architecture.md,
    "Names"), beyond the rows: the options' labels when counted, the top options, the ballots by
    assurance (``registered``, ``token``), and per rule what it adds: a poll the number of "Other"
    answers, a ranking the Borda winners, the instant-runoff count and the first choices.

    A snapshot stores :meth:`to_dict`; :meth:`from_dict` also reads the dictionaries snapshots
    held before this type existed (the same keys, with only the rule's own ones present)."""

    labels: Mapping[str, str] = field(default_factory=dict)
    winners: tuple[str, ...] = ()
    by_assurance: Mapping[str, int] = field(default_factory=dict)
    other_answers: int = 0
    borda_winners: tuple[str, ...] = ()
    runoff: RunoffResult | None = None
    first_choices: Mapping[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "labels": dict(self.labels),
            "winners": list(self.winners),
            "by_assurance": dict(self.by_assurance),
            "other_answers": self.other_answers,
            "borda_winners": list(self.borda_winners),
            "irv": self.runoff.to_dict() if self.runoff else None,
            "first_choices": dict(self.first_choices),
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> Tally:
        runoff = data.get("irv")
        return cls(
            labels=dict(data.get("labels") or {}),
            winners=tuple(data.get("winners") or ()),
            by_assurance=dict(data.get("by_assurance") or {}),
            other_answers=data.get("other_answers", 0),
            borda_winners=tuple(data.get("borda_winners") or ()),
            runoff=RunoffResult.from_dict(runoff) if runoff else None,
            first_choices=dict(data.get("first_choices") or {}),
        )


# -- validation ----------------------------------------------------------------------------------
def check_ballot(
    ballot: Sequence[str], options: Sequence[str], *, minimum: int = 0, maximum: int | None = None
) -> tuple[str, ...]:
    """Return the ballot as a tuple, or raise :class:`BallotError` (unknown code, repeat, size)."""
    known = set(options)
    codes = tuple(ballot)
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise BallotError(f"unknown option {unknown[0]!r}")
    if len(set(codes)) != len(codes):
        raise BallotError("an option appears twice")
    if len(codes) < minimum:
        raise BallotError(f"at least {minimum} choices needed")
    if maximum is not None and len(codes) > maximum:
        raise BallotError(f"at most {maximum} choices allowed")
    return codes


def ranking_from_ranks(ranks: dict[str, int | None]) -> tuple[str, ...]:
    """Turn ``{code: rank or None}`` (as typed in a form) into a ranking, or raise on repeats/gaps.

    Ranks must be 1, 2, ..., k for some k >= 1, each used once; unranked options are left out.
    """
    given = {code: rank for code, rank in ranks.items() if rank is not None}
    if not given:
        raise BallotError("no option ranked")
    values = sorted(given.values())
    if len(set(values)) != len(values):
        raise BallotError("a rank is used twice")
    if values != list(range(1, len(values) + 1)):
        raise BallotError("ranks have a gap")
    return tuple(sorted(given, key=given.get))


def _grouped(ballots: Iterable[Sequence[str]], options: Sequence[str]) -> Counter:
    """Identical ballots counted once with their multiplicity (real profiles repeat a lot)."""
    grouped: Counter = Counter()
    for ballot in ballots:
        grouped[tuple(ballot)] += 1
    known = set(options)
    for ballot in grouped:
        check_ballot(ballot, known)
    return grouped


def _winners(scores: dict[str, float]) -> tuple[str, ...]:
    if not scores:
        return ()
    top = max(scores.values())
    if top <= 0:
        return ()
    return tuple(code for code, score in scores.items() if score == top)


def from_scores(rule: str, scores: dict[str, float], ballots: int) -> Count:
    """A :class:`Count` from scores kept elsewhere (running totals), with the same winners rule."""
    return Count(rule, dict(scores), ballots, _winners(scores))


# -- the rules -----------------------------------------------------------------------------------
def plurality(ballots: Iterable[Sequence[str]], options: Sequence[str]) -> Count:
    """One vote per ballot for its first code; empty ballots are not counted."""
    scores = {code: 0 for code in options}
    counted = 0
    for ballot, weight in _grouped(ballots, options).items():
        if ballot:
            scores[ballot[0]] += weight
            counted += weight
    return Count(PLURALITY, scores, counted, _winners(scores))


def approval(ballots: Iterable[Sequence[str]], options: Sequence[str]) -> Count:
    """One vote for every code on a ballot."""
    scores = {code: 0 for code in options}
    counted = 0
    for ballot, weight in _grouped(ballots, options).items():
        for code in ballot:
            scores[code] += weight
        counted += weight if ballot else 0
    return Count(APPROVAL, scores, counted, _winners(scores))


def borda(ballots: Iterable[Sequence[str]], options: Sequence[str]) -> Count:
    """Truncated Borda: the i-th ranked of n options scores n - i; unranked options score 0."""
    scores, counted = _borda_scores(_grouped(ballots, options), options)
    return Count(BORDA, scores, counted, _winners(scores))


def _borda_scores(grouped: Counter, options: Sequence[str]) -> tuple[dict[str, int], int]:
    n = len(options)
    scores = {code: 0 for code in options}
    counted = 0
    for ballot, weight in grouped.items():
        for position, code in enumerate(ballot):
            scores[code] += (n - 1 - position) * weight
        counted += weight if ballot else 0
    return scores, counted


def instant_runoff(ballots: Iterable[Sequence[str]], options: Sequence[str]) -> RunoffResult:
    """Single-winner IRV with the tie-breaks in this module's docstring. Terminates in at most
    ``len(options)`` rounds (one option leaves the race per round)."""
    grouped = _grouped(ballots, options)
    total = sum(weight for ballot, weight in grouped.items() if ballot)
    borda_scores = None
    continuing = list(options)
    rounds: list[Round] = []
    tie_breaks = 0
    winner = None
    while continuing:
        in_race = set(continuing)
        counts = {code: 0 for code in continuing}
        exhausted = 0
        for ballot, weight in grouped.items():
            if not ballot:
                continue
            top = next((code for code in ballot if code in in_race), None)
            if top is None:
                exhausted += weight
            else:
                counts[top] += weight
        active = total - exhausted
        leader = max(continuing, key=lambda code: counts[code])
        if total == 0:
            rounds.append(Round(len(rounds) + 1, counts, exhausted))
            break
        if len(continuing) == 1 or counts[leader] * 2 > active:
            winner = leader
            rounds.append(Round(len(rounds) + 1, counts, exhausted))
            break
        lowest = min(counts.values())
        tied = [code for code in continuing if counts[code] == lowest]
        rule = ""
        if len(tied) > 1:
            tie_breaks += 1
            if borda_scores is None:
                borda_scores = _borda_scores(grouped, options)[0]
            tied_out, rule = _break_tie(tied, rounds, borda_scores, options)
        else:
            tied_out = tied[0]
        rounds.append(Round(len(rounds) + 1, counts, exhausted, tied_out, rule, tuple(tied) if rule else ()))
        continuing.remove(tied_out)
    return RunoffResult(IRV, tuple(rounds), winner, total, tie_breaks)


def _break_tie(tied: list[str], rounds: list[Round], borda_scores: dict, options: Sequence[str]) -> tuple[str, str]:
    """Which of ``tied`` (equal lowest count) to eliminate, and by which rule."""
    candidates = list(tied)
    for earlier in rounds:  # earliest round first
        counts = [earlier.counts.get(code, 0) for code in candidates]
        if len(set(counts)) > 1:
            fewest = min(counts)
            candidates = [code for code in candidates if earlier.counts.get(code, 0) == fewest]
            if len(candidates) == 1:
                return candidates[0], "earlier_round"
    fewest = min(borda_scores[code] for code in candidates)
    candidates = [code for code in candidates if borda_scores[code] == fewest]
    if len(candidates) == 1:
        return candidates[0], "borda"
    order = {code: index for index, code in enumerate(options)}
    return max(candidates, key=order.get), "order"
