"""Where the admin sends staff who need their second factor (WAGTAILPARTICIPATION_STAFF_SECOND_FACTOR_URL)."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse

from wagtail_participation.staff_second_factor import safe_next


@login_required
def staff_second_factor(request):
    """Staff with an authenticator app enter a code from it (allauth's MFA re-authentication,
    which comes back to ``next``); staff without one set it up first (allauth asks for the
    password again, shows the QR code, then the recovery codes)."""
    from allauth.mfa.models import Authenticator

    next_url = safe_next(request, request.GET.get("next", ""))
    if Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists():
        return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': next_url})}")
    # allauth's activation ends on the recovery codes page, whose menu links back to the admin;
    # the admin then sends them to the code page above.
    return redirect("mfa_activate_totp")
