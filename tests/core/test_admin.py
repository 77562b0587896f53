"""The editor's side: phase validation, method rules, the Participation menu, the phase panel."""

from datetime import datetime

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from tests.builders import TRUST, days, make_method, make_project, vote_rule
from wagtail_participation.engine.policy import Level
from wagtail_participation.models import MethodRecord, ProjectPage


def local(dt: datetime) -> str:
    from django.utils import timezone

    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M")


def project_post_data(phases, title="Safe routes"):
    return nested_form_data(
        {
            "title": title,
            "slug": "safe-routes",
            "intro": "Tell us which crossings feel unsafe.",
            "policy_stage": "agenda_setting",
            **{name: rich_text(value.replace("<p>", "").replace("</p>", "")) for name, value in TRUST.items()},
            "phases": inline_formset(
                [
                    {"title": title_, "phase_type": kind, "start": local(start), "end": local(end), "description": ""}
                    for title_, kind, start, end in phases
                ]
            ),
        }
    )


def add_url(parent, model="projectpage"):
    return reverse("wagtailadmin_pages:add", args=("wagtail_participation", model, parent.pk))


@pytest.mark.django_db
def test_overlapping_phases_are_refused_with_the_input_kept(staff_client, index, now):
    data = project_post_data(
        [
            ("Collect ideas", "collect", now, now + days(10)),
            ("Vote on ideas", "vote", now + days(5), now + days(15)),
        ]
    )
    response = staff_client.post(add_url(index), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "This phase overlaps the phase “Collect ideas”" in html
    assert 'value="Vote on ideas"' in html and 'value="Safe routes"' in html  # nothing the editor typed is lost
    assert not ProjectPage.objects.exists()


@pytest.mark.django_db
def test_reversed_phase_is_refused(staff_client, index, now):
    response = staff_client.post(add_url(index), project_post_data([("Collect", "collect", now + days(3), now)]))
    assert response.status_code == 200
    assert "A phase must end after it starts." in response.content.decode()
    assert not ProjectPage.objects.exists()


@pytest.mark.django_db
def test_valid_phases_create_the_project(staff_client, index, now):
    response = staff_client.post(
        add_url(index),
        project_post_data(
            [
                ("Collect", "collect", now, now + days(10)),
                ("Vote", "vote", now + days(10), now + days(20)),
            ]
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    project = ProjectPage.objects.get()
    assert [p.title for p in project.ordered_phases()] == ["Collect", "Vote"]


def method_post_data(**rules):
    lists = {name: value for name, value in rules.items() if isinstance(value, list)}
    scalars = {name: value for name, value in rules.items() if name not in lists}
    # nested_form_data turns lists into numbered keys; multiple-choice fields need repeated keys.
    return {**nested_form_data({"title": "Minimal", "slug": "minimal", "body": rich_text(""), **scalars}), **lists}


def method_add_url(parent):
    return reverse("wagtailadmin_pages:add", args=("testapp", "minimalmethodpage", parent.pk))


@pytest.fixture
def project(index, now):
    return make_project(
        index,
        slug="routes",
        phases=[
            ("collect", now - days(1), now + days(10), "Collect"),
            ("analysis", now + days(10), now + days(20), "Analysis"),
        ],
    )


@pytest.mark.django_db
def test_method_rules_are_saved_to_the_shared_record_on_publish(staff_client, project):
    collect = project.phases.get(title="Collect")
    response = staff_client.post(
        method_add_url(project),
        method_post_data(
            rule_level_vote=str(Level.CONFIRMED.value),
            rule_phases_vote=[collect.code],
            rule_level_comment="",
        )
        | {"action-publish": "action-publish"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    record = MethodRecord.objects.get()
    assert record.rules["actions"]["vote"] == {"level": Level.CONFIRMED, "phases": [collect.code]}
    assert record.rules["actions"]["comment"]["level"] is None
    assert record.project_key == project.translation_key


@pytest.mark.django_db
def test_phase_that_cannot_open_the_action_is_refused(staff_client, project):
    analysis = project.phases.get(title="Analysis")
    response = staff_client.post(
        method_add_url(project),
        method_post_data(
            rule_level_vote="1",
            rule_phases_vote=[analysis.code],
            rule_level_comment="",
        ),
    )
    assert response.status_code == 200
    assert "is of type “Analysis”, which cannot open this action." in response.content.decode()


@pytest.mark.django_db
def test_phase_of_another_project_is_refused(staff_client, project, index, now):
    other = make_project(index, slug="other", phases=[("collect", now, now + days(3), "Elsewhere")])
    response = staff_client.post(
        method_add_url(project),
        method_post_data(
            rule_level_vote="1",
            rule_phases_vote=[other.phases.get().code],
            rule_level_comment="",
        ),
    )
    assert response.status_code == 200
    assert "This phase does not belong to this method" in response.content.decode()
    assert 'value="Minimal"' in response.content.decode()


@pytest.mark.django_db
def test_method_outside_a_project_needs_dates(staff_client, home):
    response = staff_client.post(method_add_url(home), method_post_data(rule_level_vote="0", rule_level_comment=""))
    assert response.status_code == 200
    assert "A method outside a project needs its own opening date." in response.content.decode()


@pytest.mark.django_db
def test_translation_shows_rules_read_only(staff_client, project, locales, now):
    method = make_method(project, rules=vote_rule(Level.ANYONE, [project.phases.get(title="Collect").translation_key]))
    project.copy_for_translation(locales["nl"], copy_parents=True).save_revision().publish()
    dutch = method.copy_for_translation(locales["nl"])
    dutch.save_revision().publish()
    html = staff_client.get(reverse("wagtailadmin_pages:edit", args=(dutch.pk,))).content.decode()
    assert "Participation rules are shared by all languages; edit them on the original page." in html


@pytest.mark.django_db
def test_participation_menu_and_snippet_screens(staff_client, make_topic):
    make_topic("Mobility", "mobility")
    dashboard = staff_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Participation" in dashboard
    for name in (
        "wagtailsnippets_wagtail_participation_topic:list",
        "wagtailsnippets_wagtail_participation_area:list",
        "wagtailsnippets_wagtail_participation_department:list",
    ):
        assert staff_client.get(reverse(name)).status_code == 200
    assert "Mobility" in staff_client.get(reverse("wagtailsnippets_wagtail_participation_topic:list")).content.decode()


@pytest.mark.django_db
def test_phase_status_panel_in_project_editor(staff_client, project):
    html = staff_client.get(reverse("wagtailadmin_pages:edit", args=(project.pk,))).content.decode()
    assert "Active now" in html and "Collect" in html


@pytest.mark.django_db
def test_new_method_starts_at_the_sites_default_level(staff_client, project):
    from wagtail.models import Site

    from wagtail_participation.models import ParticipationSettings

    settings = ParticipationSettings.for_site(Site.objects.get(is_default_site=True))
    settings.default_level = Level.VERIFIED.value
    settings.save()
    form = staff_client.get(method_add_url(project)).context["form"]
    assert form["rule_level_vote"].initial == Level.VERIFIED.value
