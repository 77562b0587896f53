"""Every public listing and detail page against a plain Wagtail page, in one run (issue 19).

Prints, for each page, the median ms of ``REQUESTS`` requests, the ratio to a plain
``StandardPage`` requested in turn with it (plain, page, plain, page...: load on a shared machine
hits both alike), and the page's query count:

* the participation index with 3, 30 and 300 projects;
* a results page with every block (participation figures, the idea board's top ideas, answered
  ideas and chart, 10 decisions, 10 milestones, and the results of a poll, a ranked option
  analysis, a survey, a budget by the Method of Equal Shares and citizen proposals) over 25,000
  items of each (ideas with 250,000 votes and 50,000 comments; ballots, rankings, responses and
  budget ballots; 250 proposals): live (methods open), final (closed and finalised) and uncached
  (``RESULTS_CACHE_SECONDS = 0``: the first request after the cache expires), live and final;
* the idea with the most comments on that board, and a proposal with 1,000 comments.

SQLite by default; ``BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/<name>`` runs on
PostgreSQL (a database this script creates and drops, see ``bench/ideas.py``). ``BENCH_ITEMS``
changes the 25,000.
"""

import os
import statistics
import subprocess
import time
from datetime import timedelta

import bench_method_results as method_bench
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
    make_board,
    make_budget_page,
    make_index,
    make_poll,
    make_project,
    make_proposals_page,
    make_ranked_analysis,
    make_survey,
    publish,
)
from wagtail_participation import clock, snapshots  # noqa: E402
from wagtail_participation.ideas.models import Idea  # noqa: E402
from wagtail_participation.models import Area, Comment, Department, Milestone, PolicyDecision, Topic  # noqa: E402
from wagtail_participation.models.snapshots import ResultSnapshot  # noqa: E402
from wagtail_participation.proposals.models import Proposal  # noqa: E402
from wagtail_participation.results.models import ResultsPage  # noqa: E402

ITEMS = int(os.environ.get("BENCH_ITEMS", "25000"))
REQUESTS = 21
PROPOSAL_COMMENTS = 1_000


