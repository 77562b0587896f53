"""Survey results for staff: the admin summary, CSV, XLSX in the background, permissions; the
editor's question checks; personal data; query counts."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from tests.builders import PARK_QUESTIONS, full_answers, make_survey
from tests.builders import post_to_survey as post
from wagtail_participation import personal_data
from wagtail_participation.models import Participant
from wagtail_participation.surveys import exports as survey_exports
from wagtail_participation.surveys.models import SurveyExport, SurveyQuestion, SurveyResponse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache")]


def answered(survey, count=3, **changes):
    for n in range(count):
        client = Client()
        data = {**full_answers(), **changes}
        if n == 0:
            data.update({"transport__0": "other", "transport__1": '=HYPERLINK("http://evil.example")'})
        assert post(client, survey, data, step=2).status_code == 302


def test_admin_summary_per_question(survey, staff_client):
    answered(survey, 3)
    post(
        Client(),
        survey,
        {**full_answers(), "visits": "rarely", "why_rarely": "Too dark in winter", "satisfaction": "1"},
        step=2,
    )
    response = staff_client.get(reverse("participation_surveys:summary", args=(survey.participation_record.pk,)))
    html = response.content.decode()
    assert response.status_code == 200
    assert "4 of 4 answered" in html  # visits
    assert "1 of 4 answered" in html  # the conditional question
    assert "Too dark in winter" in html
    assert "Average 3.25, median 4" in html  # satisfaction 4, 4, 4, 1
    assert html.count('class="wp-bars"') >= 5  # choices, scale, ranking firsts, number, transport, activities
    assert "Average place" in html and "Per row" in html
    assert "of the people who answered" in html  # several choices: shares of respondents too
    assert "en: 4" in html
    index = staff_client.get(reverse("participation_surveys:index")).content.decode()
    assert "Park survey" in index and "<td>4</td>" in index


def test_summary_query_count_does_not_grow_with_responses(survey, staff_client):
    url = reverse("participation_surveys:summary", args=(survey.participation_record.pk,))
    answered(survey, 1)
    with CaptureQueriesContext(connection) as few:
        staff_client.get(url)
    answered(survey, 6)
    with CaptureQueriesContext(connection) as many:
        staff_client.get(url)
    assert len(many) == len(few)


def test_survey_page_query_count_is_constant_in_questions(home, now, client):
    small = make_survey(home, questions=PARK_QUESTIONS[:3], slug="small")
    large = make_survey(
        home,
        questions=PARK_QUESTIONS
        + [dict(field_type="singleline", label=f"Extra {n}", code=f"extra_{n}") for n in range(10)],
        slug="large",
    )
    counts = []
    for survey in (small, large):
        client.get(survey.url)  # warm caches (site, settings)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(survey.url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_csv_streams_one_row_per_response_by_codes(survey, staff_client):
    answered(survey, 2)
    response = staff_client.get(reverse("participation_surveys:csv", args=(survey.participation_record.pk,)))
    assert response.status_code == 200 and response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 2
    assert list(rows[0])[:5] == ["response", "language", "submitted", "visits", "satisfaction"]
    assert "importance.quiet" in rows[0] and "transport.other" in rows[0]
    first = next(row for row in rows if row["transport"] == "other")
    assert first["transport.other"].startswith("'=HYPERLINK")  # inert text, not a formula
    assert first["priorities"] == "playground > trees > benches"
    assert first["activities"] == "sport; picnic"
    assert first["importance.quiet"] == "5" and first["language"] == "en"
    assert "participant" not in text


def test_xlsx_in_the_background_with_a_codebook(survey, staff_client, django_capture_on_commit_callbacks):
    answered(survey, 3)
    record = survey.participation_record
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("participation_surveys:xlsx", args=(record.pk,)))
    export = SurveyExport.objects.get()
    assert response.url == reverse("participation_surveys:export", args=(export.pk,))
    assert (export.status, export.progress) == (SurveyExport.DONE, 100)
    status_page = staff_client.get(response.url).content.decode()
    assert "data-wp-export-poll" not in status_page  # finished: the page stops asking
    download = staff_client.get(reverse("participation_surveys:download", args=(export.pk,)))
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert workbook.sheetnames == ["responses", "codebook"]
    rows = list(workbook["responses"].values)
    assert rows[0][:4] == ("response", "language", "submitted", "visits") and len(rows) == 4
    codebook = list(workbook["codebook"].values)
    assert ("visits", "weekly", None, "Weekly", None) in codebook
    assert any(row[0] == "why_rarely" and row[4] == "visits in rarely" for row in codebook)


def test_pending_and_failed_exports(survey, staff_client, monkeypatch):
    export = SurveyExport.objects.create(record=survey.participation_record, progress=40)
    html = staff_client.get(reverse("participation_surveys:export", args=(export.pk,))).content.decode()
    assert 'data-wp-export-poll="3000"' in html and "40% done" in html and "Check again" in html
    assert 'http-equiv="refresh"' not in html  # WCAG 2.2.1: no timed reload
    assert staff_client.get(reverse("participation_surveys:download", args=(export.pk,))).status_code == 302

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(survey_exports, "write_workbook", broken)
    failing = SurveyExport.objects.create(record=survey.participation_record)
    with pytest.raises(RuntimeError):
        survey_exports.build_survey_xlsx.call(failing.pk)
    failing.refresh_from_db()
    assert failing.status == SurveyExport.FAILED and failing.error == "RuntimeError: disk full"


def test_tick_deletes_survey_exports_after_the_retention_period(survey, now, settings):
    from datetime import timedelta
    from pathlib import Path

    from django.core.files.base import ContentFile
    from django.core.management import call_command

    from wagtail_participation import clock

    def export_made(days_ago):
        export = SurveyExport.objects.create(record=survey.participation_record, status=SurveyExport.DONE)
        export.file.save(f"survey-{days_ago}.xlsx", ContentFile(b"xlsx"))
        SurveyExport.objects.filter(pk=export.pk).update(created_at=now - timedelta(days=days_ago))
        return export

    old, recent = export_made(8), export_made(6)
    old_file = Path(settings.MEDIA_ROOT) / old.file.name
    with clock.frozen_at(now):
        call_command("participation_tick", stdout=io.StringIO())
    assert list(SurveyExport.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not old_file.exists()


def test_results_need_permission_post_and_csrf(survey, django_user_model, client):
    record = survey.participation_record
    user = django_user_model.objects.create_user("someone", "someone@example.com", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    for name in ("index", "summary", "csv"):
        args = () if name == "index" else (record.pk,)
        assert client.get(reverse(f"participation_surveys:{name}", args=args)).url.endswith("/admin/")
    assert client.post(reverse("participation_surveys:xlsx", args=(record.pk,))).url.endswith("/admin/")
    assert not SurveyExport.objects.exists()

    user.user_permissions.add(Permission.objects.get(codename="view_surveyresponse"))
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(django_user_model.objects.get(pk=user.pk))
    assert strict.get(reverse("participation_surveys:summary", args=(record.pk,))).status_code == 200
    assert strict.get(reverse("participation_surveys:xlsx", args=(record.pk,))).status_code == 405
    assert strict.post(reverse("participation_surveys:xlsx", args=(record.pk,))).status_code == 403
    assert not SurveyExport.objects.exists()


def test_get_results_gives_engine_results(survey):
    answered(survey, 2)
    results = survey.get_results()
    assert results.rule == "survey" and results.participants == 2 and results.assurance == "anyone"
    rows = {row.code: row for row in results.rows}
    assert rows["visits"].value == 2 and rows["satisfaction"].detail == "average 4.00"
    assert results.specifics.responses == 2
    from wagtail_participation.engine.method_results import MethodResults
    from wagtail_participation.surveys.engine.questions import SurveySummary

    assert MethodResults.from_dict(results.to_dict(), SurveySummary) == results  # a snapshot stores and reads it back


# -- the editor ----------------------------------------------------------------------------------


def editor_post(survey, questions):
    """The page editor's POST data for ``questions`` (the inline formset named form_fields)."""
    defaults = {
        "choices": "",
        "option_codes": "",
        "code": "",
        "required": "on",
        "help_text": "",
        "low_label": "",
        "high_label": "",
        "minimum": "",
        "maximum": "",
        "condition_question": "",
        "condition_values": "",
    }
    return nested_form_data(
        {
            "title": survey.title,
            "slug": survey.slug,
            "intro": rich_text(""),
            "thank_you_text": rich_text(""),
            "time_estimate": "",
            "opens_at": "2027-04-30 12:00",
            "closes_at": "2027-05-30 12:00",
            "rule_level_submit": "0",
            "form_fields": inline_formset([{**defaults, **question} for question in questions]),
        }
    )


