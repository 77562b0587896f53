"""The retention schedule: how long each kind of personal data is kept, and what happens then.

Each kind is a :class:`RetentionRule`: the core registers its own (prepared exports, anonymous
tokens, follows, rows of the register of residents, refused register claims) from ``ready()``;
a method app lists the rules for the personal data it owns in its manifest
(``MethodManifest.retention_rules``), e.g. the surveys' e-mail answers. The core never names a
method: a method that is not installed holds no data and adds no rule.

A site sets the periods in ``WAGTAILPARTICIPATION_RETENTION = {"<code>": days}``, merged over each
rule's default; ``None`` keeps the data for good, where the rule allows it (system check E050).
``participation_tick`` enforces the schedule, idempotently; ``participation_retention --dry-run``
lists what would go. What counts never changes: at expiry a record that carries a contribution is
anonymised (its link to a person goes, the contribution stays counted), and snapshots stay as
they are (docs/retention.md).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext_lazy as _

from wagtail_participation import clock, conf
from wagtail_participation.registry import Registry

logger = logging.getLogger(__name__)

DELETE = "delete"
ANONYMISE = "anonymise"
AT_EXPIRY = {DELETE: _("Deleted"), ANONYMISE: _("Anonymised")}


@dataclass(frozen=True)
class RetentionRule:
    """One kind of personal data on the schedule.

    ``count(cutoff)`` says how many records have expired when the period ends at ``cutoff`` (the
    moment the period counts from lies before it) and are not yet deleted or anonymised;
    ``apply(cutoff)`` deletes or anonymises exactly those and returns how many. Both must be
    idempotent: a second run finds nothing. ``cutoff`` is ``now - days``.

    ``default_days`` is the period when the site sets none (a callable is read each time, for a
    default that follows another setting); ``None`` keeps the data. ``may_keep`` allows a site to
    set ``None``. The texts (what, purpose, legal basis, counts from) are the record of processing
    the admin's *Retention* page and docs/retention.md show.
    """

    code: str
    label: str
    purpose: str
    legal_basis: str
    counts_from: str
    at_expiry: str
    default_days: int | None | Callable[[], int | None]
    count: Callable[[datetime], int]
    apply: Callable[[datetime], int]
    may_keep: bool = False
    order: int = 100

    @property
    def at_expiry_label(self) -> str:
        return AT_EXPIRY[self.at_expiry]


_rules: Registry[RetentionRule] = Registry("retention rules")


def register(rule: RetentionRule) -> RetentionRule:
    if rule.at_expiry not in AT_EXPIRY:
        raise ValueError(f"retention rule {rule.code!r}: at_expiry must be {DELETE!r} or {ANONYMISE!r}")
    return _rules.register(rule)


def unregister(code: str) -> RetentionRule | None:
    return _rules.unregister(code)


def rules() -> list[RetentionRule]:
    return _rules.all()


def get(code: str) -> RetentionRule | None:
    return _rules.get(code)


def default_days(rule: RetentionRule) -> int | None:
    return rule.default_days() if callable(rule.default_days) else rule.default_days


def days(rule: RetentionRule) -> int | None:
    """The period in force: the site's ``RETENTION[code]`` if set, else the rule's default."""
    overrides = conf.get("RETENTION")
    if not isinstance(overrides, dict):  # system check E050 reports it; the defaults apply meanwhile
        overrides = {}
    return overrides[rule.code] if rule.code in overrides else default_days(rule)


def cutoff(rule: RetentionRule, now: datetime | None = None) -> datetime | None:
    """Records whose period started before this moment have expired; ``None`` when kept for good."""
    period = days(rule)
    if period is None:
        return None
    return (now or clock.now()) - timedelta(days=period)


@dataclass(frozen=True)
class Outcome:
    """What one rule did (or would do) in one run."""

    rule: RetentionRule
    days: int | None
    count: int

    def line(self, dry_run: bool = False) -> str:
        if self.days is None:
            return f"retention {self.rule.code}: kept (no period set)"
        verb = {DELETE: "deleted", ANONYMISE: "anonymised"}[self.rule.at_expiry]
        if dry_run:
            verb = "would be " + verb
        return f"retention {self.rule.code}: {self.count} {verb} (older than {self.days} day(s))"


def enforce(dry_run: bool = False, now: datetime | None = None) -> list[Outcome]:
    """Apply every rule (or, with ``dry_run``, count what would go). Logs counts, never data."""
    outcomes = []
    for rule in rules():
        period = days(rule)
        moment = cutoff(rule, now)
        if moment is None:
            outcomes.append(Outcome(rule, None, 0))
            continue
        done = rule.count(moment) if dry_run else rule.apply(moment)
        if done and not dry_run:
            audit(rule, period, done)
        outcomes.append(Outcome(rule, period, done))
    return outcomes


# -- the audit trail: counts only, never the data -------------------------------------------------------
APPLIED = "wagtail_participation.retention_applied"


def audit(rule: RetentionRule, period: int, count: int) -> None:
    """Log what a run deleted or anonymised: to the ``wagtail_participation.retention`` logger, and
    to Wagtail's audit log on the default site (*Reports → Site history*), with the kind, the
    period and the count."""
    from wagtail.log_actions import log
    from wagtail.models import Site

    logger.info("retention %s: %d %s (older than %d days)", rule.code, count, rule.at_expiry, period)
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        log(
            instance=site,
            action=APPLIED,
            data={"kind": rule.code, "count": count, "days": period, "at_expiry": rule.at_expiry},
        )


def register_log_actions(actions):
    """For the ``register_log_actions`` hook."""
    from wagtail.log_actions import LogFormatter

    @actions.register_action(APPLIED)
    class RetentionApplied(LogFormatter):
        label = _("Retention period applied")

        def format_message(self, log_entry):
            data = log_entry.data
            rule = get(data.get("kind", ""))
            kind = str(rule.label) if rule else data.get("kind", "")
            values = {"count": data.get("count", 0), "kind": kind, "days": data.get("days", 0)}
            if data.get("at_expiry") == ANONYMISE:
                return _("%(count)s record(s) anonymised: %(kind)s, older than %(days)s day(s)") % values
            return _("%(count)s record(s) deleted: %(kind)s, older than %(days)s day(s)") % values


def forecast(within_days: int = 30, now: datetime | None = None) -> list[tuple[RetentionRule, int | None, int, int]]:
    """Per rule: its period, how many records are due now, and how many will be within ``within_days``."""
    now = now or clock.now()
    rows = []
    for rule in rules():
        moment = cutoff(rule, now)
        if moment is None:
            rows.append((rule, None, 0, 0))
            continue
        rows.append((rule, days(rule), rule.count(moment), rule.count(moment + timedelta(days=within_days))))
    return rows


# -- helpers for rules ---------------------------------------------------------------------------------
def delete_in_chunks(queryset, chunk: int = 500) -> int:
    """Delete the rows of ``queryset``, a chunk per transaction. The expired rows are found once;
    Django's delete then refuses any row a parallel request has just come to depend on (a
    protected reference, e.g. a token voting right now): it is skipped and tried on the next run."""
    model = queryset.model
    label = model._meta.label
    ids = list(queryset.values_list("pk", flat=True))
    deleted = 0
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        try:
            with transaction.atomic():
                deleted += model._base_manager.filter(pk__in=part).delete()[1].get(label, 0)
        except (ProtectedError, IntegrityError):
            for pk in part:
                try:
                    with transaction.atomic():
                        deleted += model._base_manager.filter(pk=pk).delete()[1].get(label, 0)
                except (ProtectedError, IntegrityError):
                    continue
    return deleted


def register_core_rules():
    from wagtail_participation import retention_rules

    for rule in retention_rules.core_rules():
        register(rule)
