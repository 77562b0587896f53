"""Results blocks: publish what came out of participation as ordinary page content.

They work in any page's StreamField (``RESULTS_BLOCKS``) and make up a project's results page.

Adding a results block for a new method
---------------------------------------
Subclass :class:`MethodResultsBlock`, limit the chooser to your page type and (optionally) give
it a template that extends ``wagtail_participation/results/blocks/results/method_results.html`` and fills
``{% block results %}``; add context with :meth:`MethodResultsBlock.get_results_context`::

    class PollResultsBlock(MethodResultsBlock):
        method = MethodChooserBlock(page_type="participation_polls.PollPage", label=_("Poll"))

        class Meta:
            label = _("Poll results")
            template = "wagtail_participation/polls/blocks/results/poll_results.html"

        def get_results_context(self, published, value, request):
            return {"winner": published.results.rows[0] if published.results.rows else None}

Then add ``("poll_results", PollResultsBlock())`` to ``RESULTS_BLOCKS``. The base class already
decides what may be shown (snapshot, live numbers while open, the method's
``results_visible_to()``), says provisional/final and when, renders placeholders for editors and
nothing for citizens when the method is deleted, unpublished, empty or hidden. Your method page
only needs ``get_results()`` (plain :class:`~wagtail_participation.engine.results.Results`) and,
where results may be hidden, ``results_visible_to(request)``.
"""

from __future__ import annotations

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from wagtail_participation import statuses


def _request(parent_context):
    return (parent_context or {}).get("request")


class MethodChooserBlock(blocks.PageChooserBlock):
    """Chooses a participation method page. Without ``page_type`` it offers every concrete method
    page type (found when first used), so a new method needs no migration of existing pages."""

    @cached_property
    def target_models(self):
        if self.page_type:
            return super().target_models
        from wagtail_participation.models import ParticipationMethodPage

        found, pending = [], list(ParticipationMethodPage.__subclasses__())
        while pending:
            model = pending.pop(0)
            pending.extend(model.__subclasses__())
            if not model._meta.abstract and model not in found:
                found.append(model)
        return found or [ParticipationMethodPage]

    def to_python(self, value):
        page = super().to_python(value)
        return page.specific if page is not None else None

    def bulk_to_python(self, values):
        return [page.specific if page is not None else None for page in super().bulk_to_python(values)]


class PlaceholderMixin:
    """Editors see why a block shows nothing; citizens see nothing at all."""

    def placeholder_context(self, context, reason):
        from wagtail_participation.results.published import viewer_is_editor

        context["unavailable"] = True
        context["placeholder"] = reason if viewer_is_editor(context.get("request")) else ""
        return context


class MethodResultsBlock(PlaceholderMixin, blocks.StructBlock):
    """The results of one participation method: its snapshot, or live numbers while it is open.

    The default template draws the method's ``Results`` rows as the core's accessible SVG bar
    chart with a table. Subclasses narrow the chooser and add context (see the module docstring).
    """

    method = MethodChooserBlock(label=_("Participation method"))
    heading = blocks.CharBlock(required=False, label=_("Heading"), help_text=_("Defaults to the method's title."))
    text = blocks.RichTextBlock(
        required=False,
        features=["bold", "italic", "link", "ol", "ul"],
        label=_("Explanation"),
        help_text=_("Optional: what these results mean and what happens next."),
    )

    class Meta:
        icon = "table"
        label = _("Method results")
        template = "wagtail_participation/results/blocks/results/method_results.html"

    #: Method pages this block refuses although the chooser offers them, as "app_label.ModelName".
    #: Idea boards have their own block (TopIdeasBlock), which respects moderation after the snapshot.
    excluded_types: tuple[str, ...] = ("participation_ideas.IdeaBoardPage",)
    #: At most this many rows in the default chart (a long tail belongs on the method's own page).
    max_rows = 20

    def allowed_types(self) -> tuple:
        """Page classes this block can show; from the chooser's page types."""
        return tuple(self.child_blocks["method"].target_models)

    def refused_types(self) -> tuple:
        from django.apps import apps

        return tuple(apps.get_model(label) for label in self.excluded_types)

    def get_results_context(self, published, value, request) -> dict:
        """Extra template context for a subclass; called only when results are available.

        The default gives ``chart_results``: the results with at most ``max_rows`` rows."""
        from dataclasses import replace

        found = published.results
        if found is None:
            return {}
        return {
            "chart_results": replace(found, rows=found.rows[: self.max_rows]),
            "more_rows": len(found.rows) > self.max_rows,
        }

    def accepts(self, published, value) -> bool:
        """Whether to render for this state; subclasses may show more (e.g. live statuses)."""
        return published.available

    def get_context(self, value, parent_context=None):
        from wagtail_participation.results.published import resolve

        context = super().get_context(value, parent_context=parent_context)
        request = _request(parent_context)
        method, allowed, refused = value.get("method"), self.allowed_types(), self.refused_types()
        # Several blocks on one page may show the same method: resolve it once per request.
        cache = getattr(request, "_participation_published", None) if request is not None else None
        if cache is None:
            cache = {}
            if request is not None:
                request._participation_published = cache
        key = (getattr(method, "pk", None), allowed, refused)
        if key not in cache:
            cache[key] = resolve(method, request, allowed_types=allowed, excluded_types=refused)
        published = cache[key]
        context["published"] = published
        if not self.accepts(published, value):
            return self.placeholder_context(context, published.reason)
        try:
            context.update(self.get_results_context(published, value, request))
        except Exception:  # noqa: BLE001 - a block never takes the page down
            import logging

            logging.getLogger(__name__).exception("results block context failed")
            return self.placeholder_context(context, str(_("The results could not be computed.")))
        return context


