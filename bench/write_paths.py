"""Every citizen write path against a bare insert of the same rows, whole POSTs through Django (issue 19).

Seven writes: idea vote, poll vote, option ranking (an option analysis in "rank" mode), survey
answer, budget ballot, proposal support, comment (on an idea). Each is POSTed through its real URL
with Django's test ``Client`` (every middleware, URL routing, the page tree, the response), and so
is a bare Django view mounted in the URLconf that inserts the same row(s) and answers 204: on a
first visit (no cookie: the real path makes the anonymous participant) the bare view inserts the
participant row and the written row in one transaction; for a returning visitor (the signed
participant cookie) only the written row. Every write is by a distinct participant from a distinct
address (so no brake is hit); paths and baselines are interleaved request by request (the order
rotating) and each rate is one over the median time of one POST. Printed per path: writes/s, × its bare view, and the queries of one write
(``CaptureQueriesContext``; the bare view's in brackets).

The bare views insert the rows only: the counters and tallies a real write keeps in the same
transaction (poll tallies, comment counts, support counts) are part of what the path costs.

SQLite (a throwaway file) by default; ``BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/wp_bench``
runs it on PostgreSQL (the database is dropped and created, and dropped at the end; see
``bench/ideas.py``). ``BENCH_PROFILE=<path key>`` prints a cProfile of that path's real POSTs
(e.g. ``poll:first``; ``BENCH_PROFILE_SORT=tottime`` orders it by own time); ``BENCH_SHOW_QUERIES=1`` prints each path's statements; ``BENCH_ONLY=support,comment`` runs only
those paths (keys: idea, poll, ranking, survey, budget, support, comment).
"""

import os
import statistics
import subprocess
import sys
import time
import uuid

import ideas as base  # sets Django up (SQLite or PostgreSQL) and brings the database helpers
from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import clear_url_caches, path, reverse  # noqa: E402
from django.utils import translation  # noqa: E402
from wagtail.models import Locale  # noqa: E402

from tests.builders import (  # noqa: E402
    ALL_ACTIONS_OPEN,
    PROPOSAL_ACTIONS_OPEN,
    ensure_site,
    full_answers,
    make_analysis,
    make_board,
    make_budget_page,
    make_idea,
    make_poll,
    make_proposal,
    make_proposals_page,
    make_survey,
)
from wagtail_participation import clock, conf  # noqa: E402
from wagtail_participation.budgets import services as budgets  # noqa: E402
from wagtail_participation.budgets.models import BudgetBallot  # noqa: E402
from wagtail_participation.engine import trending  # noqa: E402
from wagtail_participation.models import Area, Comment, ContributionVote, Participant, Topic  # noqa: E402
from wagtail_participation.polls.models import PollBallot  # noqa: E402
from wagtail_participation.proposals.models import ProposalSupport  # noqa: E402
from wagtail_participation.surveys.models import SurveyParticipation, SurveyResponse  # noqa: E402

POSTS = int(os.environ.get("BENCH_POSTS", "150"))  # per path and kind of visitor, real and bare each
WARM = 10


# -- the bare views: the same rows, nothing else -------------------------------------------------------------


def _participant_id(request):
    """The returning visitor's participant (sent in the form: the bare view reads no cookie), or a
    new anonymous participant row on a first visit."""
    if "participant" in request.POST:
        return int(request.POST["participant"])
    return Participant.objects.create(token=uuid.uuid4()).pk


def _bare(insert):
    def view(request, target):
        with transaction.atomic():
            insert(request, target, _participant_id(request), clock.now())
        return HttpResponse(status=204)

    return view


def _insert_vote(request, idea_id, participant_id, now):
    ContributionVote.objects.create(
        contribution_id=idea_id,
        participant_id=participant_id,
        value=1,
        weight=trending.vote_weight(now),
        created_at=now,
    )


def _insert_ballot(request, record_id, participant_id, now):
    choices = request.POST.getlist("choice")
    PollBallot.objects.create(
        record_id=record_id,
        participant_id=participant_id,
        choices=choices,
        language="en",
        created_at=now,
        updated_at=now,
    )


def _insert_survey(request, record_id, participant_id, now):
    answers = {
        key: value for key, value in request.POST.items() if key not in {"action", "step", "participant", "wp-next"}
    }
    SurveyParticipation.objects.create(record_id=record_id, participant_id=participant_id, answered_on=now.date())
    SurveyResponse.objects.create(
        record_id=record_id, participant_id=participant_id, language="en", submitted_at=now, answers=answers
    )


BUDGET = {}  # the budget's code, set once the page exists


def _insert_budget(request, record_id, participant_id, now):
    BudgetBallot.objects.create(
        record_id=record_id,
        budget_code=BUDGET["code"],
        participant_id=participant_id,
        projects=request.POST.getlist("project"),
        created_at=now,
        updated_at=now,
    )


def _insert_support(request, proposal_id, participant_id, now):
    ProposalSupport.objects.create(proposal_id=proposal_id, participant_id=participant_id, created_at=now)


