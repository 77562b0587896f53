"""The idea board and the proposals listing at 25,000 items each: every sort x filter x page.

For each cell (a listing URL) the p50 of REQUESTS requests, against a plain Wagtail
``StandardPage`` requested in turn with it (interleaved, so a slow moment of a shared machine hits
both alike; the ratio is taken against the plain page of the same cell), and the cell's query
count. Items are bulk inserted with realistic spreads: heavy-tailed vote and comment counters
(set directly; the listing reads the counters, never the vote rows), one or two of six topics,
seven areas (and none for a fifth), answered statuses for one in ten ideas, proposals in every
state.

SQLite (throwaway file) by default; ``BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/wp_lists_bench``
for PostgreSQL (that database is dropped and created, and dropped at the end).
``BENCH_REQUESTS`` (default 15) requests per cell; ``BENCH_ONLY=ideas|proposals`` one listing.
While working on a few cells: ``BENCH_SORTS=trending,ending`` (sorts by name),
``BENCH_FILTERS="topic,topic + area"`` (filters by their label) and ``BENCH_PAGES=10,last`` (page
numbers, ``last`` for the last page) keep only those cells.
"""

import os
import random
import statistics
import subprocess
import time
from datetime import timedelta

import ideas as base  # sets Django up (SQLite or PostgreSQL) and brings the builders
import proposals as proposal_bench
from django.db import connection, transaction  # noqa: E402
from django.template import Template  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, _TestState  # noqa: E402
from django.utils import translation  # noqa: E402
from wagtail.models import Locale  # noqa: E402

from home.models import StandardPage  # noqa: E402
from tests.builders import (  # noqa: E402  # noqa: E402
    ALL_ACTIONS_OPEN,
    PROPOSAL_ACTIONS_OPEN,
    ensure_site,
    make_board,
    make_proposals_page,
    publish,
)
from wagtail_participation import clock, statuses  # noqa: E402
from wagtail_participation.ideas.models import Idea  # noqa: E402
from wagtail_participation.models import Area, Contribution, Topic  # noqa: E402

# The test environment (set up by the shared set-up for the test client) instruments every
# template render to send a signal the client copies the whole context for; production has no
# such thing, and it costs a listing of 24 cards with their includes several milliseconds more
# than the plain page. Measured as served.
Template._render = _TestState.saved_data.template_render

ITEMS = 25_000
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "15"))
ONLY = os.environ.get("BENCH_ONLY", "")


def _chosen(name):
    """The values of a comma-separated knob, or None (all)."""
    value = os.environ.get(name, "").strip()
    return {part.strip() for part in value.split(",")} if value else None


SORTS, FILTERS, PAGES = _chosen("BENCH_SORTS"), _chosen("BENCH_FILTERS"), _chosen("BENCH_PAGES")
RNG = random.Random(19)
TOPICS = ("Mobility", "Youth", "Climate", "Housing", "Safety", "Culture")
AREAS = ("Noord", "Zuid", "Centrum", "Oost", "West", "Haven", "Bos")


