"""Rows read with hand-written SQL on hot paths, turned into model instances as the ORM would.

What a hot path's hand-written query needs that does not change between requests (the converters
of a model's columns, the statement's text) is worked out once per model and database connection
and kept here: on a write path, building them again costs more than running the query.
"""

from __future__ import annotations

# (model, connection alias) -> [(index, column expression, converters)] of the columns that have any
_CONVERTERS: dict = {}
# (connection alias, caller's key) -> the statement's text
_STATEMENTS: dict = {}


def _converters(model, connection) -> list:
    """The columns of ``model`` (in field order) that the database or the field converts when
    read, each with its converters, as the ORM's compiler would ask for them."""
    key = (model, connection.alias)
    found = _CONVERTERS.get(key)
    if found is None:
        from django.db.models.expressions import Col

        found = []
        for index, field in enumerate(model._meta.concrete_fields):
            column = Col(model._meta.db_table, field)
            converters = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
            if converters:
                found.append((index, column, tuple(converters)))
        _CONVERTERS[key] = found
    return found


def from_db_values(model, values) -> list:
    """A raw row of ``model``'s concrete columns (in field order) converted as the ORM would (JSON,
    dates on SQLite, UUIDs, ...), ready for ``model.from_db``: for hand-written hot-path queries."""
    from django.db import connection

    converted = list(values)
    for index, column, converters in _converters(model, connection):
        value = converted[index]
        for converter in converters:
            value = converter(value, column, connection)
        converted[index] = value
    return converted


def statement(key, build) -> str:
    """The SQL text ``build()`` returns for ``key`` on the current connection, built once: for a
    hot path's hand-written statement whose text depends only on ``key`` (models, the shape of
    the query), not on the request (its values are parameters)."""
    from django.db import connection

    full_key = (connection.alias, key)
    sql = _STATEMENTS.get(full_key)
    if sql is None:
        sql = _STATEMENTS[full_key] = build()
    return sql
