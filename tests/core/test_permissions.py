"""The policy matrix through the database: every level × action × phase state, the clock moved."""

import pytest

from tests.builders import days, make_index, make_method, make_project
from wagtail_participation import clock, permissions
from wagtail_participation.engine.policy import Level
from wagtail_participation.models import Participant, Verification
from wagtail_participation.phases import COMMENT, VOTE

# Moments relative to the fixed 'now': the phase runs from day 10 to day 20.
MOMENTS = {"before": days(5), "during": days(15), "after": days(25)}


@pytest.fixture
def setting(home, now, django_user_model, staff_emails_confirmed):
    index = make_index(home, slug="participate")
    project = make_project(index, slug="p", phases=[("collect", now + days(10), now + days(20), "Collect")])
    phase = project.phases.get()
    people = {
        Level.ANYONE: Participant.new_anonymous(),
        Level.REGISTERED: Participant.objects.create(user=django_user_model.objects.create_user("reg", password="pw")),
        Level.CONFIRMED: Participant.objects.create(
            user=django_user_model.objects.create_user("conf", email="c@example.be", password="pw", is_staff=True)
        ),
        Level.VERIFIED: Participant.objects.create(user=django_user_model.objects.create_user("ver", password="pw")),
    }
    Verification.objects.create(participant=people[Level.VERIFIED], level=Verification.VERIFIED, method="test")
    return project, phase, people


@pytest.mark.django_db
@pytest.mark.parametrize("required", list(Level))
@pytest.mark.parametrize("action", [VOTE, COMMENT])
def test_matrix(setting, now, required, action):
    project, phase, people = setting
    rules = {"actions": {action: {"level": required.value, "phases": [phase.code]}}}
    method = make_method(project, rules=rules)
    other_action = COMMENT if action == VOTE else VOTE
    for moment, offset in MOMENTS.items():
        with clock.frozen_at(now + offset):
            for person_level, person in people.items():
                decision = permissions.can(person, action, method)
                if moment == "before":
                    assert decision.code == "not_open_yet" and "opens on" in decision.reason
                elif moment == "after":
                    assert decision.code == "closed" and "closed on" in decision.reason
                else:
                    assert decision.allowed == (person_level >= required), (person_level, required)
                # An action the editor did not offer is never possible, whoever asks.
                assert permissions.can(person, other_action, method).code == "not_offered"
            nobody = permissions.can(None, action, method)
            if moment == "during":
                assert nobody.allowed == (required == Level.ANYONE)
                if required > Level.ANYONE:
                    assert nobody.needs_login
