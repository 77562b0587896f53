"""The review queue: authors ask to restore what a moderator hid; a moderator restores the item or
upholds the decision, with an answer the author receives.

Who may see and answer a request is decided by :class:`ReviewPermissionPolicy`: the permission to
moderate the contested kind of item (``change_comment``, or ``change_<model>`` of the installed
method whose contribution it is, e.g. ``change_idea``), checked on the server for the listing, the
menu item and every answer.
"""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import IndexView
from wagtail.log_actions import registry as log_registry
from wagtail.permission_policies.base import BasePermissionPolicy, ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from wagtail_participation import manifests, reviews
from wagtail_participation.models import Comment, Contribution, ReviewRequest

REVIEWS = "participation_reviews"  # viewset name, i.e. URL namespace
READ_AND_ANSWER = {"view", "change"}


def kind_models() -> dict:
    """Each kind of item a review can contest whose model is installed, with that model: comments,
    and the contribution types of the installed methods (the kind is the model's name, ``idea``)."""
    methods = {manifest.app_label for manifest in manifests.manifests()}
    contestable = {Comment._meta.model_name: Comment} | {
        model._meta.model_name: model
        for model in apps.get_models()
        if issubclass(model, Contribution) and model._meta.app_label in methods
    }
    return {kind: contestable[kind] for kind in ReviewRequest.Kind.values if kind in contestable}


def moderated_kinds(user) -> list[str]:
    """The kinds of item ``user`` may hide and restore, so whose reviews they may answer."""
    return [kind for kind in kind_models() if user.has_perm(reviews.moderation_permission(kind))]


class ReviewPermissionPolicy(BasePermissionPolicy):
    """Review requests are read and answered by the moderators of the contested kind of item; nobody
    adds or deletes them in the admin (authors make them, the record stays)."""

    def user_has_permission(self, user, action):
        return action in READ_AND_ANSWER and bool(moderated_kinds(user))

    def user_has_permission_for_instance(self, user, action, instance):
        return action in READ_AND_ANSWER and user.has_perm(reviews.moderation_permission(instance.kind))

    def instances_user_has_any_permission_for(self, user, actions):
        if not READ_AND_ANSWER & set(actions):
            return ReviewRequest.objects.none()
        return ReviewRequest.objects.filter(kind__in=moderated_kinds(user))

    def users_with_any_permission(self, actions):
        if not READ_AND_ANSWER & set(actions):
            return get_user_model().objects.none()
        ids = set()
        for model in kind_models().values():
            ids |= set(ModelPermissionPolicy(model).users_with_permission("change").values_list("pk", flat=True))
        return get_user_model().objects.filter(pk__in=ids)


POLICY = ReviewPermissionPolicy(ReviewRequest)
register_permission_policy(ReviewRequest, POLICY)


class ReviewIndexView(IndexView):
    """Open requests first, then the answered ones; only the kinds this moderator may moderate."""

    default_ordering = ("waiting", "-created_at")

    def get_base_queryset(self):
        return (
            POLICY.instances_user_has_any_permission_for(self.request.user, ["view"])
            .select_related("contribution", "comment", "answered_by")
            .annotate(
                waiting=Case(
                    When(status=ReviewRequest.Status.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()
                )
            )
        )


class ReviewAnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        widget=forms.RadioSelect,
        choices=[
            ("restore", gettext_lazy("Restore: make it visible again")),
            ("uphold", gettext_lazy("Uphold: it stays hidden")),
        ],
    )
    answer = forms.CharField(
        label=gettext_lazy("Answer to the author"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("The author receives this by e-mail and sees it on the item. Nobody else does."),
    )


class ReviewAnswerView(WagtailAdminTemplateMixin, TemplateView):
    """One request: the statement of reasons, the item, the author's reason, and the answer form (POST)."""

    template_name = "wagtail_participation/admin/review_answer.html"
    header_icon = "help"
    index_url_name = None

    def dispatch(self, request, *args, **kwargs):
        self.review = get_object_or_404(
            ReviewRequest.objects.select_related("contribution", "comment__contribution"), pk=kwargs["pk"]
        )
        if not POLICY.user_has_permission_for_instance(request.user, "change", self.review):
            raise PermissionDenied
        self.index_url = reverse(self.index_url_name)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Review request: “%(item)s”") % {"item": self.review}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": self.index_url, "label": _("Review requests")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, form=None, **kwargs):
        target = reviews.contested_item(self.review)
        return super().get_context_data(**kwargs) | {
            "review": self.review,
            "item": target,
            "form": form or ReviewAnswerForm(),
            "log_entries": log_registry.get_logs_for_instance(target).select_related("user")[:20],
        }

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        form = ReviewAnswerForm(request.POST)
        if form.is_valid():
            try:
                reviews.answer_review(
                    self.review,
                    restore=form.cleaned_data["decision"] == "restore",
                    answer=form.cleaned_data["answer"],
                    user=request.user,
                )
            except reviews.ReviewRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, _("The review is answered. The author is told by e-mail."))
                return redirect(self.index_url)
        return self.render_to_response(self.get_context_data(form=form), status=400)
