"""The citizen-facing budget views (routed from :class:`BudgetPage`): overview, booth, withdraw, export.

The booth works without JavaScript: the form posts ``action=update`` (recompute the basket and
show what breaks a rule), ``action=review`` (a summary to check) and ``action=submit`` (store).
Every state change is a POST with CSRF; ``permissions.can`` plus the district rule decide on the
server, and the ballot is validated again on submit whatever the page showed.

A budget embedded in another page (``budgets.blocks``) links into the booth with ``?next=``; the
booth's forms post to their own URL (query included) and keep it in a hidden field, so once the
ballot is stored the person returns to that page (decision 1).

The review's "Submit my ballot" posts to :func:`cast`, the route outside the page tree
(``wagtail_participation:cast_budget_ballot``, ``budgets/<record>/<budget>/ballot/``): one query
reads the record, the visitor's participant, their ballots and the budget's title in the page's
language; the live-method guard decides visibility from its cached facts; the page is read only
to show the booth again (an error, or "change my choice") or when the form sent no way back
(``wp-return``). A submit posted to the booth itself (an older form) still works.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import connection
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Page

from wagtail_participation import identity, live_methods, permissions, writes
from wagtail_participation.budgets import services as budgets
from wagtail_participation.budgets.engine.ballots import Ballot
from wagtail_participation.budgets.forms import BoothForm
from wagtail_participation.budgets.models import Budget, BudgetBallot, BudgetPage
from wagtail_participation.engine.charts import layout_bars
from wagtail_participation.money import format_money as money
from wagtail_participation.phases import VOTE
from wagtail_participation.raw_rows import from_db_values
from wagtail_participation.safe_redirects import safe_next


def _localized(page, with_topics=True):
    """Budget and project rows of this language, keyed by code (shared translation key); the
    projects' topics only ``with_topics`` (a ballot that is stored shows no project card)."""
    budgets_here = {budget.code: budget for budget in page.budgets.select_related("area")}
    projects = {}
    rows = page.budget_projects.select_related("image", "area")
    for project in rows.prefetch_related("topics") if with_topics else rows:
        projects[project.code] = project
    mark_untranslated(projects.values(), page)
    return budgets_here, projects


def mark_untranslated(projects, page):
    """Set ``title_lang`` / ``description_lang`` on projects whose text is still the source
    language's (a translated page copies it until someone translates it), so the template marks
    that text with its language; empty where the text is in the page's own language."""
    projects = list(projects)
    for project in projects:
        project.title_lang = project.description_lang = ""
    source_locale_id = page.participation_record.source_locale_id
    if not projects or source_locale_id in (None, page.locale_id):
        return
    from wagtail_participation.budgets.models import BudgetProject

    sources = BudgetProject.objects.filter(
        translation_key__in=[p.translation_key for p in projects],
        locale_id=source_locale_id,
    ).select_related("locale")
    by_key = {source.translation_key: source for source in sources}
    for project in projects:
        source = by_key.get(project.translation_key)
        if source is None:
            continue
        code = source.locale.language_code
        project.title_lang = code if project.title == source.title else ""
        project.description_lang = code if project.description and project.description == source.description else ""


def budget_entries(request, page, participant, decision):
    """One entry per budget of ``page`` for this participant: its spec, title, whether they may vote
    and why not, their ballot, and the links into its booth and export (page and block)."""
    record = page.participation_record
    own = budgets.own_ballots(record, participant)
    rows, projects = _localized(page)
    entries = []
    for spec in budgets.budget_specs(record):
        access = budgets.district_access(decision, spec, own)
        title = rows[spec.code].title if spec.code in rows else spec.title
        entries.append(
            {
                "spec": spec,
                "budget": rows.get(spec.code),
                "title": title,
                "access": access,
                "reason": budgets.access_reason(access.code, title),
                "ballot": own.get(spec.code),
                "url": page.url + page.reverse_subpage("booth", args=(spec.slug,)),
                "export_url": page.url + page.reverse_subpage("export", args=(spec.slug,)),
                "projects": [projects[code] for code in spec.costs if code in projects],
                "can_vote": bool(decision) and access.allowed,
            }
        )
    return entries


