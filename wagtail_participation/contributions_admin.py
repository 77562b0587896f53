"""The moderation queue every kind of contribution shares: bulk actions (approve, hide, restore,
reset a name), the index view that puts what needs attention first, its buttons, and the viewset
each queue is made of (the comment queue here; each method app subclasses it for its own kind).

A method app registers its own bulk actions (these classes with ``models = [ItsModel]``) from its
``wagtail_hooks.py``; the core registers only those for comments."""

from __future__ import annotations

from urllib.parse import urlencode

import django_filters
from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.views.generic.models import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import MenuItem
from wagtail.log_actions import registry as log_registry

from wagtail_participation import moderation, reviews
from wagtail_participation.admin_views import without_views
from wagtail_participation.models import Comment, HideGround, Visibility

COMMENTS = "participation_comments"


def change_permission(model) -> str:
    """The permission that lets staff moderate items of ``model`` (``<app>.change_<model>``)."""
    return f"{model._meta.app_label}.change_{model._meta.model_name}"


def bulk_url(model, action: str, pk, next_url: str) -> str:
    """The URL of a moderation bulk action for one object (GET confirms, POST acts)."""
    url = reverse("wagtail_bulk_action", args=(model._meta.app_label, model._meta.model_name, action))
    return f"{url}?{urlencode({'id': pk, 'next': next_url})}"


class HideForm(forms.Form):
    """The statement of reasons the author receives: a ground from the house rules, and in words."""

    ground = forms.ChoiceField(
        label=gettext_lazy("Ground"),
        choices=HideGround.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose the ground for hiding: the author is told it.")},
    )
    reason = forms.CharField(
        label=gettext_lazy("Explanation"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Optional. The author reads this with the ground, by e-mail and on the item, and can ask for a review."
        ),
    )


class ModerationBulkAction(BulkAction):
    """Approve, hide or restore the selected comments (``change_<model>`` permission).

    A method app makes the actions for its own contribution model with
    :func:`moderation_bulk_actions` (its own subclasses, with their own ``moderate``, where it does
    more) and registers them with the ``register_bulk_action`` hook, so the core never names a
    method's model."""

    template_name = "wagtail_participation/admin/bulk_moderate.html"
    models = [Comment]
    confirm_text = ""
    # The ``moderation`` function that acts on the selected items, with the execution context
    # (``user`` and what the action's form asked) as keyword arguments; it returns how many changed.
    moderate = None

    def permission(self):
        return change_permission(self.model)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def check_perm(self, obj):
        return self.request.user.has_perm(self.permission())

    def object_context(self, obj):
        return {"item": obj, "visibility": obj.get_visibility_display()}

    def get_execution_context(self):
        return {"user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"header_icon": "warning"}

    @classmethod
    def execute_action(cls, objects, **context):
        return cls.moderate(objects, **context), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("%(count)d item changed.", "%(count)d items changed.", num_parent_objects) % {
            "count": num_parent_objects
        }


class ResetNameForm(forms.Form):
    """Why a public name is reset: the person reads it on My participation."""

    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("The person sees this reason. Say which house rule the name breaks."),
    )


class ApproveBulkAction(ModerationBulkAction):
    display_name = gettext_lazy("Approve")
    action_type = "approve"
    aria_label = gettext_lazy("Approve the selected items")
    action_priority = 10
    confirm_text = gettext_lazy("These items become visible to everyone. Their open reports are marked as handled.")
    moderate = staticmethod(moderation.approve_many)


class HideBulkAction(ModerationBulkAction):
    display_name = gettext_lazy("Hide")
    action_type = "hide"
    aria_label = gettext_lazy("Hide the selected items")
    action_priority = 20
    classes = {"serious"}
    form_class = HideForm
    moderate = staticmethod(moderation.hide_many)
    confirm_text = gettext_lazy(
        "These items are hidden from everyone except their authors, who are sent the ground and explanation "
        "and may ask for a review."
    )

    def get_execution_context(self):
        data = self.cleaned_form.cleaned_data
        return super().get_execution_context() | {"ground": data["ground"], "explanation": data["reason"]}


class RestoreBulkAction(ModerationBulkAction):
    display_name = gettext_lazy("Restore")
    action_type = "restore"
    aria_label = gettext_lazy("Restore the selected hidden items")
    action_priority = 30
    confirm_text = gettext_lazy("Hidden items become visible again; the others stay as they are.")
    moderate = staticmethod(moderation.restore_many)


class ResetNameBulkAction(ModerationBulkAction):
    """Removes the public name of each selected item's author (everywhere it is shown), audited."""

    display_name = gettext_lazy("Reset the author's name")
    action_type = "reset_name"
    aria_label = gettext_lazy("Reset the public names of the authors of the selected items")
    action_priority = 40
    classes = {"serious"}
    form_class = ResetNameForm
    moderate = staticmethod(moderation.reset_public_names)
    confirm_text = gettext_lazy(
        "Their authors are shown as “a resident” everywhere until they choose another public name. They see the reason."
    )

    def object_context(self, obj):
        return super().object_context(obj) | {"name": obj.author.display_name if obj.author_id else ""}

    def get_execution_context(self):
        return super().get_execution_context() | {"reason": self.cleaned_form.cleaned_data["reason"]}


BULK_ACTIONS = (ApproveBulkAction, HideBulkAction, RestoreBulkAction, ResetNameBulkAction)  # for comments
MODERATION_ACTIONS = tuple(action.action_type for action in BULK_ACTIONS)


