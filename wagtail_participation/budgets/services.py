"""Participatory budgets: the shared rules, the freeze, storing ballots, import and export of .pb.

The rules that decide a ballot live on the method record as ``rules["budget"]``::

    {"district_mode": "home" | "choose",
     "outcome": {"rule": "mes", "utility": "cost", "completion": "add1", "greedy_fill": true},
     "budgets": [{"code": <translation key>, "slug": "noord", "title": "...", "area_key": <area key> | None,
                  "rule": {<BallotRule fields>},
                  "projects": [{"code": <translation key>, "cost": 40000, "pb_id": ""}, ...]}, ...]}

They are copied from the source page on publish; from the first ballot the ballot part is kept
as it was (a publish cannot change it, and the editor sees the fields locked), and from the
moment voting opens the outcome rule is kept too. Each change of these rules is written to
Wagtail's audit log on the page.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter, log

from wagtail_participation import clock, first_rows, writes
from wagtail_participation.budgets.engine import ballots as budget_ballots
from wagtail_participation.budgets.engine.ballots import Ballot, BallotRule
from wagtail_participation.databases import one_statement_guard, retry_on_deadlock
from wagtail_participation.engine.policy import AreaAssurance, WindowState
from wagtail_participation.phases import VOTE

RULES_CHANGED = "wagtail_participation.budget_rules"
RULES_KEPT = "wagtail_participation.budget_rules_kept"
OUTCOME_OVERRIDE = "wagtail_participation.budget_override"
IMPORTED = "wagtail_participation.budget_import"
PAPER = "wagtail_participation.budget_paper"


# -- the shared rules ------------------------------------------------------------------------------
def page_budget_rules(page) -> dict:
    """The budget rules of ``page`` as they would be shared (see the module docstring)."""
    projects_by_slug: dict[str, list] = {}
    for project in page.budget_projects.all():
        projects_by_slug.setdefault(project.budget_slug, []).append(project)
    budgets = []
    for budget in page.budgets.all():
        budgets.append(
            {
                "code": budget.code,
                "slug": budget.slug,
                "title": budget.title,
                "area_key": str(budget.area.translation_key) if budget.area_id else None,
                "rule": budget.ballot_rule().to_dict(),
                "projects": [
                    {"code": project.code, "cost": int(project.cost), "pb_id": project.pb_id}
                    for project in projects_by_slug.get(budget.slug, [])
                ],
            }
        )
    return {
        "district_mode": page.district_mode,
        "outcome": {
            "rule": page.outcome_rule,
            "utility": page.mes_utility,
            "completion": page.mes_completion,
            "greedy_fill": bool(page.mes_greedy_fill),
        },
        "budgets": budgets,
    }


def ballot_part(rules: dict | None) -> dict:
    rules = rules or {}
    return {"district_mode": rules.get("district_mode"), "budgets": rules.get("budgets")}


def has_ballots(record) -> bool:
    from wagtail_participation.budgets.models import BudgetBallot

    return record is not None and record.pk is not None and BudgetBallot.objects.filter(record=record).exists()


@dataclass(frozen=True)
class Lock:
    """Which budget rules are locked on a record, and why (for the editor)."""

    ballots_locked: bool
    outcome_locked: bool
    first_ballot_at: object = None
    ballots: int = 0

    @property
    def any(self) -> bool:
        return self.ballots_locked or self.outcome_locked


def lock_of(record, now=None) -> Lock:
    """Ballot rules lock at the first ballot (the first participation, as every method's rules do:
    :mod:`.frozen`); the outcome rule also when voting opens."""
    from wagtail_participation.budgets.models import BudgetBallot
    from wagtail_participation.frozen import first_participation_at

    if record is None or record.pk is None:
        return Lock(False, False)
    first = first_participation_at(record)
    count = BudgetBallot.objects.filter(record=record).count() if first else 0
    opened = record.window(VOTE, now or clock.now()).state in (WindowState.OPEN, WindowState.CLOSED)
    return Lock(
        ballots_locked=first is not None,
        outcome_locked=first is not None or opened,
        first_ballot_at=first,
        ballots=count,
    )


def keep_frozen_rules(page, sync):
    """Run the record ``sync`` for ``page``, keeping locked budget rules; log every change."""
    from wagtail_participation.models import MethodRecord

    before = MethodRecord.objects.filter(translation_key=page.translation_key).first()
    old = dict((before.rules or {}).get("budget") or {}) if before else None
    lock = lock_of(before) if before else Lock(False, False)
    record = sync()
    if record.source_locale_id != page.locale_id:
        return record
    new = dict(record.rules.get("budget") or {})
    kept = {}
    if old and lock.ballots_locked and ballot_part(new) != ballot_part(old):
        kept["ballot"] = True
        new.update(ballot_part(old))
    if old and lock.outcome_locked and new.get("outcome") != old.get("outcome"):
        kept["outcome"] = True
        new["outcome"] = old.get("outcome")
    if kept:
        record.rules = {**record.rules, "budget": new}
        record.save(update_fields=["rules"])
        log(instance=page, action=RULES_KEPT, data={"kept": sorted(kept)})
    if new != old:
        log(instance=page, action=RULES_CHANGED, data={"before": old, "after": new})
    return record


# -- reading the shared rules ----------------------------------------------------------------------
@dataclass(frozen=True)
class BudgetSpec:
    """One budget as the shared record has it."""

    code: str
    slug: str
    title: str
    area_key: str | None
    rule: BallotRule
    costs: dict  # project code -> cost, in ballot order
    pb_ids: dict  # project code -> id in .pb files

    @property
    def is_district(self) -> bool:
        return self.area_key is not None


def budget_specs(record) -> list[BudgetSpec]:
    specs = []
    for data in (record.rules.get("budget") or {}).get("budgets") or []:
        projects = data.get("projects", [])
        pb_ids = {p["code"]: (p.get("pb_id") or p["code"][:8]) for p in projects}
        if len(set(pb_ids.values())) < len(pb_ids):  # a clash of short ids: use the full codes
            pb_ids = {p["code"]: (p.get("pb_id") or p["code"]) for p in projects}
        specs.append(
            BudgetSpec(
                code=data["code"],
                slug=data["slug"],
                title=data.get("title", data["slug"]),
                area_key=data.get("area_key"),
                rule=BallotRule.from_dict(data["rule"]),
                costs={p["code"]: int(p["cost"]) for p in projects},
                pb_ids=pb_ids,
            )
        )
    return specs


def spec_by_slug(record, slug: str) -> BudgetSpec | None:
    return next((spec for spec in budget_specs(record) if spec.slug == slug), None)


def district_mode(record) -> str:
    return (record.rules.get("budget") or {}).get("district_mode") or "home"


# -- who may vote in which budget ------------------------------------------------------------------
@dataclass(frozen=True)
class Access:
    allowed: bool
    code: str = "allowed"  # or district_unknown, other_district, already_other_district


def access(record, spec: BudgetSpec, area_key: str | None, own_ballots: dict, area_verified: bool = True) -> Access:
    """May a participant (living in ``area_key``, holding ``own_ballots`` by budget code) use ``spec``?

    The page's general rule (``permissions.can``) is asked separately; this adds the district rule:
    in "home" mode the participant's area must be verified, or declared where the page accepts a
    declared area.
    """
    if not spec.is_district:
        return Access(True)
    if district_mode(record) == "home":
        if area_key is None:
            return Access(False, "district_unknown")
        if area_key != spec.area_key:
            return Access(False, "other_district")
        if not area_verified and not record.rules.get("accept_declared_area"):
            return Access(False, "district_unverified")
        return Access(True)
    others = [code for code, ballot in own_ballots.items() if ballot.exclusive_district and code != spec.code]
    return Access(False, "already_other_district") if others else Access(True)


def district_access(decision, spec: BudgetSpec, own_ballots: dict) -> Access:
    """:func:`access` for the participant a VOTE ``decision`` was made for, from the facts it used."""
    facts = decision.facts
    return access(decision.record, spec, facts.area_key, own_ballots, facts.area_assurance == AreaAssurance.VERIFIED)


def access_reason(code: str, title: str) -> str:
    """Why the district rule refuses (empty when it allows), for the budget titled ``title``."""
    return {
        "district_unknown": gettext("Show where you live to vote in the budget of %(budget)s.") % {"budget": title},
        "other_district": gettext("Only residents of this district can vote in the budget of %(budget)s.")
        % {"budget": title},
        "district_unverified": gettext("Verify where you live to vote in the budget of %(budget)s.")
        % {"budget": title},
        "already_other_district": gettext(
            "You already voted in another district. You can vote in one district only: withdraw that ballot first to vote here."
        ),
    }.get(code, "")


# -- the citizen's writes --------------------------------------------------------------------------
def submit_ballot(
    actor, page, spec: BudgetSpec, ballot: Ballot | None, title: str, own: dict | None = None
) -> writes.WriteOutcome:
    """Store the actor's ballot in ``spec`` on ``page``: the live method, the policy, the district
    rule, the input (``ballot`` None: the form did not validate), the brake, then the write.
    ``changed`` is ``"created"`` or ``"changed"``; ``title`` is the budget's, for the messages;
    ``own`` the actor's ballots by budget code (:func:`own_ballots`) when the caller read them."""
    record = page.participation_record
    decision = actor.may(VOTE, page)
    refusal = writes.hidden_method(actor, record, page.pk) or writes.not_permitted(decision)
    if refusal:
        return refusal
    own = own_ballots(record, actor.participant) if own is None else own
    district = district_access(decision, spec, own)
    if not district.allowed:
        return writes.refused(district.code, access_reason(district.code, title))
    refusal = writes.invalid() if ballot is None else writes.braked(actor, "vote")
    if refusal:
        return refusal
    try:
        stored = writes.with_participant(
            actor,
            lambda participant: cast_ballot(record, spec, participant, ballot, likely_new=spec.code not in own),
        )
    except DistrictTaken:
        return writes.refused("already_other_district", access_reason("already_other_district", title), 409)
    if stored == "created":
        return writes.done(
            stored, gettext("Thank you. Your ballot for %(budget)s is stored.") % {"budget": title}, stored
        )
    return writes.done(stored, gettext("Your ballot for %(budget)s is changed.") % {"budget": title}, stored)


