"""Issue 13 item 11: every public form and route fuzzed (hypothesis, the derandomised "ci" profile).

For every route of the write-route table (``tests/write_routes.py``, also used by the write
guard's tests) and every listing filter, generated values (NUL and other controls, direction
overrides, markup, huge strings, other scripts, numbers where text is expected and the reverse,
several values for one field, missing fields) are posted by a resident and by an anonymous
visitor. Whatever the input:

- never a 5xx;
- the markup marker never comes back unescaped (in the answer, nor later on the method's page);
- a refused request (4xx) stores nothing: no row is added anywhere a citizen can write.

One scene serves every route (building pages is the slow part), so the module stays well under
a minute on SQLite.
"""

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.builders import make_index, make_project
from tests.write_routes import WRITE_ROUTES, record_route_page
from wagtail_participation.budgets.models import BudgetBallot
from wagtail_participation.models import Comment, Contribution, ContributionVote, Follow, Participant, Report
from wagtail_participation.polls.models import OptionComment, PollBallot
from wagtail_participation.proposals.models import ProposalSupport
from wagtail_participation.surveys.models import SurveyResponse

EXAMPLES_PER_ROUTE = 10
MARKERS = ('<script>alert("wpfuzz")</script>', '"><wpfuzz onmouseover=x>')
RAW = ('<script>alert("wpfuzz")', "<wpfuzz ")
NASTY = (
    "\x00",
    "a\x00b",
    "\x07\x1b[31m",
    "\x85\x9f",
    "\u202eevil\u202c",
    "\u2066x\u2069",
    "\r\n\t",
    " ",
    "",
    "0",
    "-1",
    "1e309",
    "NaN",
    "99999999999999999999",
    "٣",
    "🚲" * 50,
    "ß" * 300,
    "x" * 20_000,
    "../../etc/passwd",
    "' OR 1=1 --",
    "%00",
    *MARKERS,
)
# Values a route understands, so the fuzz also reaches the code behind a valid first step.
KNOWN = {
    "value": ["up", "down", "withdraw-up", "withdraw-down"],
    "action": ["send", "next", "back", "submit", "draft", "vote"],
    "follow": ["0", "1"],
    "visits": ["daily", "weekly", "rarely"],
    "choice": ["market-square", "station", "park"],
    "choices": ["market-square", "station"],
    "project": ["trees-on-kerkstraat", "a-skate-park"],
    "option": ["free-flow", "one-way"],
}
STORED = (
    Contribution,
    Comment,
    ContributionVote,
    Follow,
    Report,
    PollBallot,
    OptionComment,
    SurveyResponse,
    BudgetBallot,
    ProposalSupport,
    Participant,
)


def one_value(key):
    text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)
    options = [text, st.sampled_from(NASTY), st.integers(min_value=-(10**20), max_value=10**20).map(str)]
    if key in KNOWN:
        options.append(st.sampled_from(KNOWN[key]))
    return st.one_of(*options)


def payloads(fields):
    """Some of the route's fields (any may be missing), each one value or several, plus junk keys."""

    def value(key):
        return st.one_of(one_value(key), st.lists(one_value(key), min_size=2, max_size=3))

    return st.fixed_dictionaries(
        {},
        optional={
            **{key: value(key) for key in fields},
            "csrfmiddlewaretoken": st.sampled_from(NASTY),
            "website": st.sampled_from(["", "http://spam.example"]),  # the honeypot
            "next": st.sampled_from(["", "/", "https://evil.example/", "javascript:alert(1)", "\x00"]),
        },
    )


def counts():
    return {model.__name__: model.objects.count() for model in STORED}


def assert_safe(response, where):
    assert response.status_code < 500, where
    body = response.content.decode("utf-8", "replace")
    for raw in RAW:
        assert raw not in body, where


FUZZED = [route for route in WRITE_ROUTES if route.fields]


@pytest.mark.django_db
def test_every_public_form_survives_generated_input(scene, client):
    resident, anonymous = client, Client()
    resident.force_login(scene.user)
    for route in FUZZED:
        url = route.path(scene)

        @settings(max_examples=EXAMPLES_PER_ROUTE, suppress_health_check=list(HealthCheck))
        @given(data=payloads(route.fields), as_resident=st.booleans(), in_place=st.booleans())
        def post(data, as_resident, in_place):
            cache.clear()  # the abuse brakes would soon refuse everything
            before = counts()
            extra = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"} if in_place else {}
            response = (resident if as_resident else anonymous).post(url, data, **extra)
            assert_safe(response, (route.id, data))
            if response.status_code >= 400:
                assert counts() == before, (route.id, response.status_code, data)

        post()
        page = record_route_page(route, scene)
        assert_safe(resident.get(page.url), route.id)  # what was stored is shown escaped
    for key in ("idea", "proposal"):
        owner = scene.page(
            "participation_ideas.ideaboardpage" if key == "idea" else "participation_proposals.proposalspage"
        )
        detail = owner.url + owner.reverse_subpage(key, args=(scene.id(key),))
        assert_safe(resident.get(detail), detail)


@pytest.mark.django_db
def test_every_listing_filter_survives_generated_input(scene, client, home):
    listings = [
        scene.page("participation_ideas.ideaboardpage").url,
        scene.page("participation_proposals.proposalspage").url,
    ]
    index = make_index(home, slug="projects")
    make_project(index)
    listings.append(index.url)
    filters = ("topic", "area", "q", "sort", "page", "status", "state")

    @settings(max_examples=40, suppress_health_check=list(HealthCheck))
    @given(
        url=st.sampled_from(listings),
        params=st.fixed_dictionaries({}, optional={name: one_value(name) for name in filters}),
    )
    def get(url, params):
        assert_safe(client.get(url, params), (url, params))

    get()
