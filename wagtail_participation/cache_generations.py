"""Generation tokens: a random token in a cache names the current state of something kept there.

Entries are keyed by (or stored with) the token; :func:`renew` retires every one of them at once
by moving to a new token. A random token, never a counter: after an eviction no old entry can be
read again.
"""

from uuid import uuid4

from django.core.cache import cache as default_cache


def current(key: str, cache=None) -> str:
    """The token under ``key`` in ``cache`` (the default cache), made on first use."""
    cache = cache or default_cache
    token = cache.get(key)
    if token is None:
        cache.add(key, uuid4().hex, None)
        token = cache.get(key) or "unknown"
    return token


def renew(key: str, cache=None) -> None:
    """Move ``key`` to a new token: every entry of the old one is stale."""
    (cache or default_cache).set(key, uuid4().hex, None)
