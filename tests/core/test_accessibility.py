"""Accessibility crawl: every public page of the demo city, in headless Debian Chromium, with axe-core.

* Seeds the demo city (``load_demo_data``), serves it with pytest-django's ``live_server``, reads
  ``/sitemap.xml`` and adds ``EXTRA_URLS`` (routed pages the sitemap does not list: other
  languages, filters, empty results). Extend ``EXTRA_URLS`` when you add a routed view.
* Each page must answer 200, have exactly one ``<h1>`` and no axe violation of WCAG 2.0/2.1 A/AA.
* Each page must fit a 375 px phone and a 1280 px screen: ``scrollWidth <= innerWidth`` (nothing
  scrolls sideways) and no heading or chart label wider than its box (a long word spilling out).
* Each page must cause no Content-Security-Policy violation (a ``securitypolicyviolation`` listener
  is in every document from its first byte; docs/deployment.md, "Security headers"), and neither may
  voting in place on an idea (here) nor the budget booth's live basket (tests/core/test_budget_browser.py).
* Full-page PNGs of each page at both widths go to ``.test-screenshots/`` (``WP_SCREENSHOT_DIR``
  elsewhere), with ``axe-report.json``: to look at, never compared pixel by pixel.
* Runs in ``make test`` when Chromium exists (else skips); ``make test-browser`` / ``.ci/run``
  use ``--require-marker=browser`` so a skip there is a failure.
"""

from __future__ import annotations

