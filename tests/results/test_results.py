"""Result snapshots: provisional at close, final when confirmed; the tick is idempotent."""

import pytest
from django.core.management import call_command

from tests.builders import days, make_method, vote_rule
from tests.builders import set_fake_results as set_results
from tests.testapp.models import MinimalMethodPage
from wagtail_participation import clock, snapshots
from wagtail_participation.engine.policy import Level
from wagtail_participation.models.snapshots import ResultSnapshot
from wagtail_participation.signals import snapshot_taken


@pytest.fixture
def method(home, now):
    page = make_method(home, rules=vote_rule(Level.ANYONE), opens_at=now - days(3), closes_at=now + days(1))
    MinimalMethodPage.fake_results[str(page.translation_key)] = [("yes", "Yes", 10), ("no", "No", 5)]
    yield page
    MinimalMethodPage.fake_results.pop(str(page.translation_key), None)


@pytest.mark.django_db
def test_no_snapshot_while_open_then_provisional_then_final(method, now, staff_client):
    record = method.participation_record
    assert snapshots.take_provisional(record) is None
    with pytest.raises(ValueError):
        snapshots.finalise(record, staff_client.user)

    with clock.frozen_at(now + days(2)):
        provisional = snapshots.current_snapshot(record)  # taken lazily on first read after close
        assert provisional.kind == ResultSnapshot.PROVISIONAL
        assert [r.value for r in provisional.results().rows] == [10, 5]

        set_results(method, [("yes", "Yes", 12), ("no", "No", 5)])  # paper ballots came in
        assert snapshots.current_snapshot(record) == provisional  # a published provisional never drifts
        final = snapshots.finalise(record, staff_client.user, note="Paper ballots from the town hall")
        assert final.kind == ResultSnapshot.FINAL and final.taken_by == staff_client.user
        assert [r.value for r in final.results().rows] == [12, 5]

        set_results(method, [("yes", "Yes", 99), ("no", "No", 5)])  # later votes change nothing
        assert snapshots.current_snapshot(record) == final
        assert snapshots.finalise(record, staff_client.user) == final
        assert [r.value for r in snapshots.current_snapshot(record).results().rows] == [12, 5]
    assert ResultSnapshot.objects.filter(record=record).count() == 2


@pytest.mark.django_db
def test_participation_tick_is_idempotent(method, now, capsys):
    received = []
    snapshot_taken.connect(lambda sender, snapshot, kind, **kw: received.append(kind), weak=False, dispatch_uid="t")
    try:
        call_command("participation_tick")
        assert ResultSnapshot.objects.count() == 0
        with clock.frozen_at(now + days(2)):
            call_command("participation_tick")
            call_command("participation_tick")
        assert ResultSnapshot.objects.filter(kind=ResultSnapshot.PROVISIONAL).count() == 1
        assert received == ["provisional"]
        runs = [line for line in capsys.readouterr().out.splitlines() if "provisional snapshot(s) taken" in line]
        assert runs[-2:] == [
            "participation_tick: 1 provisional snapshot(s) taken",
            "participation_tick: 0 provisional snapshot(s) taken",
        ]  # the second run: nothing
    finally:
        snapshot_taken.disconnect(dispatch_uid="t")


@pytest.mark.django_db
def test_bar_chart_is_an_accessible_image_with_a_table(method, client):
    html = client.get(method.url).content.decode()
    assert '<div class="wp-bars" role="img" aria-labelledby="chart-' in html
    assert "Yes: 10 (67%)" in html  # the description reads the numbers out
    assert '<th scope="row">Yes</th><td>10</td><td>67%</td>' in html


def review_url(record):
    from django.urls import reverse

    return reverse("participation_methods:review", args=(record.pk,))


@pytest.mark.django_db
def test_editor_reviews_and_finalises_results_in_the_admin(method, now, staff_client):
    from django.urls import reverse

    record = method.participation_record
    listing = staff_client.get(reverse("participation_methods:index")).content.decode()
    assert "Minimal method" in listing and review_url(record) in listing
    assert "is open until" in staff_client.get(review_url(record)).content.decode()
    with clock.frozen_at(now + days(2)):
        page = staff_client.get(review_url(record)).content.decode()
        assert "Provisional results" in page and "Finalise results" in page
        set_results(method, [("yes", "Yes", 11), ("no", "No", 5)])
        response = staff_client.post(review_url(record), {"note": "Paper ballots included"})
        assert response.status_code == 302
        final = ResultSnapshot.objects.get(record=record, kind=ResultSnapshot.FINAL)
        assert final.note == "Paper ballots included" and final.taken_by == staff_client.user
        assert "Final results" in staff_client.get(review_url(record)).content.decode()


@pytest.mark.django_db
def test_finalising_needs_permission_and_csrf(method, now, django_user_model, client):
    from django.contrib.auth.models import Permission
    from django.test import Client

    record = method.participation_record
    editor = django_user_model.objects.create_user("ed", password="pw")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    with clock.frozen_at(now + days(2)):
        denied = client.post(review_url(record), {"note": ""})
        # Wagtail's admin turns PermissionDenied into a redirect to the dashboard with a message.
        assert denied.status_code == 302 and denied.url == "/admin/"
        assert not ResultSnapshot.objects.filter(kind=ResultSnapshot.FINAL).exists()
        csrf_client = Client(enforce_csrf_checks=True)
        admin = django_user_model.objects.create_superuser("boss", "b@x.be", "pw")
        csrf_client.force_login(admin)
        assert csrf_client.post(review_url(record), {"note": ""}).status_code == 403
        assert not ResultSnapshot.objects.filter(kind=ResultSnapshot.FINAL).exists()
