"""Who is taking part: resolve the request's participant, issuing an anonymous token when allowed.

An anonymous participant is a random UUID in a signed first-party cookie. A tampered or expired
cookie is ignored (the person simply gets a fresh token), never an error.
"""

from __future__ import annotations

from django.core import signing

from wagtail_participation import conf, ratelimit


def participant_for(request, create: bool = False):
    """The request's :class:`Participant`, or ``None``.

    Registered users always get their participant (created on first need). Anonymous visitors
    get the one in their signed cookie; with ``create=True`` a new token participant is made
    (call :func:`remember` on the response to store it).
    """
    from wagtail_participation.models import Participant

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
        if token and not getattr(request, "_participation_token_checked", False):
            participant = participant_by_token(token)
        if participant is None and create:
            participant = Participant.new_anonymous()
            request._participation_new_token = participant.token
            ratelimit.participant_created(request, participant)  # views check that budget first (ratelimit.attempt)
    if participant is not None:
        request._participation_participant = participant
    return participant


# The anonymous participant is looked up by hand (raw SQL) because it happens on every vote and
# every page view of a returning visitor, and building the ORM query costs several times more
# than running it. A view whose own query can join the participant in uses the same columns.


def participant_columns(token_value) -> tuple[str, str, list]:
    """SELECT columns, LEFT JOINs and their parameter that add a token's participant (and whether
    a verification exists) to any one-row query; read them back with :func:`adopt_participant`."""
    from django.db import connection

    from wagtail_participation.models import Participant, Verification

    quote = connection.ops.quote_name
    columns = "wp_p.id AS wp_participant_id, wp_p.user_id AS wp_participant_user_id, wp_v.id AS wp_verification_id"
    joins = (
        f"LEFT JOIN {quote(Participant._meta.db_table)} wp_p ON wp_p.token = %s "
        f"LEFT JOIN {quote(Verification._meta.db_table)} wp_v ON wp_v.participant_id = wp_p.id"
    )
    return columns, joins, [token_value]


def token_db_value(token):
    """The token as the database stores it, or None for a malformed one."""
    from django.core.exceptions import ValidationError
    from django.db import connection

    from wagtail_participation.models import Participant

    try:
        return Participant._meta.get_field("token").get_db_prep_value(token, connection)
    except (ValidationError, ValueError):
        return None


def adopt_participant(request, token, participant_id, user_id, verification_id):
    """Remember the participant found for ``token`` by a query built with
    :func:`participant_columns` (or that there is none), so :func:`participant_for` needs no query."""
    participant = _participant(token, participant_id, user_id, verification_id)
    if participant is None:
        request._participation_token_checked = True
    else:
        request._participation_participant = participant
    return participant


def participant_by_token(token: str):
    """The token's participant, or ``None``, in one query that also says whether a verification
    exists (if not, none is looked up later)."""
    from django.db import connection

    value = token_db_value(token)
    if value is None:
        return None
    columns, joins, params = participant_columns(value)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM (SELECT 1 AS one) AS wp_one {joins}", params)
        row = cursor.fetchone()
    return _participant(token, *row) if row else None


def _participant(token, participant_id, user_id, verification_id):
    """A participant with only its id, user and token loaded (the rest loads if ever read)."""
    from django.db import connection

    from wagtail_participation.models import Participant

    if participant_id is None:
        return None
    token = Participant._meta.get_field("token").to_python(token)
    participant = Participant.from_db(connection.alias, ["id", "user_id", "token"], [participant_id, user_id, token])
    if verification_id is None:  # known to have none: reading it needs no query
        Participant.verification.related.set_cached_value(participant, None)
    return participant


def anonymous_token(request):
    """The cookie's token when the visitor is anonymous and not resolved yet this request, else None."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return None
    if getattr(request, "_participation_participant", None) is not None:
        return None
    return read_token(request)


def read_token(request):
    """The token in the signed cookie, or ``None`` when absent, tampered with or expired."""
    try:
        return request.get_signed_cookie(
            conf.get("TOKEN_COOKIE_NAME"), default=None, salt=conf.get("TOKEN_SALT"), max_age=conf.get("TOKEN_MAX_AGE")
        )
    except signing.BadSignature:  # pragma: no cover - get_signed_cookie returns the default
        return None


def forget_new_participant(request) -> None:
    """Forget the anonymous participant this request made (its transaction was rolled back, so
    the row does not exist): no cookie names it, and a retry makes a new one."""
    if getattr(request, "_participation_new_token", None):
        request._participation_new_token = None
        request._participation_participant = None


def remember(request, response):
    """Store a token issued during this request in its cookie (first-party, HttpOnly, SameSite=Lax)."""
    token = getattr(request, "_participation_new_token", None)
    if token:
        response.set_signed_cookie(
            conf.get("TOKEN_COOKIE_NAME"),
            str(token),
            salt=conf.get("TOKEN_SALT"),
            max_age=conf.get("TOKEN_MAX_AGE"),
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response
