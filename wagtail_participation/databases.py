"""What differs between the databases this package runs on: SQLite, PostgreSQL and MariaDB
(docs/deployment.md, "Supported databases"; docs/concurrency.md, "MariaDB").

* :func:`counts_votes_in_transaction`: on MariaDB no trigger keeps the vote counters (creating one
  needs the SUPER privilege on a server with a binary log); ``contributions.py`` applies the rule
  of ``engine/vote_counters.py`` in the transaction that writes the vote instead.
* :class:`EnforceConditionalUnique`: Django does not create a ``UniqueConstraint`` with a
  ``condition`` on MariaDB (no partial indexes), silently. This migration operation gives MariaDB
  a rule it really enforces: one persistent, invisible generated column per field, holding the
  field's value when the condition holds and NULL otherwise, and a plain unique index over them
  (NULLs never collide in a unique index, so rows outside the condition are free).
* :func:`retry_on_deadlock`: InnoDB picks a victim when parallel inserts meet on a unique index;
  the victim's whole transaction is rolled back and may simply run again.
"""

from __future__ import annotations

import functools
import time

from django.db import OperationalError, connection, transaction
from django.db.migrations.operations.base import Operation
from django.db.models import Q
from django.db.models.sql.query import Query

MARIADB_MINIMUM = (10, 11)

# MariaDB: ER_LOCK_DEADLOCK. PostgreSQL: deadlock_detected, serialization_failure.
DEADLOCK_ERRNOS = {1213}
DEADLOCK_SQLSTATES = {"40P01", "40001"}


def is_mariadb(conn=None) -> bool:
    """Whether ``conn`` (the default connection) is Django's ``mysql`` backend, which this package
    accepts only on MariaDB (system check wagtail_participation.E060)."""
    return (conn or connection).vendor == "mysql"


def refuse_unsupported_mysql(conn) -> None:
    """Stop a migration on MySQL or an old MariaDB: the vote path needs ``DELETE ... RETURNING``
    and the rules below need generated columns in unique indexes (MariaDB >= 10.11)."""
    if conn.vendor != "mysql":
        return
    if not conn.mysql_is_mariadb:
        raise RuntimeError("wagtail_participation runs on MariaDB >= 10.11, not on MySQL (docs/deployment.md).")
    if conn.mysql_version < MARIADB_MINIMUM:
        raise RuntimeError(
            f"wagtail_participation needs MariaDB >= 10.11; this server is {'.'.join(map(str, conn.mysql_version))}."
        )


def counts_votes_in_transaction(conn=None) -> bool:
    """Whether the vote counters are kept by ``contributions.py`` rather than a database trigger."""
    return is_mariadb(conn)


# -- conditional unique constraints on MariaDB ---------------------------------------------------


def generated_column_name(constraint_name: str, position: int) -> str:
    """The generated column holding the ``position``-th field of the constraint (<= 64 characters)."""
    return f"{constraint_name[:58]}__{position}"


def condition_sql(model, condition: Q, schema_editor) -> str:
    """The constraint's condition as SQL with its values inlined (as Django writes a partial
    index's WHERE clause)."""
    query = Query(model=model, alias_cols=False)
    where = query.build_where(condition)
    compiler = query.get_compiler(connection=schema_editor.connection)
    sql, params = where.as_sql(compiler, schema_editor.connection)
    return sql % tuple(schema_editor.quote_value(p) for p in params)


def conditional_unique_sql(model, constraint, schema_editor) -> list[str]:
    """The statements that enforce ``constraint`` (a UniqueConstraint with fields and a condition)
    on MariaDB: generated columns and a unique index named like the constraint."""
    quote = schema_editor.quote_name
    condition = condition_sql(model, constraint.condition, schema_editor)
    columns, additions = [], []
    for position, field_name in enumerate(constraint.fields, start=1):
        field = model._meta.get_field(field_name)
        name = generated_column_name(constraint.name, position)
        columns.append(quote(name))
        additions.append(
            f"ADD COLUMN {quote(name)} {field.db_type(schema_editor.connection)} "
            f"AS (CASE WHEN {condition} THEN {quote(field.column)} END) PERSISTENT INVISIBLE"
        )
    additions.append(f"ADD UNIQUE INDEX {quote(constraint.name)} ({', '.join(columns)})")
    return [f"ALTER TABLE {quote(model._meta.db_table)} {', '.join(additions)}"]


