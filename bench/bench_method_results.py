"""How a results page with every method's block scales with the input behind it.

One results page with a poll, an option analysis (ranked: Borda and instant-runoff), a survey
summary, a budget outcome (Method of Equal Shares) and the proposals that reached their threshold
(the methods live beside the project, so the page holds only these five blocks). Ballots, responses and proposals are inserted in bulk at each size.
Rendered while everything is open (polls live, survey and budget not yet shown) and after close
with final snapshots, against a plain ``StandardPage`` in the same run: median ms per request and
queries. "uncached" sets ``RESULTS_CACHE_SECONDS`` to 0 (the first request after the cache expires).
SQLite by default; ``BENCH_DATABASE_URL`` switches to PostgreSQL (see ``bench/ideas.py``).
"""

import random
import statistics
import time
from datetime import timedelta

import ideas as idea_bench  # sets up Django and the database
from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from wagtail.models import Locale  # noqa: E402

from home.models import StandardPage  # noqa: E402
from tests.builders import (  # noqa: E402
    ensure_site,
    make_budget_page,  # noqa: E402
    make_index,
    make_poll,  # noqa: E402
    make_project,
    make_proposals_page,
    make_ranked_analysis,  # noqa: E402
    make_survey,  # noqa: E402
    publish,
)
from wagtail_participation import (
    clock,  # noqa: E402
    snapshots,
)
from wagtail_participation.budgets.models import BudgetBallot
from wagtail_participation.models import Department
from wagtail_participation.models.snapshots import ResultSnapshot
from wagtail_participation.polls import services as polls
from wagtail_participation.polls.models import PollBallot
from wagtail_participation.proposals.models import Proposal
from wagtail_participation.results.models import ResultsPage
from wagtail_participation.surveys.models import SurveyResponse

SIZES = (
    1_000,
    10_000,
    50_000,
)  # poll ballots; as many rankings, survey responses and budget ballots; size/100 proposals
REQUESTS = 15
RNG = random.Random(8)


def measure(client, url):
    client.get(url)
    timings = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(timings) * 1000, len(queries)


def add_input(methods, count, voters, department, now):
    poll, analysis, survey, budget, board = methods
    people = voters[:count]
    PollBallot.objects.bulk_create(
        [
            PollBallot(
                record=poll.participation_record,
                participant=p,
                choices=[RNG.choice(["market-square", "station", "park"])],
                created_at=now,
                updated_at=now,
            )
            for p in people
        ],
        batch_size=5000,
        ignore_conflicts=True,
    )
    polls.recount(poll.participation_record)
    rankings = [["a", "b", "c"], ["b", "a"], ["c", "b", "a"], ["b"], ["a", "c"]]
    PollBallot.objects.bulk_create(
        [
            PollBallot(
                record=analysis.participation_record,
                participant=p,
                choices=RNG.choice(rankings),
                created_at=now,
                updated_at=now,
            )
            for p in people
        ],
        batch_size=5000,
        ignore_conflicts=True,
    )
    SurveyResponse.objects.filter(record=survey.participation_record).delete()
    SurveyResponse.objects.bulk_create(
        [
            SurveyResponse(
                record=survey.participation_record,
                participant=None,
                language="en",
                submitted_at=now,
                answers={"visits": RNG.choice(["daily", "weekly", "rarely"]), "satisfaction": RNG.randint(1, 5)},
            )
            for _ in range(count)
        ],
        batch_size=5000,
    )
    codes = [p.code for p in budget.budget_projects.all()]
    BudgetBallot.objects.bulk_create(
        [
            BudgetBallot(
                record=budget.participation_record,
                budget_code=budget.budgets.first().code,
                participant=p,
                projects=RNG.sample(codes, RNG.randint(1, 2)),
                created_at=now,
                updated_at=now,
            )
            for p in people
        ],
        batch_size=5000,
        ignore_conflicts=True,
    )
    have = Proposal.objects.filter(record=board.participation_record).count()
    for i in range(have, count // 100):
        reached = now - timedelta(days=RNG.randint(1, 100))
        decided = i % 3 != 0
        Proposal.objects.create(
            record=board.participation_record,
            title=f"Proposal {i}",
            body="A proposal.",
            language="en",
            created_at=now,
            submitted_at=reached,
            published_at=reached,
            window_ends_at=reached + timedelta(days=60),
            threshold=10,
            counted=12,
            support_count=12,
            threshold_reached_at=reached,
            answer_deadline=reached + timedelta(days=90),
            outcome="accepted" if decided else "",
            decided_at=reached + timedelta(days=20) if decided else None,
        )


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
    methods = (
        make_poll(home, now=now),
        make_ranked_analysis(home, now),
        make_survey(home, now=now),
        make_budget_page(home, now, index_slug="bench-budgets"),
        make_proposals_page(home, now=now, threshold=10),
    )
    department = Department.objects.create(name="Parks", slug="bench-parks", locale=en)
    poll, analysis, survey, budget, board = methods
    block = {"heading": "", "text": ""}
    page = publish(
        project.add_child(
            instance=ResultsPage(
                title="Results",
                slug="results",
                intro="What happened.",
                body=[
                    ("method_results", {**block, "method": poll}),
                    ("method_results", {**block, "method": analysis}),
                    ("method_results", {**block, "method": survey, "codes": "", "show_texts": False}),
                    ("method_results", {**block, "method": budget, "codes": "", "details": True}),
                    ("method_results", {**block, "method": board, "which": "top", "count": 10}),
                ],
            )
        )
    )
    voters = idea_bench.new_participants(max(SIZES))
    client = Client()
    rows = []
    for size in SIZES:
        add_input(methods, size, voters, department, now)
        cache.clear()
        base_ms, base_q = measure(client, plain.url)
        live_ms, live_q = measure(client, page.url)
        later = now + timedelta(days=40)
        records = [m.participation_record for m in methods[:4]]
        ResultSnapshot.objects.filter(record__in=records).delete()  # bench only: retake at this size
        with clock.frozen_at(later):
            start = time.perf_counter()
            for record in records:
                snapshots.finalise(record, None)
            finalise_s = time.perf_counter() - start
            final_ms, final_q = measure(client, page.url)
            settings.WAGTAILPARTICIPATION_RESULTS_CACHE_SECONDS = 0
            cold_ms, _ = measure(client, page.url)
            del settings.WAGTAILPARTICIPATION_RESULTS_CACHE_SECONDS
        rows.append((size, base_ms, base_q, live_ms, live_q, final_ms, final_q, cold_ms, finalise_s))
    print(f"{idea_bench.DATABASE}: results page with the five method blocks")
    print(
        f"{'ballots':>8} {'plain ms':>9} {'live ms':>8} {'x plain':>8} {'final ms':>9} {'x plain':>8} "
        f"{'uncached ms':>12} {'x plain':>8} {'finalise s':>11} {'queries plain/live/final':>25}"
    )
    for size, base_ms, base_q, live_ms, live_q, final_ms, final_q, cold_ms, finalise_s in rows:
        print(
            f"{size:>8,} {base_ms:>9.1f} {live_ms:>8.1f} {live_ms / base_ms:>8.2f} {final_ms:>9.1f} {final_ms / base_ms:>8.2f} "
            f"{cold_ms:>12.1f} {cold_ms / base_ms:>8.2f} {finalise_s:>11.2f} {f'{base_q}/{live_q}/{final_q}':>25}"
        )


if __name__ == "__main__":
    main()
