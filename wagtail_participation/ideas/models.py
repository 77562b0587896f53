"""Idea collection: the board page and the idea."""

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path
from wagtail.fields import RichTextField

from wagtail_participation.comment_views import ContributionRoutesMixin
from wagtail_participation.ideas.engine.board import BoardTotals
from wagtail_participation.models.contributions import (
    Contribution,
    ContributionPageSettings,
    ContributionQuerySet,
    TopicsAndArea,
)
from wagtail_participation.models.exports import BackgroundExport
from wagtail_participation.models.methods import ParticipationMethodPage
from wagtail_participation.phases import COMMENT, SUBMIT, VOTE

MAX_IMAGE_BYTES = 5 * 1024 * 1024


def validate_image_size(upload):
    if upload.size > MAX_IMAGE_BYTES:
        raise ValidationError(_("The picture is larger than 5 MB. Choose a smaller one."))


class VotingMode(models.TextChoices):
    UP = "up", _("Up votes only")
    UP_DOWN = "up_down", _("Up and down votes")
    NONE = "none", _("No voting")


class LocationMode(models.TextChoices):
    NONE = "none", _("Do not ask")
    OPTIONAL = "optional", _("Optional")
    REQUIRED = "required", _("Required")


class IdeaBoardPage(ContributionRoutesMixin, ContributionPageSettings, ParticipationMethodPage):
    """Residents post ideas on a question, vote and comment; staff moderate and answer.

    Board settings are read from the source-language page (see :meth:`board_settings`), so all
    translations of a board share one voting mode, limit and moderation setting.
    """

    participation_actions = (SUBMIT, VOTE, COMMENT)
    participation_lookups = (("contributions", "created_at"),)
    results_specifics = BoardTotals
    contribution_path = "ideas"
    contribution_route = "idea"
    report_route = "report_idea"
    follow_log_in_message = _("Log in to follow an idea and get an e-mail when the city answers.")
    unfollowed_message = _("You no longer follow this idea.")

    question = models.CharField(
        _("question or theme"),
        max_length=255,
        help_text=_("What residents are asked, e.g. “Which crossings feel unsafe?”"),
    )
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    ask_location = models.CharField(
        _("ask for a location"), max_length=10, choices=LocationMode.choices, default=LocationMode.OPTIONAL
    )
    voting_mode = models.CharField(_("voting"), max_length=10, choices=VotingMode.choices, default=VotingMode.UP)
    premoderation = models.BooleanField(
        _("pre-moderation"), default=False, help_text=_("New ideas stay hidden until a moderator approves them.")
    )
    max_ideas_per_person = models.PositiveIntegerField(
        _("ideas per person"), default=0, help_text=_("0 means no limit.")
    )
    ideas_per_page = 24

    content_panels = ParticipationMethodPage.content_panels + [
        FieldPanel("question"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("allowed_topics"),
                FieldPanel("allowed_areas"),
                FieldPanel("ask_location"),
                FieldPanel("voting_mode"),
                FieldPanel("premoderation"),
                FieldPanel("max_ideas_per_person"),
            ],
            heading=_("Board settings"),
        ),
    ]
    template = "wagtail_participation/ideas/idea_board_page.html"

    class Meta:
        verbose_name = _("idea board")

    # -- routes (thin: the views live in ideas.views; comments, reports and follows in the mixin)
    @path("")
    def listing(self, request):
        from wagtail_participation.ideas import views as idea_views

        return idea_views.board_index(request, self)

    @path("new/", name="submit")
    def submit_idea(self, request):
        from wagtail_participation.ideas import views as idea_views

        return idea_views.submit(request, self)

    @path("ideas/<int:idea_id>/", name="idea")
    def contribution_detail(self, request, idea_id, **form_state):
        from wagtail_participation.ideas import views as idea_views

        return idea_views.idea_detail(request, self, idea_id, **form_state)

    @path("ideas/<int:idea_id>/vote/", name="vote")
    def vote(self, request, idea_id):
        from wagtail_participation.ideas import views as idea_views

        return idea_views.vote(request, idea_id, board=self)

    def contribution_queryset(self):
        return Idea.objects.select_related("area", "author")

    def shared_settings(self) -> dict:
        return {"voting_mode": self.voting_mode, "max_ideas_per_person": self.max_ideas_per_person}

    def get_results(self):
        """Ideas by score, with counts per status and channel (see :mod:`wagtail_participation.ideas.method_results`)."""
        from wagtail_participation.ideas.method_results import board_results

        return board_results(self)


