"""The table of every public route that can change something, and a scene to post to them.

``tests/core/test_live_methods.py`` checks that the table lists every route the package has (URL
resolver + each method page's RoutablePage routes + a survey's own page) and that each refuses
writes to hidden methods; ``tests/core/test_fuzz_public_forms.py`` posts generated values to them.

Each :class:`Route` names the page model and route, how to build its path from a :class:`Scene`,
and the form fields it reads (``text``: single-line, ``multiline``, ``choice`` values of the
scene, ``number``), which the fuzz test fills with generated values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.builders import (
    make_analysis,
    make_board,
    make_budget_page,
    make_idea,
    make_poll,
    make_proposal,
    make_proposals_page,
    make_survey,
)


class Scene:
    """A resident (``user``, ``participant``) and, built on first use, one method page of each
    kind with an idea, a proposal and comments by the resident to act on."""

    BUILDERS = {
        "participation_ideas.ideaboardpage": lambda home, now: make_board(home, now=now),
        "participation_polls.pollpage": lambda home, now: make_poll(home, now=now),
        "participation_polls.optionanalysispage": lambda home, now: make_analysis(home, now=now),
        "participation_surveys.surveypage": lambda home, now: make_survey(home, now=now),
        "participation_budgets.budgetpage": make_budget_page,
        "participation_proposals.proposalspage": lambda home, now: make_proposals_page(home, now=now),
    }

    def __init__(self, home, now):
        from wagtail_participation.models import Participant

        self.home, self.now = home, now
        self.user = get_user_model().objects.create_user("resident", "resident@example.com", "pw")
        self.participant = Participant.objects.create(user=self.user)
        self.pages, self._ids = {}, {}

    def page(self, model):
        if model not in self.pages:
            self.pages[model] = self.BUILDERS[model](self.home, self.now)
        return self.pages[model]

    def id(self, key):
        """``idea``, ``idea_comment``, ``proposal``, ``proposal_comment`` or ``draft`` (a proposal), by the resident."""
        from wagtail_participation import contributions

        if key not in self._ids:
            if key == "idea":
                self._ids[key] = make_idea(self.page(IDEAS), author=self.participant).pk
            elif key in ("proposal", "draft"):
                self._ids[key] = make_proposal(
                    self.page(PROPOSALS), author=self.participant, submit=key == "proposal"
                ).pk
            else:
                from wagtail_participation.models import Contribution

                on = Contribution.objects.get(pk=self.id(key.removesuffix("_comment")))
                self._ids[key] = contributions.add_comment(on, self.participant, "A first comment.", "en").pk
        return self._ids[key]


def build_scene(home, now) -> Scene:
    return Scene(home, now)


@dataclass(frozen=True)
class Route:
    """A public route that accepts POST. ``model`` is the method page's model label (or ``None``
    for a route outside the page tree); ``name`` the route's name."""

    model: str | None
    name: str
    path: Callable[[Scene], str]
    fields: dict = field(default_factory=dict)
    days_later: int = 0  # when the route takes the request (e.g. a ballot export once voting closed)

    @property
    def id(self) -> str:
        return f"{(self.model or 'urls').rsplit('.', 1)[-1]}:{self.name}"


def _sub(model, name, *args_of):
    def build(scene):
        page = scene.page(model)
        return page.url + page.reverse_subpage(name, args=tuple(arg(scene) for arg in args_of))

    return build


def _id(key):
    return lambda scene: scene.id(key)


def _city(scene):
    return "city"


IDEAS, POLL, ANALYSIS = (
    "participation_ideas.ideaboardpage",
    "participation_polls.pollpage",
    "participation_polls.optionanalysispage",
)
SURVEY, BUDGET, PROPOSALS = (
    "participation_surveys.surveypage",
    "participation_budgets.budgetpage",
    "participation_proposals.proposalspage",
)

IDEA_FIELDS = {
    "title": "text",
    "body": "multiline",
    "location_text": "text",
    "image_alt": "text",
    "check_similar": "text",
}
PROPOSAL_FIELDS = {"title": "text", "summary": "multiline", "body": "multiline", "action": "text"}
COMMENT_FIELDS = {"body": "multiline", "parent": "number"}
REPORT_FIELDS = {"reason": "text"}
BALLOT_FIELDS = {"choice": "text", "choices": "text", "other": "text", "next": "text"}

