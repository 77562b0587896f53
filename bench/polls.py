"""Polls at city scale: vote POST throughput and page renders, against baselines in the same run.

Measures, on a throwaway migrated SQLite database:

* vote throughput: 500 POSTs by distinct anonymous participants through the poll vote route
  (``wagtail_participation:vote_poll``, the one every embedded poll posts to), against a bare Django
  view that inserts the same ``PollBallot`` row. Both get ``RequestFactory`` requests built the
  same way (distinct addresses, a signed participant cookie), in interleaved rounds;
* page renders (p50/p95 over 30 requests, query count): a poll page showing live results and a
  page with a poll embedded (the generic MethodBlock), with 1,000 and with 50,000 votes, against a plain ``StandardPage``;
* the counting engine alone: Borda + instant-runoff over 100,000 ranked ballots of 8 options.

Issue 5 asks for the poll vote throughput against a bare insert; no timed assertions anywhere.
"""

import os
import random
import statistics
import time
import uuid
from datetime import timedelta

import _django

_django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import resolve, reverse  # noqa: E402
from django.utils import translation  # noqa: E402
from wagtail.models import Locale  # noqa: E402

from home.models import HomePage, StandardPage  # noqa: E402
from tests.builders import ensure_site, publish  # noqa: E402
from wagtail_participation import clock, conf  # noqa: E402
from wagtail_participation.engine.policy import Level  # noqa: E402
from wagtail_participation.models import Participant  # noqa: E402
from wagtail_participation.polls import services as polls
from wagtail_participation.polls.engine import tally  # noqa: E402
from wagtail_participation.polls.models import PollBallot, PollOption, PollPage

RNG = random.Random(5)
REQUESTS = 30
VOTE_POSTS = 500
ROUNDS = 5
SIZES = (1_000, 50_000)
OPTIONS = [
    ("stationsplein", "Stationsplein"),
    ("kerkplein", "Kerkplein"),
    ("parking-vesten", "Parking Vesten"),
    ("grote-markt-zuid", "Grote Markt, south side"),
]
FACTORY = RequestFactory()


def new_participants(count):
    return Participant.objects.bulk_create([Participant(token=uuid.uuid4()) for _ in range(count)], batch_size=5000)


def add_ballots(poll, count):
    now = clock.now()
    record = poll.participation_record
    codes = [code for code, _ in OPTIONS]
    weights = [5, 3, 2, 1]
    PollBallot.objects.bulk_create(
        [
            PollBallot(
                record=record,
                participant=participant,
                choices=RNG.choices(codes, weights),
                language=RNG.choice(("en", "nl")),
                created_at=now,
                updated_at=now,
            )
            for participant in new_participants(count)
        ],
        batch_size=5000,
    )
    polls.recount(record)  # bulk rows bypass the running tallies


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def page_timing(client, url):
    for _ in range(3):
        assert client.get(url).status_code == 200, url
    timings = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(timings), percentile(timings, 0.95), len(queries)


def token_cookie(participant):
    response = HttpResponse()
    response.set_signed_cookie(conf.get("TOKEN_COOKIE_NAME"), str(participant.token), salt=conf.get("TOKEN_SALT"))
    return response.cookies[conf.get("TOKEN_COOKIE_NAME")].value


def post_request(path, data, index, participant=None):
    """The same request for both paths (see bench/ideas.py): a distinct address, an anonymous
    user, the participant's signed cookie (none on a first visit) and a session that is never read."""
    request = FACTORY.post(path, data, REMOTE_ADDR=f"10.{index // 65536}.{index // 256 % 256}.{index % 256}")
    if participant is not None:
        request.COOKIES[conf.get("TOKEN_COOKIE_NAME")] = token_cookie(participant)
    request.user = AnonymousUser()
    request.session = SessionStore(session_key=None if participant is None else f"bench{index:032d}")
    request._messages = _NoMessages()
    return request


class _NoMessages:
    """The message storage the middleware would attach (RequestFactory requests have none)."""

    def add(self, level, message, extra_tags=""):
        pass


def bare_vote(request, record_id):
    now = clock.now()
    PollBallot.objects.create(
        record_id=record_id,
        participant_id=int(request.POST["participant"]),
        choices=[request.POST["choice"]],
        language="en",
        created_at=now,
        updated_at=now,
    )
    return HttpResponse(status=204)


def vote_throughput(poll, participants, new_visitors=False, offset=0):
    path = reverse("wagtail_participation:vote_poll", args=(poll.participation_record.pk,))
    match = resolve(path)
    start = time.perf_counter()
    for i, participant in enumerate(participants):
        data = {"choice": OPTIONS[i % len(OPTIONS)][0], "next": "/en/#poll"}
        request = post_request(path, data, offset + i, None if new_visitors else participant)
        response = match.func(request, *match.args, **match.kwargs)
        assert response.status_code == 302, (response.status_code, getattr(response, "content", b"")[:300])
    return len(participants) / (time.perf_counter() - start)


