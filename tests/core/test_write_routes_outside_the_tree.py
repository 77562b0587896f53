"""The proposal support and the comment (and reply), routed outside the page tree like the idea
vote (issue 19): the forms post there, everything works without JavaScript, the server checks the
permission, and a hidden or unpublished method is a 404."""

import pytest
from django.urls import reverse

from tests.builders import (
    ALL_ACTIONS_OPEN,
    PROPOSAL_ACTIONS_OPEN,
    make_board,
    make_idea,
    make_proposal,
    make_proposals_page,
)
from wagtail_participation.engine.policy import Level
from wagtail_participation.models import Comment
from wagtail_participation.proposals.models import Proposal, ProposalSupport

pytestmark = pytest.mark.django_db

REGISTERED_ONLY = {
    "actions": {action: {"level": int(Level.REGISTERED), "phases": []} for action in ("submit", "vote", "comment")}
}


def comment_url(kind, pk):
    return reverse("wagtail_participation:comment_on", args=(kind, pk))


def support_url(proposal):
    return reverse("wagtail_participation:support_proposal", args=(proposal.pk,))


def test_the_discussion_posts_outside_the_page_tree_and_comes_back_to_the_comment(home, now, client):
    board = make_board(home, rules=ALL_ACTIONS_OPEN, now=now, slug="board")
    idea = make_idea(board)
    page = client.get(board.contribution_url(idea.pk))
    assert f'action="{comment_url("idea", idea.pk)}"' in page.content.decode()
    assert f'name="next" value="{board.contribution_url(idea.pk)}"' in page.content.decode()
    response = client.post(
        comment_url("idea", idea.pk), {"body": "A guard at the crossing.", "next": board.contribution_url(idea.pk)}
    )
    comment = Comment.objects.get(contribution=idea)
    assert response.status_code == 302
    assert response["Location"] == f"{board.contribution_url(idea.pk)}?comments=1#comment-{comment.pk}"
    # a reply, without ``next``: the page is read for its address; one level only
    reply = client.post(comment_url("idea", idea.pk), {"body": "Yes please.", "parent": comment.pk})
    stored = Comment.objects.get(parent=comment)
    assert reply["Location"] == f"{board.contribution_url(idea.pk)}?comments=1#comment-{stored.pk}"
    idea.refresh_from_db()
    assert idea.comment_count == 2
    shown = client.get(board.contribution_url(idea.pk)).content.decode()
    assert "A guard at the crossing." in shown and "Yes please." in shown


def test_an_invalid_comment_shows_the_page_again_with_what_was_typed(home, now, client):
    board = make_board(home, rules=ALL_ACTIONS_OPEN, now=now, slug="board")
    idea = make_idea(board)
    typed = "x" * 3001  # too long: the form says so and keeps the text
    response = client.post(comment_url("idea", idea.pk), {"body": typed, "next": board.contribution_url(idea.pk)})
    assert response.status_code == 400
    assert typed in response.content.decode()
    assert "wp-comment-form" in response.content.decode()
    empty = client.post(comment_url("idea", idea.pk), {"body": "   "})
    assert empty.status_code == 400
    assert "Write a comment first." in empty.content.decode()
    assert not Comment.objects.exists()


def test_a_comment_is_refused_without_permission(home, now, client):
    board = make_board(home, rules=REGISTERED_ONLY, now=now, slug="board")
    idea = make_idea(board)
    response = client.post(comment_url("idea", idea.pk), {"body": "Refused words", "next": "/"})
    assert response.status_code == 403  # the idea's page, with the reason where the form would be
    assert "log in" in response.content.decode().lower()
    assert not Comment.objects.exists()


