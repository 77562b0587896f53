"""Surveys without Django: question specs, conditional logic, answer checks and the results summary.

Answers are plain JSON values keyed by stable question codes, never by translated labels:

=================  ====================================================
kind               stored answer
=================  ====================================================
radio, dropdown    an option code (``"often"``)
choice_other       an option code, or ``{"other": "free text"}``
checkboxes,        a list of option codes
multiselect
scale              an int between the scale's bounds
number             an int or float between the question's bounds
ranking            option codes, most preferred first
matrix             ``{row code: int on the scale}``
checkbox           ``true`` / ``false``
text kinds         a string (dates as ISO strings)
=================  ====================================================

So responses given on the Dutch and the English page of one survey add up without any mapping.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field

OTHER = "other"  # the code of the "other" answer of a choice-with-other question

SINGLE_CHOICE = frozenset({"radio", "dropdown", "choice_other"})
MULTIPLE_CHOICE = frozenset({"checkboxes", "multiselect"})
NUMERIC = frozenset({"scale", "number"})
TEXT = frozenset({"singleline", "multiline", "email", "url", "date", "datetime"})
LAYOUT = frozenset({"heading", "page_break"})  # not questions: a section heading, a new step


@dataclass(frozen=True)
class Option:
    code: str
    label: str


@dataclass(frozen=True)
class Condition:
    """Show a question only when the answer to ``question`` is (or includes) one of ``values``."""

    question: str
    values: frozenset[str]


@dataclass(frozen=True)
class Question:
    """One survey item as the engine sees it (layout items have a kind in :data:`LAYOUT`)."""

    code: str
    kind: str
    label: str = ""
    options: tuple[Option, ...] = ()  # choices, ranking items, or matrix rows
    minimum: float | None = None  # scale/matrix points or number bounds
    maximum: float | None = None
    required: bool = True
    condition: Condition | None = None

    @property
    def is_layout(self) -> bool:
        return self.kind in LAYOUT

    def option_label(self, code: str) -> str:
        for option in self.options:
            if option.code == code:
                return option.label
        return code


def answer_codes(value) -> frozenset[str]:
    """The codes an answer "is", for conditions: option codes, ``"other"``, numbers as text."""
    if value is None or value == "" or value == []:
        return frozenset()
    if isinstance(value, bool):
        return frozenset({"yes" if value else "no"})
    if isinstance(value, dict):
        return frozenset({OTHER}) if OTHER in value else frozenset()
    if isinstance(value, (list, tuple)):
        return frozenset(str(item) for item in value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return frozenset({str(value)})


def condition_met(condition: Condition | None, answers: Mapping) -> bool:
    if condition is None:
        return True
    return bool(answer_codes(answers.get(condition.question)) & condition.values)


def visible_questions(questions: Iterable[Question], answers: Mapping) -> list[Question]:
    """The questions a person with ``answers`` is asked, in order. A question whose condition
    refers to a hidden question is hidden too, because a hidden question's answer is dropped."""
    shown: list[Question] = []
    kept: dict = {}
    for question in questions:
        if question.is_layout:
            continue
        if condition_met(question.condition, kept):
            shown.append(question)
            if question.code in answers:
                kept[question.code] = answers[question.code]
    return shown


def keep_visible(questions: Iterable[Question], answers: Mapping) -> dict:
    """``answers`` without the answers to questions the person was not asked (or forged codes)."""
    return {q.code: answers[q.code] for q in visible_questions(questions, answers) if q.code in answers}


# -- checks --------------------------------------------------------------------------------------


def ranking_problem(positions: Mapping[str, int | None], size: int, complete: bool) -> str | None:
    """Why a ranking is invalid, or ``None``. ``positions`` maps option code to 1-based place.

    Places must be distinct and run 1..k without gaps; ``complete`` requires every option placed.
    """
    given = [place for place in positions.values() if place is not None]
    if any(place < 1 or place > size for place in given):
        return "out_of_range"
    if len(set(given)) != len(given):
        return "repeated"
    if complete and len(given) != size:
        return "incomplete"
    if sorted(given) != list(range(1, len(given) + 1)):
        return "gap"
    return None


def ranking_order(positions: Mapping[str, int | None]) -> list[str]:
    """Option codes by place, most preferred first (unplaced options left out)."""
    placed = [(place, code) for code, place in positions.items() if place is not None]
    return [code for _, code in sorted(placed)]