def _insert_comment(request, idea_id, participant_id, now):
    Comment.objects.create(
        contribution_id=idea_id, author_id=participant_id, body=request.POST["body"], language="en", created_at=now
    )


BARE_VIEWS = {
    "idea": _insert_vote,
    "poll": _insert_ballot,
    "ranking": _insert_ballot,
    "survey": _insert_survey,
    "budget": _insert_budget,
    "support": _insert_support,
    "comment": _insert_comment,
}


def mount_bare_views():
    """The site's URLconf plus ``/bench/bare/<path>/<target>/`` for each path."""
    import importlib
    import types

    urls = types.ModuleType("bench_write_paths_urls")
    site_urls = importlib.import_module(settings.ROOT_URLCONF)
    urls.urlpatterns = [
        *(path(f"bench/bare/{key}/<int:target>/", _bare(insert)) for key, insert in BARE_VIEWS.items()),
        *site_urls.urlpatterns,
    ]
    sys.modules[urls.__name__] = urls
    settings.ROOT_URLCONF = urls.__name__
    clear_url_caches()


# -- posting ------------------------------------------------------------------------------------------------

ADDRESS = [0]


def next_address():
    ADDRESS[0] += 1
    index = ADDRESS[0]
    return f"10.{index // 65536}.{index // 256 % 256}.{index % 256}"


def client_for(participant):
    """A browser: a returning visitor's carries their signed participant cookie, a first visit none."""
    client = Client()
    if participant is not None:
        client.cookies[conf.get("TOKEN_COOKIE_NAME")] = base.token_cookie(participant)
    return client


class WritePath:
    """One write: its real URL and form, its bare view's URL and form, and which statuses are success."""

    def __init__(self, key, label, url, data, bare_target, bare_data=None, ok=(302,)):
        self.key, self.label, self.url, self.data, self.ok = key, label, url, data, ok
        self.bare_url = f"/bench/bare/{key}/{bare_target}/"
        self.bare_data = bare_data or data

    def post(self, participant, bare):
        client = client_for(participant)
        if bare:
            data = dict(self.bare_data)
            if participant is not None:
                data["participant"] = participant.pk
            response = client.post(self.bare_url, data, REMOTE_ADDR=next_address())
            assert response.status_code == 204, (self.key, response.status_code)
        else:
            response = client.post(self.url, self.data, REMOTE_ADDR=next_address())
            assert response.status_code in self.ok, (self.key, response.status_code, response.content[:400])
        return response

    def rate(self, people, bare):
        start = time.perf_counter()
        for participant in people:
            self.post(participant, bare)
        return len(people) / (time.perf_counter() - start)


def new_participants(count):
    return Participant.objects.bulk_create([Participant(token=uuid.uuid4()) for _ in range(count)], batch_size=5000)


def build_paths(now):
    locale = Locale.objects.get_or_create(language_code="en")[0]
    assert locale
    home = ensure_site().root_page
    board = make_board(home, rules=ALL_ACTIONS_OPEN, now=now, slug="board")
    # Each idea with two topics and an area, as on a real board: a vote then also updates the
    # idea's three listing rows (ideas migration 0003, kept by the counter trigger's UPDATE).
    topics = [Topic.objects.create(name=name, slug=name.lower(), locale=locale) for name in ("Mobility", "Youth")]
    area = Area.objects.create(name="Noord", slug="noord", locale=locale)
    ideas = [make_idea(board, title=f"Idea {n}", area=area) for n in range(2)]
    for idea in ideas:
        idea.topics.add(*topics)
    poll = make_poll(home, now=now, slug="poll")
    analysis = make_analysis(home, now=now, slug="analysis", mode="rank")
    survey = make_survey(home, now=now, slug="survey")
    with clock.frozen_at(now):
        budget_page = make_budget_page(home, now, vote_from=-1, vote_days=30)
    spec = budgets.spec_by_slug(budget_page.participation_record, "city")
    BUDGET["code"] = spec.code
    proposals_page = make_proposals_page(
        home, rules=PROPOSAL_ACTIONS_OPEN, now=now, slug="proposals", threshold=100_000
    )
    proposal = make_proposal(proposals_page)
    # With two topics, as often: a support then also updates the proposal's two topic listing
    # rows (proposals migration 0004, kept by a trigger on the counters' UPDATE).
    proposal.topics.add(*topics)
    codes = [code for code in analysis.option_codes()]
    ranking = {f"rank_{code}": str(rank) for rank, code in enumerate(codes, start=1)}
    projects = list(spec.costs)[:2]
    return [
        WritePath(
            "idea",
            "idea vote",
            reverse("wagtail_participation:vote_idea", args=(ideas[0].pk,)),
            {"value": "up", "next": f"{board.url}#idea-{ideas[0].pk}"},
            ideas[1].pk,
        ),
        WritePath(
            "poll",
            "poll vote",
            reverse("wagtail_participation:vote_poll", args=(poll.participation_record.pk,)),
            {"choice": "station", "next": f"{poll.url}#poll"},
            poll.participation_record.pk,
        ),
        WritePath(
            "ranking",
            "option ranking",
            reverse("wagtail_participation:vote_poll", args=(analysis.participation_record.pk,)),
            ranking,
            analysis.participation_record.pk,
            bare_data={"choice": codes},
        ),
        WritePath(  # the last step's form: to the survey's answer route, with its way back
            "survey",
            "survey answer",
            reverse("wagtail_participation:answer_survey", args=(survey.participation_record.pk,)),
            {**full_answers(), "action": "send", "step": "2", "wp-next": survey.url},
            survey.participation_record.pk,
        ),
        WritePath(  # the review's form: to the ballot's route, with its way back
            "budget",
            "budget ballot",
            reverse("wagtail_participation:cast_budget_ballot", args=(budget_page.participation_record.pk, "city")),
            {"project": projects, "action": "submit", "wp-return": f"{budget_page.url}#budget-city"},
            budget_page.participation_record.pk,
        ),
        WritePath(
            "support",
            "proposal support",
            reverse("wagtail_participation:support_proposal", args=(proposal.pk,)),
            {"action": "support", "next": proposals_page.contribution_url(proposal.pk)},
            proposal.pk,
        ),
        WritePath(
            "comment",
            "comment",
            reverse("wagtail_participation:comment_on", args=("idea", ideas[0].pk)),
            {
                "body": "The crossing near the school needs a guard in the morning.",
                "next": board.contribution_url(ideas[0].pk),
            },
            ideas[1].pk,
        ),
    ]


