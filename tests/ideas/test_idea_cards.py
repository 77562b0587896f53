"""Idea cards are cached by what they show; the CSRF token is per request and never cached."""

import re

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from tests.builders import make_idea
from wagtail_participation.ideas.templatetags import participation_cards
from wagtail_participation.models import ContributionVote

pytestmark = pytest.mark.usefixtures("clear_cache")

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def vote_url(idea):
    return reverse("wagtail_participation:vote_idea", args=(idea.pk,))


def vote_form_token(html: str) -> str:
    cards = html[html.index('class="wp-cards"') :]
    return TOKEN.search(cards).group(1)


@pytest.mark.django_db
def test_a_card_from_the_cache_carries_the_visitors_own_token(board):
    idea = make_idea(board, title="Zebra crossing at the school")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    html_first = first.get(board.url).content.decode()
    html_second = second.get(board.url).content.decode()  # served from the cache
    assert participation_cards.TOKEN_PLACEHOLDER not in html_first + html_second
    token = vote_form_token(html_second)
    response = second.post(vote_url(idea), {"value": "up", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert ContributionVote.objects.filter(contribution=idea).count() == 1


@pytest.mark.django_db
def test_cards_are_served_from_the_cache_and_change_when_what_they_show_changes(board, client):
    idea = make_idea(board, title="Lights on the bike path")
    client.get(board.url)
    assert any(key.startswith(":1:wp:card:") for key in cache._cache)  # locmem's stored keys
    client.post(vote_url(idea), {"value": "up"})
    html = client.get(board.url).content.decode()
    assert 'aria-pressed="true"' in html and "data-wp-score>1<" in html
    idea.title = "Lights on the cycle path"
    idea.save()
    assert "Lights on the cycle path" in client.get(board.url).content.decode()


@pytest.mark.django_db
def test_the_card_cache_can_be_switched_off(board, client):
    make_idea(board, title="Speed bumps")
    with override_settings(WAGTAILPARTICIPATION_CARD_CACHE_SECONDS=0):
        html = client.get(board.url).content.decode()
    assert "Speed bumps" in html and not any(key.startswith(":1:wp:card:") for key in cache._cache)
    assert participation_cards.TOKEN_PLACEHOLDER not in html


@pytest.mark.django_db
def test_filter_terms_come_from_the_cache_and_follow_edits(board, client, make_topic):
    """The board's topic filter is cached per language; saving or deleting a topic retires it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    mobility = make_topic("Mobility", "mobility")
    assert "Mobility" in client.get(board.url).content.decode()
    with CaptureQueriesContext(connection) as queries:
        client.get(board.url)
    assert not any('FROM "wagtail_participation_topic"' in q["sql"] for q in queries.captured_queries)
    make_topic("Greenery", "greenery")
    assert "Greenery" in client.get(board.url).content.decode()
    mobility.name = "Traffic"
    mobility.save()
    html = client.get(board.url).content.decode()
    assert "Traffic" in html and "Mobility" not in html
    mobility.delete()
    assert "Traffic" not in client.get(board.url).content.decode()


@pytest.mark.django_db
def test_card_topics_and_area_come_in_the_page_language_and_follow_edits(board, locales):
    """Cards tag ideas from the cached term index: translated where a translation exists, and a
    term saved by an editor shows at once (the cache is retired on save)."""
    from django.utils import translation

    from wagtail_participation.ideas import views as idea_views
    from wagtail_participation.ideas.models import Idea
    from wagtail_participation.models import Area, Topic

    mobility = Topic.objects.create(name="Mobility", slug="mobility", locale=locales["en"])
    mobiliteit = mobility.copy_for_translation(locales["nl"])
    mobiliteit.name = "Mobiliteit"
    mobiliteit.save()
    climate = Topic.objects.create(name="Climate", slug="climate", locale=locales["en"])  # no translation
    noord = Area.objects.create(name="North", slug="noord", locale=locales["en"])
    idea = make_idea(board, area=noord)
    idea.topics.set([mobility, climate])
    idea = Idea.objects.get(pk=idea.pk)

    card = idea_views.decorate_ideas([idea], None, locale_id=locales["nl"].pk)[0]
    assert [t.name for t in card.card_topics] == ["Climate", "Mobiliteit"] and card.card_area.name == "North"
    with translation.override("en"):  # no locale given: the active language's
        card = idea_views.decorate_ideas([idea], None)[0]
    assert [t.name for t in card.card_topics] == ["Climate", "Mobility"]

    mobiliteit.name = "Verkeer"
    mobiliteit.save()
    card = idea_views.decorate_ideas([idea], None, locale_id=locales["nl"].pk)[0]
    assert [t.name for t in card.card_topics] == ["Climate", "Verkeer"]
