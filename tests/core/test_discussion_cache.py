"""A discussion's drawn page of comments is kept (issue 19, ``discussion.Discussion``): never with
another visitor's CSRF token, never with another person's edit, delete or review controls, and
drawn anew at once when a comment is added, edited, removed, hidden or restored, or a name changes."""

import re
from datetime import timedelta

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client

from tests.builders import make_board, make_idea, query_count
from tests.builders import subpage_url as url
from wagtail_participation import contributions, discussion, display_names, moderation
from wagtail_participation.models import Comment, HideGround, Participant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache")]

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def board(home, now):
    return make_board(home, now=now)


@pytest.fixture
def idea(board):
    return make_idea(board, title="A zebra crossing")


def member(django_user_model, name):
    client = Client()
    user = django_user_model.objects.create_user(name, password="pw")
    client.force_login(user)
    participant, _ = Participant.objects.get_or_create(user=user)
    return client, participant


def page_of(client, board, idea):
    response = client.get(url(board, "idea", idea.pk))
    assert response.status_code == 200
    return response.content.decode()


def test_every_visitor_gets_their_own_csrf_token_in_a_kept_drawing(board, idea):
    contributions.add_comment(idea, Participant.new_anonymous(), "Needed at school times", "en")
    first, second = Client(), Client()
    pages = [page_of(first, board, idea), page_of(second, board, idea)]  # the second reads the kept one
    for client, html in zip((first, second), pages):
        tokens = set(TOKEN.findall(html))
        assert discussion.CSRF_PLACEHOLDER not in html and len(tokens) == 1
        # the comment's report form has the token of this visitor's CSRF cookie, nobody else's
        assert html.count("csrfmiddlewaretoken") >= 2
        assert _unmask_cipher_token(tokens.pop()) == client.cookies["csrftoken"].value
    assert set(TOKEN.findall(pages[0])).isdisjoint(TOKEN.findall(pages[1]))


@pytest.mark.parametrize("author_first", [True, False])
def test_edit_and_delete_controls_are_only_ever_shown_to_the_author(board, idea, django_user_model, author_first):
    author_client, author = member(django_user_model, "ann")
    other_client, _other = member(django_user_model, "bob")
    mine = contributions.add_comment(idea, author, "Mine to edit", "en")
    order = [(author_client, True), (other_client, False), (Client(), False)]
    for client, is_author in order if author_first else order[::-1]:
        for _ in range(2):  # the second request may read what the first kept
            html = page_of(client, board, idea)
            assert "Mine to edit" in html
            assert (f'id="edit-{mine.pk}"' in html) == is_author
            assert ("my comment</span>" in html) == is_author  # the delete button


def test_a_hidden_comments_reasons_are_only_shown_to_its_author(board, idea, django_user_model):
    author_client, author = member(django_user_model, "ann")
    comment = contributions.add_comment(idea, author, "Rude words", "en")
    page_of(Client(), board, idea)
    moderation.hide(comment, HideGround.choices[0][0], "Insults are not allowed here.")
    html = page_of(Client(), board, idea)
    assert "This comment was hidden by a moderator." in html and "Rude words" not in html
    assert "Insults are not allowed here." not in html
    own = page_of(author_client, board, idea)
    assert "Insults are not allowed here." in own and "Rude words" in own
    assert "Insults are not allowed here." not in page_of(Client(), board, idea)


def test_new_edited_removed_restored_comments_and_names_show_at_once(board, idea):
    visitor = Client()
    author = Participant.new_anonymous()
    comment = contributions.add_comment(idea, author, "First words", "en", show_author=True)
    assert "First words" in page_of(visitor, board, idea)
    contributions.add_comment(idea, Participant.new_anonymous(), "A second voice", "en")
    assert "A second voice" in page_of(visitor, board, idea)  # new comment
    comment.body = "Second thoughts"
    comment.save(update_fields=["body"])
    html = page_of(visitor, board, idea)
    assert "Second thoughts" in html and "First words" not in html  # edited
    moderation.hide(comment, HideGround.choices[0][0])
    assert "Second thoughts" not in page_of(visitor, board, idea)  # hidden
    moderation.restore(Comment.objects.get(pk=comment.pk))
    assert "Second thoughts" in page_of(visitor, board, idea)  # restored
    display_names.set_public_name(author, "Ann from Noord")
    assert "Ann from Noord" in page_of(visitor, board, idea)  # a public name
    contributions.remove_comment(Comment.objects.get(pk=comment.pk))
    html = page_of(visitor, board, idea)
    assert "Second thoughts" not in html and "This comment was removed by its author." in html


def test_a_kept_discussion_page_costs_fewer_queries_than_drawing_it(board, idea, now, settings):
    settings.WAGTAILPARTICIPATION_COMMENTS_PER_PAGE = 20
    author = Participant.new_anonymous()
    for i in range(30):
        contributions.add_comment(idea, author, f"Comment {i}", "en")
    Comment.objects.filter(contribution=idea).update(created_at=now - timedelta(days=1))
    visitor = Client()
    address = url(board, "idea", idea.pk)
    visitor.get(address)
    kept = query_count(visitor, address)
    discussion.forget(idea.pk)
    drawn = query_count(visitor, address)
    assert kept <= drawn - 3, f"{kept} queries kept, {drawn} drawn"