def overview(request, page):
    from wagtail_participation import snapshots
    from wagtail_participation.budgets.method_results import outcome_rows

    actor = writes.actor_for(request)
    participant, decision = actor.participant, actor.may(VOTE, page)
    record = page.participation_record
    context = page.get_context(request)
    snapshot = snapshots.current_snapshot(record) if record.is_closed() else None
    outcomes = snapshot.results().specifics if snapshot is not None else None
    entries = budget_entries(request, page, participant, decision)
    for entry in entries:
        entry["outcome"] = outcomes.get(entry["spec"].code) if outcomes else None
        if entry["outcome"]:
            projects = {project.code: project for project in entry["projects"]}
            entry["result_rows"] = outcome_rows(entry["outcome"], projects)
            entry["chart"] = budget_chart(entry["result_rows"], entry["outcome"].ballots)
    context.update({"decision": decision, "entries": entries, "snapshot": snapshot, "closed": record.is_closed()})
    return TemplateResponse(request, page.get_template(request), context)


def budget_chart(rows, ballots):
    """Bars of supporters per project (share of ballots), funded ones dark, in result order
    (``rows`` from :func:`~wagtail_participation.budgets.method_results.outcome_rows`)."""
    chart = layout_bars([(row.project.title if row.project else row.code, row.score) for row in rows])
    bars = []
    for bar, row in zip(chart.bars, rows):
        numbers = {"count": row.score, "share": f"{round(row.score / ballots * 100) if ballots else 0}%"}
        value_text = (_("%(count)s (%(share)s), funded") if row.funded else "%(count)s (%(share)s)") % numbers
        bars.append({"bar": bar, "muted": not row.funded, "value_text": value_text})
    return {"chart": chart, "bars": bars}


def _spec_or_404(page, slug):
    spec = budgets.spec_by_slug(page.participation_record, slug)
    if spec is None:
        raise Http404
    return spec


def booth(request, page, budget_slug):
    record = page.participation_record
    spec = _spec_or_404(page, budget_slug)
    actor = writes.actor_for(request)
    decision = actor.may(VOTE, page)
    submitting = request.method == "POST" and request.POST.get("action") == "submit"
    rows, projects = _localized(page, with_topics=not submitting)
    ordered = [projects[code] for code in spec.costs if code in projects]
    title = rows[spec.code].title if spec.code in rows else spec.title
    own = budgets.own_ballots(record, actor.participant)
    access = budgets.district_access(decision, spec, own)
    mine = own.get(spec.code)
    initial = (
        Ballot(projects=tuple(mine.projects), points={k: int(v) for k, v in mine.points.items()}) if mine else None
    )
    status, template = 200, "wagtail_participation/budgets/budget_booth.html"
    back = safe_next(request, "")  # from a block on another page: return there once the ballot is stored
    if request.method == "POST":
        form = BoothForm(spec, ordered, data=request.POST)
        action = request.POST.get("action", "update")
        if action == "submit":
            valid = form.is_valid()
            outcome = budgets.submit_ballot(actor, page, spec, form.ballot if valid else None, title, own=own)
            _tell(request, outcome, form, record)
            if outcome.ok:
                return identity.remember(request, redirect(back or page.url + "#budget-" + spec.slug))
            status = outcome.status
            prefetch_related_objects(ordered, "topics")  # the booth is shown again, with its cards
        elif action == "review" and not (decision and access.allowed):
            messages.error(request, decision.reason if not decision else budgets.access_reason(access.code, title))
            status = 403
        elif action == "review":
            if form.is_valid():
                template = "wagtail_participation/budgets/budget_review.html"
            else:
                status = 400
        else:  # "update" (or "change" from the review): recompute the basket, show what breaks a rule
            form.is_valid()
    else:
        form = BoothForm(spec, ordered, initial=initial)
    return _booth_response(request, page, spec, form, title, decision, access, mine, back, template, status)


