"""Staff two-factor login in headless Chromium, with axe-core: a registrar logs in with Wagtail's
form, is sent to the explanation page, sets up an authenticator app (QR code page inside the
site's layout), sees the recovery codes, and on the next admin visit enters a code.

Uses the example site's real check (allauth's MFA records), not the suite's ``password_is_enough``."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from tests.builders import AXE_OPTIONS, CHROMIUM, format_violations, participation_permission

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium executable found (apt-get install chromium)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "registrar-test-password"


def totp_code(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_enrolment_and_code_pages_are_accessible(demo_site, browser_page, django_user_model, settings):
    from axe_playwright_python.sync_playwright import Axe
    from django.core.cache import cache

    settings.WAGTAILPARTICIPATION_STAFF_SECOND_FACTOR = "home.accounts.session_used_second_factor"
    settings.MFA_TOTP_TOLERANCE = 1  # a code typed as its 30-second step ends is checked in the next
    user = django_user_model.objects.create_user("registrar", "registrar@city.example", PASSWORD)
    group = Group.objects.create(name="Registrars")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"), participation_permission("view_censusimport")
    )
    user.groups.add(group)
    page, axe, report = browser_page, Axe(), []

    def check(label, admin=False):
        found = axe.run(page, options=AXE_OPTIONS).response["violations"]
        report.extend({**v, "url": label} for v in found)
        if not admin:  # the site's pages have one h1 (Wagtail's admin chrome adds its own)
            assert page.locator("h1").count() == 1, label

    page.goto(demo_site + reverse("wagtailadmin_login"))
    page.fill("input[name=username]", "registrar")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/participation/second-factor/**")
    assert "log in with a second factor" in page.content()
    check("explanation page", admin=True)

    page.get_by_role("link", name="Set up or use your second factor").click()
    page.wait_for_load_state()
    check("password again")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    assert page.locator("img[src^='data:image/svg+xml']").count() == 1  # the QR code
    check("set up the authenticator app")
    secret = page.locator("#authenticator_secret").input_value()  # shown to be typed into an app by hand
    assert len(secret) == 32
    page.fill("input[name=code]", totp_code(secret))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    check("recovery codes")

    cache.clear()  # the same 30-second code is entered again below; allauth refuses replays
    page.goto(demo_site + reverse("participation_census:index"))
    page.wait_for_url("**/admin/participation/second-factor/**")
    page.get_by_role("link", name="Set up or use your second factor").click()
    page.wait_for_url("**/accounts/2fa/reauthenticate/**")
    check("enter a code")
    page.fill("input[name=code]", totp_code(secret))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/admin/participation/census/")
    assert page.locator("h1").inner_text().strip() != ""
    assert report == [], "axe violations:\n" + format_violations(report)
