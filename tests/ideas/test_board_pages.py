"""The idea board's pages (a deferred join, wagtail_participation/deferred_pages.py): the same ideas
in the same order as the plain OFFSET query, on every page of every sort and filter; a fixed number
of queries however many ideas and whichever page; bookmarks and links without JavaScript."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.builders import make_idea
from wagtail_participation import statuses
from wagtail_participation.ideas import views as idea_views
from wagtail_participation.ideas.models import Idea, IdeaBoardPage
from wagtail_participation.models import Visibility

pytestmark = [pytest.mark.usefixtures("clear_cache", "without_search_indexing"), pytest.mark.django_db]

PER_PAGE = 4
SORTS = ("trending", "votes", "newest", "discussed", "random")
FILTERS = {
    "none": "",
    "topic": "topic=mobility",
    "area": "area=noord",
    "status": f"status={statuses.ACCEPTED}",
    "topic + area": "topic=mobility&area=noord",
}


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(IdeaBoardPage, "ideas_per_page", PER_PAGE)


@pytest.fixture
def terms(make_topic, make_area):
    return make_topic("Mobility", "mobility"), make_area("Noord", "noord")


def add_ideas(board, terms, count, start=0, now=None):
    """Ideas with counters that tie often (a stable order must not depend on luck)."""
    topic, area = terms
    ideas = []
    for i in range(start, start + count):
        idea = make_idea(
            board,
            title=f"Idea {i}",
            area=area if i % 3 else None,
            status=statuses.ACCEPTED if i % 4 == 0 else statuses.PROPOSED,
            trending=float(i % 5),
            score=i % 3,
            up_votes=i % 3,
            comment_count=i % 2,
            created_at=now - timedelta(hours=i // 2),  # two ideas per moment
        )
        if i % 2:
            idea.topics.add(topic)
        ideas.append(idea)
    Idea.objects.filter(title="Idea 7").update(visibility=Visibility.HIDDEN)
    return ideas


def ids_on_page(html):
    return [int(pk) for pk in re.findall(r'id="idea-(\d+)"', html)]


def old_ordering(board, sort, query, seed):
    """The listing as one OFFSET query over whole rows, as the board read it before."""
    ideas = Idea.objects.filter(record=board.participation_record, visibility=Visibility.VISIBLE)
    params = dict(pair.split("=") for pair in query.split("&") if pair)
    if "topic" in params:
        ideas = ideas.filter(topics__slug=params["topic"])
    if "area" in params:
        ideas = ideas.filter(area__slug=params["area"])
    if "status" in params:
        ideas = ideas.filter(status=params["status"])
    if sort == "random":  # one of two stored random keys, either way, chosen by the seed
        key = ("shuffle_a", "shuffle_b")[seed % 4 // 2]
        ideas = ideas.order_by(*((key, "id") if seed % 2 == 0 else (f"-{key}", "-id")))
    else:
        ideas = ideas.order_by(*idea_views.SORTS[sort])
    return list(ideas.values_list("pk", flat=True))


@pytest.mark.usefixtures("small_pages")
def test_every_page_of_every_sort_and_filter_equals_the_offset_query(board, client, terms, now):
    add_ideas(board, terms, 30, now=now)
    for sort in SORTS:
        for query in FILTERS.values():
            url = f"{board.url}?sort={sort}&{query}"
            client.get(url)  # the random order's seed is kept in the session
            seed = client.session.get("wp_random_seed", 0)
            expected = old_ordering(board, sort, query, seed)
            assert expected, (sort, query)
            pages = -(-len(expected) // PER_PAGE)
            seen = []
            for number in range(1, pages + 1):
                html = client.get(f"{url}&page={number}").content.decode()
                seen += ids_on_page(html)
            assert seen == expected, (sort, query)


@pytest.mark.usefixtures("small_pages")
def test_query_count_is_the_same_for_5_and_40_ideas_on_any_page(board, terms, now):
    def count(url):
        client = Client()  # a visitor of their own: a session (the random order's seed) adds a query
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    urls = [f"{board.url}?sort={sort}&{query}" for sort in SORTS for query in FILTERS.values()]
    add_ideas(board, terms, 5, now=now)
    small = {url: count(url) for url in urls}
    add_ideas(board, terms, 35, start=5, now=now)
    for url in urls:
        # page 1, a middle page and the last page (40 ideas: up to 10 pages of 4)
        assert [count(url), count(url + "&page=3"), count(url + "&page=99")] == [small[url]] * 3, url


@pytest.mark.usefixtures("small_pages")
def test_a_bookmarked_page_with_filters_and_the_links_without_javascript(board, client, terms, now):
    add_ideas(board, terms, 30, now=now)
    query = "sort=votes&topic=mobility&area=noord"
    expected = old_ordering(board, "votes", query, 0)
    html = client.get(f"{board.url}?{query}&page=2").content.decode()
    assert ids_on_page(html) == expected[PER_PAGE : 2 * PER_PAGE]
    last = -(-len(expected) // PER_PAGE)
    assert f"Page 2 of {last}" in html
    # Plain links to the neighbouring pages keep the filters (no JavaScript needed).
    links = re.findall(r'<a href="\?([^"]+)">', html)
    assert any("page=1" in link and "topic=mobility" in link and "area=noord" in link for link in links)
    assert any("page=3" in link and "sort=votes" in link for link in links)
    # A page past the end (an old bookmark) shows the last page; nonsense shows the first.
    assert ids_on_page(client.get(f"{board.url}?{query}&page=99").content.decode()) == expected[(last - 1) * PER_PAGE :]
    assert ids_on_page(client.get(f"{board.url}?{query}&page=x").content.decode()) == expected[:PER_PAGE]