import json
import os
import re
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.builders import (
    AXE_OPTIONS,
    CHROMIUM,
    OVERFLOW_CHECK,
    SCREENSHOT_DIR,
    WIDTHS,
    csp_violations,
    format_violations,
    log_in,
    record_csp_violations,
    screenshot_name,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium executable found (apt-get install chromium)"),
    # transaction=True: the live server thread must see the seeded data. serialized_rollback=True:
    # each test starts from the migrated database (Wagtail's root page, locale, collection, site)
    # even after another transactional test flushed it.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Routed paths that the sitemap does not list. Future issues: add your views' URLs here.
EXTRA_URLS = [
    "/en/",
    "/nl/",
    "/fr/",
    "/de/",
    "/en/participate/?topic=mobility",
    "/en/participate/?area=noord",
    "/en/participate/?topic=no-such-topic",
    # accounts (django-allauth in the site's templates); the logout confirmation needs a logged-in
    # visitor (anonymous GETs are redirected home), so tests/core/test_accounts.py covers it
    "/en/accounts/login/",
    "/en/accounts/signup/",
    "/en/accounts/password/reset/",
    "/en/accounts/password/reset/done/",
    "/en/accounts/password/reset/key/no-such-key/",
    "/en/accounts/confirm-email/",
    "/en/accounts/confirm-email/no-such-key/",
    "/nl/accounts/login/",
    # verification and my participation (issue 3)
    "/en/participation/verify/",
    "/nl/participation/verify/",
    "/en/participation/me/",
    # idea board of the demo project (issue 4): the submit form, a filtered listing, a search
    "/en/participate/safe-routes-to-school/unsafe-spots/new/",
    "/en/participate/safe-routes-to-school/unsafe-spots/?sort=votes&topic=mobility",
    "/en/participate/safe-routes-to-school/unsafe-spots/?q=school",
    # polls and option analyses (issue 5); error states in tests/polls/test_polls_accessibility.py
    "/en/flash-poll-market/",
    "/nl/snelle-peiling-markt/",
    "/en/participate/safe-routes-to-school/traffic-scenarios/",
    "/nl/doe-mee/veilige-schoolroutes/verkeersscenarios/",
    # the park survey (issue 5): every step, both languages (error states: tests/surveys/test_survey_accessibility.py)
    "/en/participate/park-de-linde/park-survey/",
    "/en/participate/park-de-linde/park-survey/?step=2",
    "/en/participate/park-de-linde/park-survey/?step=3",
    "/nl/doe-mee/park-de-linde/parkbevraging/?step=2",
    # participatory budgets (issue 6): booths (anonymous: "log in"), a closed booth, Dutch
    "/en/participate/city-budget-2027/vote/city/",
    "/en/participate/city-budget-2027/vote/noord/",
    "/nl/doe-mee/stadsbudget-2027/stemming/zuid/",
    "/en/participate/neighbourhood-budget-noord-2026/vote/noord/",
    # citizen proposals (issue 7): filtered and sorted listings, the submit form, the Dutch page
    "/en/participate/citizen-proposals/?state=threshold_reached&sort=ending",
    "/en/participate/citizen-proposals/?state=expired&topic=mobility&area=centrum",
    "/en/participate/citizen-proposals/new/",
    "/nl/doe-mee/burgervoorstellen/",
    # results of the finished demo project (issue 8); the sitemap lists them too
    "/en/participate/climate-plan-2030/results/",
    "/nl/doe-mee/klimaatplan-2030/resultaten/",
    "/en/participate/climate-plan-2030/",
    # the project translated into French and German (issue 13), the account pages in both
    "/fr/participer/chemins-ecole-surs/",
    "/de/mitmachen/sichere-schulwege/unsichere-stellen/",
    "/fr/accounts/login/",
    "/de/participation/verify/",
]
INDEX_PATH = "/en/participate/"
MIN_SITEMAP_URLS = 10

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def sitemap_urls(base: str) -> list[str]:
    with urllib.request.urlopen(f"{base}/sitemap.xml", timeout=30) as response:
        assert response.status == 200, f"/sitemap.xml answered {response.status}"
        tree = ET.fromstring(response.read())
    urls = [loc.text.strip() for loc in tree.iterfind("sm:url/sm:loc", SITEMAP_NS) if loc.text]
    # hreflang alternates, if the sitemap ever lists translations that way
    urls += [link.get("href") for link in tree.iterfind("sm:url/xhtml:link", SITEMAP_NS) if link.get("href")]
    return list(dict.fromkeys(urls))


def test_axe_crawl_of_every_page(demo_site, browser_page, capsys):
    from axe_playwright_python.sync_playwright import Axe

    page, axe = browser_page, Axe()
    problems: list[str] = []

    # The checker must be able to fail: a deliberately bad page has to produce violations.
    page.set_content("<html><body><img src='x.png'><input type='text'></body></html>")
    canary = {v["id"] for v in axe.run(page, options=AXE_OPTIONS).response["violations"]}
    assert {"image-alt", "html-has-lang"} <= canary, f"axe found only {canary} on a known-bad page"

    # The CSP listener must be able to fail too: a style attribute added to a real page is reported.
    record_csp_violations(page)
    page.goto(demo_site + INDEX_PATH, wait_until="load")
    assert csp_violations(page) == [], "the index page itself violates its Content-Security-Policy"
    page.evaluate("() => document.body.insertAdjacentHTML('beforeend', '<span style=\"color: red\">x</span>')")
    canary = [v["directive"] for v in csp_violations(page)]
    assert canary == ["style-src-attr"], f"an inline style attribute caused {canary}, expected one style-src-attr"

    from_sitemap = sitemap_urls(demo_site)
    foreign = [u for u in from_sitemap if not u.startswith(demo_site + "/")]
    if foreign:
        problems.append(f"sitemap <loc>s not on the live server {demo_site}: {foreign}")
        from_sitemap = [u for u in from_sitemap if u not in foreign]
    if len(from_sitemap) < MIN_SITEMAP_URLS:
        problems.append(
            f"/sitemap.xml listed {len(from_sitemap)} URLs, expected at least {MIN_SITEMAP_URLS}: {from_sitemap}"
        )
    urls = list(dict.fromkeys(from_sitemap + [demo_site + path for path in EXTRA_URLS]))

    shots = Path(os.environ.get("WP_SCREENSHOT_DIR") or SCREENSHOT_DIR)
    shots.mkdir(parents=True, exist_ok=True)

    violations: list[dict] = []
    csp_count = 0
    for url in urls:
        try:
            response = page.goto(url, wait_until="load")
        except Exception as error:  # noqa: BLE001 - report every page, not just the first broken one
            problems.append(f"{url} could not be loaded: {error}")
            continue
        status = response.status if response else None
        if status != 200:
            problems.append(f"{url} answered HTTP {status}")
        # Read before axe runs: only what the page itself does counts.
        blocked = csp_violations(page)
        csp_count += len(blocked or [])
        if blocked:
            problems.append(f"{url} violates its Content-Security-Policy: {blocked}")
        elif blocked is None:
            problems.append(f"{url}: the CSP violation listener is missing")
        h1_count = page.locator("h1").count()
        if h1_count != 1:
            problems.append(f"{url} has {h1_count} <h1> elements, expected exactly 1")
        found = axe.run(page, options=AXE_OPTIONS).response["violations"]
        violations += [{**v, "url": url} for v in found]
        print(f"  {status} {url}: {len(found)} violation(s) {[v['id'] for v in found]}")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            fit = page.evaluate(OVERFLOW_CHECK)
            if fit["scrollWidth"] > fit["innerWidth"]:
                problems.append(f"{url} at {width} px is {fit['scrollWidth']} px wide (scrolls sideways)")
            problems += [f"{url} at {width} px: content wider than its box: {item}" for item in fit["wide"]]
            page.screenshot(path=str(shots / f"{width}-{screenshot_name(url)}"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})

    nodes = sum(len(v["nodes"]) for v in violations)
    summary = (
        f"accessibility crawl: {len(urls)} pages ({len(from_sitemap)} from sitemap), "
        f"{len(violations)} violation(s) on {nodes} element(s), {csp_count} CSP violation(s), "
        f"{len(problems)} other problem(s)"
    )
    (shots / "axe-report.json").write_text(json.dumps(violations, indent=2))
    summary += f"; screenshots in {shots}"
    print(summary)
    with capsys.disabled():
        print(f"\n{summary}")

    message = []
    if violations:
        message.append(
            f"{len(violations)} axe violation(s) (url, [rule], help, targets):\n{format_violations(violations)}"
        )
    if problems:
        message.append("other problems:\n" + "\n".join(f"  {p}" for p in problems))
    assert not message, summary + "\n" + "\n".join(message)


def test_first_tab_focuses_visible_skip_link(demo_site, browser_page):
    page = browser_page
    response = page.goto(demo_site + INDEX_PATH, wait_until="load")
    assert response is not None and response.status == 200

    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => { const el = document.activeElement; return el ? el.outerHTML.slice(0, 200) : null; }"
    )
    assert page.evaluate("() => document.activeElement.matches('a.wp-skip-link')"), (
        f"first Tab focused {focused!r}, expected the skip link a.wp-skip-link"
    )
    link = page.locator("a.wp-skip-link")
    box = link.bounding_box()
    viewport = page.viewport_size
    assert link.is_visible() and box is not None, "the focused skip link is not visible"
    assert box["width"] > 1 and box["height"] > 1, f"the focused skip link is clipped to {box}"
    assert 0 <= box["x"] < viewport["width"] and 0 <= box["y"] < viewport["height"], (
        f"the focused skip link is outside the viewport: {box}"
    )

    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement && document.activeElement.id") == "main", (
        "activating the skip link did not move focus to <main id=main>"
    )