def queries_of(write, bare, first):
    participant = None if first else new_participants(1)[0]
    with CaptureQueriesContext(connection) as captured:
        write.post(participant, bare)
    return [(q["time"], q["sql"]) for q in captured.captured_queries]


def main():
    translation.activate("en")
    now = clock.now()
    load = subprocess.run(["uptime"], capture_output=True, text=True, env={**os.environ, "TZ": "UTC"}).stdout.strip()
    started = time.perf_counter()
    paths = build_paths(now)
    only = {key.strip() for key in os.environ.get("BENCH_ONLY", "").split(",") if key.strip()}
    if only:
        paths = [write for write in paths if write.key in only]
    mount_bare_views()
    kinds = (("first", True), ("returning", False))
    series = [(write, kind, first, bare) for write in paths for kind, first in kinds for bare in (True, False)]
    for write, _kind, first, bare in series:  # warm-up: imports, caches, each route's first resolution
        write.rate([None] * WARM if first else new_participants(WARM), bare)
    queries = {(write.key, kind, bare): queries_of(write, bare, first) for write, kind, first, bare in series}
    people = {id(s): iter(new_participants(POSTS)) for s in series if not s[2]}
    seconds = {id(s): [] for s in series}
    for i in range(POSTS):  # interleaved per request, the order rotating: noise hits every series alike
        for s in series[i % len(series) :] + series[: i % len(series)]:
            write, _kind, first, bare = s
            participant = None if first else next(people[id(s)])
            start = time.perf_counter()
            write.post(participant, bare)
            seconds[id(s)].append(time.perf_counter() - start)
    rates = {key: 1 / statistics.median(values) for key, values in seconds.items()}
    profiled = os.environ.get("BENCH_PROFILE")
    if profiled:
        import cProfile
        import pstats

        key, kind = profiled.split(":")
        write = next(w for w in paths if w.key == key)
        batch = [None] * POSTS if kind == "first" else new_participants(POSTS)
        profiler = cProfile.Profile()
        profiler.enable()
        write.rate(batch, bare=False)
        profiler.disable()
        pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_PROFILE_SORT", "cumulative")).print_stats(
            os.environ.get("BENCH_PROFILE_FILTER", ""), 60
        )
        if os.environ.get("BENCH_PROFILE_CALLERS"):  # who calls a hot function (e.g. getattr)
            pstats.Stats(profiler).sort_stats("tottime").print_callers(os.environ["BENCH_PROFILE_CALLERS"])

    print(f"{base.DATABASE}: every citizen write path, whole POSTs through Django ({POSTS} per path and visitor)")
    print(f"uptime: {load}")
    print()
    print(f"{'write path':<18} {'visitor':<10} {'bare/s':>7} {'path/s':>7} {'x bare':>7} {'queries':>12}")
    for write in paths:
        for kind, _first in kinds:
            bare = rates[id(next(s for s in series if s[:2] == (write, kind) and s[3]))]
            real = rates[id(next(s for s in series if s[:2] == (write, kind) and not s[3]))]
            counted = f"{len(queries[(write.key, kind, False)])} ({len(queries[(write.key, kind, True)])})"
            print(f"{write.label:<18} {kind:<10} {bare:>7.0f} {real:>7.0f} {real / bare:>7.2f} {counted:>12}")
    print("(per second: 1 / the median time of one POST; queries: of one write through the path (of the bare view))")
    print(f"(run took {time.perf_counter() - started:.0f} s)")
    if os.environ.get("BENCH_SHOW_QUERIES"):
        for (key, kind, bare), statements in queries.items():
            if not bare:
                print(f"\n{key} {kind}:")
                for seconds, sql in statements:
                    print(f"   {seconds:>6} {sql[:200]}")


if __name__ == "__main__":
    main()
