"""The poll, embedded: the question and its answers in any page, results where allowed."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class PollBlock(blocks.StructBlock):
    """Shows a poll live inside any StreamField page. The form posts to the vote route outside
    the page tree (``wagtail_participation:vote_poll``) and comes back to the page it was on;
    on an error the poll's own page shows it with the choices kept (decision 1). No JavaScript."""

    poll = blocks.PageChooserBlock(page_type="participation_polls.PollPage", label=_("Poll"))
    heading = blocks.CharBlock(required=False, label=_("Heading"), help_text=_("Defaults to the poll's question."))

    class Meta:
        icon = "list-ul"
        label = _("Poll")
        template = "wagtail_participation/polls/blocks/poll_block.html"

    def get_context(self, value, parent_context=None):
        from wagtail_participation.polls import views as poll_views

        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        poll = value.get("poll")
        poll = poll.specific if poll else None
        if poll is not None and request is not None:
            # The poll in the visitor's language where it exists (one count for all of them).
            poll = poll.localized.specific
        if poll is None or not poll.live or request is None:
            context["unavailable"] = True
            return context
        context.update(poll_views.ballot_state(request, poll))
        context["back_url"] = ""
        return context
