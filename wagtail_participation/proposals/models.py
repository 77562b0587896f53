"""Citizen proposals: a page where residents start proposals on any topic at any time, and the
proposal itself (a :class:`Contribution`, like an idea, so moderation, reports, comments, official
answers, follows and exports work unchanged).

A proposal's state is computed by :mod:`wagtail_participation.proposals.engine.thresholds` from the values
stored here and the clock. The rules it runs under (threshold, window, answer deadline, whether
offline signatures count) are copied onto the proposal when it is published, so an editor who
changes the page later never moves the goalposts of a running proposal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Q, Value, When
from django.db.models.signals import m2m_changed, post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.routable_page.models import path
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from wagtail_participation import clock, signals
from wagtail_participation.admin_forms import method_page_form
from wagtail_participation.comment_views import ContributionRoutesMixin
from wagtail_participation.models.contributions import (
    Channel,
    Contribution,
    ContributionPageSettings,
    ContributionQuerySet,
    TopicsAndArea,
)
from wagtail_participation.models.methods import ParticipationMethodPage
from wagtail_participation.phases import COMMENT, SUBMIT, SUPPORT
from wagtail_participation.proposals.engine import thresholds as th

if TYPE_CHECKING:
    from wagtail_participation.engine.method_results import MethodResults


class ProposalsPageForm(method_page_form((SUBMIT, SUPPORT, COMMENT))):
    """Proposals run "any time": outside a project the page needs an opening date, not a closing date."""

    def clean(self):
        cleaned = super().clean()
        if "closes_at" in self.errors and not cleaned.get("closes_at"):
            del self.errors["closes_at"]
        return cleaned


class ProposalsPage(ContributionRoutesMixin, ContributionPageSettings, ParticipationMethodPage):
    """Residents start proposals; once N neighbours support one within D days, the city answers
    within a promised number of days. Settings are read from the source-language page through the
    shared record (decision 2), so every language runs on the same rules."""

    participation_actions = (SUBMIT, SUPPORT, COMMENT)
    participation_lookups = (("contributions", "created_at"),)
    results_specifics = th.OutcomeCounts
    frozen_rule_fields = {"proposal_rules.withdrawal_before_threshold": "withdrawal_allowed"}
    contribution_path = "proposals"
    contribution_route = "proposal"
    follow_log_in_message = _("Log in to follow a proposal and get an e-mail when the city answers.")
    unfollowed_message = _("You no longer follow this proposal.")

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    promise = RichTextField(
        _("what the city promises"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_(
            "For example: the college discusses every proposal that reaches the threshold and answers in public."
        ),
    )
    threshold = models.PositiveIntegerField(
        _("supports needed"), default=30, validators=[MinValueValidator(1), MaxValueValidator(1_000_000)]
    )
    window_days = models.PositiveIntegerField(
        _("days to collect supports"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_(
            "The day a proposal is published is day 1; supporting ends at midnight at the end of the last day."
        ),
    )
    answer_days = models.PositiveIntegerField(
        _("days the city has to answer"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_("Counted from the day the threshold is reached (day 1)."),
    )
    count_offline = models.BooleanField(
        _("offline signatures count"),
        default=True,
        help_text=_("Signatures collected on paper or at meetings count toward the threshold."),
    )
    supports_after_threshold = models.BooleanField(_("supports continue after the threshold"), default=True)
    withdrawal_allowed = models.BooleanField(_("supporters may withdraw before the threshold"), default=True)
    author_may_support = models.BooleanField(_("authors may support their own proposal"), default=False)
    prescreening = models.BooleanField(
        _("prescreening"),
        default=False,
        help_text=_("A moderator approves each proposal before it is published and its window starts."),
    )
    staff_email = models.EmailField(
        _("staff e-mail address"),
        blank=True,
        help_text=_("Told when a proposal reaches the threshold and when an answer deadline is near."),
    )
    proposals_per_page = 24

    content_panels = ParticipationMethodPage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("promise"),
        MultiFieldPanel(
            [
                FieldPanel("threshold"),
                FieldPanel("window_days"),
                FieldPanel("answer_days"),
                FieldPanel("count_offline"),
                FieldPanel("supports_after_threshold"),
                FieldPanel("withdrawal_allowed"),
                FieldPanel("author_may_support"),
                FieldPanel("prescreening"),
            ],
            heading=_("Threshold and deadlines"),
        ),
        InlinePanel(
            "area_thresholds",
            heading=_("Per-area thresholds"),
            label=_("Area threshold"),
            help_text=_("A proposal about this area needs this many supports from residents verified in it."),
        ),
        MultiFieldPanel(
            [FieldPanel("allowed_topics"), FieldPanel("allowed_areas"), FieldPanel("staff_email")],
            heading=_("Topics, areas and staff"),
        ),
    ]
    template = "wagtail_participation/proposals/proposals_page.html"

    class Meta:
        verbose_name = _("citizen proposals")

    @classmethod
    def _edit_handler(cls):
        return TabbedInterface(
            [
                ObjectList(cls.content_panels, heading=_("Content")),
                ObjectList(cls.participation_panels(), heading=_("Participation")),
                ObjectList(cls.promote_panels, heading=_("Promote")),
                ObjectList(cls.settings_panels, heading=_("Settings")),
            ],
            base_form_class=ProposalsPageForm,
        )

    # -- routes (thin: the views live in proposals.views; comments, reports and follows in the mixin)
    @path("")
    def listing(self, request):
        from wagtail_participation.proposals import views as proposal_views

        return proposal_views.listing(request, self)

    @path("new/", name="submit")
    def submit_proposal(self, request):
        from wagtail_participation.proposals import views as proposal_views

        return proposal_views.submit(request, self)

    @path("proposals/<int:proposal_id>/", name="proposal")
    def contribution_detail(self, request, proposal_id, **form_state):
        from wagtail_participation.proposals import views as proposal_views

        return proposal_views.detail(request, self, proposal_id, **form_state)

    @path("proposals/<int:proposal_id>/edit/", name="edit")
    def edit(self, request, proposal_id):
        from wagtail_participation.proposals import views as proposal_views

        return proposal_views.edit_draft(request, self, proposal_id)

    @path("proposals/<int:proposal_id>/support/", name="support")
    def support(self, request, proposal_id):
        from wagtail_participation.proposals import views as proposal_views

        return proposal_views.support(request, self, proposal_id)

    def contribution_queryset(self):
        return Proposal.objects.select_related("area", "author__user", "record")

    def shared_settings(self) -> dict:
        return {
            "proposal_rules": {
                "threshold": self.threshold,
                "window_days": self.window_days,
                "answer_days": self.answer_days,
                "count_offline": self.count_offline,
                "supports_after_threshold": self.supports_after_threshold,
                "withdrawal_before_threshold": self.withdrawal_allowed,
                "author_may_support": self.author_may_support,
                "prescreening": self.prescreening,
            },
            "area_thresholds": {
                str(row.area.translation_key): row.threshold for row in self.area_thresholds.all() if row.area_id
            },
            "open_ended": True,
        }

    def get_results(self) -> MethodResults:
        """Proposals that reached the threshold and the city's answers (always current)."""
        from wagtail_participation.proposals.method_results import results_for

        return results_for(self)

    def page_rules(self) -> th.Rules:
        """The rules new proposals get (from the shared record once published, else this page)."""
        stored = (self.participation_record.rules or {}).get("proposal_rules") or self.shared_settings()[
            "proposal_rules"
        ]
        return rules_from(stored)


