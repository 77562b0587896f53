"""``{% proposal_cards proposals %}``: the proposal cards of a listing, rendered once and then kept
in the cache (as the idea board's cards are, see ``ideas/templatetags/participation_cards.py``).

Rendering 24 cards, each with its state and progress includes, costs more than the page's queries.
A card's HTML depends only on values the view computed (``decorate``: the proposal's text, terms,
URL and its whole computed status, counts and days left included) and on the language and time
zone, so the cache key is a digest of exactly those: a support, an answer or a new day gives a new
key and nothing has to be invalidated. Cards hold no form and no per-request token.
"""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from wagtail_participation import card_cache

register = template.Library()

CARD_TEMPLATE = "wagtail_participation/proposals/includes/proposal_card.html"
# Bump when the card templates (card, state, progress) change, so cached cards of the old ones go.
CARD_VERSION = "1"


def card_inputs(proposal, shared: tuple) -> tuple:
    """Everything the default card templates read, for a proposal decorated by the view."""
    area = getattr(proposal, "card_area", None)
    return (
        shared,
        proposal.pk,
        proposal.title,
        proposal.body,
        proposal.language,
        proposal.answer_deadline,
        repr(proposal.st),
        str(proposal.state_label),
        proposal.percent,
        proposal.url,
        area.name if area is not None else None,
        tuple(topic.name for topic in getattr(proposal, "card_topics", ())),
    )


@register.simple_tag(takes_context=True)
def proposal_cards(context, proposals):
    """The ``<li>`` cards of ``proposals``, from the cache where possible."""
    card = context.template.engine.get_template(CARD_TEMPLATE)

    def render(proposal) -> str:
        with context.push(proposal=proposal):
            return card.render(context)

    shared = ("proposal", CARD_VERSION, get_language(), timezone.get_current_timezone_name())
    keys = [card_cache.card_key(card_inputs(proposal, shared)) for proposal in proposals]
    return mark_safe(card_cache.cached_cards(proposals, keys, render))
