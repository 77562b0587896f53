"""Integrity under parallel requests, on PostgreSQL (SQLite serialises writers, so it proves nothing)."""

import threading

import pytest

from tests.conftest import NOW, days, make_method, vote_rule
from wagtail_participation import clock, results
from wagtail_participation.engine.policy import Level
from wagtail_participation.models import Participant, ResultSnapshot

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_in_parallel(target, count=8):
    barrier = threading.Barrier(count)
    errors = []

    def worker():
        from django.db import connections

        try:
            barrier.wait()
            target()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_parallel_first_requests_of_one_user_create_one_participant(django_user_model):
    user = django_user_model.objects.create_user("ann", password="pw")
    errors = run_in_parallel(lambda: Participant.objects.get_or_create(user=user))
    assert errors == []
    assert Participant.objects.filter(user=user).count() == 1


def test_parallel_ticks_store_one_provisional_snapshot(home):
    with clock.frozen_at(NOW):
        method = make_method(home, rules=vote_rule(Level.ANYONE), opens_at=NOW - days(2), closes_at=NOW - days(1))
    record = method.participation_record

    def tick():
        with clock.frozen_at(NOW):
            results.take_provisional(type(record).objects.get(pk=record.pk))

    assert run_in_parallel(tick) == []
    assert ResultSnapshot.objects.filter(record=record).count() == 1
