"""Statements of reasons and reviews (issue 13, item 10): a hidden item's author learns the ground
and the explanation, on the item and by e-mail, and can ask for a review that a moderator answers."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import Client
from django.urls import reverse
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from tests.builders import bulk_action_url as bulk
from tests.builders import (
    make_idea,
    make_proposal,
    make_proposals_page,
    participation_permission,
)
from wagtail_participation import contributions, moderation, reviews
from wagtail_participation.ideas.models import Idea
from wagtail_participation.models import HideGround, Participant, ReviewRequest, Visibility
from wagtail_participation.proposals.models import Proposal

pytestmark = pytest.mark.usefixtures("clear_cache")

PAYLOAD = '<script>alert("x")</script>'


@pytest.fixture
def person(django_user_model, db):
    """A registered participant with an e-mail address, and a client logged in as them."""

    def build(name):
        user = django_user_model.objects.create_user(name, f"{name}@example.com", "pw")
        participant = Participant.objects.create(user=user)
        client = Client()
        client.force_login(user)
        return participant, client

    return build


def idea_page(board, idea):
    return board.url + board.reverse_subpage("idea", args=(idea.pk,))


def review_form(item, kind="contribution"):
    return reverse("wagtail_participation:request_review", args=(kind, item.pk))


def moderator(django_user_model, *codenames, name="moderator"):
    user = django_user_model.objects.create_user(name, f"{name}@example.com", "pw")
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for codename in codenames:
        user.user_permissions.add(participation_permission(codename))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def hidden_idea(board, person, django_capture_on_commit_callbacks):
    """Ann's idea, hidden by a moderator with a ground and an explanation (the mail is sent)."""
    ann, ann_client = person("ann")
    idea = make_idea(board, author=ann, title="Zebra crossing at Kerkstraat")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.hide(idea, HideGround.PERSONAL_DATA, f"Names a neighbour. {PAYLOAD}")
    return idea, ann, ann_client


# -- hiding needs a ground; the author is told -----------------------------------------------------


@pytest.mark.django_db
def test_hiding_from_the_moderate_page_needs_a_ground_and_keeps_the_explanation(board, staff_client):
    idea = make_idea(board)
    page = staff_client.get(reverse("participation_ideas:inspect", args=(idea.pk,))).content.decode()
    assert 'name="ground"' in page and "Spam or advertising" in page
    refused = staff_client.post(bulk("hide", idea.pk), {"reason": "Sells bicycles on every board"})
    html = refused.content.decode()
    assert refused.status_code == 200 and "Choose the ground for hiding" in html
    assert "Sells bicycles on every board" in html  # what the moderator typed is kept
    idea.refresh_from_db()
    assert idea.visibility == Visibility.VISIBLE
    # The explanation is optional; the ground alone is a statement.
    assert staff_client.post(bulk("hide", idea.pk), {"ground": "duplicate"}).status_code == 302
    idea.refresh_from_db()
    assert (idea.visibility, idea.hidden_ground, idea.hidden_reason) == (Visibility.HIDDEN, "duplicate", "")


@pytest.mark.django_db
def test_the_author_sees_the_statement_and_nobody_else_does(board, hidden_idea, person, client):
    idea, _ann, ann_client = hidden_idea
    html = ann_client.get(idea_page(board, idea)).content.decode()
    assert "A moderator hid this. Only you can see it." in html
    assert "Personal data" in html and "Names a neighbour." in html
    assert PAYLOAD not in html and "&lt;script&gt;" in html
    assert f'href="{review_form(idea)}"' in html
    _bob, bob_client = person("bob")
    for visitor in (client, bob_client):
        response = visitor.get(idea_page(board, idea))
        assert response.status_code == 404
        assert b"Names a neighbour" not in response.content


@pytest.mark.django_db
def test_the_author_gets_the_statement_by_mail_with_a_link_to_the_review_form(hidden_idea):
    idea, _ann, _client = hidden_idea
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["ann@example.com"], "A moderator hid your contribution: Zebra crossing at Kerkstraat"),
    ]
    body = mail.outbox[0].body
    assert "Ground: Personal data" in body and "Explanation: Names a neighbour." in body
    assert f"http://localhost{review_form(idea)}" in body
    assert f"http://localhost/en/ideas/ideas/{idea.pk}/" in body


