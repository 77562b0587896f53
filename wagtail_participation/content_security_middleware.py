"""django-csp's middleware with a looser policy for the admin (docs/deployment.md, "Security headers").

Needs django-csp 4 (``pip install django-csp``); the rest of the package does not. Put it in
``MIDDLEWARE`` instead of ``csp.middleware.CSPMiddleware``.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts

from wagtail_participation import content_security


class AdminCSPMiddleware(CSPMiddleware):
    """``CONTENT_SECURITY_POLICY`` everywhere, with :data:`~wagtail_participation.content_security.ADMIN_DIRECTIVES`
    (or ``WAGTAILPARTICIPATION_ADMIN_CSP_DIRECTIVES``) replacing directives of the same name under the
    admin's URL prefixes. A view's own ``@csp_replace`` still wins."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if content_security.is_admin_path(request.path_info):
            parts.replace = {**content_security.admin_directives(), **(parts.replace or {})}
        return parts
