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


def update_row(model, pk, values=None, increments=None, unchanged=None) -> int:
    """``UPDATE`` one row of ``model``'s own table (``pk``): ``values`` set, ``increments`` added
    to their columns; with ``unchanged``, only while those columns still hold those values (a
    compare-and-set: NULL compared with ``IS NULL``). Returns the number of rows matched (0 or 1).

    The statement's text is built once per shape (which fields, which compared values are NULL)
    and the values are prepared by their fields as the ORM's ``update()`` would; on a write path,
    compiling the ORM's UPDATE costs more than running it. Every field must be ``model``'s own
    (not a parent's); no ``ProposalQuerySet.update``-style side effects run, the caller keeps them."""
    from django.db import connection

    sql, params = update_statement(model, pk, values, increments, unchanged)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def update_statement(model, pk, values=None, increments=None, unchanged=None, wrap=None) -> tuple[str, list]:
    """The SQL and parameters of :func:`update_row`'s ``UPDATE``; ``wrap`` (a function of that SQL,
    called once per shape) builds a statement around it, e.g. a ``WITH`` whose next statement
    reads the update's ``RETURNING`` (its own parameters follow the update's)."""
    from django.db import connection

    meta = model._meta
    values, increments, unchanged = values or {}, increments or {}, unchanged or {}
    nulls = tuple(name for name, value in unchanged.items() if value is None)
    shape = ("update_row", model, tuple(values), tuple(increments), tuple(unchanged), nulls, wrap)

    def build():
        quote = connection.ops.quote_name
        column = {name: quote(meta.get_field(name).column) for name in (*values, *increments, *unchanged)}
        sets = [f"{column[name]} = %s" for name in values]
        sets += [f"{column[name]} = {column[name]} + %s" for name in increments]
        where = [f"{quote(meta.pk.column)} = %s"]
        where += [f"{column[name]} IS NULL" if name in nulls else f"{column[name]} = %s" for name in unchanged]
        sql = f"UPDATE {quote(meta.db_table)} SET {', '.join(sets)} WHERE {' AND '.join(where)}"
        return wrap(sql) if wrap else sql

    field = meta.get_field
    params = [field(name).get_db_prep_save(value, connection) for name, value in values.items()]
    params += list(increments.values())
    params.append(pk)
    params += [
        field(name).get_db_prep_value(value, connection) for name, value in unchanged.items() if value is not None
    ]
    return statement(shape, build), params
