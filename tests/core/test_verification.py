"""Verification backends: invitation codes, census match, declared area; rate limits; HMAC at rest."""

import io

import pytest
from django.urls import reverse

from tests.builders import (
    CENSUS_CSV,
    census_backend,
    days,
    make_index,
    make_method,
    make_project,
    verify_url,
    vote_rule,
)
from tests.builders import log_in_new_user as login
from wagtail_participation import conf, permissions, verification
from wagtail_participation.engine.policy import Level
from wagtail_participation.models import (
    CensusClaimRefusal,
    CensusEntry,
    CodeBatch,
    InvitationCode,
    Participant,
    Verification,
)

pytestmark = pytest.mark.usefixtures("clear_cache")


@pytest.fixture
def noord(make_area):
    return make_area("Noord", "noord", "3001, 3002")


@pytest.fixture
def zuid(make_area):
    return make_area("Zuid", "zuid", "3010")


# -- invitation codes ------------------------------------------------------------------------------
@pytest.mark.django_db
def test_codes_are_stored_only_as_digests(noord):
    batch, codes = verification.generate_codes(name="Letters Noord", size=50, area=noord)
    assert len(set(codes)) == 50 and batch.codes.count() == 50
    stored = set(InvitationCode.objects.values_list("digest", flat=True))
    for code in codes:
        assert code not in str(stored) and code.replace("-", "") not in str(stored)
        assert verification.code_digest(code) in stored


@pytest.mark.django_db
def test_a_code_verifies_once_with_its_area(client, django_user_model, noord):
    _, codes = verification.generate_codes(name="Letters", size=2, area=noord)
    user = login(client, django_user_model)
    response = client.post(verify_url("code"), {"code-code": codes[0].lower().replace("-", " ")})
    assert response.status_code == 302
    verified = Verification.objects.get(participant__user=user)
    assert (verified.level, verified.area, verified.method) == (Verification.VERIFIED, noord, "invitation_code")

    again = client.post(verify_url("code"), {"code-code": codes[0]})
    assert again.status_code == 400 and "You have already used this code." in again.content.decode()
    client.logout()
    login(client, django_user_model, "bob")
    used = client.post(verify_url("code"), {"code-code": codes[0]})
    assert "This code has already been used." in used.content.decode()
    assert f'value="{codes[0]}"' in used.content.decode()  # what the person typed is kept


@pytest.mark.django_db
def test_wrong_and_revoked_codes(client, django_user_model, noord, now):
    _, codes = verification.generate_codes(name="Letters", size=2, area=noord)
    login(client, django_user_model)
    wrong = client.post(verify_url("code"), {"code-code": "AAAA-BBBB-CCCC"})
    assert wrong.status_code == 400 and "This code is not valid." in wrong.content.decode()
    verification.revoke_code(codes[1])
    revoked = client.post(verify_url("code"), {"code-code": codes[1]})
    assert "This code has been withdrawn." in revoked.content.decode()
    CodeBatch.objects.update(revoked_at=now)
    whole_batch = client.post(verify_url("code"), {"code-code": codes[0]})
    assert "This code has been withdrawn." in whole_batch.content.decode()
    assert not Verification.objects.exists()


@pytest.mark.django_db
def test_anonymous_code_gives_a_token_participant_that_counts_where_the_editor_allows(client, noord, home, now):
    _, codes = verification.generate_codes(name="Letters", size=1, area=noord)
    response = client.post(verify_url("code"), {"code-code": codes[0]})
    assert response.status_code == 302 and conf.get("TOKEN_COOKIE_NAME") in response.cookies
    participant = Participant.objects.get()
    assert participant.user is None and participant.verification.level == Verification.VERIFIED
    strict = make_method(
        home, rules=vote_rule(Level.VERIFIED), opens_at=now - days(1), closes_at=now + days(1), slug="strict"
    )
    open_to_codes = make_method(
        home,
        rules={**vote_rule(Level.VERIFIED), "verified_without_account": True},
        opens_at=now - days(1),
        closes_at=now + days(1),
        slug="codes",
    )
    assert permissions.can(participant, "vote", strict, now).code == "login_required"
    assert permissions.can(participant, "vote", open_to_codes, now).allowed


@pytest.mark.django_db
def test_project_code_verifies_inside_that_project_only(client, django_user_model, noord, home, now):
    index = make_index(home, slug="participate")
    project = make_project(index, slug="budget", phases=[("vote", now - days(1), now + days(1), "Vote")])
    other = make_project(index, slug="other", phases=[("vote", now - days(1), now + days(1), "Vote")])
    verification.generate_codes(name="Budget letters", size=1, area=noord, project=project)
    _, codes = verification.generate_codes(name="Budget letters 2", size=1, area=noord, project=project)
    user = login(client, django_user_model)
    client.post(verify_url("code"), {"code-code": codes[0]})
    participant = Participant.objects.get(user=user)
    inside = make_method(project, rules=vote_rule(Level.VERIFIED, [project.phases.get().translation_key]))
    outside = make_method(other, rules=vote_rule(Level.VERIFIED, [other.phases.get().translation_key]))
    assert permissions.can(participant, "vote", inside, now).allowed
    assert permissions.can(participant, "vote", outside, now).code == "verification_required"


