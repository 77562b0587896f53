"""The citizen side of an idea board: listing, posting, votes, comments, reports."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.builders import days, make_board, make_idea, make_index, make_project
from tests.builders import subpage_url as url
from wagtail_participation import contributions
from wagtail_participation.databases import counts_votes_in_transaction
from wagtail_participation.ideas.models import Idea
from wagtail_participation.models import Comment, Contribution, ContributionVote, Participant, Visibility

pytestmark = pytest.mark.usefixtures("clear_cache")

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def submit_data(**overrides):
    data = {"title": "A crossing guard at the school", "body": "Children cross alone.", "website": "", "submit": "1"}
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_board_lists_visible_ideas_only(board, client):
    make_idea(board, title="Visible idea")
    make_idea(board, title="Waiting idea", visibility=Visibility.PRESCREENING)
    make_idea(board, title="Hidden idea", visibility=Visibility.HIDDEN)
    html = client.get(board.url).content.decode()
    assert "Visible idea" in html and "Waiting idea" not in html and "Hidden idea" not in html
    assert html.count("<h1") == 1


@pytest.mark.django_db
@pytest.mark.usefixtures("without_search_indexing")
def test_board_query_count_is_the_same_for_10_and_1000_ideas(board, client, make_topic, make_area):
    topic, area = make_topic("Mobility", "mobility"), make_area("Noord", "noord")

    def add(n):
        # Ideas use multi-table inheritance, which bulk_create cannot write: one by one.
        ideas = [make_idea(board, title=f"Idea {i}", area=area) for i in range(n)]
        Idea.topics.through.objects.bulk_create(Idea.topics.through(idea_id=i.pk, topic_id=topic.pk) for i in ideas)

    def count():
        client.get(board.url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(board.url).status_code == 200
        return len(queries)

    add(10)
    small = count()
    add(990)
    assert small == count()


@pytest.mark.django_db
def test_submit_publishes_escapes_payloads_and_follows(board, client, django_user_model):
    client.force_login(django_user_model.objects.create_user("ann", password="pw"))
    response = client.post(
        url(board, "submit"), submit_data(title=f"Title {PAYLOAD}", body=f"Body {PAYLOAD}\nline two")
    )
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert idea.visibility == Visibility.VISIBLE and idea.author.user.username == "ann"
    assert idea.follows.count() == 1
    html = client.get(response.url).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "line two" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field, value, message",
    [
        ("title", "", "This field is required."),
        ("title", "x" * 151, "at most 150 characters"),
        ("body", "y" * 50_000, "at most 5000 characters"),
    ],
)
def test_bad_input_is_refused_and_kept(board, client, field, value, message):
    response = client.post(
        url(board, "submit"), submit_data(**{field: value, "body" if field == "title" else "title": "Kept text here"})
    )
    html = response.content.decode()
    assert response.status_code == 400 and message in html and "Kept text here" in html
    assert not Idea.objects.exists()


@pytest.mark.django_db
def test_premoderation_and_the_limit_per_person(home, now, client):
    board = make_board(home, now=now, premoderation=True, max_ideas_per_person=1)
    assert client.post(url(board, "submit"), submit_data()).status_code == 302
    idea = Idea.objects.get()
    assert idea.visibility == Visibility.PRESCREENING
    assert "Only you can see this idea" in client.get(url(board, "idea", idea.pk)).content.decode()
    from django.test import Client

    assert Client().get(url(board, "idea", idea.pk)).status_code == 404
    second = client.post(url(board, "submit"), submit_data(title="Another idea here"))
    assert second.status_code == 400 and "limit of 1 ideas" in second.content.decode()


@pytest.mark.django_db
def test_the_author_may_unfollow_and_follow_again_an_idea_waiting_for_moderation(home, now, client, django_user_model):
    """The idea's page shows its author the follow button while the idea waits: pressing it works."""
    from django.test import Client

    board = make_board(home, now=now, premoderation=True)
    client.force_login(django_user_model.objects.create_user("ann", password="pw"))
    assert client.post(url(board, "submit"), submit_data()).status_code == 302
    idea = Idea.objects.get(visibility=Visibility.PRESCREENING)
    assert 'name="follow"' in client.get(url(board, "idea", idea.pk)).content.decode()
    assert client.post(url(board, "follow", idea.pk), {"follow": "0"}).status_code == 302
    assert idea.follows.count() == 0
    assert client.post(url(board, "follow", idea.pk), {"follow": "1"}).status_code == 302
    assert idea.follows.count() == 1
    stranger = Client()
    stranger.force_login(django_user_model.objects.create_user("bob", password="pw"))
    assert stranger.post(url(board, "follow", idea.pk), {"follow": "1"}).status_code == 404
    assert idea.follows.count() == 1


