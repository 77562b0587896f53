"""Reading what a write routed outside the page tree starts from: the shared record (docs/write-paths.md).

A write posted to a method app's own route (``surveys/<record>/answer/``, ``budgets/<record>/...``)
needs the record, the visitor's participant and, for some writes, rows of the visitor's own; not
Wagtail's page serving (site, locale, two queries per level of the tree). :func:`record_for_write`
reads the record and the anonymous visitor's participant in one query; the live-method guard
(:func:`wagtail_participation.live_methods.require_writable_record`) then decides, from cached
facts, whether the method is visible here, and which of its pages the write belongs to.
"""

from __future__ import annotations

from django.db import connection
from django.http import Http404

from wagtail_participation import identity
from wagtail_participation.raw_rows import from_db_values


def record_for_write(
    request, record_id: int, page_models, extra_columns: str = "", extra_joins: str = "", extra_params=()
):
    """The :class:`~wagtail_participation.models.MethodRecord` ``record_id`` of one of ``page_models``
    (``"app_label.modelname"``), with the anonymous visitor's participant adopted (no query later),
    in one query; 404 when there is no such record.

    ``extra_columns`` / ``extra_joins`` (with ``extra_params``, placed before the WHERE clause's)
    add a method's own LEFT JOINs; ``wp_p.id`` is the participant's id there (NULL when there is
    none, or when the participant is not the cookie's: see ``joined``). Returns the record, the
    extra columns of every row (a join may give several rows; the record's columns are the same in
    each), and ``joined``: whether ``wp_p`` is the visitor's participant (an anonymous visitor's
    cookie, not resolved before); when not, the caller reads the visitor's own rows itself."""
    from wagtail_participation.models import MethodRecord

    quote = connection.ops.quote_name
    fields = MethodRecord._meta.concrete_fields
    select = ", ".join(f"r.{quote(field.column)}" for field in fields)
    token = identity.anonymous_token(request)
    token_value = identity.token_db_value(token) if token else None
    columns, joins, params = identity.participant_columns(token_value)  # a NULL token joins nothing
    select += ", " + columns
    if extra_columns:
        select += ", " + extra_columns
    models = list(page_models)
    sql = (
        f"SELECT {select} FROM {quote(MethodRecord._meta.db_table)} r {joins} {extra_joins} "
        f"WHERE r.id = %s AND r.page_model IN ({', '.join(['%s'] * len(models))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *extra_params, record_id, *models])
        rows = cursor.fetchall()
    if not rows:
        raise Http404("No such participation method.")
    count = len(fields)
    record = MethodRecord.from_db(connection.alias, None, from_db_values(MethodRecord, rows[0][:count]))
    if token_value is not None:
        identity.adopt_participant(request, token, *rows[0][count : count + 3])
    return record, [row[count + 3 :] for row in rows], token_value is not None
