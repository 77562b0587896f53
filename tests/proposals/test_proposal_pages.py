"""The proposals listing's pages (a deferred join, wagtail_participation/deferred_pages.py): the
same proposals in the same order as the plain OFFSET query, on every page of every sort and filter
("ending soon" is paged over index ranges); a fixed number of queries however many proposals and
whichever page; bookmarks and links without JavaScript."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Case, IntegerField, Value, When
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.builders import make_proposal, make_proposals_page
from wagtail_participation.models import Visibility
from wagtail_participation.proposals.engine import thresholds as th
from wagtail_participation.proposals.models import Outcome, Proposal, ProposalsPage, state_filter

pytestmark = [pytest.mark.usefixtures("clear_cache", "without_search_indexing"), pytest.mark.django_db]

PER_PAGE = 4
SORTS = ("supports", "newest", "ending")
FILTERS = {
    "none": "",
    "collecting": "state=published",
    "expired": "state=expired",
    "topic": "topic=mobility",
    "area": "area=noord",
    "collecting + topic + area": "state=published&topic=mobility&area=noord",
}


@pytest.fixture
def page(home, now, monkeypatch):
    monkeypatch.setattr(ProposalsPage, "proposals_per_page", PER_PAGE)
    return make_proposals_page(home, now=now, threshold=3, window_days=10, answer_days=20)


@pytest.fixture
def terms(make_topic, make_area):
    return make_topic("Mobility", "mobility"), make_area("Noord", "noord")


def add_proposals(page, terms, count, now, start=0):
    """Proposals in every state, with counts and moments that tie often."""
    topic, area = terms
    for i in range(start, start + count):
        proposal = make_proposal(page, title=f"Proposal {i}", area=area if i % 3 else None)
        if i % 2:
            proposal.topics.add(topic)
        published = now - timedelta(days=i % 7)  # several per day: ties on published_at
        changes = {"published_at": published, "counted": i % 4, "window_ends_at": published + timedelta(days=5)}
        if i % 5 == 1:
            changes.update(counted=3, threshold_reached_at=published + timedelta(days=1))
        if i % 10 == 3:
            changes.update(outcome=Outcome.ACCEPTED, decided_at=now)
        if i == start + 8:  # no window at all (an import): sorted where the database puts NULL
            changes.update(window_ends_at=None)
        Proposal.objects.filter(pk=proposal.pk).update(**changes)
    Proposal.objects.filter(title="Proposal 5").update(visibility=Visibility.HIDDEN)


def ids_on_page(html):
    return [int(pk) for pk in re.findall(r'id="proposal-(\d+)"', html)]


def old_ordering(page, sort, query, now):
    """The listing as one OFFSET query over whole rows, as the page read it before."""
    items = Proposal.objects.filter(
        record=page.participation_record, visibility=Visibility.VISIBLE, published_at__isnull=False
    )
    params = dict(pair.split("=") for pair in query.split("&") if pair)
    if "state" in params:
        items = items.filter(state_filter(params["state"], now))
    if "topic" in params:
        items = items.filter(topics__slug=params["topic"])
    if "area" in params:
        items = items.filter(area__slug=params["area"])
    if sort == "supports":
        items = items.order_by("-counted", "-published_at", "-pk")
    elif sort == "newest":
        items = items.order_by("-published_at", "-pk")
    else:
        still_open = Case(
            When(state_filter(th.State.PUBLISHED, now), then=Value(0)), default=Value(1), output_field=IntegerField()
        )
        items = items.annotate(still_open=still_open).order_by("still_open", "window_ends_at", "pk")
    return list(items.values_list("pk", flat=True))


def test_every_page_of_every_sort_and_filter_equals_the_offset_query(page, client, terms, now):
    add_proposals(page, terms, 30, now)
    for sort in SORTS:
        for query in FILTERS.values():
            url = f"{page.url}?sort={sort}&{query}"
            expected = old_ordering(page, sort, query, now)
            assert expected, (sort, query)
            seen = []
            for number in range(1, -(-len(expected) // PER_PAGE) + 1):
                seen += ids_on_page(client.get(f"{url}&page={number}").content.decode())
            assert seen == expected, (sort, query)


def test_query_count_is_the_same_for_13_and_40_proposals_on_any_page(page, terms, now):
    def count(url):
        client = Client()  # a visitor of their own: a session (the random order's seed) adds a query
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    urls = [f"{page.url}?sort={sort}&{query}" for sort in SORTS for query in FILTERS.values()]
    add_proposals(page, terms, 13, now)  # the fewest with one in each state and filter
    small = {url: count(url) for url in urls}
    add_proposals(page, terms, 27, now, start=13)
    for url in urls:
        # page 1, a middle page (for "ending soon", one that spans two parts) and the last page
        assert [count(url), count(url + "&page=3"), count(url + "&page=99")] == [small[url]] * 3, url


def test_a_bookmarked_page_with_filters_and_the_links_without_javascript(page, client, terms, now):
    add_proposals(page, terms, 30, now)
    query = "sort=ending&topic=mobility"
    expected = old_ordering(page, "ending", query, now)
    html = client.get(f"{page.url}?{query}&page=2").content.decode()
    assert ids_on_page(html) == expected[PER_PAGE : 2 * PER_PAGE]
    last = -(-len(expected) // PER_PAGE)
    assert f"Page 2 of {last}" in html
    links = re.findall(r'<a href="\?([^"]+)">', html)
    assert any("page=1" in link and "topic=mobility" in link and "sort=ending" in link for link in links)
    assert any("page=3" in link and "topic=mobility" in link for link in links)
    assert ids_on_page(client.get(f"{page.url}?{query}&page=99").content.decode()) == expected[(last - 1) * PER_PAGE :]


def test_cached_cards_follow_supports_and_the_days_left(page, client, now):
    from wagtail_participation import clock
    from wagtail_participation.models import Participant
    from wagtail_participation.proposals import services as proposals

    proposal = make_proposal(page, title="Benches on the square")
    assert "0 of 3 supports" in client.get(page.url).content.decode()
    proposals.support(proposal, Participant.new_anonymous())
    html = client.get(page.url).content.decode()
    assert re.search(r"1 of 3 support\b", html) and "10 days left" in html
    with clock.frozen_at(now + timedelta(days=1)):
        assert "9 days left" in client.get(page.url).content.decode()
