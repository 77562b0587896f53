"""The permission decision over plain values: every level against every requirement."""

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wagtail_participation.engine.policy import (
    ActionRules,
    ActionWindow,
    AreaAssurance,
    Level,
    ParticipantFacts,
    WindowState,
    decide,
)

OPEN = ActionWindow(WindowState.OPEN, closes_at=datetime(2027, 6, 1, tzinfo=UTC))

PEOPLE = {
    "nobody": ParticipantFacts(),
    "token": ParticipantFacts(has_token=True),
    "registered": ParticipantFacts(is_registered=True),
    "confirmed": ParticipantFacts(is_registered=True, email_confirmed=True),
    "verified": ParticipantFacts(is_registered=True, email_confirmed=True, is_verified=True),
    "verified_code_only": ParticipantFacts(has_token=True, is_verified=True),
}
EXPECTED = {  # person -> the highest level they satisfy (None: nothing but 'anyone', via a fresh token)
    "nobody": Level.ANYONE,
    "token": Level.ANYONE,
    "registered": Level.REGISTERED,
    "confirmed": Level.CONFIRMED,
    "verified": Level.VERIFIED,
    # Verified by an invitation code without an account: only "anyone", unless the editor
    # accepts verified residents without an account (test below).
    "verified_code_only": Level.ANYONE,
}


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("required", list(Level))
def test_level_matrix(person, required):
    outcome = decide(PEOPLE[person], ActionRules(level=required), OPEN)
    assert outcome.allowed == (required <= EXPECTED[person])
    if not outcome.allowed:
        if PEOPLE[person].level is None or PEOPLE[person].level < Level.REGISTERED:
            assert outcome.code == "login_required"
        elif required is Level.CONFIRMED:
            assert outcome.code == "confirm_email_required"
        else:
            assert outcome.code == "verification_required"


@given(
    person=st.sampled_from(list(PEOPLE.values())),
    required=st.sampled_from(list(Level)),
    state=st.sampled_from([WindowState.NOT_OFFERED, WindowState.UPCOMING, WindowState.CLOSED]),
)
def test_time_comes_before_identity(person, required, state):
    outcome = decide(person, ActionRules(level=required), ActionWindow(state))
    assert not outcome.allowed
    assert (
        outcome.code
        == {WindowState.NOT_OFFERED: "not_offered", WindowState.UPCOMING: "not_open_yet", WindowState.CLOSED: "closed"}[
            state
        ]
    )


NOORD, ZUID = "noord-key", "zuid-key"


@pytest.mark.parametrize(
    "area, assurance, accept_declared, code",
    [
        (NOORD, AreaAssurance.VERIFIED, False, "allowed"),
        (NOORD, AreaAssurance.DECLARED, False, "area_verification_required"),
        (NOORD, AreaAssurance.DECLARED, True, "allowed"),
        (ZUID, AreaAssurance.VERIFIED, False, "wrong_area"),
        (ZUID, AreaAssurance.DECLARED, True, "wrong_area"),
        (None, AreaAssurance.NONE, True, "area_declaration_required"),
        (None, AreaAssurance.NONE, False, "area_verification_required"),
    ],
)
def test_area_restriction(area, assurance, accept_declared, code):
    person = ParticipantFacts(is_registered=True, area_key=area, area_assurance=assurance)
    rules = ActionRules(
        level=Level.REGISTERED,
        area_keys=frozenset({NOORD}),
        area_names=("Noord",),
        accept_declared_area=accept_declared,
    )
    outcome = decide(person, rules, OPEN)
    assert outcome.code == code
    assert outcome.allowed == (code == "allowed")


@pytest.mark.parametrize("required", list(Level))
def test_verified_without_account_where_the_editor_allows_it(required):
    person = PEOPLE["verified_code_only"]
    allowed = decide(person, ActionRules(level=required, verified_without_account=True), OPEN)
    assert allowed.allowed
    unverified_token = decide(PEOPLE["token"], ActionRules(level=required, verified_without_account=True), OPEN)
    assert unverified_token.allowed == (required == Level.ANYONE)
