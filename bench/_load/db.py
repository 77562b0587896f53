"""The database side of bench/load.py, run in the bench's own process (Django set up on the same
settings and database as the served stack): the residents with accounts and their sessions, the
methods to take part in, and the rows to reconcile with the accepted responses afterwards."""

from __future__ import annotations

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.db.models import Count, Q

from home.models import StandardPage
from wagtail_participation import permissions
from wagtail_participation.budgets import services as budget_services
from wagtail_participation.budgets.models import BudgetBallot, BudgetPage
from wagtail_participation.ideas.models import Idea, IdeaBoardPage
from wagtail_participation.models import Comment, Contribution, ContributionVote, Participant
from wagtail_participation.polls.models import PollBallot, PollPage, PollTally
from wagtail_participation.proposals.engine.thresholds import State
from wagtail_participation.proposals.models import Proposal, ProposalsPage, ProposalSupport
from wagtail_participation.surveys.models import SurveyPage, SurveyParticipation, SurveyResponse

EMAIL_DOMAIN = "load.example"


def _open(model, action):
    """The first live English page of ``model`` where ``action`` is open to someone with an
    account (anyone, or a registered resident), or None."""
    for page in model.objects.live().filter(locale__language_code="en").order_by("pk"):
        if permissions.can(None, action, page).code in ("allowed", "login_required"):
            return page
    return None


def methods() -> dict:
    """The demo's open methods to take part in, with what the bench needs to find its forms."""
    board = _open(IdeaBoardPage, "vote")
    poll = _open(PollPage, "vote")
    survey = _open(SurveyPage, "submit")
    budget = _open(BudgetPage, "vote")
    proposals = _open(ProposalsPage, "support")
    missing = [
        n
        for n, p in {"board": board, "poll": poll, "survey": survey, "budget": budget, "proposals": proposals}.items()
        if p is None
    ]
    if missing:
        raise SystemExit(f"no open method in the demo data for: {', '.join(missing)}")
    ideas = Idea.objects.filter(record=board.participation_record, visibility="visible").order_by("pk")
    supportable = [
        p
        for p in Proposal.objects.filter(record=proposals.participation_record, visibility="visible").order_by("pk")
        if p.state == State.PUBLISHED  # collecting supports
    ]
    plain = StandardPage.objects.live().filter(locale__language_code="en").order_by("pk").first()
    return {
        "baseline_url": plain.url,
        "board": {
            "url": board.url,
            "record": board.participation_record.pk,
            "ideas": [{"id": i.pk, "url": board.contribution_url(i.pk)} for i in ideas],
            "comment": permissions.can(None, "comment", board).code,
        },
        "poll": {"url": poll.url, "record": poll.participation_record.pk},
        "survey": {"url": survey.url, "record": survey.participation_record.pk},
        "budget": {
            "url": budget.url,
            "record": budget.participation_record.pk,
            "booths": [
                budget.url + budget.reverse_subpage("booth", args=(spec.slug,)) for spec in _budget_specs(budget)
            ],
        },
        "proposals": {
            "url": proposals.url,
            "record": proposals.participation_record.pk,
            "proposals": [{"id": p.pk, "url": proposals.contribution_url(p.pk)} for p in supportable],
        },
    }


def _budget_specs(page):
    return budget_services.budget_specs(page.participation_record)


@transaction.atomic
def residents_with_accounts(count: int, prefix: str = "resident") -> list[str]:
    """``count`` residents with a confirmed e-mail address, each logged in on a session of their
    own, made in the database directly (a login through the form would spend a password hash of
    CPU per resident before the run). Returns the session keys."""
    from allauth.account.models import EmailAddress

    users = get_user_model().objects.bulk_create(
        [
            get_user_model()(
                username=f"{prefix}-{n}@{EMAIL_DOMAIN}", email=f"{prefix}-{n}@{EMAIL_DOMAIN}", password="!"
            )
            for n in range(count)
        ]
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, primary=True, verified=True) for user in users]
    )
    Participant.objects.bulk_create([Participant(user=user) for user in users])
    keys = []
    for user in users:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys.append(session.session_key)
    return keys