# After the class: ParticipationMethodPage.__init_subclass__ sets the generic form and tabs.
ProposalsPage.base_form_class = ProposalsPageForm
ProposalsPage.edit_handler = ProposalsPage._edit_handler()


def rules_from(stored: dict) -> th.Rules:
    return th.Rules(
        threshold=int(stored.get("threshold", 30)),
        window_days=int(stored.get("window_days", 60)),
        answer_days=int(stored.get("answer_days", 90)),
        count_offline=bool(stored.get("count_offline", True)),
        supports_after_threshold=bool(stored.get("supports_after_threshold", True)),
        withdrawal_before_threshold=bool(stored.get("withdrawal_before_threshold", True)),
    )


class ProposalAreaThreshold(Orderable):
    """A per-area threshold: proposals about this area count supporters verified in it."""

    page = ParentalKey(ProposalsPage, on_delete=models.CASCADE, related_name="area_thresholds")
    area = models.ForeignKey(
        "wagtail_participation.Area", on_delete=models.CASCADE, related_name="+", verbose_name=_("area")
    )
    threshold = models.PositiveIntegerField(_("supports needed"), validators=[MinValueValidator(1)])

    panels = [FieldPanel("area"), FieldPanel("threshold")]


class Outcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


STATE_LABELS = {
    th.State.DRAFT: _("Draft"),
    th.State.PRESCREENING: _("Waiting for approval"),
    th.State.PUBLISHED: _("Collecting supports"),
    th.State.THRESHOLD_REACHED: _("Threshold reached"),
    th.State.ANSWERED: _("Answered"),
    th.State.EXPIRED: _("Expired"),
    th.State.INELIGIBLE: _("Ineligible"),
}
STATE_CHOICES = [(state.value, label) for state, label in STATE_LABELS.items()]