class Idea(Contribution, TopicsAndArea):
    """An idea on a board: plain text only, optional topics, area, location and picture."""

    location_text = models.CharField(
        _("location"), max_length=200, blank=True, help_text=_("A street, crossing or place.")
    )
    image = models.ImageField(
        _("picture"),
        upload_to="participation/ideas/%Y/%m/",
        blank=True,
        validators=[FileExtensionValidator(["jpg", "jpeg", "png", "webp"]), validate_image_size],
    )
    image_alt = models.CharField(_("what the picture shows"), max_length=200, blank=True)

    objects = ContributionQuerySet.as_manager()

    search_fields = Contribution.search_fields

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        # The board's area filter reads an area's ideas from this index alone.
        indexes = [models.Index(fields=["area", "contribution_ptr"], name="wp_idea_area")]


class IdeaListing(models.Model):
    """An idea's place in the board's listings by one topic or by its area: the listing's filter
    and sort columns copied from the idea, so a topic's or an area's page, in any order and however
    deep, is one range of an index here (``record, facet, term, visibility, sort keys..., idea``)
    rather than a walk through the whole board checking each idea.

    Kept by database triggers on SQLite and PostgreSQL (migration ``0003_idea_listing``): a topic
    link added or removed, an idea's area set or changed, any change of the copied columns of the
    contribution (the vote counter trigger's own UPDATE included), in the statement that makes the
    change. MariaDB has no triggers here (see ``0002_vote_counter_triggers``): the board does not
    read this table there. Never written by Python.
    """

    TOPIC, AREA = "t", "a"

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="+")
    facet = models.CharField(max_length=1)  # TOPIC or AREA
    term_id = models.IntegerField()  # the topic's or the area's id
    area_id = models.IntegerField(null=True)  # the idea's area, on a topic's rows (topic + area)
    record_id = models.IntegerField()
    visibility = models.CharField(max_length=20)
    status = models.CharField(max_length=40)
    trending = models.FloatField()
    score = models.IntegerField()
    comment_count = models.IntegerField()
    created_at = models.DateTimeField()
    shuffle_a = models.IntegerField()
    shuffle_b = models.IntegerField()

    class Meta:
        # The idea's area and status after the order: topic + area and a status filter are checked
        # in the index entries of the topic's range (no row read per entry met, ideas 0004).
        indexes = [
            models.Index(
                fields=["record_id", "facet", "term_id", "visibility", *order, "area_id", "status"],
                name=f"wp_idea_listing_{name}2",
            )
            for name, order in (
                ("newest", ["-created_at", "-idea"]),
                ("trend", ["-trending", "-created_at", "-idea"]),
                ("score", ["-score", "-created_at", "-idea"]),
                ("talk", ["-comment_count", "-created_at", "-idea"]),
                ("shuf_a", ["shuffle_a", "idea"]),
                ("shuf_b", ["shuffle_b", "idea"]),
            )
        ]


class IdeaBoardGeneration(models.Model):
    """A board's listing generation: a number that changes whenever the board's listings can count
    differently (an idea added, deleted, hidden or shown, moved, given another status, topic or
    area), and not on a vote or a comment. The board caches its counts per filter under it.

    Bumped by database triggers on SQLite and PostgreSQL (ideas migration ``0003_idea_listing``),
    in the statement that makes the change; MariaDB has none, and the board counts every time there.
    """

    record_id = models.IntegerField(primary_key=True)
    generation = models.BigIntegerField(default=0)


class IdeaExport(BackgroundExport):
    """One requested XLSX export of a board's ideas, votes, comments and answers.

    The task :func:`wagtail_participation.ideas.exports.build_ideas_xlsx` fills ``file``.
    """

    record = models.ForeignKey(
        "wagtail_participation.MethodRecord",
        on_delete=models.CASCADE,
        related_name="idea_exports",
        verbose_name=_("idea board"),
    )

    class Meta(BackgroundExport.Meta):
        verbose_name = _("idea export")
        verbose_name_plural = _("idea exports")
