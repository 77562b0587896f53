"""The retention schedule: each core kind expires past its period and stays inside it, counts and
tallies never change, a second run does nothing, the site's settings win, and the check catches
bad settings (docs/retention.md)."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.builders import days, make_board, make_idea, make_poll
from wagtail_participation import checks, clock, contributions, manifests, retention
from wagtail_participation.models import (
    CensusClaimRefusal,
    CensusEntry,
    CensusImport,
    Department,
    Follow,
    Participant,
    Verification,
)

pytestmark = pytest.mark.django_db


def issued(days_ago):
    """A token participant issued ``days_ago`` days before the clock's now."""
    participant = Participant.new_anonymous()
    Participant.objects.filter(pk=participant.pk).update(created_at=clock.now() - days(days_ago))
    participant.refresh_from_db()
    return participant


def tick() -> list[str]:
    out = io.StringIO()
    call_command("participation_tick", stdout=out)
    return [line for line in out.getvalue().splitlines() if "retention" in line]


def line_of(lines, code):
    return next(line for line in lines if f"retention {code}:" in line)


# -- anonymous tokens ------------------------------------------------------------------------------------------
def test_unused_tokens_go_after_ninety_days_and_used_ones_stay(home, now):
    board = make_board(home)
    idea = make_idea(board)
    old_unused = issued(91)
    old_declared = issued(120)
    Verification.objects.create(participant=old_declared, level=Verification.DECLARED, method="declared")
    recent_unused = issued(80)
    old_voter = issued(200)
    contributions.cast_vote(idea, old_voter)

    lines = tick()

    assert (
        line_of(lines, "unused_tokens")
        == "participation_tick: retention unused_tokens: 2 deleted (older than 90 day(s))"
    )
    remaining = set(Participant.objects.values_list("pk", flat=True))
    assert old_unused.pk not in remaining and old_declared.pk not in remaining
    assert {recent_unused.pk, old_voter.pk} <= remaining
    assert not Verification.objects.filter(participant_id=old_declared.pk).exists()
    assert "unused_tokens: 0 deleted" in line_of(tick(), "unused_tokens")  # idempotent


def test_tokens_whose_cookie_expired_are_anonymised_and_every_count_stays(home, now):
    from wagtail_participation.polls import services as polls

    board = make_board(home)
    idea = make_idea(board)
    poll = make_poll(home)
    expired = [issued(366), issued(400)]
    live = issued(300)
    for participant in [*expired, live]:
        contributions.cast_vote(idea, participant)
        polls.cast_ballot(poll.participation_record, participant, ["station"])
    idea.refresh_from_db()
    votes_before = (idea.up_votes, idea.score)
    tallies_before = polls.tallies(poll.participation_record)
    results_before = poll.get_results().to_dict()

    lines = tick()

    assert "anonymous_tokens: 2 anonymised" in line_of(lines, "anonymous_tokens")
    for participant in expired:
        participant.refresh_from_db()
        assert participant.token is None and participant.user_id is None
        assert participant.anonymised_at == now
    live.refresh_from_db()
    assert live.token is not None and live.anonymised_at is None
    idea.refresh_from_db()
    assert (idea.up_votes, idea.score) == votes_before == (3, 3)
    assert polls.tallies(poll.participation_record) == tallies_before
    assert polls.recount(poll.participation_record) == tallies_before  # the ballots themselves are all there
    assert poll.get_results().to_dict() == results_before
    assert "anonymous_tokens: 0 anonymised" in line_of(tick(), "anonymous_tokens")


def test_a_token_past_its_cookie_without_contributions_is_deleted_not_anonymised(home, now):
    participant = issued(500)
    tick()
    assert not Participant.objects.filter(pk=participant.pk).exists()


# -- follows ----------------------------------------------------------------------------------------------
@pytest.fixture
def department(locales):
    return Department.objects.create(name="Mobility", slug="mobility", locale=locales["en"])


def answered(idea, department, status, days_ago):
    with clock.frozen_at(clock.now() - days(days_ago)):
        contributions.publish_official_update(
            idea, department=department, body="Our answer.", new_status=status, author=None
        )


def test_follows_go_thirty_days_after_a_final_answer(home, now, department, django_user_model):
    board = make_board(home)
    follower = Participant.objects.create(user=django_user_model.objects.create_user("ann", password="pw"))
    done_long_ago = make_idea(board, title="Done long ago")
    done_recently = make_idea(board, title="Done recently")
    considered_long_ago = make_idea(board, title="Still under consideration")
    answered(done_long_ago, department, "implemented", 31)
    answered(done_recently, department, "rejected", 10)
    answered(considered_long_ago, department, "under_consideration", 300)
    for idea in (done_long_ago, done_recently, considered_long_ago):
        contributions.follow(idea, follower)

    assert "follows: 1 deleted" in line_of(tick(), "follows")
    assert set(Follow.objects.values_list("contribution_id", flat=True)) == {done_recently.pk, considered_long_ago.pk}
    assert "follows: 0 deleted" in line_of(tick(), "follows")


def test_follows_of_unanswered_contributions_go_two_years_after_the_method_closed(home, now, django_user_model):
    follower = Participant.objects.create(user=django_user_model.objects.create_user("ann", password="pw"))
    long_closed = make_board(home, slug="long-closed", opens_at=now - days(800), closes_at=now - days(731))
    recently_closed = make_board(home, slug="recently-closed", opens_at=now - days(800), closes_at=now - days(700))
    forgotten, waiting = make_idea(long_closed), make_idea(recently_closed)
    closed_without_an_answer = make_idea(
        long_closed, title="Rejected by a moderator's status change", status="rejected"
    )
    for idea in (forgotten, waiting, closed_without_an_answer):
        contributions.follow(idea, follower)

    assert "unanswered_follows: 2 deleted (older than 730 day(s))" in line_of(tick(), "unanswered_follows")
    assert list(Follow.objects.values_list("contribution_id", flat=True)) == [waiting.pk]
    assert "unanswered_follows: 0 deleted" in line_of(tick(), "unanswered_follows")


# -- the register of residents ------------------------------------------------------------------------------
def census_import(uploaded_days_ago, name="Extract"):
    extract = CensusImport.objects.create(name=name, row_count=2)
    CensusImport.objects.filter(pk=extract.pk).update(uploaded_at=clock.now() - days(uploaded_days_ago))
    return extract


def test_unclaimed_register_rows_go_and_claimed_ones_stay(now, make_area):
    area = make_area("Noord", "noord")
    old, recent = census_import(181, "Old"), census_import(10, "Recent")
    resident = issued(5)
    claimed = CensusEntry.objects.create(
        census_import=old, digest="a" * 64, area=area, claimed_by=resident, claimed_at=clock.now()
    )
    CensusEntry.objects.create(census_import=old, digest="b" * 64, area=area)
    fresh = CensusEntry.objects.create(census_import=recent, digest="c" * 64, area=area)

    assert "census_rows: 1 deleted" in line_of(tick(), "census_rows")
    assert set(CensusEntry.objects.values_list("pk", flat=True)) == {claimed.pk, fresh.pk}
    assert CensusImport.objects.filter(pk=old.pk, row_count=2).exists()  # the record of the upload stays
    assert "census_rows: 0 deleted" in line_of(tick(), "census_rows")


def test_resolved_refusals_go_after_ninety_days_and_open_ones_stay(now, make_area):
    area = make_area("Noord", "noord")
    entry = CensusEntry.objects.create(census_import=census_import(5), digest="d" * 64, area=area)
    old_resolved = CensusClaimRefusal.objects.create(entry=entry, participant=issued(1), resolved=True)
    old_open = CensusClaimRefusal.objects.create(entry=entry, participant=issued(1))
    recent_resolved = CensusClaimRefusal.objects.create(entry=entry, participant=issued(1), resolved=True)
    CensusClaimRefusal.objects.filter(pk__in=[old_resolved.pk, old_open.pk]).update(refused_at=clock.now() - days(91))
    CensusClaimRefusal.objects.filter(pk=recent_resolved.pk).update(refused_at=clock.now() - days(10))

    assert "census_refusals: 1 deleted" in line_of(tick(), "census_refusals")
    assert set(CensusClaimRefusal.objects.values_list("pk", flat=True)) == {old_open.pk, recent_resolved.pk}


# -- settings ------------------------------------------------------------------------------------------------
def test_the_sites_period_wins_over_the_default(now):
    twenty_days_old = issued(20)
    tick()
    assert Participant.objects.filter(pk=twenty_days_old.pk).exists()
    with override_settings(WAGTAILPARTICIPATION_RETENTION={"unused_tokens": 10}):
        assert retention.days(retention.get("unused_tokens")) == 10
        assert "unused_tokens: 1 deleted (older than 10 day(s))" in line_of(tick(), "unused_tokens")
    assert not Participant.objects.filter(pk=twenty_days_old.pk).exists()


def test_the_exports_period_follows_the_older_setting_unless_retention_names_it():
    rule = retention.get("exports")
    assert retention.days(rule) == 7
    with override_settings(WAGTAILPARTICIPATION_EXPORT_RETENTION_DAYS=3):
        assert retention.days(rule) == 3
        with override_settings(WAGTAILPARTICIPATION_RETENTION={"exports": 1}):
            assert retention.days(rule) == 1


def test_a_kind_that_may_be_kept_is_kept_with_none(home, now, department, django_user_model):
    board = make_board(home)
    idea = make_idea(board)
    answered(idea, department, "implemented", 400)
    follower = Participant.objects.create(user=django_user_model.objects.create_user("ann", password="pw"))
    contributions.follow(idea, follower)
    with override_settings(WAGTAILPARTICIPATION_RETENTION={"follows": None}):
        assert line_of(tick(), "follows").endswith("retention follows: kept (no period set)")
    assert Follow.objects.filter(contribution=idea).exists()


