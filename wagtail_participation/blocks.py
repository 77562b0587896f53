"""StreamField blocks that show participation methods inside any page, the same on every site.

Models are imported before any ``AppConfig.ready()`` runs and a StreamField's block definitions
are written into migrations, so no block here may depend on which method apps are installed
(docs/blocks.md). The blocks are generic: the editor chooses a method page and sets a few options;
at render time the chosen page's manifest (:mod:`wagtail_participation.manifests`) draws it:

- :class:`MethodBlock` shows a method live (``manifest.embed``): a poll's ballot, an idea board's
  top ideas, a budget's booths... Its forms post to the method's own routes, which enforce
  CSRF, the live-method guard and the per-person rules, and come back to the embedding page.
- The results app's ``MethodResultsBlock`` shows a method's results (``manifest.results``).

When the chosen method cannot be shown (none chosen or deleted, its app not installed, not
published, private, or a kind that offers no such block) citizens see nothing and editors (in
preview, or logged in to the admin) see a placeholder that says why.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import BlockGroup

from wagtail_participation import manifests

LIVE_PLACEHOLDER_TEMPLATE = "wagtail_participation/blocks/method_placeholder.html"

#: Why a live method block shows nothing; only editors read these.
LIVE_REASONS = {
    "missing": _("No participation method is chosen, or it was deleted. Visitors see nothing here."),
    "not_installed": _(
        "The app of the chosen participation method is not installed on this site. Visitors see nothing here."
    ),
    "not_a_method": _("The chosen page is not a participation method. Visitors see nothing here."),
    "not_embeddable": _(
        "This kind of participation method cannot be shown inside a page; link to it instead. Visitors see nothing here."
    ),
    "unpublished": _("The chosen method is not published. Visitors see nothing here until it is."),
    "private": _(
        "The chosen method is private or belongs to another site. Visitors who may not open it see nothing here."
    ),
}


class MethodChooserBlock(blocks.PageChooserBlock):
    """Chooses a participation method page (any subclass of ``ParticipationMethodPage``).

    Without ``page_type`` it offers every concrete method page type, found when first used: the
    block's definition (and so every migration that holds it) is the same whichever method apps
    are installed. Its value is the specific page, or the plain ``Page`` when the page's app is
    no longer installed (:func:`chosen_method` tells the two apart)."""

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

    @cached_property
    def target_model(self):
        if self.page_type:
            return super().target_model
        # Any page loads (then becomes specific), so a page of an app that was removed from
        # INSTALLED_APPS is told apart from a deleted one, whatever methods are installed now.
        from wagtail.models import Page

        return Page

    def to_python(self, value):
        page = super().to_python(value)
        return page.specific if page is not None else None

    def bulk_to_python(self, values):
        return [page.specific if page is not None else None for page in super().bulk_to_python(values)]


class CodesBlock(blocks.CharBlock):
    """Codes or slugs separated by commas: the same in every language, so wagtail-localize keeps
    them out of translation (a translator cannot break the reference by translating a code)."""

    def get_translatable_segments(self, value):
        return []

    def restore_translated_segments(self, value, segments):
        return value


def chosen_method(page):
    """``(page, manifest, reason)`` for a block's chosen page: ``reason`` is empty when the page
    is a method of an installed app (``manifest`` is its manifest), else a key of
    :data:`LIVE_REASONS` (``missing``, ``not_installed``, ``not_a_method``)."""
    from wagtail_participation.models import ParticipationMethodPage

    if page is None:
        return None, None, "missing"
    page = page.specific
    if page.specific_class is None:  # the page's app was removed from INSTALLED_APPS
        return page, None, "not_installed"
    if not isinstance(page, ParticipationMethodPage):
        return page, None, "not_a_method"
    manifest = manifests.for_page(page)
    if manifest is None:  # a method page whose app registers no manifest (not installed as a method)
        return page, None, "not_installed"
    return page, manifest, ""


def live_method(page, request):
    """``(page, manifest, reason)`` for a live block: the chosen method in the visitor's language,
    when it is installed, embeddable, published and visible to this visitor on this site (the
    same guard its write routes apply: :mod:`wagtail_participation.live_methods`)."""
    from wagtail_participation import live_methods
    from wagtail_participation.published_results import localized_method

    page, manifest, reason = chosen_method(page)
    if reason:
        return page, None, reason
    if manifest.embed is None:
        return page, None, "not_embeddable"
    if not page.live:
        return page, None, "unpublished"
    page = localized_method(page)
    if request is not None and live_methods.visible_page_id(request, page.translation_key, page.pk) is None:
        return page, None, "private"
    return page, manifest, ""


def render_live_placeholder(request, reason, page=None) -> str:
    """Nothing for citizens; for editors a note that says why the block shows nothing."""
    from wagtail_participation.published_results import viewer_is_editor

    if not viewer_is_editor(request):
        return ""
    context = {"request": request, "reason": LIVE_REASONS[reason], "method": page}
    return mark_safe(render_to_string(LIVE_PLACEHOLDER_TEMPLATE, context))  # noqa: S308 - a rendered template


class MethodBlock(blocks.StructBlock):
    """A participation method, live, inside any page: the editor chooses the method page; the
    method's app draws it (``manifest.embed``), with its forms posting to the method's own routes
    and coming back to this page (decision 1: one count, wherever it is shown). No JavaScript.

    The options are the same for every method; each says which methods use it (docs/blocks.md).
    """

    method = MethodChooserBlock(label=_("Participation method"))
    heading = blocks.CharBlock(
        required=False,
        label=_("Heading"),
        help_text=_("Defaults to the method's question or title."),
    )
    sort = blocks.ChoiceBlock(
        choices=[
            ("trending", _("Trending")),
            ("votes", _("Most votes or supports")),
            ("newest", _("Newest")),
        ],
        required=False,
        label=_("Which items"),
        help_text=_(
            "Idea boards: trending (when empty), most votes or newest ideas. Citizen proposals: most supported "
            "(when empty) or latest proposals. Other methods ignore it."
        ),
    )
    count = blocks.IntegerBlock(
        required=False,
        default=3,
        min_value=1,
        max_value=12,
        label=_("Number of items"),
        help_text=_("Idea boards and citizen proposals: how many ideas or proposals to show (3 when empty)."),
    )

    class Meta:
        icon = "group"
        label = _("Participation method (live)")
        form_layout = BlockGroup(
            children=[
                "method",
                "heading",
                BlockGroup(
                    children=["sort", "count"],
                    heading=_("Options for some methods"),
                    help_text=_("Each option says which methods use it; the others ignore it."),
                    classname="collapsed",
                ),
            ]
        )

    def render(self, value, context=None):
        request = (context or {}).get("request")
        page, manifest, reason = live_method(value.get("method"), request)
        if reason:
            return render_live_placeholder(request, reason, page)
        if request is None:  # rendered outside a request (e.g. a search index): nothing live to show
            return ""
        return manifest.embed(request, page, value, context=dict(context or {}))


def embed_context(request, value, context=None, **extra) -> dict:
    """The template context a method's ``embed`` starts from: the page's context (CSRF token,
    ``page``), the block's value, and ``extra``. For method apps' ``render_live`` functions."""
    from django.middleware.csrf import get_token

    found = dict(context or {})
    found.update({"self": value, "value": value, "request": request})
    if "csrf_token" not in found:  # rendered without the page's RequestContext (e.g. in a test)
        found["csrf_token"] = get_token(request)
    found.update(extra)
    return found


def render_embed(template: str, request, value, context=None, **extra) -> str:
    """Render a method's live block template with :func:`embed_context`."""
    return mark_safe(render_to_string(template, embed_context(request, value, context, **extra)))  # noqa: S308 - a rendered template
