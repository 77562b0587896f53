"""Accessibility of the package's own admin pages, in headless Chromium with axe-core.

Logs in to the Wagtail admin of the seeded demo city and checks the moderation queues, the idea
page a moderator works on, the official answer form, the board dashboard and offline-idea form,
an export status page, the results review, the verification pages and the retention schedule. Wagtail's own admin
chrome (menu, header) is part of every page, so it is checked too: a violation there is ours to
report or work around.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.builders import (
    AXE_OPTIONS,
    CHROMIUM,
    SCREENSHOT_DIR,
    csp_violations,
    format_violations,
    record_csp_violations,
)
from tests.builders import log_in_to_admin as log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium executable found (apt-get install chromium)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def admin_paths() -> list[str]:
    from wagtail_participation.contributions_admin import COMMENTS
    from wagtail_participation.ideas.admin import BOARDS, IDEAS
    from wagtail_participation.ideas.models import Idea, IdeaBoardPage, IdeaExport
    from wagtail_participation.models import MethodRecord

    idea = Idea.objects.order_by("pk").first()
    record = IdeaBoardPage.objects.live().first().participation_record
    export = IdeaExport.objects.create(record=record, progress=40)
    method = MethodRecord.objects.order_by("pk").first()
    return [
        reverse(f"{IDEAS}:index"),
        reverse(f"{IDEAS}:index") + "?visibility=prescreening",
        reverse(f"{IDEAS}:inspect", args=(idea.pk,)),
        reverse(f"{IDEAS}:answer", args=(idea.pk,)),
        reverse(f"{COMMENTS}:index"),
        reverse(f"{BOARDS}:index"),
        reverse(f"{BOARDS}:dashboard", args=(record.pk,)),
        reverse(f"{BOARDS}:add_idea", args=(record.pk,)),
        reverse(f"{BOARDS}:export", args=(export.pk,)),
        reverse("participation_methods:index"),
        reverse("participation_methods:review", args=(method.pk,)),
        reverse("participation_codes:index"),
        reverse("participation_census:index"),
        reverse("participation_refusals:index"),
        reverse("participation_verification_report:index"),
        reverse("participation_retention:index"),
        *survey_admin_paths(),
    ]


def survey_admin_paths() -> list[str]:
    """The surveys listing, the park survey's summary and an export in progress (issue 5)."""
    from wagtail_participation.surveys.models import SurveyExport, SurveyPage

    record = SurveyPage.objects.live().first().participation_record
    export = SurveyExport.objects.create(record=record, progress=40)
    return [
        reverse("participation_surveys:index"),
        reverse("participation_surveys:summary", args=(record.pk,)),
        reverse("participation_surveys:export", args=(export.pk,)),
    ]


def test_axe_on_the_participation_admin_pages(demo_site, browser_page, django_user_model):
    from axe_playwright_python.sync_playwright import Axe

    page, axe = browser_page, Axe()
    record_csp_violations(page)  # the admin's looser policy (docs/deployment.md) must be enough for it
    log_in(page, demo_site, django_user_model)

    problems, violations = [], []
    for path in admin_paths():
        response = page.goto(demo_site + path, wait_until="load")
        if response is None or response.status != 200:
            problems.append(f"{path} answered HTTP {response.status if response else None}")
            continue
        blocked = csp_violations(page)
        if blocked:
            problems.append(f"{path} violates the admin's Content-Security-Policy: {blocked}")
        found = axe.run(page, options=AXE_OPTIONS).response["violations"]
        violations += [{**v, "url": path} for v in found]
        SCREENSHOT_DIR.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOT_DIR / f"admin-{path.strip('/').replace('/', '-')}.png", full_page=True)
    assert not problems, problems
    assert not violations, "axe violations on admin pages:\n" + format_violations(violations)


def test_export_status_page_updates_itself_once_the_file_is_ready(demo_site, browser_page, django_user_model):
    from wagtail_participation.ideas.admin import BOARDS
    from wagtail_participation.ideas.models import IdeaBoardPage, IdeaExport

    page = browser_page
    record_csp_violations(page)
    log_in(page, demo_site, django_user_model)
    export = IdeaExport.objects.create(record=IdeaBoardPage.objects.live().first().participation_record, progress=40)
    page.goto(demo_site + reverse(f"{BOARDS}:export", args=(export.pk,)))
    assert page.get_by_text("40% done").count() == 1
    IdeaExport.objects.filter(pk=export.pk).update(status=IdeaExport.DONE, progress=100)
    page.get_by_role("link", name="Download XLSX").wait_for(timeout=15_000)  # fetched, not reloaded
    assert page.locator("[data-wp-export-poll]").count() == 0
    assert csp_violations(page) == []  # export_status.js replaces the block within the admin's policy


def test_the_userbar_keeps_to_the_public_pages_strict_policy(demo_site, browser_page, django_user_model):
    """An editor sees Wagtail's userbar on the public pages, which keep their strict policy."""
    page = browser_page
    record_csp_violations(page)
    log_in(page, demo_site, django_user_model)
    response = page.goto(demo_site + "/en/participate/safe-routes-to-school/unsafe-spots/", wait_until="load")
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    page.locator("wagtail-userbar").wait_for(state="attached")
    page.wait_for_timeout(500)  # the userbar's own checks run after load
    assert csp_violations(page) == []