def _tell(request, outcome, form, record) -> None:
    """A submit's outcome where the person reads it: the brake with the ballot's own problems,
    the rest above the page; once stored, until when it can be changed."""
    if outcome.status == 429:  # the booth shows it with the ballot's own problems
        form.non_field_errors.append(outcome.message)
    else:
        writes.tell(request, outcome)
    if outcome.ok and (closes := record.closes()):
        moment = permissions.format_moment(closes)
        messages.info(request, _("You can change it until voting closes on %(when)s.") % {"when": moment})


def _booth_response(request, page, spec, form, title, decision, access, mine, back, template, status):
    context = page.get_context(request)
    context.update(
        {
            "spec": spec,
            "budget_title": title,
            "form": form,
            "basket": form.basket(),
            "decision": decision,
            "access": access,
            "access_reason": budgets.access_reason(access.code, title),
            "ballot": mine,
            "can_vote": bool(decision) and access.allowed,
            "money": money,
            "remaining_text": _remaining_text(form),
            "withdraw_url": page.url + page.reverse_subpage("withdraw", args=(spec.slug,)),
            "next_url": back,
            # the review's submit: the route outside the page tree, and where it returns to
            "cast_url": cast_url(page, spec),
            "return_url": back or page.url + "#budget-" + spec.slug,
        }
    )
    return identity.remember(request, TemplateResponse(request, template, context, status=status))


# -- the ballot's route outside the page tree -------------------------------------------------------
RETURN_FIELD = "wp-return"
BUDGET_MODELS = (BudgetPage._meta.label_lower,)


def cast_url(page, spec) -> str:
    return reverse("wagtail_participation:cast_budget_ballot", args=(page.participation_record.pk, spec.slug))


