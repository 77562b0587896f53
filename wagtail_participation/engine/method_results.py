"""Method results: the plain values every method's ``get_results()`` returns (docs/architecture.md, "Names").

A snapshot stores ``MethodResults.to_dict()`` as JSON; ``MethodResults.from_dict`` reads it back, so a
published results block renders the same whether it reads live values or a frozen snapshot.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


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
    extra: dict = field(default_factory=dict)

    @property
    def total(self) -> float:
        return sum(row.value for row in self.rows)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> MethodResults:
        rows = tuple(ResultRow(**row) for row in data.get("rows", ()))
        return cls(
            rule=data["rule"],
            rows=rows,
            participants=data.get("participants", 0),
            assurance=data.get("assurance", ""),
            notes=tuple(data.get("notes", ())),
            extra=dict(data.get("extra", {})),
        )