def test_a_comment_on_a_hidden_method_or_contribution_or_an_unknown_kind_is_a_404(home, now, client):
    board = make_board(home, rules=ALL_ACTIONS_OPEN, now=now, slug="board")
    idea = make_idea(board)
    hidden = make_idea(board, title="Hidden", visibility="hidden")
    assert client.post(comment_url("idea", hidden.pk), {"body": "Hello"}).status_code == 404
    assert client.post(comment_url("nonsense", idea.pk), {"body": "Hello"}).status_code == 404
    proposals = make_proposals_page(home, rules=PROPOSAL_ACTIONS_OPEN, now=now, slug="proposals")
    proposal = make_proposal(proposals)
    assert client.post(comment_url("idea", proposal.pk), {"body": "Hello"}).status_code == 404  # not an idea
    assert client.get(comment_url("idea", idea.pk)).status_code == 405
    board.unpublish()
    assert client.post(comment_url("idea", idea.pk), {"body": "Hello"}).status_code == 404
    assert not Comment.objects.exists()


def test_a_proposal_is_supported_outside_the_page_tree_and_once_only(home, now, client):
    page = make_proposals_page(home, rules=PROPOSAL_ACTIONS_OPEN, now=now, slug="proposals", threshold=100)
    proposal = make_proposal(page)
    shown = client.get(page.contribution_url(proposal.pk)).content.decode()
    assert f'action="{support_url(proposal)}"' in shown
    back = page.contribution_url(proposal.pk)
    response = client.post(support_url(proposal), {"action": "support", "next": back})
    assert response.status_code == 302 and response["Location"] == back
    again = client.post(support_url(proposal), {"action": "support"})  # a double click, without ``next``
    assert again["Location"] == back
    assert ProposalSupport.objects.filter(proposal_id=proposal.pk).count() == 1
    assert Proposal.objects.get(pk=proposal.pk).support_count == 1
    assert "You already support this proposal." in client.get(back).content.decode()


def test_a_support_is_refused_without_permission_and_hidden_methods_are_a_404(home, now, client):
    rules = {"actions": {action: {"level": int(Level.REGISTERED), "phases": []} for action in ("submit", "support")}}
    page = make_proposals_page(home, rules=rules, now=now, slug="proposals")
    proposal = make_proposal(page)
    refused = client.post(support_url(proposal), {"action": "support", "next": "/"}, follow=True)
    assert refused.redirect_chain[0][1] == 302
    assert not ProposalSupport.objects.exists()
    open_page = make_proposals_page(home, rules=PROPOSAL_ACTIONS_OPEN, now=now, slug="open", title="Open")
    draft = make_proposal(open_page, submit=False)
    assert client.post(support_url(draft), {"action": "support"}).status_code == 404  # not published
    published = make_proposal(open_page)
    open_page.unpublish()
    assert client.post(support_url(published), {"action": "support"}).status_code == 404
    assert client.get(support_url(published)).status_code == 405
    assert not ProposalSupport.objects.exists()


def test_a_new_comment_and_a_reply_go_to_the_page_of_the_discussion_that_shows_them(home, now, client, settings):
    """The count of the comments before a new one is read with the contribution (no count after
    the write); a reply is shown on its comment's page."""
    settings.WAGTAILPARTICIPATION_COMMENTS_PER_PAGE = 2
    board = make_board(home, rules=ALL_ACTIONS_OPEN, now=now, slug="board")
    idea = make_idea(board)
    back = board.contribution_url(idea.pk)
    for number in range(1, 6):
        response = client.post(comment_url("idea", idea.pk), {"body": f"Comment {number}", "next": back})
        comment = Comment.objects.get(body=f"Comment {number}")
        assert response["Location"] == f"{back}?comments={(number + 1) // 2}#comment-{comment.pk}"
        assert f"Comment {number}" in client.get(response["Location"]).content.decode()
    first = Comment.objects.get(body="Comment 1")
    reply = client.post(comment_url("idea", idea.pk), {"body": "A reply", "parent": first.pk, "next": back})
    stored = Comment.objects.get(body="A reply")
    assert reply["Location"] == f"{back}?comments=1#comment-{stored.pk}"
