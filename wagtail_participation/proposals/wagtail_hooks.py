"""Registrations only: the proposals screen in the "Participation" menu, its bulk actions, the
labels of proposal audit log entries and the permission to enter offline signatures
(docs/architecture.md, "Admin: how a method app adds its screens")."""

from django.contrib.auth.models import Permission
from wagtail import hooks

from wagtail_participation.admin_registry import register_participation_viewset
from wagtail_participation.proposals import services
from wagtail_participation.proposals.admin import BULK_ACTIONS, ProposalModerationViewSet

register_participation_viewset(ProposalModerationViewSet())

hooks.register("register_log_actions", services.register_log_actions)

for bulk_action in BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action)


@hooks.register("register_permissions")
def offline_signature_permissions():
    """Lets a group enter offline signatures (``add_offlinesignatures``) without moderating proposals."""
    return Permission.objects.filter(
        content_type__app_label="participation_proposals", codename="add_offlinesignatures"
    )
