"""Plain method results returned by every method's ``get_results()`` (docs/architecture.md, "Names").

A snapshot stores ``MethodResults.to_dict()`` as JSON; ``MethodResults.from_dict`` reads it back, so a
published results block renders the same whether it reads live values or a frozen snapshot.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace


@dataclass(frozen=True)
class ResultRow:
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
    # The method's own values: a frozen dataclass of its engine with to_dict() and from_dict().
    specifics: object = None

    @property
    def total(self) -> float:
        return sum(row.value for row in self.rows)

    def to_dict(self) -> dict:
        data = asdict(replace(self, specifics=None))
        data["specifics"] = self.specifics.to_dict() if hasattr(self.specifics, "to_dict") else self.specifics
        return data

    @classmethod
    def from_dict(cls, data: dict, specifics: type | None = None) -> MethodResults:
        # specifics: the page's results_specifics class; snapshots taken before it existed say "extra"
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
