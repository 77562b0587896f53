"""The method results blocks the demo's pages do not show (option analysis with its runoff table,
every proposal that reached the threshold, a budget's winners only, a survey with moderated
written answers) on one extra results page of the demo city, checked with axe-core in Chromium."""

import pytest

from tests.builders import AXE_OPTIONS, CHROMIUM, format_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium executable found (apt-get install chromium)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_axe_on_every_method_results_block(demo_site, browser_page):
    import os
    from pathlib import Path

    from axe_playwright_python.sync_playwright import Axe

    from wagtail_participation.budgets.models import BudgetPage
    from wagtail_participation.models import ProjectPage
    from wagtail_participation.polls.models import OptionAnalysisPage
    from wagtail_participation.proposals.models import ProposalsPage
    from wagtail_participation.results.models import ResultsPage
    from wagtail_participation.surveys.models import SurveyPage

    project = ProjectPage.objects.get(slug="safe-routes-to-school", locale__language_code="en")
    block = {"heading": "", "text": ""}
    body = [  # the generic results block, drawn by each method's app (issue 14)
        ("method_results", {**block, "method": OptionAnalysisPage.objects.get(slug="traffic-scenarios")}),
        (
            "method_results",
            {
                **block,
                "method": ProposalsPage.objects.filter(locale__language_code="en").first(),
                "which": "top",
                "count": 10,
            },
        ),
        (
            "method_results",
            {
                **block,
                "method": BudgetPage.objects.get(
                    title="Results: neighbourhood budget Noord 2026", locale__language_code="en"
                ),
                "codes": "",
                "details": False,
            },
        ),
        (
            "method_results",
            {**block, "method": SurveyPage.objects.get(slug="evaluation"), "codes": "", "show_texts": True},
        ),
    ]
    results_page = ResultsPage(title="Results so far", slug="results", intro="What residents said so far.", body=body)
    project.add_child(instance=results_page)
    results_page.save_revision().publish()

    page, axe = browser_page, Axe()
    page.goto(f"{demo_site}/en/participate/safe-routes-to-school/results/")
    for text in (
        "Instant-runoff, round by round",
        "Reached the threshold",
        "Funded",
        "Some written answers (moderated)",
    ):
        assert page.locator(f"text={text}").count() >= 1, text
    assert page.locator("h1").count() == 1
    if os.environ.get("WP_SCREENSHOT_DIR"):
        shots = Path(os.environ["WP_SCREENSHOT_DIR"])
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / "results-blocks.png"), full_page=True)
    found = [{**v, "url": "results blocks"} for v in axe.run(page, options=AXE_OPTIONS).response["violations"]]
    assert not found, format_violations(found)
