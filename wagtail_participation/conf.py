"""Every ``WAGTAILPARTICIPATION_*`` developer setting, with its default, read in one place.

Editors' settings (city name, colours, privacy page...) are site settings in the admin
(:class:`wagtail_participation.models.settings.ParticipationSettings`), not here.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.module_loading import import_string

DEFAULTS = {
    # Dotted path to ``callable(user) -> bool``: has this account confirmed its e-mail address?
    # The package does not know the site's account system; the example site answers from allauth.
    "EMAIL_CONFIRMED_CHECK": "wagtail_participation.accounts.email_confirmed_by_default",
    # URL name or path of the site's logout view (a POST form is rendered); None hides the button.
    "LOGOUT_URL": None,
    # Dotted path to ``callable() -> aware datetime``: the one clock every time rule reads.
    "CLOCK": "django.utils.timezone.now",
    # Anonymous participation: the signed first-party cookie that carries a participant token.
    "TOKEN_COOKIE_NAME": "participation_token",
    "TOKEN_MAX_AGE": 60 * 60 * 24 * 365,
    "TOKEN_SALT": "wagtail_participation.participant",
    # Ways residents prove who and where they are, in the order they are offered.
    "VERIFICATION_BACKENDS": [
        {"CLASS": "wagtail_participation.verification.InvitationCodeBackend", "OPTIONS": {}},
        {"CLASS": "wagtail_participation.verification.CensusBackend", "OPTIONS": {}},
        {"CLASS": "wagtail_participation.verification.DeclaredAreaBackend", "OPTIONS": {}},
    ],
    # Key for the HMAC digests of invitation codes and census rows. None derives one from
    # SECRET_KEY; set your own (bytes or str) so that rotating SECRET_KEY keeps codes valid.
    "HMAC_KEY": None,
    # Reports from this many distinct registered participants hide a contribution or comment
    # until a moderator looks at it.
    "AUTO_HIDE_REPORTS": 3,
    "AUTO_HIDE_REASON": _("Hidden after several reports, until a moderator has looked at it."),
    # Ideas and comments per participant per hour, and votes per participant per minute.
    "POSTS_PER_HOUR": 20,
    "VOTES_PER_MINUTE": 60,
    # Survey responses sent from one IP address, session or participant per hour.
    "SURVEY_RESPONSES_PER_HOUR": 30,
    # Live results (while a method is open) and participation figures are cached this many seconds:
    # on a big board they count hundreds of thousands of rows. 0 computes them on every request.
    "RESULTS_CACHE_SECONDS": 60,
    # How long an author may edit a comment, in minutes.
    "COMMENT_EDIT_MINUTES": 15,
    # Verification attempts allowed per window, counted per IP address and per session.
    "VERIFY_ATTEMPTS": 10,
    "VERIFY_WINDOW_SECONDS": 15 * 60,
    # Rendered idea cards are kept in this cache (an alias of CACHES) for this many seconds, keyed
    # by everything the default card template shows, so a change to any of it renders anew.
    # 0 turns it off: do that if an overridden card template shows other fields.
    "CARD_CACHE": "default",
    "CARD_CACHE_SECONDS": 600,
    # Prepared XLSX exports (personal data of participants) are deleted after this many days.
    "EXPORT_RETENTION_DAYS": 7,
    # Citizen proposals: staff are warned this many days before an answer deadline.
    "PROPOSAL_DEADLINE_WARNING_DAYS": 7,
    # Supports per participant per minute (across proposals).
    "SUPPORTS_PER_MINUTE": 30,
    # How an amount of money is written, per language ("" for any other language): {amount} is the
    # number grouped the language's way. One formatter (wagtail_participation.money) uses it on
    # every page and in the booth's script. A no-break space keeps the sign with the number.
    "MONEY_FORMATS": {"": "€{amount}", "en": "€{amount}", "nl": "€\u00a0{amount}", "fr": "{amount}\u00a0€", "de": "{amount}\u00a0€"},
}


def get(name: str):
    """Return the ``WAGTAILPARTICIPATION_<name>`` setting or its default."""
    if name not in DEFAULTS:
        raise KeyError(f"unknown wagtail-participation setting {name!r}")
    return getattr(settings, f"WAGTAILPARTICIPATION_{name}", DEFAULTS[name])


def get_callable(name: str):
    value = get(name)
    return import_string(value) if isinstance(value, str) else value
