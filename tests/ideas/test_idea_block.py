"""The idea board embedded in another page (the generic live block): live, one count, votes come back to that page."""

import pytest
from django.urls import reverse

from home.models import HomePage
from tests.builders import make_board, make_idea, publish
from wagtail_participation.models import ContributionVote

pytestmark = pytest.mark.usefixtures("clear_cache")


@pytest.fixture
def page_with_block(home, now):
    board = make_board(home, now=now)
    make_idea(board, title="Most supported idea", score=5)
    make_idea(board, title="Less supported idea", score=1)
    make_idea(board, title="Unsupported idea", score=0)
    page = HomePage(
        title="News",
        slug="news",
        participation=[("method", {"method": board, "sort": "votes", "count": 2, "heading": ""})],
    )
    return publish(home.add_child(instance=page)), board


@pytest.mark.django_db
def test_block_shows_top_ideas_and_votes_come_back_to_the_page(page_with_block, client):
    page, board = page_with_block
    html = client.get(page.url).content.decode()
    assert "Which crossings feel unsafe?" in html
    assert "Most supported idea" in html and "Less supported idea" in html and "Unsupported idea" not in html
    assert "3 ideas so far." in html
    idea = board.participation_record.contributions.get(title="Less supported idea")
    vote_url = reverse("wagtail_participation:vote_idea", args=(idea.pk,))
    assert f'action="{vote_url}"' in html
    response = client.post(vote_url, {"value": "up", "next": page.url})
    assert response.status_code == 302 and response.url == page.url
    assert ContributionVote.objects.filter(contribution=idea).count() == 1
    # One count, wherever it is shown.
    assert "Less supported idea" in client.get(board.url).content.decode()


@pytest.mark.django_db
def test_block_with_an_unpublished_board_shows_nothing_and_never_breaks(page_with_block, client):
    page, board = page_with_block
    board.unpublish()
    response = client.get(page.url)
    assert response.status_code == 200 and "Most supported idea" not in response.content.decode()
