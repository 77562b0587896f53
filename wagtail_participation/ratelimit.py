"""Fixed-window attempt counting in the cache, per IP address and per session.

Used against brute-forcing invitation codes and census details. With several app servers,
configure a shared cache (Redis) so every server sees the same counts.
"""

from __future__ import annotations

from django.core.cache import cache


def _client_ip(request) -> str:
    # REMOTE_ADDR only: trusting X-Forwarded-For without knowing the proxy would let anyone
    # pick a fresh "IP" per request. Behind a proxy, set REMOTE_ADDR from it in middleware.
    return request.META.get("REMOTE_ADDR", "unknown")


def _session_key(request) -> str | None:
    # An existing session only: creating one per cookie-less request costs a write and protects
    # nothing (such a client gets a fresh session every time); the IP and participant keys hold.
    session = getattr(request, "session", None)
    return session.session_key if session is not None else None


def attempt(request, scope: str, limit: int, window: int, participant=None) -> bool:
    """Count one attempt; ``False`` when this IP, this session or this participant is over ``limit``
    in the window."""
    keys = [f"wp-rl:{scope}:ip:{_client_ip(request)}"]
    session_key = _session_key(request)
    if session_key:
        keys.append(f"wp-rl:{scope}:session:{session_key}")
    if participant is not None:
        keys.append(f"wp-rl:{scope}:participant:{participant.pk}")
    allowed = True
    for key in keys:
        if cache.add(key, 1, timeout=window):  # the first attempt in this window: one cache call
            count = 1
        else:
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, timeout=window)
                count = 1
        if count > limit:
            allowed = False
    return allowed
