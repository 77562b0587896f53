"""The vote counter rule, defined once: what one vote row adds to its contribution's counters.

Every place that applies the rule is derived from :data:`COUNTERS`: the database trigger on SQLite
and PostgreSQL (migration ``0002_vote_counter_triggers`` builds its SQL with :func:`set_clause`),
the counter UPDATE that ``contributions.py`` runs in the vote's transaction on MariaDB, which has
no trigger (:func:`row_adds` with the weight), and the Python mirror with which
``contributions.cast_vote`` updates an instance it already holds (:func:`row_adds`). A new counter, or a new way of counting, is a change here plus a migration
that installs the new trigger; the rule itself cannot drift between the two.

This module's shape (``COUNTERS``, ``set_clause``) is imported by a migration and must keep
producing the SQL that migration installed.
"""

from __future__ import annotations

from dataclasses import dataclass

UP, DOWN = 1, -1


@dataclass(frozen=True)
class Counter:
    """One counter column and what a vote row adds to it: ``rows_of`` counts the rows with that
    value (1 or 0), ``value`` adds the vote's value, ``weighted`` its weight times its value."""

    column: str
    adds: str  # "rows_of", "value" or "weighted"
    of: int | None = None  # for "rows_of": the vote value counted

    @property
    def needs_weight(self) -> bool:
        return self.adds == "weighted"


COUNTERS = (
    Counter("up_votes", "rows_of", UP),
    Counter("down_votes", "rows_of", DOWN),
    Counter("score", "value"),
    Counter("trending", "weighted"),
)


def row_adds(value: int, weight: float | None = None) -> dict[str, float]:
    """What a vote row of ``value`` (and ``weight``) adds to each counter. Without the weight the
    weighted counters are left out (the caller does not know them)."""
    adds = {}
    for counter in COUNTERS:
        if counter.adds == "rows_of":
            adds[counter.column] = int(value == counter.of)
        elif counter.adds == "value":
            adds[counter.column] = value
        elif weight is not None:
            adds[counter.column] = weight * value
    return adds


def _sql_term(counter: Counter, row: str) -> str:
    if counter.adds == "rows_of":
        return f"(CASE WHEN {row}.value = {counter.of} THEN 1 ELSE 0 END)"
    if counter.adds == "value":
        return f"{row}.value"
    return f"{row}.weight * {row}.value"


def set_clause(sign: str, row: str) -> str:
    """The SET clause that adds (``sign`` "+") or removes ("-") the vote in trigger row ``row``
    ("NEW" or "OLD") from its contribution's counters."""
    if sign not in ("+", "-") or row not in ("NEW", "OLD"):
        raise ValueError("sign is '+' or '-', row is NEW or OLD")
    return ", ".join(f"{c.column} = {c.column} {sign} {_sql_term(c, row)}" for c in COUNTERS)