# Form states reached by submitting: (start path, [(field selector, typed value)], submit button, success?).
FORM_STATES = [
    (
        "/en/participation/verify/",
        [("#id_code-code", "WRONG-CODE-1234")],
        "form[action$='/verify/code/'] button",
        False,
    ),
    (
        "/en/participation/verify/",
        [
            ("#id_census-postal_code", "3001"),
            ("#id_census-house_number", "12"),
            ("#id_census-date_of_birth", "31/02/1980"),
        ],
        "form[action$='/verify/census/'] button",
        False,
    ),
    (
        "/nl/participation/verify/",
        [("#id_declared-postal_code", "9999")],
        "form[action$='/verify/declared/'] button",
        False,
    ),
    # a demo letter's code (load_demo_data prints them): the success message
    ("/en/participation/verify/", [("#id_code-code", "KDXZ-9W69-ZM8T")], "form[action$='/verify/code/'] button", True),
]


def test_axe_on_form_error_and_success_states(demo_site, browser_page):
    """Submit forms with bad and good input; every resulting page passes axe and keeps what was typed."""
    from axe_playwright_python.sync_playwright import Axe

    page, axe = browser_page, Axe()
    report = []
    for path, typed, submit, success in FORM_STATES:
        page.goto(demo_site + path)
        for selector, value in typed:
            page.fill(selector, value)
        page.click(submit)
        page.wait_for_load_state()
        if success:
            assert page.locator("[role=status]").count() == 1, path
        else:
            assert page.locator(".wp-field-error").count() >= 1, (path, typed)
            for selector, value in typed:  # nothing the person typed is lost
                assert page.input_value(selector) == value, (path, selector)
        found = axe.run(page, options=AXE_OPTIONS).response["violations"]
        report += [{**v, "url": f"{path} after submitting {typed}"} for v in found]
        assert page.locator("h1").count() == 1
    assert report == [], "axe violations:\n" + format_violations(report)


