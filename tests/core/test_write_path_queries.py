"""The statements of every citizen write path (issue 19), whole POSTs through the real URLs: a
first visit (no cookie: the write makes the anonymous participant) and a returning visitor.

The counts are exact, so a change that adds a query to a write fails here; lower them when a
change removes one (bench/write_paths.py prints the same counts outside a test transaction,
where each write's own transaction adds its BEGIN and COMMIT and no savepoint). Inside the test's
transaction every ``atomic()`` of a write is a savepoint, counted like any statement.
"""

import uuid

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.builders import (
    ALL_ACTIONS_OPEN,
    PROPOSAL_ACTIONS_OPEN,
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
from wagtail_participation import conf
from wagtail_participation.budgets import services as budgets
from wagtail_participation.budgets.models import BudgetBallot
from wagtail_participation.models import Comment, ContributionVote, Participant
from wagtail_participation.polls.models import PollBallot, PollTally
from wagtail_participation.proposals.models import ProposalSupport
from wagtail_participation.surveys.models import SurveyResponse

pytestmark = pytest.mark.django_db

# (first visit, returning visitor): statements of one POST, after one POST warmed the caches; a first
# visit writes without a savepoint (its new participant holds no row a constraint could refuse)
QUERIES = {
    "idea vote": (3, 2),
    "poll vote": (4, 3),  # the ballot's insert and the tallies' upsert, in hand-written SQL
    "option ranking": (4, 3),
    "survey answer": (4, 3),  # routed outside the page tree: the record and participant (the questions cached)
    "budget ballot": (3, 2),  # routed: the record, participant, own ballots and title (the phases cached)
    "proposal support": (4, 5),  # one UPDATE counts, locks and checks (no SELECT ... FOR UPDATE first)
    "comment": (4, 5),  # the first one also counts the comments before it, for the page that shows it
}
# MariaDB has no counting trigger: the vote locks the idea, inserts in a savepoint and updates the
# counters in the same transaction (docs/concurrency.md)
QUERIES_ON_MARIADB = {
    "idea vote": (9, 8),
    "poll vote": (5, 6),
    "option ranking": (5, 6),
    "survey answer": (4, 5),
    "budget ballot": (3, 4),
}
# PostgreSQL stores a first ballot and its tallies, or the survey's two rows, in one statement (first_rows)
# and counts a support with its INSERT, a comment with its INSERT, in one statement (proposals.services.support,
# contributions.add_comment)
QUERIES_ON_POSTGRESQL = {
    "poll vote": (3, 2),
    "option ranking": (3, 2),
    "survey answer": (3, 2),
    "proposal support": (3, 4),
    "comment": (3, 4),
}


def _paths(home, now):
    """Each write path: its URL, its form, and the rows it stores (a count to check it did)."""
    board = make_board(home, rules=ALL_ACTIONS_OPEN, now=now, slug="board")
    idea = make_idea(board)
    poll = make_poll(home, now=now, slug="poll")
    analysis = make_analysis(home, now=now, slug="analysis", mode="rank")
    survey = make_survey(home, now=now, slug="survey")
    budget = make_budget_page(home, now, vote_days=30)
    spec = budgets.spec_by_slug(budget.participation_record, "city")
    proposals = make_proposals_page(home, rules=PROPOSAL_ACTIONS_OPEN, now=now, slug="proposals", threshold=1000)
    proposal = make_proposal(proposals)
    ranks = {f"rank_{code}": str(rank) for rank, code in enumerate(analysis.option_codes(), start=1)}
    return {
        "idea vote": (
            reverse("wagtail_participation:vote_idea", args=(idea.pk,)),
            {"value": "up", "next": f"{board.url}#idea-{idea.pk}"},
            ContributionVote.objects.filter(contribution=idea),
        ),
        "poll vote": (
            reverse("wagtail_participation:vote_poll", args=(poll.participation_record.pk,)),
            {"choice": "station", "next": f"{poll.url}#poll"},
            PollBallot.objects.filter(record=poll.participation_record),
        ),
        "option ranking": (
            reverse("wagtail_participation:vote_poll", args=(analysis.participation_record.pk,)),
            ranks,
            PollBallot.objects.filter(record=analysis.participation_record),
        ),
        "survey answer": (  # the last step's form: to the survey's answer route, with its way back
            reverse("wagtail_participation:answer_survey", args=(survey.participation_record.pk,)),
            {**full_answers(), "action": "send", "step": "2", "wp-next": survey.url},
            SurveyResponse.objects.filter(record=survey.participation_record),
        ),
        "budget ballot": (  # the review's form: to the ballot's route, with its way back
            reverse("wagtail_participation:cast_budget_ballot", args=(budget.participation_record.pk, "city")),
            {"project": list(spec.costs)[:2], "action": "submit", "wp-return": f"{budget.url}#budget-city"},
            BudgetBallot.objects.filter(record=budget.participation_record),
        ),
        "proposal support": (
            reverse("wagtail_participation:support_proposal", args=(proposal.pk,)),
            {"action": "support", "next": proposals.contribution_url(proposal.pk)},
            ProposalSupport.objects.filter(proposal_id=proposal.pk),
        ),
        "comment": (
            reverse("wagtail_participation:comment_on", args=("idea", idea.pk)),
            {
                "body": "The crossing near the school needs a guard in the morning.",
                "next": board.contribution_url(idea.pk),
            },
            Comment.objects.filter(contribution=idea),
        ),
    }


def _browser(participant, address):
    """A browser from ``address``; a returning visitor's carries their signed participant cookie."""
    client = Client(REMOTE_ADDR=address)
    if participant is not None:
        name, salt = conf.get("TOKEN_COOKIE_NAME"), conf.get("TOKEN_SALT")
        response = HttpResponse()
        response.set_signed_cookie(name, str(participant.token), salt=salt)
        client.cookies[name] = response.cookies[name].value
    return client


def _statements(url, data, participant, address):
    with CaptureQueriesContext(connection) as queries:
        response = _browser(participant, address).post(url, data)
    assert response.status_code == 302, (url, response.status_code, response.content[:300])
    return [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("kind", ["first", "returning"])
@pytest.mark.parametrize("path", list(QUERIES))
def test_a_write_path_runs_a_fixed_number_of_statements(home, now, path, kind):
    url, data, stored = _paths(home, now)[path]
    first = kind == "first"
    people = (
        [None, None]
        if first
        else list(Participant.objects.bulk_create([Participant(token=uuid.uuid4()) for _ in range(2)]))
    )
    _statements(url, data, people[0], "10.0.0.1")  # warms the caches (live methods, the site's root paths)
    statements = _statements(url, data, people[1], "10.0.0.2")
    vendor_counts = {"mysql": QUERIES_ON_MARIADB, "postgresql": QUERIES_ON_POSTGRESQL}.get(connection.vendor, {})
    expected = vendor_counts.get(path, QUERIES[path])[0 if first else 1]
    assert len(statements) == expected, "\n".join(statements)
    assert stored.count() == 2  # both POSTs stored their row: a count of a refused write proves nothing


def test_a_first_visit_makes_its_participant_in_the_writes_own_transaction(home, now, monkeypatch):
    """Outside a transaction (as in production; here the test's transaction stands in, so the
    write's own is a savepoint) a first visit's participant is made inside the write's
    transaction, before the ballot; the visitor gets the new token's cookie, and the tallies count."""
    from wagtail_participation import writes

    monkeypatch.setattr(writes, "_outside_transaction", lambda: True)
    poll = make_poll(home, now=now, slug="poll")
    url = reverse("wagtail_participation:vote_poll", args=(poll.participation_record.pk,))
    with CaptureQueriesContext(connection) as queries:
        response = Client(REMOTE_ADDR="10.0.0.3").post(url, {"choice": "station"})
    assert response.status_code == 302
    statements = [q["sql"].replace("`", '"') for q in queries.captured_queries]  # MariaDB quotes with `
    opened = next(i for i, sql in enumerate(statements) if sql.startswith("SAVEPOINT"))
    made = next(i for i, sql in enumerate(statements) if sql.startswith("INSERT") and '_participant"' in sql)
    voted = next(i for i, sql in enumerate(statements) if 'INSERT INTO "participation_polls_pollballot"' in sql)
    assert opened < made < voted
    ballot = PollBallot.objects.get(record=poll.participation_record)
    assert str(ballot.participant.token) in response.cookies[conf.get("TOKEN_COOKIE_NAME")].value
    assert dict(PollTally.objects.filter(record=poll.participation_record).values_list("code", "count")) == {
        "@ballots": 1,
        "station": 1,
    }


def test_a_failed_first_visit_write_leaves_no_participant_and_sets_no_cookie(home, now, monkeypatch):
    """When the write fails, its transaction takes the new participant with it, and the request
    forgets it: no cookie names a participant that does not exist."""
    from wagtail_participation import writes
    from wagtail_participation.polls import services as polls

    monkeypatch.setattr(writes, "_outside_transaction", lambda: True)
    poll = make_poll(home, now=now, slug="poll")
    actor_request = Client().get("/").wsgi_request

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(polls, "cast_ballot", broken)
    actor = writes.actor_for(actor_request)
    before = Participant.objects.count()
    with pytest.raises(RuntimeError):
        polls.submit_ballot(actor, poll, ["station"])
    assert Participant.objects.count() == before
    assert getattr(actor_request, "_participation_new_token", None) is None
    assert getattr(actor_request, "_participation_participant", None) is None
