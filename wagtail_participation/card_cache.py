"""Listing cards rendered once and then served from the cache (``CARD_CACHE``, ``CARD_CACHE_SECONDS``).

A method's card tag (``{% idea_cards %}``, ``{% proposal_cards %}``) computes one key per item, a
digest of everything its card shows, so a change gives a new key and nothing has to be invalidated;
this module does the fetching and storing they share.
"""

from __future__ import annotations

import hashlib

from django.core.cache import caches

from wagtail_participation import conf


def card_key(inputs) -> str:
    """The cache key of a card whose HTML depends only on ``inputs`` (a ``repr``-able value)."""
    return "wp:card:" + hashlib.blake2b(repr(inputs).encode(), digest_size=16).hexdigest()


def cached_cards(items, keys, render) -> str:
    """The cards of ``items`` joined: each from the cache under its key, else ``render(item)``,
    stored for ``CARD_CACHE_SECONDS`` (0: no cache, every card rendered)."""
    seconds = conf.get("CARD_CACHE_SECONDS")
    if not seconds:
        return "".join(render(item) for item in items)
    cache = caches[conf.get("CARD_CACHE")]
    cached = cache.get_many(keys)
    fresh, parts = {}, []
    for item, key in zip(items, keys, strict=True):
        html = cached.get(key)
        if html is None:
            html = fresh[key] = render(item)
        parts.append(html)
    if fresh:
        cache.set_many(fresh, seconds)
    return "".join(parts)
