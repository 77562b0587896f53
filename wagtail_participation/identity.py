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
            participant = Participant.objects.select_related("verification").filter(token=token).first()
        if participant is None and create:
            participant = Participant.new_anonymous()
            request._participation_new_token = participant.token
    if participant is not None:
        request._participation_participant = participant
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
