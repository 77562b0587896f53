"""A contribution's discussion is paginated: the idea and proposal pages cost the same queries
with few or many comments (asserted, drawn and kept), open on the latest comments, and a new
comment is linked on its page."""

from datetime import timedelta

import pytest

from tests.builders import make_board, make_idea, make_proposal, make_proposals_page, query_count
from tests.builders import subpage_url as url
from wagtail_participation import discussion
from wagtail_participation.models import Comment, Participant


def add_comments(contribution, count, start, replies_every=4):
    """``count`` top-level comments (minutes apart, from ``start``), every ``replies_every``-th with a reply."""
    author = Participant.new_anonymous()
    top = Comment.objects.bulk_create(
        [
            Comment(
                contribution=contribution,
                author=author,
                body=f"Comment {i}",
                language="en",
                created_at=start + timedelta(minutes=i),
            )
            for i in range(count)
        ]
    )
    Comment.objects.bulk_create(
        [
            Comment(
                contribution=contribution,
                parent=parent,
                author=author,
                body=f"Reply to {parent.body}",
                language="en",
                created_at=parent.created_at + timedelta(seconds=30),
            )
            for parent in top[::replies_every]
        ]
    )
    return top


#: A visitor's idea page once its page of comments is kept: site, locale, routing, view
#: restrictions, record, the idea with its topics (one query), settings, the language menu (the city's answers
#: only once it was answered: ``answered_at``).
IDEA_QUERIES = 14
#: The same for a proposal (its history and offline signatures too).
PROPOSAL_QUERIES = 18


@pytest.fixture
def board(home, now):
    return make_board(home, now=now)


@pytest.mark.django_db
@pytest.mark.usefixtures("clear_cache")
def test_idea_page_queries_do_not_grow_with_its_comments(board, client, now, settings):
    settings.WAGTAILPARTICIPATION_COMMENTS_PER_PAGE = 20
    few, many = make_idea(board, title="Few"), make_idea(board, title="Many")
    add_comments(few, 3, now - timedelta(days=2))
    add_comments(many, 300, now - timedelta(days=2))
    client.get(url(board, "idea", few.pk))  # warm caches (site, settings) for both
    discussion.forget()
    # drawn: the first visitor after a change (a page of comments, their replies and the pager's count)
    small = query_count(client, url(board, "idea", few.pk))
    large = query_count(client, url(board, "idea", many.pk))
    first = query_count(client, url(board, "idea", many.pk) + "?comments=1")
    assert small == large == first == IDEA_QUERIES + 3, f"{small} with 3 comments, {large} with 300, {first} on page 1"
    # kept: every later visitor (discussion.Discussion), with their own CSRF token
    kept = [query_count(client, url(board, "idea", idea.pk)) for idea in (few, many)]
    assert kept == [IDEA_QUERIES, IDEA_QUERIES], kept


@pytest.mark.django_db
@pytest.mark.usefixtures("clear_cache")
def test_proposal_page_queries_do_not_grow_with_its_comments(home, client, now, settings):
    settings.WAGTAILPARTICIPATION_COMMENTS_PER_PAGE = 20
    page = make_proposals_page(home, now=now, threshold=3)
    few, many = make_proposal(page, title="Few proposal"), make_proposal(page, title="Many proposal")
    add_comments(few, 3, now - timedelta(days=2))
    add_comments(many, 300, now - timedelta(days=2))
    client.get(url(page, "proposal", few.pk))
    discussion.forget()
    small = query_count(client, url(page, "proposal", few.pk))
    large = query_count(client, url(page, "proposal", many.pk))
    assert small == large == PROPOSAL_QUERIES + 3, f"{small} queries with 3 comments, {large} with 300"
    kept = [query_count(client, url(page, "proposal", proposal.pk)) for proposal in (few, many)]
    assert kept == [PROPOSAL_QUERIES, PROPOSAL_QUERIES], kept


@pytest.mark.django_db
def test_discussion_opens_on_the_latest_comments_and_pages_back_with_replies(board, client, now, settings):
    settings.WAGTAILPARTICIPATION_COMMENTS_PER_PAGE = 10
    idea = make_idea(board)
    add_comments(idea, 25, now - timedelta(days=2), replies_every=10)  # replies to comments 0, 10 and 20
    latest = client.get(url(board, "idea", idea.pk))
    assert [c.body for c in latest.context["comments"]] == [f"Comment {i}" for i in range(20, 25)]
    html = latest.content.decode()
    assert "Page 3 of 3" in html and "comments=2" in html and "Reply to Comment 20" in html
    assert "Comment 19<" not in html
    middle = client.get(url(board, "idea", idea.pk), {"comments": "2"})
    assert [c.body for c in middle.context["comments"]] == [f"Comment {i}" for i in range(10, 20)]
    assert "Reply to Comment 10" in middle.content.decode() and "comments=3" in middle.content.decode()
    assert client.get(url(board, "idea", idea.pk), {"comments": "nonsense"}).status_code == 200


@pytest.mark.django_db
def test_a_new_comment_and_reply_are_linked_on_the_page_that_shows_them(
    board, client, now, settings, django_user_model
):
    settings.WAGTAILPARTICIPATION_COMMENTS_PER_PAGE = 10
    idea = make_idea(board)
    oldest = add_comments(idea, 25, now - timedelta(days=2))[0]
    client.force_login(django_user_model.objects.create_user("ann", password="pw"))
    posted = client.post(url(board, "comment", idea.pk), {"body": "Mine, the 26th"})
    mine = Comment.objects.get(body="Mine, the 26th")
    assert posted["Location"].endswith(f"?comments=3#comment-{mine.pk}")
    replied = client.post(url(board, "comment", idea.pk), {"body": "A late reply", "parent": oldest.pk})
    reply = Comment.objects.get(body="A late reply")
    assert replied["Location"].endswith(f"?comments=1#comment-{reply.pk}")
    assert "A late reply" in client.get(replied["Location"]).content.decode()