def compare(client, plain_url, url):
    """Median ms of the plain page and of ``url``, requested in turn, and ``url``'s query count."""
    for target in (plain_url, url):
        assert client.get(target).status_code == 200  # warm up
    plain, page = [], []
    for _ in range(REQUESTS):
        for target, timings in ((plain_url, plain), (url, page)):
            start = time.perf_counter()
            response = client.get(target)
            timings.append(time.perf_counter() - start)
            assert response.status_code == 200, (target, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(plain) * 1000, statistics.median(page) * 1000, len(queries)


def uncached(function):
    settings.WAGTAILPARTICIPATION_RESULTS_CACHE_SECONDS = 0
    try:
        return function()
    finally:
        del settings.WAGTAILPARTICIPATION_RESULTS_CACHE_SECONDS


def index_rows(client, home, plain_url, now):
    index = make_index(home, slug="bench-index")
    topic = Topic.objects.create(name="Mobility", slug="mobility", locale=Locale.objects.get(language_code="en"))
    created, rows = 0, []
    for target in (3, 30, 300):
        while created < target:
            offset = timedelta(days=created % 3 * 10 - 10)  # a third finished, open and upcoming
            make_project(
                index,
                title=f"Project {created}",
                slug=f"p-{created}",
                intro="Why we ask, and what happens with your input. " * 3,
                topics=[topic],
                phases=[("collect", now + offset - timedelta(days=2), now + offset + timedelta(days=2))],
            )
            created += 1
        rows.append((f"index, {target} projects", *compare(client, plain_url, index.url)))
    return rows


def results_page(home, now):
    """A project with an idea board and every block, and the five methods beside it."""
    en = Locale.objects.get(language_code="en")
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
    methods = (
        make_poll(home, now=now),
        make_ranked_analysis(home, now),
        make_survey(home, now=now),
        make_budget_page(home, now, index_slug="bench-budgets"),
        make_proposals_page(home, now=now, threshold=10),
    )
    decisions = [
        PolicyDecision.objects.create(
            locale=en, title=f"Decision {i}", you_said="<p>Said.</p>", we_did="<p>Did.</p>", status="adopted"
        )
        for i in range(10)
    ]
    milestones = [
        Milestone.objects.create(locale=en, title=f"Milestone {i}", status="in_progress", progress=i * 10)
        for i in range(10)
    ]
    poll, analysis, survey, budget, proposals = methods
    block = {"heading": "", "text": ""}
    page = publish(
        project.add_child(
            instance=ResultsPage(
                title="Results",
                slug="results",
                intro="What happened.",
                body=[
                    ("participation_figures", {"project": None, "heading": ""}),
                    ("method_results", {**block, "method": board, "which": "top", "statuses": [], "count": 10}),
                    (
                        "method_results",
                        {**block, "method": board, "which": "answered", "statuses": ["accepted"], "count": 10},
                    ),
                    ("method_results", {**block, "method": board}),
                    ("decisions", {"heading": "", "decisions": decisions}),
                    ("implementation", {"heading": "", "milestones": milestones}),
                    ("method_results", {**block, "method": poll}),
                    ("method_results", {**block, "method": analysis}),
                    ("method_results", {**block, "method": survey, "codes": "", "show_texts": False}),
                    ("method_results", {**block, "method": budget, "codes": "", "details": True}),
                    ("method_results", {**block, "method": proposals, "which": "top", "count": 10}),
                ],
            )
        )
    )
    return page, board, methods


def add_comments(proposal, count, voters, now):
    top = Comment.objects.bulk_create(
        [
            Comment(
                contribution_id=proposal.pk,
                author=voters[i],
                body=idea_bench.sentence(15),
                language="en",
                created_at=now - timedelta(minutes=count - i),
            )
            for i in range(count * 4 // 5)
        ]
    )
    Comment.objects.bulk_create(
        [
            Comment(
                contribution_id=proposal.pk,
                parent=idea_bench.RNG.choice(top),
                author=voters[i],
                body=idea_bench.sentence(10),
                language="en",
                created_at=now,
            )
            for i in range(count - len(top))
        ]
    )
    Proposal.objects.filter(pk=proposal.pk).update(comment_count=count)


def main():
    now = clock.now()
    Locale.objects.get_or_create(language_code="en")
    home = ensure_site().root_page
    plain = publish(
        home.add_child(instance=StandardPage(title="Plain", slug="bench-plain", body="<p>" + "Text. " * 200 + "</p>"))
    )
    client = Client()
    rows = index_rows(client, home, plain.url, now)

    page, board, methods = results_page(home, now)
    en = Locale.objects.get(language_code="en")
    topics = [Topic.objects.create(name=f"Topic {i}", slug=f"bench-topic-{i}", locale=en) for i in range(4)]
    area = Area.objects.create(name="Noord", slug="bench-noord", locale=en)
    voters = idea_bench.new_participants(max(ITEMS, idea_bench.VOTERS))
    idea_bench.RNG.seed(8)
    started = time.perf_counter()
    idea_bench.add_ideas(board, ITEMS, voters, topics, area, now - timedelta(days=1))
    department = Department.objects.create(name="Parks", slug="bench-parks", locale=en)
    method_bench.add_input(methods, ITEMS, voters, department, now)
    proposal = Proposal.objects.filter(record=methods[4].participation_record).order_by("pk").first()
    add_comments(proposal, PROPOSAL_COMMENTS, voters, now)
    built = time.perf_counter() - started
    cache.clear()

    idea = Idea.objects.filter(record=board.participation_record).order_by("-comment_count").first()
    idea_url = board.url + board.reverse_subpage("idea", args=(idea.pk,))
    proposal_url = methods[4].url + methods[4].reverse_subpage("proposal", args=(proposal.pk,))
    rows.append((f"idea detail, {idea.comment_count:,} comments", *compare(client, plain.url, idea_url)))
    rows.append((f"proposal detail, {PROPOSAL_COMMENTS:,} comments", *compare(client, plain.url, proposal_url)))
    rows.append(("results, live", *compare(client, plain.url, page.url)))
    rows.append(("results, live uncached", *uncached(lambda: compare(client, plain.url, page.url))))
    records = [board.participation_record] + [m.participation_record for m in methods[:4]]
    ResultSnapshot.objects.filter(record__in=records).delete()
    with clock.frozen_at(now + timedelta(days=40)):
        start = time.perf_counter()
        for record in records:
            snapshots.finalise(record, None)
        finalise_s = time.perf_counter() - start
        cache.clear()
        rows.append(("results, final", *compare(client, plain.url, page.url)))
        rows.append(("results, final uncached", *uncached(lambda: compare(client, plain.url, page.url))))

    print(f"{idea_bench.DATABASE}, {ITEMS:,} items (built in {built:.0f} s; finalising took {finalise_s:.1f} s)")
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    print(f"{'page':<36} {'plain ms':>9} {'page ms':>9} {'x plain':>8} {'queries':>8}")
    for name, plain_ms, page_ms, queries in rows:
        print(f"{name:<36} {plain_ms:>9.1f} {page_ms:>9.1f} {page_ms / plain_ms:>8.2f} {queries:>8}")


if __name__ == "__main__":
    main()
