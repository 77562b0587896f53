"""What every citizen write service shares: who acts (:class:`Actor`) and what came of it
(:class:`WriteOutcome`), and the checks each write runs in front of its own (docs/write-paths.md).

A view resolves the actor once per request (:func:`actor_for`), parses the request, calls its
app's service with the actor, the target and the cleaned input, and turns the outcome into a
response. The service runs the checks in this order, each a refusal with its own code and HTTP
status: the method is live and visible here (404), the permission policy (403), the input is
valid (400), the abuse brake (429), then its own per-person limits and the write.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field

from django.contrib import messages
from django.db import OperationalError, transaction
from django.http import Http404

from wagtail_participation import databases, identity, live_methods, permissions, ratelimit
from wagtail_participation.phases import COMMENT

OK = "ok"
HIDDEN = "not_found"  # the method is not live or not visible here
INVALID = "invalid"  # the input did not validate: the view shows the form's own errors
BRAKED = "braked"  # the abuse brake (docs/abuse-brakes.md)
SPAM = "spam"  # a honeypot was filled in: the bot is thanked, nothing is stored


@dataclass(frozen=True)
class Actor:
    """The person behind a request, resolved once: their participant (None for a first-time
    anonymous visitor until a write makes one), their user, and the request itself, which the
    abuse brake (client address, session) and the live-method check (site, view restrictions)
    read."""

    participant: object
    user: object
    request: object = field(repr=False, compare=False)
    decisions: dict = field(default_factory=dict, repr=False, compare=False)
    pages: dict = field(default_factory=dict, repr=False, compare=False)

    def may(self, action: str, target, now=None) -> permissions.Decision:
        """The permission policy's decision for this actor (``permissions.can``), made once per
        action and record in a request: the page's buttons and the write read the same one."""
        if now is not None:
            return permissions.can(self.participant, action, target, now)
        record = getattr(target, "participation_record", target)
        key = (action, record.pk)
        if key not in self.decisions:
            self.decisions[key] = permissions.can(self.participant, action, record)
        return self.decisions[key]

    def brake(self, action: str, creates_participant: bool = True) -> ratelimit.Verdict:
        """Count one attempt at ``action`` against this person's and address's budgets."""
        return ratelimit.attempt(self.request, action, creates_participant, participant=self.participant)

    def writing_participant(self):
        """The participant a write is stored for: this actor's, or a new anonymous one (only made
        once every check has passed, so refused requests leave no stray participants)."""
        return self.participant or identity.participant_for(self.request, create=True)

    def visible_page_id(self, record, page_id=None):
        """The id of the record's page this actor may write to here (``page_id`` itself when
        given), or None when the method is not live or not visible to them. Answered once per
        record in a request: a route's 404 and the service's own check ask the same question."""
        key = (record.translation_key, page_id)
        if key not in self.pages:
            found = live_methods.visible_page_id(self.request, record.translation_key, page_id)
            self.pages[key] = found
            if found is not None:
                self.pages[(record.translation_key, found)] = found  # that page is visible, asked by id
        return self.pages[key]


def with_participant(actor: Actor, write):
    """``write(participant)`` for the actor's writing participant, its answer returned. A first
    visit's new anonymous participant is made in the same transaction as the write: one commit
    instead of two (the costliest statement of a write on a disk that syncs), and no participant
    left behind when the write fails. A deadlock victim runs again, as ``retry_on_deadlock`` would
    (inside this transaction it cannot), with a new participant."""
    if actor.participant is not None:
        return write(actor.participant)
    if not _outside_transaction():
        return _write_as_new_participant(actor, write)
    for attempt in range(1, DEADLOCK_ATTEMPTS + 1):
        try:
            with transaction.atomic():
                return _write_as_new_participant(actor, write)
        except OperationalError as error:
            identity.forget_new_participant(actor.request)
            if attempt == DEADLOCK_ATTEMPTS or not databases.is_deadlock(error):
                raise
        except BaseException:
            identity.forget_new_participant(actor.request)
            raise
        time.sleep(0.02 * attempt)
    raise AssertionError("unreachable")


DEADLOCK_ATTEMPTS = 4


