"""The listings' card queries compiled once per number of ids (``compiled_queries.CompiledByIds``) read
what the ORM reads: the same columns, converted the same way (dates on SQLite), for pages of any
size, on every database."""

import pytest

from tests.builders import make_board, make_idea, make_proposal, make_proposals_page
from wagtail_participation.ideas import views as idea_views
from wagtail_participation.ideas.models import Idea
from wagtail_participation.proposals import views as proposal_views
from wagtail_participation.proposals.models import Proposal

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache", "without_search_indexing")]


def test_proposal_cards_and_links_equal_the_orm(home, now, make_topic):
    page = make_proposals_page(home, now=now)
    topic = make_topic("Mobility", "mobility")
    ids = [make_proposal(page, title=f"Proposal {i}").pk for i in range(5)]
    Proposal.objects.get(pk=ids[1]).topics.add(topic)
    for chosen in (ids, ids[:1], ids[2:], ids[::-1]):  # other counts, another order: compiled anew or reused
        cards = proposal_views._CARDS
        rows = [dict(zip(cards.names(), row)) for row in cards.rows(chosen)]
        assert sorted(rows, key=lambda row: row["pk"]) == sorted(
            Proposal.objects.filter(pk__in=chosen).values(*proposal_views.CARD_COLUMNS), key=lambda row: row["pk"]
        )
        assert sorted(proposal_views._CARD_LINKS.rows(chosen)) == sorted(
            Proposal.topics.through.objects.filter(proposal_id__in=chosen).values_list("proposal_id", "topic_id")
        )
    assert proposal_views._CARDS.rows([]) == []


def test_idea_rows_equal_the_orm_and_leave_out_hidden_ideas(home, now):
    board = make_board(home, now=now)
    ideas = [make_idea(board, title=f"Idea {i}") for i in range(4)]
    Idea.objects.filter(pk=ideas[0].pk).update(visibility="hidden")
    ids = [idea.pk for idea in ideas]
    found = idea_views._ideas_by_id(ids)
    expected = Idea.objects.filter(pk__in=ids, visibility="visible")
    columns = idea_views._IDEA_COLUMNS
    assert sorted(tuple(getattr(i, c) for c in columns) for i in found) == sorted(expected.values_list(*columns))
    assert all(not idea._state.adding and idea._state.db == "default" for idea in found)
