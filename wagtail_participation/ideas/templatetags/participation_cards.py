"""``{% idea_cards ideas %}``: the idea cards of a listing, rendered once and then kept in the cache.

A board page shows 24 cards; rendering them through the template engine costs more than all of
the page's queries. A card's HTML depends only on values the view already has (the idea's text
and counters, its status style, the visitor's own vote, whether they may vote, the language and
the listing's URL), so the cache key is a digest of exactly those values: any change gives a new
key and nothing has to be invalidated. The per-request CSRF token is never cached: cards are
rendered with a placeholder that is replaced on every request.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from wagtail_participation import card_cache, conf

register = template.Library()

CARD_TEMPLATE = "wagtail_participation/ideas/includes/idea_card.html"
# Bump when the default card template changes, so cached cards of the old template are not served.
CARD_VERSION = "2"
TOKEN_PLACEHOLDER = "wp-csrf-placeholder-0c5f2a"


def listing_inputs(context) -> tuple:
    """What every card of one listing shares: the language, the voting mode, whether the visitor
    may vote, the listing's URL. Computed once per listing, not per card."""
    decisions = context.get("decisions") or {}
    vote = decisions.get("vote") if hasattr(decisions, "get") else None
    request = context.get("request")
    return (
        CARD_VERSION,
        get_language(),
        context.get("voting_mode"),
        bool(vote and vote.allowed),
        request.get_full_path() if request is not None else "",
    )


def card_inputs(idea, listing: tuple) -> tuple:
    """Everything the default card template reads (``listing``: :func:`listing_inputs`). Override
    the card template with other fields and this key no longer covers them: set
    ``CARD_CACHE_SECONDS`` to 0 (or extend this)."""
    style = getattr(idea, "status_style", None) or {}
    area = getattr(idea, "card_area", None)
    return (
        listing,
        idea.pk,
        idea.title,
        idea.body,
        idea.language,
        idea.channel,
        idea.comment_count,
        idea.score,
        idea.up_votes,
        idea.down_votes,
        getattr(idea, "my_vote", 0),
        idea.status,
        style.get("label"),
        getattr(idea, "url", ""),
        getattr(idea, "vote_url", ""),
        area.name if area is not None else None,
        tuple(topic.name for topic in getattr(idea, "card_topics", ())),
    )


@register.simple_tag(takes_context=True)
def idea_cards(context, ideas):
    """The ``<li>`` cards of ``ideas`` (decorated by the view), from the cache where possible."""
    card = context.template.engine.get_template(CARD_TEMPLATE)
    token = str(context.get("csrf_token", ""))
    caching = bool(conf.get("CARD_CACHE_SECONDS"))

    def render(idea) -> str:
        with context.push(idea=idea, csrf_token=TOKEN_PLACEHOLDER if caching else token):
            return card.render(context)

    listing = listing_inputs(context)
    html = card_cache.cached_cards(ideas, [card_cache.card_key(card_inputs(idea, listing)) for idea in ideas], render)
    # The token is the only per-request value; it is inserted after the cache, never stored.
    return mark_safe(html.replace(TOKEN_PLACEHOLDER, token))
