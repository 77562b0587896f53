"""The base-template contract (docs/integration.md, "Your site's look"): a site that puts its own
base template in place of the package's keeps the stylesheets, the flash messages, the language
switcher and the account links through four template tags."""

from pathlib import Path

import pytest
from django.test import override_settings

from tests.builders import make_poll, poll_vote_url, translate_with_localize
from tests.settings import TEMPLATES

SITE_TEMPLATES = Path(__file__).parent / "site_templates"
# The test project's templates with the site's own base.html (and the two-line
# wagtail_participation/base.html that extends it) found first.
SITE_LOOK = [{**TEMPLATES[0], "DIRS": [SITE_TEMPLATES]}]

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache")]


@pytest.fixture
def poll(home, now):
    return make_poll(home, now=now)


@override_settings(TEMPLATES=SITE_LOOK)
def test_the_site_base_gets_the_stylesheets_and_colours(poll, client):
    html = client.get(poll.url).content.decode()
    assert 'class="city-site"' in html and "- A city's own site</title>" in html
    assert "wagtail_participation/css/participation.css" in html
    assert "--wp-primary: #0b5394" in html
    assert 'class="wp-site-header"' not in html  # the package's own chrome is gone


@override_settings(TEMPLATES=SITE_LOOK)
def test_the_site_base_gets_the_colours_with_the_csp_nonce(poll, client):
    """{% participation_head %} in a site's own base template carries the nonce of the site's policy."""
    response = client.get(poll.url)
    nonce = response["Content-Security-Policy"].split("'nonce-", 1)[1].split("'", 1)[0]
    assert f'<style nonce="{nonce}">:root {{ --wp-primary: #0b5394;' in response.content.decode()


@override_settings(TEMPLATES=SITE_LOOK)
def test_the_vote_message_shows_in_the_site_base(poll, client):
    response = client.post(poll_vote_url(poll), {"choice": "station", "next": poll.url}, follow=True)
    html = response.content.decode()
    assert 'class="city-site"' in html
    assert 'class="wp-container wp-messages" role="status"' in html
    assert "Your vote has been counted." in html


@override_settings(TEMPLATES=SITE_LOOK)
def test_the_language_switcher_and_account_links_show_in_the_site_base(poll, home, locales, client):
    translate_with_localize(home, locales["nl"])
    html = client.get(poll.url).content.decode()
    switcher = html[html.index('<nav class="wp-languages"') :]
    assert 'hreflang="nl"' in switcher and 'aria-current="true"' in switcher
    assert '<nav class="wp-account"' in html and "?next=" in html


def test_a_site_without_a_public_login_offers_residents_no_login_link(poll, client, settings):
    settings.LOGIN_URL = "wagtailadmin_login"
    html = client.get(poll.url).content.decode()
    assert "/admin/login/?next=" in html  # by default the header offers the login LOGIN_URL names
    settings.WAGTAILPARTICIPATION_PUBLIC_LOGIN = False
    html = client.get(poll.url).content.decode()
    assert "/admin/login/" not in html and ">Log in</a>" not in html
    assert '<nav class="wp-account"' in html  # My participation stays


def test_a_site_in_one_language_shows_no_switcher(poll, client, settings):
    settings.TEMPLATES = SITE_LOOK
    html = client.get(poll.url).content.decode()
    assert 'class="city-site"' in html and "wp-languages" not in html


# -- The site's name and the site's own page types (docs/integration.md) ------------------------------


def test_the_site_name_is_wagtails_own(poll, client, settings):
    from wagtail.models import Site

    settings.WAGTAIL_SITE_NAME = "From the settings"
    html = client.get(poll.url).content.decode()
    assert "– From the settings</title>" in html and "Our city" not in html
    Site.objects.filter(is_default_site=True).update(site_name="Lindenhoven")
    html = client.get(poll.url).content.decode()
    assert "– Lindenhoven</title>" in html
    assert '<span class="wp-brand__name">Lindenhoven</span>' in html
    assert '<p class="wp-site-footer__city">Lindenhoven</p>' in html


def test_a_site_allows_its_own_page_types_under_a_project(settings):
    from home.models import StandardPage
    from wagtail_participation.models import ProjectPage

    assert StandardPage not in ProjectPage.allowed_subpage_models()
    settings.WAGTAILPARTICIPATION_PROJECT_SUBPAGE_TYPES = ["home.StandardPage"]
    assert StandardPage in ProjectPage.allowed_subpage_models()
