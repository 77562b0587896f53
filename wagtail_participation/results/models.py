"""The results page of a project: results blocks published as ordinary, translatable content."""

from __future__ import annotations

from django.db import models
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from wagtail_participation.results import page_cache
from wagtail_participation.results.blocks import RESULTS_BLOCKS, MethodResultsBlock
from wagtail_participation.results.panels import ResultsSnapshotsPanel

BODY_TEMPLATE = "wagtail_participation/results/results_body.html"

RESULTS_PAGE_BLOCKS = [
    (
        "text",
        blocks.RichTextBlock(
            features=["h2", "h3", "bold", "italic", "link", "ol", "ul"], label=_("Text"), icon="pilcrow"
        ),
    ),
    *RESULTS_BLOCKS,
]


class ResultsPage(Page):
    """“What happened with your input”: a project's results, decisions and implementation.

    Lives under its project (one per project); the project page and the project index link to it
    once it is published. Editors see, above the body, each method's snapshot status with a link
    to review and finalise it.
    """

    intro = models.TextField(
        _("summary"), help_text=_("Two or three sentences: what came out of it and what happens now.")
    )
    body = StreamField(RESULTS_PAGE_BLOCKS, blank=True, verbose_name=_("results"))

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        ResultsSnapshotsPanel(heading=_("Results of this project's methods")),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["wagtail_participation.ProjectPage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "wagtail_participation/results/results_page.html"

    class Meta:
        verbose_name = _("results page")

    def results_project(self):
        """The project this page reports on (its parent), or ``None``."""
        from wagtail_participation.models.projects import ProjectPage

        cached = self.__dict__.get("_results_project", False)
        if cached is False:
            # one query (the parent as a project, or nothing), not the parent and then its specific row
            cached = ProjectPage.objects.filter(path=self.path[: -self.steplen]).first() if self.depth > 1 else None
            self.__dict__["_results_project"] = cached
        return cached

    def referenced_methods(self) -> list:
        """The method pages its results blocks point at (deleted ones left out), in order."""
        found = []
        for child in self.body:
            if isinstance(child.block, MethodResultsBlock):
                method = child.value.get("method")
                if method is not None and method not in found:
                    found.append(method)
        return found

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["project"] = self.results_project()
        # the body, kept for visitors with the same visibility answers (results/page_cache.py)
        context["results_body"] = mark_safe(  # noqa: S308 - a rendered template
            page_cache.body_html(self, request, lambda: render_to_string(BODY_TEMPLATE, dict(context)))
        )
        return context
