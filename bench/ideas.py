"""An idea board at city scale: 25,000 ideas, 250,000 votes, 50,000 comments on one board.

Measures, in one run and against baselines rendered in the same run:

* the board page (``/en/<board>/``): p50/p95 over 30 requests and its query count (with 250 and
  with 25,000 ideas, so a growing count shows), against a plain Wagtail ``StandardPage``, the
  pages requested in turn so that load on a shared machine hits them alike;
* vote throughput: 500 POSTs by distinct anonymous participants through the board's routed vote
  view, against a bare Django view that inserts the same ``ContributionVote`` row. Both are
  called with ``RequestFactory`` requests built the same way, so both pay the same overhead;
  then the same comparison for whole HTTP requests through Django's handler (middleware, URL
  routing), with the bare view mounted in the site's URLconf.

Targets (issue 4): a constant query count; board p50 <= 2x the plain page; the vote path at
least 50% of the bare insert's throughput.

SQLite (throwaway file) by default. PostgreSQL: ``BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/wp_bench``
(the database is dropped and created by this script, and dropped again at the end).
``BENCH_PROFILE=1`` prints a cProfile of the vote path.
"""

import os
import random
import statistics
import sys
import time
import uuid
from datetime import timedelta

import _django

BENCH_DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "")
IDEAS, VOTES, COMMENTS = 25_000, 250_000, 50_000
SMALL = 250  # ideas when the query count is first taken (votes and comments in proportion)
VOTERS = 20_000  # participants who cast the bulk votes
REQUESTS = 30
VOTE_POSTS = 500
ROUNDS = 5  # the vote POSTs of each path, in interleaved rounds


def setup() -> str:
    """SQLite through the shared set-up, or a fresh PostgreSQL database named in BENCH_DATABASE_URL."""
    if not BENCH_DATABASE_URL:
        _django.setup()
        return "SQLite"
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    parts = urlsplit(BENCH_DATABASE_URL)
    name = parts.path.lstrip("/")
    if not name.replace("_", "").isalnum():
        sys.exit(f"refusing a database name that is not a plain identifier: {name!r}")
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')

    def drop():
        from django.db import connections

        connections.close_all()
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')

    import atexit

    atexit.register(drop)
    sys.path[:0] = [str(_django.REPO), str(_django.REPO / "example_site")]
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    os.environ["DATABASE_URL"] = BENCH_DATABASE_URL  # tests/settings.py reads it

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    return "PostgreSQL"


DATABASE = setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import resolve, reverse  # noqa: E402
from django.utils import translation  # noqa: E402
from wagtail.models import Locale  # noqa: E402

from home.models import StandardPage  # noqa: E402
from tests.builders import ALL_ACTIONS_OPEN, ensure_site, make_board, publish  # noqa: E402
from wagtail_participation import clock, conf, statuses  # noqa: E402
from wagtail_participation.engine import trending  # noqa: E402
from wagtail_participation.ideas.models import Idea
from wagtail_participation.models import Area, Comment, Contribution, ContributionVote, Participant, Topic

RNG = random.Random(4)
WORDS = (
    "crossing school bike lane speed zebra lights pavement parents cars children morning bus stop "
    "traffic junction roundabout path dark safe street cycle narrow parking lorry"
).split()


def sentence(n):
    return " ".join(RNG.choice(WORDS) for _ in range(n)).capitalize() + "."


# -- building the board ------------------------------------------------------------------------


def new_participants(count):
    return Participant.objects.bulk_create([Participant(token=uuid.uuid4()) for _ in range(count)], batch_size=5000)


