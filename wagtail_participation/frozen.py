"""Rules frozen once participation starts, for every method.

From a method's first vote, answer, idea, support or ballot, what decides participation stays as
it was: the rules on the shared :class:`~wagtail_participation.models.MethodRecord` (who may take
part, area restriction, anonymity, limits, option and question codes: everything its ``rules``
holds except the keys a method lists in ``unfrozen_rule_keys``), the opening date once it has
passed and the closing date. Labels, descriptions and translations stay editable.

The freeze is enforced below the admin form, so no path gets around it:

* :func:`check_page` runs in the method page's ``clean()`` (which ``Page.save()`` and every
  publish run) and raises a translated :class:`~django.core.exceptions.ValidationError` naming
  the fields; the admin form shows it next to the field and keeps what the editor typed;
* :func:`check_record` runs in ``MethodRecord.save()``, the last line for any other code path;
* :func:`guard_row` runs in the save and delete of option and question rows: on the source page a
  changed or removed code is refused; on a translation (a wagtail-localize synchronisation) the
  stored code is kept.

Dates change afterwards only through an audited action (:func:`change_closing_date`: "extend the
closing date" or "reopen with a reason"), written to Wagtail's audit log with who, when and why.
Budgets lock their ballot rules by the same first-participation test (:mod:`.budgets`).
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter, log

from wagtail_participation import clock

EXTENDED = "wagtail_participation.closing_extended"
REOPENED = "wagtail_participation.reopened"

# Set while an audited action changes dates: the only way a frozen date may change.
_audited_dates = ContextVar("wagtail_participation_audited_dates", default=False)


@dataclass(frozen=True)
class Freeze:
    """Whether a method's rules are frozen, since when, and which dates are locked."""

    started_at: datetime | None = None
    locked_dates: frozenset = field(default_factory=frozenset)

    def __bool__(self):
        return self.started_at is not None

    def reason(self):
        when = formats.date_format(clock.local(self.started_at), "DATETIME_FORMAT")
        return _(
            "Locked since people started taking part (%(when)s): changing it would change the rules for them. "
            "Labels and descriptions stay editable."
        ) % {"when": when}


def page_class_of(record):
    from django.apps import apps

    try:
        return apps.get_model(record.page_model)
    except (LookupError, ValueError):
        return None


def first_participation_at(record) -> datetime | None:
    """The moment of the method's first vote, answer, idea, support or ballot (None: none yet)."""
    page_class = page_class_of(record) if record is not None and record.pk else None
    if page_class is None:
        return None
    moments = [
        getattr(record, related).aggregate(first=Min(time_field))["first"]
        for related, time_field in page_class.participation_lookups
    ]
    moments = [moment for moment in moments if moment is not None]
    return min(moments) if moments else None


def freeze_of(record, now=None) -> Freeze:
    """The freeze of ``record`` as stored now (an empty freeze before the first participation)."""
    started = first_participation_at(record)
    if started is None:
        return Freeze()
    now = now or clock.now()
    dates = {"closes_at"}
    if record.opens_at is None or record.opens_at <= now:
        dates.add("opens_at")
    return Freeze(started_at=started, locked_dates=frozenset(dates))


# -- what changed ---------------------------------------------------------------------------------
def _plain(value):
    """A rule value with "nothing" spelt one way: an unset key, False, "", [] and {} are all None
    (0 is a value: level 0 is "anyone")."""
    if isinstance(value, dict):
        value = {key: _plain(item) for key, item in value.items()}
        value = {key: item for key, item in value.items() if item is not None}
    return None if value is False or value in ("", [], {}) else value


def _flatten(rules: dict, skip) -> dict:
    """Rules one level deep ("actions.vote", "proposal_rules.threshold"), so a change names its field."""
    flat = {}
    for key, value in (rules or {}).items():
        if key in skip:
            continue
        if isinstance(value, dict) and key in ("actions", "proposal_rules"):
            for sub, sub_value in value.items():
                flat[f"{key}.{sub}"] = _plain(sub_value)
        else:
            flat[key] = _plain(value)
    return {key: value for key, value in flat.items() if value is not None}


def frozen_keys(page_class, rules: dict) -> list[str]:
    """The frozen rule keys of a method (for showing them locked)."""
    return sorted(_flatten(rules, set(getattr(page_class, "unfrozen_rule_keys", ()))))


def frozen_changes(page_class, freeze: Freeze, old: dict, new: dict) -> list[str]:
    """The names (rule keys and date fields) whose frozen value ``new`` would change."""
    if not freeze:
        return []
    skip = set(getattr(page_class, "unfrozen_rule_keys", ()))
    before, after = _flatten(old.get("rules"), skip), _flatten(new.get("rules"), skip)
    changed = sorted(key for key in before.keys() | after.keys() if before.get(key) != after.get(key))
    if not _audited_dates.get():
        changed += [name for name in sorted(freeze.locked_dates) if old.get(name) != new.get(name)]
    return changed


