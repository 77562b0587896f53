"""How a results page scales with the input behind it: ideas, votes and comments on the board.

Builds a project with an idea board (bulk inserts, as ``bench/ideas.py``), 10 decisions and 10
milestones, and a results page with every results block (participation figures, top ideas by
votes and by status, the board's results chart, decisions, implementation tracker). Renders it
while the board is open (live numbers) and after it closed and was finalised (the frozen
snapshot), against a plain ``StandardPage`` in the same run: median ms per request and queries.
Live numbers and figures are cached for ``RESULTS_CACHE_SECONDS``; the "uncached" column sets it
to 0, i.e. what the first request after the cache expires costs.
SQLite by default; ``BENCH_DATABASE_URL`` switches to PostgreSQL (see ``bench/ideas.py``).
"""

import statistics
import time
from datetime import timedelta

import ideas as idea_bench  # sets up Django and the database
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from wagtail.models import Locale  # noqa: E402

from home.models import StandardPage  # noqa: E402
from tests.builders import ensure_site, make_board, make_index, make_project, publish  # noqa: E402
from wagtail_participation import (
    clock,  # noqa: E402
    snapshots,
)
from wagtail_participation.models import Area, Milestone, PolicyDecision, Topic  # noqa: E402
from wagtail_participation.models.snapshots import ResultSnapshot
from wagtail_participation.results.models import ResultsPage

SIZES = (250, 2_500, 25_000)  # ideas; votes x10 and comments x2, as on the idea-board bench
REQUESTS = 15


def measure(client, url):
    client.get(url)  # warm up
    timings = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(timings) * 1000, len(queries)


def main():
    now = clock.now()
    en = Locale.objects.get_or_create(language_code="en")[0]
    home = ensure_site().root_page
    plain = publish(
        home.add_child(instance=StandardPage(title="Plain", slug="bench-plain", body="<p>" + "Text. " * 200 + "</p>"))
    )
    index = make_index(home, slug="bench-results-index")
    project = make_project(
        index, slug="bench-project", phases=[("collect", now - timedelta(days=40), now + timedelta(days=5))]
    )
    code = [project.phases.first().code]
    board = make_board(
        project,
        slug="bench-board",
        rules={"actions": {a: {"level": 0, "phases": code} for a in ("submit", "vote", "comment")}},
    )
    topics = [Topic.objects.create(name=f"Topic {i}", slug=f"bench-topic-{i}", locale=en) for i in range(4)]
    area = Area.objects.create(name="Noord", slug="bench-noord", locale=en)
    decisions = [
        PolicyDecision.objects.create(
            locale=en,
            title=f"Decision {i}",
            you_said="<p>Said.</p>",
            we_did="<p>Did.</p>",
            status="adopted",
            project=project,
        )
        for i in range(10)
    ]
    milestones = [
        Milestone.objects.create(locale=en, title=f"Milestone {i}", status="in_progress", progress=i * 10)
        for i in range(10)
    ]
    page = publish(
        project.add_child(
            instance=ResultsPage(
                title="Results",
                slug="results",
                intro="What happened.",
                body=[
                    ("participation_figures", {"project": None, "heading": ""}),
                    (
                        "method_results",
                        {"method": board, "heading": "", "text": "", "which": "top", "statuses": [], "count": 10},
                    ),
                    (
                        "method_results",
                        {
                            "method": board,
                            "heading": "",
                            "text": "",
                            "which": "answered",
                            "statuses": ["accepted"],
                            "count": 10,
                        },
                    ),
                    ("method_results", {"method": board, "heading": "", "text": ""}),  # the default options
                    ("decisions", {"heading": "", "decisions": decisions}),
                    ("implementation", {"heading": "", "milestones": milestones}),
                ],
            )
        )
    )
    voters = idea_bench.new_participants(idea_bench.VOTERS)
    client = Client()
    created, rows = 0, []
    idea_bench.RNG.seed(8)
    for size in SIZES:
        idea_bench.add_ideas(board, size - created, voters, topics, area, now - timedelta(days=1))
        created = size
        base_ms, base_q = measure(client, plain.url)
        live_ms, live_q = measure(client, page.url)
        ResultSnapshot.objects.filter(record=board.participation_record).delete()  # bench only: retake at this size
        with clock.frozen_at(now + timedelta(days=6)):
            snapshots.finalise(board.participation_record, None)
            final_ms, final_q = measure(client, page.url)
            settings.WAGTAILPARTICIPATION_RESULTS_CACHE_SECONDS = 0
            cold_ms, _ = measure(client, page.url)
            del settings.WAGTAILPARTICIPATION_RESULTS_CACHE_SECONDS
        rows.append((size, base_ms, base_q, live_ms, live_q, final_ms, final_q, cold_ms))
    print(f"{idea_bench.DATABASE}: results page with every block, 10 decisions, 10 milestones")
    print(
        f"{'ideas':>7} {'votes':>8} {'plain ms':>9} {'live ms':>8} {'x plain':>8} {'final ms':>9} {'x plain':>8} "
        f"{'uncached ms':>12} {'x plain':>8} {'queries plain/live/final':>25}"
    )
    for size, base_ms, base_q, live_ms, live_q, final_ms, final_q, cold_ms in rows:
        print(
            f"{size:>7,} {size * 10:>8,} {base_ms:>9.1f} {live_ms:>8.1f} {live_ms / base_ms:>8.2f} {final_ms:>9.1f} "
            f"{final_ms / base_ms:>8.2f} {cold_ms:>12.1f} {cold_ms / base_ms:>8.2f} {f'{base_q}/{live_q}/{final_q}':>25}"
        )


if __name__ == "__main__":
    main()
