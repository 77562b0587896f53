"""Staff screens for codes, the register of residents, refused claims and the verification report."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail_participation import verification
from wagtail_participation.models import CensusClaimRefusal, CensusEntry, CodeBatch, InvitationCode


@pytest.mark.django_db
def test_generate_codes_downloads_them_once_and_stores_digests(staff_client, noord):
    url = reverse("participation_codes:add")
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, {"name": "Letters Noord", "size": "25", "area": noord.pk})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 25 and {row["area"] for row in rows} == {"Noord"}
    digests = set(InvitationCode.objects.values_list("digest", flat=True))
    assert {verification.code_digest(row["code"]) for row in rows} == digests
    listing = staff_client.get(reverse("participation_codes:index")).content.decode()
    assert "Letters Noord" in listing


@pytest.mark.django_db
def test_generate_codes_rejects_bad_input_and_keeps_it(staff_client):
    response = staff_client.post(reverse("participation_codes:add"), {"name": "Letters", "size": "0"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Letters"' in html and "greater than or equal to 1" in html
    assert not CodeBatch.objects.exists()


@pytest.mark.django_db
def test_withdraw_a_code_and_a_batch(staff_client, noord):
    batch, codes = verification.generate_codes(name="Letters", size=3, area=noord)
    url = reverse("participation_codes:revoke")
    assert staff_client.post(url, {"code": "NOPE-NOPE-NOPE"}).status_code == 400
    assert staff_client.post(url, {"code": codes[0]}).status_code == 302
    assert InvitationCode.objects.filter(revoked_at__isnull=False).count() == 1
    assert staff_client.post(url, {"batch": batch.pk}).status_code == 302
    batch.refresh_from_db()
    assert batch.revoked_at is not None


@pytest.mark.django_db
def test_census_upload_reports_bad_lines_and_imports_good_files(staff_client, noord):
    url = reverse("participation_census:add")
    bad = SimpleUploadedFile("x.csv", b"postal_code,house_number,date_of_birth,area\n3001,1,31/02/1980,noord\n")
    response = staff_client.post(url, {"name": "Extract", "file": bad})
    assert response.status_code == 400 and "Line 2:" in response.content.decode()
    assert not CensusEntry.objects.exists()
    good = SimpleUploadedFile("x.csv", b"postal_code,house_number,date_of_birth,area\n3001,1,01/02/1980,noord\n")
    assert staff_client.post(url, {"name": "Extract", "file": good}).status_code == 302
    assert CensusEntry.objects.count() == 1
    assert "Extract" in staff_client.get(reverse("participation_census:index")).content.decode()


@pytest.mark.django_db
def test_refused_claims_and_report(staff_client, noord, django_user_model):
    from django.test import Client

    client = Client()
    verification.get_backend("census").import_rows(
        "x", io.BytesIO(b"postal_code,house_number,date_of_birth,area\n3001,1,1980-01-01,noord\n")
    )
    details = {"census-postal_code": "3001", "census-house_number": "1", "census-date_of_birth": "1980-01-01"}
    for name in ("ann", "bob"):
        client.force_login(django_user_model.objects.create_user(name, password="pw"))
        client.post(reverse("wagtail_participation:verify_with", args=("census",)), details)
    refusal = CensusClaimRefusal.objects.get()
    assert "bob" in staff_client.get(reverse("participation_refusals:index")).content.decode()
    assert staff_client.get(reverse("participation_refusals:edit", args=(refusal.pk,))).status_code == 200
    assert (
        staff_client.post(reverse("participation_refusals:edit", args=(refusal.pk,)), {"resolved": "on"}).status_code
        == 302
    )
    refusal.refresh_from_db()
    assert refusal.resolved
    report = staff_client.get(reverse("participation_verification_report:index")).content.decode()
    assert "Noord" in report and "Participants per area" in report


@pytest.mark.django_db
def test_staff_screens_need_permissions(client, django_user_model):
    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user("ed", password="pw")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    for name in ("participation_codes:add", "participation_census:add", "participation_verification_report:index"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url == "/admin/", name
    response = client.post(reverse("participation_codes:add"), {"name": "x", "size": "5"})
    assert response.status_code == 302 and not CodeBatch.objects.exists()


@pytest.mark.django_db
def test_report_counts_verified_residents_per_method_and_area(staff_client, noord, make_area, home, now):
    from tests.builders import days, make_method, vote_rule
    from wagtail_participation.engine.policy import Level
    from wagtail_participation.models import Participant, Verification

    zuid = make_area("Zuid", "zuid", "3010")
    for area, level in ((noord, "verified"), (noord, "verified"), (noord, "declared"), (zuid, "verified")):
        Verification.objects.create(participant=Participant.new_anonymous(), level=level, area=area, method="test")
    make_method(
        home,
        title="Budget Noord",
        slug="budget-noord",
        rules=vote_rule(Level.VERIFIED, areas=[noord.translation_key], accept_declared=True),
        opens_at=now,
        closes_at=now + days(1),
    )
    make_method(
        home, title="Open poll", slug="poll", rules=vote_rule(Level.ANYONE), opens_at=now, closes_at=now + days(1)
    )
    html = staff_client.get(reverse("participation_verification_report:index")).content.decode()
    assert '<th scope="row">Budget Noord</th><td>2</td><td>1</td>' in html
    assert "Open poll" not in html
    assert '<th scope="row">Noord</th><td>2</td><td>1</td>' in html