class TopIdeasBlock(MethodResultsBlock):
    """An idea board's top ideas: by votes (from the frozen snapshot once the board has closed,
    so later votes never change it), or by the city's answer (status, kept current)."""

    method = MethodChooserBlock(page_type="participation_ideas.IdeaBoardPage", label=_("Idea board"))
    excluded_types = ()
    order = blocks.ChoiceBlock(
        choices=[("votes", _("Most votes")), ("status", _("By the city's answer"))],
        default="votes",
        label=_("Which ideas"),
    )
    statuses = blocks.MultipleChoiceBlock(
        choices=statuses.CHOICES,
        required=False,
        default=[statuses.ACCEPTED, statuses.IMPLEMENTED],
        label=_("Statuses"),
        help_text=_("With “By the city's answer”: show ideas with these statuses."),
    )
    count = blocks.IntegerBlock(default=5, min_value=1, max_value=20, label=_("Number of ideas"))

    class Meta:
        icon = "pick"
        label = _("Top ideas")
        template = "wagtail_participation/ideas/blocks/results/top_ideas.html"

    def accepts(self, published, value):
        # Statuses are the city's follow-up, not votes: shown whenever the board is public.
        if value.get("order") == "status":
            return published.available or published.state in ("not_yet", "empty")
        return published.available

    def get_results_context(self, published, value, request):
        from wagtail_participation.ideas.models import Idea
        from wagtail_participation.models import Visibility

        record = published.record
        count = value.get("count") or 5
        visible = Idea.objects.filter(record=record, visibility=Visibility.VISIBLE)
        frozen = {row.code: row.value for row in published.results.rows} if published.results else {}
        if value.get("order") == "status":
            chosen = list(value.get("statuses") or [statuses.ACCEPTED, statuses.IMPLEMENTED])
            ideas = list(visible.filter(status__in=chosen).order_by("-score", "created_at")[:count])
        else:
            codes = [row.code for row in published.results.rows if row.code.isdigit()]
            by_pk = visible.in_bulk([int(code) for code in codes[: count * 2]])  # spare rows for hidden ideas
            ideas = [by_pk[int(code)] for code in codes if code.isdigit() and int(code) in by_pk][:count]
        for idea in ideas:
            idea.shown_score = frozen.get(str(idea.pk), idea.score) if published.state == "snapshot" else idea.score
        return {"ideas": ideas, "board": published.method}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        if not context.get("unavailable") and not context.get("ideas"):
            reason = (
                _("No idea has one of the chosen statuses yet.")
                if value.get("order") == "status"
                else _("No ideas yet.")
            )
            return self.placeholder_context(context, str(reason))
        return context


class RecordListBlock(PlaceholderMixin, blocks.StructBlock):
    """Base of blocks that list chosen shared records (decisions, milestones) in the visitor's
    language; deleted records drop out; with none left, editors see ``empty_reason``."""

    list_name = ""
    empty_reason = ""

    def get_context(self, value, parent_context=None):
        from wagtail_participation.models.outcomes import localized_in_bulk

        context = super().get_context(value, parent_context=parent_context)
        records = localized_in_bulk(list(value.get(self.list_name) or []))
        if not records:
            return self.placeholder_context(context, str(self.empty_reason))
        context[self.list_name] = records
        context.update(self.get_list_context(records))
        return context

    def get_list_context(self, records) -> dict:
        return {}