def problem_codes(questions: Iterable[Question], cleaned: Mapping) -> dict[str, str]:
    """Errors a stored answer set would have: codes the questions do not offer, values off the
    scale, repeated rankings. A second line of defence behind the forms (also for imports)."""
    problems: dict[str, str] = {}
    by_code = {q.code: q for q in questions if not q.is_layout}
    for code, value in cleaned.items():
        question = by_code.get(code)
        if question is None:
            problems[code] = "unknown_question"
            continue
        offered = {o.code for o in question.options}
        kind = question.kind
        if kind in SINGLE_CHOICE:
            if isinstance(value, dict):
                if kind != "choice_other" or set(value) != {OTHER}:
                    problems[code] = "unknown_option"
            elif value not in offered:
                problems[code] = "unknown_option"
        elif kind in MULTIPLE_CHOICE:
            if not isinstance(value, list) or not set(value) <= offered or len(set(value)) != len(value):
                problems[code] = "unknown_option"
        elif kind == "ranking":
            if not isinstance(value, list) or not set(value) <= offered or len(set(value)) != len(value):
                problems[code] = "repeated"
        elif kind in NUMERIC:
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not _within(question, value):
                problems[code] = "out_of_range"
        elif kind == "matrix":
            if (
                not isinstance(value, dict)
                or not set(value) <= offered
                or not all(
                    isinstance(v, int) and not isinstance(v, bool) and _within(question, v) for v in value.values()
                )
            ):
                problems[code] = "out_of_range"
    return problems


def _within(question: Question, value: float) -> bool:
    if isinstance(value, float) and not math.isfinite(value):
        return False
    if question.minimum is not None and value < question.minimum:
        return False
    if question.maximum is not None and value > question.maximum:
        return False
    return True


# -- summary -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Count:
    code: str
    label: str
    count: int
    share: float = 0.0  # of the people who answered the question


@dataclass(frozen=True)
class Numbers:
    """Average and distribution of numeric answers (a scale, a number, a matrix row)."""

    count: int = 0
    average: float | None = None
    median: float | None = None
    minimum: float | None = None
    maximum: float | None = None
    distribution: tuple[Count, ...] = ()


@dataclass(frozen=True)
class QuestionSummary:
    code: str
    kind: str
    label: str
    answered: int
    counts: tuple[Count, ...] = ()  # per option (choices), per first place (ranking)
    numbers: Numbers | None = None
    rows: tuple[tuple[Option, Numbers], ...] = ()  # matrix rows
    average_place: tuple[tuple[Option, float | None], ...] = ()  # ranking, best first
    texts: tuple[str, ...] = ()  # free text (also "other" answers), newest last, capped
    text_count: int = 0


@dataclass(frozen=True)
class SurveySummary:
    """Every question's answers counted: a survey's own values in its method results
    (docs/architecture.md, "Names"). A snapshot stores :meth:`to_dict`."""

    responses: int
    questions: tuple[QuestionSummary, ...] = field(default_factory=tuple)

    def question(self, code: str) -> QuestionSummary | None:
        return next((q for q in self.questions if q.code == code), None)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping) -> SurveySummary:
        """Read back :meth:`to_dict` (JSON turns its tuples into lists), also as snapshots stored it
        before the summary was typed: ``{"survey": ...}``."""
        if "survey" in data and "responses" not in data:
            data = data["survey"]

        def numbers(value):
            if not value:
                return None
            return Numbers(**{**value, "distribution": tuple(Count(**c) for c in value.get("distribution", ()))})

        def option(value):
            return Option(**value) if isinstance(value, dict) else Option(*value)

        questions = tuple(
            QuestionSummary(
                code=q["code"],
                kind=q["kind"],
                label=q["label"],
                answered=q["answered"],
                counts=tuple(Count(**c) for c in q.get("counts", ())),
                numbers=numbers(q.get("numbers")),
                rows=tuple((option(o), numbers(n)) for o, n in q.get("rows", ())),
                average_place=tuple((option(o), place) for o, place in q.get("average_place", ())),
                texts=tuple(q.get("texts", ())),
                text_count=q.get("text_count", 0),
            )
            for q in data.get("questions", ())
        )
        return cls(responses=data.get("responses", 0), questions=questions)


