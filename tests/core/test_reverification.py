"""Issue 13 item 4: a verified resident who verifies again with another register row (moving house)."""

import io

import pytest
from wagtail.models import ModelLogEntry

from tests.builders import CENSUS_CSV, census_backend, verify_url
from tests.builders import log_in_new_user as login
from wagtail_participation import personal_data, verification
from wagtail_participation.models import CensusClaimRefusal, CensusEntry, Participant, Verification

OLD_HOME = {"census-postal_code": "3001", "census-house_number": "12", "census-date_of_birth": "03/05/1980"}
NEW_HOME = {"census-postal_code": "3010", "census-house_number": "4", "census-date_of_birth": "02/01/1990"}


pytestmark = pytest.mark.usefixtures("clear_cache")


@pytest.fixture
def register(make_area):
    noord, zuid = make_area("Noord", "noord", "3001, 3002"), make_area("Zuid", "zuid", "3010")
    census_backend().import_rows("Extract", io.BytesIO(CENSUS_CSV.encode()))
    return noord, zuid


def row(details):
    values = {key.removeprefix("census-"): value for key, value in details.items()}
    return CensusEntry.objects.get(digest=census_backend().row_digest(values))


@pytest.mark.django_db
def test_verifying_again_moves_the_current_claim_and_uses_up_the_old_row(client, django_user_model, register):
    _noord, zuid = register
    ann = login(client, django_user_model, "ann")
    assert client.post(verify_url("census"), OLD_HOME).status_code == 302
    moved = client.post(verify_url("census"), NEW_HOME)
    assert moved.status_code == 302  # was a 500: claimed_by was one-to-one
    assert Verification.objects.get(participant__user=ann).area == zuid
    old, new = row(OLD_HOME), row(NEW_HOME)
    assert new.claimed_by.user == ann and new.superseded_at is None
    assert old.claimed_by.user == ann and old.superseded_at is not None
    entry = ModelLogEntry.objects.get(action=verification.CENSUS_RECLAIMED)
    assert entry.object_id == str(old.pk) and entry.data["new_entry"] == new.pk

    again = client.post(verify_url("census"), OLD_HOME)
    assert again.status_code == 400 and "cannot be used again" in again.content.decode()
    assert row(OLD_HOME).claimed_by.user == ann and Verification.objects.get(participant__user=ann).area == zuid


@pytest.mark.django_db
def test_a_used_up_row_can_never_verify_anyone_else_even_after_erasure(client, django_user_model, register):
    ann = login(client, django_user_model, "ann")
    client.post(verify_url("census"), OLD_HOME)
    client.post(verify_url("census"), NEW_HOME)
    personal_data.erase(Participant.objects.get(user=ann))  # frees the current row only
    client.logout()
    login(client, django_user_model, "bob")
    refused = client.post(verify_url("census"), OLD_HOME)
    assert refused.status_code == 400 and CensusClaimRefusal.objects.filter(participant__user__username="bob").exists()
    assert client.post(verify_url("census"), NEW_HOME).status_code == 302  # the current row was released
    assert row(NEW_HOME).claimed_by.user.username == "bob"


@pytest.mark.django_db
def test_a_refused_reverification_keeps_the_current_claim(client, django_user_model, register):
    login(client, django_user_model, "bob")
    client.post(verify_url("census"), NEW_HOME)
    client.logout()
    ann = login(client, django_user_model, "ann")
    client.post(verify_url("census"), OLD_HOME)
    refused = client.post(verify_url("census"), NEW_HOME)  # bob's row
    assert refused.status_code == 400
    assert row(OLD_HOME).claimed_by.user == ann and row(OLD_HOME).superseded_at is None