def test_axe_on_idea_pages_logged_in_and_with_errors(demo_site, browser_page, django_user_model):
    """A resident logs in, opens an idea, votes in place, and submits an idea with errors."""
    from axe_playwright_python.sync_playwright import Axe

    user = django_user_model.objects.create_user("tester@example.be", "tester@example.be", "a-long-test-password")
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    page, axe, report = browser_page, Axe(), []

    def check(label):
        assert csp_violations(page) == [], f"{label}: Content-Security-Policy violations"
        found = axe.run(page, options=AXE_OPTIONS).response["violations"]
        report.extend({**v, "url": label} for v in found)
        assert page.locator("h1").count() == 1, label

    record_csp_violations(page)
    log_in(page, demo_site, user.email)

    board = demo_site + "/en/participate/safe-routes-to-school/unsafe-spots/"
    page.goto(board)
    page.locator(".wp-idea-card h3 a").first.click()
    page.wait_for_load_state()
    check("idea page, logged in")
    score = page.locator("[data-wp-score]").first.inner_text()
    page.locator("button[data-direction=up]").first.click()  # in place, with JavaScript
    # a function, not an expression, which Playwright would eval() against the page's CSP
    page.wait_for_function("(score) => document.querySelector('[data-wp-score]').textContent !== score", arg=score)
    assert page.locator("button[data-direction=up]").first.get_attribute("aria-pressed") == "true"
    assert page.locator("#wp-live").inner_text().startswith("Vote saved")
    check("idea page after voting in place")

    page.goto(board + "new/")
    page.fill("#id_title", "Bad")  # too short
    page.locator("button[name=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".wp-field-error").count() >= 2  # title too short, description missing
    assert page.input_value("#id_title") == "Bad"
    check("submit form with errors")
    assert report == [], "axe violations:\n" + format_violations(report)


def test_axe_on_proposal_pages(demo_site, browser_page, django_user_model):
    """Every demo proposal's page (each state), supporting, a form with errors and a saved draft."""
    from axe_playwright_python.sync_playwright import Axe

    from wagtail_participation.proposals.models import Proposal

    user = django_user_model.objects.create_user("proposer@example.be", "proposer@example.be", "a-long-test-password")
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    page, axe, report = browser_page, Axe(), []
    shots = Path(os.environ["WP_SCREENSHOT_DIR"]) if os.environ.get("WP_SCREENSHOT_DIR") else None

    def check(label):
        found = axe.run(page, options=AXE_OPTIONS).response["violations"]
        report.extend({**v, "url": label} for v in found)
        assert page.locator("h1").count() == 1, label
        if shots:
            shots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shots / f"proposal-{re.sub(r'[^a-z0-9]+', '-', label)}.png"), full_page=True)

    listing = demo_site + "/en/participate/citizen-proposals/"
    for proposal in Proposal.objects.filter(published_at__isnull=False, visibility="visible"):
        page.goto(f"{listing}proposals/{proposal.pk}/")
        check(f"{proposal.state.value} {proposal.pk}")
    log_in(page, demo_site, user.email)
    page.goto(listing + "?state=published&sort=ending")
    page.locator(".wp-proposal-card h3 a").first.click()
    page.wait_for_load_state()
    page.locator("button", has_text="Support this proposal").click()  # without JavaScript: POST and back
    page.wait_for_load_state()
    assert page.locator("[role=status]").inner_text().strip().startswith("Thank you for your support")
    check("after supporting")
    page.goto(listing + "new/")
    page.fill("#id_title", "Bad")
    page.locator("button[name=submit]").click()
    page.wait_for_load_state()
    assert page.input_value("#id_title") == "Bad" and page.locator(".wp-field-error").count() >= 2
    check("submit form with errors")
    page.fill("#id_title", "Benches at the Stationsplein")
    page.fill("#id_body", "There is nowhere to sit while waiting for the bus at the station square.")
    page.locator("button[name=draft]").click()
    page.wait_for_load_state()
    assert "Only you can see it" in page.content()
    check("my draft")
    page.goto(listing)
    assert "Your proposals not published yet" in page.content()
    check("listing with my draft")
    assert report == [], "axe violations:\n" + format_violations(report)