def cast(request, record_id, budget_slug):
    """POST ``action=submit``: store the ballot (routed outside the page tree). Any other action
    ("change my choice", "update", "review") is the booth's own, served here from the full page."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    record, own, title, page_id = _ballot_facts(request, record_id, budget_slug)
    spec = budgets.spec_by_slug(record, budget_slug)
    if spec is None:
        raise Http404
    if request.POST.get("action", "update") != "submit":
        return booth(request, live_methods.record_page(record, page_id), budget_slug)
    actor = writes.actor_for(request)
    if own is None:  # a signed-in visitor: their participant was not in the query
        own = budgets.own_ballots(record, actor.participant)
    title = title or spec.title
    page = BudgetPage.from_db(connection.alias, ["id", "page_ptr_id"], [page_id, page_id])  # fields deferred
    page.__dict__["participation_record"] = record
    form = BoothForm(spec, [], data=request.POST)  # judging a ballot needs the rules, not the project rows
    valid = form.is_valid()
    outcome = budgets.submit_ballot(actor, page, spec, form.ballot if valid else None, title, own=own)
    if outcome.ok:
        _tell(request, outcome, form, record)
        back = safe_next(request, "") or safe_next(request, "", RETURN_FIELD)
        if not back:  # an older form without the field: the page's address is needed after all
            full = live_methods.record_page(record, page_id)
            back = full.url + "#budget-" + spec.slug
        return identity.remember(request, redirect(back))
    if outcome.status == 404:
        raise Http404("No such participation method here.")
    # the booth again (the ballot as typed, the errors, the reason), as the booth's own submit shows it
    full = live_methods.record_page(record, page_id)
    rows, projects = _localized(full)
    form = BoothForm(spec, [projects[code] for code in spec.costs if code in projects], data=request.POST)
    form.is_valid()
    _tell(request, outcome, form, record)
    decision = actor.may(VOTE, full)
    access = budgets.district_access(decision, spec, own)
    template = "wagtail_participation/budgets/budget_booth.html"
    return _booth_response(
        request,
        full,
        spec,
        form,
        title,
        decision,
        access,
        own.get(spec.code),
        safe_next(request, ""),
        template,
        outcome.status,
    )


def _ballot_facts(request, record_id, budget_slug):
    """The record, the anonymous visitor's ballots by budget code (None when the query could not
    join them: a signed-in visitor), the budget's title on each translation, and the id of the
    page the write goes to; in one query (a LEFT JOIN of the ballots and one of the titles)."""
    quote = connection.ops.quote_name
    ballot_fields = BudgetBallot._meta.concrete_fields
    pages = Page._meta
    columns = ", ".join(f"b.{quote(field.column)}" for field in ballot_fields) + ", t.page_id, t.title"
    joins = (
        f"LEFT JOIN {quote(BudgetBallot._meta.db_table)} b ON b.record_id = r.id AND b.participant_id = wp_p.id "
        f"LEFT JOIN {quote(Budget._meta.db_table)} t ON t.slug = %s AND t.page_id IN "
        f"(SELECT {quote(pages.pk.column)} FROM {quote(pages.db_table)} WHERE translation_key = r.translation_key)"
    )
    record, rows, joined = writes.record_for_write(
        request, record_id, BUDGET_MODELS, extra_columns=columns, extra_joins=joins, extra_params=[budget_slug]
    )
    page_id = live_methods.require_writable_record(request, record)
    count = len(ballot_fields)
    own, titles = {}, {}
    for row in rows:
        if row[0] is not None:
            ballot = BudgetBallot.from_db(connection.alias, None, from_db_values(BudgetBallot, row[:count]))
            own[ballot.budget_code] = ballot
        if row[count] is not None:
            titles[row[count]] = row[count + 1]
    return record, own if joined else None, titles.get(page_id), page_id


def _remaining_text(form) -> str:
    basket = form.basket()
    if form.rule.uses_points:
        return _("%(left)s of %(total)s points left") % {"left": basket.points_left, "total": basket.points_total}
    if form.rule.kind == "knapsack":
        if basket.remaining < 0:
            return _("%(over)s over the budget of %(budget)s") % {
                "over": money(-basket.remaining),
                "budget": money(basket.budget),
            }
        return _("%(left)s of %(budget)s left") % {"left": money(basket.remaining), "budget": money(basket.budget)}
    limit = form.rule.max_projects if form.rule.kind == "approval" else form.rule.rank_k
    if limit:
        return _("%(count)s of at most %(limit)s projects chosen") % {"count": basket.count, "limit": limit}
    return ngettext("%(count)s project chosen", "%(count)s projects chosen", basket.count) % {"count": basket.count}


def withdraw(request, page, budget_slug):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    spec = _spec_or_404(page, budget_slug)
    title = next((b.title for b in page.budgets.all() if b.code == spec.code), spec.title)
    writes.tell(request, budgets.withdraw_own_ballot(writes.actor_for(request), page, spec, title))
    return redirect(page.url + "#budget-" + spec.slug)


def export(request, page, budget_slug):
    """The budget's anonymised ballots as a .pb file: public once voting has closed, for a recount."""
    record = page.participation_record
    spec = _spec_or_404(page, budget_slug)
    is_editor = request.user.is_authenticated and page.permissions_for_user(request.user).can_edit()
    if not record.is_closed() and not is_editor:
        raise Http404
    from wagtail_participation.budgets.engine.pabulib import write_pb

    _rows, projects = _localized(page)
    titles = {code: project.title for code, project in projects.items()}
    text = write_pb(budgets.election_for(record, spec, titles, description=f"{page.title}: {spec.title}"))
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{page.slug}-{spec.slug}.pb"'
    return response