@pytest.mark.django_db
def test_an_author_without_address_is_not_mailed(board, django_capture_on_commit_callbacks):
    idea = make_idea(board, author=Participant.new_anonymous())
    with django_capture_on_commit_callbacks(execute=True):
        moderation.hide(idea, HideGround.SPAM)
    assert mail.outbox == []


@pytest.mark.django_db
def test_an_automatic_hide_after_reports_is_no_moderators_statement_but_can_be_reviewed(
    board,
    person,
    django_capture_on_commit_callbacks,
):
    ann, ann_client = person("ann")
    idea = make_idea(board, author=ann)
    with django_capture_on_commit_callbacks(execute=True):
        for name in ("bob", "cem", "dan"):
            contributions.report(person(name)[0], contribution=idea)
    idea.refresh_from_db()
    assert idea.visibility == Visibility.HIDDEN and idea.hidden_ground == ""
    assert mail.outbox == []  # no moderation address set, and the author gets no statement
    html = ann_client.get(idea_page(board, idea)).content.decode()
    assert "Hidden after several reports, until a moderator has looked at it." in html
    assert f'href="{review_form(idea)}"' in html


@pytest.mark.django_db
def test_a_hidden_comment_shows_its_author_the_statement_and_others_the_placeholder(
    board,
    person,
    client,
    django_capture_on_commit_callbacks,
):
    ann, ann_client = person("ann")
    idea = make_idea(board)
    comment = contributions.add_comment(idea, ann, "You are all idiots", "en")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.hide(comment, HideGround.OFFENSIVE, "Insults other residents.")
    mine = ann_client.get(idea_page(board, idea)).content.decode()
    assert "Insulting or offensive" in mine and "Insults other residents." in mine
    assert f'href="{review_form(comment, "comment")}"' in mine
    theirs = client.get(idea_page(board, idea)).content.decode()
    assert "This comment was hidden by a moderator." in theirs
    assert "Insults other residents." not in theirs and "You are all idiots" not in theirs
    assert mail.outbox[0].to == ["ann@example.com"] and "your comment on" in mail.outbox[0].body


# -- asking for a review -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_author_asks_for_a_review_once_at_a_time(board, hidden_idea):
    idea, ann, ann_client = hidden_idea
    form = ann_client.get(review_form(idea))
    assert form.status_code == 200 and "Names a neighbour." in form.content.decode()
    empty = ann_client.post(review_form(idea), {"reason": "   "})
    assert empty.status_code == 400 and "Explain why it should be visible again." in empty.content.decode()
    response = ann_client.post(review_form(idea), {"reason": "The name is the name of the street, not a person."})
    assert response.status_code == 302 and response.url == idea_page(board, idea)
    review = ReviewRequest.objects.get()
    assert (review.requester, review.contribution_id, review.kind, review.status) == (ann, idea.pk, "idea", "open")
    assert (review.ground, review.explanation) == ("personal_data", f"Names a neighbour. {PAYLOAD}")
    history = log_registry.get_logs_for_instance(idea)  # the idea's own history in the admin
    assert [entry.action for entry in history] == [moderation.REVIEW_REQUESTED, moderation.HIDE]

    second = ann_client.post(review_form(idea), {"reason": "Please look again."})
    assert second.status_code == 400 and ReviewRequest.objects.count() == 1
    assert "already asked for a review" in second.content.decode()
    page = ann_client.get(idea_page(board, idea)).content.decode()
    assert "You asked for a review on" in page


@pytest.mark.django_db
def test_only_the_author_can_ask_and_only_by_post_with_csrf(board, hidden_idea, person, client):
    idea, ann, _ann_client = hidden_idea
    _bob, bob_client = person("bob")
    for visitor in (client, bob_client):
        assert visitor.get(review_form(idea)).status_code == 404
        assert visitor.post(review_form(idea), {"reason": "Restore it"}).status_code == 404
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(ann.user)
    assert strict.post(review_form(idea), {"reason": "Restore it"}).status_code == 403
    assert not ReviewRequest.objects.exists()
    with pytest.raises(reviews.ReviewRefused):
        reviews.request_review(idea, Participant.objects.get(user__username="bob"), "mine now")


