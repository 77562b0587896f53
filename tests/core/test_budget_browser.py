"""The voting booth in headless Chromium: axe at zero in every state, keyboard and live basket."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.builders import AXE_OPTIONS, CHROMIUM, csp_violations, format_violations, log_in, record_csp_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium executable found (apt-get install chromium)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BOOTH = "/en/participate/city-budget-2027/vote/"


def test_booth_states_pass_axe_with_a_live_basket_and_without_javascript(demo_site, browser_page, django_user_model):
    from allauth.account.models import EmailAddress
    from axe_playwright_python.sync_playwright import Axe

    from wagtail_participation.budgets.models import BudgetBallot
    from wagtail_participation.models import Area, Participant, Verification

    user = django_user_model.objects.create_user("voter@example.be", "voter@example.be", "a-long-test-password")
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    participant = Participant.objects.create(user=user)
    Verification.objects.create(
        participant=participant,
        level=Verification.VERIFIED,
        area=Area.objects.get(slug="noord", locale__language_code="en"),
        method="test",
    )
    page, axe, report = browser_page, Axe(), []

    shots = Path(os.environ["WP_SCREENSHOT_DIR"]) if os.environ.get("WP_SCREENSHOT_DIR") else None

    def check(label):
        if shots:
            shots.mkdir(parents=True, exist_ok=True)
            page.screenshot(
                path=str(shots / ("budget-" + re.sub(r"[^a-z0-9]+", "-", label.lower()) + ".png")), full_page=True
            )
        # the booth's script (live basket, meter) stays inside the strict Content-Security-Policy
        assert csp_violations(page) == [], f"{label}: Content-Security-Policy violations"
        found = axe.run(page, options=AXE_OPTIONS).response["violations"]
        report.extend({**v, "url": label} for v in found)
        assert page.locator("h1").count() == 1, label

    record_csp_violations(page)
    log_in(page, demo_site, user.email)

    page.goto(demo_site + BOOTH)
    check("budget overview, logged in")
    page.goto(demo_site + BOOTH + "city/")
    check("booth, empty")
    status = page.locator("#wp-basket-status")
    assert "€400,000 of €400,000 left" in status.inner_text()
    # Keyboard: tab to the first checkbox and tick it with the space bar; the live region follows.
    page.locator("input[name=project]").first.focus()
    page.keyboard.press("Space")
    # A function, not an expression: Playwright evaluates an expression with eval(), which the strict
    # Content-Security-Policy blocks
    page.wait_for_function("() => document.getElementById('wp-basket-status').textContent.includes('220,000')")
    assert status.get_attribute("aria-live") == "polite"
    # the meter follows by a length class (no style attribute): €180,000 of €400,000 is 45%
    meter_bar = page.locator("#wp-basket .wp-meter__bar")
    assert "wp-len-45" in meter_bar.get_attribute("class").split()
    share = meter_bar.bounding_box()["width"] / page.locator("#wp-basket .wp-meter").bounding_box()["width"]
    assert 0.43 < share < 0.47, share
    check("booth, one project chosen (JavaScript)")
    for box in page.locator("input[name=project]").all()[:4]:
        box.check()
    page.locator("button[value=update]").click()  # the no-JavaScript path: the server recomputes
    page.wait_for_load_state()
    assert page.locator(".wp-error-summary").count() == 1  # over budget
    assert page.locator("input[name=project]:checked").count() == 4
    check("booth, over budget (server)")
    page.locator("input[name=project]").nth(2).uncheck()
    page.locator("input[name=project]").nth(1).uncheck()
    page.locator("button[value=review]").click()
    page.wait_for_load_state()
    assert "Check your ballot" in page.locator("h1").inner_text()
    check("review")
    page.locator("button[value=submit]").click()
    page.wait_for_load_state()
    assert page.locator("[role=status]").count() == 1
    check("overview after voting")
    assert BudgetBallot.objects.filter(participant=participant).count() == 1

    page.goto(demo_site + BOOTH + "zuid/")  # not this resident's district
    assert page.locator(".wp-notice--reason").count() == 1
    check("booth of another district")

    page.goto(demo_site + "/en/participate/neighbourhood-budget-noord-2026/vote/")
    assert page.locator(".wp-bars[role=img]").count() == 1
    check("closed budget with results")
    assert report == [], "axe violations:\n" + format_violations(report)


def test_booth_works_without_javascript(demo_site, tmp_path, django_user_model):
    """With JavaScript off a resident logs in, updates the basket (the server recomputes it),
    reviews and submits."""
    from allauth.account.models import EmailAddress
    from playwright.sync_api import sync_playwright

    from tests.builders import CHROMIUM_ARGS
    from wagtail_participation.budgets.models import BudgetBallot

    user = django_user_model.objects.create_user("nojs@example.be", "nojs@example.be", "a-long-test-password")
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            java_script_enabled=False,
        )
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.goto(demo_site + BOOTH + "city/")
            assert page.locator("input[name=project][disabled]").count() > 0  # anonymous: log in first
            page.goto(demo_site + "/en/accounts/login/")
            page.fill("input[name=login]", user.email)
            page.fill("input[name=password]", "a-long-test-password")
            page.locator("main form button[type=submit]").first.click()
            page.wait_for_load_state()
            page.goto(demo_site + BOOTH + "city/")
            boxes = page.locator("input[name=project]")
            boxes.nth(0).check()  # €180,000
            boxes.nth(3).check()  # €35,000
            assert page.locator("#wp-basket-status").inner_text().startswith("€400,000")  # no script: unchanged
            page.locator("button[value=update]").click()
            page.wait_for_load_state()
            assert page.locator("#wp-basket-status").inner_text().startswith("€185,000 of €400,000 left")
            assert page.locator("input[name=project]:checked").count() == 2
            page.locator("button[value=review]").click()
            page.wait_for_load_state()
            page.locator("button[value=submit]").click()
            page.wait_for_load_state()
            assert page.locator("[role=status]").count() == 1
        finally:
            context.close()
    assert BudgetBallot.objects.filter(participant__user=user).count() == 1
