"""The shared method record: one per method across translations, rules from the source page only."""

import pytest

from tests.builders import days, make_index, make_method, make_project, vote_rule
from wagtail_participation import permissions
from wagtail_participation.engine.policy import Level
from wagtail_participation.models import MethodRecord


@pytest.fixture
def project(home, now):
    index = make_index(home, slug="participate")
    return make_project(
        index,
        slug="routes",
        phases=[
            ("collect", now - days(10), now + days(10), "Collect"),
            ("vote", now + days(20), now + days(30), "Vote"),
            ("analysis", now + days(30), now + days(40), "Analysis"),
        ],
    )


def phase(project, title):
    return project.phases.get(title=title)


@pytest.mark.django_db
def test_two_translations_share_one_record_and_one_set_of_rules(project, locales, now):
    method = make_method(project, rules=vote_rule(Level.ANYONE, [phase(project, "Collect").translation_key]))
    dutch_project = project.copy_for_translation(locales["nl"], copy_parents=True)
    dutch_project.save_revision().publish()
    dutch = method.copy_for_translation(locales["nl"])
    dutch.title = "Minimale methode"
    # A translator changing the copied rules on the Dutch page must not change participation.
    dutch.participation_rules = vote_rule(Level.VERIFIED, [phase(project, "Vote").translation_key])
    dutch.save_revision().publish()
    dutch.refresh_from_db()

    assert MethodRecord.objects.count() == 1
    assert dutch.specific.participation_record.pk == method.participation_record.pk
    record = MethodRecord.objects.get()
    assert record.translation_key == method.translation_key
    assert record.source_locale == locales["en"]
    assert record.rules["actions"]["vote"]["level"] == Level.ANYONE
    english_decision = permissions.can(None, "vote", method, now)
    dutch_decision = permissions.can(None, "vote", dutch.specific, now)
    assert english_decision.allowed and dutch_decision.allowed


@pytest.mark.django_db
def test_rules_follow_the_projects_phases(project, now):
    method = make_method(project, rules=vote_rule(Level.ANYONE, [phase(project, "Vote").translation_key]))
    assert permissions.can(None, "vote", method, now).code == "not_open_yet"
    assert permissions.can(None, "vote", method, now + days(25)).allowed
    assert permissions.can(None, "vote", method, now + days(31)).code == "closed"
    assert permissions.can(None, "comment", method, now + days(25)).code == "not_offered"


@pytest.mark.django_db
def test_method_outside_a_project_uses_its_own_dates(home, now):
    method = make_method(home, rules=vote_rule(Level.ANYONE), opens_at=now + days(1), closes_at=now + days(2))
    assert method.participation_record.project_key is None
    assert permissions.can(None, "vote", method, now).code == "not_open_yet"
    assert permissions.can(None, "vote", method, now + days(1)).allowed


@pytest.mark.django_db
def test_unpublished_rule_changes_do_not_apply_until_published(project, now):
    method = make_method(project, rules=vote_rule(Level.ANYONE, [phase(project, "Collect").translation_key]))
    method.participation_rules = vote_rule(Level.VERIFIED, [phase(project, "Collect").translation_key])
    method.save_revision()  # a draft
    assert MethodRecord.objects.get().rules["actions"]["vote"]["level"] == Level.ANYONE
    method.get_latest_revision().publish()
    assert MethodRecord.objects.get().rules["actions"]["vote"]["level"] == Level.VERIFIED
