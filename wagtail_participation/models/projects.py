"""Projects, their phases, and the index that lists them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from wagtail_participation import clock, conf, phases
from wagtail_participation.admin_forms import ProjectPageForm
from wagtail_participation.engine import timeline
from wagtail_participation.panels import PhaseStatusPanel
from wagtail_participation.project_listing import drawn_listing_key, project_listing
from wagtail_participation.terms import localize_terms

TRUST_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class PolicyStage(models.TextChoices):
    AGENDA_SETTING = "agenda_setting", _("Agenda setting")
    POLICY_FORMULATION = "policy_formulation", _("Policy formulation")
    IMPLEMENTATION = "implementation", _("Implementation")
    EVALUATION = "evaluation", _("Evaluation")


class ParticipationIndexPage(Page):
    """Lists the projects below it: open now, upcoming and finished, filterable by topic and area."""

    intro = RichTextField(_("introduction"), blank=True, features=TRUST_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    # Projects, and the method pages whose manifest lists them in ``index_page_models`` (citizen
    # proposals run outside any project): see clean_subpage_models.
    subpage_types = ["wagtail_participation.ProjectPage"]
    template = "wagtail_participation/participation_index_page.html"

    class Meta:
        verbose_name = _("participation index page")

    @classmethod
    def clean_subpage_models(cls):
        """Projects, plus the installed methods' page types that may stand directly under the index."""
        from wagtail_participation import manifests

        return [*super().clean_subpage_models(), *manifests.index_page_models()]

    def route(self, request, path_components):
        """A page below one of the projects (a method, a results page) is found in two queries
        instead of four: the project and its child in one, then the child's own type.

        Only a project whose page type routes as Wagtail's ``Page`` does is passed over; anything
        unexpected (a stale ``url_path``, another page type) is routed by Wagtail, one level at a
        time, so the page found is always the one Wagtail would find."""
        if len(path_components) < 2:
            return super().route(request, path_components)
        project_slug, child_slug = path_components[:2]
        wanted = [f"{self.url_path}{project_slug}/", f"{self.url_path}{project_slug}/{child_slug}/"]
        found = {
            page.depth: page
            for page in Page.objects.filter(
                models.Q(depth=self.depth + 1, slug=project_slug) | models.Q(depth=self.depth + 2, slug=child_slug),
                path__startswith=self.path,
                url_path__in=wanted,
            )
        }
        project, child = found.get(self.depth + 1), found.get(self.depth + 2)
        if (
            project is None
            or child is None
            or not child.path.startswith(project.path)
            or project.specific_class is None
            or project.specific_class.route is not Page.route
        ):
            return super().route(request, path_components)
        project._cached_parent_obj = self
        child._cached_parent_obj = project
        return child.specific.route(request, path_components[2:])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        listing = project_listing(self, request.GET, clock.now())
        context.update(listing, listing_key=drawn_listing_key(request, listing["listing_facts"]))
        return context