def drop_conditional_unique_sql(model, constraint, schema_editor) -> list[str]:
    quote = schema_editor.quote_name
    drops = [f"DROP INDEX {quote(constraint.name)}"] + [
        f"DROP COLUMN {quote(generated_column_name(constraint.name, position))}"
        for position in range(1, len(constraint.fields) + 1)
    ]
    return [f"ALTER TABLE {quote(model._meta.db_table)} {', '.join(drops)}"]


def conditional_unique_constraints(model) -> list:
    """The model's unique constraints that Django leaves out on MariaDB."""
    return [
        constraint
        for constraint in model._meta.constraints
        if getattr(constraint, "condition", None) is not None and getattr(constraint, "fields", None)
    ]


class EnforceConditionalUnique(Operation):
    """On MariaDB, enforce the model's conditional ``UniqueConstraint`` ``name`` (as it stands in
    the migration state) with generated columns and a unique index; elsewhere do nothing, as
    Django's own ``AddConstraint`` created the partial index there.

    A migration that changes such a constraint later removes the old one with the reverse of this
    operation and adds the new one with another (tests/core/test_mariadb.py finds any that is missing).
    """

    reversible = True
    reduces_to_sql = False

    def __init__(self, model_name: str, name: str):
        self.model_name = model_name
        self.name = name

    def deconstruct(self):
        return self.__class__.__qualname__, [], {"model_name": self.model_name, "name": self.name}

    def state_forwards(self, app_label, state):
        pass  # the constraint is in the state already (AddConstraint or CreateModel put it there)

    def _statements(self, app_label, schema_editor, state, builder):
        if not is_mariadb(schema_editor.connection):
            return []
        refuse_unsupported_mysql(schema_editor.connection)
        model = state.apps.get_model(app_label, self.model_name)
        constraint = next(c for c in model._meta.constraints if c.name == self.name)
        return builder(model, constraint, schema_editor)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        for sql in self._statements(app_label, schema_editor, to_state, conditional_unique_sql):
            schema_editor.execute(sql, params=None)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        for sql in self._statements(app_label, schema_editor, from_state, drop_conditional_unique_sql):
            schema_editor.execute(sql, params=None)

    def describe(self):
        return f"Enforce {self.name} on {self.model_name} on MariaDB (generated columns, unique index)"

    @property
    def migration_name_fragment(self):
        return f"mariadb_{self.name}"


# -- deadlocks -----------------------------------------------------------------------------------


def is_deadlock(error: Exception) -> bool:
    """Whether the database gave up ``error``'s transaction to break a deadlock (or a
    serialization conflict), so that running it again is safe and may succeed."""
    cause = error.__cause__ or error
    if getattr(cause, "sqlstate", None) in DEADLOCK_SQLSTATES:
        return True
    args = getattr(cause, "args", ())
    return bool(args) and args[0] in DEADLOCK_ERRNOS


def retry_on_deadlock(function=None, *, attempts: int = 4, pause: float = 0.02):
    """Decorate a write service whose whole transaction may run again: a deadlock victim is
    retried up to ``attempts`` times, after a short, growing pause. Inside a caller's transaction
    there is nothing to retry (that transaction is lost): the error goes to the caller."""

    def decorate(service):
        @functools.wraps(service)
        def run(*args, **kwargs):
            for attempt in range(1, attempts + 1):
                outermost = not transaction.get_connection().in_atomic_block
                try:
                    return service(*args, **kwargs)
                except OperationalError as error:
                    if not (outermost and attempt < attempts and is_deadlock(error)):
                        raise
                time.sleep(pause * attempt)
            raise AssertionError("unreachable")

        return run

    return decorate(function) if function is not None else decorate


def one_statement_guard():
    """What a single INSERT that may break a unique constraint runs in: inside a transaction a
    savepoint (the failed statement would otherwise spoil the caller's transaction), outside one
    nothing, since an autocommitted statement that fails leaves the connection usable (a
    transaction around it would cost a BEGIN and a COMMIT for nothing)."""
    import contextlib

    return transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext()