# The listing's copy of a proposal's state, without the clock: "open" is collecting or expired (the
# window decides, compared with now in SQL), the others are final until staff change them. Kept by
# ProposalQuerySet.update (in the statement that changes its sources) and Proposal.save.
OPEN, REACHED, ANSWERED, INELIGIBLE = "open", "reached", "answered", "ineligible"
PHASE_SOURCES = ("ineligible_at", "outcome", "threshold_reached_at")
# What moves a proposal between the listing's filters and counts (a change bumps the cached counts).
LISTING_FIELDS = frozenset({"visibility", "published_at", "window_ends_at", "area", "area_id", *PHASE_SOURCES})


def phase_of(proposal) -> str:
    if proposal.ineligible_at is not None:
        return INELIGIBLE
    if proposal.outcome:
        return ANSWERED
    return REACHED if proposal.threshold_reached_at is not None else OPEN


def phase_expression(changes: dict):
    """The phase after an ``UPDATE`` that sets ``changes``: a value where the new values decide it,
    else a ``CASE`` over the columns left as they are (in the same statement, no second query)."""
    tests = (
        ("ineligible_at", lambda value: value is not None, Q(ineligible_at__isnull=False), INELIGIBLE),
        ("outcome", bool, ~Q(outcome=""), ANSWERED),
        ("threshold_reached_at", lambda value: value is not None, Q(threshold_reached_at__isnull=False), REACHED),
    )
    whens = []
    for name, holds, column_holds, phase in tests:
        if name in changes:
            if holds(changes[name]):
                return Case(*whens, default=Value(phase), output_field=models.CharField()) if whens else phase
            continue
        whens.append(When(column_holds, then=Value(phase)))
    return Case(*whens, default=Value(OPEN), output_field=models.CharField()) if whens else OPEN


def listing_changed() -> None:
    """Proposals moved between the listing's filters: its cached counts are stale, and so is a
    results page that showed none at the threshold. Told now and again when the transaction
    commits (a count or page kept in between read the data before it)."""
    from django.db import transaction

    from wagtail_participation.proposals import listing

    def tell():
        listing.bump_generation()
        signals.results_inputs_changed.send(sender=Proposal)

    tell()
    transaction.on_commit(tell)


class ProposalQuerySet(ContributionQuerySet):
    def update(self, **kwargs):
        """Keeps ``phase`` in the statement that changes what it is computed from, and tells the
        listing when a proposal may have moved between its filters."""
        sources = {name: kwargs[name] for name in PHASE_SOURCES if name in kwargs}
        if sources and "phase" not in kwargs:
            if any(hasattr(value, "resolve_expression") for value in sources.values()):
                kwargs["phase"] = phase_expression({})  # computed from the columns: a second statement below
                rows = super().update(**{k: v for k, v in kwargs.items() if k != "phase"})
                super().update(phase=kwargs["phase"])
                listing_changed()
                return rows
            kwargs["phase"] = phase_expression(sources)
        if LISTING_FIELDS.intersection(kwargs) - {"threshold_reached_at"}:
            listing_changed()  # a support crossing the threshold tells it itself (services.support)
        return super().update(**kwargs)


