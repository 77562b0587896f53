"""Polls and option analyses in headless Chromium: error states, voting from the home page and
ranking, each checked with axe-core; everything by plain form posts (no JavaScript needed)."""

import pytest

from tests.builders import AXE_OPTIONS, CHROMIUM, format_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium executable found (apt-get install chromium)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_axe_on_poll_and_ranking_states(demo_site, browser_page):
    import os
    from pathlib import Path

    from axe_playwright_python.sync_playwright import Axe

    page, axe, report = browser_page, Axe(), []
    shots = Path(os.environ["WP_SCREENSHOT_DIR"]) if os.environ.get("WP_SCREENSHOT_DIR") else None

    def check(label):
        found = axe.run(page, options=AXE_OPTIONS).response["violations"]
        report.extend({**v, "url": label} for v in found)
        assert page.locator("h1").count() == 1, label
        if shots:
            shots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shots / f"polls-{label.replace(' ', '-')}.png"), full_page=True)

    # The flash poll on the home page: submit without choosing -> the poll page with the error.
    page.goto(demo_site + "/en/")
    poll = page.locator(".wp-embedded-poll")
    with page.expect_navigation():
        poll.locator("button[type=submit]").click()
    assert page.locator(".wp-field-error").count() == 1
    assert page.locator("text=Back to where you were").count() == 1
    check("poll error")
    # By keyboard: focus the second answer, select it with Space, Tab to "Vote", press Enter.
    page.goto(demo_site + "/en/")
    page.locator(".wp-embedded-poll input[type=radio]").nth(1).focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Vote"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.startswith(demo_site + "/en/")
    assert page.locator(".wp-embedded-poll .wp-chart").count() == 1  # results after voting
    check("home after voting")

    scenarios = demo_site + "/en/participate/safe-routes-to-school/traffic-scenarios/"
    page.goto(scenarios)
    check("scenarios")
    page.select_option("select[name=rank_school-streets]", "1")
    page.select_option("select[name=rank_one-way-loop]", "1")
    with page.expect_navigation():
        page.locator(".wp-poll__form button[type=submit]").click()
    assert page.locator(".wp-field-error").count() == 2
    assert page.input_value("select[name=rank_one-way-loop]") == "1"  # kept
    check("ranking error")
    page.select_option("select[name=rank_one-way-loop]", "2")
    with page.expect_navigation():
        page.locator(".wp-poll__form button[type=submit]").click()
    assert page.locator("text=Your vote has been counted").count() == 1
    check("ranking counted")
    assert report == [], "axe violations:\n" + format_violations(report)
