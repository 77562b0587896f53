"""Citizen proposals at city scale: 5,000 proposals on one page, in every state.

Measures, in one run and against baselines measured in the same run:

* the proposals listing (``/en/<page>/``): p50/p95 over 30 requests and its query count (with 50
  and with 5,000 proposals, so a growing count shows), against a plain Wagtail ``StandardPage``;
* support throughput: 500 POSTs by distinct anonymous participants through the page's support
  view (the route the "Support" button posts to), against a bare Django view that inserts the
  same ``ProposalSupport`` row. Both get ``RequestFactory`` requests built the same way.

Shares the database set-up and the measuring helpers of ``bench/ideas.py`` (SQLite by default;
``BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/wp_bench`` for PostgreSQL, a database this
script drops and creates).
"""

import random
import time
import uuid
from datetime import timedelta

import ideas as base  # sets Django up (SQLite or PostgreSQL) and brings the measuring helpers
from django.contrib.messages.storage.cookie import CookieStorage  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone, translation  # noqa: E402
from wagtail.models import Locale  # noqa: E402

from home.models import StandardPage  # noqa: E402
from tests.builders import PROPOSAL_ACTIONS_OPEN, ensure_site, make_proposals_page, publish  # noqa: E402
from wagtail_participation import clock  # noqa: E402
from wagtail_participation.models import Area, Contribution, Participant, Topic  # noqa: E402
from wagtail_participation.proposals import views as proposal_views
from wagtail_participation.proposals.engine import thresholds as th  # noqa: E402
from wagtail_participation.proposals.models import Proposal, ProposalSupport

PROPOSALS = 5_000
SMALL = 50
SUPPORT_POSTS = 500
ROUNDS = 5
RNG = random.Random(7)
ZONE = timezone.get_default_timezone()


