"""The idea board, embedded: top ideas with vote buttons and a link to share an idea."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class IdeaBoardBlock(blocks.StructBlock):
    """Shows a board's top ideas live. Its vote forms post to the board's own route and come back
    to the page they were on; on an error the board page shows it (decision 1)."""

    board = blocks.PageChooserBlock(page_type="participation_ideas.IdeaBoardPage", label=_("Idea board"))
    heading = blocks.CharBlock(required=False, label=_("Heading"), help_text=_("Defaults to the board's question."))
    sort = blocks.ChoiceBlock(
        choices=[("trending", _("Trending")), ("votes", _("Most votes")), ("newest", _("Newest"))],
        default="trending",
        label=_("Which ideas"),
    )
    count = blocks.IntegerBlock(default=3, min_value=1, max_value=12, label=_("Number of ideas"))

    class Meta:
        icon = "openquote"
        label = _("Idea board")
        template = "wagtail_participation/ideas/blocks/idea_board_block.html"

    def get_context(self, value, parent_context=None):
        from wagtail_participation.ideas import views as idea_views

        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        board = value.get("board")
        board = board.specific if board else None
        if board is None or not board.live or request is None:
            context["unavailable"] = True
            return context
        context.update(idea_views.embedded(request, board, value["sort"], value["count"]))
        context["board"] = board
        return context
