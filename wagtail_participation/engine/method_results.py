"""Method results: the plain values every method's ``get_results()`` returns (docs/architecture.md, "Names").

A snapshot stores ``MethodResults.to_dict()`` as JSON; ``MethodResults.from_dict`` reads it back, so a
published results block renders the same whether it reads live values or a frozen snapshot.

Beyond the rows every method has, a method keeps its own typed values in ``specifics`` (a budget
outcome, a poll tally, a survey summary): a frozen dataclass from the method's engine with
``to_dict()`` and a ``from_dict()`` classmethod. The snapshot stores ``specifics.to_dict()``; who
reads it back passes the class (the method page's ``results_specifics``), since this module knows
no method.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Protocol


class Specifics(Protocol):
    """A method's own typed values inside its method results (see the module docstring)."""

    def to_dict(self) -> dict: ...

    @classmethod
    def from_dict(cls, data: dict) -> Specifics: ...


@dataclass(frozen=True)
class ResultRow:
    """One counted thing (an option, a question, a project): its stable code, label and value."""

    code: str  # stable option/question code, never translated text
    label: str
    value: float
    detail: str = ""


@dataclass(frozen=True)
class MethodResults:
    """A method's results: rows, the rule that produced them and how sure we are of who took part."""

    rule: str
    rows: tuple[ResultRow, ...] = ()
    participants: int = 0
    assurance: str = ""  # the participation level used, e.g. "registered"
    notes: tuple[str, ...] = ()
    specifics: Any = None  # the method's own typed values (a Specifics), or None

    @property
    def total(self) -> float:
        return sum(row.value for row in self.rows)

    def to_dict(self) -> dict:
        specifics = self.specifics.to_dict() if hasattr(self.specifics, "to_dict") else self.specifics
        return {
            "rule": self.rule,
            "rows": [asdict(row) for row in self.rows],
            "participants": self.participants,
            "assurance": self.assurance,
            "notes": list(self.notes),
            "specifics": specifics,
        }

    @classmethod
    def from_dict(cls, data: dict, specifics: type[Specifics] | None = None) -> MethodResults:
        """Read back :meth:`to_dict`; ``specifics`` is the class of the method's own values.

        Snapshots stored before the values were typed keep them under ``extra``."""
        rows = tuple(ResultRow(**row) for row in data.get("rows", ()))
        stored = data.get("specifics", data.get("extra") or None)
        return cls(
            rule=data["rule"],
            rows=rows,
            participants=data.get("participants", 0),
            assurance=data.get("assurance", ""),
            notes=tuple(data.get("notes", ())),
            specifics=specifics.from_dict(stored) if specifics is not None and stored is not None else stored,
        )