@pytest.mark.django_db
def test_guessing_codes_is_braked_per_person_then_per_address(client, django_user_model, noord, settings):
    settings.WAGTAILPARTICIPATION_BRAKES = {"verify": {"limit": 3, "address_limit": 5}}
    _, codes = verification.generate_codes(name="Letters", size=1, area=noord)
    login(client, django_user_model)
    statuses = [client.post(verify_url("code"), {"code-code": f"AAAA-BBBB-CCC{i}"}).status_code for i in range(3)]
    assert statuses == [400, 400, 400]
    blocked = client.post(verify_url("code"), {"code-code": codes[0]})  # even a right code, once blocked
    assert blocked.status_code == 429 and "Too many attempts" in blocked.content.decode()
    assert codes[0] in blocked.content.decode()
    assert not Verification.objects.exists()
    from django.test import Client

    # someone else at the same address still has their own attempts, until the address's run out
    neighbour = Client()
    answers = [
        neighbour.post(verify_url("code"), {"code-code": code})
        for code in ("AAAA-BBBB-CCCX", "AAAA-BBBB-CCCY", codes[0])
    ]
    assert [answer.status_code for answer in answers] == [400, 400, 429]
    assert "from your network" in answers[-1].content.decode() and not Verification.objects.exists()


# -- census ----------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_census_import_stores_digests_only_and_matches_normalised_input(client, django_user_model, noord, zuid):
    census_import, errors = census_backend().import_rows("Extract May 2027", io.BytesIO(CENSUS_CSV.encode()))
    assert errors == [] and census_import.row_count == 3
    dump = " ".join(CensusEntry.objects.values_list("digest", flat=True))
    for plain in ("3001", "1980", "03/05/1980", "12 B"):
        assert plain not in dump
    user = login(client, django_user_model)
    response = client.post(
        verify_url("census"),
        {
            "census-postal_code": " 3001 ",
            "census-house_number": "12b",
            "census-date_of_birth": "30.11.1975",
        },
    )
    assert response.status_code == 302
    verified = Verification.objects.get(participant__user=user)
    assert (verified.level, verified.area, verified.method) == (Verification.VERIFIED, noord, "census")


@pytest.mark.django_db
def test_a_census_row_verifies_one_participant_and_a_second_claim_is_reported(client, django_user_model, noord, zuid):
    census_backend().import_rows("Extract", io.BytesIO(CENSUS_CSV.encode()))
    details = {"census-postal_code": "3010", "census-house_number": "4", "census-date_of_birth": "02/01/1990"}
    login(client, django_user_model, "ann")
    assert client.post(verify_url("census"), details).status_code == 302
    client.logout()
    login(client, django_user_model, "bob")
    refused = client.post(verify_url("census"), details)
    assert refused.status_code == 400 and "already used to verify another participant" in refused.content.decode()
    assert CensusClaimRefusal.objects.get().participant.user.username == "bob"
    assert Verification.objects.count() == 1


@pytest.mark.django_db
def test_details_that_match_nobody_and_bad_dates(client, django_user_model, noord, zuid):
    census_backend().import_rows("Extract", io.BytesIO(CENSUS_CSV.encode()))
    login(client, django_user_model)
    nobody = client.post(
        verify_url("census"),
        {"census-postal_code": "3001", "census-house_number": "99", "census-date_of_birth": "03/05/1980"},
    )
    assert nobody.status_code == 400 and "do not match the register of residents" in nobody.content.decode()
    assert 'value="99"' in nobody.content.decode()
    bad_date = client.post(
        verify_url("census"),
        {"census-postal_code": "3001", "census-house_number": "12", "census-date_of_birth": "31/02/1980"},
    )
    assert "Enter the date as day/month/year" in bad_date.content.decode()


@pytest.mark.django_db
def test_bad_census_file_is_reported_per_line_and_nothing_is_imported(noord):
    bad = (
        "postal_code,house_number,date_of_birth,area\n"
        "3001,12,03/05/1980,noord\n"
        "3001,,03/05/1980,noord\n"
        "3001,14,31/02/1980,noord\n"
        "3001,16,01/01/1970,atlantis\n"
        "3001,12,1980-05-03,noord\n"
    )
    census_import, errors = census_backend().import_rows("Bad", io.BytesIO(bad.encode()))
    assert census_import is None and not CensusEntry.objects.exists()
    lines = [line for line, _ in errors]
    assert lines == [3, 4, 5, 6]
    assert "Same resident as line 2." in dict(errors)[6]
    assert "Unknown area" in dict(errors)[5]
    _, missing = census_backend().import_rows("No area", io.BytesIO(b"postal_code,house_number\n3001,1\n"))
    assert "Missing columns: date_of_birth, area" in missing[0][1]


