"""The staff side of citizen proposals: the moderation queue (approve = publish, hide, restore),
one proposal's management page, official answers with a decision, ineligibility, offline
signatures and the removal of fraudulent supports; :class:`ProposalModerationViewSet`, which
``wagtail_hooks.py`` puts in the "Participation" menu.

Every change is a POST and checks a model permission on the server: ``change_proposal`` to
moderate, remove supports and declare ineligible, ``add_officialupdate`` to answer,
``add_offlinesignatures`` to enter signatures. The changes are made by
:mod:`wagtail_participation.proposals.services` (and :mod:`wagtail_participation.moderation` for hiding).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button, MenuItem
from wagtail.models import Locale

from wagtail_participation import clock, moderation
from wagtail_participation.admin_views import StaffFormView
from wagtail_participation.contributions_admin import (
    ApproveBulkAction,
    ContributionModerationView,
    ModerationIndexView,
    ModerationViewSet,
    RestoreBulkAction,
    method_filter,
    moderation_bulk_actions,
)
from wagtail_participation.exports import streamed_csv
from wagtail_participation.models import Department, MethodRecord
from wagtail_participation.proposals import services as proposals
from wagtail_participation.proposals.forms import (
    IneligibleForm,
    OfflineSignaturesForm,
    ProposalAnswerForm,
    RemoveSupportsForm,
)
from wagtail_participation.proposals.models import STATE_LABELS, Proposal, ProposalsPage
from wagtail_participation.staff_second_factor import second_factor_required

PROPOSALS = "participation_proposals"  # viewset name, i.e. URL namespace


def proposal_records():
    return MethodRecord.objects.filter(page_model=ProposalsPage._meta.label_lower)


# -- bulk actions: approving a proposal publishes it (its window starts) --------------------------


def publish_many(selected, user=None) -> int:
    return sum(proposals.publish(proposal, user) for proposal in selected)


def restore_many(selected, user=None) -> int:
    return sum(proposals.restore(proposal, user) for proposal in selected)


class ProposalApproveBulkAction(ApproveBulkAction):
    models = [Proposal]
    moderate = staticmethod(publish_many)


class ProposalRestoreBulkAction(RestoreBulkAction):
    models = [Proposal]
    moderate = staticmethod(restore_many)


BULK_ACTIONS = moderation_bulk_actions(Proposal, ProposalApproveBulkAction, ProposalRestoreBulkAction)


# -- the queue -------------------------------------------------------------------------------------


class ProposalIndexView(ModerationIndexView):
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        for record in proposal_records():
            label = _("Download CSV: %(page)s") % {"page": record}
            buttons.append(Button(label, url=reverse(f"{PROPOSALS}:csv", args=(record.pk,)), icon_name="download"))
        return buttons

    def get_base_queryset(self):
        # Drafts are their authors' own business until submitted.
        return super().get_base_queryset().filter(submitted_at__isnull=False)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            MenuItem(_("Manage"), url=reverse(f"{PROPOSALS}:inspect", args=(instance.pk,)), icon_name="cog", priority=5)
        )
        return buttons


class ProposalFilterSet(WagtailFilterSet):
    record = method_filter(proposal_records, gettext_lazy("Proposals page"))

    class Meta:
        model = Proposal
        fields = ["visibility", "record"]


def state_column(proposal):
    status = proposal.status_at()
    label = str(STATE_LABELS[status.state])
    if status.overdue:
        label += " – " + _("overdue")
    return label


class ProposalManageView(ContributionModerationView):
    """One proposal: its state and counts, supports, offline signatures, corrections, answers and
    history, with every staff action (each a POST form or a link to one)."""

    template_name = "wagtail_participation/proposals/admin/proposal_manage.html"
    namespace = PROPOSALS
    history_length = 30

    def get_page_title(self):
        return _("Manage proposal")

    def get_context_data(self, **kwargs):
        proposal, user = self.object, self.request.user
        status = proposal.status_at()
        return super().get_context_data(**kwargs) | {
            "proposal": proposal,
            "st": status,
            "state_label": STATE_LABELS[status.state],
            "supports": proposal.supports.select_related("participant__user", "removed_by").order_by("-created_at")[
                :200
            ],
            "offline": proposal.offline_signatures.select_related("entered_by"),
            "corrections": proposal.corrections.select_related("made_by"),
            "can_add_offline": user.has_perm("participation_proposals.add_offlinesignatures"),
            "offline_url": reverse(f"{PROPOSALS}:offline", args=(proposal.pk,)),
            "remove_url": reverse(f"{PROPOSALS}:remove_supports", args=(proposal.pk,)),
            "ineligible_url": reverse(f"{PROPOSALS}:ineligible", args=(proposal.pk,)),
            "decidable": status.state in proposals.DECIDABLE,
            "now": clock.now(),
        }


# -- staff forms -----------------------------------------------------------------------------------


class ProposalFormView(StaffFormView):
    """Loads the proposal from the URL; the permission is checked on every request (StaffFormView)."""

    header_icon = "pick"
    index_label = gettext_lazy("Proposals")

    def dispatch(self, request, *args, **kwargs):
        self.proposal = get_object_or_404(Proposal.objects.select_related("record"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def manage_url(self):
        return reverse(f"{PROPOSALS}:inspect", args=(self.proposal.pk,))

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": self.index_url, "label": self.index_label},
            {"url": self.manage_url(), "label": self.proposal.title},
            {"url": "", "label": self.get_page_title()},
        ]

    def build_form(self, data=None):
        return self.form_class(data)

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(form=form or self.build_form(), **kwargs)

    def post(self, request, *args, **kwargs):
        form = self.build_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            message = self.act(form.cleaned_data)
        except ValueError as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, message)
        return redirect(self.manage_url())


class ProposalAnswerView(ProposalFormView):
    permission = "wagtail_participation.add_officialupdate"
    form_class = ProposalAnswerForm
    submit_label = gettext_lazy("Publish the answer")
    intro = gettext_lazy(
        "With a decision the proposal becomes “answered” (accepted or rejected) and this answer is the reason. "
        "Without one it is an update that changes nothing else."
    )

    def get_page_title(self):
        return _("Answer “%(title)s”") % {"title": self.proposal.title}

    def build_form(self, data=None):
        decidable = self.proposal.status_at().state in proposals.DECIDABLE
        return ProposalAnswerForm(
            data, departments=Department.objects.filter(locale=Locale.get_default()), decidable=decidable
        )

    def act(self, data):
        if data["outcome"] and self.proposal.status_at().state not in proposals.DECIDABLE:
            raise ValueError(_("This proposal cannot be decided in its current state."))
        update = proposals.answer(
            self.proposal,
            department=data["department"],
            body=data["body"],
            outcome=data["outcome"] or None,
            author=self.request.user,
        )
        moderation.log_official_update(update, self.request.user)
        return _("The answer is published. The author and followers are told by e-mail.")


class OfflineSignaturesView(ProposalFormView):
    permission = "participation_proposals.add_offlinesignatures"
    form_class = OfflineSignaturesForm
    submit_label = gettext_lazy("Add the signatures")
    intro = gettext_lazy(
        "Signatures collected on paper or at a meeting, as a count. They cannot be checked against online "
        "supports; the page shows them per channel. Keep the forms: this entry is audited."
    )

    def get_page_title(self):
        return _("Add offline signatures to “%(title)s”") % {"title": self.proposal.title}

    def act(self, data):
        proposals.add_offline(
            self.proposal, count=data["count"], channel=data["channel"], note=data["note"], user=self.request.user
        )
        return _("%(count)s signatures added.") % {"count": data["count"]}


class RemoveSupportsView(ProposalFormView):
    permission = "participation_proposals.change_proposal"
    form_class = RemoveSupportsForm
    submit_label = gettext_lazy("Remove the selected supports")
    intro = gettext_lazy(
        "Remove supports you found to be fraudulent. The count and the state are recomputed, and the "
        "correction is shown in the proposal's public history with your reason. An answered proposal keeps its state."
    )

    def get_page_title(self):
        return _("Remove supports of “%(title)s”") % {"title": self.proposal.title}

    def build_form(self, data=None):
        rows = (
            self.proposal.supports.filter(removed_at__isnull=True)
            .select_related("participant__user")
            .order_by("created_at")
        )
        choices = [(row.pk, f"{clock.local(row.created_at):%Y-%m-%d %H:%M} · {row.participant}") for row in rows[:1000]]
        return RemoveSupportsForm(data, choices=choices)

    def act(self, data):
        correction = proposals.remove_supports(
            self.proposal, data["supports"], reason=data["reason"], user=self.request.user
        )
        if correction is None:
            raise ValueError(_("These supports were already removed."))
        return _("%(count)s supports removed; the proposal is now “%(state)s”.") % {
            "count": correction.removed,
            "state": correction.get_state_after_display(),
        }


class IneligibleView(ProposalFormView):
    permission = "participation_proposals.change_proposal"
    form_class = IneligibleForm
    submit_label = gettext_lazy("Declare ineligible")
    intro = gettext_lazy("The proposal stays visible with your reason; nobody can support it any more.")

    def get_page_title(self):
        return _("Declare “%(title)s” ineligible") % {"title": self.proposal.title}

    def act(self, data):
        if not proposals.declare_ineligible(self.proposal, reason=data["reason"], user=self.request.user):
            raise ValueError(_("An answered or ineligible proposal cannot be declared ineligible."))
        return _("The proposal is declared ineligible.")


# -- export ----------------------------------------------------------------------------------------

CSV_COLUMNS = [
    "id",
    "title",
    "author",
    "state",
    "outcome",
    "supports_counted",
    "threshold",
    "online",
    "online_in_area",
    "offline",
    "published",
    "supporting_ends",
    "threshold_reached",
    "answer_deadline",
    "overdue",
    "decided",
    "area",
    "topics",
]


def proposal_rows(record):
    """Submitted proposals of one page, with their computed state (drafts stay their authors' own)."""
    proposals_ = (
        Proposal.objects.filter(record=record, submitted_at__isnull=False)
        .select_related("area", "author")
        .prefetch_related("topics")
        .order_by("published_at", "pk")
    )
    now = clock.now()
    for proposal in proposals_.iterator(chunk_size=500):
        status = proposal.status_at(now)
        yield [
            proposal.pk,
            proposal.title,
            proposal.public_author_name,
            status.state.value,
            proposal.outcome,
            status.count,
            status.threshold,
            proposal.support_count,
            proposal.area_support_count,
            proposal.offline_count,
            proposal.published_at,
            proposal.window_ends_at,
            proposal.threshold_reached_at,
            proposal.answer_deadline,
            status.overdue,
            proposal.decided_at,
            proposal.area.name if proposal.area else "",
            "; ".join(topic.name for topic in proposal.topics.all()),
        ]


class ProposalCsvView(View):
    """A page's proposals as CSV, streamed row by row (``view_proposal`` or ``change_proposal``)."""

    def get(self, request, pk):
        user = request.user
        if not (
            user.has_perm("participation_proposals.view_proposal")
            or user.has_perm("participation_proposals.change_proposal")
        ):
            raise PermissionDenied
        record = get_object_or_404(proposal_records(), pk=pk)
        return streamed_csv(f"proposals-{record.pk}.csv", CSV_COLUMNS, proposal_rows(record))


class ProposalModerationViewSet(ModerationViewSet):
    """Citizen proposals: the moderation queue (approving publishes), and per proposal the page to
    answer, enter offline signatures, remove fraudulent supports or declare it ineligible."""

    model = Proposal
    icon = "pick"
    name = PROPOSALS
    menu_label = gettext_lazy("Citizen proposals")
    menu_order = 900
    url_prefix = "participation/proposals"
    index_view_class = ProposalIndexView
    inspect_view_class = ProposalManageView
    filterset_class = ProposalFilterSet
    list_display = [
        "title",
        Column("state", label=gettext_lazy("State"), accessor=state_column),
        Column("counted", label=gettext_lazy("Supports"), sort_key="counted"),
        "visibility",
        Column("open_reports", label=gettext_lazy("Open reports"), sort_key="open_reports"),
        "answer_deadline",
        "created_at",
    ]

    def get_urlpatterns(self):
        kwargs = {"index_url_name": self.get_url_name("index")}
        return super().get_urlpatterns() + [
            path("answer/<int:pk>/", ProposalAnswerView.as_view(**kwargs), name="answer"),
            path("offline/<int:pk>/", OfflineSignaturesView.as_view(**kwargs), name="offline"),
            path("remove-supports/<int:pk>/", RemoveSupportsView.as_view(**kwargs), name="remove_supports"),
            path("ineligible/<int:pk>/", IneligibleView.as_view(**kwargs), name="ineligible"),
            path("export/<int:pk>.csv", second_factor_required(ProposalCsvView.as_view()), name="csv"),
        ]
