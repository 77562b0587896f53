"""The citizen side of a survey: steps, server-side conditions, one response per participant.

Everything works without JavaScript. The answers of the other steps travel as hidden inputs in
the one form, so going back and forth, or a validation error on any step, never loses an answer;
the final "send" validates every step again on the server (a hidden value is as untrusted as a
visible one) and hands the answers to :func:`wagtail_participation.surveys.services.send_answers`,
which stores the response and the "has answered" row in one transaction (docs/write-paths.md).

A survey embedded in another page (``surveys.blocks``) posts with :data:`RETURN_FIELD`: once
sent, the person returns there; on an error the survey's page shows it, keeps the field in the form
and links back.

The last step's form (and a one-step survey's block) posts to :func:`answer`, the route outside the
page tree (``wagtail_participation:answer_survey``, ``surveys/<record>/answer/``): it reads the
record and the visitor's participant in one query (the page and its questions are kept with the
live-method facts), the live-method guard decides visibility from its cached facts, and the page itself is read only to show the
survey again (an error, or "back") or when the form sent no :data:`RETURN_FIELD`. Every form of
the survey's page sends that field (the page's own address at least). A POST to the page itself
(a bookmarked or older form) still works as before.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field

from django.contrib import messages
from django.forms.utils import ErrorDict
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail_participation import identity, live_methods, writes
from wagtail_participation.phases import SUBMIT
from wagtail_participation.safe_redirects import safe_next
from wagtail_participation.surveys import services as surveys
from wagtail_participation.surveys.engine import questions as engine
from wagtail_participation.surveys.forms import scale_points
from wagtail_participation.surveys.models import SurveyPage, SurveyParticipation

#: Where an embedded survey returns to. Not "next": a question's code could be "next", and an
#: answer must never be read as a place to go; a code never holds a hyphen.
RETURN_FIELD = "wp-next"


@dataclass
class Step:
    """One page of the survey: its title and items (questions and headings)."""

    number: int
    title: str
    items: list = field(default_factory=list)

    @property
    def codes(self) -> set[str]:
        return {item.code for item in self.items if not item.is_layout}


def split_steps(page) -> list[Step]:
    """Page breaks start a new step, titled with the break's label."""
    steps = [Step(1, "")]
    for item in page.items:
        if item.field_type == "page_break":
            if steps[-1].items or steps[-1].title:
                steps.append(Step(len(steps) + 1, item.label))
            else:
                steps[-1].title = item.label
            continue
        steps[-1].items.append(item)
    for step in steps:
        step.title = step.title or (page.title if step.number == 1 else _("Step %(number)s") % {"number": step.number})
    return steps


GROUP_KINDS = frozenset({"radio", "checkboxes", "scale", "choice_other", "ranking", "matrix"})


@dataclass
class QuestionView:
    """What the template needs to show one question."""

    item: object
    field: object  # the BoundField
    kind: str
    condition_hint: str = ""
    options: list = field(default_factory=list)  # (code, label, value) per option / row
    points: list = field(default_factory=list)
    values: list = field(default_factory=list)  # the sub-values as typed (ranking, matrix, choice+other)

    @property
    def is_group(self) -> bool:
        return self.kind in GROUP_KINDS

    @property
    def widget(self):
        """The input for single-widget questions, tied to its hint, condition and errors."""
        attrs = {"aria-describedby": self.described_by} if self.described_by else {}
        if self.field.errors:
            attrs["aria-invalid"] = "true"
        return self.field.as_widget(attrs=attrs)

    @property
    def described_by(self) -> str:
        ids = []
        if self.item.help_text:
            ids.append(f"{self.field.auto_id}-hint")
        if self.condition_hint:
            ids.append(f"{self.field.auto_id}-condition")
        if self.kind == "ranking":
            ids.append(f"{self.field.auto_id}-how")
        if self.kind == "number" and self.item.minimum is not None and self.item.maximum is not None:
            ids.append(f"{self.field.auto_id}-range")
        ids += [f"{self.field.auto_id}-error-{n}" for n in range(1, len(self.field.errors) + 1)]
        return " ".join(ids)


