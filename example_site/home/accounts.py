"""How the demo city answers "has this account confirmed its e-mail address?"."""


def email_is_confirmed(user) -> bool:
    """Ask allauth where it is installed; otherwise staff accounts created by hand count as confirmed."""
    from django.apps import apps

    if apps.is_installed("allauth.account"):
        from allauth.account.models import EmailAddress

        return EmailAddress.objects.filter(user=user, verified=True).exists()
    return bool(user.is_staff and user.email)