def test_editor_checks_questions(survey, staff_client):
    url = reverse("wagtailadmin_pages:edit", args=(survey.pk,))
    questions = [
        {
            "label": "Visits",
            "field_type": "radio",
            "code": "visits",
            "choices": "Daily\nWeekly",
            "option_codes": "daily\ndaily",
        },
        {"label": "Satisfied", "field_type": "scale", "code": "sat", "minimum": "1", "maximum": "20"},
        {
            "label": "Why",
            "field_type": "singleline",
            "code": "why",
            "condition_question": "later",
            "condition_values": "x",
        },
        {"label": "Rank", "field_type": "ranking", "code": "rank", "choices": "Only one"},
        {"label": "Bad code", "field_type": "singleline", "code": "bad__code"},
        {
            "label": "Cond",
            "field_type": "singleline",
            "code": "cond",
            "condition_question": "visits",
            "condition_values": "hourly",
        },
    ]
    response = staff_client.post(url, editor_post(survey, questions))
    html = response.content.decode()
    assert response.status_code == 200  # the editor sees errors; nothing saved
    for message in (
        "Every option needs its own code.",
        "A scale has from 2 to 11 points.",
        "Give the code of an earlier question.",
        "Give at least 2 options, one per line.",
        "single underscores",
        "Not answers to that question: hourly",
    ):
        assert message in html.replace("&#x27;", "'"), message