class Proposal(Contribution, TopicsAndArea):
    """A citizen proposal. Counters are updated with ``F()`` in the transaction of the rows they
    count; ``counted`` is what the threshold compares with (the engine's count)."""

    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    window_ends_at = models.DateTimeField(_("supporting ends at"), null=True, blank=True, db_index=True)
    # The rules, frozen at publication.
    threshold = models.PositiveIntegerField(_("supports needed"), default=30)
    window_days = models.PositiveIntegerField(_("days to collect supports"), default=60)
    answer_days = models.PositiveIntegerField(_("days the city has to answer"), default=90)
    count_offline = models.BooleanField(_("offline signatures count"), default=True)
    supports_after_threshold = models.BooleanField(default=True)
    withdrawal_allowed = models.BooleanField(default=True)
    author_may_support = models.BooleanField(default=False)
    counting_area_key = models.UUIDField(
        _("counting area"),
        null=True,
        blank=True,
        help_text=_("Set when a per-area threshold applies: only supporters verified in this area count."),
    )
    # Counters.
    support_count = models.PositiveIntegerField(_("online supports"), default=0)
    area_support_count = models.PositiveIntegerField(_("online supports from the area"), default=0)
    offline_count = models.PositiveIntegerField(_("offline signatures"), default=0)
    counted = models.PositiveIntegerField(_("supports counted"), default=0, db_index=True)
    threshold_reached_at = models.DateTimeField(_("threshold reached at"), null=True, blank=True)
    answer_deadline = models.DateTimeField(_("answer deadline"), null=True, blank=True, db_index=True)
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    ineligible_reason = models.TextField(_("why it is ineligible"), blank=True)
    ineligible_at = models.DateTimeField(_("declared ineligible at"), null=True, blank=True)
    # Copies for the listing (proposals/listing.py), so that each of its orders and filters is a
    # range of one index of this table: the record (never changes) and the clock-free state.
    listing_record_id = models.BigIntegerField(null=True, editable=False)
    phase = models.CharField(max_length=12, default=OPEN, editable=False)

    objects = ProposalQuerySet.as_manager()
    search_fields = Contribution.search_fields

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        # One per listing order and filter, ending in the id (see proposals/listing.py): a page's ids
        # are read from one of these alone, and a deep page skips index entries, not rows. The
        # columns after the id let a filter on the phase or the window be checked in the index.
        indexes = [
            models.Index(
                fields=[
                    "listing_record_id",
                    "-counted",
                    "-published_at",
                    "-contribution_ptr",
                    "phase",
                    "window_ends_at",
                ],
                name="wp_proposal_list_supports",
            ),
            models.Index(
                fields=["listing_record_id", "-published_at", "-contribution_ptr", "phase", "window_ends_at"],
                name="wp_proposal_list_newest",
            ),
            models.Index(
                fields=["listing_record_id", "window_ends_at", "contribution_ptr", "phase", "published_at"],
                name="wp_proposal_list_ending",
            ),
            models.Index(
                fields=[
                    "listing_record_id",
                    "phase",
                    "-counted",
                    "-published_at",
                    "-contribution_ptr",
                    "window_ends_at",
                ],
                name="wp_proposal_phase_supports",
            ),
            models.Index(
                fields=["listing_record_id", "phase", "-published_at", "-contribution_ptr", "window_ends_at"],
                name="wp_proposal_phase_newest",
            ),
            models.Index(
                fields=["listing_record_id", "phase", "window_ends_at", "contribution_ptr", "published_at"],
                name="wp_proposal_phase_ending",
            ),
            models.Index(
                fields=[
                    "listing_record_id",
                    "area",
                    "-counted",
                    "-published_at",
                    "-contribution_ptr",
                    "phase",
                    "window_ends_at",
                ],
                name="wp_proposal_area_supports2",
            ),
            models.Index(
                fields=["listing_record_id", "area", "-published_at", "-contribution_ptr", "phase", "window_ends_at"],
                name="wp_proposal_area_newest2",
            ),
            models.Index(
                fields=["listing_record_id", "area", "window_ends_at", "contribution_ptr", "phase", "published_at"],
                name="wp_proposal_area_ending2",
            ),
        ]

    def save(self, *args, **kwargs):
        self.listing_record_id, self.phase = self.record_id, phase_of(self)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "listing_record_id", "phase"}
        super().save(*args, **kwargs)
        listing_changed()

    @property
    def is_public(self) -> bool:
        """Drafts and proposals waiting for publication are their author's alone."""
        return self.is_visible and self.published_at is not None

    def rules(self) -> th.Rules:
        return th.Rules(
            threshold=self.threshold,
            window_days=self.window_days,
            answer_days=self.answer_days,
            count_offline=self.count_offline,
            supports_after_threshold=self.supports_after_threshold,
            withdrawal_before_threshold=self.withdrawal_allowed,
        )

    def online_counted(self) -> int:
        return self.area_support_count if self.counting_area_key else self.support_count

    def facts(self) -> th.Facts:
        return th.Facts(
            submitted_at=self.submitted_at,
            published_at=self.published_at,
            supports=self.online_counted(),
            offline=self.offline_count,
            threshold_reached_at=self.threshold_reached_at,
            answered_at=self.decided_at,
            outcome=th.Outcome(self.outcome) if self.outcome else None,
            ineligible=self.ineligible_at is not None,
        )

    def status_at(self, now=None) -> th.Status:
        return th.state_of(self.facts(), self.rules(), now or clock.now(), timezone.get_default_timezone())

    @property
    def state(self) -> th.State:
        return self.status_at().state