def bare_throughput(poll, participants, offset=0):
    record_id = poll.participation_record.pk
    start = time.perf_counter()
    for i, participant in enumerate(participants):
        data = {"participant": participant.pk, "choice": OPTIONS[i % len(OPTIONS)][0]}
        request = post_request(f"/bare/{record_id}/", data, offset + i, participant)
        assert bare_vote(request, record_id).status_code == 204
    return len(participants) / (time.perf_counter() - start)


def engine_timing():
    codes = [f"s{i}" for i in range(8)]
    ballots = [tuple(RNG.sample(codes, RNG.randint(1, 8))) for _ in range(100_000)]
    start = time.perf_counter()
    tally.borda(ballots, codes)
    tally.instant_runoff(ballots, codes)
    return time.perf_counter() - start, len(set(ballots))


def main():
    translation.activate("en")
    now = clock.now()
    Locale.objects.get_or_create(language_code="en")
    home = ensure_site().root_page
    rules = {"actions": {"vote": {"level": int(Level.ANYONE), "phases": []}}}
    poll = PollPage(
        title="Saturday market",
        slug="poll",
        question="Where should the market be?",
        results_visibility="always",
        participation_rules=rules,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
    )
    for order, (code, label) in enumerate(OPTIONS):
        poll.options.add(PollOption(code=code, label=label, sort_order=order))
    poll = publish(home.add_child(instance=poll))
    vote_poll = PollPage(
        title="Vote target",
        slug="vote-target",
        question="Where?",
        participation_rules=rules,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
    )
    for order, (code, label) in enumerate(OPTIONS):
        vote_poll.options.add(PollOption(code=code, label=label, sort_order=order))
    vote_poll = publish(home.add_child(instance=vote_poll))
    bare_poll = publish(
        home.add_child(
            instance=PollPage(
                title="Bare target",
                slug="bare-target",
                question="Where?",
                participation_rules=rules,
                opens_at=now - timedelta(days=1),
                closes_at=now + timedelta(days=30),
            )
        )
    )
    text = "<p>" + " ".join("The market moves while the square is rebuilt." for _ in range(60)) + "</p>"
    plain = publish(home.add_child(instance=StandardPage(title="Market news", slug="news", body=text)))
    with_block = publish(
        home.add_child(
            instance=HomePage(
                title="Market news with poll",
                slug="news-poll",
                body=text,
                participation=[("method", {"method": poll, "heading": ""})],
            )
        )
    )

    client = Client()
    rows = []
    plain_timing = page_timing(client, plain.url)
    rows.append(("plain StandardPage", None, *plain_timing))
    added = 0
    for size in SIZES:
        add_ballots(poll, size - added)
        added = size
        rows.append(("poll page, live results", size, *page_timing(client, poll.url)))
        rows.append(("page with a poll block", size, *page_timing(client, with_block.url)))

    # Votes: interleaved rounds of the bare insert, the vote route (returning visitors) and first visits.
    groups = [new_participants(VOTE_POSTS) for _ in range(3)]
    warm = new_participants(40)
    vote_throughput(vote_poll, warm[:20], offset=60_000)
    bare_throughput(bare_poll, warm[20:], offset=61_000)
    with CaptureQueriesContext(connection) as vote_queries:
        vote_throughput(vote_poll, new_participants(1), offset=62_000)
    seconds = [0.0, 0.0, 0.0]
    step = VOTE_POSTS // ROUNDS
    for start in range(0, VOTE_POSTS, step):
        for k, path in enumerate(
            (
                lambda people, o: bare_throughput(bare_poll, people, offset=o),
                lambda people, o: vote_throughput(vote_poll, people, offset=1_000 + o),
                lambda people, o: vote_throughput(vote_poll, people, new_visitors=True, offset=2_000 + o),
            )
        ):
            people = groups[k][start : start + step]
            seconds[k] += len(people) / path(people, start)
    bare, returning, first = (VOTE_POSTS / s for s in seconds)
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        vote_throughput(vote_poll, new_participants(100), offset=4_000)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    engine_seconds, distinct = engine_timing()

    print("SQLite: a 4-answer poll, votes added in bulk")
    print()
    print(f"{'page':<28} {'votes':>7} {'p50 ms':>7} {'p95 ms':>7} {'x plain':>8} {'queries':>8}")
    for label, size, p50, p95, queries in rows:
        print(f"{label:<28} {size or '':>7} {p50:>7.1f} {p95:>7.1f} {p50 / plain_timing[0]:>8.2f} {queries:>8}")
    print()
    print(f"{'vote POST (' + str(VOTE_POSTS) + ' distinct participants)':<46} {'votes/s':>8} {'x bare':>7}")
    for label, rate in (
        ("bare Django view inserting the PollBallot row", bare),
        ("poll vote route, returning visitor (302)", returning),
        ("poll vote route, first visit (new token)", first),
    ):
        print(f"{label:<46} {rate:>8.0f} {rate / bare:>7.2f}")
    print(f"(queries per vote, returning visitor: {len(vote_queries)})")
    if os.environ.get("BENCH_SHOW_QUERIES"):
        for query in vote_queries.captured_queries:
            print("  ", query["sql"][:160])
    print()
    print(
        f"engine: Borda + instant-runoff of 100,000 ranked ballots, 8 options ({distinct:,} distinct): {engine_seconds:.2f} s"
    )


if __name__ == "__main__":
    main()
