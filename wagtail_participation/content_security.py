"""Content-Security-Policy helpers (docs/deployment.md, "Security headers").

The package never needs a CSP package to run: ``{% participation_head %}`` puts ``nonce="…"`` on
its inline ``<style>`` whenever the request has a ``csp_nonce`` (django-csp's middleware sets one,
:func:`request_nonce` reads it) and leaves it out otherwise. This module loads without django-csp;
only :func:`public_directives` imports it (for its ``NONCE`` marker), and the middleware that sends
the admin's policy lives in ``content_security_middleware``.

* :func:`public_directives`: the strict policy every public page of the package passes: scripts and
  styles only from the site itself or with the request's nonce, no inline ``style=`` or ``on…=``
  attributes, no ``eval``, no plugins, no framing by other sites.
* :data:`ADMIN_DIRECTIVES`: what Wagtail's admin needs instead (it is not strict-CSP ready: inline
  ``<script>`` in its panels and date pickers, ``style=`` attributes, ``blob:`` image previews,
  Gravatar avatars). :class:`~wagtail_participation.content_security_middleware.AdminCSPMiddleware`
  sends it under the admin's URL prefixes only.
"""

from __future__ import annotations

from functools import lru_cache

from django.urls import NoReverseMatch, reverse

from wagtail_participation import conf

SELF = "'self'"
NONE = "'none'"
UNSAFE_INLINE = "'unsafe-inline'"


def _nonce():
    # django-csp's NONCE sentinel, which its middleware replaces by 'nonce-<value>' when a template
    # asked for the request's nonce. Imported here so that this module loads without django-csp.
    from csp.constants import NONCE

    return NONCE


def public_directives(**extra: list[str]) -> dict[str, list]:
    """The strict policy's directives for ``CONTENT_SECURITY_POLICY["DIRECTIVES"]``.

    ``extra`` adds sources per directive, with underscores for dashes:
    ``public_directives(frame_src=["https://www.youtube-nocookie.com"])`` lets video embeds in.
    """
    nonce = _nonce()
    directives = {
        "default-src": [SELF],
        "script-src": [SELF, nonce],
        "style-src": [SELF, nonce],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
    for name, sources in extra.items():
        key = name.replace("_", "-")
        directives[key] = [*directives.get(key, []), *sources]
    return directives


# Replaces the public directives of the same name under the admin's URL prefixes. No nonce here:
# a browser ignores 'unsafe-inline' in a list that also holds a nonce.
ADMIN_DIRECTIVES: dict[str, list[str]] = {
    # Inline <script> in Wagtail's inline panels, choosers and date/time widgets.
    "script-src": [SELF, UNSAFE_INLINE],
    # style="…" attributes all over Wagtail's templates and its JavaScript components.
    "style-src": [SELF, UNSAFE_INLINE],
    # Previews of images being uploaded (blob:), icons (data:), users' Gravatar pictures.
    "img-src": [SELF, "data:", "blob:", "www.gravatar.com"],
}


@lru_cache(maxsize=1)
def _derived_admin_prefixes() -> tuple[str, ...]:
    prefixes = []
    for name in ("wagtailadmin_home", "admin:index"):
        try:
            prefixes.append(reverse(name))
        except NoReverseMatch:
            continue
    return tuple(prefixes)


def admin_path_prefixes() -> tuple[str, ...]:
    """Paths that get the admin's looser policy: ``WAGTAILPARTICIPATION_ADMIN_CSP_PATHS``, else the
    Wagtail admin's and (where installed) Django admin's URL prefixes, e.g. ``("/admin/",)``."""
    configured = conf.get("ADMIN_CSP_PATHS")
    if configured is not None:
        return tuple(configured)
    return _derived_admin_prefixes()


def admin_directives() -> dict[str, list[str]]:
    """``WAGTAILPARTICIPATION_ADMIN_CSP_DIRECTIVES`` if set, else :data:`ADMIN_DIRECTIVES`."""
    configured = conf.get("ADMIN_CSP_DIRECTIVES")
    return dict(ADMIN_DIRECTIVES if configured is None else configured)


def is_admin_path(path: str) -> bool:
    return any(path.startswith(prefix) for prefix in admin_path_prefixes() if prefix)


def request_nonce(request) -> str:
    """The request's CSP nonce (asking for it puts it in the header), or "" without django-csp."""
    nonce = getattr(request, "csp_nonce", None) if request is not None else None
    # django-csp's lazy object is falsy until it is read: compare its text, never its truth.
    return str(nonce) if nonce is not None else ""