def _condition_hint(item, by_code) -> str:
    condition = item.condition()
    trigger = by_code.get(condition.question) if condition else None
    if trigger is None:
        return ""
    question = trigger.as_question()
    offered = [option.code for option in question.options]
    ordered = [code for code in offered if code in condition.values] + sorted(condition.values - set(offered))
    labels = [question.option_label(code) for code in ordered]
    return _("Only if you answered “%(answers)s” to “%(question)s”.") % {
        "answers": "”, “".join(labels),
        "question": trigger.label,
    }


def _sub_values(form, code, count) -> list:
    if not form.is_bound:
        return [""] * count
    return [form.data.get(f"{code}__{i}", "") for i in range(count)]


def question_views(page, form, step: Step, earlier_answers: dict, step_codes: set[str]) -> list:
    """The step's items to show: headings, and questions that are asked given earlier answers.
    A question whose trigger is on this same step is shown with a hint (no JavaScript needed)."""
    by_code = {item.code: item for item in page.items if not item.is_layout}
    views = []
    for item in step.items:
        if item.is_layout:
            views.append(item)
            continue
        condition = item.condition()
        hint = ""
        if condition is not None:
            if condition.question in step_codes:
                hint = _condition_hint(item, by_code)
            elif not engine.condition_met(condition, earlier_answers):
                continue
        view = QuestionView(item=item, field=form[item.code], kind=item.field_type, condition_hint=hint)
        if item.field_type in {"ranking", "matrix", "choice_other"}:
            options = item.options()
            count = 2 if item.field_type == "choice_other" else len(options)
            view.values = _sub_values(form, item.code, count)
            view.options = [
                (o.code, o.label, view.values[i] if i < len(view.values) else "") for i, o in enumerate(options)
            ]
        if item.field_type in {"scale", "matrix"}:
            view.points = [str(p) for p in scale_points(item)]
        if item.field_type == "ranking":
            view.points = [str(p) for p in range(1, len(view.options) + 1)]
        views.append(view)
    return views


def carried_inputs(data, shown_codes: set[str], all_codes: set[str]) -> list[tuple[str, str]]:
    """Hidden (name, value) pairs for every answer typed on another step, kept as typed."""
    if data is None:
        return []
    pairs = []
    for name in data:
        code = re.sub(r"__\d+$", "", name)
        if code in all_codes and code not in shown_codes:
            pairs += [(name, value) for value in data.getlist(name)]
    return pairs


def _step_index(request, steps) -> int:
    raw = request.POST.get("step") if request.method == "POST" else request.GET.get("step")
    try:
        return min(max(int(raw) - 1, 0), len(steps) - 1)
    except (TypeError, ValueError):
        return 0


def has_answered(page, participant) -> bool:
    return (
        participant is not None
        and SurveyParticipation.objects.filter(
            record=page.participation_record,
            participant=participant,
        ).exists()
    )


def answer_url(page) -> str:
    return reverse("wagtail_participation:answer_survey", args=(page.participation_record.pk,))


SURVEY_MODELS = (SurveyPage._meta.label_lower,)


def answer(request, record_id):
    """POST the survey's answers (``action=send``), routed outside the page tree. Any other
    action (``back`` from the last step) is the page's own, served here from the full page."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    record, _rows, _joined = writes.record_for_write(request, record_id, SURVEY_MODELS)
    page_id = live_methods.require_writable_record(request, record)
    if request.POST.get("action", "send") != "send":
        return serve(request, live_methods.record_page(record, page_id))
    page = _page_for_answers(record, page_id)
    form = page.get_form(request.POST, page=page, user=request.user)
    valid = form.is_valid()
    actor = writes.actor_for(request)
    language = live_methods.page_language(record, page_id)
    outcome = surveys.send_answers(actor, page, form.answers() if valid else None, language=language)
    if outcome.ok:
        writes.tell(request, outcome, form)
        back = safe_next(request, "", RETURN_FIELD)
        if not back:  # an older form without the field: the page's address is needed after all
            back = live_methods.record_page(record, page_id).get_url(request)
        return identity.remember(request, redirect(back))
    full = live_methods.record_page(record, page_id)  # the survey again, with every answer kept
    full.__dict__["items"] = page.items
    if outcome.code == surveys.ALREADY_ANSWERED and has_answered(full, actor.participant):
        messages.error(request, outcome.message)  # as the page itself answers then: its thank-you page
        return render_landing(request, full)
    writes.tell(request, outcome, form)
    steps = split_steps(full)
    index = _step_index(request, steps)
    if outcome.code == writes.INVALID and not outcome.message:
        index = _first_error_step(form, steps, index)
    decision = actor.may(SUBMIT, full)
    return identity.remember(request, render_step(request, full, form, steps, index, decision, status=outcome.status))


def _page_for_answers(record, page_id) -> SurveyPage:
    """The survey page ``page_id`` with its questions, as storing answers needs it: kept with the
    live-method facts (:func:`live_methods.cached_record_page`: a new generation on any change to
    a page, so an edited survey is read again; keyed too by the questions' codes and types on the
    record, which is read on every POST), else read (the page, and its questions in one query)."""
    shape = json.dumps(record.rules.get("questions"), sort_keys=True).encode()
    return live_methods.cached_record_page(record, page_id, _read_questions, hashlib.sha256(shape).hexdigest()[:16])


def _read_questions(page):
    page.items  # noqa: B018 (a cached_property: read before the page is cached)


def serve(request, page):
    """GET: a step (``?step=N``) or the thank-you page. POST: back, next or send."""
    actor = writes.actor_for(request)
    participant = actor.participant
    decision = actor.may(SUBMIT, page)
    if has_answered(page, participant):
        return render_landing(request, page)
    steps = split_steps(page)
    index = _step_index(request, steps)
    if request.method != "POST":
        form = page.get_form(page=page, user=request.user)
        return render_step(request, page, form, steps, index, decision)

    form = page.get_form(request.POST, page=page, user=request.user)
    action = request.POST.get("action", "send")
    if action == "back":
        form._errors, form.cleaned_data = ErrorDict(), {}  # going back never shows errors
        return render_step(request, page, form, steps, max(index - 1, 0), decision)
    last = len(steps) - 1
    if action == "next" and index < last:
        form.scope = set().union(*(step.codes for step in steps[: index + 1]))
        if form.is_valid():
            return render_step(request, page, form, steps, index + 1, decision)
        return render_step(request, page, form, steps, _first_error_step(form, steps, index), decision, status=400)

    # send: everything, again (the service validates what the steps showed once more)
    valid = form.is_valid()
    outcome = surveys.send_answers(actor, page, form.answers() if valid else None)
    writes.tell(request, outcome, form)
    if outcome.ok:
        return identity.remember(request, redirect(safe_next(request, "", RETURN_FIELD) or page.get_url(request)))
    if outcome.code == writes.INVALID and not outcome.message:
        index = _first_error_step(form, steps, index)
    return identity.remember(request, render_step(request, page, form, steps, index, decision, status=outcome.status))


def _first_error_step(form, steps, fallback: int) -> int:
    for number, step in enumerate(steps):
        if step.codes & set(form.errors):
            return number
    return fallback


def render_step(request, page, form, steps, index, decision, status=200):
    step = steps[index]
    all_codes = set().union(*(s.codes for s in steps))
    earlier_codes = set().union(set(), *(s.codes for s in steps[:index]))
    earlier_answers = {}
    if form.is_bound and earlier_codes:
        earlier = page.get_form(form.data, page=page, user=request.user, scope=earlier_codes)
        earlier.is_valid()  # the valid answers of earlier steps decide which questions are asked now
        earlier_answers = earlier.cleaned_data
    views = question_views(page, form, step, earlier_answers, step.codes)
    shown = {view.item.code for view in views if isinstance(view, QuestionView)}
    # Posted from a block on another page: keep returning there, and offer the way back.
    next_url = safe_next(request, "", RETURN_FIELD) if request.method == "POST" else ""
    context = page.get_context(request)
    context.update(
        {
            "form": form,
            "steps": steps,
            "step": step,
            "step_number": index + 1,
            "is_last_step": index == len(steps) - 1,
            "items": views,
            "carried": carried_inputs(form.data if form.is_bound else None, shown, all_codes),
            "decision": decision,
            "anonymous": page.is_anonymous(),
            "progress_percent": round(100 * index / len(steps)),
            "next_url": next_url,
            # where the answers go once sent: the page's own address unless a block sent one
            "return_url": next_url or page.get_url(request),
            "answer_url": answer_url(page),
            "back_url": next_url if next_url.split("#")[0] != page.get_url(request) else "",
        }
    )
    return TemplateResponse(request, page.get_template(request), context, status=status)


def render_landing(request, page):
    context = page.get_context(request)
    context["anonymous"] = page.is_anonymous()
    return TemplateResponse(request, page.get_landing_page_template(request), context)