def _write_as_new_participant(actor: Actor, write):
    """``write`` for a new anonymous participant, made in the transaction open now and marked so
    (:func:`made_in_this_transaction`) while the write runs."""
    participant = actor.writing_participant()
    participant._made_in_this_transaction = True
    try:
        return write(participant)
    finally:
        participant._made_in_this_transaction = False


def inner_atomic(participant):
    """The ``atomic()`` of a write whose unique constraint (one per person) may refuse it: a
    savepoint, so the ``IntegrityError`` can be caught and answered. Not for a participant made in
    this very transaction (:func:`with_participant`'s first visit): they can have no row yet, so no
    constraint can refuse them, and the savepoint's two round trips are saved."""
    if made_in_this_transaction(participant):
        return transaction.atomic(savepoint=False)
    return transaction.atomic()


def single_statement_atomic(participant):
    """The ``atomic()`` around a write that is ONE statement: none outside a transaction (the
    database runs it autocommitted, whole or not at all: no BEGIN and COMMIT), else
    :func:`inner_atomic` (a savepoint, unless the participant was made in this transaction)."""
    if _outside_transaction():
        return contextlib.nullcontext()
    return inner_atomic(participant)


def made_in_this_transaction(participant) -> bool:
    """Whether ``participant`` is a first visit's, made by :func:`with_participant` in the
    transaction still open: they hold no row yet, so no per-person constraint can refuse them."""
    return getattr(participant, "_made_in_this_transaction", False) and not _outside_transaction()


def _outside_transaction() -> bool:
    """Whether no transaction is open (inside one, e.g. ATOMIC_REQUESTS, the write joins it)."""
    return not transaction.get_connection().in_atomic_block


def actor_for(request) -> Actor:
    """The request's actor, resolved on first need and kept for the rest of the request: the
    participant is looked up here and nowhere else (a participant a write creates later is the
    write's, not the actor's)."""
    actor = getattr(request, "_participation_actor", None)
    if actor is None:
        actor = Actor(identity.participant_for(request), getattr(request, "user", None), request)
        request._participation_actor = actor
    return actor


@dataclass(frozen=True)
class WriteOutcome:
    """What a write service did: ``ok`` or a refusal ``code``, the sentence to show (translated),
    the HTTP status a view answers with, and what changed (the service's own value)."""

    ok: bool
    code: str = OK
    message: str = ""
    status: int = 200
    changed: object = None  # no __bool__: a refusal is truthy, so checks chain with ``or``


def done(code: str = OK, message: str = "", changed=None, status: int = 200) -> WriteOutcome:
    return WriteOutcome(True, code, str(message), status, changed)


def refused(code: str, message: str = "", status: int = 403, changed=None) -> WriteOutcome:
    return WriteOutcome(False, code, str(message), status, changed)


def hidden_method(actor: Actor, record, page_id=None) -> WriteOutcome | None:
    """A refusal (404) when the method is not live or not visible to ``actor`` here."""
    if actor.visible_page_id(record, page_id) is None:
        return refused(HIDDEN, "", 404)
    return None


def not_permitted(decision: permissions.Decision) -> WriteOutcome | None:
    """The policy's refusal (403, with its reason), or None when ``decision`` allows."""
    return None if decision else refused(decision.code, decision.reason, 403)


def braked(actor: Actor, action: str, creates_participant: bool = True) -> WriteOutcome | None:
    """The abuse brake's refusal (429), or None; counts the attempt."""
    verdict = actor.brake(action, creates_participant)
    return None if verdict else refused(BRAKED, verdict.reason, 429)


def comment_refusal(actor: Actor, page, form, page_id=None) -> WriteOutcome | None:
    """What stops a comment form's write on ``page`` (None when nothing does): a hidden method,
    the COMMENT policy, spam (accepted and dropped: code ``spam``, ok), invalid input, the brake.
    ``page`` is the method page, or its record (a route outside the page tree: ``page_id`` then
    names the page the write goes to, if known)."""
    record = getattr(page, "participation_record", page)
    if record is not page:
        page_id = page.pk
    refusal = hidden_method(actor, record, page_id) or not_permitted(actor.may(COMMENT, record))
    if refusal:
        return refusal
    if form.is_spam():
        return done(SPAM)
    return invalid() if not form.is_valid() else braked(actor, "comment")


