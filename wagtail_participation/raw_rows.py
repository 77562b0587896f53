"""Rows read with hand-written SQL on hot paths, turned into model instances as the ORM would."""

from __future__ import annotations


def from_db_values(model, values) -> list:
    """A raw row of ``model``'s concrete columns (in field order) converted as the ORM would (JSON,
    dates on SQLite, UUIDs, ...), ready for ``model.from_db``: for hand-written hot-path queries."""
    from django.db import connection
    from django.db.models.expressions import Col

    converted = []
    for field, value in zip(model._meta.concrete_fields, values):
        column = Col(model._meta.db_table, field)
        for converter in connection.ops.get_db_converters(column) + field.get_db_converters(connection):
            value = converter(value, column, connection)
        converted.append(value)
    return converted