def withdraw_own_ballot(actor, page, spec: BudgetSpec, title: str) -> writes.WriteOutcome:
    """Withdraw the actor's ballot in ``spec`` (while they may vote); ``changed``: whether one was."""
    refusal = writes.hidden_method(actor, page.participation_record, page.pk) or writes.not_permitted(
        actor.may(VOTE, page)
    )
    if refusal:
        return refusal
    if actor.participant is None or not withdraw_ballot(page.participation_record, spec, actor.participant):
        return writes.done("no_ballot", changed=False)
    return writes.done(message=gettext("Your ballot for %(budget)s is withdrawn.") % {"budget": title}, changed=True)


# -- storing ballots -------------------------------------------------------------------------------
class DistrictTaken(Exception):
    """The participant already holds a ballot in another district (one district of their choice)."""


BALLOT_FIELDS = ("record", "budget_code", "participant", "exclusive_district", "channel", "voter_ref", "created_at")
BALLOT_FIELDS += ("projects", "points", "updated_at")  # what a change replaces, in ``cast_ballot``'s order


@retry_on_deadlock
def cast_ballot(
    record,
    spec: BudgetSpec,
    participant,
    ballot: Ballot,
    channel: str = "online",
    likely_new: bool = False,
) -> str:
    """Store ``participant``'s ballot in ``spec`` (validated by the caller), replacing an earlier one.

    Returns ``"created"`` or ``"changed"``. Safe under parallel requests: the insert is guarded by
    the unique constraint, and a losing insert turns into a change of the row that won. With
    ``likely_new`` (the caller saw no ballot of theirs) the insert is tried first, so a first
    ballot is one statement; otherwise the change is. On PostgreSQL and SQLite the insert is
    hand-written (``first_rows.insert_once``: ``ON CONFLICT DO NOTHING``, so it needs no savepoint
    and raises nothing); elsewhere the ORM's, in a savepoint but for a participant made in the
    caller's transaction (a first visit: they hold no ballot, so no constraint can refuse the
    insert; ``writes.made_in_this_transaction``; a failure rolls that whole transaction back).
    """
    from wagtail_participation.budgets.models import BudgetBallot

    now = clock.now()
    values = {
        "projects": list(ballot.projects),
        "points": {k: v for k, v in ballot.points.items() if v > 0},
        "updated_at": now,
    }
    own = BudgetBallot.objects.filter(record=record, budget_code=spec.code, participant=participant)
    if not likely_new and own.update(**values):
        return "changed"
    exclusive = spec.is_district and district_mode(record) == "choose"
    row = [record.pk, spec.code, participant.pk, exclusive, channel, "", now, *values.values()]
    stored = first_rows.insert_once(BudgetBallot, BALLOT_FIELDS, row)  # hand-written: no savepoint, no ORM
    if stored is not None:
        if stored:
            return "created"
        if own.update(**values):  # the person's ballot is there (a parallel request stored it first)
            return "changed"
        raise DistrictTaken
    try:
        with contextlib.nullcontext() if writes.made_in_this_transaction(participant) else one_statement_guard():
            BudgetBallot.objects.create(
                record=record,
                budget_code=spec.code,
                participant=participant,
                exclusive_district=exclusive,
                channel=channel,
                created_at=now,
                **values,
            )
        return "created"
    except IntegrityError:
        if own.update(**values):  # a parallel request of the same person stored it first
            return "changed"
        raise DistrictTaken from None