def invalid(message: str = "") -> WriteOutcome:
    """The input did not validate (400); the view shows the form's errors."""
    return refused(INVALID, message, 400)


# -- for views ---------------------------------------------------------------------------------------
def tell(request, outcome: WriteOutcome, form=None) -> None:
    """Put the outcome's sentence where the person reads it: a success or a policy refusal (403)
    above the page, any other refusal in ``form`` (with the input it is about; above the page
    when there is no form). A method that is hidden here is a 404, as for any other route."""
    if outcome.status == 404:
        raise Http404("No such participation method here.")
    if not outcome.message:
        return
    if outcome.ok:
        messages.success(request, outcome.message)
    elif outcome.status == 403 or form is None:
        messages.error(request, outcome.message)
    else:
        form.add_error(None, outcome.message)


# -- the reads of a write routed outside the page tree -------------------------------------------------
def read_record(request, joins: str = "", where: str = "r.id = %s", params=(), columns=(), participant_fields=()):
    """The :class:`MethodRecord` (alias ``r``) joined as the caller says (``joins``, ``where``,
    ``params``), the caller's ``columns``, and the anonymous visitor's participant, in one query;
    the participant is adopted on the request (``identity.participant_for`` then needs no query).
    ``participant_fields`` are more of the participant's fields to load with it (a comment form
    reads the public name). Returns ``(record, extra values)`` of the first row, or None when no
    row matched (:func:`_read_rows`).

    For the writes routed outside the page tree (idea vote, poll ballot, proposal support,
    comment): every round trip shows in their cost (bench/write_paths.py), so what a write needs
    before its own statements is read at once, in hand-written SQL (building the join through the
    ORM costs more than running it)."""
    found = _read_rows(request, joins, where, params, columns, participant_fields, first_only=True)
    if found is None:
        return None
    record, rows, _joined = found
    return record, rows[0]


def record_for_write(
    request, record_id: int, page_models, extra_columns: str = "", extra_joins: str = "", extra_params=()
):
    """The :class:`MethodRecord` ``record_id`` of one of ``page_models`` (``"app_label.modelname"``),
    with the anonymous visitor's participant adopted (no query later), in one query; 404 when there
    is no such record (the surveys' and budgets' own routes).

    ``extra_columns`` / ``extra_joins`` (with ``extra_params``, placed before the WHERE clause's)
    add a method's own LEFT JOINs; ``wp_p.id`` is the participant's id there (NULL when there is
    none, or when the participant is not the cookie's: see ``joined``). Returns the record, the
    extra columns of every row (a join may give several rows; the record's columns are the same in
    each), and ``joined``: whether ``wp_p`` is the visitor's participant (an anonymous visitor's
    cookie, not resolved before); when not, the caller reads the visitor's own rows itself."""
    models = tuple(page_models)
    where = f"r.id = %s AND r.page_model IN ({', '.join(['%s'] * len(models))})"
    columns = (extra_columns,) if extra_columns else ()
    found = _read_rows(request, extra_joins, where, [*extra_params, record_id, *models], columns, ())
    if found is None:
        raise Http404("No such participation method.")
    return found