class ProjectPage(Page):
    """One participation project: why, who, what happens with the input, and its timeline."""

    intro = models.TextField(_("introduction"), help_text=_("One or two sentences shown in lists and at the top."))
    header_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("header image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    policy_stage = models.CharField(
        _("policy-cycle stage"),
        max_length=30,
        choices=PolicyStage.choices,
        default=PolicyStage.AGENDA_SETTING,
        help_text=_("Where in the policy cycle residents are asked for input."),
    )
    goal = RichTextField(_("What is the goal?"), features=TRUST_FEATURES)
    who_can_take_part = RichTextField(_("Who can take part?"), features=TRUST_FEATURES)
    what_happens_with_input = RichTextField(_("What happens with the input?"), features=TRUST_FEATURES)
    decision_criteria = RichTextField(_("Which criteria decide?"), features=TRUST_FEATURES)
    next_steps = RichTextField(_("What are the next steps, and when?"), features=TRUST_FEATURES)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail address"), blank=True)
    contact_phone = models.CharField(_("contact phone number"), max_length=50, blank=True)
    department = models.ForeignKey(
        "wagtail_participation.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topics = ParentalManyToManyField(
        "wagtail_participation.Topic", verbose_name=_("topics"), blank=True, related_name="+"
    )
    areas = ParentalManyToManyField(
        "wagtail_participation.Area",
        verbose_name=_("areas"),
        blank=True,
        related_name="+",
        help_text=_("Leave empty for the whole city."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("header_image"),
        FieldPanel("policy_stage"),
        MultiFieldPanel(
            [
                FieldPanel("goal"),
                FieldPanel("who_can_take_part"),
                FieldPanel("what_happens_with_input"),
                FieldPanel("decision_criteria"),
                FieldPanel("next_steps"),
            ],
            heading=_("The five trust questions"),
            help_text=_("Answer each in plain words; residents decide from these whether taking part is worth it."),
        ),
        PhaseStatusPanel(heading=_("Phase status")),
        InlinePanel("phases", heading=_("Phases"), label=_("Phase"), min_num=1),
        MultiFieldPanel(
            [
                FieldPanel("department"),
                FieldPanel("contact_name"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel([FieldPanel("topics"), FieldPanel("areas")], heading=_("Topics and areas")),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("goal")]
    parent_page_types = ["wagtail_participation.ParticipationIndexPage"]
    template = "wagtail_participation/project_page.html"
    base_form_class = ProjectPageForm

    class Meta:
        verbose_name = _("participation project")

    @classmethod
    def allowed_subpage_models(cls):
        """Method pages, pages that name a project as their parent (e.g. results pages), and the
        site's own page types listed in ``WAGTAILPARTICIPATION_PROJECT_SUBPAGE_TYPES``.

        A site may also override this in a subclass; see docs/integration.md."""
        from wagtail_participation.models.methods import ParticipationMethodPage

        own = {label.lower() for label in conf.get("PROJECT_SUBPAGE_TYPES")}
        return [
            model
            for model in super().allowed_subpage_models()
            if issubclass(model, ParticipationMethodPage)
            or getattr(model, "parent_page_types", None)
            or model._meta.label_lower in own
        ]

    def ordered_phases(self):
        """Phases by start date; uses a prefetched ``phases`` relation when there is one."""
        return sorted(self.phases.all(), key=lambda p: (p.start, p.end))

    def timeline_summary(self, now=None) -> timeline.TimelineSummary:
        return timeline.summarise((p.as_interval() for p in self.phases.all()), now or clock.now())

    def localized_topics(self):
        return localize_terms(self.topics.all())

    def localized_areas(self):
        return localize_terms(self.areas.all())

    def participation_methods(self):
        from wagtail_participation.models.methods import ParticipationMethodPage

        return [
            page for page in self.get_children().live().public().specific() if isinstance(page, ParticipationMethodPage)
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = clock.now()
        context["now"] = now
        context["phases"] = [(phase, phase.status_at(now)) for phase in self.ordered_phases()]
        context["summary"] = self.timeline_summary(now)
        from wagtail_participation.method_cards import method_card  # type, status and call to action of each method

        context["methods"] = [method_card(page, now) for page in self.participation_methods()]
        from wagtail_participation.outcome_listing import project_outcome  # "what happened with your input" (results)

        context.update(project_outcome(self))
        return context


class ProjectPhase(TranslatableMixin, Orderable):
    """A dated step of a project. Its ``translation_key`` is the phase's stable code across languages."""

    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="phases")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    phase_type = models.CharField(
        _("phase type"),
        max_length=50,
        choices=phases.choices,
        help_text=_("Decides which actions (submitting, voting, ...) this phase can open."),
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))

    panels = [
        FieldPanel("title"),
        FieldPanel("phase_type"),
        FieldPanel("start"),
        FieldPanel("end"),
        FieldPanel("description"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["sort_order"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        from wagtail_participation.frozen import guard_phase

        guard_phase(self)  # passed dates of a phase people took part in stay as they were
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        from wagtail_participation.frozen import guard_phase

        if guard_phase(self, deleting=True):
            return super().delete(*args, **kwargs)
        return 0, {}

    @property
    def code(self) -> str:
        return str(self.translation_key)

    def type_info(self):
        return phases.get(self.phase_type)

    def as_interval(self) -> timeline.Interval:
        return timeline.Interval(self.code, self.start, self.end)

    def status_at(self, now) -> str:
        return timeline.status_at(self.start, self.end, now).value
