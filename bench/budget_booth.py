"""The voting booth under load: a city-wide budget with 12 projects and 20,000 ballots already in.

Measures, in one run and against baselines taken in the same run:

* page renders (p50/p95 over 30 requests, with the query count): the budget overview and the
  booth (``/en/.../budget/city/``) against a plain Wagtail ``StandardPage``;
* ballot submit throughput: 600 POSTs (``action=submit``) by distinct anonymous participants
  through the booth view (parse, permission and district checks, validation, the guarded insert,
  the redirect), against a bare view that inserts the same ``BudgetBallot`` row. Both get the same
  ``RequestFactory`` requests (a distinct address each, the participant's signed cookie), in
  interleaved rounds;
* ballot change throughput: the same participants submit again (the booth's update path).

SQLite (throwaway file). ``make bench`` runs it; it prints numbers, it asserts none.
"""

import random
import statistics
import time
import uuid
from datetime import timedelta

import _django

_django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.contrib.messages.storage.cookie import CookieStorage  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import translation  # noqa: E402
from wagtail.models import Locale  # noqa: E402

from home.models import StandardPage  # noqa: E402
from tests.builders import (  # noqa: E402
    ensure_site,
    make_budget_page,  # noqa: E402
    publish,
)
from wagtail_participation import clock, conf
from wagtail_participation.budgets import services as budgets
from wagtail_participation.budgets import views as budget_views  # noqa: E402
from wagtail_participation.budgets.models import BudgetBallot  # noqa: E402
from wagtail_participation.models import Participant

BALLOTS = 20_000
REQUESTS = 30
POSTS = 600
ROUNDS = 6
RNG = random.Random(6)
FACTORY = RequestFactory()


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def page_timing(client, url):
    for _ in range(3):
        assert client.get(url).status_code == 200, url
    timings = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        assert client.get(url).status_code == 200, url
        timings.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(timings), percentile(timings, 0.95), len(queries)


def token_cookie(participant):
    response = HttpResponse()
    response.set_signed_cookie(conf.get("TOKEN_COOKIE_NAME"), str(participant.token), salt=conf.get("TOKEN_SALT"))
    return response.cookies[conf.get("TOKEN_COOKIE_NAME")].value


def post_request(path, data, index, participant):
    request = FACTORY.post(path, data, REMOTE_ADDR=f"10.{index // 65536}.{index // 256 % 256}.{index % 256}")
    request.COOKIES[conf.get("TOKEN_COOKIE_NAME")] = token_cookie(participant)
    request.user = AnonymousUser()
    request.session = SessionStore(session_key=f"bench{index:032d}")
    request._messages = CookieStorage(request)
    return request


def random_ballot(spec):
    order = sorted(spec.costs, key=lambda code: RNG.random())
    chosen, spent = [], 0
    for code in order[: RNG.randint(1, 6)]:
        if spent + spec.costs[code] <= spec.rule.budget:
            chosen.append(code)
            spent += spec.costs[code]
    return chosen


def booth_posts(page, spec, participants, ballots, offset):
    path = budget_views.__name__  # any path: the view is called directly, like a routed sub-page
    start = time.perf_counter()
    for i, (participant, chosen) in enumerate(zip(participants, ballots)):
        request = post_request(path, {"project": chosen, "action": "submit"}, offset + i, participant)
        response = budget_views.booth(request, page, spec.slug)
        assert response.status_code == 302, (response.status_code, getattr(response, "content", b"")[:300])
    return len(participants) / (time.perf_counter() - start)


def bare_insert(request, record, spec):
    now = clock.now()
    BudgetBallot.objects.create(
        record=record,
        budget_code=spec.code,
        participant_id=int(request.POST["participant"]),
        projects=request.POST.getlist("project"),
        created_at=now,
        updated_at=now,
    )
    return HttpResponse(status=204)


def bare_posts(record, spec, participants, ballots, offset):
    start = time.perf_counter()
    for i, (participant, chosen) in enumerate(zip(participants, ballots)):
        request = post_request("/bare/", {"project": chosen, "participant": participant.pk}, offset + i, participant)
        assert bare_insert(request, record, spec).status_code == 204
    return len(participants) / (time.perf_counter() - start)


