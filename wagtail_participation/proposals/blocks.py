"""Citizen proposals, embedded: the latest or most supported proposals and "start a proposal"."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class ProposalsBlock(blocks.StructBlock):
    """Shows a proposals page's proposals that are still collecting supports (or waiting for the
    city's answer), live, with a link to start one (decision 1: one count, wherever it is shown)."""

    proposals_page = blocks.PageChooserBlock(
        page_type="participation_proposals.ProposalsPage", label=_("Proposals page")
    )
    heading = blocks.CharBlock(required=False, label=_("Heading"), help_text=_("Defaults to the page's title."))
    sort = blocks.ChoiceBlock(
        choices=[("supports", _("Most supported")), ("newest", _("Latest"))],
        default="supports",
        label=_("Which proposals"),
    )
    count = blocks.IntegerBlock(default=3, min_value=1, max_value=12, label=_("Number of proposals"))

    class Meta:
        icon = "pick"
        label = _("Citizen proposals")
        template = "wagtail_participation/proposals/blocks/proposals_block.html"

    def get_context(self, value, parent_context=None):
        from wagtail_participation.proposals import views as proposal_views

        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        page = value.get("proposals_page")
        page = page.specific if page else None
        if page is None or not page.live or request is None:
            context["unavailable"] = True
            return context
        context.update(proposal_views.embedded(request, page, value["sort"], value["count"]))
        context["proposals_page"] = page
        return context
