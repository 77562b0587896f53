"""Every ``WAGTAILPARTICIPATION_*`` developer setting, with its default, read in one place.

Editors' settings (logo, colours, privacy page...) are site settings in the admin
(:class:`wagtail_participation.models.settings.ParticipationSettings`), not here.
"""

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

DEFAULTS = {
    # Dotted path to ``callable(user) -> bool``: has this account confirmed its e-mail address?
    # The package does not know the site's account system; the example site answers from allauth.
    "EMAIL_CONFIRMED_CHECK": "wagtail_participation.accounts.email_confirmed_by_default",
    # Staff two-factor login (docs/staff-accounts.md). Dotted path to ``callable(request) -> bool``:
    # was this session authenticated with a second factor? The default says no to everyone, so
    # the register of residents and personal-data exports stay closed until the site answers
    # (the example site asks allauth's MFA). System check W044 watches it.
    "STAFF_SECOND_FACTOR": "wagtail_participation.staff_second_factor.no_second_factor_known",
    # URL name or path of the site's page where staff set up or use their second factor (it is
    # given ``?next=``); None shows the explanation without a link.
    "STAFF_SECOND_FACTOR_URL": None,
    # Holding any of these makes the whole admin ask for the second factor (with
    # StaffSecondFactorMiddleware): they open the register of residents, invitation codes,
    # verification figures and personal-data exports. Superusers hold them all.
    "STAFF_SECOND_FACTOR_PERMISSIONS": [
        "wagtail_participation.add_censusimport",
        "wagtail_participation.change_censusimport",
        "wagtail_participation.delete_censusimport",
        "wagtail_participation.view_censusimport",
        "wagtail_participation.add_censusclaimrefusal",
        "wagtail_participation.change_censusclaimrefusal",
        "wagtail_participation.delete_censusclaimrefusal",
        "wagtail_participation.view_censusclaimrefusal",
        "wagtail_participation.add_codebatch",
        "wagtail_participation.change_codebatch",
        "wagtail_participation.delete_codebatch",
        "wagtail_participation.view_codebatch",
        # the method apps' exports (a permission of an app that is not installed is held by no one)
        "participation_ideas.view_idea",
        "participation_ideas.change_idea",
        "participation_surveys.view_surveyresponse",
        "participation_surveys.change_surveyresponse",
        "participation_proposals.view_proposal",
        "participation_proposals.change_proposal",
    ],
    # URL name or path of the site's logout view (a POST form is rendered); None hides the button.
    "LOGOUT_URL": None,
    # False on a site whose residents have no login (only staff log in): the header then offers no
    # "Log in" link, which would lead residents to the admin's login (docs/integration.md).
    "PUBLIC_LOGIN": True,
    # The site's own page types ("app_label.ModelName") that editors may add under a project, beside
    # the participation methods (docs/integration.md, "Your own page types under a project").
    "PROJECT_SUBPAGE_TYPES": [],
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
    # Abuse brakes (docs/abuse-brakes.md): per action, how many attempts one participant (or,
    # before there is one, one session) may make per window, and how many may come from one client
    # address (an IPv4 address, an IPv6 /64) in the same window. A site's setting is merged over
    # these per action and per key, e.g. {"idea": {"limit": 5}}. None or 0 switches a level off.
    "BRAKES": {
        "idea": {"limit": 10, "address_limit": 300, "window": 3600},
        "proposal": {"limit": 5, "address_limit": 150, "window": 3600},
        "comment": {"limit": 20, "address_limit": 600, "window": 3600},
        "vote": {"limit": 60, "address_limit": 1200, "window": 60},
        "support": {"limit": 30, "address_limit": 600, "window": 60},
        "report": {"limit": 10, "address_limit": 100, "window": 3600},
        "similar": {"limit": 20, "address_limit": 300, "window": 600},
        "survey": {"limit": 10, "address_limit": 300, "window": 3600},
        "verify": {"limit": 10, "address_limit": 60, "window": 900},
        # requests to review a moderator's decision (docs/moderation.md)
        "review": {"limit": 5, "address_limit": 50, "window": 86400},
        # new anonymous participants (cookie tokens): counted per address only
        "anonymous_participant": {"limit": None, "address_limit": 120, "window": 3600},
    },
    # The cache (an alias of CACHES) the brakes count in. It must be shared by every process that
    # serves the site (Redis, Memcached, the database cache); system check W011 says so.
    "BRAKES_CACHE": "default",
    # Addresses or networks ("10.0.0.0/8", "2001:db8::/48") of the site's own reverse proxies and
    # load balancers. Only a request whose direct peer is one of them has its forwarded header read.
    "TRUSTED_PROXIES": [],
    # The header those proxies append the client's address to (comma-separated, right-most last).
    "CLIENT_ADDRESS_HEADER": "X-Forwarded-For",
    # Live results (while a method is open) and participation figures are cached this many seconds:
    # on a big board they count hundreds of thousands of rows. 0 computes them on every request.
    "RESULTS_CACHE_SECONDS": 60,
    # Project cards per page of a participation index (open now, then coming up, then finished).
    "PROJECTS_PER_PAGE": 12,
    # How long an author may edit a comment, in minutes.
    "COMMENT_EDIT_MINUTES": 15,
    # Top-level comments per page of a contribution's discussion (each with its replies).
    "COMMENTS_PER_PAGE": 20,
    # Rendered idea cards are kept in this cache (an alias of CACHES) for this many seconds, keyed
    # by everything the default card template shows, so a change to any of it renders anew.
    # 0 turns it off: do that if an overridden card template shows other fields.
    "CARD_CACHE": "default",
    "CARD_CACHE_SECONDS": 600,
    # Prepared XLSX exports (personal data of participants) are deleted after this many days
    # (the default of the "exports" kind in RETENTION).
    "EXPORT_RETENTION_DAYS": 7,
    # The retention schedule (docs/retention.md): {"<kind>": days}, merged over each kind's
    # default, e.g. {"unused_tokens": 30, "survey_email_answers": 365}. None keeps a kind for good
    # where that kind allows it (system check E050). The kinds are the core's and those the
    # installed method apps declare; `manage.py participation_retention` lists them.
    "RETENTION": {},
    # Citizen proposals: staff are warned this many days before an answer deadline.
    "PROPOSAL_DEADLINE_WARNING_DAYS": 7,
    # The insights app (docs/insights.md): the CPU threads its encoder may use when it computes stored
    # embeddings in batches (participation_tick, the analysis, a queue worker). A draft in a
    # resident's request is always encoded on one thread. More threads than free cores only thrash.
    "INSIGHTS_ENCODER_THREADS": 1,
    # How alike (cosine of the multilingual sentence vectors, 0 to 1) an idea must be to a draft to be
    # shown as similar while posting.
    "INSIGHTS_SIMILARITY_THRESHOLD": 0.4,
    # Words a resident's public name may not contain, so that no one passes for the city or its
    # staff. Compared as whole words, ignoring case, accents, look-alike letters from other
    # alphabets and digits written for letters ("Adm1n"). The site's name, the city name in the
    # participation settings and staff members' public names are refused as well. Replace the
    # list to change it (e.g. ``[*conf.DEFAULTS["DISPLAY_NAME_RESERVED_WORDS"], "ombudsman"]``).
    "DISPLAY_NAME_RESERVED_WORDS": [
        # English
        "admin",
        "administrator",
        "administration",
        "moderator",
        "moderation",
        "staff",
        "official",
        "city",
        "city hall",
        "town hall",
        "council",
        "municipality",
        "mayor",
        "government",
        "webmaster",
        "support",
        "helpdesk",
        "system",
        # Dutch
        "beheer",
        "beheerder",
        "moderatie",
        "gemeente",
        "stad",
        "stadhuis",
        "burgemeester",
        "schepen",
        "wethouder",
        "redactie",
        "officieel",
        "medewerker",
        "ambtenaar",
        "overheid",
        # French
        "administrateur",
        "modérateur",
        "modération",
        "ville",
        "mairie",
        "maire",
        "commune",
        "officiel",
        "hôtel de ville",
        "échevin",
        "gouvernement",
        # German
        "stadt",
        "gemeinde",
        "rathaus",
        "bürgermeister",
        "buergermeister",
        "verwaltung",
        "stadtverwaltung",
        "redaktion",
        "offiziell",
        "behörde",
        "regierung",
    ],
    # E-mails (docs/emails.md). The address links in e-mails start with, e.g.
    # "https://participate.example.org": set it when the Wagtail Site's hostname and port are not
    # the address residents use (behind a proxy that ends https). None uses each page's Site.
    "BASE_URL": None,
    # Dotted path to ``callable(user) -> str``: the language code of an account, used for e-mails
    # to people who did not take part in a language (moderators, staff, older follows).
    # "" means none; the site's default language is used then.
    "ACCOUNT_LANGUAGE": "wagtail_participation.mails.wagtail_preferred_language",
    # How an amount of money is written, per language ("" for any other language): {amount} is the
    # number grouped the language's way. One formatter (wagtail_participation.money) uses it on
    # every page and in the booth's script. A no-break space keeps the sign with the number.
    "MONEY_FORMATS": {
        "": "€{amount}",
        "en": "€{amount}",
        "nl": "€\u00a0{amount}",
        "fr": "{amount}\u00a0€",
        "de": "{amount}\u00a0€",
    },
    # Content-Security-Policy (docs/deployment.md, "Security headers"), read by
    # content_security_middleware.AdminCSPMiddleware on sites that use django-csp: the directives
    # that replace the public policy's under the admin, None for content_security.ADMIN_DIRECTIVES,
    "ADMIN_CSP_DIRECTIVES": None,
    # and the path prefixes they apply to, None for the Wagtail admin's (and Django admin's) own.
    "ADMIN_CSP_PATHS": None,
}


def get(name: str):
    """Return the ``WAGTAILPARTICIPATION_<name>`` setting or its default."""
    if name not in DEFAULTS:
        raise KeyError(f"unknown wagtail-participation setting {name!r}")
    return getattr(settings, f"WAGTAILPARTICIPATION_{name}", DEFAULTS[name])


# Rate limits of earlier versions, replaced by BRAKES and no longer read (system check W012).
RETIRED_BY_BRAKES = (
    "POSTS_PER_HOUR",
    "VOTES_PER_MINUTE",
    "SURVEY_RESPONSES_PER_HOUR",
    "VERIFY_ATTEMPTS",
    "VERIFY_WINDOW_SECONDS",
    "SUPPORTS_PER_MINUTE",
)


def get_callable(name: str):
    value = get(name)
    return import_string(value) if isinstance(value, str) else value