@pytest.mark.django_db
def test_review_requests_are_braked(board, person, settings, django_capture_on_commit_callbacks):
    settings.WAGTAILPARTICIPATION_BRAKES = {"review": {"limit": 2}}
    ann, ann_client = person("ann")
    ideas = [make_idea(board, author=ann, title=f"Idea {n}") for n in range(3)]
    for idea in ideas:
        moderation.hide(idea, HideGround.OTHER, "x")
    statuses = [ann_client.post(review_form(idea), {"reason": "Please restore it."}).status_code for idea in ideas]
    assert statuses == [302, 302, 429]
    assert ReviewRequest.objects.count() == 2


@pytest.mark.django_db
def test_a_visible_item_has_nothing_to_review(board, person):
    ann, ann_client = person("ann")
    idea = make_idea(board, author=ann)
    response = ann_client.post(review_form(idea), {"reason": "Why?"})
    assert response.status_code == 302 and not ReviewRequest.objects.exists()


# -- the moderator answers ---------------------------------------------------------------------------


@pytest.fixture
def open_review(hidden_idea):
    idea, ann, ann_client = hidden_idea
    mail.outbox.clear()
    review = reviews.request_review(idea, ann, "It is the street's name, not a person's.")
    return review, idea, ann_client


@pytest.mark.django_db
def test_restoring_makes_the_idea_visible_and_tells_the_author(
    board,
    open_review,
    staff_client,
    client,
    django_capture_on_commit_callbacks,
):
    review, idea, ann_client = open_review
    answer_url = reverse("participation_reviews:answer", args=(review.pk,))
    queue = staff_client.get(reverse("participation_reviews:index")).content.decode()
    assert "Zebra crossing at Kerkstraat" in queue and answer_url in queue
    page = staff_client.get(answer_url).content.decode()
    assert "It is the street&#x27;s name, not a person&#x27;s." in page and "Personal data" in page
    missing = staff_client.post(answer_url, {"decision": "restore"})
    assert missing.status_code == 400 and ReviewRequest.objects.get().is_open
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(answer_url, {"decision": "restore", "answer": "You are right, sorry."})
    assert response.status_code == 302
    idea.refresh_from_db()
    review.refresh_from_db()
    assert idea.visibility == Visibility.VISIBLE and idea.hidden_ground == ""
    assert (review.status, review.answer, review.answered_by) == (
        "restored",
        "You are right, sorry.",
        staff_client.user,
    )
    assert client.get(idea_page(board, idea)).status_code == 200  # public again
    assert [m.to for m in mail.outbox] == [["ann@example.com"]]
    assert "restored it" in mail.outbox[0].body and "You are right, sorry." in mail.outbox[0].body
    mine = ann_client.get(idea_page(board, idea)).content.decode()
    assert "a moderator restored it" in mine and "You are right, sorry." in mine
    assert "You are right, sorry." not in client.get(idea_page(board, idea)).content.decode()  # the author's only
    assert (
        log_registry.get_logs_for_instance(Idea.objects.get(pk=idea.pk))
        .filter(action=moderation.REVIEW_RESTORED, user=staff_client.user)
        .exists()
    )
    again = staff_client.post(answer_url, {"decision": "uphold", "answer": "Changed my mind."})
    assert again.status_code == 400 and ReviewRequest.objects.get().status == "restored"


@pytest.mark.django_db
def test_upholding_keeps_the_idea_hidden_and_tells_the_author(
    board, open_review, staff_client, django_capture_on_commit_callbacks
):
    review, idea, ann_client = open_review
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse("participation_reviews:answer", args=(review.pk,)),
            {"decision": "uphold", "answer": "The name belongs to a resident of that street."},
        )
    idea.refresh_from_db()
    assert idea.visibility == Visibility.HIDDEN and ReviewRequest.objects.get().status == "upheld"
    assert "upheld the decision" in mail.outbox[0].body
    mine = ann_client.get(idea_page(board, idea)).content.decode()
    assert "upheld the decision" in mine and "The name belongs to a resident of that street." in mine
    # Answered: the author may ask again (braked), e.g. after editing nothing but explaining better.
    assert ann_client.get(review_form(idea)).status_code == 200
    assert ModelLogEntry.objects.filter(action=moderation.REVIEW_UPHELD, object_id=str(idea.pk)).exists()


