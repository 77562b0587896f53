"""Builders and helpers the tests share: pages, contributions, requests, the browser (``make_project(**kwargs)`` style).

One definition each; fixtures live in ``conftest.py`` files. Importing this module needs only the
core: each method app's models are imported inside its builders, so a site with only some methods
installed (the single-method passes of CI) can import it and call the builders of what it has.
"""

from __future__ import annotations

import re
import threading
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from tests.pytest_required import chromium_path
from wagtail_participation.engine.policy import Level

BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime(2027, 5, 1, 12, 0, tzinfo=BRUSSELS)


def days(n):
    return timedelta(days=n)


# -- pages of the core --------------------------------------------------------------------------------


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page.specific


def ensure_site():
    """Wagtail's root page and default site; transactional tests flush the ones migrations made."""
    from wagtail.models import Page, Site

    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    welcome = root.add_child(instance=Page(title="Welcome", slug="home"))
    return Site.objects.create(hostname="localhost", port=80, root_page=welcome, is_default_site=True)


def make_index(parent, **kwargs):
    from wagtail_participation.models import ParticipationIndexPage

    kwargs.setdefault("title", "Have your say")
    return publish(parent.add_child(instance=ParticipationIndexPage(**kwargs)))


TRUST = {
    "goal": "<p>Goal</p>",
    "who_can_take_part": "<p>Everyone</p>",
    "what_happens_with_input": "<p>We read it</p>",
    "decision_criteria": "<p>Criteria</p>",
    "next_steps": "<p>Next</p>",
}


def make_project(index, phases=(), topics=(), areas=(), **kwargs):
    """A published project. ``phases`` are ``(phase_type, start, end)`` or ``(phase_type, start, end, title)``."""
    from wagtail_participation.models import ProjectPage, ProjectPhase

    kwargs.setdefault("title", "Safe routes to school")
    kwargs.setdefault("intro", "Tell us which crossings feel unsafe.")
    for key, value in TRUST.items():
        kwargs.setdefault(key, value)
    page = ProjectPage(**kwargs)
    for order, phase in enumerate(phases):
        phase_type, start, end, *title = phase
        page.phases.add(
            ProjectPhase(
                sort_order=order,
                phase_type=phase_type,
                start=start,
                end=end,
                title=title[0] if title else phase_type.title(),
            )
        )
    page.topics = list(topics)
    page.areas = list(areas)
    return publish(index.add_child(instance=page))


def make_method(parent, rules=None, **kwargs):
    """A published minimal method page (tests.testapp) with the given participation rules."""
    from tests.testapp.models import MinimalMethodPage

    kwargs.setdefault("title", "Minimal method")
    page = MinimalMethodPage(participation_rules=rules or {}, **kwargs)
    return publish(parent.add_child(instance=page))


def set_fake_results(page, rows):
    """The results a minimal method page (tests.testapp) reports: ``(code, label, value)`` rows."""
    from tests.testapp.models import MinimalMethodPage

    MinimalMethodPage.fake_results[str(page.translation_key)] = rows


def vote_rule(level, phases=(), areas=(), accept_declared=False):
    return {
        "actions": {"vote": {"level": level, "phases": [str(p) for p in phases]}},
        "area_keys": [str(a) for a in areas],
        "accept_declared_area": accept_declared,
    }


def subpage_url(page, name, *args):
    """The URL of one of a routable method page's own routes."""
    return page.url + page.reverse_subpage(name, args=args)


def app_label_of(model_name: str) -> str:
    """The app label of an installed model, by its lower-case name (``"idea"`` -> ``"participation_ideas"``)."""
    from django.apps import apps

    return next(model._meta.app_label for model in apps.get_models() if model._meta.model_name == model_name)


