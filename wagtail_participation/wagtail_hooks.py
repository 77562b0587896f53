"""Registrations only: the core's own. Each method app registers its screens, bulk actions, log
actions and permissions in its own ``wagtail_hooks.py`` (:mod:`wagtail_participation.admin_registry`)."""

from django.contrib.auth.models import Permission
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from wagtail_participation import frozen, live_methods, moderation, retention, verification
from wagtail_participation.contributions_admin import BULK_ACTIONS
from wagtail_participation.viewsets import ParticipationViewSetGroup

register_snippet(ParticipationViewSetGroup)

hooks.register("register_log_actions", moderation.register_log_actions)
hooks.register("register_log_actions", verification.register_log_actions)
hooks.register("register_log_actions", frozen.register_log_actions)
hooks.register("register_log_actions", retention.register_log_actions)

# Before Wagtail's own view-restriction hook (order 0): a write to a private method is a 404.
hooks.register("before_serve_page", live_methods.refuse_writes_to_hidden_methods, order=-1)

for bulk_action in BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action)


@hooks.register("register_permissions")
def official_update_permissions():
    """Lets a group answer contributions (``add_officialupdate``) without moderating them, and
    finalise results (``add_resultsnapshot``; reading results is "view" on participation methods)."""
    return Permission.objects.filter(
        content_type__app_label="wagtail_participation",
        codename__in=["add_officialupdate", "add_resultsnapshot"],
    )


@hooks.register("register_admin_urls")
def second_factor_urls():
    """The page that explains why the register and personal-data exports ask for a second factor."""
    from django.urls import path

    from wagtail_participation.staff_second_factor import EXPLANATION_URL_NAME, SecondFactorRequiredView

    return [path("participation/second-factor/", SecondFactorRequiredView.as_view(), name=EXPLANATION_URL_NAME)]
