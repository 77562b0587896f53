"""Idea exports: the streamed CSV, the XLSX prepared in the background, their permissions."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests.builders import days, make_board, make_idea, participation_permission
from wagtail_participation import contributions
from wagtail_participation.ideas import exports as idea_exports
from wagtail_participation.ideas.models import IdeaExport
from wagtail_participation.models import Channel, Department, Participant, Visibility

pytestmark = pytest.mark.usefixtures("tmp_media")

PAYLOAD = '<script>alert("x")</script>'


@pytest.fixture
def board(home, now, make_topic, locales):
    """A board with a payload idea, an answered idea with votes and comments, and a hidden idea."""
    board = make_board(home, now=now)
    topic = make_topic("Mobility", "mobility")
    payload = make_idea(
        board,
        title=f"Title {PAYLOAD}",
        body='=HYPERLINK("http://evil.example")',
        created_at=now - days(3),
        location_text="+32 2 123",
        channel=Channel.PAPER,
        channel_event="@town hall",
    )
    payload.topics.add(topic)
    answered = make_idea(board, title="-1 for cars", created_at=now - days(2))
    for value in (1, 1, -1):
        contributions.cast_vote(answered, Participant.new_anonymous(), value)
    contributions.add_comment(answered, Participant.new_anonymous(), "=1+1 is a comment", "en")
    department = Department.objects.create(name="Mobility department", slug="mobility", locale=locales["en"])
    contributions.publish_official_update(
        answered, department=department, body="We agree.", new_status="accepted", author=None
    )
    make_idea(board, title="Hidden idea", visibility=Visibility.HIDDEN, hidden_reason="Spam")
    return board


def csv_rows(response):
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:])))


@pytest.mark.django_db
def test_csv_lists_visible_ideas_as_inert_text(board, staff_client):
    response = staff_client.get(reverse("participation_idea_boards:csv", args=(board.participation_record.pk,)))
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header == idea_exports.IDEA_COLUMNS
    by_column = [dict(zip(header, row)) for row in rows]
    assert [row["title"] for row in by_column] == [f"Title {PAYLOAD}", "'-1 for cars"]  # hidden ideas stay out
    payload, answered = by_column
    # Markup is plain text in a CSV; cells a spreadsheet would run as formulas start with a quote.
    assert payload["body"] == '\'=HYPERLINK("http://evil.example")'
    assert payload["location"] == "'+32 2 123" and payload["event"] == "'@town hall"
    assert (payload["topics"], payload["channel"], payload["status"]) == ("Mobility", "paper", "proposed")
    assert (answered["up_votes"], answered["down_votes"], answered["comments"]) == ("2", "1", "1")
    assert answered["status"] == "accepted" and answered["answered"]
    assert payload["created"] == "2027-04-28 12:00"  # site time zone


@pytest.mark.django_db
def test_xlsx_is_prepared_in_the_background_and_downloaded(board, staff_client, django_capture_on_commit_callbacks):
    record = board.participation_record
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("participation_idea_boards:xlsx", args=(record.pk,)))
    export = IdeaExport.objects.get()
    assert response.url == reverse("participation_idea_boards:export", args=(export.pk,))
    assert (export.status, export.progress, export.requested_by) == (IdeaExport.DONE, 100, staff_client.user)
    status_page = staff_client.get(response.url).content.decode()
    assert (
        "data-wp-export-poll" not in status_page
        and reverse("participation_idea_boards:download", args=(export.pk,)) in status_page
    )

    download = staff_client.get(reverse("participation_idea_boards:download", args=(export.pk,)))
    assert download.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert workbook.sheetnames == ["ideas", "votes", "comments", "official updates"]
    ideas = list(workbook["ideas"].values)
    assert ideas[0] == tuple(idea_exports.IDEA_COLUMNS) and len(ideas) == 3
    assert ideas[1][2] == '\'=HYPERLINK("http://evil.example")'  # text, not a formula
    assert workbook["ideas"].cell(row=2, column=3).data_type == "s"
    votes = list(workbook["votes"].values)
    assert votes[0] == ("idea_id", "value", "date")  # no participant column: anonymised
    assert sorted(row[1] for row in votes[1:]) == [-1, 1, 1]
    comments = list(workbook["comments"].values)
    assert comments[1][3] == "'=1+1 is a comment"
    updates = list(workbook["official updates"].values)
    assert updates[1][1:5] == ("Mobility department", "We agree.", "proposed", "accepted")


@pytest.mark.django_db
def test_pending_export_page_polls_without_a_timed_reload(board, staff_client):
    export = IdeaExport.objects.create(record=board.participation_record, progress=40)
    html = staff_client.get(reverse("participation_idea_boards:export", args=(export.pk,))).content.decode()
    # A timed meta refresh fails WCAG 2.2.1; the status block asks the script to poll instead.
    assert 'http-equiv="refresh"' not in html and "data-wp-export-poll" in html and "40% done" in html
    assert "js/export_status.js" in html
    not_ready = staff_client.get(reverse("participation_idea_boards:download", args=(export.pk,)))
    assert not_ready.url == reverse("participation_idea_boards:export", args=(export.pk,))


@pytest.mark.django_db
def test_a_failing_export_says_so(board, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(idea_exports, "write_ideas_workbook", broken)
    export = IdeaExport.objects.create(record=board.participation_record)
    idea_exports.build_ideas_xlsx.enqueue(export.pk)
    export.refresh_from_db()
    assert export.status == IdeaExport.FAILED and export.error == "RuntimeError: disk full"


@pytest.mark.django_db
def test_exports_need_permission_post_and_csrf(board, django_user_model, client):
    record = board.participation_record
    user = django_user_model.objects.create_user("someone", "someone@example.com", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(reverse("participation_idea_boards:csv", args=(record.pk,))).url.endswith("/admin/")
    assert client.post(reverse("participation_idea_boards:xlsx", args=(record.pk,))).url.endswith("/admin/")
    assert not IdeaExport.objects.exists()

    user.user_permissions.add(participation_permission("view_idea"))
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(django_user_model.objects.get(pk=user.pk))
    assert strict.get(reverse("participation_idea_boards:csv", args=(record.pk,))).status_code == 200
    assert strict.get(reverse("participation_idea_boards:xlsx", args=(record.pk,))).status_code == 405
    assert strict.post(reverse("participation_idea_boards:xlsx", args=(record.pk,))).status_code == 403
    assert not IdeaExport.objects.exists()


@pytest.mark.django_db
def test_tick_deletes_exports_and_their_files_after_the_retention_period(board, now, settings):
    from datetime import timedelta
    from pathlib import Path

    from django.core.files.base import ContentFile
    from django.core.management import call_command

    from wagtail_participation import clock

    def export_made(days_ago):
        export = IdeaExport.objects.create(record=board.participation_record, status=IdeaExport.DONE)
        export.file.save(f"ideas-{days_ago}.xlsx", ContentFile(b"xlsx"))
        IdeaExport.objects.filter(pk=export.pk).update(created_at=now - timedelta(days=days_ago))
        return export

    old, recent = export_made(8), export_made(6)
    old_file = Path(settings.MEDIA_ROOT) / old.file.name
    assert old_file.exists()
    with clock.frozen_at(now):
        call_command("participation_tick", stdout=io.StringIO())
    assert list(IdeaExport.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not old_file.exists() and (Path(settings.MEDIA_ROOT) / recent.file.name).exists()


def test_every_concrete_export_model_is_purged():
    from wagtail_participation import housekeeping
    from wagtail_participation.surveys.models import SurveyExport

    assert {IdeaExport, SurveyExport} <= set(housekeeping.export_models())
