"""Topics, areas and departments: translatable snippets that tag projects and contributions.

Pages and records may point at any locale's copy (wagtail-localize copies many-to-many values
from the source page), so templates show ``item.localized`` and filters compare slugs or
translation keys, which all translations share.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField


class TaxonomyTerm(TranslatableMixin, index.Indexed, models.Model):
    """Common base: a translated name and a slug shared by every translation (used in URLs)."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        allow_unicode=True,
        help_text=_("Used in filter links; the same in every language."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    override_translatable_fields = [SynchronizedField("slug", overridable=False)]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class Topic(TaxonomyTerm):
    """A policy theme such as mobility or climate."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="wp_topic_slug_per_locale"),
        ]


class Area(TaxonomyTerm):
    """A district or neighbourhood; postal codes let a declared address map onto it."""

    postal_codes = models.TextField(
        _("postal codes"),
        blank=True,
        help_text=_("Postal codes in this area, separated by commas or new lines."),
    )

    panels = TaxonomyTerm.panels + [FieldPanel("postal_codes")]
    override_translatable_fields = TaxonomyTerm.override_translatable_fields + [
        SynchronizedField("postal_codes", overridable=False)
    ]

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="wp_area_slug_per_locale"),
        ]

    def postal_code_list(self) -> list[str]:
        raw = self.postal_codes.replace("\n", ",")
        return [code.strip().upper().replace(" ", "") for code in raw.split(",") if code.strip()]

    def covers_postal_code(self, postal_code: str) -> bool:
        return postal_code.strip().upper().replace(" ", "") in self.postal_code_list()


class Department(TaxonomyTerm):
    """The city department responsible for a project."""

    email = models.EmailField(_("e-mail address"), blank=True)

    panels = TaxonomyTerm.panels + [FieldPanel("email")]

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="wp_department_slug_per_locale"),
        ]