@receiver(post_delete, sender=Proposal)
def _deleted(sender, **kwargs):
    listing_changed()


class ProposalTopicListing(models.Model):
    """A proposal's place in the listing by one of its topics: the listing's filter and sort columns
    copied from the proposal, so a topic's page, in any order and however deep, is one range of an
    index here (``record, topic, sort keys..., proposal, phase, window, area``) rather than a walk
    through the whole listing probing each proposal's topic links.

    Kept by database triggers on SQLite and PostgreSQL (proposals migration ``0004``): a topic link
    added or removed, any change of the copied columns of the proposal (a support's ``counted``
    included), in the statement that makes the change. MariaDB has no triggers here: the listing
    does not read this table there (proposals/listing.py). Never written by Python.
    """

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+")
    topic_id = models.BigIntegerField()
    record_id = models.BigIntegerField(null=True)
    counted = models.PositiveIntegerField()
    published_at = models.DateTimeField(null=True)
    window_ends_at = models.DateTimeField(null=True)
    phase = models.CharField(max_length=12)
    area_id = models.BigIntegerField(null=True)

    class Meta:
        # The filters' columns after the order (those it has not already): a state, an area and
        # the published check are answered in the index entries of the topic's range.
        indexes = [
            models.Index(
                fields=[
                    "record_id",
                    "topic_id",
                    *order,
                    *(
                        c
                        for c in ("phase", "window_ends_at", "area_id", "published_at")
                        if f"-{c}" not in order and c not in order
                    ),
                ],
                name=f"wp_proposal_topic_{name}",
            )
            for name, order in (
                ("supports", ["-counted", "-published_at", "-proposal"]),
                ("newest", ["-published_at", "-proposal"]),
                ("ending", ["window_ends_at", "proposal"]),
            )
        ]


@receiver(m2m_changed, sender=Proposal.topics.through)
def _retagged(sender, **kwargs):
    listing_changed()


