"""What the budgets app offers the core, registered from :meth:`ready` (docs/architecture.md)."""

from wagtail_participation.manifests import MethodManifest


def build() -> MethodManifest:
    """The app's manifest; imported from ``ready()``, when the models are loaded."""
    from wagtail_participation.budgets import blocks, figures, personal_data
    from wagtail_participation.budgets.models import BudgetPage

    return MethodManifest(
        app_label="participation_budgets",
        page_models=(BudgetPage,),
        urls="wagtail_participation.budgets.urls",
        personal_data_kinds=personal_data.KINDS,
        figure_sources=figures.SOURCES,
        my_items=personal_data.MY_ITEMS,
        embed=blocks.render_live,
        results=blocks.render_results,
    )