def staff_with(django_user_model, *codenames, name="ed", email=""):
    """An admin user (``access_admin``) whose group holds ``codenames`` (the core's or a method app's)."""
    from django.contrib.auth.models import Group, Permission

    user = django_user_model.objects.create_user(name, email, "pw")
    group = Group.objects.create(name=f"group of {name}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        group.permissions.add(participation_permission(codename))
    user.groups.add(group)
    return user


def participation_permission(codename: str):
    """The permission ``codename`` of the core or a method app (``change_comment`` is the core's, not Wagtail's)."""
    from django.apps import apps
    from django.contrib.auth.models import Permission

    labels = [config.label for config in apps.get_app_configs() if config.name.startswith("wagtail_participation")]
    return Permission.objects.get(content_type__app_label__in=labels, codename=codename)


def bulk_action_url(action, pk, model="idea"):
    """Wagtail's bulk action ``action`` on one item of a participation model, back to the admin home."""
    from django.urls import reverse

    return reverse("wagtail_bulk_action", args=(app_label_of(model), model, action)) + f"?id={pk}&next=/admin/"


# -- requests -----------------------------------------------------------------------------------------


def query_count(client, url):
    """How many queries a GET of ``url`` makes (it must answer 200)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def run_in_parallel(target, count=8):
    """Run ``target`` in ``count`` threads released at once; the exceptions they raised."""
    barrier = threading.Barrier(count)
    errors = []

    def worker():
        from django.db import connections

        try:
            barrier.wait()
            target()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


# -- verification -------------------------------------------------------------------------------------

CENSUS_CSV = (
    "postal_code;house_number;date_of_birth;area\n"
    "3001;12;03/05/1980;noord\n"
    "3001;12 B;1975-11-30;noord\n"
    "3010;4;1990-01-02;zuid\n"
)


def census_backend():
    from wagtail_participation import verification

    return verification.get_backend("census")


def verify_url(backend):
    from django.urls import reverse

    return reverse("wagtail_participation:verify_with", args=(backend,))


def log_in_new_user(client, django_user_model, name="ann"):
    """A new account, logged in on ``client``."""
    user = django_user_model.objects.create_user(name, password="pw")
    client.force_login(user)
    return user


# -- idea boards ----------------------------------------------------------------------------------------

ALL_ACTIONS_OPEN = {"actions": {action: {"level": 0, "phases": []} for action in ("submit", "vote", "comment")}}


def make_board(parent, rules=None, now=None, **kwargs):
    """A published idea board. Outside a project it is open from ``now - 1 day`` for 30 days."""
    from wagtail_participation import clock
    from wagtail_participation.ideas.models import IdeaBoardPage

    moment = now or clock.now()
    kwargs.setdefault("title", "Unsafe crossings")
    kwargs.setdefault("slug", "ideas")
    kwargs.setdefault("question", "Which crossings feel unsafe?")
    kwargs.setdefault("opens_at", moment - timedelta(days=1))
    kwargs.setdefault("closes_at", moment + timedelta(days=30))
    page = IdeaBoardPage(participation_rules=rules or ALL_ACTIONS_OPEN, **kwargs)
    return publish(parent.add_child(instance=page))


def make_idea(board, author=None, **kwargs):
    from wagtail_participation import clock
    from wagtail_participation.ideas.models import Idea

    kwargs.setdefault("title", "A crossing guard at the school")
    kwargs.setdefault("body", "Children cross Kerkstraat alone every morning.")
    kwargs.setdefault("language", "en")
    kwargs.setdefault("created_at", clock.now())
    return Idea.objects.create(record=board.participation_record, author=author, **kwargs)


# -- citizen proposals ----------------------------------------------------------------------------------

PROPOSAL_ACTIONS_OPEN = {"actions": {action: {"level": 0, "phases": []} for action in ("submit", "support", "comment")}}


def make_proposals_page(parent, rules=None, now=None, **kwargs):
    """A published citizen proposals page, open "any time" from ``now - 1 day``."""
    from wagtail_participation import clock
    from wagtail_participation.proposals.models import ProposalsPage

    moment = now or clock.now()
    kwargs.setdefault("title", "Citizen proposals")
    kwargs.setdefault("slug", "proposals")
    kwargs.setdefault("opens_at", moment - timedelta(days=1))
    page = ProposalsPage(participation_rules=rules or PROPOSAL_ACTIONS_OPEN, **kwargs)
    return publish(parent.add_child(instance=page))


def make_proposal(page, author=None, submit=True, **kwargs):
    """A proposal through the service layer: submitted (published unless the page prescreens)."""
    from wagtail_participation.proposals import services as proposals

    kwargs.setdefault("title", "A playground in the Molenpark")
    kwargs.setdefault("body", "The Molenpark has grass but nothing for children to climb on.")
    kwargs.setdefault("language", "en")
    return proposals.new_proposal(page, author, submit=submit, **kwargs)


# -- polls and option analyses ----------------------------------------------------------------------------

VOTE_OPEN = {"actions": {"vote": {"level": int(Level.ANYONE), "phases": []}}}
POLL_OPTIONS = (("market-square", "On the market square"), ("station", "Near the station"), ("park", "In the park"))


def make_poll(parent, options=POLL_OPTIONS, rules=None, now=None, **kwargs):
    """A published poll, open from ``now - 1 day`` for 14 days, its results always shown."""
    from wagtail_participation import clock
    from wagtail_participation.polls.models import PollOption, PollPage

    moment = now or clock.now()
    kwargs.setdefault("title", "Where should the new bike shed go?")
    kwargs.setdefault("slug", "bike-shed")
    kwargs.setdefault("question", "Where should the new bike shed go?")
    kwargs.setdefault("opens_at", moment - days(1))
    kwargs.setdefault("closes_at", moment + days(14))
    kwargs.setdefault("results_visibility", "always")
    page = PollPage(participation_rules=rules or VOTE_OPEN, **kwargs)
    for order, (code, label) in enumerate(options):
        page.options.add(PollOption(code=code, label=label, sort_order=order))
    return publish(parent.add_child(instance=page))


def poll_vote_url(poll):
    """The vote route of a poll or an option analysis."""
    from django.urls import reverse

    return reverse("wagtail_participation:vote_poll", args=(poll.participation_record.pk,))


ANALYSIS_OPEN = {
    "actions": {
        "vote": {"level": int(Level.ANYONE), "phases": []},
        "comment": {"level": int(Level.ANYONE), "phases": []},
    }
}
ANALYSIS_SCENARIOS = (
    ("one-way", "One-way loop", "Faster for cars", "Detours for residents"),
    ("school-street", "School street", "Safe crossings", "Closed at school times"),
    ("status-quo", "Leave it as it is", "No cost", "Unsafe stays unsafe"),
)


def make_analysis(parent, now=None, scenarios=ANALYSIS_SCENARIOS, rules=None, **kwargs):
    """A published option analysis; ``scenarios`` are ``(code, label, pros, cons)``."""
    from wagtail_participation import clock
    from wagtail_participation.polls.models import AnalysisOption, OptionAnalysisPage

    moment = now or clock.now()
    kwargs.setdefault("title", "Traffic in Noord: three scenarios")
    kwargs.setdefault("slug", "traffic-scenarios")
    kwargs.setdefault("question", "Which traffic scenario do you prefer?")
    kwargs.setdefault("opens_at", moment - days(1))
    kwargs.setdefault("closes_at", moment + days(14))
    kwargs.setdefault("results_visibility", "always")
    page = OptionAnalysisPage(participation_rules=rules or ANALYSIS_OPEN, **kwargs)
    for order, (code, label, pro, con) in enumerate(scenarios):
        page.options.add(
            AnalysisOption(
                code=code,
                label=label,
                description=f"<p>{label} explained.</p>",
                pros=pro,
                cons=con,
                cost="€100,000",
                sort_order=order,
            )
        )
    return publish(parent.add_child(instance=page))


def make_ranked_analysis(parent, now):
    """A ranked option analysis with the options ``a``, ``b`` and ``c`` (Borda and instant-runoff)."""
    return make_analysis(
        parent,
        now=now,
        scenarios=[("a", "One-way streets", "", ""), ("b", "School street", "", ""), ("c", "Nothing changes", "", "")],
        rules=VOTE_OPEN,
        title="Three traffic scenarios",
        slug="scenarios",
        question="Which scenario?",
        mode="rank",
    )


# -- surveys ------------------------------------------------------------------------------------------------

SURVEY_OPEN_TO_ANYONE = {"actions": {"submit": {"level": int(Level.ANYONE), "phases": []}}}
SURVEY_OPEN_TO_REGISTERED = {"actions": {"submit": {"level": int(Level.REGISTERED), "phases": []}}}

PARK_QUESTIONS = [
    dict(
        field_type="radio",
        label="How often do you visit the park?",
        code="visits",
        choices="Daily\nWeekly\nRarely",
        option_codes="daily\nweekly\nrarely",
    ),
    dict(
        field_type="scale",
        label="How satisfied are you with the park?",
        code="satisfaction",
        minimum=1,
        maximum=5,
        low_label="Not at all",
        high_label="Very",
    ),
    dict(
        field_type="multiline",
        label="Why do you come rarely?",
        code="why_rarely",
        required=False,
        condition_question="visits",
        condition_values="rarely",
    ),
    dict(field_type="page_break", label="Your wishes"),
    dict(field_type="heading", label="Facilities", help_text="What the park should offer."),
    dict(
        field_type="ranking",
        label="Put these in order of priority",
        code="priorities",
        choices="Trees\nPlayground\nBenches",
        option_codes="trees\nplayground\nbenches",
    ),
    dict(
        field_type="matrix",
        label="How important is…",
        code="importance",
        choices="Quiet\nLight at night",
        option_codes="quiet\nlight",
        minimum=1,
        maximum=5,
    ),
    dict(field_type="number", label="Your age", code="age", minimum=0, maximum=120, required=False),
    dict(
        field_type="choice_other",
        label="How do you get there?",
        code="transport",
        choices="On foot\nBy bike",
        option_codes="walk\nbike",
    ),
    dict(
        field_type="checkboxes",
        label="What do you do there?",
        code="activities",
        choices="Sport\nPicnic",
        option_codes="sport\npicnic",
        required=False,
    ),
]

# valid answers to PARK_QUESTIONS, step by step
VALID_STEP_1 = {"visits": "weekly", "satisfaction": "4"}
VALID_STEP_2 = {
    "priorities__0": "2",
    "priorities__1": "1",
    "priorities__2": "3",
    "importance__0": "5",
    "importance__1": "3",
    "age": "41",
    "transport__0": "bike",
    "activities": ["sport", "picnic"],
}


def make_survey(parent, questions=PARK_QUESTIONS, rules=None, now=None, **kwargs):
    """A published survey, open from ``now - 1 day`` for 30 days."""
    from wagtail_participation import clock
    from wagtail_participation.surveys.models import SurveyPage, SurveyQuestion

    moment = now or clock.now()
    kwargs.setdefault("title", "Park survey")
    kwargs.setdefault("slug", "park-survey")
    kwargs.setdefault("opens_at", moment - days(1))
    kwargs.setdefault("closes_at", moment + days(30))
    page = SurveyPage(participation_rules=rules or SURVEY_OPEN_TO_ANYONE, **kwargs)
    for order, question in enumerate(questions):
        page.form_fields.add(SurveyQuestion(sort_order=order, **question))
    return publish(parent.add_child(instance=page))


def post_to_survey(client, survey, data, action="send", step=None):
    """Post one step of ``survey`` as its page's form does: "send" (only offered on the last step)
    to the survey's answer route outside the page tree, the other actions to the page."""
    from django.urls import reverse
    from django.utils import translation

    payload = {**data, "action": action}
    if step is not None:
        payload["step"] = str(step)
    if action == "send":  # the route in the page's language, as the page's form has it
        with translation.override(survey.locale.language_code):
            url = reverse("wagtail_participation:answer_survey", args=(survey.participation_record.pk,))
        return client.post(url, payload)
    return client.post(survey.url, payload)


def full_answers():
    """Valid answers to every question of PARK_QUESTIONS."""
    return {**VALID_STEP_1, **VALID_STEP_2}


def survey_responses(survey):
    from wagtail_participation.surveys.models import SurveyResponse

    return SurveyResponse.objects.filter(record=survey.participation_record)


def add_survey_response(survey, answers, participant=None):
    """A submitted response with ``answers`` (by a new anonymous participant unless told)."""
    from wagtail_participation import clock
    from wagtail_participation.models import Participant
    from wagtail_participation.surveys.models import SurveyParticipation, SurveyResponse

    participant = participant or Participant.new_anonymous()
    SurveyResponse.objects.create(
        record=survey.participation_record,
        participant=participant,
        language="en",
        submitted_at=clock.now(),
        answers=answers,
    )
    SurveyParticipation.objects.create(
        record=survey.participation_record, participant=participant, answered_on=clock.now().date()
    )


# -- participatory budgets ------------------------------------------------------------------------------------


def make_budget_page(
    home,
    now,
    budgets=None,
    projects=None,
    level=0,
    district_mode="home",
    outcome_rule="mes",
    vote_from=-1,
    vote_days=14,
    areas=None,
    **kwargs,
):
    """A published budget page in a project whose vote phase runs from ``now + vote_from`` days.

    ``budgets``: dicts of Budget fields (default: one city-wide knapsack budget of 100,000).
    ``projects``: dicts of BudgetProject fields (default: four projects in "city").
    """
    from wagtail_participation.budgets.models import Budget, BudgetPage, BudgetProject

    index = make_index(home, slug=kwargs.pop("index_slug", "participate"))
    start = now + timedelta(days=vote_from)
    project = make_project(
        index,
        phases=[("vote", start, start + timedelta(days=vote_days))],
        slug=kwargs.pop("project_slug", "city-budget"),
    )
    phase = project.phases.first()
    budgets = budgets if budgets is not None else [{"title": "City-wide", "slug": "city", "amount": 100_000}]
    projects = (
        projects
        if projects is not None
        else [
            {"budget_slug": "city", "title": "Trees on Kerkstraat", "cost": 40_000},
            {"budget_slug": "city", "title": "A skate park", "cost": 60_000},
            {"budget_slug": "city", "title": "Benches in the park", "cost": 10_000},
            {"budget_slug": "city", "title": "A repair café", "cost": 30_000},
        ]
    )
    rules = {
        "actions": {"vote": {"level": level, "phases": [phase.code]}},
        "area_keys": [str(a.translation_key) for a in areas or []],
    }
    page = BudgetPage(
        title=kwargs.pop("title", "City budget 2027"),
        slug=kwargs.pop("slug", "budget"),
        participation_rules=rules,
        district_mode=district_mode,
        outcome_rule=outcome_rule,
        **kwargs,
    )
    for order, data in enumerate(budgets):
        page.budgets.add(Budget(sort_order=order, **data))
    for order, data in enumerate(projects):
        page.budget_projects.add(BudgetProject(sort_order=order, **data))
    project.add_child(instance=page)
    return publish(page)


def budget_project_codes(page, slug="city"):
    """Project codes of one budget, in ballot order, by title."""
    return {p.title: p.code for p in page.budget_projects.all() if p.budget_slug == slug}


def booth_url(page, slug="city"):
    return page.url + page.reverse_subpage("booth", args=(slug,))


def cast_url(page, slug="city"):
    """Where the review's "Submit my ballot" posts: the ballot's route outside the page tree."""
    from django.urls import reverse
    from django.utils import translation

    with translation.override(page.locale.language_code):  # in the page's language, as its form has it
        return reverse("wagtail_participation:cast_budget_ballot", args=(page.participation_record.pk, slug))


# -- results pages, decisions and milestones ------------------------------------------------------------------


def make_results_page(project, body, **kwargs):
    from wagtail_participation.results.models import ResultsPage

    kwargs.setdefault("title", "What happened with your input")
    kwargs.setdefault("slug", "results")
    kwargs.setdefault("intro", "Over 40 residents took part; the council adopted three measures.")
    return publish(project.add_child(instance=ResultsPage(body=body, **kwargs)))


def method_block(method, heading="", **options):
    """A results page's generic block showing one method's results; ``options`` are the method's own
    (e.g. ``codes``, ``details``), which its manifest draws in the block."""
    return ("method_results", {"method": method, "heading": heading, "text": "", **options})


def html_of(client, page, **kwargs):
    response = client.get(page.url, **kwargs)
    assert response.status_code == 200
    return response.content.decode()


def make_decision(locale, **kwargs):
    from wagtail_participation.models import PolicyDecision
    from wagtail_participation.models.outcomes import DecisionStatus

    kwargs.setdefault("title", "Crossing guard at Kerkstraat")
    kwargs.setdefault("you_said", "<p>Kerkstraat is unsafe at 8:30.</p>")
    kwargs.setdefault("we_did", "<p>A crossing guard from September.</p>")
    kwargs.setdefault("status", DecisionStatus.ADOPTED)
    return PolicyDecision.objects.create(locale=locale, **kwargs)


def make_milestone(locale, **kwargs):
    from wagtail_participation.models import Milestone
    from wagtail_participation.models.outcomes import MilestoneStatus

    kwargs.setdefault("title", "Recruit a crossing guard")
    kwargs.setdefault("status", MilestoneStatus.IN_PROGRESS)
    kwargs.setdefault("progress", 60)
    return Milestone.objects.create(locale=locale, **kwargs)


def translate_with_localize(instance, locale):
    """Translate through wagtail-localize, as an editor's "Translate" action does."""
    from wagtail_localize.models import Translation, TranslationSource

    source, _ = TranslationSource.get_or_create_from_instance(instance)
    translation = Translation.objects.create(source=source, target_locale=locale)
    translation.save_target(publish=True)
    translated = type(instance).objects.get(translation_key=instance.translation_key, locale=locale)
    if hasattr(translated, "get_latest_revision") and not translated.live:
        translated.get_latest_revision().publish()  # wagtail-localize publishes pages on commit
        translated.refresh_from_db()
    return translated


# -- headless Chromium (the fixtures are in conftest.py) -------------------------------------------------------

CHROMIUM = chromium_path()
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTHS = (375, 1280)  # a small phone and a laptop
SCREENSHOT_DIR = Path(__file__).resolve().parents[1] / ".test-screenshots"
# Elements whose content must stay inside their own box (a long word in a narrow card, a label).
OVERFLOW_CHECK = """() => {
  const wide = [];
  for (const el of document.querySelectorAll("h1, h2, h3, h4, .wp-bars__label, .wp-card, .wp-timeline__phase")) {
    if (el.closest(".wp-visually-hidden") || !el.getClientRects().length) continue;
    if (el.scrollWidth > el.clientWidth + 1) wide.push(el.tagName.toLowerCase() + "." + el.className + ": " + el.textContent.trim().slice(0, 60));
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, wide: wide};
}"""
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


# Content-Security-Policy: every `securitypolicyviolation` of a document, collected from its first
# byte (an init script runs before the page's own code, in every document the page loads).
CSP_LISTENER = """(() => {
  window.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push({
      directive: event.effectiveDirective, blocked: event.blockedURI, source: event.sourceFile,
      line: event.lineNumber, sample: event.sample,
    });
  });
})();"""


def record_csp_violations(page) -> None:
    """From now on, each document ``page`` loads records its CSP violations (read them with
    :func:`csp_violations` before the next navigation)."""
    page.add_init_script(CSP_LISTENER)


def csp_violations(page) -> list[dict]:
    """The current document's CSP violations so far, after letting queued reports arrive."""
    return page.evaluate("() => new Promise((done) => setTimeout(() => done(window.__cspViolations || null), 50))")


def log_in(page, base: str, email: str, password: str = "a-long-test-password") -> None:
    """Log in through the site's own login form, as a resident would."""
    page.goto(base + "/en/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


ADMIN_USERNAME, ADMIN_PASSWORD = "axe-moderator", "participation-axe"


def log_in_to_admin(page, base, django_user_model):
    """A new superuser, logged in through the Wagtail admin's login form."""
    from django.urls import reverse

    django_user_model.objects.create_superuser(ADMIN_USERNAME, "axe@city.example", ADMIN_PASSWORD)
    page.goto(base + reverse("wagtailadmin_login"))
    page.fill("input[name=username]", ADMIN_USERNAME)
    page.fill("input[name=password]", ADMIN_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


def screenshot_name(url: str) -> str:
    parts = urlsplit(url)
    name = re.sub(r"[^A-Za-z0-9]+", "-", f"{parts.path}{'?' + parts.query if parts.query else ''}").strip("-")
    return f"{name or 'root'}.png"


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"  {v['url']}\n    [{v['id']}] ({v['impact']}) {v['help']}\n    {v['helpUrl']}")
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"      target: {target}\n        {summary[:300]}")
    return "\n".join(lines)


# -- write services -------------------------------------------------------------------------------------


def make_actor(participant=None, user=None):
    """An actor for calling a write service directly, as a view would after resolving it: a POST
    request from 127.0.0.1 to the default site, without a session."""
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from wagtail_participation import writes

    request = RequestFactory().post("/")
    request.user = user or AnonymousUser()
    if participant is not None:
        request._participation_participant = participant
    return writes.actor_for(request)
