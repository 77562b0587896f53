"""The demo city's own pages: a home page and plain content pages (privacy, terms)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from wagtail_participation.blocks import MethodBlock
from wagtail_participation.results.blocks import RESULTS_BLOCKS

# Generic blocks only: the same whichever method apps the site installs (docs/blocks.md).
PARTICIPATION_BLOCKS = [("method", MethodBlock())]


class HomePage(Page):
    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), blank=True)
    participation = StreamField(
        PARTICIPATION_BLOCKS + RESULTS_BLOCKS,
        blank=True,
        verbose_name=_("participation blocks"),
        help_text=_("Live participation on the home page, such as an idea board's top ideas, and results."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body"), FieldPanel("participation")]

    def get_context(self, request, *args, **kwargs):
        from wagtail_participation import clock
        from wagtail_participation.models import ParticipationIndexPage
        from wagtail_participation.project_listing import project_listing

        context = super().get_context(request, *args, **kwargs)
        index = ParticipationIndexPage.objects.live().descendant_of(self).first()
        context["participation_index"] = index
        if index:
            context.update(project_listing(index, {}, clock.now()))
        return context


class StandardPage(Page):
    body = RichTextField(_("body"))

    content_panels = Page.content_panels + [FieldPanel("body")]
