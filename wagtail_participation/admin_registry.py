"""How a method app adds its screens to the core's admin, without the core knowing the app.

The core's "Participation" menu group (:class:`~wagtail_participation.viewsets.ParticipationViewSetGroup`)
holds the core's own screens and reads every other item from the :data:`PARTICIPATION_MENU_HOOK`
Wagtail hook. A method app calls :func:`register_participation_viewset` from its own
``wagtail_hooks.py`` (Wagtail imports that module of every installed app), so a method that is not
installed adds nothing::

    # city_meetings/wagtail_hooks.py (a method app's own module)
    from wagtail_participation.admin_registry import register_participation_viewset

    from city_meetings.admin import MeetingViewSet  # a ViewSet with name, menu_label and menu_order

    register_participation_viewset(MeetingViewSet())

The items are sorted by ``menu_order``. The core's own items use these positions, and a method app
picks a free number between them (docs/architecture.md, "Admin: how a method app adds its screens"):

- 100 Topics, 110 Areas, 120 Departments;
- 200 Methods and results;
- 300 Invitation codes, 310 Register of residents, 320 Refused register claims, 330 Verified participants;
- 500 Moderate comments, 510 Status labels;
- 1000 Review requests;
- 1100 Decisions, 1110 Implementation milestones.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from wagtail import hooks
from wagtail.admin.viewsets import viewsets

#: The Wagtail hook whose menu items the "Participation" group shows beside the core's own.
PARTICIPATION_MENU_HOOK = "register_participation_menu_item"

#: A Wagtail hook for extra filters of the comment moderation queue: each function returns a dict
#: ``{name: django_filters.Filter}`` (e.g. the ideas app adds "Idea board").
COMMENT_FILTERS_HOOK = "register_participation_comment_filters"


def register_participation_viewset(viewset):
    """Register ``viewset`` (an instance) with the Wagtail admin and put its menu item in the
    "Participation" group, at its ``menu_order``. Call it from the app's ``wagtail_hooks.py``.

    The viewset is registered at once, like the core's own screens (its URLs, permissions,
    reference index and admin URL finder are in place from start-up, not only once the URLconf
    is loaded)."""
    if viewset.menu_order is None:
        raise ImproperlyConfigured(f"{type(viewset).__name__} needs a menu_order to find its place in the menu")
    viewset.menu_hook = PARTICIPATION_MENU_HOOK
    viewsets.register(viewset)
    return viewset


def comment_filters() -> dict:
    """The extra filters of the comment moderation queue, from every installed app's hook."""
    filters = {}
    for fn in hooks.get_hooks(COMMENT_FILTERS_HOOK):
        filters.update(fn())
    return filters
