"""A citizen's first row and what goes with it, in hand-written SQL (docs/write-paths.md).

A write that one person may make once (a poll ballot, a survey's "has answered" row) is guarded
by a unique constraint, and a second row must be written only when the first was: the poll's
tallies counted, the survey's response stored. Through the ORM that is a savepoint (or a BEGIN
and COMMIT), the guarded insert, which raises on a second attempt, and the dependent insert:
every statement a round trip, and compiling them costs more than running them.

Here the guarded insert is ``INSERT ... ON CONFLICT (...) DO NOTHING`` (it cannot fail on the
constraint, so needs no savepoint) and the dependent rows follow only when it stored one. On
PostgreSQL the two are one statement, the dependent ``INSERT`` reading the guarded one's
``RETURNING`` in a ``WITH`` (autocommitted, it needs no BEGIN and COMMIT either); on SQLite they
are two statements in one transaction. Other databases (MariaDB: ``INSERT IGNORE`` ignores more
than a duplicate) get None, and the caller keeps its ORM path.
"""

from __future__ import annotations

import functools

from django.db import connection, transaction

VENDORS = ("postgresql", "sqlite")


@functools.cache
def statements(
    vendor: str,
    guarded,
    guarded_fields: tuple,
    unique: tuple,
    dependent,
    dependent_fields: tuple,
    rows: int = 1,
    add="",
) -> tuple[str, str] | None:
    """``(guarded, dependent)`` SQL for ``vendor``, or None where it has no ``ON CONFLICT``.

    ``guarded``: the model whose row (``guarded_fields``, in that order) is stored unless the
    unique ``unique`` fields hold one already; ``dependent``: the model of which ``rows`` rows
    (``dependent_fields`` each) are inserted only then. With ``add`` (a field name), a dependent
    row that exists already (by its unique fields, ``dependent_fields`` but ``add``) gets its
    ``add`` increased by the new row's instead (an upsert: counters). On PostgreSQL ``guarded`` is
    empty and ``dependent`` does both. Built once per set of arguments."""
    if vendor not in VENDORS:
        return None
    quote = connection.ops.quote_name

    def column(model, name):
        return quote(model._meta.get_field(name).column)

    guarded_sql = _insert_or_nothing(guarded, guarded_fields, unique)
    table = quote(dependent._meta.db_table)
    columns = ", ".join(column(dependent, name) for name in dependent_fields)
    if vendor == "postgresql":  # typed placeholders: a NULL or a string would be read as text
        types = [dependent._meta.get_field(name).cast_db_type(connection) for name in dependent_fields]
        row = "(" + ", ".join(f"CAST(%s AS {kind})" for kind in types) + ")"
    else:
        row = "(" + ", ".join(["%s"] * len(dependent_fields)) + ")"
    values = "VALUES " + ", ".join([row] * rows)
    conflict = ""
    if add:
        keys = ", ".join(column(dependent, name) for name in dependent_fields if name != add)
        added = column(dependent, add)
        conflict = f" ON CONFLICT ({keys}) DO UPDATE SET {added} = {table}.{added} + EXCLUDED.{added}"
    if vendor == "sqlite":
        return guarded_sql, f"INSERT INTO {table} ({columns}) {values}{conflict}"
    return "", (
        f"WITH guarded AS ({guarded_sql} RETURNING 1) INSERT INTO {table} ({columns}) "
        f"SELECT * FROM ({values}) AS v WHERE EXISTS (SELECT 1 FROM guarded){conflict}"
    )


def _insert_or_nothing(model, fields: tuple, unique: tuple = ()) -> str:
    """``INSERT`` of one row of ``model``'s ``fields`` that does nothing when a unique constraint
    (on ``unique``, or any) holds such a row already."""
    quote = connection.ops.quote_name
    columns = [quote(model._meta.get_field(name).column) for name in fields]
    target = f"({', '.join(quote(model._meta.get_field(name).column) for name in unique)}) " if unique else ""
    return (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(columns)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}) ON CONFLICT {target}DO NOTHING"
    )


@functools.cache
def _once_sql(vendor: str, model, fields: tuple) -> str | None:
    return _insert_or_nothing(model, fields) if vendor in VENDORS else None


def insert_once(model, fields: tuple, values) -> bool | None:
    """Insert one row of ``model`` (``values`` of its ``fields``) unless one of its unique
    constraints holds such a row already: True when stored, False when not (nothing written, no
    error: inside a transaction it needs no savepoint), None on a database without
    ``ON CONFLICT`` (the caller uses the ORM)."""
    sql = _once_sql(connection.vendor, model, tuple(fields))
    if sql is None:
        return None
    with connection.cursor() as cursor:
        cursor.execute(sql, prepared(model, fields, values))
        return cursor.rowcount > 0


def prepared(model, fields: tuple, values) -> list:
    """``values`` of ``model``'s ``fields`` as the database takes them (JSON, dates, UUIDs...)."""
    meta = model._meta
    return [meta.get_field(name).get_db_prep_save(value, connection) for name, value in zip(fields, values)]


def insert(sql: tuple[str, str], guarded_params: list, dependent_params: list) -> bool:
    """Run :func:`statements`' ``sql``: True when the guarded row was stored (and the dependent
    rows with it), False when the unique fields held one already (nothing was written). Inside
    the caller's transaction if one is open, else in its own (PostgreSQL: one autocommitted
    statement)."""
    guarded, dependent = sql
    with connection.cursor() as cursor:
        if not guarded:
            cursor.execute(dependent, guarded_params + dependent_params)
            return cursor.rowcount > 0
        with transaction.atomic(savepoint=False):
            cursor.execute(guarded, guarded_params)
            if cursor.rowcount == 0:
                return False
            cursor.execute(dependent, dependent_params)
    return True