WRITE_ROUTES = [
    # outside the page tree (the method apps' urls.py, included by wagtail_participation/urls.py)
    Route(
        None,
        "vote_idea",
        lambda s: reverse("wagtail_participation:vote_idea", args=(s.id("idea"),)),
        {"value": "text", "next": "text"},
    ),
    Route(
        None,
        "vote_poll",
        lambda s: reverse("wagtail_participation:vote_poll", args=(s.page(POLL).participation_record.pk,)),
        BALLOT_FIELDS,
    ),
    Route(
        None,
        "answer_survey",
        lambda s: reverse("wagtail_participation:answer_survey", args=(s.page(SURVEY).participation_record.pk,)),
        {
            "visits": "text",
            "satisfaction": "number",
            "why_rarely": "multiline",
            "action": "text",
            "step": "number",
            "wp-next": "text",
        },
    ),
    Route(
        None,
        "cast_budget_ballot",
        lambda s: reverse(
            "wagtail_participation:cast_budget_ballot", args=(s.page(BUDGET).participation_record.pk, "city")
        ),
        {"project": "text", "action": "text", "next": "text", "wp-return": "text"},
    ),
    Route(
        None,
        "support_proposal",
        lambda s: reverse("wagtail_participation:support_proposal", args=(s.id("proposal"),)),
        {"action": "text", "next": "text"},
    ),
    Route(
        None,
        "comment_on",
        lambda s: reverse("wagtail_participation:comment_on", args=("idea", s.id("idea"))),
        {**COMMENT_FIELDS, "next": "text"},
    ),
    # idea board
    Route(IDEAS, "listing", _sub(IDEAS, "listing")),
    Route(IDEAS, "index_route", _sub(IDEAS, "index_route")),
    Route(IDEAS, "submit", _sub(IDEAS, "submit"), IDEA_FIELDS),
    Route(IDEAS, "idea", _sub(IDEAS, "idea", _id("idea"))),
    Route(IDEAS, "vote", _sub(IDEAS, "vote", _id("idea")), {"value": "text"}),
    Route(IDEAS, "comment", _sub(IDEAS, "comment", _id("idea")), COMMENT_FIELDS),
    Route(IDEAS, "report_idea", _sub(IDEAS, "report_idea", _id("idea")), REPORT_FIELDS),
    Route(IDEAS, "follow", _sub(IDEAS, "follow", _id("idea")), {"follow": "text"}),
    Route(IDEAS, "comment_edit", _sub(IDEAS, "comment_edit", _id("idea_comment")), {"body": "multiline"}),
    Route(IDEAS, "comment_delete", _sub(IDEAS, "comment_delete", _id("idea_comment"))),
    Route(IDEAS, "report_comment", _sub(IDEAS, "report_comment", _id("idea_comment")), REPORT_FIELDS),
    # poll and option analysis
    Route(POLL, "index", _sub(POLL, "index")),
    Route(POLL, "index_route", _sub(POLL, "index_route")),
    Route(POLL, "vote", _sub(POLL, "vote"), BALLOT_FIELDS),
    Route(ANALYSIS, "index", _sub(ANALYSIS, "index")),
    Route(ANALYSIS, "index_route", _sub(ANALYSIS, "index_route")),
    Route(
        ANALYSIS,
        "vote",
        _sub(ANALYSIS, "vote"),
        {"rank_free-flow": "number", "rank_one-way": "number", "choice": "text"},
    ),
    Route(ANALYSIS, "comment", _sub(ANALYSIS, "comment"), {"option": "text", "body": "multiline"}),
    # survey: the page itself answers the POST (Wagtail form page)
    Route(
        SURVEY,
        "serve",
        lambda s: s.page(SURVEY).url,
        {
            "visits": "text",
            "satisfaction": "number",
            "why_rarely": "multiline",
            "age": "number",
            "transport__1": "text",
            "action": "text",
            "step": "number",
        },
    ),
    # budget
    Route(BUDGET, "overview", _sub(BUDGET, "overview")),
    Route(BUDGET, "index_route", _sub(BUDGET, "index_route")),
    Route(BUDGET, "booth", _sub(BUDGET, "booth", _city), {"project": "text", "action": "text"}),
    Route(BUDGET, "withdraw", _sub(BUDGET, "withdraw", _city)),
    Route(BUDGET, "export", _sub(BUDGET, "export", _city), days_later=30),
    # citizen proposals
    Route(PROPOSALS, "listing", _sub(PROPOSALS, "listing")),
    Route(PROPOSALS, "index_route", _sub(PROPOSALS, "index_route")),
    Route(PROPOSALS, "submit", _sub(PROPOSALS, "submit"), PROPOSAL_FIELDS),
    Route(PROPOSALS, "proposal", _sub(PROPOSALS, "proposal", _id("proposal"))),
    Route(PROPOSALS, "edit", _sub(PROPOSALS, "edit", _id("draft")), PROPOSAL_FIELDS),
    Route(PROPOSALS, "support", _sub(PROPOSALS, "support", _id("proposal")), {"confirm": "text"}),
    Route(PROPOSALS, "comment", _sub(PROPOSALS, "comment", _id("proposal")), COMMENT_FIELDS),
    Route(PROPOSALS, "report", _sub(PROPOSALS, "report", _id("proposal")), REPORT_FIELDS),
    Route(PROPOSALS, "follow", _sub(PROPOSALS, "follow", _id("proposal")), {"follow": "text"}),
    Route(PROPOSALS, "comment_edit", _sub(PROPOSALS, "comment_edit", _id("proposal_comment")), {"body": "multiline"}),
    Route(PROPOSALS, "comment_delete", _sub(PROPOSALS, "comment_delete", _id("proposal_comment"))),
    Route(PROPOSALS, "report_comment", _sub(PROPOSALS, "report_comment", _id("proposal_comment")), REPORT_FIELDS),
]

# Routes in wagtail_participation/urls.py that belong to the person, not to a method: the write
# guard does not apply (there is no method page to be hidden).
NOT_METHOD_ROUTES = {
    "verify": "chooses a verification way (GET only)",
    "verify_with": "verifies the person against a register, for every method at once",
    "me": "the person's own overview and their public name (belongs to the person, not a method)",
    "me_download": "downloads the person's own data",
    "me_delete": "deletes the person's own account",
    # The author contests a moderator's decision on their own item: the right to ask for a review
    # outlives the method (closed, unpublished or moved), see docs/moderation.md; tests/core/test_reviews.py.
    "request_review": "the author asks for a review of a hide of their own item",
}

# Method pages of the test project that are not part of the package.
TEST_ONLY_MODELS = {"testapp.minimalmethodpage"}


def record_route_page(route: Route, scene: Scene):
    """The method page a route writes to."""
    outside = {
        "vote_idea": IDEAS,
        "answer_survey": SURVEY,
        "cast_budget_ballot": BUDGET,
        "support_proposal": PROPOSALS,
        "comment_on": IDEAS,
    }
    return scene.page(route.model or outside.get(route.name, POLL))
