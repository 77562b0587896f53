"""Participatory budgets: the page, its budgets and projects, ballots and outcome overrides.

A :class:`BudgetPage` (child of a project) holds one or more :class:`Budget` rows (city-wide and
one per district) and their :class:`BudgetProject` rows, copied per language by wagtail-localize.
Their ``translation_key`` is the stable code shared by all languages. What decides a ballot
(budgets, amounts, ballot rules, project costs, the outcome rule) is copied to the shared
:class:`MethodRecord` on publish and frozen there at the first ballot; ballots point at the
record and at codes, never at translated rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from wagtail_participation.budgets.engine import ballots as budget_ballots
from wagtail_participation.budgets.engine.outcomes import BudgetOutcomes
from wagtail_participation.models.methods import ParticipationMethodPage
from wagtail_participation.phases import VOTE


class BallotType(models.TextChoices):
    KNAPSACK = budget_ballots.KNAPSACK, _("Knapsack: choose projects within the budget")
    APPROVAL = budget_ballots.APPROVAL, _("Approval: choose a number of projects")
    CUMULATIVE = budget_ballots.CUMULATIVE, _("Points: spread points over projects")
    RANKED = budget_ballots.RANKED, _("Ranked: put your favourite projects in order")


class DistrictMode(models.TextChoices):
    HOME = "home", _("In the district where they live, plus city-wide")
    CHOOSE = "choose", _("In one district of their choice, plus city-wide")


class OutcomeRule(models.TextChoices):
    GREEDY = "greedy", _("Most votes first, skipping projects that no longer fit")
    GREEDY_NOSKIP = "greedy-noskip", _("Most votes first, stopping at the first project that does not fit")
    MES = "mes", _("Method of Equal Shares (proportional)")


class MesUtility(models.TextChoices):
    APPROVAL = "approval", _("Number of supported projects (approval)")
    COST = "cost", _("Money spent on supported projects (cost)")


class MesCompletion(models.TextChoices):
    NONE = "none", _("None")
    ADD1 = "add1", _("Add1: raise every voter's share while the outcome still fits")


class BallotChannel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper")
    IMPORTED = "imported", _("Imported")


class BudgetPage(RoutablePageMixin, ParticipationMethodPage):
    """A participatory budget: residents spend one or more budgets on projects in a voting booth.

    The booth works without JavaScript (checkboxes and number inputs, "update my basket", a review
    step), ballots are stored once per participant and budget under a database constraint, and the
    outcome is computed by the rule chosen here (greedy or the Method of Equal Shares).
    """

    participation_actions = (VOTE,)
    participation_lookups = (("budget_ballots", "created_at"),)
    unfrozen_rule_keys = ("budget",)  # locked in two steps by budgets.keep_frozen_rules

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    district_mode = models.CharField(
        _("district budgets"),
        max_length=10,
        choices=DistrictMode.choices,
        default=DistrictMode.HOME,
        help_text=_(
            "Which district budget a resident may vote in. Where they live is their verified area, or their declared "
            "area if this page accepts declared areas (Area restriction). Everyone allowed to vote can vote city-wide."
        ),
    )
    outcome_rule = models.CharField(
        _("outcome rule"),
        max_length=20,
        choices=OutcomeRule.choices,
        default=OutcomeRule.MES,
        help_text=_("How winners are computed. Choose before voting opens: it locks when voting opens."),
    )
    mes_utility = models.CharField(
        _("equal shares: what counts for a voter"), max_length=10, choices=MesUtility.choices, default=MesUtility.COST
    )
    mes_completion = models.CharField(
        _("equal shares: completion"), max_length=10, choices=MesCompletion.choices, default=MesCompletion.ADD1
    )
    mes_greedy_fill = models.BooleanField(
        _("equal shares: fill leftover money greedily"),
        default=True,
        help_text=_("After the Method of Equal Shares, fund the most supported projects that still fit."),
    )

    search_fields = ParticipationMethodPage.search_fields + [index.SearchField("intro")]
    content_panels = ParticipationMethodPage.content_panels + [
        FieldPanel("intro"),
        InlinePanel("budgets", heading=_("Budgets"), label=_("Budget"), min_num=1),
        InlinePanel("budget_projects", heading=_("Projects on the ballot"), label=_("Project")),
    ]
    outcome_panels = [
        FieldPanel("district_mode"),
        MultiFieldPanel(
            [
                FieldPanel("outcome_rule"),
                FieldRowPanel([FieldPanel("mes_utility"), FieldPanel("mes_completion")]),
                FieldPanel("mes_greedy_fill"),
            ],
            heading=_("Outcome"),
        ),
    ]
    parent_page_types = ["wagtail_participation.ProjectPage"]
    template = "wagtail_participation/budgets/budget_page.html"

    class Meta:
        verbose_name = _("participatory budget")

    # -- routes (thin: the views live in budget_views) -------------------------------------------
    @path("")
    def overview(self, request):
        from wagtail_participation.budgets import views as budget_views

        return budget_views.overview(request, self)

    @path("<slug:budget_slug>/", name="booth")
    def booth(self, request, budget_slug):
        from wagtail_participation.budgets import views as budget_views

        return budget_views.booth(request, self, budget_slug)

    @path("<slug:budget_slug>/withdraw/", name="withdraw")
    def withdraw(self, request, budget_slug):
        from wagtail_participation.budgets import views as budget_views

        return budget_views.withdraw(request, self, budget_slug)

    @path(
        "<slug:budget_slug>/ballots/", name="export"
    )  # Wagtail page paths allow no dots: the file name is in the header
    def export(self, request, budget_slug):
        from wagtail_participation.budgets import views as budget_views

        return budget_views.export(request, self, budget_slug)

    # -- the shared rules ------------------------------------------------------------------------
    def shared_settings(self) -> dict:
        from wagtail_participation.budgets.services import page_budget_rules

        return {"budget": page_budget_rules(self)}

    def sync_participation_record(self):
        from wagtail_participation.budgets.services import keep_frozen_rules

        record = keep_frozen_rules(self, super().sync_participation_record)
        return record

    results_specifics = BudgetOutcomes

    def get_results(self):
        from wagtail_participation.budgets.method_results import results_for

        return results_for(self.participation_record)


def _budget_page_edit_handler():
    """The method tabs, with the budget form (locked fields) and the ballots-and-lock panel."""
    from wagtail_participation.budgets.admin_forms import budget_page_form
    from wagtail_participation.budgets.panels import BudgetStatusPanel

    form_class = budget_page_form(BudgetPage.base_form_class)
    BudgetPage.base_form_class = form_class
    participation = [
        BudgetStatusPanel(heading=_("Ballots and lock")),
        *BudgetPage.outcome_panels,
        *ParticipationMethodPage.participation_panels.__func__(BudgetPage),
    ]
    return TabbedInterface(
        [
            ObjectList(BudgetPage.content_panels, heading=_("Content")),
            ObjectList(participation, heading=_("Participation")),
            ObjectList(BudgetPage.promote_panels, heading=_("Promote")),
            ObjectList(BudgetPage.settings_panels, heading=_("Settings")),
        ],
        base_form_class=form_class,
    )


BudgetPage.edit_handler = _budget_page_edit_handler()


def _budget_panels():
    return [
        FieldRowPanel([FieldPanel("title"), FieldPanel("slug")]),
        FieldRowPanel([FieldPanel("area"), FieldPanel("amount")]),
        FieldPanel("ballot_type"),
        FieldRowPanel([FieldPanel("min_spend_percent"), FieldPanel("min_projects"), FieldPanel("max_projects")]),
        FieldRowPanel([FieldPanel("points"), FieldPanel("max_points_per_project"), FieldPanel("rank_k")]),
    ]


class Budget(TranslatableMixin, Orderable):
    """One budget on a budget page: city-wide (no area) or for one district, with its ballot rules."""

    page = ParentalKey(BudgetPage, on_delete=models.CASCADE, related_name="budgets")
    title = models.CharField(_("title"), max_length=200, help_text=_("For example: City-wide, or District Noord."))
    slug = models.SlugField(
        _("short name"),
        max_length=50,
        help_text=_("In the web address and the ballot file, e.g. city or noord. The same in every language."),
    )
    area = models.ForeignKey(
        "wagtail_participation.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("district"),
        help_text=_("Leave empty for a city-wide budget."),
    )
    amount = models.PositiveBigIntegerField(_("amount"), help_text=_("In whole currency units (euros)."))
    ballot_type = models.CharField(_("ballot"), max_length=20, choices=BallotType.choices, default=BallotType.KNAPSACK)
    min_spend_percent = models.PositiveSmallIntegerField(
        _("minimum spend (%)"), default=0, help_text=_("Knapsack: a ballot must spend at least this share. 0 for none.")
    )
    min_projects = models.PositiveSmallIntegerField(_("minimum projects"), default=1)
    max_projects = models.PositiveSmallIntegerField(
        _("maximum projects"), default=0, help_text=_("Approval: 0 for no limit.")
    )
    points = models.PositiveSmallIntegerField(_("points per voter"), default=0, help_text=_("Points ballots only."))
    max_points_per_project = models.PositiveSmallIntegerField(
        _("maximum points per project"), default=0, help_text=_("Points ballots: 0 for no cap.")
    )
    rank_k = models.PositiveSmallIntegerField(
        _("projects to rank"), default=0, help_text=_("Ranked ballots: at most this many. 0 for no limit.")
    )

    panels = _budget_panels()
    # Codes and numbers are the same in every language; only titles are translated.
    override_translatable_fields = [SynchronizedField("slug", overridable=False)]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["sort_order"]

    def __str__(self):
        return self.title

    @property
    def code(self) -> str:
        return str(self.translation_key)

    def ballot_rule(self) -> budget_ballots.BallotRule:
        return budget_ballots.BallotRule(
            kind=self.ballot_type,
            budget=int(self.amount),
            min_spend_percent=self.min_spend_percent,
            min_projects=self.min_projects,
            max_projects=self.max_projects,
            points=self.points,
            max_points_per_project=self.max_points_per_project,
            rank_k=self.rank_k,
        )


class BudgetProject(TranslatableMixin, Orderable, ClusterableModel):
    """A project on the ballot. ``translation_key`` is its code; ``pb_id`` its id in a .pb file."""

    page = ParentalKey(BudgetPage, on_delete=models.CASCADE, related_name="budget_projects")
    budget_slug = models.SlugField(
        _("budget"), max_length=50, help_text=_("The short name of its budget, e.g. city or noord.")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    cost = models.PositiveBigIntegerField(_("cost"), help_text=_("In whole currency units (euros)."))
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
    )
    area = models.ForeignKey(
        "wagtail_participation.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("area"),
    )
    topics = ParentalManyToManyField(
        "wagtail_participation.Topic", blank=True, related_name="+", verbose_name=_("topics")
    )
    idea = models.ForeignKey(
        "wagtail_participation.Contribution",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("grew from the idea"),
    )
    pb_id = models.CharField(
        _("id in ballot files"), max_length=64, blank=True, help_text=_("Filled in on import; leave empty otherwise.")
    )

    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("budget_slug"), FieldPanel("cost")]),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("image"), FieldPanel("area")]),
        FieldPanel("topics"),
        FieldPanel("idea"),
    ]
    override_translatable_fields = [
        SynchronizedField("budget_slug", overridable=False),
        SynchronizedField("pb_id", overridable=False),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("budget project")
        verbose_name_plural = _("budget projects")
        ordering = ["sort_order"]

    def __str__(self):
        return self.title

    @property
    def code(self) -> str:
        return str(self.translation_key)


class BudgetBallot(models.Model):
    """One ballot of one participant in one budget; changeable (replaced) until voting closes.

    Online ballots have a participant: one per participant per budget (a database constraint),
    and in "one district of their choice" pages at most one district ballot per participant.
    Paper and imported ballots have none; ``voter_ref`` keeps an imported file's voter id.
    """

    record = models.ForeignKey(
        "wagtail_participation.MethodRecord", on_delete=models.PROTECT, related_name="budget_ballots"
    )
    budget_code = models.CharField(_("budget"), max_length=64)
    participant = models.ForeignKey(
        "wagtail_participation.Participant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budget_ballots",
    )
    exclusive_district = models.BooleanField(
        default=False,
        help_text="A district ballot on a page where a resident may vote in one district only.",
    )
    projects = models.JSONField(
        _("projects"), default=list, help_text="Project codes, in rank order for ranked ballots."
    )
    points = models.JSONField(_("points"), default=dict, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=BallotChannel.choices, default=BallotChannel.ONLINE)
    voter_ref = models.CharField(
        _("ballot number"),
        max_length=100,
        blank=True,
        help_text="The voter id of an imported file, or the number of a paper ballot.",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("cast at"))
    updated_at = models.DateTimeField(_("last changed at"))

    class Meta:
        verbose_name = _("budget ballot")
        verbose_name_plural = _("budget ballots")
        constraints = [
            models.UniqueConstraint(
                fields=["record", "budget_code", "participant"],
                condition=Q(participant__isnull=False),
                name="wp_one_budget_ballot_per_participant",
            ),
            models.UniqueConstraint(
                fields=["record", "participant"],
                condition=Q(participant__isnull=False, exclusive_district=True),
                name="wp_one_district_ballot_per_participant",
            ),
            models.CheckConstraint(
                condition=Q(participant__isnull=False) | ~Q(channel="online"),
                name="wp_online_ballot_has_participant",
            ),
            # A paper ballot's number is entered once: a second entry of the same paper is refused.
            models.UniqueConstraint(
                fields=["record", "budget_code", "voter_ref"],
                condition=Q(channel="paper"),
                name="wp_one_entry_per_paper_ballot",
            ),
        ]
        indexes = [models.Index(fields=["record", "budget_code"], name="wp_budget_ballot_budget")]

    def __str__(self):
        return f"{self.budget_code}: {len(self.projects)}"


class BudgetOutcomeOverride(models.Model):
    """An editor's decision to fund other projects than the rule computed, with the written reason."""

    record = models.ForeignKey(
        "wagtail_participation.MethodRecord", on_delete=models.PROTECT, related_name="budget_overrides"
    )
    budget_code = models.CharField(_("budget"), max_length=64)
    selected = models.JSONField(_("funded projects"), help_text="Project codes.")
    computed = models.JSONField(_("computed by the rule"), default=list)
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("decided at"))

    class Meta:
        verbose_name = _("outcome override")
        verbose_name_plural = _("outcome overrides")
        ordering = ["-created_at", "-pk"]
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="wp_override_has_reason")]