def rows(targets: dict) -> dict[str, int]:
    """The rows each kind of write leaves, in the methods under load."""
    board, proposals = targets["board"]["record"], targets["proposals"]["record"]
    return {
        "idea votes": ContributionVote.objects.filter(contribution__record_id=board).count(),
        "comments": Comment.objects.filter(contribution__record_id__in=(board, proposals)).count(),
        "poll ballots": PollBallot.objects.filter(record_id=targets["poll"]["record"]).count(),
        "survey responses": SurveyResponse.objects.filter(record_id=targets["survey"]["record"]).count()
        if hasattr(SurveyResponse, "record")
        else SurveyResponse.objects.count(),
        "survey participations": SurveyParticipation.objects.filter(record_id=targets["survey"]["record"]).count(),
        "budget ballots": BudgetBallot.objects.filter(record_id=targets["budget"]["record"]).count(),
        "proposal supports": ProposalSupport.objects.filter(proposal__record_id=proposals).count(),
        "anonymous participants": Participant.objects.filter(user__isnull=True).count(),
    }


def counter_mismatches(targets: dict) -> list[str]:
    """Every denormalised counter in the methods under load that differs from the rows it counts."""
    problems = []
    records = (targets["board"]["record"], targets["proposals"]["record"])
    contributions = Contribution.objects.filter(record_id__in=records).annotate(
        up=Count("votes", filter=Q(votes__value=1), distinct=True),
        down=Count("votes", filter=Q(votes__value=-1), distinct=True),
        live_comments=Count("comments", filter=Q(comments__removed_at__isnull=True), distinct=True),
    )
    for c in contributions:
        if (c.up_votes, c.down_votes, c.score) != (c.up, c.down, c.up - c.down):
            problems.append(
                f"contribution {c.pk}: votes up/down/score {c.up_votes}/{c.down_votes}/{c.score}, rows {c.up}/{c.down}"
            )
        if c.comment_count != c.live_comments:
            problems.append(f"contribution {c.pk}: comment_count {c.comment_count}, rows {c.live_comments}")
    for p in Proposal.objects.filter(record_id=targets["proposals"]["record"]).annotate(
        live=Count("supports", filter=Q(supports__removed_at__isnull=True))
    ):
        if p.support_count != p.live:
            problems.append(f"proposal {p.pk}: support_count {p.support_count}, rows {p.live}")
    record = targets["poll"]["record"]
    counted: dict[str, int] = {}
    for choices, other_text, user_id in PollBallot.objects.filter(record_id=record).values_list(
        "choices", "other_text", "participant__user_id"
    ):
        keys = (
            [PollTally.BALLOTS, *choices]
            + ([PollTally.REGISTERED] if user_id else [])
            + ([PollTally.OTHER_TEXT] if other_text else [])
        )
        for key in keys:
            counted[key] = counted.get(key, 0) + 1
    stored = {code: n for code, n in PollTally.objects.filter(record_id=record).values_list("code", "count") if n}
    if stored != counted:
        problems.append(f"poll tallies {stored}, ballots say {counted}")
    return problems


def task_results(since) -> dict[str, int]:
    """The background tasks enqueued since ``since`` (notification e-mails, ...) by status."""
    from django_tasks_db.models import DBTaskResult

    tasks = DBTaskResult.objects.filter(enqueued_at__gte=since)
    return dict(tasks.values_list("status").annotate(n=Count("id")).values_list("status", "n"))


def wait_for_tasks(timeout: float) -> bool:
    """Wait until the task worker has run every task enqueued so far; whether it did in time."""
    import time

    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + timeout
    while DBTaskResult.objects.filter(status__in=("READY", "RUNNING")).exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.5)
    return True
