"""Rules frozen once participation starts, for every method (issue 13 item 7).

For polls, option analyses, surveys, idea boards and proposals: after the first participation a
frozen rule cannot change through the model, the admin edit form (error shown, input kept) or a
wagtail-localize synchronisation; labels stay editable; the closing date moves only through the
audited "extend" and "reopen" actions, which need the right to publish the page.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse
from wagtail.models import PageLogEntry

from tests.builders import (
    days,
    full_answers,
    make_analysis,
    make_board,
    make_idea,
    make_index,
    make_method,
    make_poll,
    make_project,
    make_proposal,
    make_proposals_page,
    make_survey,
    post_to_survey,
    publish,
    translate_with_localize,
    vote_rule,
)
from wagtail_participation import clock, frozen
from wagtail_participation.engine.policy import Level
from wagtail_participation.models import MethodRecord, Participant
from wagtail_participation.polls import services as polls

pytestmark = pytest.mark.usefixtures("clear_cache")


# -- the five methods, each with one way to take part and one frozen setting of its own ------------
def vote(page):
    polls.cast_ballot(page.participation_record, Participant.new_anonymous(), [page.option_codes()[0]])


def answer(page):
    assert post_to_survey(Client(), page, full_answers(), step=2).status_code == 302


@dataclass
class Method:
    name: str
    build: Callable
    take_part: Callable
    setting: str  # a frozen field of the method's own, a value before and one after participation
    new_value: object
    later_value: object
    rows: str = ""  # the inline rows holding codes

    def option_labels(self, page):
        return [row.label for row in getattr(page, self.rows).all()] if self.rows else []


METHODS = [
    Method("poll", lambda home, now: make_poll(home, now=now), vote, "allow_change", False, True, rows="options"),
    Method("analysis", lambda home, now: make_analysis(home, now=now), vote, "mode", "pick", "rank", rows="options"),
    Method(
        "survey", lambda home, now: make_survey(home, now=now), answer, "anonymous", True, False, rows="form_fields"
    ),
    Method(
        "board", lambda home, now: make_board(home, now=now), lambda page: make_idea(page), "max_ideas_per_person", 1, 2
    ),
    Method(
        "proposals",
        lambda home, now: make_proposals_page(home, now=now),
        lambda page: make_proposal(page),
        "threshold",
        5,
        7,
    ),
]


@pytest.fixture(params=METHODS, ids=[method.name for method in METHODS])
def method(request):
    return request.param


def latest(page):
    return type(page).objects.get(pk=page.pk)


def with_level(page, level):
    rules = dict(page.participation_rules)
    rules["actions"] = {action: {**rule, "level": int(level)} for action, rule in rules["actions"].items()}
    page.participation_rules = rules
    return page


# -- through the model ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_rules_change_freely_before_participation_and_not_after(method, home, now):
    page = method.build(home, now)
    record_id = page.participation_record.pk
    rules_before = MethodRecord.objects.get(pk=record_id).rules
    # Before anyone took part, the editor may still change everything.
    setattr(page, method.setting, method.new_value)
    publish(page)
    assert MethodRecord.objects.get(pk=record_id).rules != rules_before
    method.take_part(latest(page))
    before = MethodRecord.objects.get(pk=record_id)
    for change in (
        lambda p: with_level(p, Level.VERIFIED),
        lambda p: setattr(p, "closes_at", now + days(3)),
        lambda p: setattr(p, method.setting, method.later_value),
    ):
        draft = latest(page)
        change(draft)
        with pytest.raises(ValidationError) as refused, transaction.atomic():
            publish(draft)
        assert "Locked since people started taking part" in str(refused.value)
    after = MethodRecord.objects.get(pk=record_id)
    assert (after.rules, after.closes_at, after.opens_at) == (before.rules, before.closes_at, before.opens_at)


@pytest.mark.django_db
def test_the_record_itself_refuses_a_frozen_change(method, home, now):
    page = method.build(home, now)
    method.take_part(page)
    record = MethodRecord.objects.get(pk=page.participation_record.pk)
    record.rules = {**record.rules, "accept_declared_area": not record.rules.get("accept_declared_area")}
    with pytest.raises(ValidationError):
        record.save()
    record = MethodRecord.objects.get(pk=record.pk)
    record.closes_at = now + days(2)
    with pytest.raises(ValidationError):
        record.save()


@pytest.mark.django_db
def test_labels_stay_editable_and_codes_do_not(method, home, now):
    page = method.build(home, now)
    method.take_part(page)
    draft = latest(page)
    draft.title = "A better title"
    if method.rows:
        rows = list(getattr(draft, method.rows).all())
        rows[0].label = "Reworded"
        setattr(draft, method.rows, rows)
    publish(draft)
    page = latest(page)
    assert page.title == "A better title"
    if method.rows:
        assert "Reworded" in method.option_labels(page)
        rows = list(getattr(page, method.rows).all())
        with pytest.raises(ValidationError, match="cannot be added, removed or recoded"), transaction.atomic():
            rows[0].code = "recoded"
            rows[0].save()
        with pytest.raises(ValidationError), transaction.atomic():
            rows[-1].delete()
        assert getattr(page, method.rows).count() == len(rows)


# -- through the admin edit form -----------------------------------------------------------------
def edit_form_data(page, user):
    """The page editor's POST data as the form shows it (every field, every inline row)."""
    form_class = page.get_edit_handler().get_form_class()
    form = form_class(instance=page, for_user=user)
    data = {}

    def add(bound_form):
        for name in bound_form.fields:
            field = bound_form[name]
            value = field.value()
            if field.field.disabled:
                continue
            if isinstance(value, bool):
                if value:
                    data[field.html_name] = "on"
                continue
            value = field.field.widget.format_value(value) if not isinstance(value, (list, tuple)) else value
            if value is None:
                continue
            data[field.html_name] = (
                [getattr(v, "pk", v) for v in value]
                if isinstance(value, (list, tuple))
                else getattr(value, "pk", value)
            )

    add(form)
    for formset in form.formsets.values():
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = value
        for child in formset.forms:
            add(child)
    return data


