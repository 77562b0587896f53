"""What the city did with the input: decisions ("you said, we did") and implementation milestones.

Both are translatable snippets that results blocks point at, so one decision can appear on the
results page, the project page and a news article. Their TEXT is translated per language
(wagtail-localize); their STATE (status, progress, dates, project) is one fact shared by every
language: it is marked as a non-overridable synchronised field for wagtail-localize, and every
save copies it to all translations at once, so an editor updates a status once and the Dutch,
French and English pages agree immediately (no "sync translations" step needed).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

OUTCOME_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class SharedStateMixin(models.Model):
    """Copies ``shared_fields`` to every translation (same ``translation_key``) on save.

    Used by translatable snippets whose text is translated but whose state is one fact.
    """

    shared_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.shared_fields:
            values = {name: getattr(self, name) for name in self.shared_fields}
            # .update(): one query, and no save() recursion through the siblings.
            type(self)._default_manager.filter(translation_key=self.translation_key).exclude(pk=self.pk).update(
                **values
            )

    @classmethod
    def shared_translatable_fields(cls):
        return [SynchronizedField(name, overridable=False) for name in cls.shared_fields]


class DecisionStatus(models.TextChoices):
    UNDER_CONSIDERATION = "under_consideration", _("Under consideration")
    ADOPTED = "adopted", _("Adopted")
    PARTLY_ADOPTED = "partly_adopted", _("Partly adopted")
    NOT_ADOPTED = "not_adopted", _("Not adopted")
    IMPLEMENTED = "implemented", _("Implemented")


class PolicyDecision(SharedStateMixin, TranslatableMixin, index.Indexed, models.Model):
    """ "You said, we did": what residents asked for, what the city decided, and its status."""

    title = models.CharField(
        _("title"), max_length=200, help_text=_("A short name, e.g. “Crossing guard at Kerkstraat”.")
    )
    you_said = RichTextField(
        _("you said"), features=OUTCOME_FEATURES, help_text=_("The input, in a few plain sentences.")
    )
    we_did = RichTextField(
        _("we decided"),
        features=OUTCOME_FEATURES,
        help_text=_("The decision and why, including a “no” and its reason."),
    )
    status = models.CharField(
        _("status"), max_length=30, choices=DecisionStatus.choices, default=DecisionStatus.UNDER_CONSIDERATION
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    project = models.ForeignKey(
        "wagtail_participation.ProjectPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("project"),
        help_text=_("The project page shows its decisions under “What happened with your input”."),
    )
    sort_order = models.IntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first on the project page.")
    )

    shared_fields = ("status", "decided_on", "project", "sort_order")
    panels = [
        FieldPanel("title"),
        FieldPanel("you_said"),
        FieldPanel("we_did"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("status"), FieldPanel("decided_on")]),
                FieldPanel("project"),
                FieldPanel("sort_order"),
            ],
            heading=_("Shared by every language"),
            help_text=_("Change these in the original language; every translation follows at once."),
        ),
    ]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title"), index.SearchField("you_said")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.title


PolicyDecision.translatable_fields = [
    TranslatableField("title"),
    TranslatableField("you_said"),
    TranslatableField("we_did"),
    *PolicyDecision.shared_translatable_fields(),
]


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DELAYED = "delayed", _("Delayed")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Milestone(SharedStateMixin, TranslatableMixin, index.Indexed, models.Model):
    """A step in carrying out a decision, with a status and progress in percent."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"),
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    due_on = models.DateField(_("planned for"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    project = models.ForeignKey(
        "wagtail_participation.ProjectPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("project"),
    )
    sort_order = models.IntegerField(_("order"), default=0)

    shared_fields = ("status", "progress", "due_on", "completed_on", "project", "sort_order")
    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("status"), FieldPanel("progress")]),
                FieldRowPanel([FieldPanel("due_on"), FieldPanel("completed_on")]),
                FieldPanel("project"),
                FieldPanel("sort_order"),
            ],
            heading=_("Shared by every language"),
            help_text=_("Change these in the original language; every translation follows at once."),
        ),
    ]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("implementation milestone")
        verbose_name_plural = _("implementation milestones")
        ordering = ["sort_order", "due_on", "pk"]

    def __str__(self):
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.status == MilestoneStatus.DONE and self.progress != 100:
            raise ValidationError({"progress": _("A milestone that is done is at 100%.")})
        if self.completed_on and self.status != MilestoneStatus.DONE:
            raise ValidationError({"completed_on": _("Only a milestone that is done has a completion date.")})


Milestone.translatable_fields = [
    TranslatableField("title"),
    TranslatableField("description"),
    *Milestone.shared_translatable_fields(),
]


def localized_in_bulk(items: list) -> list:
    """Each translatable item in the active language where a translation exists, in one query."""
    from wagtail.models import Locale

    from wagtail_participation.terms import localize_terms

    localized = localize_terms([item for item in items if item is not None])
    codes = dict(Locale.objects.values_list("pk", "language_code"))
    for item in localized:
        item.language_code = codes.get(item.locale_id, "")  # for lang="" where no translation exists
    return localized
