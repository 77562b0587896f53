"""Results blocks: publish what came out of participation as ordinary page content.

They work in any page's StreamField (``RESULTS_BLOCKS``) and make up a project's results page.
Every block here is the same whichever method apps are installed (block definitions are written
into migrations, docs/blocks.md):

- :class:`MethodResultsBlock`: choose any participation method; its app draws the results through
  its manifest (``manifest.results``, built on :class:`~wagtail_participation.results_block_rendering.ResultsRenderer`),
  from the snapshot once it has closed (provisional, then final) or live while it is open.
- decisions (“You said, we did”), the implementation tracker and the participation figures.

Adding results for a new method needs no block: give the method's manifest a ``results``
function (docs/blocks.md).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import BlockGroup
from wagtail.snippets.blocks import SnippetChooserBlock

from wagtail_participation import statuses
from wagtail_participation.blocks import CodesBlock, MethodChooserBlock, chosen_method


class PlaceholderMixin:
    """Editors see why a block shows nothing; citizens see nothing at all."""

    def placeholder_context(self, context, reason):
        from wagtail_participation.results_block_rendering import placeholder_context

        return placeholder_context(context, reason)


class MethodResultsBlock(blocks.StructBlock):
    """The results of one participation method, drawn by the method's app.

    The chooser offers every method page; the chosen method's manifest renders the block
    (``manifest.results(request, page, value, context=...)``): its snapshot, or live numbers
    while it is open, as the method shows them best (a chart, top ideas, a budget's winners...).
    A method of an app that is not installed, a deleted or unpublished one, or one whose results
    this visitor may not see shows nothing to citizens and a placeholder to editors.

    The options are the same for every method; each says which methods use it (docs/blocks.md).
    """

    method = MethodChooserBlock(label=_("Participation method"))
    heading = blocks.CharBlock(required=False, label=_("Heading"), help_text=_("Defaults to the method's title."))
    text = blocks.RichTextBlock(
        required=False,
        features=["bold", "italic", "link", "ol", "ul"],
        label=_("Explanation"),
        help_text=_("Optional: what these results mean and what happens next."),
    )
    which = blocks.ChoiceBlock(
        choices=[("top", _("The most supported")), ("answered", _("Those the city has answered"))],
        default="top",
        label=_("Which items"),
        help_text=_(
            "Idea boards: the ideas with the most votes, or the ideas with the statuses below (most supported "
            "first). Citizen proposals: every proposal that reached the threshold, or only answered ones."
        ),
    )
    statuses = blocks.MultipleChoiceBlock(
        choices=statuses.CHOICES,
        required=False,
        default=[statuses.ACCEPTED, statuses.IMPLEMENTED],
        label=_("Statuses"),
        help_text=_("Idea boards, with “Those the city has answered”: show ideas with these statuses."),
    )
    count = blocks.IntegerBlock(
        required=False,
        min_value=1,
        max_value=50,
        label=_("Number of items"),
        help_text=_(
            "Idea boards: how many ideas (5 when empty, at most 20). Citizen proposals: how many (10 when empty)."
        ),
    )
    codes = CodesBlock(
        required=False,
        label=_("Only these (codes)"),
        help_text=_(
            "Codes separated by commas, in the order to show them. Surveys: question codes (empty: every question "
            "with choices or numbers). Participatory budgets: budget slugs, for example: city, noord (empty: every budget)."
        ),
    )
    show_texts = blocks.BooleanBlock(
        required=False,
        default=False,
        label=_("Show written answers"),
        help_text=_(
            "Surveys: only tick this after reading the written answers: they were moderated and hold no personal data."
        ),
    )
    details = blocks.BooleanBlock(
        required=False,
        default=True,
        label=_("Show every project"),
        help_text=_(
            "Participatory budgets: the full table with votes, cost and the reason per project; otherwise only the winners."
        ),
    )

    class Meta:
        icon = "table"
        label = _("Method results")
        form_layout = BlockGroup(
            children=[
                "method",
                "heading",
                "text",
                BlockGroup(
                    children=["which", "statuses", "count", "codes", "show_texts", "details"],
                    heading=_("Options for some methods"),
                    help_text=_("Each option says which methods use it; the others ignore it."),
                    classname="collapsed",
                ),
            ]
        )

    def render(self, value, context=None):
        from wagtail_participation.published_results import REASONS
        from wagtail_participation.results_block_rendering import render_placeholder

        request = (context or {}).get("request")
        page, manifest, reason = chosen_method(value.get("method"))
        if reason in ("missing", "not_a_method"):
            return render_placeholder(request, REASONS[reason], page)
        if reason:
            return render_placeholder(
                request,
                _("The app of the chosen method is not installed on this site. Visitors see nothing here."),
                page,
            )
        if manifest.results is None:
            return render_placeholder(
                request, _("This kind of method has no results to show here. Visitors see nothing here."), page
            )
        return manifest.results(request, page, value, context=dict(context or {}))


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
        labels = {**OTHER_CHANNELS, **dict(Channel.choices)}
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


#: Channels that only some methods record, labelled here so the core's choices stay as they are
#: (budgets count paper and imported ballots). Unknown codes are shown as they are.
OTHER_CHANNELS = {"imported": _("Imported")}

RESULTS_BLOCKS = [
    ("method_results", MethodResultsBlock()),
    ("decisions", DecisionBlock()),
    ("implementation", ImplementationTrackerBlock()),
    ("participation_figures", ParticipationFiguresBlock()),
]