@retry_on_deadlock
def withdraw_ballot(record, spec: BudgetSpec, participant) -> bool:
    from wagtail_participation.budgets.models import BudgetBallot

    deleted, _ = BudgetBallot.objects.filter(record=record, budget_code=spec.code, participant=participant).delete()
    return bool(deleted)


def own_ballots(record, participant) -> dict:
    from wagtail_participation.budgets.models import BudgetBallot

    if participant is None:
        return {}
    return {
        ballot.budget_code: ballot for ballot in BudgetBallot.objects.filter(record=record, participant=participant)
    }


# -- pabulib ---------------------------------------------------------------------------------------
def election_for(record, spec: BudgetSpec, titles: dict | None = None, description: str = "", ballots=None):
    """The budget's anonymised ballots as a pabulib election (ids are the projects' .pb ids).

    Votes carry no participant, time or channel, and are sorted by content, so the file says
    nothing about who voted when. ``ballots`` are the budget's ``(projects, points)`` pairs when
    the caller has read them already (the method results read every budget's ballots at once).
    """
    from wagtail_participation.budgets.engine.pabulib import PbElection, PbProject, PbVote
    from wagtail_participation.budgets.models import BudgetBallot

    titles = titles or {}
    rows = ballots
    if rows is None:
        rows = BudgetBallot.objects.filter(record=record, budget_code=spec.code).values_list("projects", "points")
    votes = []
    for projects, points in rows:
        chosen = [spec.pb_ids[code] for code in projects if code in spec.pb_ids]
        if spec.rule.uses_points:
            scored = sorted(
                ((spec.pb_ids[c], int(v)) for c, v in points.items() if c in spec.pb_ids and int(v) > 0),
                key=lambda item: (-item[1], item[0]),
            )
            chosen = [pb_id for pb_id, _ in scored]
            votes.append((tuple(chosen), dict(scored)))
        else:
            votes.append((tuple(chosen), {}))
    votes.sort()
    meta = {
        "description": description or spec.title,
        "country": "",
        "unit": spec.title,
        "instance": clock.local(clock.now()).strftime("%Y"),
        "num_projects": str(len(spec.costs)),
        "num_votes": str(len(votes)),
        "budget": str(spec.rule.budget),
        "vote_type": budget_ballots.PABULIB_VOTE_TYPE[spec.rule.kind],
        "rule": (record.rules.get("budget") or {}).get("outcome", {}).get("rule", "greedy"),
    }
    meta = {key: value for key, value in meta.items() if value != ""}
    if spec.rule.kind == budget_ballots.KNAPSACK:
        meta["max_sum_cost"] = str(spec.rule.budget)
    if spec.rule.min_projects:
        meta["min_length"] = str(spec.rule.min_projects)
    limit = (
        spec.rule.max_projects
        if spec.rule.kind == budget_ballots.APPROVAL
        else spec.rule.rank_k
        if spec.rule.kind == budget_ballots.RANKED
        else 0
    )
    if limit:
        meta["max_length"] = str(limit)
    if spec.rule.uses_points:
        meta["max_sum_points"] = str(spec.rule.points)
        if spec.rule.max_points_per_project:
            meta["max_points"] = str(spec.rule.max_points_per_project)
    projects = {
        spec.pb_ids[code]: PbProject(id=spec.pb_ids[code], cost=cost, name=titles.get(code, ""), fields={})
        for code, cost in spec.costs.items()
    }
    pb_votes = [
        PbVote(voter_id=str(number), approvals=approvals, points=points, fields={})
        for number, (approvals, points) in enumerate(votes, start=1)
    ]
    return PbElection(meta=meta, projects=projects, votes=pb_votes)


