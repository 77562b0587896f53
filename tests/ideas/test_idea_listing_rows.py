"""The idea listing rows (``IdeaListing``, kept by triggers, ideas migration 0003) equal what the
ideas say after every kind of change: a topic linked or unlinked, an area set, changed or cleared,
a vote cast or withdrawn, a comment, a hide and a restore, a status, a bulk update, a delete. On
MariaDB no trigger keeps them and the board does not read them (tests/ideas/test_board_pages.py
walks the pages there through the contributions)."""

import re

import pytest
from django.db import connection
from django.db.models import F

from tests.builders import make_idea
from wagtail_participation import contributions, moderation, statuses
from wagtail_participation.ideas.models import Idea, IdeaListing
from wagtail_participation.models import Contribution, HideGround, Participant

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("without_search_indexing"),
    pytest.mark.skipif(
        connection.vendor == "mysql", reason="no triggers on MariaDB: the board reads the contributions"
    ),
]

COPIED = (
    "record_id",
    "visibility",
    "status",
    "trending",
    "score",
    "comment_count",
    "created_at",
    "shuffle_a",
    "shuffle_b",
)


def listed(idea):
    return sorted(
        IdeaListing.objects.filter(idea_id=idea.pk).values_list("facet", "term_id", "area_id", *COPIED),
        key=repr,
    )


def expected(idea):
    idea = Idea.objects.get(pk=idea.pk)
    copied = tuple(getattr(idea, column) for column in COPIED)
    rows = [("t", topic_id, idea.area_id, *copied) for topic_id in idea.topics.values_list("pk", flat=True)]
    if idea.area_id is not None:
        rows.append(("a", idea.area_id, idea.area_id, *copied))
    return sorted(rows, key=repr)


@pytest.fixture
def terms(make_topic, make_area):
    return (
        make_topic("Mobility", "mobility"),
        make_topic("Youth", "youth"),
        make_area("Noord", "noord"),
        make_area("Zuid", "zuid"),
    )


def test_rows_follow_topics_areas_votes_comments_moderation_and_deletes(board, terms):
    mobility, youth, noord, zuid = terms
    idea = make_idea(board, area=noord)
    other = make_idea(board, title="Another")
    assert listed(idea) == expected(idea) and len(listed(idea)) == 1  # the area's row
    idea.topics.add(mobility, youth)
    other.topics.add(youth)
    assert listed(idea) == expected(idea) and len(listed(idea)) == 3
    idea.topics.remove(youth)
    assert listed(idea) == expected(idea) and len(listed(idea)) == 2
    idea.area = zuid
    idea.save()
    assert listed(idea) == expected(idea) and ("a", zuid.pk) in [row[:2] for row in listed(idea)]
    Idea.objects.filter(pk=idea.pk).update(area=None)
    assert listed(idea) == expected(idea) and len(listed(idea)) == 1
    idea.area = noord
    idea.save()
    person, someone = Participant.new_anonymous(), Participant.new_anonymous()
    contributions.cast_vote(idea, person, 1)
    contributions.cast_vote(idea, someone, -1)
    assert listed(idea) == expected(idea) and Idea.objects.get(pk=idea.pk).score == 0
    contributions.withdraw_vote(idea, someone)
    assert listed(idea) == expected(idea) and listed(idea)[0][COPIED.index("score") + 3] == 1
    Contribution.objects.filter(pk=idea.pk).update(comment_count=F("comment_count") + 3, status=statuses.ACCEPTED)
    assert listed(idea) == expected(idea)
    assert moderation.hide(idea, HideGround.SPAM)
    assert listed(idea) == expected(idea) and {row[4] for row in listed(idea)} == {"hidden"}
    assert moderation.restore(Idea.objects.get(pk=idea.pk))
    assert listed(idea) == expected(idea) and {row[4] for row in listed(idea)} == {"visible"}
    assert listed(other) == expected(other)
    idea.delete()
    assert not IdeaListing.objects.filter(idea_id=idea.pk).exists()
    assert listed(other) == expected(other) and len(listed(other)) == 1
    youth.delete()  # a topic deleted: its links go, and with them its rows
    assert listed(other) == []


def test_a_topic_page_reads_the_listing_rows(board, terms, client):
    from django.test.utils import CaptureQueriesContext

    mobility = terms[0]
    make_idea(board).topics.add(mobility)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"{board.url}?topic=mobility&area=noord&sort=votes").status_code == 200
    assert any(IdeaListing._meta.db_table in query["sql"] for query in queries.captured_queries)


def generation(board):
    from wagtail_participation.ideas.models import IdeaBoardGeneration

    found = IdeaBoardGeneration.objects.filter(record_id=board.participation_record.pk).first()
    return found.generation if found else 0


@pytest.mark.usefixtures("clear_cache")
def test_the_generation_moves_when_counts_can_change_and_not_on_votes(board, terms):
    mobility, _youth, noord, zuid = terms

    idea = make_idea(board)
    moved = generation(board)
    assert moved > 0
    contributions.cast_vote(idea, Participant.new_anonymous(), 1)
    Contribution.objects.filter(pk=idea.pk).update(comment_count=F("comment_count") + 1, trending=F("trending") + 2)
    assert generation(board) == moved  # votes and comments: the counts stay cached
    for change in (
        lambda: idea.topics.add(mobility),
        lambda: Idea.objects.filter(pk=idea.pk).update(area=noord),
        lambda: Idea.objects.filter(pk=idea.pk).update(area=zuid),
        lambda: moderation.hide(idea, HideGround.SPAM),
        lambda: moderation.restore(Idea.objects.get(pk=idea.pk)),
        lambda: Contribution.objects.filter(pk=idea.pk).update(status=statuses.ACCEPTED),
        lambda: idea.topics.remove(mobility),
        lambda: make_idea(board, title="Another"),
        lambda: Idea.objects.get(pk=idea.pk).delete(),
    ):
        change()
        assert generation(board) > moved
        moved = generation(board)


@pytest.mark.usefixtures("clear_cache")
def test_cached_counts_follow_added_hidden_and_retagged_ideas(board, terms, client):
    mobility = terms[0]

    def shown(query):
        return len(re.findall(r'id="idea-(\d+)"', client.get(f"{board.url}?{query}").content.decode()))

    def counted(query):
        response = client.get(f"{board.url}?{query}")
        return response.context["total"]

    first = make_idea(board)
    assert counted("") == 1 and counted("topic=mobility") == 0
    second = make_idea(board, title="Second")
    second.topics.add(mobility)
    assert counted("") == 2 and counted("topic=mobility") == 1 and shown("topic=mobility") == 1
    moderation.hide(second, HideGround.SPAM)
    assert counted("") == 1 and counted("topic=mobility") == 0
    first.topics.add(mobility)
    assert counted("topic=mobility") == 1
    contributions.cast_vote(first, Participant.new_anonymous(), 1)
    assert counted("topic=mobility") == 1 and counted("sort=votes") == 1
