"""Registrations only: the budgets screen in the "Participation" menu and the labels of budget
audit log entries (docs/architecture.md, "Admin: how a method app adds its screens")."""

from wagtail import hooks

from wagtail_participation.admin_registry import register_participation_viewset
from wagtail_participation.budgets import services
from wagtail_participation.budgets.admin import BudgetViewSet

register_participation_viewset(BudgetViewSet())

hooks.register("register_log_actions", services.register_log_actions)
