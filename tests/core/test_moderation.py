"""The staff side of ideas: moderation, automatic hiding, official answers, offline input, dashboard."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import Client
from django.urls import reverse
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import ModelLogEntry

from tests.builders import bulk_action_url as bulk
from tests.builders import days, make_board, make_idea, participation_permission
from wagtail_participation import contributions, moderation, statuses
from wagtail_participation.ideas.models import Idea
from wagtail_participation.models import Channel, Department, HideGround, OfficialUpdate, Participant, Visibility

PAYLOAD = '<script>alert("x")</script>'


@pytest.fixture
def department(locales):
    return Department.objects.create(name="Mobility department", slug="mobility", locale=locales["en"])


@pytest.fixture
def people(django_user_model, db):
    """Registered participants by name (each with an e-mail address)."""

    def build(*names):
        return [
            Participant.objects.create(user=django_user_model.objects.create_user(name, f"{name}@example.com", "pw"))
            for name in names
        ]

    return build


def user_with(django_user_model, *codenames):
    """A Wagtail admin user holding only the given wagtail_participation permissions."""
    user = django_user_model.objects.create_user("moderator", "moderator@example.com", "pw")
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for codename in codenames:
        user.user_permissions.add(participation_permission(codename))
    return user


# -- moderation functions ----------------------------------------------------------------------


@pytest.mark.django_db
def test_approve_publishes_a_prescreened_idea_handles_its_reports_and_is_audited(board, people, django_user_model):
    staff = django_user_model.objects.create_user("staff")
    (ann,) = people("ann")
    idea = make_idea(board, visibility=Visibility.PRESCREENING)
    contributions.report(ann, contribution=idea, reason="spam?")

    assert moderation.approve(idea, user=staff)

    idea.refresh_from_db()
    assert idea.visibility == Visibility.VISIBLE and idea.hidden_reason == ""
    assert not idea.reports.filter(handled=False).exists()
    entry = ModelLogEntry.objects.get(action=moderation.APPROVE)
    assert entry.user == staff and entry.object_id == str(idea.pk) and entry.data["before"] == Visibility.PRESCREENING
    assert entry.message == "Approved"


@pytest.mark.django_db
def test_hide_needs_a_ground_the_author_then_sees(board, people):
    (ann,) = people("ann")
    idea = make_idea(board, author=ann)
    for no_ground in ("", "   ", "rude"):
        with pytest.raises(ValueError):
            moderation.hide(idea, no_ground, "Names a private person.")
    assert moderation.hide(idea, HideGround.PERSONAL_DATA, "Names a private person (house rule 3).")
    # What the author's own view of the idea reads (the citizen templates show this statement).
    mine = Idea.objects.get(author=ann)
    assert mine.visibility == Visibility.HIDDEN and mine.hidden_reason == "Names a private person (house rule 3)."
    assert mine.hidden_ground == HideGround.PERSONAL_DATA and mine.hidden_at is not None
    entry = ModelLogEntry.objects.get(action=moderation.HIDE)
    assert entry.data["reason"] == "Names a private person (house rule 3)." and entry.data["ground"] == "personal_data"
    assert entry.comment == "Personal data – Names a private person (house rule 3)."


@pytest.mark.django_db
def test_restore_only_undoes_a_hide(board):
    visible, hidden = make_idea(board), make_idea(board, visibility=Visibility.HIDDEN, hidden_reason="Spam")
    assert not moderation.restore(visible)
    assert moderation.restore(hidden)
    hidden.refresh_from_db()
    assert hidden.visibility == Visibility.VISIBLE and hidden.hidden_reason == ""
    assert ModelLogEntry.objects.filter(action=moderation.RESTORE).count() == 1


@pytest.mark.django_db
def test_comments_are_moderated_the_same_way(board, people):
    (ann,) = people("ann")
    comment = contributions.add_comment(make_idea(board), ann, "Rude words", "en")
    moderation.hide(comment, HideGround.OFFENSIVE, "Insults another resident.")
    comment.refresh_from_db()
    assert comment.visibility == Visibility.HIDDEN and comment.hidden_reason == "Insults another resident."
    assert moderation.approve_many([comment]) == 1
    comment.refresh_from_db()
    assert comment.visibility == Visibility.VISIBLE and comment.hidden_reason == ""


# -- automatic hiding --------------------------------------------------------------------------


@pytest.mark.django_db
def test_three_distinct_registered_reporters_hide_an_idea(board, people):
    idea = make_idea(board)
    ann, bob, cem = people("ann", "bob", "cem")
    contributions.report(ann, contribution=idea)
    contributions.report(bob, contribution=idea)
    idea.refresh_from_db()
    assert idea.visibility == Visibility.VISIBLE
    contributions.report(cem, contribution=idea)
    idea.refresh_from_db()
    assert idea.visibility == Visibility.HIDDEN and idea.hidden_reason  # the author learns why


@pytest.mark.django_db
def test_anonymous_reporters_and_repeated_reports_do_not_hide(board, people):
    idea = make_idea(board)
    for _ in range(3):
        contributions.report(Participant.new_anonymous(), contribution=idea)
    ann, bob = people("ann", "bob")
    contributions.report(ann, contribution=idea)
    assert contributions.report(ann, contribution=idea) is False  # the same person twice counts once
    contributions.report(bob, contribution=idea)
    idea.refresh_from_db()
    assert idea.visibility == Visibility.VISIBLE


@pytest.mark.django_db
def test_a_restored_idea_needs_three_new_reports_to_hide_again(board, people):
    idea = make_idea(board)
    ann, bob, cem, dan = people("ann", "bob", "cem", "dan")
    for person in (ann, bob, cem):
        contributions.report(person, contribution=idea)
    moderation.restore(idea)
    contributions.report(dan, contribution=idea)
    idea.refresh_from_db()
    assert idea.visibility == Visibility.VISIBLE


# -- admin: moderation queue and bulk actions --------------------------------------------------


@pytest.mark.django_db
def test_queue_lists_new_then_reported_items_first(board, people, staff_client, now):
    make_idea(board, title="Old and quiet", created_at=now - days(5))
    reported = make_idea(board, title="Reported one", created_at=now - days(4))
    make_idea(board, title="Newest and quiet", created_at=now - days(1))
    make_idea(board, title="Waiting one", visibility=Visibility.PRESCREENING, created_at=now - days(3))
    contributions.report(people("ann")[0], contribution=reported)
    html = staff_client.get(reverse("participation_ideas:index")).content.decode()
    positions = [html.index(title) for title in ("Waiting one", "Reported one", "Newest and quiet", "Old and quiet")]
    assert positions == sorted(positions)
    assert "data-bulk-action-checkbox" in html and bulk("hide", "").split("?")[0] in html
    filtered = staff_client.get(reverse("participation_ideas:index"), {"visibility": "prescreening"}).content.decode()
    assert "Waiting one" in filtered and "Old and quiet" not in filtered


@pytest.mark.django_db
def test_bulk_hide_asks_for_a_reason_then_hides_all_selected(board, staff_client):
    first, second = make_idea(board, title="First"), make_idea(board, title="Second")
    url = bulk("hide", f"{first.pk}&id={second.pk}")
    confirm = staff_client.get(url)
    assert confirm.status_code == 200 and "First" in confirm.content.decode()
    refused = staff_client.post(url, {"reason": "Sells bicycles"})  # no ground
    assert refused.status_code == 200
    assert "Choose the ground for hiding" in refused.content.decode() and "Sells bicycles" in refused.content.decode()
    assert Idea.objects.filter(visibility=Visibility.VISIBLE).count() == 2
    response = staff_client.post(url, {"ground": "spam", "reason": "Sells bicycles"})
    assert response.status_code == 302
    assert set(Idea.objects.values_list("visibility", "hidden_ground", "hidden_reason")) == {
        (Visibility.HIDDEN, "spam", "Sells bicycles"),
    }
    assert ModelLogEntry.objects.filter(action=moderation.HIDE, user=staff_client.user).count() == 2


@pytest.mark.django_db
def test_moderate_page_shows_the_idea_escaped_and_posts_its_actions(board, staff_client):
    idea = make_idea(board, title=f"Title {PAYLOAD}", visibility=Visibility.PRESCREENING)
    html = staff_client.get(reverse("participation_ideas:inspect", args=(idea.pk,))).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    approve_url = reverse("wagtail_bulk_action", args=("participation_ideas", "idea", "approve"))
    assert f'action="{approve_url}?id={idea.pk}&amp;next=' in html  # a POST form back to this page
    response = staff_client.post(bulk("approve", idea.pk))
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.visibility == Visibility.VISIBLE
    history = staff_client.get(reverse("participation_ideas:history", args=(idea.pk,)))
    assert history.status_code == 200 and "Approved" in history.content.decode()
    assert AdminURLFinder(staff_client.user).get_edit_url(idea) == reverse(
        "participation_ideas:inspect", args=(idea.pk,)
    )


@pytest.mark.django_db
def test_comment_queue_and_bulk_restore(board, people, staff_client):
    comment = contributions.add_comment(make_idea(board), people("ann")[0], "A comment to restore", "en")
    moderation.hide(comment, HideGround.OFF_TOPIC)
    assert "A comment to restore" in staff_client.get(reverse("participation_comments:index")).content.decode()
    assert staff_client.get(reverse("participation_comments:inspect", args=(comment.pk,))).status_code == 200
    staff_client.post(bulk("restore", comment.pk, model="comment"))
    comment.refresh_from_db()
    assert comment.visibility == Visibility.VISIBLE


# -- admin: official answers -------------------------------------------------------------------


@pytest.mark.django_db
def test_answer_changes_status_and_mails_author_and_followers_once(
    board,
    people,
    department,
    staff_client,
    django_capture_on_commit_callbacks,
):
    ann, bob, cem = people("ann", "bob", "cem")
    idea = make_idea(board, author=ann, title="Light at the crossing")
    for follower in (ann, bob, cem, Participant.new_anonymous()):  # the author follows too; anonymous has no address
        contributions.follow(idea, follower)
    url = reverse("participation_ideas:answer", args=(idea.pk,))
    assert "Light at the crossing" in staff_client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            url,
            {
                "department": department.pk,
                "body": "We will place a light in June.",
                "new_status": statuses.ACCEPTED,
            },
        )

    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == statuses.ACCEPTED and idea.answered_at is not None
    update = OfficialUpdate.objects.get()
    assert update.status_before == statuses.PROPOSED and update.author == staff_client.user
    assert sorted(address for message in mail.outbox for address in message.to) == [
        "ann@example.com",
        "bob@example.com",
        "cem@example.com",
    ]
    message = mail.outbox[0]
    assert message.subject == "The city answered: Light at the crossing"
    assert "We will place a light in June." in message.body and "Mobility department" in message.body
    assert f"http://localhost/en/ideas/ideas/{idea.pk}/" in message.body
    assert ModelLogEntry.objects.filter(action=moderation.ANSWER, object_id=str(idea.pk)).exists()


@pytest.mark.django_db
def test_answer_needs_a_department(board, department, staff_client):
    idea = make_idea(board)
    response = staff_client.post(
        reverse("participation_ideas:answer", args=(idea.pk,)), {"body": "Thanks", "new_status": ""}
    )
    assert response.status_code == 400
    assert not OfficialUpdate.objects.exists()


# -- admin: offline input and the dashboard ----------------------------------------------------


@pytest.mark.django_db
def test_staff_enter_an_idea_from_a_meeting(board, staff_client, make_topic):
    topic = make_topic("Mobility", "mobility")
    record = board.participation_record
    url = reverse("participation_idea_boards:add_idea", args=(record.pk,))
    assert staff_client.get(url).status_code == 200
    missing_event = staff_client.post(url, {"title": "Benches", "body": "More benches.", "channel": "meeting"})
    assert missing_event.status_code == 400
    response = staff_client.post(
        url,
        {
            "title": "Benches on the square",
            "body": "More benches.",
            "channel": Channel.MEETING,
            "channel_event": "Town meeting Noord, 12 May",
            "topics": [topic.pk],
        },
    )
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert (idea.author, idea.entered_by, idea.channel, idea.channel_event) == (
        None,
        staff_client.user,
        Channel.MEETING,
        "Town meeting Noord, 12 May",
    )
    assert idea.visibility == Visibility.VISIBLE and list(idea.topics.all()) == [topic] and idea.record == record
    assert ModelLogEntry.objects.filter(action=moderation.ENTER_OFFLINE, object_id=str(idea.pk)).exists()


@pytest.fixture
def known_board(board, now):
    """Four visible ideas (two answered after 2 and 4 days), one waiting, one hidden."""
    ideas = [make_idea(board, title=f"Idea {n}", created_at=now - days(10 - 2 * n)) for n in range(4)]
    Idea.objects.filter(pk=ideas[0].pk).update(answered_at=ideas[0].created_at + days(2))
    Idea.objects.filter(pk=ideas[2].pk).update(answered_at=ideas[2].created_at + days(4))
    make_idea(board, title="Waiting", visibility=Visibility.PRESCREENING)
    make_idea(board, title="Hidden", visibility=Visibility.HIDDEN)
    return board


@pytest.mark.django_db
def test_dashboard_numbers(known_board):
    dashboard = moderation.board_dashboard(known_board.participation_record)
    assert (dashboard.total, dashboard.answered, dashboard.response_rate) == (4, 2, 0.5)
    assert dashboard.median_days_to_answer == pytest.approx(3.0)
    assert dashboard.waiting_for_moderation == 1
    assert [idea.title for idea in dashboard.unanswered] == ["Idea 1", "Idea 3"]  # oldest first


@pytest.mark.django_db
def test_dashboard_of_an_empty_board_has_no_rate(board):
    dashboard = moderation.board_dashboard(board.participation_record)
    assert (dashboard.total, dashboard.response_rate, dashboard.median_days_to_answer) == (0, None, None)


@pytest.mark.django_db
def test_dashboard_page(known_board, staff_client):
    record = known_board.participation_record
    assert str(record) in staff_client.get(reverse("participation_idea_boards:index")).content.decode()
    html = staff_client.get(reverse("participation_idea_boards:dashboard", args=(record.pk,))).content.decode()
    assert "50% response rate" in html and "3.0 days" in html
    assert html.index("Idea 1") < html.index("Idea 3")
    assert reverse("participation_ideas:answer", args=(Idea.objects.get(title="Idea 1").pk,)) in html


# -- permissions and CSRF ----------------------------------------------------------------------


@pytest.mark.django_db
def test_without_permission_staff_are_refused(board, department, django_user_model, client):
    idea = make_idea(board, visibility=Visibility.PRESCREENING)
    record = board.participation_record
    client.force_login(user_with(django_user_model))
    refused = [
        client.get(reverse("participation_idea_boards:dashboard", args=(record.pk,))),
        client.get(reverse("participation_ideas:index")),
        client.post(bulk("approve", idea.pk)),
        client.post(reverse("participation_ideas:answer", args=(idea.pk,)), {"department": department.pk, "body": "x"}),
        client.post(
            reverse("participation_idea_boards:add_idea", args=(record.pk,)),
            {"title": "x", "body": "x", "channel": "paper", "channel_event": "x"},
        ),
    ]
    assert all(response.status_code == 302 and response.url.endswith("/admin/") for response in refused)
    idea.refresh_from_db()
    assert idea.visibility == Visibility.PRESCREENING
    assert Idea.objects.count() == 1 and not OfficialUpdate.objects.exists()


@pytest.mark.django_db
def test_a_moderator_without_answer_permission_can_moderate_but_not_answer(board, django_user_model, client):
    idea = make_idea(board, visibility=Visibility.PRESCREENING)
    client.force_login(user_with(django_user_model, "change_idea"))
    assert client.post(bulk("approve", idea.pk)).status_code == 302
    idea.refresh_from_db()
    assert idea.visibility == Visibility.VISIBLE
    assert client.get(reverse("participation_ideas:answer", args=(idea.pk,))).url.endswith("/admin/")


@pytest.mark.django_db
def test_state_changes_need_the_csrf_token(board, department, django_user_model):
    idea = make_idea(board, visibility=Visibility.PRESCREENING)
    client = Client(enforce_csrf_checks=True)
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.com", "pw"))
    assert client.post(bulk("approve", idea.pk)).status_code == 403
    assert client.post(bulk("hide", idea.pk), {"ground": "spam"}).status_code == 403
    answer = client.post(
        reverse("participation_ideas:answer", args=(idea.pk,)), {"department": department.pk, "body": "x"}
    )
    assert answer.status_code == 403
    idea.refresh_from_db()
    assert idea.visibility == Visibility.PRESCREENING and not OfficialUpdate.objects.exists()


# -- moderators are told -------------------------------------------------------------------------


@pytest.fixture
def moderation_address(board):
    from wagtail_participation.models import ParticipationSettings

    settings = ParticipationSettings.for_site(board.get_site())
    settings.moderation_email = "moderation@city.example"
    settings.save()
    return settings.moderation_email


@pytest.mark.django_db
def test_moderators_hear_of_a_first_report_and_of_an_automatic_hide_once_each(
    board,
    people,
    moderation_address,
    django_capture_on_commit_callbacks,
):
    idea = make_idea(board, title="Speed bumps on Schoolstraat")
    ann, bob, cem, dan = people("ann", "bob", "cem", "dan")
    with django_capture_on_commit_callbacks(execute=True):
        contributions.report(ann, contribution=idea)
    assert [m.subject for m in mail.outbox] == ["Reported: Speed bumps on Schoolstraat"]
    assert mail.outbox[0].to == [moderation_address]
    assert f"/admin/participation/ideas/inspect/{idea.pk}/" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        contributions.report(bob, contribution=idea)  # a second report: already in the queue
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        contributions.report(cem, contribution=idea)  # the third hides it
    with django_capture_on_commit_callbacks(execute=True):
        contributions.report(dan, contribution=idea)  # already hidden: nothing new to say
    assert [m.subject for m in mail.outbox[1:]] == ["Hidden after reports: Speed bumps on Schoolstraat"]
    assert "3 reports" in mail.outbox[1].body


@pytest.mark.django_db
def test_moderators_hear_of_ideas_waiting_for_approval(
    home, now, client, moderation_address, django_capture_on_commit_callbacks
):
    board = make_board(home, now=now, slug="screened", premoderation=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            board.url + board.reverse_subpage("submit"),
            {
                "title": "A zebra crossing",
                "body": "Children cross here every morning.",
                "website": "",
                "submit": "1",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [m.subject for m in mail.outbox] == ["Waiting for moderation: A zebra crossing"]
    assert "Children cross here every morning." in mail.outbox[0].body


@pytest.mark.django_db
def test_without_a_moderation_address_nobody_is_mailed(board, people, django_capture_on_commit_callbacks):
    idea = make_idea(board)
    with django_capture_on_commit_callbacks(execute=True):
        contributions.report(people("ann")[0], contribution=idea)
    assert mail.outbox == []