def main():
    translation.activate("en")
    Locale.objects.get_or_create(language_code="en")
    home = ensure_site().root_page
    now = clock.now()
    projects = [
        {
            "budget_slug": "city",
            "title": f"Project {n}: trees, benches and a path",
            "cost": cost,
            "description": "A realistic description of what the city would build, where, and for whom. " * 3,
        }
        for n, cost in enumerate(
            [180_000, 95_000, 150_000, 35_000, 60_000, 15_000, 45_000, 120_000, 24_000, 140_000, 70_000, 12_000],
            start=1,
        )
    ]
    with clock.frozen_at(now):
        page = make_budget_page(
            home,
            now,
            budgets=[{"title": "City-wide", "slug": "city", "amount": 400_000}],
            projects=projects,
            vote_from=-1,
            vote_days=30,
        )
    plain = publish(
        home.add_child(
            instance=StandardPage(
                title="Privacy policy", slug="privacy", body="<p>" + "We keep only what we need. " * 120 + "</p>"
            )
        )
    )
    record = page.participation_record
    spec = budgets.spec_by_slug(record, "city")

    t0 = time.perf_counter()
    voters = Participant.objects.bulk_create([Participant(token=uuid.uuid4()) for _ in range(BALLOTS)], batch_size=5000)
    BudgetBallot.objects.bulk_create(
        [
            BudgetBallot(
                record=record,
                budget_code=spec.code,
                participant=p,
                projects=random_ballot(spec),
                created_at=now - timedelta(minutes=RNG.randint(1, 9000)),
                updated_at=now,
            )
            for p in voters
        ],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"budget booth bench (SQLite): {BALLOTS:,} ballots on 12 projects built in {time.perf_counter() - t0:.1f} s")

    client = Client()
    booth_url = page.url + page.reverse_subpage("booth", args=("city",))
    rows = []
    plain_p50, plain_p95, plain_q = page_timing(client, plain.url)
    rows.append(("plain StandardPage", plain_p50, plain_p95, plain_q))
    for label, url in (("budget overview", page.url), ("booth (12 projects)", booth_url)):
        rows.append((label, *page_timing(client, url)))
    print(f"\n{'page':<22}{'p50 ms':>9}{'p95 ms':>9}{'x plain':>9}{'queries':>9}")
    for label, p50, p95, queries in rows:
        print(f"{label:<22}{p50:>9.1f}{p95:>9.1f}{p50 / plain_p50:>9.2f}{queries:>9}")

    # Throughput: fresh participants for each path, interleaved rounds so both see the same database.
    booth_people = Participant.objects.bulk_create([Participant(token=uuid.uuid4()) for _ in range(POSTS)])
    bare_people = Participant.objects.bulk_create([Participant(token=uuid.uuid4()) for _ in range(POSTS)])
    booth_ballots = [random_ballot(spec) for _ in range(POSTS)]
    bare_ballots = [random_ballot(spec) for _ in range(POSTS)]
    per_round = POSTS // ROUNDS
    booth_rates, bare_rates, change_rates = [], [], []
    with clock.frozen_at(now):
        for r in range(ROUNDS):
            part = slice(r * per_round, (r + 1) * per_round)
            bare_rates.append(bare_posts(record, spec, bare_people[part], bare_ballots[part], 100_000 + r * per_round))
            booth_rates.append(
                booth_posts(page, spec, booth_people[part], booth_ballots[part], 200_000 + r * per_round)
            )
        for r in range(ROUNDS):  # the same people change their ballot
            part = slice(r * per_round, (r + 1) * per_round)
            changed = [random_ballot(spec) for _ in range(per_round)]
            change_rates.append(booth_posts(page, spec, booth_people[part], changed, 300_000 + r * per_round))
    assert BudgetBallot.objects.filter(participant__in=booth_people).count() == POSTS  # changed, never doubled
    bare, booth, change = statistics.median(bare_rates), statistics.median(booth_rates), statistics.median(change_rates)
    print(f"\n{'ballot POSTs (' + str(POSTS) + ')':<30}{'per s':>9}{'x bare':>9}")
    print(f"{'bare insert':<30}{bare:>9.0f}{1:>9.2f}")
    print(f"{'booth submit (new ballot)':<30}{booth:>9.0f}{booth / bare:>9.2f}")
    print(f"{'booth submit (change)':<30}{change:>9.0f}{change / bare:>9.2f}")

    t0 = time.perf_counter()
    results = page.get_results()
    print(
        f"\nresults of {results.participants:,} ballots (MES cost/add1 + greedy fill, and greedy beside it): "
        f"{(time.perf_counter() - t0) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
