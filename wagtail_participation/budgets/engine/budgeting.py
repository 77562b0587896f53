"""Participatory-budgeting outcome rules, in pure Python with exact arithmetic (no Django).

Rules
=====

``greedy`` (``rule="greedy"``)
    Projects in order of score, highest first; each project that still fits the remaining budget
    is funded, one that does not fit is skipped. ``rule="greedy-noskip"`` stops at the first
    project that does not fit. The score is the number of votes (approval, knapsack and choose-1
    ballots), the sum of points (cumulative ballots) or, for ranked ballots, pabulib's points
    convention: the project ranked r-th (r = 0 for the first) earns k - r points, k being the
    ballot's maximum length (META ``max_length``) or, without one, the ballot's own length
    (Kraków: 3/2/1).

``equal_shares`` (``rule="mes"``)
    The Method of Equal Shares (Peters, Pierczyński & Skowron; equalshares.net). Every voter gets
    an equal share of the budget, ``budget / number of ballots`` (empty ballots count). In each
    round the project whose supporters can pay for it at the lowest "price" is funded: the price
    is the affordability rho, the smallest value such that the supporters, each paying
    ``min(their remaining money, rho * utility)``, cover the cost. The utility of a project to a
    supporter is 1 (``utility="approval"``, pabutools' ``Cardinality_Sat``) or the project's cost
    (``utility="cost"``, ``Cost_Sat``). A project whose supporters together hold less than its cost
    is never funded. Projects of cost 0 with at least one supporter are funded first.

    ``completion="add1"`` is the completion used in real elections (Wieliczka, Świecie, Assen):
    run MES with a per-voter budget raised by one currency unit at a time (pabutools'
    ``voter_budget_increment=1``) and keep the last outcome that still fits the real budget; stop
    early when an outcome leaves no supported project that would still fit. ``greedy_fill=True``
    then adds, greedily by votes, projects that still fit (pabutools'
    ``completion_by_rule_combination`` with ``greedy_utilitarian_welfare`` and ``Cost_Sat``).

Same definitions as pabutools 1.2.3
===================================

Outcomes are identical to pabutools 1.2.3 (``greedy_utilitarian_welfare`` with a satisfaction
whose total over voters divided by cost is the score, ``method_of_equal_shares``), checked on 16
real pabulib elections in ``tests/budgets/test_budgeting_oracle.py``:

* **Ties** are broken as pabutools' default ``lexico_tie_breaking``: by project id compared as a
  text string (so "10" comes before "9"). Greedy sorts by (-score, id); MES picks the lowest
  (affordability, id).
* **Exact arithmetic**: costs, budgets, shares and affordabilities are ``int`` or
  ``fractions.Fraction``, never floats, so no comparison can tip the wrong way (pabutools uses
  gmpy2 ``mpq``, also exact).
* Greedy funds projects with no votes too if money is left (they come last); a city that does not
  want that filters them out before calling ``greedy``.

Speed: voters with identical ballots are handled as one group, voters whose remaining money is
equal share one "budget class", and a project's affordability is only recomputed when one of its
supporters paid for something since it was last computed (it can only go up, so a stale value is
a lower bound). The per-element work runs in C where it can: pabulib's ballots are counted as the
tuples they are, each project's groups are built by mapping ``list.append`` over all (project,
group) pairs, supporters per budget class are counted with a ``Counter`` over a flat list, and
projects sharing a supporter are found from per-group bitmasks only for projects that get funded.
The add1 completion skips per-voter budgets that provably give the same outcome, and starts each
further run at the first round whose decisions can differ (``_MesProblem.run``, ``resume``);
``details`` counts its runs, the raises they stand for and the rounds they computed and took over.
See ``bench/budgeting.py`` for numbers against pabutools.

Where add1 still spends its time (issue 19): on Warszawa Mokotów nearly every one-unit raise tips
a comparison in an early round, mostly which supporters of a winner are short of money (349 runs
for 348 raises, resumed on average at round 9 of about 50). Such a tip changes the formulas of
every later amount but rarely a decision (159 distinct winner sequences, 34 winner sets), so even
a method that re-ran MES only where the winner sequence changes would make about half as many
runs; getting under 10 s there needs a run whose cost after a tip is proportional to what changes
rather than to the rounds after it. The time inside a run goes to the price computations
(counting a project's supporters per budget class, sorting the classes by money, the price loop:
about half), bringing the classes' money to the current common denominator (a fifth) and the
payments. A payment that changes the denominator rescales only the classes that pay; the others
are rescaled when a price or a payment next needs them (``refresh`` in ``_MesProblem.run``),
which is what made Toulouse 2022 (where a round looks at a few of its hundreds of classes) fit.

Recount from the command line (no Django needed)::

    python -m wagtail_participation.budgets.engine.budgeting --rule mes --utility cost --completion add1 FILE.pb

prints ``{"selected": [...the file's project ids...], "rule": ..., "seconds": ...}``.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import heapq
import itertools
import math
import operator
from collections import Counter, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from fractions import Fraction

__all__ = [
    "Outcome",
    "greedy",
    "scores_from_ballots",
    "equal_shares",
    "outcome_for_election",
    "ballots_for_election",
    "RULES",
    "UTILITIES",
    "COMPLETIONS",
    "BALLOT_KINDS",
]

RULES = ("greedy", "greedy-noskip", "mes")
UTILITIES = ("approval", "cost")
COMPLETIONS = ("none", "add1")
BALLOT_KINDS = ("approval", "knapsack", "choose1", "cumulative", "ordinal")
MAX_RUNS = 100_000  # add1 safety stop
_LIGHT = 4  # see _MesProblem.__init__

Number = int | Fraction


def _text(value: Number) -> str:
    """An exact number as text: "42", "786/11" (JSON-safe, parse back with ``Fraction(text)``)."""
    return str(value)


@dataclass(frozen=True)
class Outcome:
    """The funded projects of one count, in the order they were picked.

    ``explanation`` has one entry per selected project: for greedy ``{"score", "rank"}``; for MES
    ``{"round", "supporters", "paying_supporters", "share", "affordability", "cost_to_supporters"}``
    where ``share`` is the most one supporter paid and ``cost_to_supporters`` maps each amount paid
    (exact, as text) to the number of supporters who paid it (supporters who had run out of money
    paid what they had left). ``not_selected`` gives a reason code per unfunded project
    ("did_not_fit", "not_reached", "no_supporters", "supporters_cannot_afford"). ``details`` holds
    rule-level values (budget, voter budget, add1 increments). Numbers inside are exact text.
    """

    selected: tuple[str, ...]
    rule: str
    spent: Number
    explanation: dict = field(default_factory=dict)
    not_selected: dict = field(default_factory=dict)
    details: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["selected"] = list(self.selected)
        data["spent"] = _text(self.spent)
        return data


# --------------------------------------------------------------------------------------------
# greedy


def greedy(
    budget: Number,
    costs: Mapping[str, Number],
    scores: Mapping[str, Number],
    skip: bool = True,
    initial: Sequence[str] = (),
) -> Outcome:
    """Fund projects by descending score (ties: project id as text), skipping or stopping at misfits.

    ``scores`` may leave projects out (score 0). ``initial`` are projects already funded (used by
    the MES greedy fill); they are kept first and their cost is taken from the budget.
    """
    _check_costs(budget, costs)
    unknown = set(scores) - set(costs)
    if unknown:
        raise ValueError(f"scores for unknown projects: {sorted(unknown)[:5]}")
    chosen = list(initial)
    already = set(chosen)
    remaining = budget - sum(costs[pid] for pid in chosen)
    order = sorted((pid for pid in costs if pid not in already), key=lambda pid: (-scores.get(pid, 0), pid))
    explanation: dict = {}
    not_selected: dict = {}
    stopped = False
    for rank, pid in enumerate(order, start=1):
        if stopped:
            not_selected[pid] = "not_reached"
        elif costs[pid] <= remaining:
            chosen.append(pid)
            remaining -= costs[pid]
            explanation[pid] = {"score": _text(scores.get(pid, 0)), "rank": rank}
        else:
            not_selected[pid] = "did_not_fit"
            stopped = not skip
    return Outcome(
        selected=tuple(chosen),
        rule="greedy" if skip else "greedy-noskip",
        spent=budget - remaining,
        explanation=explanation,
        not_selected=not_selected,
        details={"budget": _text(budget), "left": _text(remaining)},
    )


def scores_from_ballots(kind: str, ballots: Iterable, max_length: int | None = None) -> dict[str, int]:
    """Each project's score for greedy from a list of ballots of one kind.

    * ``approval``, ``knapsack``, ``choose1``: each ballot is an iterable of project ids; one vote each.
    * ``cumulative``: each ballot maps project id to points (an iterable of ``(id, points)`` pairs
      works too); the score is the sum of points.
    * ``ordinal``: each ballot lists project ids best first; rank r (from 0) earns ``k - r`` points,
      k = ``max_length`` or, if None, the ballot's length (pabulib convention).
    """
    kind = _kind(kind)
    scores: Counter = Counter()
    for ballot in ballots:
        if kind == "cumulative":
            items = ballot.items() if isinstance(ballot, Mapping) else ballot
            for pid, points in items:
                if points < 0:
                    raise ValueError(f"negative points for {pid!r}")
                scores[pid] += points
        elif kind == "ordinal":
            ranking = list(ballot)
            k = max_length if max_length is not None else len(ranking)
            if len(ranking) > k:
                raise ValueError(f"a ranking of {len(ranking)} projects is longer than {k}")
            for rank, pid in enumerate(ranking):
                scores[pid] += k - rank
        else:
            for pid in set(ballot):
                scores[pid] += 1
    return dict(scores)


def _kind(kind: str) -> str:
    # pabulib's and the booth's names for the same kinds
    kind = {"choose-1": "choose1", "scoring": "cumulative", "points": "cumulative", "ranked": "ordinal"}.get(kind, kind)
    if kind not in BALLOT_KINDS:
        raise ValueError(f"unknown ballot kind {kind!r}; expected one of {', '.join(BALLOT_KINDS)}")
    return kind


def _check_costs(budget: Number, costs: Mapping[str, Number]) -> None:
    if budget < 0:
        raise ValueError("the budget is negative")
    for pid, cost in costs.items():
        if isinstance(cost, float) or isinstance(budget, float):
            raise TypeError("costs and budget must be int or Fraction, not float (exact counting)")
        if cost < 0:
            raise ValueError(f"project {pid!r} has a negative cost")


# --------------------------------------------------------------------------------------------
# Method of Equal Shares


class _MesProblem:
    """What every MES run on one election shares (so add1's repeated runs pay for it once).

    Exact arithmetic without ``Fraction`` objects: in a run, every amount of money is an ``int``
    counted in units of ``1/D``, one common denominator for all voters. Paying a price ``R/M``
    (units of ``1/D``) multiplies ``D`` by ``M``, so the price becomes the integer ``R``.
    Affordabilities are compared as exact ratios by cross-multiplication; floats only order the
    heap of stale lower bounds, with a margin, so they can make us look at more projects, never
    skip one that could win.
    """

    def __init__(self, costs: Mapping[str, Number], ballots: Counter, utility: str):
        """``ballots`` counts ballots: collections (tuples, frozensets) of distinct project ids.

        The same set may come under several keys (tuples in another order): those voters then
        form several groups, which costs a little time and changes nothing else.
        """
        positive = sorted(pid for pid, cost in costs.items() if cost > 0)
        zero = sorted(pid for pid, cost in costs.items() if cost == 0)
        index = {pid: k for k, pid in enumerate(positive)}
        index.update((pid, -1 - i) for i, pid in enumerate(zero))
        if () in ballots or frozenset() in ballots:
            ballots = Counter({ballot: weight for ballot, weight in ballots.items() if ballot})
        # each ballot as a tuple of project indices, in C (map over maps); distinct ballots stay distinct
        try:
            members = list(map(tuple, map(map, itertools.repeat(index.__getitem__), ballots)))
        except KeyError:
            unknown = set().union(*ballots) - costs.keys()
            raise ValueError(f"a ballot approves unknown projects: {sorted(unknown)[:5]}") from None
        weights = list(ballots.values())
        free_support: Counter = Counter()
        if zero:  # projects of cost 0 are funded first and leave the groups; some ballots become equal or empty
            groups: Counter = Counter()
            for projects, weight in zip(members, weights):
                if min(projects) < 0:
                    for k in projects:
                        if k < 0:
                            free_support[zero[-1 - k]] += weight
                    projects = tuple(k for k in projects if k >= 0)
                groups[projects] += weight
            groups.pop((), None)
            members, weights = list(groups), list(groups.values())
        # the groups of each project, in C: list.append mapped over every (project, group) pair
        groups_of = [[] for _ in positive]
        flat_groups = itertools.chain.from_iterable(map(itertools.repeat, range(len(members)), map(len, members)))
        deque(
            map(list.append, map(groups_of.__getitem__, itertools.chain.from_iterable(members)), flat_groups), maxlen=0
        )
        supported = [k for k, gs in enumerate(groups_of) if gs]
        renumber = list(range(len(positive)))  # project index among the supported ones
        if len(supported) < len(positive):
            groups_of = [groups_of[k] for k in supported]
            for j, k in enumerate(supported):
                renumber[k] = j
        self.groups_of = groups_of
        self.weights = weights
        self.ids = [positive[k] for k in supported]
        n = len(self.ids)
        # counting supporters per class runs in C (a Counter over a flat list of groups): groups of
        # weight up to _LIGHT are in that list once per voter, heavier ones are added by weight
        totals = list(map(len, groups_of))
        extra: list[list[int]] = [[] for _ in range(n)]
        self.heavy = heavy = [[] for _ in range(n)]
        for g in itertools.compress(range(len(weights)), map(operator.gt, weights, itertools.repeat(1))):
            weight = weights[g]
            for j in map(renumber.__getitem__, members[g]):
                totals[j] += weight - 1
                if weight > _LIGHT:
                    heavy[j].append((g, weight))
                else:
                    extra[j] += [g] * (weight - 1)
        self.light = [
            (gs if not heavy[j] else [g for g in gs if weights[g] <= _LIGHT]) + extra[j] if heavy[j] or extra[j] else gs
            for j, gs in enumerate(groups_of)
        ]
        self.totals = totals
        self.support = Counter(dict(zip(self.ids, totals)))
        self.support.update(free_support)
        self.free = sorted(free_support)
        self.costs = [costs[pid] for pid in self.ids]
        fractions = [Fraction(cost) for cost in self.costs]
        self.cost_fraction = [(f.numerator, f.denominator) for f in fractions]
        self.cost_denominator = math.lcm(1, *(f.denominator for f in fractions))
        # rho = price / utility; utility 1 ("approval") or the cost ("cost"), as numerator/denominator
        if utility == "approval":
            self.utility = [(1, 1)] * n
        else:
            self.utility = list(self.cost_fraction)
        # projects sharing a supporter: paying for one may change the other's affordability. Each
        # group's projects as a bitmask (in C: a sum of powers of two), ORed when first needed
        powers = [1 << j for j in renumber]
        self._masks = list(map(sum, map(map, itertools.repeat(powers.__getitem__), members)))
        self._neighbours: list[list[int] | None] = [None] * n  # found when first needed
        self._next_class = itertools.count(1)
        # a lower bound of each affordability: everybody pays an equal part (what pabutools starts from)
        self.first_rho = []
        for (c_num, c_den), total, (u_num, u_den) in zip(self.cost_fraction, self.totals, self.utility):
            num, den = c_num * u_den, c_den * total * u_num
            common = math.gcd(num, den)
            self.first_rho.append((num // common, den // common))

    def neighbours(self, j: int) -> list[int]:
        found = self._neighbours[j]
        if found is None:
            mask = functools.reduce(operator.or_, map(self._masks.__getitem__, self.groups_of[j]), 0)
            found = self._neighbours[j] = [k for k in range(len(self.ids)) if mask >> k & 1]
        return found

    def run(
        self, voter_budget: Fraction, track: bool = False, resume: dict | None = None
    ) -> tuple[list[int], list[tuple], Fraction | None]:
        """One MES run with ``voter_budget`` per voter.

        Returns the chosen project indices, what each cost whom, and (with ``track``) a bound
        ``t_hi``: for every per-voter budget t with ``voter_budget <= t < t_hi`` the run makes
        exactly the same decisions, so its outcome is the same (None: no bound found, or not tracked).

        Why that holds: with the per-voter budget t as a variable, every amount of money in the run
        (each voter's money, each price) is an affine function a + c*t of it, and the run only
        branches on comparisons between such amounts. Each comparison keeps its result for t up to
        the point where the two lines cross; ``t_hi`` is the nearest crossing above ``voter_budget``
        over all comparisons that decide the outcome: which supporters are short of money in each
        affordability computed, which project has the lowest (affordability, id) against every
        other one still in play (the stale lower bounds included), which supporters run out of money
        when paying, and which projects their supporters can no longer afford. The add1 completion
        uses it to skip per-voter budgets that cannot change the outcome, instead of recomputing
        MES one currency unit at a time (pabutools' way, minutes to hours on city-sized files).

        ``resume``: the ``self.record`` a tracked run leaves, from a lower per-voter budget with the
        same denominator (add1's next step). Its rounds whose comparisons all cross beyond the new
        budget make the same decisions now, so this run starts at the first other round, from that
        round's state kept as affine amounts (exact at any t), with every affordability due for
        recomputing (the kept formulas are only lower bounds at the new t). The run leaves
        ``rounds_reused`` (rounds taken over that way) and ``rounds_computed`` (funding decisions it
        made itself): where an add1 completion's time goes.
        """
        utility, ids, groups_of, light, heavy = self.utility, self.ids, self.groups_of, self.light, self.heavy
        base = math.lcm(voter_budget.denominator, self.cost_denominator)
        cost_units = [num * (base // den) for num, den in self.cost_fraction]  # in units of 1/base
        scale = 1  # the common denominator is base * scale
        # every amount is (value now, a, c): value = a + c * T in units of 1/(base*scale), T = t * base
        T = voter_budget.numerator * (base // voter_budget.denominator)
        bound = [None, 1]  # the nearest crossing above T, as numerator/denominator (None: none yet)

        def keep(d_a: int, d_c: int, d_value: int) -> None:
            """Record that the sign of d_a + d_c*T (now d_value) decides the run."""
            if not d_c or not tracking[0]:
                return
            if d_value == 0 or (d_value > 0) == (d_c < 0):
                num, den = (-d_a, d_c) if d_c > 0 else (d_a, -d_c)  # the crossing, num/den >= T
                if bound[0] is None or num * bound[1] < bound[0] * den:
                    bound[0], bound[1] = num, den
                    if num < (T + base) * den:  # under one currency unit ahead: nothing to skip, stop tracking
                        tracking[0] = False

        tracking = [track]

        def refresh(classes) -> None:
            """Put these classes' amounts in the current unit 1/(base*scale).

            A payment that changes the unit rescales only the classes that pay; the others are
            brought to the current unit here, when a price or a payment next needs them (most
            classes of a large election are not needed in most rounds).
            """
            now = len(scales) - 1
            stale = [cls for cls in classes if epoch_of[cls] != now]
            if stale:
                top = scales[now]
                multiplier: dict[int, int] = {}
                for cls in stale:
                    was = epoch_of[cls]
                    m = multiplier.get(was)
                    if m is None:
                        m = multiplier[was] = top // scales[was]
                    class_budget[cls] *= m
                    if tracking[0]:
                        a, c = affine[cls]
                        affine[cls] = (a * m, c * m)
                    epoch_of[cls] = now

        # what a later run can resume from, per round: the bound before it, its starting state
        # (while tracking) and what it cost whom as affine amounts
        before: list[tuple] = []
        states: list[tuple] = []
        paid_affine: list[tuple | None] = []
        start = 0
        if resume is not None and resume["base"] == base and resume["T"] < T:
            crossed = resume["before"]  # crossed[k + 1] <= T: a comparison of round k tips before T
            start = next(
                (
                    k
                    for k in range(len(crossed) - 1)
                    if crossed[k + 1][0] is not None and crossed[k + 1][0] <= T * crossed[k + 1][1]
                ),
                0,
            )
            start = min(start, len(resume["states"]) - 1)
        dirty = [True] * len(ids)
        counts: list[dict] = [{}] * len(ids)  # supporters per class, as of the last affordability computed
        if start > 0:
            epoch, kept_classes, kept_weight, kept_affine, kept_epochs, kept_in_play, kept_a, kept_c, kept_den = resume[
                "states"
            ][start]
            scales = resume["scales"][: epoch + 1]
            scale = scales[-1]
            group_class = list(kept_classes)
            class_weight, affine, epoch_of = dict(kept_weight), dict(kept_affine), dict(kept_epochs)
            class_budget = {cls: a + c * T for cls, (a, c) in affine.items()}
            in_play = set(kept_in_play)
            rho_a, rho_c, rho_den = list(kept_a), list(kept_c), list(kept_den)
            rho_num = [a + c * T for a, c in zip(rho_a, rho_c)]
            heap = [(rho_num[j] / rho_den[j], ids[j], j) for j in in_play]
            chosen = resume["chosen"][:start]
            payments = []
            for j, d_a, d_c, amounts, denominator in resume["paid"][:start]:
                paid: Counter = Counter()
                for a, c, weight in amounts:
                    paid[a + c * T] += weight
                payments.append((j, d_a + d_c * T, dict(paid), denominator))
            before, states, paid_affine = resume["before"][:start], resume["states"][:start], resume["paid"][:start]
            bound = list(resume["before"][start])
            if bound[0] is not None and bound[0] < (T + base) * bound[1]:  # as keep() would have decided
                tracking[0] = False
        else:
            class_budget = {0: T}  # live classes only: the money each voter of the class has now
            affine = {0: (0, 1)}  # and as a + c*T, kept only while tracking
            epoch_of = {0: 0}  # the unit of each class's amounts: 1/(base * scales[epoch])
            scales = [1]
            class_weight = {0: sum(self.weights)}
            group_class = [0] * len(self.weights)  # -1: out of money
            # affordability of j = (rho_a[j] + rho_c[j] * T) / rho_den[j]; rho_num[j] is its value now
            rho_num = [num for num, _ in self.first_rho]
            rho_a = list(rho_num)
            rho_c = [0] * len(ids)
            rho_den = [den for _, den in self.first_rho]
            # before anybody pays, a project whose supporters hold enough money splits its cost equally:
            # its affordability is exact (the one _price would give, with no comparison to record) and
            # its supporters are all in class 0, so round one need not count or price them
            for j, (total, cost, (u_num, u_den)) in enumerate(zip(self.totals, cost_units, utility)):
                if T * total >= cost:
                    dirty[j] = False
                    counts[j] = {0: total}
                    rho_num[j] = rho_a[j] = cost * u_den
                    rho_den[j] = total * base * u_num
            heap = [(num / den, ids[j], j) for j, (num, den) in enumerate(self.first_rho)]
            in_play = set(range(len(ids)))
            chosen = []
            payments = []
        heapq.heapify(heap)
        class_of = group_class.__getitem__
        while heap:
            if track:
                before.append(tuple(bound))
                if tracking[0]:
                    states.append(
                        (
                            len(scales) - 1,
                            list(group_class),
                            dict(class_weight),
                            dict(affine),
                            dict(epoch_of),
                            set(in_play),
                            list(rho_a),
                            list(rho_c),
                            list(rho_den),
                        )
                    )
            best = -1
            best_num = best_den = 0
            limit = math.inf
            popped = []
            while heap and heap[0][0] <= limit:
                key, pid, j = heapq.heappop(heap)
                if dirty[j]:
                    dirty[j] = False
                    count = Counter(map(class_of, light[j]))
                    for g, weight in heavy[j]:
                        count[group_class[g]] += weight
                    count.pop(-1, None)
                    counts[j] = count
                    refresh(count)
                    # no record of who is short of money here: with those sets fixed, the price formula is a
                    # lower bound of the true price for any t, which is all the comparison with the winner needs
                    price = self._price(
                        count, class_budget, affine, cost_units[j] * scale, None, keep if tracking[0] else None
                    )
                    if price is None:  # supporters hold less than the cost, and they only get poorer
                        in_play.discard(j)
                        continue
                    (remaining, r_a, r_c), weight = price
                    u_num, u_den = utility[j]
                    rho_num[j] = num = remaining * u_den
                    rho_a[j], rho_c[j] = r_a * u_den, r_c * u_den
                    rho_den[j] = den = weight * base * scale * u_num
                    key = num / den
                else:
                    num, den = rho_num[j], rho_den[j]
                popped.append((key, pid, j))
                # exact (rho, id) comparison by cross-multiplication
                if (
                    best < 0
                    or num * best_den < best_num * den
                    or (num * best_den == best_num * den and pid < ids[best])
                ):
                    best, best_num, best_den = j, num, den
                    limit = key * (1 + 1e-9) + 1e-300  # floats only decide what else to look at
            if best < 0:
                break
            for entry in popped:
                if entry[2] != best:
                    heapq.heappush(heap, entry)
            in_play.discard(best)
            # best is not dirty, so none of its supporters paid since counts[best] was made
            count = counts[best]
            refresh(count)
            if tracking[0]:  # the winner's price formula must stay exact: same supporters short of money
                self._price(count, class_budget, affine, cost_units[best] * scale, keep)
            if tracking[0]:  # the winner beats every other project still in play (their values are lower bounds)
                b_a, b_c = rho_a[best], rho_c[best]
                for j in in_play:
                    den = rho_den[j]
                    d_c = rho_c[j] * best_den - b_c * den
                    if d_c > 0:  # j's lead grows with t: only a tie now (or a deficit) needs recording
                        d_value = rho_num[j] * best_den - best_num * den
                        if d_value > 0:
                            continue
                    elif d_c:
                        d_value = rho_num[j] * best_den - best_num * den
                    else:  # parallel: keep() would record nothing
                        continue
                    keep(rho_a[j] * best_den - b_a * den, d_c, d_value)
            chosen.append(best)
            # the price per supporter R/M, in units of 1/(base*scale): rho * utility
            u_num, u_den = utility[best]
            unit = u_num * base * scale  # rho was computed in this run, maybe in an earlier round's unit
            r_num, r_a, r_c = rho_num[best] * unit, rho_a[best] * unit, rho_c[best] * unit
            r_den = rho_den[best] * u_den
            # new unit 1/(base*scale*factor), so that the price (and its affine parts) are whole units
            factor = r_den // (math.gcd(r_den, r_num, r_a, r_c) if tracking[0] else math.gcd(r_den, r_num))
            due = r_num * factor // r_den
            if tracking[0]:
                due_a, due_c = r_a * factor // r_den, r_c * factor // r_den
            if factor != 1:  # classes that do not pay keep their amounts in the old unit (see refresh)
                scales.append(scale * factor)
            epoch = len(scales) - 1
            remap = {-1: -1}
            paid = Counter()
            amounts = []  # what paid is made of, as affine amounts (while tracking)
            next_class = self._next_class
            for old, weight in count.items():
                money = class_budget[old] * factor
                if tracking[0]:
                    m_a, m_c = affine[old]
                    m_a, m_c = m_a * factor, m_c * factor
                    keep(m_a - due_a, m_c - due_c, money - due)  # who runs out of money
                if money > due:
                    new = remap[old] = next(next_class)
                    class_budget[new] = money - due
                    epoch_of[new] = epoch
                    class_weight[new] = weight
                    if tracking[0]:
                        affine[new] = (m_a - due_a, m_c - due_c)
                        amounts.append((due_a, due_c, weight))
                    paid[due] += weight
                else:
                    remap[old] = -1
                    paid[money] += weight
                    if tracking[0]:
                        amounts.append((m_a, m_c, weight))
                left = class_weight[old] - weight
                if left:
                    class_weight[old] = left
                else:  # nobody left with that amount of money
                    del class_weight[old], class_budget[old], epoch_of[old]
                    affine.pop(old, None)
            # group_class[g] = remap[group_class[g]] for the winner's groups, in C (each g comes once)
            paying = groups_of[best]
            if track:
                # complete only if tracking lasted the whole round; a later run never resumes past such a round
                paid_affine.append((best, due_a, due_c, amounts, base * scale * factor) if tracking[0] else None)
            deque(map(group_class.__setitem__, paying, map(remap.__getitem__, map(class_of, paying))), maxlen=0)
            for other in self.neighbours(best):
                dirty[other] = True
            payments.append((best, due, dict(paid), base * scale * factor))
            scale *= factor
        t_hi = None
        self.record = None
        # where an add1 completion's time goes: rounds taken over from the previous run, rounds computed
        self.rounds_reused, self.rounds_computed = start, len(chosen) - start
        if track:
            before.append(tuple(bound))
            self.record = {
                "base": base,
                "T": T,
                "before": before,
                "states": states,
                "scales": scales,
                "paid": paid_affine,
                "chosen": list(chosen),
            }
            if bound[0] is not None:
                t_hi = Fraction(bound[0], bound[1] * base)
        return chosen, payments, t_hi

    @staticmethod
    def _price(count, class_budget, affine, cost: int, keep=None, keep_unaffordable=None):
        """The least per-supporter payment cap q = R/M with sum(min(money, q)) == cost, or None if unaffordable.

        R comes back as (value, a, c), an affine amount like the class budgets. With ``keep``, the
        comparisons that fix the price formula are recorded: each supporter class is short of money
        (money < q) or not. With ``keep_unaffordable``: if unaffordable, that all their money stays
        below the cost.

        For any fixed set P of classes taken as short of money, the formula
        (cost - money of P) / (weight outside P) is at most the true price (each class pays at most
        its money and at most q), so a formula computed now stays a lower bound at other t.
        """
        remaining, r_a, r_c = cost, cost, 0
        weight = sum(count.values())
        if keep is None and count and min(map(class_budget.__getitem__, count)) * weight >= cost:
            return (cost, cost, 0), weight  # nobody is short of money (the loop below would say so at once)
        order = sorted(count, key=class_budget.__getitem__)
        tracked = keep is not None or keep_unaffordable is not None
        for cls in order:
            money = class_budget[cls]
            if money * weight >= remaining:
                if keep is not None:
                    for other in order:
                        a, c = affine[other]
                        keep(weight * a - r_a, weight * c - r_c, weight * class_budget[other] - remaining)
                return (remaining, r_a, r_c), weight
            w = count[cls]
            remaining -= money * w
            if tracked:
                m_a, m_c = affine[cls]
                r_a, r_c = r_a - m_a * w, r_c - m_c * w
            weight -= w
        if keep_unaffordable is not None:  # all the supporters' money is below the cost: -(cost - money) < 0
            keep_unaffordable(-r_a, -r_c, -remaining)
        return None

    def explain(self, payment: tuple) -> dict:
        j, due, paid, denominator = payment
        u_num, u_den = self.utility[j]
        return {
            "supporters": self.totals[j],
            "paying_supporters": sum(w for amount, w in paid.items() if amount > 0),
            "share": _ratio_text(due, denominator),
            "affordability": _ratio_text(due * u_den, denominator * u_num),
            "cost_to_supporters": {
                _ratio_text(amount, denominator): w for amount, w in sorted(paid.items(), reverse=True) if amount > 0
            },
        }


def _ratio_text(num: int, den: int) -> str:
    """``_text(Fraction(num, den))`` without making the Fraction (den > 0)."""
    common = math.gcd(num, den)
    return str(num // common) if common == den else f"{num // common}/{den // common}"


def _count_ballots(approvals: Iterable[Iterable[str]]) -> Counter:
    """Each distinct ballot, as a frozenset, with its number of voters."""
    approvals = approvals if isinstance(approvals, (list, tuple)) else list(approvals)
    try:  # tuples (pabulib's ballots) are counted first: hashing a tuple is cheaper than making a set
        raw = Counter(approvals)
    except TypeError:  # lists or sets
        return Counter(map(frozenset, approvals))
    ballots: Counter = Counter()
    for ballot, weight in raw.items():
        ballots[ballot if isinstance(ballot, frozenset) else frozenset(ballot)] += weight
    return ballots


def equal_shares(
    budget: Number,
    costs: Mapping[str, Number],
    approvals: Sequence[Iterable[str]],
    utility: str = "approval",
    completion: str = "none",
    greedy_fill: bool = False,
) -> Outcome:
    """The Method of Equal Shares on approval-type ballots (one set of project ids per voter).

    ``utility``: "approval" (each funded approved project counts 1) or "cost" (counts its cost).
    ``completion``: "none" or "add1" (raise every voter's share by 1 while the outcome fits).
    ``greedy_fill``: afterwards, add projects that still fit, greedily by votes.
    Identical to pabutools 1.2.3 ``method_of_equal_shares`` (see the module docstring).
    """
    _check_mes(budget, costs, utility, completion)
    return _equal_shares(budget, costs, _count_ballots(approvals), utility, completion, greedy_fill)


def _check_mes(budget: Number, costs: Mapping[str, Number], utility: str, completion: str) -> None:
    if utility not in UTILITIES:
        raise ValueError(f"unknown utility {utility!r}; expected one of {', '.join(UTILITIES)}")
    if completion not in COMPLETIONS:
        raise ValueError(f"unknown completion {completion!r}; expected one of {', '.join(COMPLETIONS)}")
    _check_costs(budget, costs)


def _equal_shares(
    budget: Number, costs: Mapping[str, Number], ballots: Counter, utility: str, completion: str, greedy_fill: bool
) -> Outcome:
    """``equal_shares`` on ballots already counted (see ``_MesProblem``)."""
    with _without_cycle_collection() if completion == "add1" else contextlib.nullcontext():
        return _count_equal_shares(budget, costs, ballots, utility, completion, greedy_fill)


@contextlib.contextmanager
def _without_cycle_collection():
    """Pause Python's cycle collector, as it was, for the duration (add1 only).

    The add1 completion keeps every round's state of a run for the next one (many dicts and lists,
    none in a reference cycle, so reference counting frees them all): the collector would walk
    them again and again for nothing, about a tenth of the time on the largest files.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _count_equal_shares(
    budget: Number, costs: Mapping[str, Number], ballots: Counter, utility: str, completion: str, greedy_fill: bool
) -> Outcome:
    rule = "mes" + ("-add1" if completion == "add1" else "") + ("-greedy" if greedy_fill else "")
    voters = sum(ballots.values())
    problem = _MesProblem(costs, ballots, utility)
    details = {"budget": _text(budget), "voters": voters, "utility": utility, "completion": completion}
    if voters == 0:
        chosen_ids: list[str] = []
        explanation: dict = {}
    else:
        voter_budget = Fraction(budget) / voters
        details["initial_voter_budget"] = _text(voter_budget)
        chosen, notes, t_hi = problem.run(voter_budget, track=completion == "add1")
        runs = 1
        increments = 0
        rounds_computed, rounds_reused = problem.rounds_computed, 0
        if completion == "add1":
            previous: tuple[list[int], list[tuple]] = ([], [])
            while True:
                spent = sum(problem.costs[j] for j in chosen)
                if spent > budget:  # the last raise went too far: keep the outcome just below it
                    chosen, notes = previous
                    voter_budget -= 1
                    increments -= 1
                    break
                taken = set(chosen)
                if all(spent + problem.costs[j] > budget for j in range(len(problem.ids)) if j not in taken):
                    break
                if runs >= MAX_RUNS or t_hi is None:
                    raise ValueError(
                        "the add1 completion does not settle (a budget tiny against the number of voters?)"
                    )
                # every raise below t_hi gives this same outcome, so pabutools' one-unit steps up to it change nothing
                step = max(1, math.ceil(t_hi - voter_budget))
                previous = (chosen, notes)
                voter_budget += step
                increments += step
                chosen, notes, t_hi = problem.run(voter_budget, track=True, resume=problem.record)
                runs += 1
                rounds_computed += problem.rounds_computed
                rounds_reused += problem.rounds_reused
            details["runs"] = runs
            details["increments"] = increments
            details["rounds_computed"] = rounds_computed
            details["rounds_reused"] = rounds_reused
        details["voter_budget"] = _text(voter_budget)
        chosen_ids = list(problem.free)
        explanation = {pid: {"round": 0, "supporters": problem.support[pid], "share": "0"} for pid in problem.free}
        for round_number, (j, note) in enumerate(zip(chosen, notes), start=1):
            pid = problem.ids[j]
            chosen_ids.append(pid)
            explanation[pid] = {"round": round_number, **problem.explain(note)}
    spent = sum(costs[pid] for pid in chosen_ids)
    not_selected = {
        pid: ("no_supporters" if problem.support[pid] == 0 else "supporters_cannot_afford")
        for pid in sorted(costs)
        if pid not in explanation
    }
    if greedy_fill and any(spent + costs[pid] <= budget for pid in not_selected):
        votes = {pid: problem.support[pid] for pid in costs}
        filled = greedy(budget, costs, votes, skip=True, initial=chosen_ids)
        for pid in filled.selected[len(chosen_ids) :]:
            explanation[pid] = {"round": "greedy", "supporters": problem.support[pid], "score": _text(votes[pid])}
            not_selected.pop(pid)
        chosen_ids = list(filled.selected)
        spent = filled.spent
    return Outcome(
        selected=tuple(chosen_ids),
        rule=rule,
        spent=spent,
        explanation=explanation,
        not_selected=not_selected,
        details=details,
    )


# --------------------------------------------------------------------------------------------
# pabulib elections


def ballots_for_election(election) -> tuple[str, list]:
    """The ballot kind and ballots of a ``PbElection`` in the shape ``scores_from_ballots`` takes."""
    vote_type = election.vote_type
    if vote_type in ("cumulative", "scoring"):
        return "cumulative", [vote.points for vote in election.votes]
    if vote_type == "ordinal":
        return "ordinal", [vote.approvals for vote in election.votes]
    return ("choose1" if vote_type == "choose-1" else "approval"), [vote.approvals for vote in election.votes]


def outcome_for_election(
    election, rule: str, utility: str = "approval", completion: str = "none", greedy_fill: bool = False
) -> Outcome:
    """Count a pabulib election (``engine.pabulib.PbElection``) with one rule.

    Greedy scores come from the ballots (votes, points or ranked points, see the module docstring).
    MES treats every ballot as the set of projects it names (for cumulative and ordinal ballots:
    the projects given points or ranked), which is pabutools' ``Cost_Sat``/``Cardinality_Sat`` view.
    """
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}; expected one of {', '.join(RULES)}")
    costs = election.costs()
    budget = election.budget
    if rule == "mes":
        _check_mes(budget, costs, utility, completion)
        # pabulib ballots are tuples without repeats (the parser checks): counted as they are
        ballots = Counter(vote.approvals for vote in election.votes)
        return _equal_shares(budget, costs, ballots, utility, completion, greedy_fill)
    kind, ballots = ballots_for_election(election)
    scores = scores_from_ballots(kind, ballots, max_length=election.max_length if kind == "ordinal" else None)
    return greedy(budget, costs, scores, skip=(rule == "greedy"))


def main(argv: Sequence[str] | None = None) -> int:
    """The recount command: read a .pb file, count it, print JSON."""
    import argparse
    import json
    import sys
    import time

    from wagtail_participation.budgets.engine.pabulib import PbError, read_pb

    parser = argparse.ArgumentParser(
        prog="python -m wagtail_participation.budgets.engine.budgeting",
        description="Recount a participatory budget from a pabulib .pb file.",
    )
    parser.add_argument("--rule", choices=RULES, required=True)
    parser.add_argument("--utility", choices=UTILITIES, default="approval", help="MES only (default: approval)")
    parser.add_argument("--completion", choices=COMPLETIONS, default="none", help="MES only (default: none)")
    parser.add_argument("--greedy-fill", action="store_true", help="MES only: fill what is left greedily by votes")
    parser.add_argument("--explain", action="store_true", help="also print the explanation per project")
    parser.add_argument("file", help="the .pb file")
    args = parser.parse_args(argv)
    try:
        election = read_pb(args.file)
    except OSError as error:
        print(f"{args.file}: {error.strerror or error}", file=sys.stderr)
        return 2
    except PbError as error:
        print(f"{args.file}: {error}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    outcome = outcome_for_election(election, args.rule, args.utility, args.completion, args.greedy_fill)
    seconds = time.perf_counter() - start
    result = {"selected": list(outcome.selected), "rule": outcome.rule, "seconds": round(seconds, 4)}
    if args.rule == "mes":
        result["utility"] = args.utility
        result["completion"] = args.completion
    result["spent"] = _text(outcome.spent)
    if args.explain:
        result.update({k: v for k, v in outcome.to_dict().items() if k in ("explanation", "not_selected", "details")})
    json.dump(result, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
