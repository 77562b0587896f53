"""Participants: accounts and signed anonymous tokens; a tampered token just gets a fresh one."""

import uuid

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.test import RequestFactory

from tests.builders import days, make_index, make_method, make_project, vote_rule
from wagtail_participation import conf, identity, permissions
from wagtail_participation.engine.policy import Level
from wagtail_participation.models import Participant, Verification


def anonymous_request(cookies=None):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().post("/")
    request.user = AnonymousUser()
    request.COOKIES.update(cookies or {})
    return request


@pytest.mark.django_db
def test_anonymous_token_round_trip():
    request = anonymous_request()
    assert identity.participant_for(request) is None  # nothing is created by merely looking
    participant = identity.participant_for(request, create=True)
    response = identity.remember(request, HttpResponse())
    cookie = response.cookies[conf.get("TOKEN_COOKIE_NAME")]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    again = identity.participant_for(anonymous_request({cookie.key: cookie.value}))
    assert again == participant and again.token is not None and again.user is None


@pytest.mark.django_db
def test_tampered_token_is_ignored_and_a_fresh_one_issued():
    participant = Participant.new_anonymous()
    request = anonymous_request()
    request._participation_new_token = participant.token
    cookie = identity.remember(request, HttpResponse()).cookies[conf.get("TOKEN_COOKIE_NAME")]
    forged = cookie.value.replace(str(participant.token), str(uuid.uuid4()))
    tampered = anonymous_request({cookie.key: forged})
    assert identity.participant_for(tampered) is None
    fresh = identity.participant_for(tampered, create=True)
    assert fresh != participant
    assert Participant.objects.count() == 2


@pytest.mark.django_db
def test_user_gets_one_participant(django_user_model, rf):
    user = django_user_model.objects.create_user("ann", password="pw")
    request = rf.get("/")
    request.user = user
    first = identity.participant_for(request)
    request2 = rf.get("/")
    request2.user = user
    assert identity.participant_for(request2) == first
    assert Participant.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_a_participant_is_a_user_or_a_token_not_both_nor_neither(django_user_model):
    user = django_user_model.objects.create_user("bob", password="pw")
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.create(user=user, token=uuid.uuid4())
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.create()


@pytest.fixture
def open_method(home, now, make_area):
    index = make_index(home, slug="participate")
    project = make_project(index, slug="p", phases=[("vote", now - days(1), now + days(1), "Vote")])
    return project, project.phases.get()


@pytest.mark.django_db
@pytest.mark.parametrize("level", list(Level))
def test_policy_through_the_database_for_each_level(open_method, level, django_user_model, now, staff_emails_confirmed):
    project, phase = open_method
    method = make_method(project, rules=vote_rule(level, [phase.translation_key]))
    token_person = Participant.new_anonymous()
    registered = Participant.objects.create(user=django_user_model.objects.create_user("reg", password="pw"))
    confirmed = Participant.objects.create(
        user=django_user_model.objects.create_user("conf", email="c@x.be", password="pw", is_staff=True)
    )
    verified = Participant.objects.create(user=django_user_model.objects.create_user("ver", password="pw"))
    Verification.objects.create(participant=verified, level=Verification.VERIFIED, method="test")
    people = [
        (None, Level.ANYONE),
        (token_person, Level.ANYONE),
        (registered, Level.REGISTERED),
        (confirmed, Level.CONFIRMED),
        (verified, Level.VERIFIED),
    ]
    for person, person_level in people:
        decision = permissions.can(person, "vote", method, now)
        expected = person_level >= level
        assert decision.allowed == expected, (person, level)
        if not expected:
            assert decision.reason  # always a reason instead of a dead button


@pytest.mark.django_db
def test_area_restriction_uses_verified_area_and_names_it(open_method, django_user_model, now, make_area):
    project, phase = open_method
    noord, zuid = make_area("Noord", "noord", "3001"), make_area("Zuid", "zuid", "3010")
    method = make_method(
        project, rules=vote_rule(Level.REGISTERED, [phase.translation_key], areas=[noord.translation_key])
    )
    person = Participant.objects.create(user=django_user_model.objects.create_user("ann", password="pw"))
    decision = permissions.can(person, "vote", method, now)
    assert not decision and decision.reason == "Only verified residents of Noord can vote here."
    Verification.objects.create(participant=person, level=Verification.DECLARED, area=noord, method="postal code")
    person = Participant.objects.get(pk=person.pk)
    assert permissions.can(person, "vote", method, now).code == "area_verification_required"
    Verification.objects.filter(participant=person).update(level=Verification.VERIFIED, area=zuid)
    person = Participant.objects.get(pk=person.pk)
    decision = permissions.can(person, "vote", method, now)
    assert decision.code == "wrong_area" and decision.reason == "Only residents of Noord can vote here."
    Verification.objects.filter(participant=person).update(area=noord)
    assert permissions.can(Participant.objects.get(pk=person.pk), "vote", method, now).allowed


@pytest.mark.django_db
def test_reasons_name_the_date_in_the_sites_time_zone(home, now):
    method = make_method(home, rules=vote_rule(Level.ANYONE), opens_at=now + days(2), closes_at=now + days(5))
    assert permissions.can(None, "vote", method, now).reason == "Voting opens on May 3, 2027, noon."
    assert permissions.can(None, "vote", method, now + days(6)).reason == "Voting closed on May 6, 2027, noon."


@pytest.mark.django_db
def test_method_page_shows_the_reason_instead_of_a_button(home, now, client):
    method = make_method(home, rules=vote_rule(Level.REGISTERED), opens_at=now - days(1), closes_at=now + days(5))
    html = client.get(method.url).content.decode()
    login = resolve_url(settings.LOGIN_URL)
    assert "Log in to vote." in html and f"{login}?next=" in html
    assert "<button" not in html.split("<main")[1]
    client.cookies[conf.get("TOKEN_COOKIE_NAME")] = "forged:value"
    assert client.get(method.url).status_code == 200  # a tampered cookie is never a 500