def moderation_bulk_actions(model, *own) -> tuple:
    """The moderation bulk actions for a contribution model, for its app's ``wagtail_hooks.py``:
    the core's four with ``models = [model]``, except where ``own`` has a subclass of the same
    ``action_type`` (approving a citizen proposal also publishes it, say)."""
    replaced = {action.action_type: action for action in own}
    return tuple(
        replaced.get(action.action_type)
        or type(f"{model.__name__}{action.__name__}", (action,), {"models": [model], "__module__": model.__module__})
        for action in BULK_ACTIONS
    )


def needs_approval(visibility, open_reports) -> bool:
    """Approve is offered for new items and for visible items whose reports nobody handled yet."""
    return visibility == Visibility.PRESCREENING or (visibility == Visibility.VISIBLE and open_reports > 0)


def attention_first(queryset, reports):
    """New (pre-moderation) items first, then items with unhandled reports, then the rest."""
    return queryset.annotate(
        open_reports=Count(reports, filter=Q(**{f"{reports}__handled": False}), distinct=True)
    ).annotate(
        attention=Case(
            When(visibility=Visibility.PRESCREENING, then=Value(0)),
            When(open_reports__gt=0, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    )


class ModerationIndexView(IndexView):
    """A listing with checkboxes for the moderation bulk actions, and per-row moderation links."""

    default_ordering = ("attention", "-created_at")
    reports_lookup = "reports"

    def get_base_queryset(self):
        queryset = attention_first(super().get_base_queryset(), self.reports_lookup)
        return queryset.annotate(author_public_name=F("author__display_name"))

    def _get_title_column(self, *args, **kwargs):
        return super()._get_title_column(*args, **kwargs, get_title_id=self.title_id)

    def title_id(self, instance):
        return f"{self.model._meta.model_name}_{quote(instance.pk)}_title"

    @cached_property
    def columns(self):
        return [BulkActionsCheckboxColumn("bulk_actions", obj_type=self.model._meta.model_name), *super().columns]

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if not self.request.user.has_perm(change_permission(self.model)):
            return buttons
        actions = []
        if needs_approval(instance.visibility, getattr(instance, "open_reports", 0)):
            actions.append(("approve", _("Approve"), "check"))
        actions.append(("hide", _("Hide"), "view"))
        if instance.visibility == Visibility.HIDDEN:
            actions.append(("restore", _("Restore"), "undo"))
        if instance.show_author and getattr(instance, "author_public_name", ""):
            actions.append(("reset_name", _("Reset the author's name"), "user"))
        for priority, (action, label, icon) in enumerate(actions, start=40):
            url = bulk_url(self.model, action, instance.pk, self.index_url)
            buttons.append(MenuItem(label, url=url, icon_name=icon, priority=priority))
        return buttons


class ContributionModerationView(InspectView):
    """One contribution with its reports, official answers and history, and the moderation buttons
    (POST forms to the bulk actions). A method app's subclass names its template, its URL
    ``namespace`` (with ``answer`` and ``history`` routes) and adds to :meth:`get_context_data`."""

    namespace = ""
    history_length = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item, here, user, model = self.object, self.request.path, self.request.user, self.model
        context.update(
            {
                "reports": item.reports.select_related("reporter").order_by("-created_at"),
                "can_approve": needs_approval(item.visibility, item.reports.filter(handled=False).count()),
                "updates": item.official_updates.select_related("department", "author"),
                "log_entries": log_registry.get_logs_for_instance(item).select_related("user")[: self.history_length],
                "can_moderate": user.has_perm(change_permission(model)),
                "can_answer": user.has_perm("wagtail_participation.add_officialupdate"),
                **{f"{action}_url": bulk_url(model, action, item.pk, here) for action in MODERATION_ACTIONS},
                "answer_url": reverse(f"{self.namespace}:answer", args=(item.pk,)),
                "history_url": reverse(f"{self.namespace}:history", args=(item.pk,)),
                "hide_form": HideForm(),
                "open_review": reviews.open_request(item),
            }
        )
        return context


class CommentIndexView(ModerationIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("contribution")


class ModerationViewSet(ModelViewSet):
    """A moderation queue: new and reported items first, bulk approve / hide / restore, history.

    Items are never edited or deleted here: citizens' words stay theirs; moderators hide with a reason.
    """

    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True  # also registers the "view" permission for groups
    index_template_name = "wagtail_participation/admin/moderation_index.html"

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("history/<int:pk>/", self.history_view, name="history"),
            path("history-results/<int:pk>/", self.history_results_view, name="history_results"),
        ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(**kwargs) | without_views("add", "edit", "delete", "usage")

    @property
    def url_finder_class(self):
        # Links from elsewhere in the admin (e.g. the site history report) open the moderation page.
        return type("ModerationURLFinder", (ModelAdminURLFinder,), {"edit_url_name": self.get_url_name("inspect")})


def method_filter(records, label, field_name: str = "record") -> django_filters.ModelChoiceFilter:
    """A queue's filter by participation method: ``records()`` gives the method's records (read on
    each request, so new pages appear)."""
    return django_filters.ModelChoiceFilter(field_name=field_name, queryset=lambda request: records(), label=label)


class CommentFilterSet(WagtailFilterSet):
    """The comment queue's filters; installed apps add more through ``admin_registry.COMMENT_FILTERS_HOOK``."""

    class Meta:
        model = Comment
        fields = ["visibility"]
