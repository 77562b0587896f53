"""Who is taking part: resolve the request's participant, issuing an anonymous token when allowed.

An anonymous participant is a random UUID in a signed first-party cookie. A tampered or expired
cookie is ignored (the person simply gets a fresh token), never an error.
"""

from __future__ import annotations

from django.core import signing

from . import conf


def participant_for(request, create: bool = False):
    """The request's :class:`Participant`, or ``None``.

    Registered users always get their participant (created on first need). Anonymous visitors
    get the one in their signed cookie; with ``create=True`` a new token participant is made
    (call :func:`remember` on the response to store it).
    """
    from .models import Participant

    cached = getattr(request, "_participation_participant", None)
    if cached is not None:
        return cached
    participant = None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        participant = Participant.objects.select_related("verification").filter(user=user).first()
        if participant is None:
            participant, _ = Participant.objects.get_or_create(user=user)
    else:
        token = read_token(request)
        if token:
            participant = participant_by_token(token)
        if participant is None and create:
            participant = Participant.new_anonymous()
            request._participation_new_token = participant.token
    if participant is not None:
        request._participation_participant = participant
    return participant


def participant_by_token(token: str):
    """The token's participant, or ``None``, in one query that also says whether a verification
    exists (if not, none is looked up later).

    Raw SQL because this runs on every vote and every page view of a returning visitor, and
    building the equivalent ORM query costs several times more than running it.
    """
    from django.core.exceptions import ValidationError
    from django.db import connection

    from .models import Participant, Verification

    try:
        value = Participant._meta.get_field("token").get_db_prep_value(token, connection)
    except (ValidationError, ValueError):
        return None
    quote = connection.ops.quote_name
    participants = Participant._meta.db_table
    sql = (
        f"SELECT p.*, v.id AS wp_verification_id FROM {quote(participants)} p "
        f"LEFT JOIN {quote(Verification._meta.db_table)} v ON v.participant_id = p.id WHERE p.token = %s"
    )
    found = list(Participant.objects.raw(sql, [value]))
    if not found:
        return None
    participant = found[0]
    if participant.wp_verification_id is None:  # known to have none: reading it needs no query
        Participant.verification.related.set_cached_value(participant, None)
    return participant


def read_token(request):
    """The token in the signed cookie, or ``None`` when absent, tampered with or expired."""
    try:
        return request.get_signed_cookie(
            conf.get("TOKEN_COOKIE_NAME"), default=None, salt=conf.get("TOKEN_SALT"), max_age=conf.get("TOKEN_MAX_AGE")
        )
    except signing.BadSignature:  # pragma: no cover - get_signed_cookie returns the default
        return None


def remember(request, response):
    """Store a token issued during this request in its cookie (first-party, HttpOnly, SameSite=Lax)."""
    token = getattr(request, "_participation_new_token", None)
    if token:
        response.set_signed_cookie(
            conf.get("TOKEN_COOKIE_NAME"), str(token), salt=conf.get("TOKEN_SALT"),
            max_age=conf.get("TOKEN_MAX_AGE"), httponly=True, samesite="Lax", secure=request.is_secure(),
        )
    return response