@pytest.mark.django_db
def test_honeypot_pretends_success_and_stores_nothing(board, client):
    response = client.post(url(board, "submit"), submit_data(website="http://spam.example"))
    assert response.status_code == 302 and not Idea.objects.exists()


@pytest.mark.django_db
def test_similar_ideas_step_without_javascript(board, client):
    make_idea(board, title="More bike racks at the station", body="The bike racks at the station are always full.")
    make_idea(board, title="Plant trees on the square", body="Shade in summer.")
    response = client.post(
        url(board, "submit"), submit_data(title="Bike racks near the station", check_similar="1", submit="")
    )
    html = response.content.decode()
    assert "Similar ideas" in html and "More bike racks at the station" in html
    assert "Plant trees on the square" not in html.split("similar-heading")[1].split("</section>")[0]
    assert not Idea.objects.filter(title="Bike racks near the station").exists()


@pytest.mark.django_db
def test_votes_one_per_participant_double_click_and_withdraw(board, client):
    idea = make_idea(board)
    for _ in range(2):  # a double click sends the same intent twice
        assert client.post(url(board, "vote", idea.pk), {"value": "up"}).status_code == 302
    idea.refresh_from_db()
    assert (idea.up_votes, idea.score, ContributionVote.objects.count()) == (1, 1, 1)
    assert idea.trending > 0
    client.post(url(board, "vote", idea.pk), {"value": "withdraw-up"})
    client.post(url(board, "vote", idea.pk), {"value": "withdraw-up"})
    idea.refresh_from_db()
    assert (idea.up_votes, idea.score, ContributionVote.objects.count()) == (0, 0, 0)
    assert abs(idea.trending) < 1e-6


@pytest.mark.django_db
def test_down_votes_only_where_the_board_allows(home, now, client):
    board = make_board(home, now=now)
    idea = make_idea(board)
    client.post(url(board, "vote", idea.pk), {"value": "down"})
    assert ContributionVote.objects.count() == 0
    up_down = make_board(home, now=now, slug="both", voting_mode="up_down")
    other = make_idea(up_down)
    client.post(url(up_down, "vote", other.pk), {"value": "down"})
    client.post(url(up_down, "vote", other.pk), {"value": "up"})  # changing direction replaces the vote
    other.refresh_from_db()
    assert (other.up_votes, other.down_votes, other.score) == (1, 0, 1)