def add_ideas(board, count, authors, topics, areas, now):
    """``count`` ideas with heavy-tailed counters, statuses, topics and areas, inserted in bulk."""
    record = board.participation_record
    answered = [s.code for s in statuses.IDEA_STATUSES if s.code in statuses.ANSWERED]
    rows = []
    for rank in range(count):
        up = int(RNG.paretovariate(1.1) * 2) - 2
        down = int(RNG.random() * up * 0.1)
        age = RNG.uniform(0, 60 * 86400)
        rows.append(
            Contribution(
                record=record,
                author=RNG.choice(authors),
                title=base.sentence(6)[:150],
                body=" ".join(base.sentence(12) for _ in range(4)),
                language=RNG.choice(("en", "en", "nl")),
                created_at=now - timedelta(seconds=age),
                status=RNG.choice(answered) if RNG.random() < 0.1 else statuses.PROPOSED,
                up_votes=up,
                down_votes=down,
                score=up - down,
                trending=round(up * 0.5 ** (age / (7 * 86400)), 3),
                comment_count=min(400, int(RNG.paretovariate(1.3)) - 1),
            )
        )
    parents = Contribution.objects.bulk_create(rows, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {Idea._meta.db_table} (contribution_ptr_id, area_id, location_text, image, image_alt) "
            "VALUES (%s, %s, %s, %s, %s)",
            [(c.pk, RNG.choice(areas).pk if RNG.random() < 0.8 else None, "Dorpsstraat", "", "") for c in parents],
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


def analyze():
    """Planner statistics (and on PostgreSQL the visibility map an index-only scan needs), as
    autovacuum keeps a live database."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def pages_of(total, per_page):
    last = max(1, -(-total // per_page))
    pages = [p for p in dict.fromkeys((1, 10, 100, 500, last)) if p <= last]
    if PAGES is None:
        return pages
    return [p for p in pages if str(p) in PAGES or (p == last and "last" in PAGES)]


def measure(client, plain_url, url):
    """(p50 ms, plain p50 ms, queries) of ``url`` requested in turn with the plain page."""
    for _ in range(2):
        assert client.get(url).status_code == 200, url
    times, plain = [], []
    for _ in range(REQUESTS):
        for target, into in ((url, times), (plain_url, plain)):
            start = time.perf_counter()
            response = client.get(target)
            into.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, target
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(times), statistics.median(plain), len(queries)


def run_matrix(title, client, plain_url, base_url, sorts, filters, count_for, per_page):
    """Print one table: a row per sort x filter x page."""
    print(f"{title}")
    print(f"{'sort':<10} {'filter':<22} {'page':>5} {'of':>5} {'p50 ms':>7} {'plain':>6} {'x plain':>8} {'queries':>8}")
    worst = 0.0
    for sort in sorts:
        if SORTS is not None and sort not in SORTS:
            continue
        for label, params in filters:
            if FILTERS is not None and label not in FILTERS:
                continue
            total = count_for(params)
            for number in pages_of(total, per_page):
                query = "&".join([f"sort={sort}", *params, *([f"page={number}"] if number > 1 else [])])
                p50, plain, queries = measure(client, plain_url, f"{base_url}?{query}")
                worst = max(worst, p50 / plain)
                last = -(-total // per_page) or 1
                print(
                    f"{sort:<10} {label:<22} {number:>5} {last:>5} {p50:>7.1f} {plain:>6.1f} {p50 / plain:>8.2f} {queries:>8}",
                    flush=True,
                )
    print(f"worst cell: {worst:.2f} x plain")
    print()


def main():
    translation.activate("en")
    now = clock.now()
    locale = Locale.objects.get_or_create(language_code="en")[0]
    home = ensure_site().root_page
    topics = [Topic.objects.create(name=n, slug=n.lower(), locale=locale) for n in TOPICS]
    areas = [Area.objects.create(name=n, slug=n.lower(), locale=locale) for n in AREAS]
    plain = publish(
        home.add_child(
            instance=StandardPage(
                title="Privacy policy",
                slug="privacy",
                body="<p>" + " ".join(base.sentence(14) for _ in range(30)) + "</p>",
            )
        )
    )
    authors = base.new_participants(3_000)
    client = Client()
    print(
        f"{base.DATABASE}: {ITEMS:,} ideas on one board and {ITEMS:,} proposals on one page; {REQUESTS} requests a cell"
    )
    uptime = subprocess.run(["uptime"], capture_output=True, text=True, env={"TZ": "UTC"}).stdout.strip()
    print(f"uptime (UTC): {uptime}")
    print()

    if ONLY in ("", "ideas"):
        board = make_board(home, rules=ALL_ACTIONS_OPEN, now=now, slug="board", title="Unsafe spots")
        t0 = time.perf_counter()
        with transaction.atomic():  # one commit, not one per row of the executemany
            add_ideas(board, ITEMS, authors, topics, areas, now)
        analyze()
        built = time.perf_counter() - t0
        visible = Idea.objects.filter(record=board.participation_record)

        def idea_count(params):
            ideas = visible
            for param in params:
                name, value = param.split("=")
                if name == "topic":
                    ideas = ideas.filter(topics__slug=value)
                elif name == "area":
                    ideas = ideas.filter(area__slug=value)
                elif name == "status":
                    ideas = ideas.filter(status=value)
                elif name == "q":
                    ideas = ideas.filter(pk__in=[i.pk for i in visible.search(value, operator="or")[:500]])
            return ideas.count()

        filters = [
            ("none", []),
            ("topic", ["topic=mobility"]),
            ("area", ["area=noord"]),
            ("status", [f"status={statuses.ANSWERED and sorted(statuses.ANSWERED)[0]}"]),
            ("topic + area", ["topic=mobility", "area=noord"]),
            ("search", ["q=crossing"]),
        ]
        run_matrix(
            f"idea board (built in {built:.0f} s)",
            client,
            plain.url,
            board.url,
            ("trending", "votes", "newest", "discussed", "random"),
            filters,
            idea_count,
            board.ideas_per_page,
        )

    if ONLY in ("", "proposals"):
        proposal_bench.RNG.seed(19)
        page = make_proposals_page(home, rules=PROPOSAL_ACTIONS_OPEN, now=now - timedelta(days=500), slug="proposals")
        t0 = time.perf_counter()
        with transaction.atomic():
            proposal_bench.add_proposals(page, ITEMS, authors, topics, areas, now)
        analyze()
        built = time.perf_counter() - t0
        from wagtail_participation.proposals.models import Proposal, state_filter

        listed = Proposal.objects.filter(record=page.participation_record, published_at__isnull=False)

        def proposal_count(params):
            items = listed
            for param in params:
                name, value = param.split("=")
                if name == "topic":
                    items = items.filter(topics__slug=value)
                elif name == "area":
                    items = items.filter(area__slug=value)
                elif name == "state":
                    items = items.filter(state_filter(value, now))
            return items.count()

        filters = [
            ("none", []),
            ("state collecting", ["state=published"]),
            ("topic", ["topic=mobility"]),
            ("area", ["area=noord"]),
            ("state + topic + area", ["state=published", "topic=mobility", "area=noord"]),
        ]
        run_matrix(
            f"proposals listing (built in {built:.0f} s)",
            client,
            plain.url,
            page.url,
            ("supports", "newest", "ending"),
            filters,
            proposal_count,
            page.proposals_per_page,
        )


if __name__ == "__main__":
    main()