@pytest.mark.django_db
def test_a_restored_proposal_hidden_while_waiting_is_published(
    home, now, person, staff_client, django_capture_on_commit_callbacks
):
    page = make_proposals_page(home, now=now, prescreening=True, threshold=3)
    ann, ann_client = person("ann")
    proposal = make_proposal(page, author=ann)
    moderation.hide(proposal, HideGround.OFF_TOPIC, "Not about the city.")
    detail = page.url + page.reverse_subpage("proposal", args=(proposal.pk,))
    assert "Not about the city." in ann_client.get(detail).content.decode()
    ann_client.post(review_form(proposal), {"reason": "It is about the city park."})
    review = ReviewRequest.objects.get()
    assert review.kind == "proposal"
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse("participation_reviews:answer", args=(review.pk,)), {"decision": "restore", "answer": "Agreed."}
        )
    proposal = Proposal.objects.get(pk=proposal.pk)
    assert proposal.visibility == Visibility.VISIBLE and proposal.published_at is not None


# -- the queue's permissions --------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_queue_is_for_moderators_of_the_contested_kind(board, open_review, django_user_model):
    review, idea, _ann_client = open_review
    index, answer_url = (
        reverse("participation_reviews:index"),
        reverse("participation_reviews:answer", args=(review.pk,)),
    )
    outsider = moderator(django_user_model, name="clerk")
    assert outsider.get(index).status_code == 302  # Wagtail sends users without permission back to the dashboard
    assert outsider.get(answer_url).status_code == 302
    assert outsider.post(answer_url, {"decision": "restore", "answer": "x"}).status_code == 302
    assert "Review requests" not in outsider.get(reverse("wagtailadmin_home")).content.decode()
    comment_moderator = moderator(django_user_model, "change_comment", name="comments")
    assert comment_moderator.get(index).status_code == 200
    assert "Zebra crossing at Kerkstraat" not in comment_moderator.get(index).content.decode()  # ideas are not theirs
    assert comment_moderator.post(answer_url, {"decision": "restore", "answer": "x"}).status_code == 302
    assert ReviewRequest.objects.get().is_open and Idea.objects.get().visibility == Visibility.HIDDEN
    idea_moderator = moderator(django_user_model, "change_idea", name="ideas")
    assert "Zebra crossing at Kerkstraat" in idea_moderator.get(index).content.decode()
    assert index in idea_moderator.get(reverse("wagtailadmin_home")).content.decode()  # the menu item
    assert idea_moderator.post(answer_url, {"decision": "uphold", "answer": "Stays hidden."}).status_code == 302
    assert ReviewRequest.objects.get().status == "upheld"


# -- the demo ----------------------------------------------------------------------------------------


def test_the_demo_has_a_hidden_idea_with_a_statement_and_an_open_review(demo_city_with_accounts, client):
    from django.core.management import call_command

    call_command("load_demo_data", stdout=open("/dev/null", "w"))
    call_command("load_demo_data", stdout=open("/dev/null", "w"))  # idempotent
    review = ReviewRequest.objects.get()
    idea = Idea.objects.get(pk=review.contribution_id)
    assert review.is_open and review.requester.user.username == "confirmed@lindenhoven.example"
    assert (idea.visibility, idea.hidden_ground) == (Visibility.HIDDEN, "personal_data") and idea.hidden_reason
    board = idea.record.source_page()
    assert client.get(idea_page(board, idea)).status_code == 404
    client.force_login(review.requester.user)
    html = client.get(idea_page(board, idea)).content.decode()
    assert "Personal data" in html and "You asked for a review on" in html


@pytest.mark.django_db
def test_the_authors_requests_are_in_their_data_download(open_review):
    from wagtail_participation import personal_data

    review, _idea, _client = open_review
    rows = personal_data.export(review.requester)["data"]["review_requests"]["items"]
    assert [(row["about"], row["reason"], row["status"]) for row in rows] == [
        ("Zebra crossing at Kerkstraat", "It is the street's name, not a person's.", "open"),
    ]
    other = Participant.new_anonymous()
    assert personal_data.export(other)["data"]["review_requests"]["items"] == []


@pytest.mark.django_db
def test_moderators_hear_of_a_review_request(board, hidden_idea, django_capture_on_commit_callbacks):
    from wagtail_participation.models import ParticipationSettings

    settings = ParticipationSettings.for_site(board.get_site())
    settings.moderation_email = "moderation@city.example"
    settings.save()
    idea, _ann, ann_client = hidden_idea
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ann_client.post(review_form(idea), {"reason": "Please look again."})
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["moderation@city.example"], "Review requested: Zebra crossing at Kerkstraat"),
    ]
    assert reverse("participation_reviews:index") in mail.outbox[0].body
