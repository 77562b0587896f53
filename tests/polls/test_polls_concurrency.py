"""Poll votes under parallel requests, on PostgreSQL and MariaDB (SQLite serialises writers, so it proves nothing)."""

import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from tests.builders import NOW, make_poll, run_in_parallel
from wagtail_participation import clock
from wagtail_participation.models import Participant
from wagtail_participation.polls import services as polls
from wagtail_participation.polls.models import PollBallot

pytestmark = [pytest.mark.concurrent_db, pytest.mark.django_db(transaction=True)]


def test_parallel_votes_of_one_participant_store_one_ballot(home):
    with clock.frozen_at(NOW):
        poll = make_poll(home, now=NOW)
    record = poll.participation_record
    voter = Participant.new_anonymous()
    choices = iter(["park", "station"] * 4)
    lock = threading.Lock()
    outcomes = []

    def vote():
        with lock:
            choice = next(choices)
        outcomes.append(polls.cast_ballot(record, voter, [choice], allow_change=True))

    assert run_in_parallel(vote) == []
    assert PollBallot.objects.filter(record=record).count() == 1
    assert outcomes.count(polls.CAST) == 1  # exactly one insert won; the rest changed or repeated it
    running = {code: count for code, count in polls.tallies(record).items() if count}
    assert running == polls.recount(record)  # the F() counters followed every change


def test_parallel_vote_posts_of_one_browser_count_once_without_changes(home, client):
    with clock.frozen_at(NOW):
        poll = make_poll(home, now=NOW, allow_change=False)
    url = reverse("wagtail_participation:vote_poll", args=(poll.participation_record.pk,))
    with clock.frozen_at(NOW):
        client.post(url, {"choice": "park"})  # the browser now holds its token
    cookies = client.cookies
    PollBallot.objects.all().delete()
    statuses = []

    def post():
        browser = Client()
        browser.cookies = cookies
        with clock.frozen_at(NOW):
            statuses.append(browser.post(url, {"choice": "station"}).status_code)
        connections.close_all()

    assert run_in_parallel(post) == []
    assert PollBallot.objects.filter(record=poll.participation_record).count() == 1
    assert sorted(set(statuses)) in ([302], [302, 409])


def test_parallel_votes_of_many_participants_are_all_counted(home):
    with clock.frozen_at(NOW):
        poll = make_poll(home, now=NOW)
    record = poll.participation_record
    voters = iter([Participant.new_anonymous() for _ in range(8)])
    lock = threading.Lock()

    def vote():
        with lock:
            voter = next(voters)
        polls.cast_ballot(record, voter, ["park"])

    assert run_in_parallel(vote) == []
    assert {row.code: row.value for row in poll.get_results().rows}["park"] == 8
    assert poll.get_results().participants == 8


def test_parallel_changes_in_opposite_directions_neither_deadlock_nor_drift(home):
    with clock.frozen_at(NOW):
        poll = make_poll(home, now=NOW, selection="multiple", min_choices=1, max_choices=0)
    record = poll.participation_record
    people = [Participant.new_anonymous() for _ in range(8)]
    for index, person in enumerate(people):
        polls.cast_ballot(record, person, ["park", "station"] if index % 2 else ["station", "market-square"])
    queue = iter(enumerate(people))
    lock = threading.Lock()

    def change():
        with lock:
            index, person = next(queue)
        polls.cast_ballot(record, person, ["station", "market-square"] if index % 2 else ["park", "station"])

    assert run_in_parallel(change) == []
    running = {code: count for code, count in polls.tallies(record).items() if count}
    assert running == polls.recount(record)
    assert running["park"] == 4 and running["market-square"] == 4 and running["station"] == 8