class ImportProblem(Exception):
    """A .pb file that cannot be imported; ``line`` is its line number when known."""

    def __init__(self, message, line=None):
        super().__init__(message)
        self.message, self.line = message, line


def rule_from_election(election) -> BallotRule:
    """The ballot rule an imported election was held under, as far as its META says."""
    meta = election.meta

    def number(key, default=0):
        try:
            return int(float(meta.get(key, default) or default))
        except ValueError:
            return default

    budget = number("budget")
    kind = election.vote_type
    if kind == "approval":
        if "max_sum_cost" in meta:
            return BallotRule(budget_ballots.KNAPSACK, budget, min_projects=number("min_length"))
        return BallotRule(
            budget_ballots.APPROVAL, budget, min_projects=number("min_length"), max_projects=number("max_length")
        )
    if kind == "choose-1":
        return BallotRule(budget_ballots.APPROVAL, budget, min_projects=1, max_projects=1)
    if kind == "cumulative":
        return BallotRule(
            budget_ballots.CUMULATIVE,
            budget,
            min_projects=number("min_length"),
            points=number("max_sum_points"),
            max_points_per_project=number("max_points"),
        )
    if kind == "ordinal":
        return BallotRule(budget_ballots.RANKED, budget, min_projects=number("min_length"), rank_k=number("max_length"))
    raise ImportProblem(_("The ballot type “%(type)s” cannot be imported.") % {"type": kind})