@pytest.mark.django_db
def test_the_edit_form_shows_the_error_and_keeps_what_was_typed(method, home, now, staff_client):
    page = method.build(home, now)
    method.take_part(page)
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    form_html = staff_client.get(url).content.decode()
    assert "Locked since people started taking part" in form_html and "Extend the closing date" in form_html
    data = edit_form_data(latest(page), staff_client.user)
    data["title"] = "A title the editor typed"
    data["rule_level_" + latest(page).participation_actions[0]] = str(int(Level.VERIFIED))
    response = staff_client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200 and "Locked since people started taking part" in html
    assert "A title the editor typed" in html  # the input is kept
    assert latest(page).title != "A title the editor typed"
    # A label alone still saves and publishes.
    data = edit_form_data(latest(page), staff_client.user)
    data.update({"title": "A title the editor typed", "action-publish": "publish"})
    assert staff_client.post(url, data).status_code == 302
    assert latest(page).title == "A title the editor typed"


@pytest.mark.django_db
def test_the_edit_form_refuses_a_new_option_or_question(home, now, staff_client):
    poll = make_poll(home, now=now)
    vote(poll)
    url = reverse("wagtailadmin_pages:edit", args=(poll.pk,))
    data = edit_form_data(latest(poll), staff_client.user)
    count = int(data["options-TOTAL_FORMS"])
    data.update(
        {
            "options-TOTAL_FORMS": count + 1,
            f"options-{count}-label": "On the roof",
            f"options-{count}-code": "",
            f"options-{count}-image_alt": "",
            f"options-{count}-ORDER": count + 1,
        }
    )
    html = staff_client.post(url, data).content.decode()
    assert "cannot be added, removed or recoded" in html and "On the roof" in html
    assert latest(poll).options.count() == count


# -- through a wagtail-localize synchronisation ----------------------------------------------------
@pytest.mark.django_db
def test_a_translation_sync_after_the_first_vote_changes_no_frozen_rule(home, now, locales):
    from wagtail_localize.models import TranslationSource

    from wagtail_participation.polls.models import PollOption, PollPage

    translate_with_localize(home, locales["nl"])
    poll = make_poll(home, now=now)
    translate_with_localize(poll, locales["nl"])
    vote(poll)
    record = MethodRecord.objects.get(pk=poll.participation_record.pk)
    before = (record.rules, record.opens_at, record.closes_at)
    # A script changes the source rows and dates behind the page's back (no model method runs);
    # the next synchronisation would carry them into the Dutch page.
    PollOption.objects.filter(page=poll, code="park").update(code="city-park")
    PollPage.objects.filter(pk=poll.pk).update(closes_at=now + days(2), allow_change=False)
    source = TranslationSource.objects.get_for_instance(poll)
    source.update_from_db()
    source.create_or_update_translation(locales["nl"], publish=True, fallback=True)
    record.refresh_from_db()
    assert (record.rules, record.opens_at, record.closes_at) == before
    dutch = PollPage.objects.get(translation_key=poll.translation_key, locale=locales["nl"])
    assert sorted(dutch.options.values_list("code", flat=True)) == sorted(before[0]["options"])
    assert MethodRecord.objects.get(pk=record.pk).is_closed() is False


# -- the audited actions -------------------------------------------------------------------------
def publisher(django_user_model, home, name="pub", publish_right=True):
    from wagtail.models import GroupPagePermission

    user = django_user_model.objects.create_user(name, password="pw")
    group = Group.objects.create(name=name)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    rights = ["change_page"] + (["publish_page"] if publish_right else [])
    for codename in rights:
        GroupPagePermission.objects.create(group=group, page=home, permission=Permission.objects.get(codename=codename))
    user.groups.add(group)
    return user