def listing_state_filter(state: str, now) -> Q:
    """:func:`state_filter` for a published proposal, on the listing's copies (``phase``) and the
    window: what its indexes answer (a test checks the two agree)."""
    return {
        th.State.PUBLISHED: Q(phase=OPEN, window_ends_at__gt=now),
        th.State.EXPIRED: Q(phase=OPEN, window_ends_at__lte=now),
        th.State.THRESHOLD_REACHED: Q(phase=REACHED),
        th.State.ANSWERED: Q(phase=ANSWERED),
        th.State.INELIGIBLE: Q(phase=INELIGIBLE),
    }[th.State(state)]


def state_filter(state: str, now) -> Q:
    """The SQL equivalent of the engine's state (tests check they agree). The service layer keeps
    ``threshold_reached_at`` empty whenever the count is below the threshold, which makes it so."""
    open_ = Q(ineligible_at__isnull=True, outcome="")
    live = open_ & Q(submitted_at__isnull=False, published_at__isnull=False)
    return {
        th.State.DRAFT: open_ & Q(submitted_at__isnull=True),
        th.State.PRESCREENING: open_ & Q(submitted_at__isnull=False, published_at__isnull=True),
        th.State.PUBLISHED: live & Q(threshold_reached_at__isnull=True, window_ends_at__gt=now),
        th.State.THRESHOLD_REACHED: live & Q(threshold_reached_at__isnull=False),
        th.State.ANSWERED: Q(ineligible_at__isnull=True) & ~Q(outcome=""),
        th.State.EXPIRED: live & Q(threshold_reached_at__isnull=True, window_ends_at__lte=now),
        th.State.INELIGIBLE: Q(ineligible_at__isnull=False),
    }[th.State(state)]


class ProposalSupport(models.Model):
    """One online support per participant per proposal (a database constraint).

    Separate from idea votes because a support carries the supporter's verified area at the moment
    of supporting (per-area thresholds) and a removal by staff is kept, with its reason, rather than
    deleted: the same participant cannot support again after a fraudulent support was removed.
    """

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    participant = models.ForeignKey("wagtail_participation.Participant", on_delete=models.PROTECT, related_name="+")
    area_key = models.UUIDField(_("verified area"), null=True, blank=True)
    created_at = models.DateTimeField(_("supported at"))
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    removal_reason = models.CharField(_("reason for removal"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "participant"], name="wp_one_support_per_participant")
        ]


class OfflineSignatures(models.Model):
    """Signatures collected offline, entered by staff as a count per channel (decision 5): they
    cannot be checked against online supports, and the page says so beside the per-channel count."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="offline_signatures")
    count = models.PositiveIntegerField(
        _("number of signatures"), validators=[MinValueValidator(1), MaxValueValidator(100_000)]
    )
    channel = models.CharField(
        _("channel"), max_length=20, choices=[c for c in Channel.choices if c[0] != Channel.ONLINE]
    )
    note = models.CharField(
        _("note"), max_length=500, help_text=_("Where and when they were collected, e.g. market stall, 12 May.")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("entered by")
    )
    created_at = models.DateTimeField(_("entered at"))

    class Meta:
        verbose_name = _("offline signatures")
        verbose_name_plural = _("offline signatures")
        ordering = ["created_at"]
        constraints = [models.CheckConstraint(condition=Q(count__gte=1), name="wp_offline_signatures_positive")]


class SupportCorrection(models.Model):
    """Staff removed supports (fraud): shown in the proposal's public history with the reason."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="corrections")
    removed = models.PositiveIntegerField(_("supports removed"))
    reason = models.CharField(_("reason"), max_length=500)
    count_before = models.PositiveIntegerField()
    count_after = models.PositiveIntegerField()
    state_before = models.CharField(max_length=20, choices=STATE_CHOICES)
    state_after = models.CharField(max_length=20, choices=STATE_CHOICES)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("corrected at"))

    class Meta:
        verbose_name = _("support correction")
        verbose_name_plural = _("support corrections")
        ordering = ["created_at"]


class ProposalNotification(models.Model):
    """A notification that was sent: at most one row per proposal and kind (a unique constraint),
    so ``participation_tick`` and the request that caused it can both try, and only one sends."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30, choices=[(kind, kind) for kind in th.NOTIFICATION_KINDS])
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "kind"], name="wp_proposal_notification_once")]
