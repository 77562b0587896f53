"""Every method embedded live in one page of the demo city (issue 14), in headless Chromium with
axe-core: an option analysis, a survey of one step and one of several, a participatory budget, a
poll, an idea board and citizen proposals. A resident ranks, answers and votes by plain form posts
(no JavaScript needed) and comes back to the page each time; each state is checked with axe, at a
375 px phone and a 1280 px screen (nothing scrolls sideways), with screenshots to look at."""

import os
from pathlib import Path

import pytest

from tests.builders import AXE_OPTIONS, CHROMIUM, OVERFLOW_CHECK, SCREENSHOT_DIR, WIDTHS, format_violations, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium executable found (apt-get install chromium)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PATH = "/en/take-part-here/"


def _embedding_page():
    """A page of the demo city with every method live, and a survey of one step to answer in it."""
    from datetime import timedelta

    from home.models import HomePage
    from wagtail_participation import clock
    from wagtail_participation.budgets.models import BudgetPage
    from wagtail_participation.ideas.models import IdeaBoardPage
    from wagtail_participation.models import ParticipationIndexPage
    from wagtail_participation.polls.models import OptionAnalysisPage, PollPage
    from wagtail_participation.proposals.models import ProposalsPage
    from wagtail_participation.surveys.models import SurveyPage, SurveyQuestion

    english = {"locale__language_code": "en"}
    home = HomePage.objects.get(depth=2, **english)
    index = ParticipationIndexPage.objects.get(**english)
    quick = SurveyPage(
        title="Two questions about the market",
        slug="market-questions",
        intro="<p>It takes a minute.</p>",
        opens_at=clock.now() - timedelta(days=1),
        closes_at=clock.now() + timedelta(days=30),
        participation_rules={"actions": {"submit": {"level": 0, "phases": []}}},
    )
    quick.form_fields.add(
        SurveyQuestion(
            sort_order=0,
            field_type="radio",
            label="How often do you go to the market?",
            code="visits",
            choices="Every week\nNow and then\nNever",
            option_codes="weekly\nsometimes\nnever",
        )
    )
    quick.form_fields.add(
        SurveyQuestion(
            sort_order=1, field_type="multiline", label="What would you change?", code="change", required=False
        )
    )
    index.add_child(instance=quick)
    quick.save_revision().publish()

    def live(page, **options):
        return ("method", {"method": page.specific, "heading": "", **options})

    page = HomePage(
        title="Take part here",
        slug="take-part-here",
        intro="Every way to take part, on one page.",
        participation=[
            live(OptionAnalysisPage.objects.get(slug="traffic-scenarios")),
            live(SurveyPage.objects.get(slug="market-questions")),
            live(SurveyPage.objects.get(slug="park-survey")),
            live(BudgetPage.objects.filter(**english).get(title="Vote on the city budget")),
            live(PollPage.objects.filter(**english).get(slug="flash-poll-market")),
            live(IdeaBoardPage.objects.filter(**english).first(), sort="votes", count=2),
            live(ProposalsPage.objects.filter(**english).first(), count=2),
        ],
    )
    home.add_child(instance=page)
    page.save_revision().publish()


def _verified_resident(django_user_model):
    """A resident of Noord with a confirmed e-mail and a verified address: may vote in the budget."""
    from allauth.account.models import EmailAddress

    from wagtail_participation.models import Area, Participant, Verification

    user = django_user_model.objects.create_user("resident@example.be", "resident@example.be", "a-long-test-password")
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    Verification.objects.create(
        participant=Participant.objects.create(user=user),
        level=Verification.VERIFIED,
        area=Area.objects.get(slug="noord", locale__language_code="en"),
        method="test",
    )
    return user


def test_axe_on_every_method_embedded_and_the_way_back(demo_site, browser_page, django_user_model):
    from axe_playwright_python.sync_playwright import Axe

    _embedding_page()
    resident = _verified_resident(django_user_model)
    page, axe, report, problems = browser_page, Axe(), [], []
    shots = Path(os.environ.get("WP_SCREENSHOT_DIR") or SCREENSHOT_DIR)
    shots.mkdir(parents=True, exist_ok=True)
    url = demo_site + PATH

    def check(label):
        found = axe.run(page, options=AXE_OPTIONS).response["violations"]
        report.extend({**v, "url": label} for v in found)
        if page.locator("h1").count() != 1:
            problems.append(f"{label}: {page.locator('h1').count()} <h1> elements")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            fit = page.evaluate(OVERFLOW_CHECK)
            if fit["scrollWidth"] > fit["innerWidth"]:
                problems.append(f"{label} at {width} px is {fit['scrollWidth']} px wide (scrolls sideways)")
            problems.extend(f"{label} at {width} px: wider than its box: {item}" for item in fit["wide"])
            page.screenshot(path=str(shots / f"embedded-{width}-{label.replace(' ', '-')}.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})

    response = page.goto(url)
    assert response is not None and response.status == 200
    for text in ("Rank the options", "Two questions about the market", "Start the survey", "City-wide"):
        assert page.locator(f"text={text}").count() >= 1, text
    check("every method")

    # The survey of one step: sent without an answer -> its page, the answer kept, the way back.
    survey = page.locator(".wp-embedded-survey", has_text="Two questions about the market")
    survey.locator("textarea").fill("More stalls with local food")
    with page.expect_navigation():
        survey.locator("button[value=send]").click()
    assert page.locator(".wp-error-summary").count() == 1 and page.locator("text=Back to where you were").count() == 1
    assert page.input_value("textarea") == "More stalls with local food"
    check("survey error")
    page.locator("label", has_text="Every week").click()
    with page.expect_navigation():
        page.locator("button[value=send]").click()
    assert page.url.startswith(url) and page.locator("text=Thank you. Your answers have been sent.").count() == 1
    assert page.locator("text=You have answered this survey").count() == 1
    check("survey sent")

    # The budget: a visitor is told why they cannot vote yet; a verified resident goes into the
    # booth with the way back, chooses, reviews, submits -> back here.
    assert page.locator(".wp-embedded-budget .wp-notice--reason").count() >= 1
    log_in(page, demo_site, resident.email)
    page.goto(url)
    check("logged in")
    budget = page.locator(".wp-embedded-budget")
    with page.expect_navigation():
        budget.locator("a.wp-button").first.click()
    assert page.locator("text=Back to where you were").count() == 1
    check("booth from the page")
    page.locator(".wp-booth__project input[type=checkbox]").first.check()
    with page.expect_navigation():
        page.locator("button[value=review]").click()
    with page.expect_navigation():
        page.locator("button[value=submit]").click()
    assert page.url.startswith(url) and page.locator(".wp-embedded-budget .wp-notice--success").count() == 1
    check("ballot stored")

    # The option analysis: rank two options by keyboard-free selects -> counted, results shown here.
    analysis = page.locator(".wp-embedded-analysis")
    selects = analysis.locator("select")
    selects.nth(0).select_option("1")
    selects.nth(1).select_option("2")
    with page.expect_navigation():
        analysis.locator("button[type=submit]").click()
    assert page.url.startswith(url) and page.locator("text=Your vote has been counted").count() == 1
    check("ranking counted")

    assert not problems, "\n".join(problems)
    assert report == [], "axe violations:\n" + format_violations(report)
