"""Admin screens for polls and option analyses: moderating comments on options, reading votes
(the free-text "Other" answers). Results and snapshots are in "Methods and results" like every method.
``wagtail_hooks.py`` puts both viewsets in the "Participation" menu."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from wagtail_participation.admin_views import without_views
from wagtail_participation.polls.models import OptionComment, PollBallot


class OptionCommentViewSet(ModelViewSet):
    """Comments on options: moderators hide (with a reason the author sees) or restore; the text
    stays the citizen's, so it is never edited here."""

    model = OptionComment
    icon = "comment"
    name = "participation_option_comments"
    menu_label = _("Comments on options")
    menu_order = 600
    url_prefix = "participation/option-comments"
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    # Unticking "show my name" stops showing the author's public name on this comment.
    form_fields = ["visibility", "hidden_reason", "show_author"]
    list_display = ["__str__", Column("record", label=_("Option analysis")), "option_code", "visibility", "created_at"]
    list_filter = ["visibility"]
    inspect_view_fields = ["body", "record", "option_code", "language", "visibility", "hidden_reason", "created_at"]

    def get_urlpatterns(self):
        return [pattern for pattern in super().get_urlpatterns() if pattern.name not in {"add", "delete"}]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(**kwargs) | without_views("add", "delete")


class PollBallotViewSet(ModelViewSet):
    """Every vote with its codes and "Other" text, read-only: staff read the free answers here."""

    model = PollBallot
    icon = "list-ul"
    name = "participation_poll_votes"
    menu_label = _("Poll votes")
    menu_order = 610
    url_prefix = "participation/poll-votes"
    add_to_admin_menu = False
    copy_view_enabled = False
    list_display = [Column("record", label=_("Poll")), "choices", "other_text", "language", "created_at"]
    list_filter = ["language"]

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(**kwargs) | without_views("add", "edit", "delete", "usage", "history")