def import_election(page, election, user, slug: str, title: str, area=None):
    """Add ``election`` to ``page`` as a new budget with its projects and ballots (channel
    "imported"), all in one transaction: on any problem nothing is stored."""
    from wagtail_participation.budgets.models import Budget, BudgetBallot, BudgetPage, BudgetProject
    from wagtail_participation.models import MethodRecord

    rule = rule_from_election(election)
    if rule.budget <= 0:
        raise ImportProblem(_("The file has no budget in its META section."))
    with transaction.atomic():
        page = BudgetPage.objects.select_for_update().get(pk=page.pk)
        record = MethodRecord.objects.filter(translation_key=page.translation_key).first()
        if has_ballots(record):
            raise ImportProblem(
                _("This budget page already has ballots, so its rules are locked. Import into a new budget page.")
            )
        if page.budgets.filter(slug=slug).exists():
            raise ImportProblem(_("This page already has a budget with the short name “%(slug)s”.") % {"slug": slug})
        page = page.get_latest_revision_as_object()
        page.budgets.add(
            Budget(
                locale=page.locale,
                title=title,
                slug=slug,
                area=area,
                amount=rule.budget,
                ballot_type=rule.kind,
                min_spend_percent=0,
                min_projects=rule.min_projects,
                max_projects=rule.max_projects,
                points=rule.points,
                max_points_per_project=rule.max_points_per_project,
                rank_k=rule.rank_k,
            )
        )
        for project in election.projects.values():
            if int(project.cost) != project.cost:
                raise ImportProblem(
                    _("Project %(project)s costs %(cost)s: only whole amounts can be imported.")
                    % {"project": project.id, "cost": project.cost}
                )
            page.budget_projects.add(
                BudgetProject(
                    locale=page.locale,
                    budget_slug=slug,
                    title=(project.name or project.id)[:200],
                    cost=int(project.cost),
                    description=str(project.fields.get("description", "") or ""),
                    pb_id=str(project.id),
                )
            )
        revision = page.save_revision(user=user, log_action=True)
        revision.publish(user=user)
        page = BudgetPage.objects.get(pk=page.pk)
        record = page.sync_participation_record()
        spec = spec_by_slug(record, slug)
        by_pb_id = {pb_id: code for code, pb_id in spec.pb_ids.items()}
        now = clock.now()
        ballots = []
        for vote in election.votes:
            unknown = [pid for pid in (*vote.approvals, *vote.points) if pid not in by_pb_id]
            if unknown:
                raise ImportProblem(
                    _("Voter %(voter)s chose a project that is not in the file: %(project)s.")
                    % {"voter": vote.voter_id, "project": unknown[0]}
                )
            ballots.append(
                BudgetBallot(
                    record=record,
                    budget_code=spec.code,
                    participant=None,
                    channel="imported",
                    voter_ref=str(vote.voter_id)[:100],
                    projects=[by_pb_id[pid] for pid in vote.approvals],
                    points={by_pb_id[pid]: int(value) for pid, value in (vote.points or {}).items()},
                    entered_by=user,
                    created_at=now,
                    updated_at=now,
                )
            )
        BudgetBallot.objects.bulk_create(ballots, batch_size=2000)
        log(
            instance=page,
            action=IMPORTED,
            user=user,
            data={"budget": slug, "projects": len(election.projects), "ballots": len(ballots)},
        )
    return page, spec, len(ballots)