class _Tally:
    """Accumulates one question's answers in a single pass over the responses."""

    def __init__(self, question: Question, text_limit: int):
        self.question = question
        self.answered = 0
        self.counts: Counter = Counter()
        self.values: list[float] = []
        self.rows: dict[str, list[int]] = {o.code: [] for o in question.options}
        self.places: dict[str, list[int]] = {o.code: [] for o in question.options}
        self.texts: list[str] = []
        self.text_count = 0
        self.text_limit = text_limit

    def text(self, value: str):
        value = value.strip()
        if value:
            self.text_count += 1
            if len(self.texts) < self.text_limit:
                self.texts.append(value)

    def add(self, value):
        if value is None or value == "" or value == [] or value == {}:
            return
        kind = self.question.kind
        self.answered += 1
        if kind in SINGLE_CHOICE:
            if isinstance(value, dict):
                self.counts[OTHER] += 1
                self.text(str(value.get(OTHER, "")))
            else:
                self.counts[value] += 1
        elif kind in MULTIPLE_CHOICE:
            self.counts.update(set(value))
        elif kind == "checkbox":
            self.counts["yes" if value else "no"] += 1
        elif kind in NUMERIC:
            self.values.append(value)
        elif kind == "ranking":
            for place, code in enumerate(value, start=1):
                if code in self.places:
                    self.places[code].append(place)
            if value:
                self.counts[value[0]] += 1
        elif kind == "matrix":
            for code, point in value.items():
                if code in self.rows:
                    self.rows[code].append(point)
        elif kind == "email":
            # Counted, never listed: the summary is stored in result snapshots, which are kept
            # for good, and e-mail addresses are personal data with a retention period.
            self.text_count += 1
        else:
            self.text(str(value))

    def summary(self) -> QuestionSummary:
        q = self.question
        counts: tuple[Count, ...] = ()
        options = list(q.options)
        if q.kind == "choice_other":
            options.append(Option(OTHER, ""))
        if q.kind == "checkbox":
            options = [Option("yes", ""), Option("no", "")]
        if q.kind in SINGLE_CHOICE | MULTIPLE_CHOICE | {"checkbox", "ranking"}:
            counts = tuple(
                Count(
                    o.code, o.label, self.counts[o.code], self.counts[o.code] / self.answered if self.answered else 0.0
                )
                for o in options
            )
        numbers = None
        if q.kind in NUMERIC:
            numbers = describe(self.values, q.minimum, q.maximum, points=q.kind == "scale")
        rows = ()
        if q.kind == "matrix":
            rows = tuple((o, describe(self.rows[o.code], q.minimum, q.maximum, points=True)) for o in q.options)
        average_place = ()
        if q.kind == "ranking":
            averages = [(o, sum(p) / len(p) if p else None) for o, p in ((o, self.places[o.code]) for o in q.options)]
            average_place = tuple(sorted(averages, key=lambda item: (item[1] is None, item[1] or 0, item[0].code)))
        return QuestionSummary(
            code=q.code,
            kind=q.kind,
            label=q.label,
            answered=self.answered,
            counts=counts,
            numbers=numbers,
            rows=rows,
            average_place=average_place,
            texts=tuple(self.texts),
            text_count=self.text_count,
        )


def describe(
    values: list[float], low: float | None, high: float | None, points: bool = False, bins: int = 10
) -> Numbers:
    """Count, average, median and a distribution: per point on a scale, else in up to ``bins``
    equal bins between the smallest and largest answer."""
    if not values:
        if points and low is not None and high is not None:
            return Numbers(distribution=tuple(Count(str(p), str(p), 0) for p in range(int(low), int(high) + 1)))
        return Numbers()
    ordered = sorted(values)
    n = len(ordered)
    middle = n // 2
    median = ordered[middle] if n % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    if points and low is not None and high is not None:
        counter = Counter(int(v) for v in values)
        distribution = tuple(Count(str(p), str(p), counter[p], counter[p] / n) for p in range(int(low), int(high) + 1))
    else:
        smallest, largest = ordered[0], ordered[-1]
        if smallest == largest:
            distribution = (Count(_fmt(smallest), _fmt(smallest), n, 1.0),)
        else:
            width = (largest - smallest) / bins
            counter = Counter(min(int((v - smallest) / width), bins - 1) for v in values)
            distribution = tuple(
                Count(
                    f"bin{i}",
                    f"{_fmt(smallest + i * width)}–{_fmt(smallest + (i + 1) * width)}",
                    counter[i],
                    counter[i] / n,
                )
                for i in range(bins)
            )
    return Numbers(
        count=n,
        average=sum(values) / n,
        median=median,
        minimum=ordered[0],
        maximum=ordered[-1],
        distribution=distribution,
    )


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def summarize(questions: Iterable[Question], responses: Iterable[Mapping], text_limit: int = 200) -> SurveySummary:
    """One pass over the responses' answer dicts; answers to unknown codes are ignored."""
    tallies = {q.code: _Tally(q, text_limit) for q in questions if not q.is_layout}
    total = 0
    for answers in responses:
        total += 1
        for code, value in answers.items():
            tally = tallies.get(code)
            if tally is not None:
                tally.add(value)
    return SurveySummary(responses=total, questions=tuple(t.summary() for t in tallies.values()))
