"""Abuse brakes: fixed-window attempt counts in a shared cache, per action (docs/abuse-brakes.md).

Each attempt is counted first for the person (their participant, so an account counts the same on
every device; before there is one, their session) against a budget for one person, and then for
their client address against a much larger budget for everyone behind it. A whole school class
or a neighbourhood behind one mobile carrier address shares the address budget but never one
person's budget, so the class goes on while a single busy participant is braked. An attempt
refused for the person does not count for the address, so one person cannot use up the budget of
the people they share an address with.

A request that would create a new anonymous participant is also refused once its address has
created ``anonymous_participant`` many in the window: a script that throws its cookie away to
get a fresh person each time is braked there.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import gettext_lazy as _

from wagtail_participation import client_address, conf

POSTED = _("You have posted a lot in a short time. Please wait a while and try again.")
FROM_YOUR_NETWORK = _("A lot was sent from your network in a short time. Please wait a while and try again.")

# What one person is told when their own budget for an action is used up.
MESSAGES = {
    "idea": POSTED,
    "proposal": POSTED,
    "comment": POSTED,
    "vote": _("You have voted a lot in a short time. Please wait a minute."),
    "support": _("You have supported a lot in a short time. Please wait a minute."),
    "report": _("You have reported a lot in a short time. Please wait a while and try again."),
    "similar": _("You have looked for similar ideas a lot in a short time. Please wait a while, or send your idea."),
    "survey": _("Many responses came from here in a short time. Please wait a while and try again."),
    "verify": _("Too many attempts. Wait a quarter of an hour and try again."),
    "review": _("You have asked for many reviews in a short time. Please try again tomorrow."),
}
NEW_PARTICIPANT = "anonymous_participant"


@dataclass(frozen=True)
class Verdict:
    """Whether an attempt may go ahead; ``reason`` (translated) says why not."""

    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Verdict(True)


@dataclass(frozen=True)
class Budget:
    """Attempts allowed per ``window`` seconds to one person (``limit``) and from one address
    (``address_limit``); ``None`` or 0 switches that level off."""

    limit: int | None
    address_limit: int | None
    window: int


def budget(action: str) -> Budget:
    """The action's budget: the site's ``BRAKES`` setting merged over the defaults."""
    values = {**conf.DEFAULTS["BRAKES"][action], **(conf.get("BRAKES").get(action) or {})}
    return Budget(limit=values.get("limit"), address_limit=values.get("address_limit"), window=values.get("window"))


def address_of(request) -> str:
    """The request's client address as a brake key (an IPv4 address or an IPv6 /64)."""
    header = "HTTP_" + conf.get("CLIENT_ADDRESS_HEADER").upper().replace("-", "_")
    trusted = client_address.networks(tuple(conf.get("TRUSTED_PROXIES")))
    found = client_address.client_address(request.META.get("REMOTE_ADDR"), request.META.get(header), trusted)
    return client_address.bucket(found)


UNRESOLVED = object()  # attempt() resolves the participant itself


def attempt(request, action: str, creates_participant: bool = True, participant=UNRESOLVED) -> Verdict:
    """Count one attempt at ``action`` by this request's person and address; refused once either is
    over its budget. ``creates_participant``: the request will make an anonymous participant if
    the visitor has none (checked against the address's ``anonymous_participant`` budget).
    ``participant``: the request's participant (or None) when the caller resolved it already."""
    from wagtail_participation import identity

    if participant is UNRESOLVED:
        participant = identity.participant_for(request)
    address = address_of(request)
    if participant is None and creates_participant and _over(NEW_PARTICIPANT, address):
        return Verdict(False, str(FROM_YOUR_NETWORK))
    spend = budget(action)
    person = f"p{participant.pk}" if participant is not None else _session_key(request)
    if person and spend.limit and _count(f"wp-brake:{action}:{person}", spend.window) > spend.limit:
        return Verdict(False, str(MESSAGES[action]))
    if participant is None:  # counted for the participant this request may create (participant_created)
        request._participation_brake_pending = action
    if spend.address_limit and _count(f"wp-brake:{action}:@{address}", spend.window) > spend.address_limit:
        return Verdict(False, str(FROM_YOUR_NETWORK))
    return ALLOWED


def participant_created(request, participant) -> None:
    """Count a new anonymous participant against its address, and the attempt that made it
    against the new participant (called where one is made)."""
    spend = budget(NEW_PARTICIPANT)
    if spend.address_limit:
        _count(f"wp-brake:{NEW_PARTICIPANT}:@{address_of(request)}", spend.window)
    action = getattr(request, "_participation_brake_pending", None)
    pending = budget(action) if action else None
    if pending and pending.limit:
        _count(f"wp-brake:{action}:p{participant.pk}", pending.window)


def _over(action: str, address: str) -> bool:
    spend = budget(action)
    return bool(spend.address_limit) and (_cache().get(f"wp-brake:{action}:@{address}") or 0) >= spend.address_limit


def _session_key(request) -> str | None:
    # An existing session only: creating one per cookie-less request costs a write and protects
    # nothing (such a client gets a fresh session every time); the address budget holds for it.
    session = getattr(request, "session", None)
    key = session.session_key if session is not None else None
    return f"s{key}" if key else None


def _cache():
    return caches[conf.get("BRAKES_CACHE")]


def _count(key: str, window: int) -> int:
    """Add one to ``key``'s count in the current window; the count."""
    cache = _cache()
    if cache.add(key, 1, timeout=window):  # the first attempt in this window: one cache call
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def per_process_cache() -> bool:
    """Whether the brakes' cache is kept in each process (so each server counts on its own)."""
    backend = settings.CACHES.get(conf.get("BRAKES_CACHE"), {}).get("BACKEND", "")
    return backend.endswith(("LocMemCache", "DummyCache"))
