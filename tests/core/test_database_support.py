"""The database layer of docs/deployment.md, "Supported databases": MySQL and old MariaDB are
refused by a system check, deadlock victims are retried, and the conditional "one per ..." rules
hold on every database (on MariaDB through generated columns in a unique index)."""

import io
from types import SimpleNamespace
from unittest import mock

import pytest
from django.apps import apps
from django.db import IntegrityError, OperationalError, connection, transaction

from tests.builders import NOW, make_method, vote_rule
from wagtail_participation import checks, clock, databases
from wagtail_participation.engine.policy import Level
from wagtail_participation.models import Participant
from wagtail_participation.models.snapshots import ResultSnapshot


def _server(**attributes):
    return {"default": SimpleNamespace(vendor="mysql", **attributes)}


@pytest.mark.parametrize(
    ("server", "refused"),
    [
        ({"mysql_is_mariadb": False, "mysql_version": (8, 4, 3)}, "is MySQL"),
        ({"mysql_is_mariadb": True, "mysql_version": (10, 6, 20)}, "is MariaDB 10.6.20"),
        ({"mysql_is_mariadb": True, "mysql_version": (10, 11, 9)}, None),
        ({"mysql_is_mariadb": True, "mysql_version": (11, 4, 2)}, None),
    ],
)
def test_the_database_check_refuses_mysql_and_mariadb_before_10_11(server, refused):
    with mock.patch("django.db.connections", _server(**server)):
        problems = checks.check_database_server(None, databases=["default"])
    if refused is None:
        assert problems == []
    else:
        assert [p.id for p in problems] == ["wagtail_participation.E060"]
        assert refused in problems[0].msg


def test_the_database_check_leaves_other_databases_alone():
    with mock.patch("django.db.connections", {"default": SimpleNamespace(vendor="postgresql")}):
        assert checks.check_database_server(None, databases=["default"]) == []


class _DriverError(Exception):
    """What a driver raises: MariaDB's carry an error number in args, psycopg's a sqlstate."""

    def __init__(self, *args, sqlstate=None):
        super().__init__(*args)
        self.sqlstate = sqlstate


def _error(cause):
    error = OperationalError("wrapped")
    error.__cause__ = cause
    return error


def test_deadlocks_and_serialization_failures_are_recognised_and_nothing_else():
    assert databases.is_deadlock(_error(Exception(1213, "Deadlock found when trying to get lock")))
    assert databases.is_deadlock(_error(_DriverError(sqlstate="40P01")))
    assert databases.is_deadlock(_error(_DriverError(sqlstate="40001")))
    assert not databases.is_deadlock(_error(Exception(1205, "Lock wait timeout exceeded")))
    assert not databases.is_deadlock(_error(Exception(2006, "MySQL server has gone away")))


def test_a_deadlock_victim_runs_again_but_not_inside_a_callers_transaction():
    calls = []

    @databases.retry_on_deadlock(pause=0)
    def service():
        calls.append(1)
        if len(calls) < 3:
            raise _error(Exception(1213, "Deadlock"))
        return "done"

    assert service() == "done"
    assert len(calls) == 3
    calls.clear()
    # inside a caller's transaction (no database needed to say so): that transaction is lost, only
    # the caller could run it again
    with mock.patch.object(connection, "in_atomic_block", True), pytest.raises(OperationalError):
        service()
    assert len(calls) == 1


def test_a_service_that_keeps_deadlocking_gives_up():
    calls = []

    @databases.retry_on_deadlock(attempts=3, pause=0)
    def service():
        calls.append(1)
        raise _error(Exception(1213, "Deadlock"))

    with pytest.raises(OperationalError):
        service()
    assert len(calls) == 3


def test_other_errors_are_not_retried():
    calls = []

    @databases.retry_on_deadlock(pause=0)
    def service():
        calls.append(1)
        raise _error(Exception(1205, "Lock wait timeout exceeded"))

    with pytest.raises(OperationalError):
        service()
    assert len(calls) == 1


# -- the core's conditional rules, on whatever database the suite runs ---------------------------


@pytest.mark.django_db
def test_one_provisional_and_one_final_snapshot_per_method(home):
    with clock.frozen_at(NOW):
        record = make_method(home, rules=vote_rule(Level.ANYONE)).participation_record
    for kind in (ResultSnapshot.PROVISIONAL, ResultSnapshot.FINAL):
        ResultSnapshot.objects.create(record=record, kind=kind, rule="r", data={}, taken_at=NOW)
        with pytest.raises(IntegrityError), transaction.atomic():
            ResultSnapshot.objects.create(record=record, kind=kind, rule="r", data={}, taken_at=NOW)
    assert ResultSnapshot.objects.filter(record=record).count() == 2


@pytest.mark.django_db
def test_one_current_register_row_per_participant_and_one_open_refusal(make_area):
    from wagtail_participation import verification
    from wagtail_participation.models import CensusClaimRefusal, CensusEntry

    make_area("Noord", "noord")
    backend = verification.get_backend("census")
    backend.import_rows(
        "x",
        io.BytesIO(b"postal_code,house_number,date_of_birth,area\n3001,1,1980-01-01,noord\n3001,2,1981-01-01,noord\n"),
    )
    first, second = CensusEntry.objects.order_by("pk")
    participant = Participant.new_anonymous()
    CensusEntry.objects.filter(pk=first.pk).update(claimed_by=participant, claimed_at=NOW)
    with pytest.raises(IntegrityError), transaction.atomic():
        CensusEntry.objects.filter(pk=second.pk).update(claimed_by=participant, claimed_at=NOW)
    # a superseded claim is history: the participant may hold a current one beside it
    CensusEntry.objects.filter(pk=first.pk).update(superseded_at=NOW)
    CensusEntry.objects.filter(pk=second.pk).update(claimed_by=participant, claimed_at=NOW)

    CensusClaimRefusal.objects.create(entry=first, participant=participant)
    with pytest.raises(IntegrityError), transaction.atomic():
        CensusClaimRefusal.objects.create(entry=first, participant=participant)
    CensusClaimRefusal.objects.filter(entry=first).update(resolved=True)
    CensusClaimRefusal.objects.create(entry=first, participant=participant)
    assert CensusClaimRefusal.objects.filter(entry=first).count() == 2


# -- MariaDB: every conditional rule of every installed model has its unique index ----------------


def _conditional_rules():
    return [
        (model, constraint)
        for model in apps.get_models()
        if model._meta.app_label.startswith("wagtail_participation")
        or model.__module__.startswith("wagtail_participation")
        for constraint in databases.conditional_unique_constraints(model)
    ]


def test_the_package_has_conditional_rules_to_enforce():
    names = {constraint.name for _, constraint in _conditional_rules()}
    assert {"wp_one_survey_response", "wp_one_budget_ballot_per_participant", "wp_one_final_snapshot"} <= names


@pytest.mark.mariadb
@pytest.mark.django_db
def test_every_conditional_rule_is_a_unique_index_on_mariadb():
    """A migration that adds or changes a conditional UniqueConstraint must add an
    ``EnforceConditionalUnique`` beside it: without one, MariaDB would silently not enforce it."""
    missing = []
    with connection.cursor() as cursor:
        for model, constraint in _conditional_rules():
            cursor.execute(
                "SELECT s.COLUMN_NAME, c.IS_GENERATED, s.NON_UNIQUE FROM information_schema.STATISTICS s "
                "JOIN information_schema.COLUMNS c ON c.TABLE_SCHEMA = s.TABLE_SCHEMA "
                "AND c.TABLE_NAME = s.TABLE_NAME AND c.COLUMN_NAME = s.COLUMN_NAME "
                "WHERE s.TABLE_SCHEMA = DATABASE() AND s.TABLE_NAME = %s AND s.INDEX_NAME = %s ORDER BY s.SEQ_IN_INDEX",
                [model._meta.db_table, constraint.name],
            )
            rows = cursor.fetchall()
            expected = [
                (databases.generated_column_name(constraint.name, position), "ALWAYS", 0)
                for position in range(1, len(constraint.fields) + 1)
            ]
            if [tuple(row) for row in rows] != expected:
                missing.append(f"{model._meta.label}.{constraint.name}: {rows}")
    assert missing == []