def add_ideas(board, count, voters, topics, area, now):
    """``count`` ideas with their votes and comments in proportion, inserted in bulk."""
    record = board.participation_record
    answered = [s.code for s in statuses.IDEA_STATUSES if s.code in statuses.ANSWERED]
    parents = Contribution.objects.bulk_create(
        [
            Contribution(
                record=record,
                author=RNG.choice(voters),
                title=sentence(6)[:150],
                body=" ".join(sentence(12) for _ in range(4)),
                language=RNG.choice(("en", "nl")),
                created_at=now - timedelta(seconds=RNG.uniform(0, 30 * 86400)),
                status=RNG.choice(answered) if RNG.random() < 0.1 else statuses.PROPOSED,
            )
            for _ in range(count)
        ],
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {Idea._meta.db_table} (contribution_ptr_id, area_id, location_text, image, image_alt) "
            "VALUES (%s, %s, %s, %s, %s)",
            [
                (c.pk, area.pk if RNG.random() < 0.7 else None, f"{RNG.choice(WORDS).title()}straat", "", "")
                for c in parents
            ],
        )
    through = Idea.topics.through
    through.objects.bulk_create(
        [
            through(idea_id=c.pk, topic_id=topic.pk)
            for c in parents
            for topic in RNG.sample(topics, RNG.choice((1, 1, 2)))
        ],
        batch_size=5000,
    )

    # Votes: a heavy tail (a few ideas get hundreds), one per participant per idea.
    ids = [c.pk for c in parents]
    created_at = {c.pk: c.created_at for c in parents}
    weights = [1 / (rank + 5) ** 0.9 for rank in range(len(ids))]
    target = count * VOTES // IDEAS
    pairs = set()
    while len(pairs) < target:
        for idea_id in RNG.choices(ids, weights, k=target - len(pairs)):
            pairs.add((idea_id, RNG.choice(voters).pk))
    votes = []
    for idea_id, participant_id in pairs:
        at = created_at[idea_id] + (now - created_at[idea_id]) * RNG.random()
        votes.append(
            ContributionVote(
                contribution_id=idea_id,
                participant_id=participant_id,
                value=1,
                weight=trending.vote_weight(at),
                created_at=at,
            )
        )
    # A bulk import: on PostgreSQL the counting trigger is off for it (session_replication_role),
    # and recount() below sets the counters from the rows in one statement.
    replica = connection.vendor == "postgresql"
    if replica:
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
    ContributionVote.objects.bulk_create(votes, batch_size=5000)
    if replica:
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")

    # Comments: four in five top-level, the rest replies to a top-level comment of the same idea.
    n_comments = count * COMMENTS // IDEAS
    top = Comment.objects.bulk_create(
        [
            Comment(
                contribution_id=idea_id,
                author=RNG.choice(voters),
                body=sentence(15),
                language="en",
                created_at=created_at[idea_id] + timedelta(hours=RNG.uniform(1, 48)),
            )
            for idea_id in RNG.choices(ids, weights, k=n_comments * 4 // 5)
        ],
        batch_size=5000,
    )
    Comment.objects.bulk_create(
        [
            Comment(
                contribution_id=parent.contribution_id,
                parent=parent,
                author=RNG.choice(voters),
                body=sentence(10),
                language="en",
                created_at=parent.created_at + timedelta(hours=RNG.uniform(1, 24)),
            )
            for parent in RNG.choices(top, k=n_comments - len(top))
        ],
        batch_size=5000,
    )
    recount(record)


def recount(record):
    """Counters from the rows they count, in one UPDATE ... FROM aggregate (SQLite >= 3.33, PostgreSQL)."""
    contribution = Contribution._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {contribution} AS c
            SET up_votes = a.up, down_votes = a.down, score = a.up - a.down, trending = a.trending, comment_count = a.comments
            FROM (
                SELECT k.id,
                       COALESCE(v.up, 0) AS up, COALESCE(v.down, 0) AS down, COALESCE(v.trending, 0) AS trending,
                       COALESCE(m.comments, 0) AS comments
                FROM {contribution} AS k
                LEFT JOIN (
                    SELECT contribution_id,
                           SUM(CASE WHEN value = 1 THEN 1 ELSE 0 END) AS up,
                           SUM(CASE WHEN value = -1 THEN 1 ELSE 0 END) AS down,
                           SUM(weight * value) AS trending
                    FROM {ContributionVote._meta.db_table} GROUP BY contribution_id
                ) AS v ON v.contribution_id = k.id
                LEFT JOIN (
                    SELECT contribution_id, COUNT(*) AS comments
                    FROM {Comment._meta.db_table} WHERE removed_at IS NULL GROUP BY contribution_id
                ) AS m ON m.contribution_id = k.id
                WHERE k.record_id = %s
            ) AS a
            WHERE c.id = a.id
        """,
            [record.pk],
        )
    with connection.cursor() as cursor:
        # Planner statistics, and on PostgreSQL the dead row versions of the bulk load cleared
        # (every counted vote rewrote its idea's row), as autovacuum keeps a live database.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


# -- measuring ---------------------------------------------------------------------------------


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def page_timing(client, url):
    """(p50 ms, p95 ms, queries) of ``url`` over REQUESTS requests after a warm-up."""
    ((p50, p95, queries),) = interleaved_timings([(client, url)])
    return p50, p95, queries


def interleaved_timings(pages):
    """(p50 ms, p95 ms, queries) per ``(client, url)``, requested in turn REQUESTS times, so a
    slow moment of a shared machine hits every page alike (the ratios stay comparable)."""
    for client, url in pages:
        for _ in range(3):
            assert client.get(url).status_code == 200, url
    timings = [[] for _ in pages]
    for _ in range(REQUESTS):
        for k, (client, url) in enumerate(pages):
            start = time.perf_counter()
            response = client.get(url)
            timings[k].append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, url
    results = []
    for (client, url), times in zip(pages, timings):
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        results.append((statistics.median(times), percentile(times, 0.95), len(queries)))
    return results


def token_cookie(participant):
    response = HttpResponse()
    response.set_signed_cookie(conf.get("TOKEN_COOKIE_NAME"), str(participant.token), salt=conf.get("TOKEN_SALT"))
    return response.cookies[conf.get("TOKEN_COOKIE_NAME")].value


def visitor_client(participant):
    client = Client()
    client.cookies[conf.get("TOKEN_COOKIE_NAME")] = token_cookie(participant)
    return client


FACTORY = RequestFactory()


def post_request(path, data, index, participant=None, xhr=True):
    """The same request for both paths: a distinct address (the rate limit counts per address),
    an anonymous user, and for a returning visitor the participant's signed cookie and a session
    cookie (never read: nothing in either path loads the session). A first visit has neither: the
    view issues a token and the rate limit stores a new session."""
    headers = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"} if xhr else {}
    request = FACTORY.post(path, data, REMOTE_ADDR=f"10.{index // 65536}.{index // 256 % 256}.{index % 256}", **headers)
    if participant is not None:
        request.COOKIES[conf.get("TOKEN_COOKIE_NAME")] = token_cookie(participant)
    request.user = AnonymousUser()
    request.session = SessionStore(session_key=None if participant is None else f"bench{index:032d}")
    return request


def bare_vote(request, idea_id):
    """The baseline: insert the same row, nothing else."""
    now = clock.now()
    ContributionVote.objects.create(
        contribution_id=idea_id,
        participant_id=int(request.POST["participant"]),
        value=1,
        weight=trending.vote_weight(now),
        created_at=now,
    )
    return HttpResponse(status=204)


def handler_throughput(participants, idea_ids, path_for, data_for, xhr=True, offset=0):
    """Votes per second for whole POSTs through Django's request handler (``Client``): the same
    middleware, URL resolution and response for the vote view and for the bare view."""
    client = Client()
    headers = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"} if xhr else {}
    start = time.perf_counter()
    for i, participant in enumerate(participants):
        idea_id = idea_ids[i % len(idea_ids)]
        client.cookies[conf.get("TOKEN_COOKIE_NAME")] = token_cookie(participant)
        index = offset + i
        response = client.post(
            path_for(idea_id),
            data_for(participant),
            REMOTE_ADDR=f"10.{index // 65536}.{index // 256 % 256}.{index % 256}",
            **headers,
        )
        assert response.status_code in (200, 204, 302), (response.status_code, response.content[:200])
    return len(participants) / (time.perf_counter() - start)


def mount_bare_view():
    """The site's URLconf plus ``/bench/bare-vote/<id>/`` served by :func:`bare_vote`."""
    import importlib
    import types

    from django.urls import clear_url_caches, path

    urls = types.ModuleType("bench_ideas_urls")
    site_urls = importlib.import_module(settings.ROOT_URLCONF)
    urls.urlpatterns = [path("bench/bare-vote/<int:idea_id>/", bare_vote), *site_urls.urlpatterns]
    sys.modules[urls.__name__] = urls
    settings.ROOT_URLCONF = urls.__name__
    clear_url_caches()


def vote_throughput(board, idea_ids, participants, xhr=True, new_visitors=False, offset=0):
    """Votes per second through the vote view the cards post to (resolved like any request)."""
    start = time.perf_counter()
    for i, participant in enumerate(participants):
        idea_id = idea_ids[i % len(idea_ids)]
        # The route the idea cards post to (outside the page tree; see README "Idea collection").
        path = reverse("wagtail_participation:vote_idea", args=(idea_id,))
        # without JavaScript the card's form also sends where to come back to (vote_buttons.html)
        data = {"value": "up"} if xhr else {"value": "up", "next": f"{board.url}#idea-{idea_id}"}
        request = post_request(path, data, offset + i, None if new_visitors else participant, xhr)
        match = resolve(path)
        response = match.func(request, *match.args, **match.kwargs)
        assert response.status_code in (200, 302), (response.status_code, response.content[:200])
    return len(participants) / (time.perf_counter() - start)


def bare_throughput(board, idea_ids, participants, offset=0):
    start = time.perf_counter()
    for i, participant in enumerate(participants):
        idea_id = idea_ids[i % len(idea_ids)]
        request = post_request(
            f"{board.url}ideas/{idea_id}/vote/", {"participant": participant.pk}, offset + i, participant
        )
        response = bare_vote(request, idea_id)
        assert response.status_code == 204
    return len(participants) / (time.perf_counter() - start)


def main():
    translation.activate("en")
    now = clock.now()
    locale = Locale.objects.get_or_create(language_code="en")[0]
    home = ensure_site().root_page
    topics = [Topic.objects.create(name=n, slug=n.lower(), locale=locale) for n in ("Mobility", "Youth", "Climate")]
    area = Area.objects.create(name="Noord", slug="noord", postal_codes="3001", locale=locale)
    board = make_board(home, rules=ALL_ACTIONS_OPEN, now=now, slug="board", title="Unsafe spots")
    plain = publish(
        home.add_child(
            instance=StandardPage(
                title="Privacy policy", slug="privacy", body="<p>" + " ".join(sentence(14) for _ in range(30)) + "</p>"
            )
        )
    )
    filtered = f"{board.url}?sort=votes&topic=mobility&area=noord"

    t0 = time.perf_counter()
    voters = new_participants(VOTERS)
    add_ideas(board, SMALL, voters, topics, area, now)
    client = Client()
    small = {"board": page_timing(client, board.url)[2], "filtered": page_timing(client, filtered)[2]}
    add_ideas(board, IDEAS - SMALL, voters, topics, area, now)
    build = time.perf_counter() - t0
    counts = (Idea.objects.count(), ContributionVote.objects.count(), Comment.objects.count())
    assert counts == (IDEAS, VOTES, COMMENTS), counts

    # A visitor with a cookie who voted on ideas of the first page: their own votes are shown.
    visitor = new_participants(1)[0]
    top = list(Idea.objects.order_by("-trending").values_list("pk", flat=True)[:10])
    for idea_id in top[:5]:
        ContributionVote.objects.create(
            contribution_id=idea_id, participant=visitor, value=1, weight=1.0, created_at=now
        )

    pages = [
        ("board, trending (default)", board.url, client, small["board"]),
        ("board, votes + topic + area filter", filtered, client, small["filtered"]),
        (f"board, page 500 of {-(-IDEAS // board.ideas_per_page)}", f"{board.url}?page=500", client, None),
        ("board, visitor who voted", board.url, visitor_client(visitor), None),
    ]
    timed = interleaved_timings([(client, plain.url)] + [(c, url) for _label, url, c, _q in pages])
    plain_p50, plain_p95, plain_q = timed[0]
    rows = [("plain StandardPage", plain_p50, plain_p95, plain_q, plain_q)]
    for (label, _url, _client, small_q), (p50, p95, queries) in zip(pages, timed[1:]):
        rows.append((label, p50, p95, small_q, queries))

    # Votes: distinct anonymous participants who have not voted yet, on ideas spread over the board.
    idea_ids = list(Idea.objects.order_by("?").values_list("pk", flat=True)[:VOTE_POSTS])
    fresh = new_participants(4 * VOTE_POSTS)
    groups = [fresh[i * VOTE_POSTS : (i + 1) * VOTE_POSTS] for i in range(4)]
    # warm-up (imports, caches, the page's first routing) on ideas the measured POSTs do not touch
    spare = list(Idea.objects.exclude(pk__in=idea_ids).values_list("pk", flat=True)[:20])
    warm = new_participants(40)
    vote_throughput(board, spare, warm[:20], offset=60_000)
    bare_throughput(board, spare, warm[20:], offset=61_000)
    counted_voter = new_participants(1)
    with CaptureQueriesContext(connection) as vote_queries:
        vote_throughput(board, spare[:1], counted_voter, offset=62_000)
    # Read now: the captured list is a view of the connection's log, which later requests reset.
    vote_sql = [q["sql"] for q in vote_queries.captured_queries]
    before = ContributionVote.objects.count()
    paths = [
        lambda people, offset: bare_throughput(board, idea_ids, people, offset=offset),
        lambda people, offset: vote_throughput(board, idea_ids, people, xhr=True, offset=1_000 + offset),
        lambda people, offset: vote_throughput(board, idea_ids, people, xhr=False, offset=2_000 + offset),
        lambda people, offset: vote_throughput(
            board, idea_ids, people, xhr=True, new_visitors=True, offset=3_000 + offset
        ),
    ]
    # Interleaved rounds, so a slow moment of the machine hits every path alike.
    seconds = [0.0] * len(paths)
    step = VOTE_POSTS // ROUNDS
    for start in range(0, VOTE_POSTS, step):
        for k, path in enumerate(paths):
            people = groups[k][start : start + step]
            seconds[k] += len(people) / path(people, start)
    bare, vote_js, vote_form, vote_new = (VOTE_POSTS / s for s in seconds)
    assert ContributionVote.objects.count() == before + 4 * VOTE_POSTS

    # The same comparison for whole HTTP requests through Django's handler.
    mount_bare_view()
    handler_people = new_participants(2 * VOTE_POSTS + 40)
    bare_post = (lambda i: f"/bench/bare-vote/{i}/", lambda p: {"participant": p.pk})
    vote_post = (lambda i: reverse("wagtail_participation:vote_idea", args=(i,)), lambda p: {"value": "up"})
    for k, (path_for, data_for) in enumerate((bare_post, vote_post)):  # warm-up on spare ideas
        warm_people = handler_people[2 * VOTE_POSTS + 20 * k : 2 * VOTE_POSTS + 20 * (k + 1)]
        handler_throughput(warm_people, spare, path_for, data_for, offset=63_000 + 100 * k)
    handler_seconds = [0.0, 0.0]
    for start in range(0, VOTE_POSTS, step):
        for k, (path_for, data_for) in enumerate((bare_post, vote_post)):
            people = handler_people[k * VOTE_POSTS + start : k * VOTE_POSTS + start + step]
            handler_seconds[k] += len(people) / handler_throughput(
                people, idea_ids, path_for, data_for, offset=5_000 * (k + 1) + start
            )
    handler_bare, handler_vote = (VOTE_POSTS / s for s in handler_seconds)

    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        vote_throughput(board, idea_ids, new_participants(VOTE_POSTS), offset=4_000)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)

    print(f"{DATABASE}: {IDEAS:,} ideas, {VOTES:,} votes, {COMMENTS:,} comments on one board (built in {build:.0f} s)")
    print()
    print(f"{'page':<36} {'p50 ms':>7} {'p95 ms':>7} {'x plain':>8} {'queries':>16}")
    for label, p50, p95, small_q, queries in rows:
        q = f"{queries}" if small_q is None else f"{small_q} -> {queries}"
        print(f"{label:<36} {p50:>7.1f} {p95:>7.1f} {p50 / plain_p50:>8.2f} {q:>16}")
    print(f"(queries: with {SMALL} ideas -> with {IDEAS:,})")
    print()
    print(f"{'vote POST (' + str(VOTE_POSTS) + ' distinct participants)':<44} {'votes/s':>8} {'x bare':>7}")
    for label, rate in (
        ("bare Django view inserting the vote row", bare),
        ("board vote view, in place (JSON)", vote_js),
        ("board vote view, without JavaScript (302)", vote_form),
        ("board vote view, first visit (new token)", vote_new),
    ):
        print(f"{label:<44} {rate:>8.0f} {rate / bare:>7.2f}")
    print(f"(queries per vote, in place: {len(vote_sql)})")
    print()
    print(f"{'whole POST through Django (middleware, routing)':<44} {'votes/s':>8} {'x bare':>7}")
    for label, rate in (
        ("bare Django view inserting the vote row", handler_bare),
        ("vote view, in place (JSON)", handler_vote),
    ):
        print(f"{label:<44} {rate:>8.0f} {rate / handler_bare:>7.2f}")
    if os.environ.get("BENCH_SHOW_QUERIES"):
        for sql in vote_sql:
            print("  ", sql[:200])
        with CaptureQueriesContext(connection) as board_queries:
            client.get(board.url)
        print("board page queries (seconds):")
        for query in board_queries.captured_queries:
            print(f"   {query['time']:>6} {query['sql'][:160]}")


if __name__ == "__main__":
    main()
