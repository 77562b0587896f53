"""The author's side of a moderation decision in headless Chromium with axe-core: the hidden idea
with its statement of reasons, the review form with an error (input kept), and after sending."""

import pytest

from tests.builders import AXE_OPTIONS, CHROMIUM, format_violations, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium executable found (apt-get install chromium)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_axe_on_the_statement_of_reasons_and_the_review_form(demo_site, browser_page):
    from allauth.account.models import EmailAddress
    from axe_playwright_python.sync_playwright import Axe

    from wagtail_participation import moderation
    from wagtail_participation.ideas.models import Idea
    from wagtail_participation.models import HideGround, ReviewRequest

    review = ReviewRequest.objects.get()  # the demo's open request
    user = review.requester.user
    user.email = "author@example.be"
    user.set_password("a-long-test-password")
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    demo_idea = Idea.objects.get(pk=review.contribution_id)
    other = Idea.objects.create(
        record=demo_idea.record,
        author=review.requester,
        title="Another idea of mine",
        body="Text.",
        language="en",
        created_at=demo_idea.created_at,
    )
    moderation.hide(other, HideGround.DUPLICATE, "Already on the board as “Zebra crossing”.")
    page, axe, report = browser_page, Axe(), []

    def check(label):
        found = axe.run(page, options=AXE_OPTIONS).response["violations"]
        report.extend({**v, "url": label} for v in found)
        assert page.locator("h1").count() == 1, label

    log_in(page, demo_site, user.email)

    board = demo_idea.record.source_page()
    page.goto(demo_site + board.url + board.reverse_subpage("idea", args=(demo_idea.pk,)))
    assert page.locator(".wp-statement").count() == 1 and "You asked for a review" in page.content()
    check("hidden idea with an open review")

    page.goto(demo_site + board.url + board.reverse_subpage("idea", args=(other.pk,)))
    page.locator(".wp-statement a").click()  # "Ask for a review", by keyboard-reachable link
    page.wait_for_load_state()
    page.fill("textarea[name=reason]", "   ")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".wp-field-error").count() == 1
    check("review form with an error")
    page.fill("textarea[name=reason]", "It is a different crossing.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "You asked for a review" in page.content()
    check("hidden idea after asking for a review")
    assert ReviewRequest.objects.filter(contribution_id=other.pk, status="open").exists()
    assert page.url.endswith(f"/ideas/{other.pk}/")
    assert report == [], "axe violations:\n" + format_violations(report)


def test_axe_on_the_review_queue_and_answer_page(demo_site, browser_page, django_user_model):
    from axe_playwright_python.sync_playwright import Axe
    from django.urls import reverse

    from tests.builders import log_in_to_admin as log_in
    from wagtail_participation.ideas.admin import IDEAS
    from wagtail_participation.models import ReviewRequest

    page, axe, violations = browser_page, Axe(), []
    log_in(page, demo_site, django_user_model)
    review = ReviewRequest.objects.get()
    answer = reverse("participation_reviews:answer", args=(review.pk,))
    for path in (
        reverse("participation_reviews:index"),
        answer,
        reverse(f"{IDEAS}:inspect", args=(review.contribution_id,)),
    ):
        assert page.goto(demo_site + path, wait_until="load").status == 200, path
        violations += [{**v, "url": path} for v in axe.run(page, options=AXE_OPTIONS).response["violations"]]
    page.goto(demo_site + answer)
    page.locator("main form button[type=submit]").click()  # no decision, no answer
    page.wait_for_load_state()
    assert page.locator(".error-message").count() >= 1
    violations += [
        {**v, "url": "answer with errors"} for v in axe.run(page, options=AXE_OPTIONS).response["violations"]
    ]
    assert not violations, "axe violations:\n" + format_violations(violations)