def test_axe_on_the_pagers_of_the_index_and_of_a_discussion(demo_site, browser_page, settings):
    """The participation index's pages and a discussion's pages (the demo has too few projects and
    comments for either pager at the default page sizes), at phone width without sideways scrolling."""
    from axe_playwright_python.sync_playwright import Axe
    from django.db.models import Count

    from wagtail_participation.ideas.models import Idea, IdeaBoardPage
    from wagtail_participation.models import Comment

    settings.WAGTAILPARTICIPATION_PROJECTS_PER_PAGE = 2
    settings.WAGTAILPARTICIPATION_COMMENTS_PER_PAGE = 1
    busiest = (
        Comment.objects.filter(parent=None, contribution__language="en", contribution__in=Idea.objects.values("pk"))
        .values("contribution")
        .annotate(comments=Count("pk"))
        .order_by("-comments")[0]
    )
    assert busiest["comments"] >= 2, "the demo has no idea with two comments"
    idea = Idea.objects.get(pk=busiest["contribution"])
    board = IdeaBoardPage.objects.get(translation_key=idea.record.translation_key, locale__language_code="en")
    page, axe, report = browser_page, Axe(), []
    page.set_viewport_size({"width": 375, "height": 800})
    record_csp_violations(page)

    for label, url, pager in (
        ("index, page 2", demo_site + "/en/participate/?page=2", "Pages of projects"),
        ("discussion, page 1", demo_site + board.contribution_url(idea.pk) + "?comments=1", "Pages of comments"),
    ):
        page.goto(url)
        nav = page.locator(f"nav.wp-pagination[aria-label='{pager}']")
        assert nav.count() == 1, label
        assert nav.locator("a").count() >= 1, label  # plain links: no JavaScript needed
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, f"{label}: sideways scrolling"
        assert csp_violations(page) == [], label
        report.extend({**v, "url": label} for v in axe.run(page, options=AXE_OPTIONS).response["violations"])
    assert report == [], "axe violations:\n" + format_violations(report)