def add_proposals(page, count, authors, topics, areas, now):
    """``count`` published proposals, their states spread as a living page has them, inserted in bulk."""
    record = page.participation_record
    rules = th.Rules(threshold=30, window_days=60, answer_days=90)
    parents = Contribution.objects.bulk_create(
        [
            Contribution(
                record=record,
                author=RNG.choice(authors),
                title=base.sentence(6)[:150],
                body=" ".join(base.sentence(12) for _ in range(3)),
                language="en",
                created_at=now - timedelta(days=RNG.uniform(0, 400)),
            )
            for _ in range(count)
        ],
        batch_size=2000,
    )
    rows = []
    for parent in parents:
        published = parent.created_at + timedelta(hours=2)
        supports = min(80, int(RNG.paretovariate(1.2) * 3))
        reached = published + timedelta(days=RNG.uniform(1, 59)) if supports >= 30 else None
        outcome = RNG.choice(("accepted", "rejected")) if reached and RNG.random() < 0.5 else ""
        rows.append(
            (
                parent.pk,
                RNG.choice(areas).pk,
                parent.created_at,
                published,
                th.window_end(published, rules, ZONE),
                30,
                60,
                90,
                True,
                True,
                True,
                False,
                supports,
                0,
                0,
                supports,
                reached,
                th.answer_deadline(reached, rules, ZONE) if reached else None,
                outcome,
                reached + timedelta(days=30) if outcome else None,
                "",
                record.pk,  # the listing's copies (listing_record_id, phase), as Proposal.save sets them
                "answered" if outcome else "reached" if reached else "open",
            )
        )
    columns = (
        "contribution_ptr_id, area_id, submitted_at, published_at, window_ends_at, threshold, window_days, answer_days, "
        "count_offline, supports_after_threshold, withdrawal_allowed, author_may_support, support_count, "
        "area_support_count, offline_count, counted, threshold_reached_at, answer_deadline, outcome, decided_at, "
        "ineligible_reason, listing_record_id, phase"
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {Proposal._meta.db_table} ({columns}) VALUES ({', '.join(['%s'] * 23)})",
            rows,
        )
    through = Proposal.topics.through
    through.objects.bulk_create(
        [through(proposal_id=p.pk, topic_id=RNG.choice(topics).pk) for p in parents], batch_size=5000
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def support_request(path, index, participant):
    request = base.post_request(path, {"action": "support"}, index, participant, xhr=False)
    request._messages = CookieStorage(request)
    return request


def support_throughput(page, proposal_ids, people, offset):
    start = time.perf_counter()
    for i, participant in enumerate(people):
        proposal_id = proposal_ids[i % len(proposal_ids)]
        path = page.url + page.reverse_subpage("support", args=(proposal_id,))
        response = proposal_views.support(support_request(path, offset + i, participant), page, proposal_id)
        assert response.status_code == 302, response.status_code
    return len(people) / (time.perf_counter() - start)


def bare_throughput(page, proposal_ids, people, offset):
    start = time.perf_counter()
    for i, participant in enumerate(people):
        proposal_id = proposal_ids[i % len(proposal_ids)]
        support_request(f"{page.url}proposals/{proposal_id}/support/", offset + i, participant)  # built alike
        ProposalSupport.objects.create(proposal_id=proposal_id, participant=participant, created_at=clock.now())
        HttpResponse(status=204)
    return len(people) / (time.perf_counter() - start)


def new_participants(count):
    return Participant.objects.bulk_create([Participant(token=uuid.uuid4()) for _ in range(count)], batch_size=5000)


def main():
    translation.activate("en")
    now = clock.now()
    locale = Locale.objects.get_or_create(language_code="en")[0]
    home = ensure_site().root_page
    topics = [Topic.objects.create(name=n, slug=n.lower(), locale=locale) for n in ("Mobility", "Youth", "Climate")]
    areas = [Area.objects.create(name=n, slug=n.lower(), locale=locale) for n in ("Noord", "Zuid", "Centrum", "Oost")]
    page = make_proposals_page(home, rules=PROPOSAL_ACTIONS_OPEN, now=now - timedelta(days=500), slug="proposals")
    plain = publish(
        home.add_child(
            instance=StandardPage(
                title="Privacy policy",
                slug="privacy",
                body="<p>" + " ".join(base.sentence(14) for _ in range(30)) + "</p>",
            )
        )
    )
    urls = {
        "listing, most supports (default)": page.url,
        "listing, collecting + topic, ending soon": f"{page.url}?state=published&topic=mobility&sort=ending",
        "listing, threshold reached, newest": f"{page.url}?state=threshold_reached&sort=newest",
        "listing, page 100": f"{page.url}?page=100",
    }
    t0 = time.perf_counter()
    authors = new_participants(3_000)
    add_proposals(page, SMALL, authors, topics, areas, now)
    client = Client()
    small = {label: base.page_timing(client, url)[2] for label, url in urls.items()}
    add_proposals(page, PROPOSALS - SMALL, authors, topics, areas, now)
    build = time.perf_counter() - t0
    assert Proposal.objects.count() == PROPOSALS

    plain_p50, plain_p95, plain_q = base.page_timing(client, plain.url)
    rows = [("plain StandardPage", plain_p50, plain_p95, None, plain_q)]
    for label, url in urls.items():
        p50, p95, queries = base.page_timing(client, url)
        rows.append((label, p50, p95, small[label], queries))

    open_ids = list(
        Proposal.objects.filter(window_ends_at__gt=now, threshold_reached_at__isnull=True, outcome="")
        .order_by("?")
        .values_list("pk", flat=True)[:SUPPORT_POSTS]
    )
    groups = [new_participants(SUPPORT_POSTS) for _ in range(2)]
    warm = new_participants(40)
    spare = list(
        Proposal.objects.filter(window_ends_at__gt=now, outcome="")
        .exclude(pk__in=open_ids)
        .values_list("pk", flat=True)[:20]
    )
    support_throughput(page, spare, warm[:20], 60_000)
    bare_throughput(page, spare, warm[20:], 61_000)
    with CaptureQueriesContext(connection) as support_queries:
        support_throughput(page, spare[:1], new_participants(1), 62_000)
    seconds = [0.0, 0.0]
    step = SUPPORT_POSTS // ROUNDS
    for start in range(0, SUPPORT_POSTS, step):
        seconds[0] += step / bare_throughput(page, open_ids, groups[0][start : start + step], start)
        seconds[1] += step / support_throughput(page, open_ids, groups[1][start : start + step], 1_000 + start)
    bare, routed = (SUPPORT_POSTS / s for s in seconds)
    assert ProposalSupport.objects.filter(participant__in=groups[1]).count() == SUPPORT_POSTS

    print(f"{base.DATABASE}: {PROPOSALS:,} proposals on one page (built in {build:.0f} s)")
    print()
    print(f"{'page':<42} {'p50 ms':>7} {'p95 ms':>7} {'x plain':>8} {'queries':>12}")
    for label, p50, p95, small_q, queries in rows:
        q = f"{queries}" if small_q is None else f"{small_q} -> {queries}"
        print(f"{label:<42} {p50:>7.1f} {p95:>7.1f} {p50 / plain_p50:>8.2f} {q:>12}")
    print(f"(queries: with {SMALL} proposals -> with {PROPOSALS:,})")
    print()
    print(f"{'support POST (' + str(SUPPORT_POSTS) + ' distinct participants)':<48} {'per s':>7} {'x bare':>7}")
    print(f"{'bare insert of the support row':<48} {bare:>7.0f} {1:>7.2f}")
    print(f"{'support view (checks, lock, counters, recount)':<48} {routed:>7.0f} {routed / bare:>7.2f}")
    print(f"(queries per support: {len(support_queries)})")


if __name__ == "__main__":
    main()