def field_names_for(page_class, key: str) -> list[str]:
    """The editor fields that show the rule ``key`` (empty: shown as a message for the whole page)."""
    from wagtail_participation.admin_forms import LEVEL_FIELD, PHASES_FIELD

    if key.startswith("actions."):
        action = key.split(".", 1)[1]
        return [LEVEL_FIELD + action, PHASES_FIELD + action]
    mapped = {**RULE_FIELDS, **getattr(page_class, "frozen_rule_fields", {})}.get(key)
    if mapped:
        return [mapped]
    name = key.split(".")[-1]
    concrete = {model_field.name for model_field in page_class._meta.concrete_fields}
    return [name] if name in concrete else []  # else: a message for the whole page (e.g. the codes)


RULE_FIELDS = {
    "area_keys": "rule_areas",
    "accept_declared_area": "rule_accept_declared_area",
    "verified_without_account": "rule_verified_without_account",
}
CODE_KEYS = {"options", "questions"}  # the rules that list option and question codes
CODES_LOCKED = _(
    "People have already taken part, so answers, questions and their codes cannot be added, removed or "
    "recoded; labels and descriptions can still be corrected."
)


def as_error(page_class, freeze: Freeze, changed: list[str]) -> ValidationError:
    errors: dict = {}
    for key in changed:
        names = field_names_for(page_class, key) or [NON_FIELD_ERRORS]
        for name in names:
            message = CODES_LOCKED if key in CODE_KEYS else freeze.reason()
            if message not in errors.setdefault(name, []):
                errors[name].append(message)
    return ValidationError(errors)


# -- the checks -----------------------------------------------------------------------------------
def record_of(page):
    from wagtail_participation.models import MethodRecord

    if not page.pk:
        return None
    return MethodRecord.objects.filter(translation_key=page.translation_key).first()


def stored_values(record) -> dict:
    return {"rules": record.rules or {}, "opens_at": record.opens_at, "closes_at": record.closes_at}


def check_page(page):
    """For the source page of a method with participation: refuse changes to frozen rules."""
    record = record_of(page)
    if record is None or record.source_locale_id != page.locale_id:
        return
    freeze = freeze_of(record)
    changed = frozen_changes(type(page), freeze, stored_values(record), page.record_values())
    if changed:
        raise as_error(type(page), freeze, changed)


def check_record(record):
    """In ``MethodRecord.save()``: the stored frozen rules cannot be overwritten by any path."""
    from wagtail_participation.models import MethodRecord

    if record.pk is None:
        return
    stored = MethodRecord.objects.filter(pk=record.pk).first()
    page_class = page_class_of(record)
    if stored is None or page_class is None:
        return
    freeze = freeze_of(stored)
    changed = frozen_changes(page_class, freeze, stored_values(stored), stored_values(record))
    if changed:
        raise as_error(page_class, freeze, changed)


def guard_row(row, code_fields=("code",), deleting=False):
    """Option and question rows: codes are frozen with the rules.

    On the source page a changed, added or removed code is refused. On a translation (a
    wagtail-localize synchronisation writes these rows) a stored row keeps its codes, a new row
    takes those of its source row (same ``translation_key``; without one it is not written), and
    a row whose source row still exists is not deleted. Returns False when the caller must not write.
    """
    page = row.page if row.page_id else None
    record = record_of(page) if page is not None else None
    if record is None or not freeze_of(record):
        return True
    if record.source_locale_id == page.locale_id:
        stored = type(row).objects.filter(pk=row.pk).first() if row.pk else None
        if deleting or stored is None or any(getattr(stored, name) != getattr(row, name) for name in code_fields):
            raise ValidationError(CODES_LOCKED)
        return True
    source_row = (
        type(row)
        .objects.filter(
            translation_key=row.translation_key,
            locale_id=record.source_locale_id,
            page__translation_key=page.translation_key,
        )
        .first()
    )
    if deleting:
        return source_row is None
    keep = (type(row).objects.filter(pk=row.pk).first() if row.pk else None) or source_row
    if keep is None:
        return False
    for name in code_fields:
        setattr(row, name, getattr(keep, name))
    return True


PHASE_DATE_LOCKED = _(
    "This date has passed and people took part in a method this phase opens: it can no longer change. "
    "Use “Extend the closing date” or “Reopen” on the method instead."
)


