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


def listing_ids(client, url):
    """Every proposal id of a listing URL, page after page, and the count it shows."""
    html = client.get(url).content.decode()
    total = int(re.search(r"(\d+) proposals?</h2>", html).group(1))
    seen = ids_on_page(html)
    for number in range(2, -(-total // PER_PAGE) + 1):
        seen += ids_on_page(client.get(f"{url}&page={number}").content.decode())
    return total, seen


def assert_listing_agrees(page, client, now):
    """The listing's copies are what the proposal's own values make them, and every sort and
    filter (pages and cached counts) equals the plain query over the proposals' own columns."""
    from wagtail_participation.proposals.models import phase_of

    for proposal in Proposal.objects.all():
        assert (proposal.listing_record_id, proposal.phase) == (proposal.record_id, phase_of(proposal)), proposal
    for sort in SORTS:
        for query in FILTERS.values():
            expected = old_ordering(page, sort, query, now)
            assert listing_ids(client, f"{page.url}?sort={sort}&{query}") == (len(expected), expected), (sort, query)


def test_the_listing_copies_and_cached_counts_follow_every_change(page, client, terms, now, locales):
    """Supports crossing the threshold, supports removed, answers, ineligibility, hiding and
    restoring, retagging, a new proposal and time passing: each moves proposals between filters,
    and the next listing shows it (the copies change in the same statements, the counts' cache
    generation moves)."""
    from wagtail_participation import clock, moderation
    from wagtail_participation.models import Department, Participant
    from wagtail_participation.proposals import services as proposals

    topic, area = terms
    add_proposals(page, terms, 12, now)
    assert_listing_agrees(page, client, now)
    collecting = Proposal.objects.filter(state_filter(th.State.PUBLISHED, now)).order_by("pk")
    first, second, third = collecting[:3]
    supporters = [Participant.new_anonymous() for _ in range(3)]
    for supporter in supporters:  # the third support reaches the threshold of 3: "threshold reached"
        proposals.support(Proposal.objects.get(pk=first.pk), supporter)
    assert Proposal.objects.get(pk=first.pk).phase == "reached"
    assert_listing_agrees(page, client, now)
    removed = first.supports.values_list("pk", flat=True)[:1]
    proposals.remove_supports(first, removed, reason="Fraud", user=None)  # back to collecting
    assert Proposal.objects.get(pk=first.pk).phase == "open"
    assert_listing_agrees(page, client, now)
    department = Department.objects.create(name="Parks", slug="parks", locale=locales["en"])
    proposals.answer(second, department=department, body="Yes.", outcome="accepted", author=None)
    proposals.declare_ineligible(third, reason="Not a city matter", user=None)
    assert_listing_agrees(page, client, now)
    moderation.hide(Proposal.objects.get(pk=first.pk), ground="off_topic", explanation="")
    assert_listing_agrees(page, client, now)
    moderation.restore(Proposal.objects.get(pk=first.pk))
    second.topics.remove(topic)
    third.topics.add(topic)
    make_proposal(page, title="New", area=area)
    assert_listing_agrees(page, client, now)
    later = now + timedelta(days=3)  # windows end: collecting proposals expire
    with clock.frozen_at(later):
        assert_listing_agrees(page, client, later)


def test_a_support_that_changes_no_state_keeps_the_cached_counts(page, client, terms, now):
    from wagtail_participation.models import Participant
    from wagtail_participation.proposals import services as proposals

    add_proposals(page, terms, 8, now)
    client.get(f"{page.url}?state=published")
    proposal = Proposal.objects.filter(state_filter(th.State.PUBLISHED, now), counted=0).first()
    with CaptureQueriesContext(connection) as queries:
        proposals.support(proposal, Participant.new_anonymous())
    # the support's UPDATE writes the phase in the same statement: no statement for the listing
    # (on PostgreSQL inside the WITH that also inserts the support)
    updates = [q["sql"] for q in queries.captured_queries if q["sql"].startswith(("UPDATE", "WITH counted AS (UPDATE"))]
    assert sum(connection.ops.quote_name("phase") in sql for sql in updates) == 1
    with CaptureQueriesContext(connection) as queries:
        client.get(f"{page.url}?state=published")
    assert not any("COUNT(" in q["sql"] for q in queries.captured_queries)  # counts from the cache
    assert listing_ids(client, f"{page.url}?state=published&sort=supports")[1] == old_ordering(
        page, "supports", "state=published", now
    )


def test_every_listing_url_costs_the_same_queries(page, terms, now):
    add_proposals(page, terms, 20, now)
    counts = set()
    for sort in SORTS:
        for query in FILTERS.values():
            client = Client()
            client.get(f"{page.url}?sort={sort}&{query}")
            with CaptureQueriesContext(connection) as queries:
                client.get(f"{page.url}?sort={sort}&{query}&page=2")
            counts.add(len(queries))
    assert len(counts) == 1, counts


def test_the_rules_name_the_per_area_thresholds_without_a_query_per_area(home, client, now, terms):
    from wagtail_participation.proposals.models import ProposalAreaThreshold

    page = make_proposals_page(home, now=now, threshold=50, slug="with-areas")
    page.area_thresholds.add(ProposalAreaThreshold(area=terms[1], threshold=2))
    page.save_revision().publish()
    assert "Noord (2)" in client.get(page.url).content.decode()
