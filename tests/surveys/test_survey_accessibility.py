"""The park survey in headless Chromium: axe on every step, an error state and the thank-you page;
the ranking and matrix answered by keyboard only; everything without JavaScript."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.builders import AXE_OPTIONS, CHROMIUM, format_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium executable found (apt-get install chromium)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SURVEY = "/en/participate/park-de-linde/park-survey/"


def test_survey_steps_errors_and_keyboard(demo_site, browser_page):
    from axe_playwright_python.sync_playwright import Axe

    page, axe, report = browser_page, Axe(), []
    shots = Path(os.environ["WP_SCREENSHOT_DIR"]) if os.environ.get("WP_SCREENSHOT_DIR") else None
    page.context.set_extra_http_headers({})
    page.context.route("**/*.js", lambda route: route.abort())  # no JavaScript needed anywhere

    def check(label):
        found = axe.run(page, options=AXE_OPTIONS).response["violations"]
        report.extend({**v, "url": label} for v in found)
        assert page.locator("h1").count() == 1, label
        if shots:
            shots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shots / f"survey-{label.replace(' ', '-')}.png"), full_page=True)

    page.goto(demo_site + SURVEY)
    check("step 1")
    # Send step 1 empty: errors, nothing lost, focusable summary
    page.locator("button[value=next]").click()
    page.wait_for_load_state()
    assert page.locator(".wp-field-error").count() >= 2
    check("step 1 with errors")

    page.check("#id_visits_3")  # rarely: the follow-up question applies
    page.check("#id_satisfaction_1")
    page.fill("#id_why_rarely", "Too dark in the evening")
    page.check("#id_transport__0_other")
    page.fill("#id_transport__1", "Skateboard")
    page.locator("button[value=next]").click()
    page.wait_for_load_state()
    assert "Step 2 of 3" in page.content()
    check("step 2")

    # The ranking by keyboard: focus each list and type the place.
    for index, place in enumerate(["2", "1", "3", "4", "5"]):
        page.focus(f"#id_priorities__{index}")
        page.keyboard.press("Home")
        for _ in range(int(place)):
            page.keyboard.press("ArrowDown")
        assert page.input_value(f"#id_priorities__{index}") == place
    # The matrix by keyboard: Tab to a row's radio group, arrows choose the point.
    for row in range(4):
        page.focus(f"#id_importance__{row}_3")
        page.keyboard.press("Space")
        page.keyboard.press("ArrowRight")
        assert page.is_checked(f"#id_importance__{row}_4")
    page.locator("button[value=next]").click()
    page.wait_for_load_state()
    assert "Step 3 of 3" in page.content()
    check("step 3")

    page.fill("#id_age", "200")  # out of range
    page.select_option("#id_district", "noord")
    page.locator("button[value=send]").click()
    page.wait_for_load_state()
    assert "Give a number from 6 to 110." in page.content()
    assert page.input_value("#id_age") == "200"
    check("step 3 with an error")

    page.locator("button[value=back]").click()
    page.wait_for_load_state()
    assert page.input_value("#id_priorities__1") == "1"  # answers survive going back
    page.locator("button[value=next]").click()
    page.wait_for_load_state()
    page.fill("#id_age", "41")
    page.locator("button[value=send]").click()
    page.wait_for_load_state()
    assert "You have answered this survey" in page.content()
    check("thank you")
    assert report == [], "axe violations:\n" + format_violations(report)