def local_input(moment):
    return clock.local(moment).strftime("%Y-%m-%d %H:%M")


@pytest.mark.django_db
def test_extend_and_reopen_are_audited_and_need_the_publish_right(method, home, now, django_user_model, client):
    page = method.build(home, now)
    method.take_part(page)
    record = page.participation_record
    extend = reverse("participation_methods:extend", args=(record.pk,))
    reopen = reverse("participation_methods:reopen", args=(record.pk,))
    editor = publisher(django_user_model, home, "writer", publish_right=False)
    client.force_login(editor)
    assert client.post(extend, {"closes_at": local_input(now + days(60)), "reason": "More time"}).status_code == 302
    assert not PageLogEntry.objects.filter(action=frozen.EXTENDED).exists()
    boss = publisher(django_user_model, home, "boss")
    client.force_login(boss)
    assert client.get(extend).status_code == 200
    if method.name == "proposals":  # any time: nothing to extend
        response = client.post(extend, {"closes_at": local_input(now + days(60)), "reason": "More time"})
        assert response.status_code == 400
        return
    missing_reason = client.post(extend, {"closes_at": local_input(now + days(60)), "reason": ""})
    assert missing_reason.status_code == 400 and local_input(now + days(60)) in missing_reason.content.decode()
    earlier = client.post(extend, {"closes_at": local_input(now + days(2)), "reason": "Shorter"})
    assert earlier.status_code == 400 and "must be later" in earlier.content.decode()
    response = client.post(extend, {"closes_at": local_input(now + days(60)), "reason": "The summer holidays"})
    assert response.status_code == 302
    record = MethodRecord.objects.get(pk=record.pk)
    assert clock.local(record.closes_at) == clock.local(now + days(60)).replace(second=0, microsecond=0)
    entry = PageLogEntry.objects.get(page=page, action=frozen.EXTENDED)
    assert entry.user == boss and entry.data["reason"] == "The summer holidays"
    assert latest(page).get_latest_revision_as_object().closes_at == record.closes_at  # the editor shows it
    with clock.frozen_at(now + days(61)):
        assert record.is_closed()
        assert client.post(extend, {"closes_at": local_input(now + days(70)), "reason": "x"}).status_code == 400
        response = client.post(reopen, {"closes_at": local_input(now + days(70)), "reason": "The count was cut short"})
        assert response.status_code == 302
        assert not MethodRecord.objects.get(pk=record.pk).is_closed()
        assert PageLogEntry.objects.get(page=page, action=frozen.REOPENED).data["reason"] == "The count was cut short"


@pytest.mark.django_db
def test_extend_moves_the_phase_end_inside_a_project(home, now, staff_client):
    from wagtail_participation.models import ProjectPhase

    project = make_project(
        make_index(home, slug="participate"), slug="p", phases=[("vote", now - days(1), now + days(5), "Vote")]
    )
    phase = project.phases.get()
    page = make_method(project, rules=vote_rule(Level.ANYONE, [phase.code]))
    record = page.participation_record
    extend = reverse("participation_methods:extend", args=(record.pk,))
    response = staff_client.post(extend, {"closes_at": local_input(now + days(9)), "reason": "A holiday"})
    assert response.status_code == 302
    assert ProjectPhase.objects.get(pk=phase.pk).end == MethodRecord.objects.get(pk=record.pk).closes()
    assert PageLogEntry.objects.filter(page=page, action=frozen.EXTENDED).exists()


@pytest.mark.django_db
def test_passed_phase_dates_freeze_once_people_took_part(home, now, staff_client):
    from wagtail_participation.models import ProjectPhase

    project = make_project(
        make_index(home, slug="participate"), slug="p", phases=[("vote", now - days(2), now + days(5), "Vote")]
    )
    phase = project.phases.get()
    poll = make_poll(project, rules=vote_rule(Level.ANYONE, [phase.code]), opens_at=None, closes_at=None)
    phase.start = now - days(1)
    phase.save()  # nobody voted yet: still free
    vote(poll)
    phase = ProjectPhase.objects.get(pk=phase.pk)
    phase.start = now - days(3)
    with pytest.raises(ValidationError), transaction.atomic():
        phase.save()
    with pytest.raises(ValidationError), transaction.atomic():
        ProjectPhase.objects.get(pk=phase.pk).delete()
    phase = ProjectPhase.objects.get(pk=phase.pk)
    phase.end = now + days(6)  # the end has not passed yet
    phase.save()
    url = reverse("wagtailadmin_pages:edit", args=(project.pk,))
    data = edit_form_data(type(project).objects.get(pk=project.pk), staff_client.user)
    data["phases-0-start"] = local_input(now - days(4))
    html = staff_client.post(url, data).content.decode()
    assert "This date has passed and people took part" in html and local_input(now - days(4)) in html
    assert ProjectPhase.objects.get(pk=phase.pk).start == now - days(1)