# -- paper ballots ---------------------------------------------------------------------------------
class PaperBallotTaken(Exception):
    """This paper ballot number was already entered for this budget."""


@retry_on_deadlock
def enter_paper_ballot(page, spec: BudgetSpec, ballot: Ballot, number: str, user):
    """Store a paper ballot (validated by the caller like an online one), with who entered it.

    A paper ballot has no online participant, so it cannot be checked against online ballots; its
    number is entered once per budget (a database constraint), so typing it in twice counts once.
    """
    from wagtail_participation.budgets.models import BudgetBallot

    record = page.participation_record
    now = clock.now()
    try:
        with transaction.atomic():
            created = BudgetBallot.objects.create(
                record=record,
                budget_code=spec.code,
                participant=None,
                channel="paper",
                voter_ref=number,
                projects=list(ballot.projects),
                points={k: v for k, v in ballot.points.items() if v > 0},
                entered_by=user,
                created_at=now,
                updated_at=now,
            )
            log(instance=page, action=PAPER, user=user, data={"budget": spec.slug, "number": number})
    except IntegrityError:
        raise PaperBallotTaken from None
    return created


# -- outcome overrides -----------------------------------------------------------------------------
def override_outcome(page, spec: BudgetSpec, selected: list[str], computed: list[str], reason: str, user):
    """Fund ``selected`` instead of what the rule computed; needs a written reason; audited."""
    from wagtail_participation.budgets.models import BudgetOutcomeOverride

    reason = (reason or "").strip()
    if not reason:
        raise ValueError("an override needs a written reason")
    unknown = [code for code in selected if code not in spec.costs]
    if unknown:
        raise ValueError(f"unknown projects {unknown}")
    record = page.participation_record
    with transaction.atomic():
        override = BudgetOutcomeOverride.objects.create(
            record=record,
            budget_code=spec.code,
            selected=list(selected),
            computed=list(computed),
            reason=reason,
            created_by=user,
            created_at=clock.now(),
        )
        log(
            instance=page,
            action=OUTCOME_OVERRIDE,
            user=user,
            data={
                "budget": spec.slug,
                "computed": list(computed),
                "selected": list(selected),
                "reason": reason,
            },
        )
    return override


# -- audit log labels ------------------------------------------------------------------------------
class BudgetLogFormatter(LogFormatter):
    def format_comment(self, log_entry):
        return log_entry.data.get("reason") or ""


def register_log_actions(actions):
    """For the ``register_log_actions`` hook."""
    for action, label, message in [
        (RULES_CHANGED, _("Budget rules"), _("Budget rules changed")),
        (RULES_KEPT, _("Budget rules locked"), _("A change to locked budget rules was not applied")),
        (OUTCOME_OVERRIDE, _("Budget outcome override"), _("The funded projects were changed by hand")),
        (IMPORTED, _("Budget import"), _("Projects and ballots imported from a .pb file")),
        (PAPER, _("Paper ballot"), _("A paper ballot was entered")),
    ]:
        actions.register_action(action)(type("Formatter", (BudgetLogFormatter,), {"label": label, "message": message}))
