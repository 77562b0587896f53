"""How the demo city answers "has this account confirmed its e-mail address?"."""


def email_is_confirmed(user) -> bool:
    """Ask allauth where it is installed; otherwise staff accounts created by hand count as confirmed."""
    from django.apps import apps

    if apps.is_installed("allauth.account"):
        from allauth.account.models import EmailAddress

        return EmailAddress.objects.filter(user=user, verified=True).exists()
    return bool(user.is_staff and user.email)


def session_used_second_factor(request) -> bool:
    """``WAGTAILPARTICIPATION_STAFF_SECOND_FACTOR``: did this session's user pass allauth's MFA
    (at login, or later on allauth's "enter a code" page)?

    allauth keeps a record of each authentication step of the session, for the logged-in user
    only; a login through Wagtail's own form leaves none, so it does not count."""
    from django.apps import apps

    if not apps.is_installed("allauth.mfa") or not request.user.is_authenticated:
        return False
    from allauth.account.authentication import get_authentication_records

    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))