# -- declared area -----------------------------------------------------------------------------
@pytest.mark.django_db
def test_declared_area_is_a_lower_level(client, django_user_model, noord, home, now):
    user = login(client, django_user_model)
    unknown = client.post(verify_url("declared"), {"declared-postal_code": "9999"})
    assert "This postal code is not in our city." in unknown.content.decode()
    assert client.post(verify_url("declared"), {"declared-postal_code": "3002"}).status_code == 302
    declared = Verification.objects.get(participant__user=user)
    assert (declared.level, declared.area) == (Verification.DECLARED, noord)
    participant = Participant.objects.get(user=user)
    strict = make_method(
        home,
        rules=vote_rule(Level.REGISTERED, areas=[noord.translation_key]),
        opens_at=now - days(1),
        closes_at=now + days(1),
        slug="strict",
    )
    lenient = make_method(
        home,
        rules=vote_rule(Level.REGISTERED, areas=[noord.translation_key], accept_declared=True),
        opens_at=now - days(1),
        closes_at=now + days(1),
        slug="lenient",
    )
    assert permissions.can(participant, "vote", strict, now).code == "area_verification_required"
    assert permissions.can(participant, "vote", lenient, now).allowed
    assert (
        permissions.can(
            participant,
            "vote",
            make_method(
                home, rules=vote_rule(Level.VERIFIED), opens_at=now - days(1), closes_at=now + days(1), slug="verified"
            ),
            now,
        ).code
        == "verification_required"
    )


@pytest.mark.django_db
def test_verify_page_lists_every_backend_with_privacy_notice(client):
    html = client.get(reverse("wagtail_participation:verify")).content.decode()
    assert html.count("<h1") == 1
    for label in ("Invitation code", "Residents register", "Postal code"):
        assert label in html
    assert html.count("Why we ask:") == 3
    assert html.count('name="csrfmiddlewaretoken"') == 3


@pytest.mark.django_db
def test_method_page_links_to_verification_and_back(client, django_user_model, noord, home, now):
    method = make_method(
        home,
        rules=vote_rule(Level.REGISTERED, areas=[noord.translation_key]),
        opens_at=now - days(1),
        closes_at=now + days(1),
    )
    login(client, django_user_model)
    html = client.get(method.url).content.decode()
    assert "Only verified residents of Noord can vote here." in html
    verify = reverse("wagtail_participation:verify")
    assert f"{verify}?next={method.url}" in html
    _, codes = verification.generate_codes(name="Letters", size=1, area=noord)
    response = client.post(verify_url("code"), {"code-code": codes[0], "next": method.url})
    assert response.status_code == 302 and response.url == method.url
    assert "<button" in client.get(method.url).content.decode().split("<main")[1]
    evil = client.post(verify_url("code"), {"code-code": "X", "next": "https://evil.example/"})
    assert evil.status_code == 400  # and never redirects off-site (see safe_next)


@pytest.mark.django_db
def test_views_outside_the_page_tree_offer_every_language_of_the_site(client, home):
    from wagtail.models import Locale

    html = client.get("/nl/participation/verify/").content.decode()
    assert 'class="wp-languages"' not in html  # the site is in English only: nothing to switch to
    for code in ("nl", "fr", "de"):
        home.copy_for_translation(Locale.objects.get_or_create(language_code=code)[0]).save_revision().publish()
    html = client.get("/nl/participation/verify/").content.decode()
    assert 'href="/fr/participation/verify/"' in html and 'href="/de/participation/verify/"' in html
    assert '<a href="/nl/participation/verify/" lang="nl" hreflang="nl" aria-current="true">' in html


@pytest.mark.django_db
def test_no_plain_code_or_register_value_anywhere_in_the_database(client, django_user_model, noord, zuid):
    from django.core.management import call_command

    _, codes = verification.generate_codes(name="Letters", size=5, area=noord)
    census_backend().import_rows("Extract", io.BytesIO(CENSUS_CSV.encode()))
    login(client, django_user_model)
    client.post(verify_url("code"), {"code-code": codes[0]})
    client.post(
        verify_url("census"),
        {"census-postal_code": "3010", "census-house_number": "4", "census-date_of_birth": "02/01/1990"},
    )
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    text = dump.getvalue()
    for code in codes:
        assert code not in text and code.replace("-", "") not in text
    for plain in ("1980-05-03", "03/05/1980", "1975-11-30", "1990-01-02", "02/01/1990"):
        assert plain not in text


@pytest.mark.django_db
def test_a_participant_object_sees_its_new_verification_at_once(noord):
    participant = Participant.new_anonymous()
    assert getattr(participant, "verification", None) is None  # caches "no verification"
    _, codes = verification.generate_codes(name="Letters", size=1, area=noord)
    verification.get_backend("code").verify(participant, {"code": codes[0]})
    assert participant.verification.level == Verification.VERIFIED
