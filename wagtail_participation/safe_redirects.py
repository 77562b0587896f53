"""Where to send a person after a form: only ever to this site (no open redirects)."""

from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, fallback: str, name: str = "next") -> str:
    """Where to send the person next (``name`` in POST or GET), if it is on this site; else ``fallback``."""
    target = request.POST.get(name) or request.GET.get(name) or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback
