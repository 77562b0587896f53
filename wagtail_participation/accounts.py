"""The package's only assumptions about accounts: Django's ``User`` and ``LOGIN_URL``."""


def email_confirmed_by_default(user) -> bool:
    """Default for ``WAGTAILPARTICIPATION_EMAIL_CONFIRMED_CHECK``.

    Without an account system that confirms addresses, nothing is confirmed: a method that asks
    for a confirmed e-mail then stays closed rather than trusting an unconfirmed address.
    Sites plug in their own check (the example site asks allauth).
    """
    return False


def email_is_confirmed(user) -> bool:
    from wagtail_participation import conf

    return bool(user and user.is_authenticated and conf.get_callable("EMAIL_CONFIRMED_CHECK")(user))