def locked_phase_dates(phase) -> tuple[frozenset, object, object]:
    """Which stored dates of a project phase are frozen (those already passed, once a method the
    phase opens has participation), the stored row and that method's record. Audited actions may
    move them."""
    from wagtail_participation.models import MethodRecord

    stored = type(phase).objects.filter(pk=phase.pk).select_related("page").first() if phase.pk else None
    if stored is None or _audited_dates.get():
        return frozenset(), stored, None
    now = clock.now()
    passed = frozenset(name for name in ("start", "end") if getattr(stored, name) <= now)
    if not passed:
        return frozenset(), stored, None
    for record in MethodRecord.objects.filter(project_key=stored.page.translation_key):
        opened = any(stored.code in (rule or {}).get("phases", []) for rule in record.rules.get("actions", {}).values())
        if opened and first_participation_at(record) is not None:
            return passed, stored, record
    return frozenset(), stored, None


def guard_phase(phase, deleting=False) -> bool:
    """In the save and delete of a project phase: passed dates of a phase in use stay as they are
    (refused on a page edit, kept on a wagtail-localize synchronisation of a translation)."""
    locked, stored, record = locked_phase_dates(phase)
    if not locked:
        return True
    is_translation = stored.page.locale_id != record.source_locale_id
    if deleting:
        if is_translation:
            return False
        raise ValidationError(PHASE_DATE_LOCKED)
    changed = [name for name in locked if getattr(stored, name) != getattr(phase, name)]
    if changed and is_translation:
        for name in changed:
            setattr(phase, name, getattr(stored, name))
    elif changed:
        raise ValidationError({name: PHASE_DATE_LOCKED for name in changed})
    return True


# -- the audited actions ---------------------------------------------------------------------------
@contextmanager
def audited_dates():
    token = _audited_dates.set(True)
    try:
        yield
    finally:
        _audited_dates.reset(token)


class DateChangeRefused(ValueError):
    """The new closing date is not allowed; the message is for the editor."""


def change_closing_date(record, new_close, user, reason: str, reopen: bool):
    """Move the closing date of a method later (extend) or reopen a closed one, with the reason.

    A method inside a project closes with the last phase that opens its actions: that phase's end
    moves (on the source-language project; translations follow on their next synchronisation).
    Publishes a new revision, so the page editor shows the new date, and writes the audit log.
    """
    now = clock.now()
    closes = record.closes()
    closed = closes is not None and closes <= now
    if reopen and not closed:
        raise DateChangeRefused(_("This method is still open: extend its closing date instead."))
    if not reopen and closed:
        raise DateChangeRefused(_("This method has closed: reopen it with a reason instead."))
    if new_close <= now or (closes is not None and new_close <= closes):
        raise DateChangeRefused(_("The new closing date must be later than the current one and in the future."))
    page = record.source_page()
    if page is None:
        raise DateChangeRefused(_("The page of this method no longer exists."))
    with transaction.atomic(), audited_dates():
        if record.project_key:
            target = _move_phase_end(record, new_close, user)
        else:
            target = page.get_latest_revision_as_object()
            target.closes_at = new_close
            target.save_revision(user=user, log_action=False).publish(user=user, log_action=False)
        log(
            instance=page,
            action=REOPENED if reopen else EXTENDED,
            user=user,
            data={
                "before": closes.isoformat() if closes else None,
                "after": new_close.isoformat(),
                "reason": reason,
                "changed": str(target.title),
            },
        )


def _move_phase_end(record, new_close, user):
    from wagtail_participation.models import ProjectPage

    ends = [
        (phase.end, phase.code) for action in record.rules.get("actions", {}) for phase in record.phases_for(action)
    ]
    if not ends:
        raise DateChangeRefused(_("No phase of the project opens this method."))
    code = max(ends)[1]
    project = ProjectPage.objects.get(translation_key=record.project_key, locale_id=record.source_locale_id)
    draft = project.get_latest_revision_as_object()
    moved = next(phase for phase in draft.phases.all() if phase.code == code)
    for phase in draft.phases.all():
        if phase.code != code and moved.end <= phase.start < new_close:
            raise DateChangeRefused(
                _("The phase would then overlap the phase “%(other)s”; change the project's phases instead.")
                % {"other": phase.title}
            )
    moved.end = new_close
    draft.phases = list(draft.phases.all())
    draft.save_revision(user=user, log_action=False).publish(user=user, log_action=False)
    return project


# -- audit log labels ------------------------------------------------------------------------------
class DateChangeFormatter(LogFormatter):
    def format_comment(self, log_entry):
        return log_entry.data.get("reason") or ""


def register_log_actions(actions):
    """For the ``register_log_actions`` hook."""
    for action, label, message in [
        (EXTENDED, _("Closing date extended"), _("The closing date was moved later")),
        (REOPENED, _("Method reopened"), _("A closed method was reopened")),
    ]:
        actions.register_action(action)(type("Formatter", (DateChangeFormatter,), {"label": label, "message": message}))