def _read_rows(request, joins, where, params, columns, participant_fields, first_only=False):
    """The one reader behind :func:`read_record` and :func:`record_for_write`: ``(record, the
    caller's columns of each row, joined)`` or None. The participant's LEFT JOINs (``wp_p``,
    ``wp_v``; a NULL token joins nothing) come before the caller's ``joins``, which may use
    ``wp_p``; ``joined`` says whether ``wp_p`` is the visitor's (an anonymous cookie's) participant.
    The statement's text is built once per shape (``raw_rows.statement``)."""
    from django.db import connection

    from wagtail_participation.models import MethodRecord
    from wagtail_participation.raw_rows import from_db_values, statement

    token = identity.anonymous_token(request)
    token_value = identity.token_db_value(token) if token else None
    columns, participant_fields = tuple(columns), tuple(participant_fields)

    def build():
        quote = connection.ops.quote_name
        select = [f"r.{quote(field.column)}" for field in MethodRecord._meta.concrete_fields]
        participant_select, participant_joins, _params = identity.participant_columns(None)
        select += [participant_select, *(f"wp_p.{quote(name)}" for name in participant_fields), *columns]
        return (
            f"SELECT {', '.join(select)} FROM {quote(MethodRecord._meta.db_table)} r {participant_joins} {joins} "
            f"WHERE {where}"
        )

    sql = statement(("read_record", joins, where, columns, participant_fields), build)
    with connection.cursor() as cursor:
        cursor.execute(sql, [token_value, *params])
        rows = [cursor.fetchone()] if first_only else cursor.fetchall()
    if not rows or rows[0] is None:
        return None
    count = len(MethodRecord._meta.concrete_fields)
    record = MethodRecord.from_db(connection.alias, None, from_db_values(MethodRecord, rows[0][:count]))
    known = count + 3 + len(participant_fields)
    if token_value is not None:
        participant = identity.adopt_participant(request, token, *rows[0][count : count + 3])
        if participant is not None:
            for name, value in zip(participant_fields, rows[0][count + 3 : known]):
                setattr(participant, name, value)
    return record, [row[known:] for row in rows], token_value is not None


def _contribution_columns(model):
    """The SELECT list of every concrete field of ``model`` (``c``: the shared contribution row,
    ``k``: the model's own) and the JOIN from ``c`` to ``k``; built once per model."""
    from django.db import connection

    from wagtail_participation.models import Contribution
    from wagtail_participation.raw_rows import statement

    def build():
        quote = connection.ops.quote_name
        alias = {Contribution: "c", model: "k"}
        own = [
            f"{alias[field.model._meta.concrete_model]}.{quote(field.column)}" for field in model._meta.concrete_fields
        ]
        join = ""
        if model is not Contribution:
            pointer = model._meta.parents[Contribution].column
            join = f" JOIN {quote(model._meta.db_table)} k ON k.{quote(pointer)} = c.id"
        return tuple(own), join, f"JOIN {quote(Contribution._meta.db_table)} c ON c.record_id = r.id{join}"

    return statement(("contribution_columns", model), build)


def read_contribution(request, model, contribution_id: int, columns=(), participant_fields=()):
    """The contribution ``contribution_id`` as ``model`` (a subclass of ``Contribution``, every
    concrete field loaded) with its record attached, the caller's ``columns`` and the anonymous
    visitor's participant, in one query (:func:`read_record`); None when there is none of that
    kind. Visibility is the caller's question (``is_public``)."""
    from django.db import connection

    from wagtail_participation.raw_rows import from_db_values

    own, _join, joins = _contribution_columns(model)
    found = read_record(request, joins, "c.id = %s", [contribution_id], [*own, *columns], participant_fields)
    if found is None:
        return None
    record, values = found
    contribution = model.from_db(connection.alias, None, from_db_values(model, values[: len(own)]))
    model.record.field.set_cached_value(contribution, record)
    return contribution, values[len(own) :]


def lock_contribution(model, contribution_id: int):
    """Inside the caller's transaction: ``model``'s row ``contribution_id`` (every concrete field),
    locked (``SELECT ... FOR UPDATE``, both tables, as the ORM's ``select_for_update()`` would; a
    database without row locks serialises writes anyway). Hand-written: on a write path building
    this query through the ORM costs more than running it. Raises ``model.DoesNotExist``."""
    from django.db import connection

    from wagtail_participation.models import Contribution
    from wagtail_participation.raw_rows import from_db_values, statement

    def build():
        own, join, _joins = _contribution_columns(model)
        sql = f"SELECT {', '.join(own)} FROM {connection.ops.quote_name(Contribution._meta.db_table)} c{join} WHERE c.id = %s"
        return sql + " FOR UPDATE" if connection.features.has_select_for_update else sql

    with connection.cursor() as cursor:
        cursor.execute(statement(("lock_contribution", model), build), [contribution_id])
        row = cursor.fetchone()
    if row is None:
        raise model.DoesNotExist
    return model.from_db(connection.alias, None, from_db_values(model, row))