def test_editor_saves_a_valid_survey_and_fills_in_codes(survey, staff_client):
    url = reverse("wagtailadmin_pages:edit", args=(survey.pk,))
    questions = [
        {"label": "How often do you come?", "field_type": "radio", "choices": "Daily\nWeekly"},
        {
            "label": "Why?",
            "field_type": "singleline",
            "code": "why",
            "condition_question": "how_often_do_you_come",
            "condition_values": "weekly",
        },
    ]
    response = staff_client.post(url, {**editor_post(survey, questions), "action-publish": "action-publish"})
    assert response.status_code == 302
    first = SurveyQuestion.objects.get(page=survey, label="How often do you come?")
    assert first.code == "how_often_do_you_come" and first.option_codes == "daily\nweekly"
    assert SurveyQuestion.objects.get(page=survey, code="why").condition_values == "weekly"


def test_anonymity_and_questions_freeze_once_responses_came_in(survey, staff_client):
    answered(survey, 1)
    url = reverse("wagtailadmin_pages:edit", args=(survey.pk,))
    assert "Locked since people started taking part" in staff_client.get(url).content.decode()
    questions = [
        {"label": "Visits to the new park", "field_type": "radio", "code": "visits", "choices": "Daily\nWeekly"}
    ]
    response = staff_client.post(url, {**editor_post(survey, questions), "anonymous": "on"})
    html = response.content.decode()
    assert response.status_code == 200 and "cannot be added, removed or recoded" in html
    assert "Visits to the new park" in html  # what the editor typed is kept
    record = survey.participation_record
    record.refresh_from_db()
    assert record.rules["anonymous"] is False and "visits" in record.rules["questions"]


def test_contrib_forms_submissions_link_leads_to_the_summary(survey, staff_client):
    response = staff_client.get(reverse("wagtailforms:list_submissions", args=(survey.pk,)))
    assert response.status_code == 302
    assert response.url == reverse("participation_surveys:summary", args=(survey.participation_record.pk,))


# -- personal data -------------------------------------------------------------------------------


def test_my_data_lists_answers_and_deleting_withdraws_open_responses(survey, client, django_user_model, home, now):
    user = django_user_model.objects.create_user("ann", password="pw")
    client.force_login(user)
    assert post(client, survey, full_answers(), step=2).status_code == 302
    anonymous = make_survey(home, slug="anon", anonymous=True)
    assert post(client, anonymous, full_answers(), step=2).status_code == 302
    participant = Participant.objects.get(user=user)
    exported = personal_data.export(participant)["data"]["survey_responses"]["items"]
    named = next(item for item in exported if "answers" in item)
    assert named["answers"]["How often do you visit the park?"] == "Weekly"
    assert named["answers"]["Put these in order of priority"] == ["Playground", "Trees", "Benches"]
    assert any("Anonymous survey" in item.get("note", "") for item in exported)

    personal_data.erase(participant)
    assert not SurveyResponse.objects.filter(record=survey.participation_record).exists()  # open: withdrawn
    assert SurveyResponse.objects.filter(record=anonymous.participation_record).count() == 1  # untraceable: stays


def test_closed_survey_gets_a_provisional_snapshot_and_a_results_review(home, now, staff_client):
    from wagtail_participation import clock, snapshots

    survey = make_survey(home, slug="closing", opens_at=now - timedelta(days=5), closes_at=now + timedelta(days=1))
    answered(survey, 2)
    with clock.frozen_at(now + timedelta(days=2)):
        snapshot = snapshots.take_provisional(survey.participation_record)
        review = staff_client.get(reverse("participation_methods:review", args=(survey.participation_record.pk,)))
    assert snapshot.rule == "survey" and snapshot.results().participants == 2
    assert snapshot.data["specifics"]["responses"] == 2 and snapshot.results().specifics.responses == 2
    assert review.status_code == 200 and "How often do you visit the park?" in review.content.decode()
