"""My participation: what we hold, download it, delete the account (anonymise, keep counts)."""

import io
import json

import pytest
from django.urls import reverse

from wagtail_participation import conf, personal_data, verification
from wagtail_participation.models import CensusEntry, InvitationCode, Participant, Verification
from wagtail_participation.personal_data import PersonalDataKind


@pytest.fixture
def votes_kind():
    """A stand-in for a method's kind: open votes are withdrawn on deletion, closed ones kept."""
    store = {"open": [], "closed": []}

    def export(participant):
        return [{"method": name} for name in ("open", "closed") for p in store[name] if p == participant.pk]

    def erase(participant):
        store["open"] = [p for p in store["open"] if p != participant.pk]

    kind = personal_data.register(PersonalDataKind("test_votes", "Test votes", export, erase))
    yield store
    personal_data.unregister(kind.code)


def verified_user(client, django_user_model, noord, name="ann"):
    user = django_user_model.objects.create_user(name, email=f"{name}@example.be", password="pw")
    client.force_login(user)
    _, codes = verification.generate_codes(name=f"Letters {name}", size=1, area=noord)
    client.post(reverse("wagtail_participation:verify_with", args=("code",)), {"code-code": codes[0]})
    return user


@pytest.mark.django_db
def test_download_contains_mine_and_nothing_of_others(client, django_user_model, noord, votes_kind):
    other = verified_user(client, django_user_model, noord, "bob")
    votes_kind["closed"].append(Participant.objects.get(user=other).pk)
    client.logout()
    user = verified_user(client, django_user_model, noord, "ann")
    me = Participant.objects.get(user=user)
    votes_kind["open"].append(me.pk)
    response = client.get(reverse("wagtail_participation:me_download"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)["data"]
    assert data["account"]["items"] == [
        {"username": "ann", "email": "ann@example.be", "date_joined": user.date_joined.isoformat()}
    ]
    assert data["verification"]["items"][0]["area"] == "Noord"
    assert data["invitation_codes"]["items"][0]["batch"] == "Letters ann"
    assert data["test_votes"]["items"] == [{"method": "open"}]
    text = response.content.decode()
    assert "bob" not in text and "Letters bob" not in text


@pytest.mark.django_db
def test_my_participation_page_lists_kinds(client, django_user_model, noord):
    verified_user(client, django_user_model, noord)
    html = client.get(reverse("wagtail_participation:me")).content.decode()
    assert "Verified resident (Noord)." in html
    assert "Invitation codes you used" in html and "Download my data (JSON)" in html
    assert html.count("<h1") == 1


@pytest.mark.django_db
def test_delete_needs_post_and_confirmation(client, django_user_model, noord):
    user = verified_user(client, django_user_model, noord)
    page = client.get(reverse("wagtail_participation:me_delete"))
    assert page.status_code == 200 and django_user_model.objects.filter(pk=user.pk).exists()
    unconfirmed = client.post(reverse("wagtail_participation:me_delete"), {})
    assert unconfirmed.status_code == 400 and "Tick the box" in unconfirmed.content.decode()
    assert django_user_model.objects.filter(pk=user.pk).exists()


@pytest.mark.django_db
def test_delete_anonymises_withdraws_open_votes_and_keeps_closed_counts(client, django_user_model, noord, votes_kind):
    user = verified_user(client, django_user_model, noord)
    me = Participant.objects.get(user=user)
    votes_kind["open"].append(me.pk)
    votes_kind["closed"].append(me.pk)
    response = client.post(reverse("wagtail_participation:me_delete"), {"confirm": "yes"})
    assert response.status_code == 302
    assert not django_user_model.objects.filter(pk=user.pk).exists()
    me.refresh_from_db()
    assert me.user is None and me.token is None and me.anonymised_at is not None
    assert votes_kind == {"open": [], "closed": [me.pk]}  # withdrawn where open, still counted where closed
    assert not Verification.objects.filter(participant=me).exists()
    assert InvitationCode.objects.get().used_by == me  # the letter's code stays used
    # Deleted and re-registered: the person can verify again (census rows are released), but
    # their open votes were withdrawn, so nothing counts twice.
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_delete_releases_the_census_row(client, django_user_model, make_area):
    from wagtail_participation.verification import get_backend

    zuid = make_area("Zuid", "zuid", "3010")
    get_backend("census").import_rows(
        "x", io.BytesIO(b"postal_code,house_number,date_of_birth,area\n3010,4,1990-01-02,zuid\n")
    )
    details = {"census-postal_code": "3010", "census-house_number": "4", "census-date_of_birth": "1990-01-02"}
    url = reverse("wagtail_participation:verify_with", args=("census",))
    client.force_login(django_user_model.objects.create_user("ann", password="pw"))
    client.post(url, details)
    client.post(reverse("wagtail_participation:me_delete"), {"confirm": "yes"})
    assert CensusEntry.objects.get().claimed_by is None
    client.force_login(django_user_model.objects.create_user("ann2", password="pw"))
    assert client.post(url, details).status_code == 302
    assert Verification.objects.get().area == zuid


@pytest.mark.django_db
def test_anonymous_participant_can_forget_their_token(client, noord):
    _, codes = verification.generate_codes(name="Letters", size=1, area=noord)
    client.post(reverse("wagtail_participation:verify_with", args=("code",)), {"code-code": codes[0]})
    assert Participant.objects.get().token is not None
    response = client.post(reverse("wagtail_participation:me_delete"), {"confirm": "yes"})
    assert response.status_code == 302
    participant = Participant.objects.get()
    assert participant.token is None and participant.anonymised_at is not None
    assert response.cookies[conf.get("TOKEN_COOKIE_NAME")].value == ""
