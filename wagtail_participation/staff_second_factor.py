"""Staff who may see the register of residents or download participants' personal data must have
logged in with a second factor (docs/staff-accounts.md).

The package knows no account system: the site names a ``callable(request) -> bool`` in
``WAGTAILPARTICIPATION_STAFF_SECOND_FACTOR`` that says whether this session was second-factor
authenticated (the example site asks allauth's MFA). Two guards use it:

* :func:`second_factor_required` wraps every admin view that shows the register, verification
  data or codes, or that produces a personal-data export. It protects them whatever the site's
  middleware, and refuses before the view runs (a GET is redirected to an explanation page, any
  other method gets a 403 with the same explanation).
* :class:`StaffSecondFactorMiddleware` (optional, recommended) asks for it on the whole admin of a
  user who holds one of ``WAGTAILPARTICIPATION_STAFF_SECOND_FACTOR_PERMISSIONS``.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import NoReverseMatch, URLPattern, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from wagtail_participation import conf

#: The URL name of the explanation page (registered in the admin by ``wagtail_hooks``).
EXPLANATION_URL_NAME = "wagtail_participation_second_factor"
NOT_CONFIGURED = "wagtail_participation.staff_second_factor.no_second_factor_known"
PASSWORD_IS_ENOUGH = "wagtail_participation.staff_second_factor.password_is_enough"


def no_second_factor_known(request) -> bool:
    """Default for ``WAGTAILPARTICIPATION_STAFF_SECOND_FACTOR``: no session counts as second-factor
    authenticated, so the register and personal-data exports stay closed until the site says how
    its staff log in with a second factor (system check W044)."""
    return False


def password_is_enough(request) -> bool:
    """Every logged-in session counts: for the test suite and developers' machines only. A
    production site that sets it gets system check W044."""
    return bool(request.user.is_authenticated)


def session_is_second_factor_authenticated(request) -> bool:
    """Ask the site's check, for a logged-in user only."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    check = conf.get_callable("STAFF_SECOND_FACTOR")
    return bool(check(request))


def holds_sensitive_permission(user) -> bool:
    """Does this user hold a permission that opens the register or personal-data exports?
    (Superusers hold every permission.)"""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return any(user.has_perm(permission) for permission in conf.get("STAFF_SECOND_FACTOR_PERMISSIONS"))


def setup_url(next_url: str = "") -> str:
    """The site's page where staff set up or use their second factor (``..._SECOND_FACTOR_URL``),
    with ``next`` back to where they were; "" when the site has none."""
    target = conf.get("STAFF_SECOND_FACTOR_URL")
    if not target:
        return ""
    try:
        url = str(resolve_url(target))
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def refusal(request):
    """The answer to a request that needs a second factor and has none: a GET is redirected to the
    explanation page (with the way back), anything else is refused with it (403)."""
    if request.method in ("GET", "HEAD"):
        explanation = reverse(EXPLANATION_URL_NAME)
        return HttpResponseRedirect(f"{explanation}?{urlencode({'next': request.get_full_path()})}")
    return explanation_response(request, next_url=safe_next(request, request.META.get("HTTP_REFERER", "")), status=403)


def explanation_response(request, next_url: str, status: int = 200):
    view = SecondFactorRequiredView.as_view(next_url=next_url, status=status)
    return view(request).render()  # returned before any view: nothing else would render it


class SecondFactorRequiredView(WagtailAdminTemplateMixin, TemplateView):
    """Explains why a page asks for the second factor, with a link to the site's page that sets it
    up or asks for it, and ``next`` back to the refused page. Open to every admin user."""

    template_name = "wagtail_participation/admin/second_factor_required.html"
    header_icon = "lock"
    next_url = None
    status = 200

    def get_page_title(self):
        return _("Two-factor login needed")

    def get(self, request, *args, **kwargs):
        next_url = self.next_url if self.next_url is not None else safe_next(request, request.GET.get("next", ""))
        context = self.get_context_data(
            setup_url=setup_url(next_url),
            next_url=next_url,
            is_second_factor_authenticated=session_is_second_factor_authenticated(request),
        )
        return self.render_to_response(context, status=self.status)

    def post(self, request, *args, **kwargs):
        return self.get(request, *args, **kwargs)


def second_factor_required(view):
    """Refuse the view to a logged-in user whose session has no second factor.

    Put it outside the view's own permission check: it never lets anyone in, it only keeps out."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not session_is_second_factor_authenticated(request):
            return refusal(request)
        return view(request, *args, **kwargs)

    guarded.requires_second_factor = True
    return guarded


def guarded_urlpatterns(patterns: list) -> list:
    """The same URL patterns with every view wrapped in :func:`second_factor_required`
    (for a viewset's ``get_urlpatterns``)."""
    guarded = []
    for pattern in patterns:
        if not isinstance(pattern, URLPattern):
            raise ImproperlyConfigured("guarded_urlpatterns() takes views, not includes")
        guarded.append(
            URLPattern(pattern.pattern, second_factor_required(pattern.callback), pattern.default_args, pattern.name)
        )
    return guarded


def safe_next(request, next_url: str) -> str:
    """``next_url`` if it stays on this site, else the admin's dashboard."""
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return reverse("wagtailadmin_home")


class StaffSecondFactorMiddleware:
    """Asks for the second factor on every admin page of a user who holds a sensitive permission
    (after ``AuthenticationMiddleware``). The admin's login and logout and the explanation page
    stay open, so such a user can always leave or learn what to do."""

    # The explanation page itself needs the admin's icons and translations of its scripts.
    OPEN_URL_NAMES = (
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_sprite",
        "wagtailadmin_javascript_catalog",
        EXPLANATION_URL_NAME,
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.applies_to(request):
            return refusal(request)
        return self.get_response(request)

    def applies_to(self, request) -> bool:
        # The path first: on public pages the (lazy) user is never loaded for this.
        try:
            admin_root = reverse("wagtailadmin_home")
        except NoReverseMatch:
            return False
        if not request.path_info.startswith(admin_root):
            return False
        if request.path_info in {reverse(name) for name in self.OPEN_URL_NAMES}:
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        return holds_sensitive_permission(user) and not session_is_second_factor_authenticated(request)
