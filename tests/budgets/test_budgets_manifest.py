"""The budgets app's manifest: what it registers with the core, and the core without it."""

from wagtail_participation import figures, manifests, my_items, personal_data
from wagtail_participation.budgets.models import BudgetPage

BUDGETS = "participation_budgets"


def test_the_manifest_registers_the_budgets_kinds_figures_and_section():
    assert manifests.get(BUDGETS).page_models == (BudgetPage,)
    assert "budget_ballots" in [kind.code for kind in personal_data.kinds()]
    assert "budget_ballots" in [source.code for source in figures.sources()]
    assert [section.code for section in my_items.sections()][-1] == "ballots"  # last, as always
    assert figures.channel_labels()["imported"] == "Imported"  # the budgets' own channel
    assert figures.channel_labels()["online"] == "Online"


def test_without_the_manifest_the_budgets_are_absent():
    manifest = manifests.unregister(BUDGETS)
    try:
        assert "budget_ballots" not in [kind.code for kind in personal_data.kinds()]
        assert "ballots" not in [section.code for section in my_items.sections()]
        assert "imported" not in figures.channel_labels()
    finally:
        manifests.register(manifest)