@pytest.mark.django_db
def test_vote_in_place_with_javascript(board, client):
    idea = make_idea(board)
    response = client.post(url(board, "vote", idea.pk), {"value": "up"}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.json() == {"ok": True, "message": "", "score": 1, "up": 1, "down": 0, "my_vote": 1}


@pytest.mark.django_db
def test_in_place_counts_follow_every_change_of_mind(home, now, client):
    """The counters in the JSON answer come back with the counting statement itself: they must
    match the stored counts after a vote, a change of direction, a repeat and a withdrawal."""
    board = make_board(home, now=now, slug="both", voting_mode="up_down")
    idea = make_idea(board)
    make_idea(board)  # another idea's counters must not leak into this one's answer
    expected = {"up": (1, 0, 1), "down": (0, 1, -1), "withdraw-down": (0, 0, 0)}
    for value in ("up", "down", "down", "withdraw-down"):
        answer = client.post(
            url(board, "vote", idea.pk), {"value": value}, HTTP_X_REQUESTED_WITH="XMLHttpRequest"
        ).json()
        idea.refresh_from_db()
        assert (answer["up"], answer["down"], answer["score"]) == (idea.up_votes, idea.down_votes, idea.score)
        assert (idea.up_votes, idea.down_votes, idea.score) == expected[value]


@pytest.mark.django_db
def test_no_vote_on_hidden_or_forged_ideas_nor_by_get(board, client, home, now):
    hidden = make_idea(board, visibility=Visibility.HIDDEN)
    assert client.post(url(board, "vote", hidden.pk), {"value": "up"}).status_code == 404
    assert client.post(url(board, "vote", 999999), {"value": "up"}).status_code == 404
    other_board = make_board(home, now=now, slug="other")
    foreign = make_idea(other_board)
    assert client.post(url(board, "vote", foreign.pk), {"value": "up"}).status_code == 404
    assert client.get(url(board, "vote", make_idea(board).pk)).status_code == 405
    assert ContributionVote.objects.count() == 0


@pytest.mark.django_db
def test_phases_and_levels_decide_who_can_post_vote_and_comment(home, now, client, django_user_model):
    index = make_index(home, slug="participate")
    project = make_project(
        index,
        slug="p",
        phases=[("collect", now - days(5), now + days(5), "Collect"), ("vote", now + days(5), now + days(10), "Vote")],
    )
    collect, vote = project.phases.get(title="Collect"), project.phases.get(title="Vote")
    rules = {
        "actions": {
            "submit": {"level": 1, "phases": [collect.code]},
            "vote": {"level": 0, "phases": [vote.code]},
            "comment": {"level": 1, "phases": [collect.code, vote.code]},
        }
    }
    board = make_board(project, rules=rules, now=now)
    idea = make_idea(board)
    page = client.get(board.url).content.decode()
    assert "Log in to submit." in page
    assert client.post(url(board, "submit"), submit_data()).status_code == 403
    assert Idea.objects.count() == 1
    client.post(url(board, "vote", idea.pk), {"value": "up"})
    assert ContributionVote.objects.count() == 0  # voting opens with the vote phase
    client.force_login(django_user_model.objects.create_user("ann", password="pw"))
    assert client.post(url(board, "submit"), submit_data()).status_code == 302
    from wagtail_participation import clock

    with clock.frozen_at(now + days(6)):
        assert client.post(url(board, "vote", idea.pk), {"value": "up"}).status_code == 302
        assert client.post(url(board, "submit"), submit_data(title="Too late for this")).status_code == 403
    assert ContributionVote.objects.count() == 1


@pytest.mark.django_db
def test_comments_one_reply_level_edit_window_and_removed_placeholder(board, client, django_user_model, now):
    idea = make_idea(board)
    client.force_login(django_user_model.objects.create_user("ann", password="pw"))
    client.post(url(board, "comment", idea.pk), {"body": "First!"})
    top = Comment.objects.get()
    client.post(url(board, "comment", idea.pk), {"body": "A reply", "parent": top.pk})
    reply = Comment.objects.get(body="A reply")
    client.post(url(board, "comment", idea.pk), {"body": "Reply to a reply", "parent": reply.pk})
    assert Comment.objects.get(body="Reply to a reply").parent == top  # one level only
    client.post(url(board, "comment_edit", top.pk), {"body": "First, edited"})
    top.refresh_from_db()
    assert top.body == "First, edited" and top.edited_at
    from wagtail_participation import clock

    with clock.frozen_at(now + days(1)):
        client.post(url(board, "comment_edit", top.pk), {"body": "Too late"})
    top.refresh_from_db()
    assert top.body == "First, edited"
    client.post(url(board, "comment_delete", top.pk))
    html = client.get(url(board, "idea", idea.pk)).content.decode()
    assert "This comment was removed by its author." in html and "A reply" in html
    idea.refresh_from_db()
    assert idea.comment_count == 2
    empty = client.post(url(board, "comment", idea.pk), {"body": "   "})
    assert empty.status_code == 400 and "Write a comment first." in empty.content.decode()


@pytest.mark.django_db
def test_someone_elses_comment_cannot_be_edited_or_deleted(board, client, django_user_model):
    idea = make_idea(board)
    author = Participant.objects.create(user=django_user_model.objects.create_user("ann", password="pw"))
    comment = contributions.add_comment(idea, author, "Mine", "en")
    client.force_login(django_user_model.objects.create_user("bob", password="pw"))
    assert client.post(url(board, "comment_edit", comment.pk), {"body": "Hacked"}).status_code == 404
    assert client.post(url(board, "comment_delete", comment.pk)).status_code == 404
    comment.refresh_from_db()
    assert comment.body == "Mine" and comment.removed_at is None


@pytest.mark.django_db
def test_three_registered_reports_hide_an_idea(board, client, django_user_model):
    idea = make_idea(board)
    from django.test import Client

    for name in ("a", "b"):
        reporter = Client()
        reporter.force_login(django_user_model.objects.create_user(name, password="pw"))
        reporter.post(url(board, "report_idea", idea.pk), {"reason": "spam"})
        reporter.post(url(board, "report_idea", idea.pk), {"reason": "spam again"})  # counted once
    for _ in range(3):
        Client().post(url(board, "report_idea", idea.pk))  # anonymous tokens do not hide anything
    assert Contribution.objects.get(pk=idea.pk).visibility == Visibility.VISIBLE
    third = Client()
    third.force_login(django_user_model.objects.create_user("c", password="pw"))
    third.post(url(board, "report_idea", idea.pk))
    assert Contribution.objects.get(pk=idea.pk).visibility == Visibility.HIDDEN


@pytest.mark.django_db
def test_my_data_has_my_ideas_and_votes_and_deletion_withdraws_open_votes_only(home, now, client, django_user_model):
    import json

    from django.urls import reverse

    from wagtail_participation import clock

    open_board = make_board(home, now=now)
    closed_board = make_board(home, now=now, slug="closed", opens_at=now - days(10), closes_at=now + days(1))
    client.force_login(django_user_model.objects.create_user("ann", password="pw"))
    client.post(url(open_board, "submit"), submit_data(title="My own idea"))
    theirs = make_idea(open_board, title="Someone else's idea")
    later_closed = make_idea(closed_board, title="Closed board idea")
    client.post(url(open_board, "vote", theirs.pk), {"value": "up"})
    client.post(url(closed_board, "vote", later_closed.pk), {"value": "up"})
    data = json.loads(client.get(reverse("wagtail_participation:me_download")).content)["data"]
    assert [i["title"] for i in data["ideas"]["items"]] == ["My own idea"]
    assert {v["idea"] for v in data["idea_votes"]["items"]} == {"Someone else's idea", "Closed board idea"}
    with clock.frozen_at(now + days(2)):  # the second board has closed by now
        client.post(reverse("wagtail_participation:me_delete"), {"confirm": "yes"})
    theirs.refresh_from_db()
    later_closed.refresh_from_db()
    assert theirs.score == 0 and later_closed.score == 1
    mine = Idea.objects.get(title="My own idea")
    assert mine.author.user is None  # the idea stays, anonymised


@pytest.mark.django_db
def test_idea_in_another_language_is_marked(board, client):
    make_idea(board, title="Een zebrapad aan de school", language="nl")
    html = client.get(board.url).content.decode()
    assert '<h3 class="wp-card__title" lang="nl">' in html


@pytest.mark.django_db
def test_pictures_are_checked_for_type_and_size(board, client):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image as PILImage

    def picture(fmt, name):
        buffer = io.BytesIO()
        PILImage.new("RGB", (40, 30), "red").save(buffer, format=fmt)
        return SimpleUploadedFile(name, buffer.getvalue())

    no_alt = client.post(url(board, "submit"), submit_data(image=picture("PNG", "x.png")))
    assert no_alt.status_code == 400 and "Describe what the picture shows" in no_alt.content.decode()
    gif = client.post(url(board, "submit"), submit_data(image=picture("GIF", "x.gif"), image_alt="a red square"))
    assert gif.status_code == 400
    fake = client.post(
        url(board, "submit"), submit_data(image=SimpleUploadedFile("x.png", b"<script>not an image"), image_alt="x")
    )
    assert fake.status_code == 400
    ok = client.post(url(board, "submit"), submit_data(image=picture("PNG", "x.png"), image_alt="a red square"))
    assert ok.status_code == 302
    assert Idea.objects.get().image_alt == "a red square"


@pytest.mark.django_db
def test_a_refused_action_creates_no_anonymous_participant(home, now, client):
    rules = {
        "actions": {
            "submit": {"level": 1, "phases": []},
            "vote": {"level": 1, "phases": []},
            "comment": {"level": 1, "phases": []},
        }
    }
    board = make_board(home, now=now, rules=rules)
    idea = make_idea(board)
    client.post(url(board, "vote", idea.pk), {"value": "up"})
    client.post(url(board, "comment", idea.pk), {"body": "hello"})
    client.post(url(board, "submit"), submit_data())
    assert Participant.objects.count() == 0
    assert "participation_token" not in client.cookies


@pytest.mark.django_db
def test_site_labels_and_colours_for_statuses_per_language(board, client, staff_client, locales):
    from django.urls import reverse

    from wagtail_participation.models import StatusStyle

    assert staff_client.get(reverse("wagtailsnippets_wagtail_participation_statusstyle:list")).status_code == 200
    bad = StatusStyle(code="accepted", label="Yes!", colour="#ffff00", locale=locales["en"])
    with pytest.raises(Exception):
        bad.full_clean()
    style = StatusStyle.objects.create(
        code="accepted", label="Approved by the council", colour="#0b5a3c", locale=locales["en"]
    )
    make_idea(board, title="Accepted idea", status="accepted")
    html = client.get(board.url).content.decode()
    assert "Approved by the council" in html and "--wp-status: #0b5a3c" in html
    # the styles are cached between requests; an editor's change retires them at once
    style.label = "Adopted"
    style.save()
    html = client.get(board.url).content.decode()
    assert "Adopted" in html and "Approved by the council" not in html


@pytest.mark.django_db
def test_the_vote_route_outside_the_page_tree_follows_the_same_rules(home, now, client):
    from django.urls import reverse

    board = make_board(home, now=now, voting_mode="none", slug="no-votes")
    assert board.participation_record.rules["voting_mode"] == "none"  # copied on publish
    idea = make_idea(board)
    vote_url = reverse("wagtail_participation:vote_idea", args=(idea.pk,))
    response = client.post(vote_url, {"value": "up"}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 403 and ContributionVote.objects.count() == 0
    open_board = make_board(home, now=now, slug="votes")
    other = make_idea(open_board)
    back = client.post(reverse("wagtail_participation:vote_idea", args=(other.pk,)), {"value": "up"})
    assert back.status_code == 302 and back.url == url(open_board, "idea", other.pk)
    assert client.post(reverse("wagtail_participation:vote_idea", args=(424242,)), {"value": "up"}).status_code == 404
    assert ContributionVote.objects.count() == 1


@pytest.mark.django_db
def test_an_answer_in_another_language_is_marked(board, client, make_area):
    from wagtail_participation.models import Department

    department = Department.objects.create(name="Mobility", slug="mobility", locale=board.locale)
    idea = make_idea(board, title="Een zebrapad", language="nl")
    contributions.publish_official_update(
        idea, department=department, body="We bekijken dit.", new_status="viewed", author=None
    )
    html = client.get(url(board, "idea", idea.pk)).content.decode()
    assert '<div class="wp-prose" lang="nl"><p>We bekijken dit.</p></div>' in html


@pytest.mark.django_db
def test_a_vote_in_place_costs_a_fixed_small_number_of_queries(board, client):
    """The idea (with its record and counters) and the visitor's participant read in one query,
    then one INSERT that the database trigger counts: no transaction block, no UPDATE from Python,
    no read after the vote."""
    ideas = [make_idea(board), make_idea(board)]
    vote_url = reverse("wagtail_participation:vote_idea", args=(ideas[0].pk,))
    client.post(vote_url, {"value": "up"}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")  # issues the token
    vote_url = reverse("wagtail_participation:vote_idea", args=(ideas[1].pk,))
    with CaptureQueriesContext(connection) as queries:
        answer = client.post(vote_url, {"value": "up"}, HTTP_X_REQUESTED_WITH="XMLHttpRequest").json()
    assert (answer["up"], answer["score"]) == (1, 1)
    statements = [q["sql"].split()[0].upper() for q in queries.captured_queries]
    if counts_votes_in_transaction():
        # MariaDB, no trigger: the contribution row locked, the INSERT in a savepoint, the counters' UPDATE
        statements = [s for s in statements if s not in ("SAVEPOINT", "RELEASE")]
        assert statements == ["SELECT", "SELECT", "INSERT", "UPDATE"], [
            q["sql"][:120] for q in queries.captured_queries
        ]
    else:
        assert statements == ["SELECT", "INSERT"], [q["sql"][:120] for q in queries.captured_queries]
    ideas[1].refresh_from_db()
    assert (ideas[1].up_votes, ideas[1].score) == (1, 1)  # counted by the trigger (MariaDB: the UPDATE)
