"""A participant's budget ballots: for "Download my data", account deletion and *My participation*
(listed in the manifest)."""

from django.utils.translation import gettext_lazy as _

from wagtail_participation.budgets.models import BudgetBallot
from wagtail_participation.budgets.services import budget_specs
from wagtail_participation.my_items import MyItemsSection, OwnItem
from wagtail_participation.personal_data import PersonalDataKind


def export_ballots(participant):
    rows = []
    for ballot in BudgetBallot.objects.filter(participant=participant).select_related("record").order_by("created_at"):
        spec = next((s for s in budget_specs(ballot.record) if s.code == ballot.budget_code), None)
        rows.append(
            {
                "method": str(ballot.record),
                "budget": spec.title if spec else ballot.budget_code,
                "projects": ballot.projects,
                "points": ballot.points,
                "cast_at": ballot.created_at.isoformat(),
                "changed_at": ballot.updated_at.isoformat(),
            }
        )
    return rows


def withdraw_open_ballots(participant):
    """Ballots in budgets still open are withdrawn; in closed budgets they stay counted, anonymised."""
    for ballot in BudgetBallot.objects.filter(participant=participant).select_related("record"):
        if not ballot.record.is_closed():
            ballot.delete()


KINDS = (PersonalDataKind("budget_ballots", _("Your budget ballots"), export_ballots, withdraw_open_ballots),)


def my_ballots(participant) -> list[OwnItem]:
    """Each ballot linked to its budget's booth (unlinked if that budget is no longer on the page)."""
    ballots = BudgetBallot.objects.filter(participant=participant).select_related("record").order_by("-created_at")
    items = []
    for ballot in ballots:
        spec = next((s for s in budget_specs(ballot.record) if s.code == ballot.budget_code), None)
        title = spec.title if spec else ballot.budget_code
        route, args = ("booth", (spec.slug,)) if spec else (None, ())
        items.append(OwnItem(title, ballot.record, ballot.created_at, route=route, args=args))
    return items


MY_ITEMS = (MyItemsSection("ballots", _("My budget ballots"), my_ballots, order=40),)