@pytest.mark.parametrize(
    "setting, expected",
    [
        ({"unused_tokens": -1}, "wagtail_participation.E050"),
        ({"unused_tokens": 1.5}, "wagtail_participation.E050"),
        ({"unused_tokens": True}, "wagtail_participation.E050"),
        ({"unused_tokens": None}, "wagtail_participation.E050"),
        ({"guest_book": 30}, "wagtail_participation.W050"),
        (["unused_tokens"], "wagtail_participation.E050"),
    ],
)
def test_the_check_catches_a_bad_retention_setting(setting, expected):
    with override_settings(WAGTAILPARTICIPATION_RETENTION=setting):
        assert [problem.id for problem in checks.check_retention()] == [expected]


def test_the_check_accepts_periods_and_none_where_allowed():
    with override_settings(WAGTAILPARTICIPATION_RETENTION={"unused_tokens": 0, "follows": None, "census_rows": 365}):
        assert checks.check_retention() == []


# -- the schedule comes from the core and the installed methods' manifests ------------------------------------
def test_a_methods_rules_come_and_go_with_its_manifest():
    codes = [rule.code for rule in retention.rules()]
    assert codes[:7] == [
        "exports",
        "unused_tokens",
        "anonymous_tokens",
        "follows",
        "unanswered_follows",
        "census_rows",
        "census_refusals",
    ]
    assert "survey_email_answers" in codes
    surveys = manifests.unregister("participation_surveys")
    try:
        assert "survey_email_answers" not in [rule.code for rule in retention.rules()]
        with override_settings(WAGTAILPARTICIPATION_RETENTION={"survey_email_answers": 30}):
            assert [problem.id for problem in checks.check_retention()] == ["wagtail_participation.W050"]
    finally:
        manifests.register(surveys)
    assert "survey_email_answers" in [rule.code for rule in retention.rules()]


def test_the_retention_command_lists_what_is_due_and_deletes_nothing(now):
    soon = issued(70)
    due = issued(95)
    out = io.StringIO()
    call_command("participation_retention", "--dry-run", stdout=out)
    line = next(line for line in out.getvalue().splitlines() if line.startswith("unused_tokens:"))
    assert line == ("unused_tokens: 90 day(s) after: The token was issued; 1 would be deleted now, 2 within 30 days")
    assert Participant.objects.filter(pk__in=[soon.pk, due.pk]).count() == 2
    call_command("participation_retention", "--apply", stdout=io.StringIO())
    assert list(Participant.objects.filter(pk__in=[soon.pk, due.pk]).values_list("pk", flat=True)) == [soon.pk]


# -- the admin's read-only page --------------------------------------------------------------------------------
def test_the_retention_page_shows_each_kind_and_what_expires_soon(staff_client, now):
    from django.urls import reverse

    issued(95)
    issued(70)
    with override_settings(WAGTAILPARTICIPATION_RETENTION={"follows": None}):
        response = staff_client.get(reverse("participation_retention:index"))
    assert response.status_code == 200
    rows = {row["rule"].code: row for row in response.context["rows"]}
    assert {"exports", "unused_tokens", "anonymous_tokens", "survey_email_answers"} <= set(rows)
    assert (rows["unused_tokens"]["days"], rows["unused_tokens"]["due_now"], rows["unused_tokens"]["due_soon"]) == (
        90,
        1,
        2,
    )
    assert rows["follows"]["days"] is None
    html = response.content.decode()
    assert "Anonymous tokens that never took part" in html and "<code>unused_tokens</code>" in html
    assert "Due within 30 days" in html
    assert Participant.objects.count() == 2  # read-only: nothing deleted


def test_the_retention_page_is_for_superusers_only(client, django_user_model):
    from django.contrib.auth.models import Permission
    from django.urls import reverse

    editor = django_user_model.objects.create_user("moderator", password="pw")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    response = client.get(reverse("participation_retention:index"))
    assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))  # Wagtail's "permission denied"


def test_a_run_writes_counts_to_the_audit_log_and_no_personal_data(home, now):
    from wagtail.models import ModelLogEntry

    old = issued(100)
    tick()
    tick()  # nothing left: no second entry
    entries = ModelLogEntry.objects.filter(action=retention.APPLIED)
    assert [entry.data for entry in entries] == [
        {"kind": "unused_tokens", "count": 1, "days": 90, "at_expiry": "delete"}
    ]
    assert str(old.token) not in str(entries[0].data)
    assert entries[0].message == "1 record(s) deleted: Anonymous tokens that never took part, older than 90 day(s)"


def test_the_run_shows_in_the_admins_site_history(staff_client, home, now):
    from django.urls import reverse

    issued(100)
    tick()
    html = staff_client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "1 record(s) deleted: Anonymous tokens that never took part, older than 90 day(s)" in html