class DecisionBlock(RecordListBlock):
    """“You said, we did”: the input, the decision and its status, from shared decision records."""

    heading = blocks.CharBlock(required=False, label=_("Heading"), help_text=_("Defaults to “You said, we did”."))
    decisions = blocks.ListBlock(SnippetChooserBlock("wagtail_participation.PolicyDecision"), label=_("Decisions"))
    list_name = "decisions"
    empty_reason = _("Choose at least one decision. Visitors see nothing here.")

    class Meta:
        icon = "tick-inverse"
        label = _("You said, we did")
        template = "wagtail_participation/results/blocks/results/decisions.html"


class ImplementationTrackerBlock(RecordListBlock):
    """Implementation milestones with status and progress, and the overall progress."""

    heading = blocks.CharBlock(required=False, label=_("Heading"), help_text=_("Defaults to “Implementation”."))
    milestones = blocks.ListBlock(SnippetChooserBlock("wagtail_participation.Milestone"), label=_("Milestones"))
    list_name = "milestones"
    empty_reason = _("Choose at least one milestone. Visitors see nothing here.")

    class Meta:
        icon = "list-ol"
        label = _("Implementation tracker")
        template = "wagtail_participation/results/blocks/results/implementation.html"

    def get_list_context(self, milestones):
        from wagtail_participation.models.outcomes import MilestoneStatus

        counted = [m for m in milestones if m.status != MilestoneStatus.CANCELLED]  # cancelled steps do not count
        return {
            "overall": round(sum(m.progress for m in counted) / len(counted)) if counted else 0,
            "done": sum(1 for m in counted if m.status == MilestoneStatus.DONE),
            "counted": len(counted),
        }


class ParticipationFiguresBlock(PlaceholderMixin, blocks.StructBlock):
    """Participants, contributions and votes, per channel, across a project's methods.

    Counts come from the :mod:`wagtail_participation.figures` registry, so every method that
    registers a source is included. Without a chosen project, a results page uses its own project.
    """

    project = blocks.PageChooserBlock(
        page_type="wagtail_participation.ProjectPage",
        required=False,
        label=_("Project"),
        help_text=_("Leave empty on a results page to use its project."),
    )
    heading = blocks.CharBlock(required=False, label=_("Heading"), help_text=_("Defaults to “Who took part”."))

    class Meta:
        icon = "group"
        label = _("Participation figures")
        template = "wagtail_participation/results/blocks/results/figures.html"

    def get_context(self, value, parent_context=None):
        from wagtail_participation import figures
        from wagtail_participation.engine.figures import KINDS
        from wagtail_participation.models import Channel, MethodRecord, ProjectPage

        context = super().get_context(value, parent_context=parent_context)
        project = value.get("project")
        page = (parent_context or {}).get("page")
        if project is None and page is not None and hasattr(page, "results_project"):
            project = page.results_project()
        if project is None or not project.live:
            return self.placeholder_context(
                context, str(_("Choose a project (or place this block on a results page)."))
            )
        project = project.specific if not isinstance(project, ProjectPage) else project
        records = MethodRecord.objects.filter(project_key=project.translation_key)
        found = figures.figures_for(records)
        if found.is_empty:
            return self.placeholder_context(context, str(_("Nobody has taken part in this project yet.")))
        from wagtail_participation.budgets.models import BallotChannel

        labels = {**dict(BallotChannel.choices), **dict(Channel.choices)}  # budgets add "imported"
        context.update(
            {
                "figures": found,
                "channel_rows": [(labels.get(channel, channel), counts) for channel, counts in found.rows()],
                "sources": [
                    (source.label, found.by_source.get(source.code, 0))
                    for source in figures.sources()
                    if found.by_source.get(source.code)
                ],
                "kinds": KINDS,
            }
        )
        return context


from wagtail_participation.results.method_blocks import METHOD_RESULTS_BLOCKS  # noqa: E402 (they subclass the blocks above)

RESULTS_BLOCKS = [
    ("method_results", MethodResultsBlock()),
    *METHOD_RESULTS_BLOCKS,
    ("top_ideas", TopIdeasBlock()),
    ("decisions", DecisionBlock()),
    ("implementation", ImplementationTrackerBlock()),
    ("participation_figures", ParticipationFiguresBlock()),
]
