"""Polls and option analyses: the pages, their options (stable codes) and the ballots.

Options are inline rows copied per language by wagtail-localize; each carries a ``code`` that is
synchronised, not translated (architecture decision 2). Ballots point at the shared
:class:`MethodRecord` and store codes, so a vote on the Dutch page and one on the English page
add up. The settings that decide how a ballot is validated and whether results are shown are
copied to the record on publish (:meth:`shared_settings`), so every language follows the source.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from wagtail_participation.display_names import public_name
from wagtail_participation.engine.method_results import MethodResults
from wagtail_participation.models.contributions import Visibility
from wagtail_participation.models.methods import ParticipationMethodPage
from wagtail_participation.phases import COMMENT, VOTE
from wagtail_participation.polls.engine.tally import Tally

OTHER = "other"  # the reserved code of a poll's "Other" answer (its free text is stored beside it)
CODE_HELP = _(
    "A short stable name shared by all languages, used in exports (e.g. “bike-lane”). Filled in from the label when left empty."
)


class ResultsVisibility(models.TextChoices):
    ALWAYS = "always", _("Always")
    AFTER_VOTING = "after_voting", _("After the visitor has voted")
    AFTER_CLOSE = "after_close", _("After voting has closed")
    STAFF = "staff", _("Only to staff")


class Selection(models.TextChoices):
    SINGLE = "single", _("One answer")
    MULTIPLE = "multiple", _("Several answers")


class BallotMode(models.TextChoices):
    PICK = "pick", _("Pick the preferred option")
    RANK = "rank", _("Rank the options")


class OptionBase(TranslatableMixin, Orderable):
    """An option with a label and a stable code (shared by all translations)."""

    code = models.SlugField(_("code"), max_length=40, blank=True, help_text=CODE_HELP)
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("picture"),
    )
    image_alt = models.CharField(_("what the picture shows"), max_length=200, blank=True)

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["sort_order"]

    def save(self, *args, **kwargs):
        from wagtail_participation.frozen import guard_row

        if guard_row(self):
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        from wagtail_participation.frozen import guard_row

        if guard_row(self, deleting=True):
            return super().delete(*args, **kwargs)
        return 0, {}


class PollOption(OptionBase):
    page = ParentalKey("participation_polls.PollPage", on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("answer"), max_length=200)

    panels = [FieldPanel("label"), FieldPanel("code"), FieldPanel("image"), FieldPanel("image_alt")]
    # The code and the picture are the same in every language; the words are translated.
    translatable_fields = [
        TranslatableField("label"),
        TranslatableField("image_alt"),
        SynchronizedField("code"),
        SynchronizedField("image"),
    ]

    class Meta(OptionBase.Meta):
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self):
        return self.label


class AnalysisOption(OptionBase):
    """A scenario residents compare: what it is, its pros and cons, its cost or impact."""

    page = ParentalKey("participation_polls.OptionAnalysisPage", on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("title"), max_length=200)
    description = RichTextField(_("description"), features=["bold", "italic", "link", "ol", "ul"])
    pros = models.TextField(_("pros"), blank=True, help_text=_("One per line."))
    cons = models.TextField(_("cons"), blank=True, help_text=_("One per line."))
    cost = models.CharField(
        _("estimated cost or impact"),
        max_length=200,
        blank=True,
        help_text=_("For example: €1.2 million, 18 months of works."),
    )

    panels = [
        FieldPanel("label"),
        FieldPanel("code"),
        FieldPanel("description"),
        FieldPanel("pros"),
        FieldPanel("cons"),
        FieldPanel("cost"),
        FieldPanel("image"),
        FieldPanel("image_alt"),
    ]
    translatable_fields = [
        TranslatableField("label"),
        TranslatableField("description"),
        TranslatableField("pros"),
        TranslatableField("cons"),
        TranslatableField("cost"),
        TranslatableField("image_alt"),
        SynchronizedField("code"),
        SynchronizedField("image"),
    ]

    class Meta(OptionBase.Meta):
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self):
        return self.label

    @property
    def pros_list(self):
        return [line.strip() for line in self.pros.splitlines() if line.strip()]

    @property
    def cons_list(self):
        return [line.strip() for line in self.cons.splitlines() if line.strip()]


class BallotMethodPage(RoutablePageMixin, ParticipationMethodPage):
    """What polls and option analyses share: options with codes, one ballot per participant,
    changeable until close where the editor allows, results shown by a visibility rule."""

    participation_actions = (VOTE,)
    participation_lookups = (("poll_ballots", "created_at"),)
    unfrozen_rule_keys = ("results_visibility",)  # publishing results is not a change of the rules
    frozen_row_fields = {"options": ("code",)}
    max_options = 20
    min_options = 2
    results_specifics = Tally

    question = models.CharField(_("question"), max_length=255)
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    results_visibility = models.CharField(
        _("show results"),
        max_length=20,
        choices=ResultsVisibility.choices,
        default=ResultsVisibility.AFTER_VOTING,
    )
    allow_change = models.BooleanField(_("voters may change their vote until it closes"), default=True)

    class Meta:
        abstract = True

    # -- routes ------------------------------------------------------------------------------------
    @path("")
    def index(self, request):
        from wagtail_participation.polls import views as poll_views

        return poll_views.method_page(request, self)

    @path("vote/", name="vote")
    def vote(self, request):
        from wagtail_participation.polls import views as poll_views

        return poll_views.submit_ballot(request, self.participation_record.pk)

    # -- options and codes ---------------------------------------------------------------------------
    def clean(self):
        self.assign_codes()  # before the freeze check, which compares the codes
        super().clean()

    def assign_codes(self):
        """Fill empty codes from the labels; refuse two options with one code."""
        options = list(self.options.all())
        seen = set()
        for option in options:
            if option.code:
                if option.code in seen or option.code == OTHER:
                    raise ValidationError(
                        _("Two answers have the code “%(code)s” (or it is reserved). Give each its own code.")
                        % {"code": option.code}
                    )
                seen.add(option.code)
        for option in options:
            if not option.code:
                base = (slugify(option.label) or "option")[:34]
                code, number = base, 2
                while code in seen or code == OTHER:
                    code, number = f"{base}-{number}", number + 1
                option.code = code
                seen.add(code)

    def option_codes(self) -> list[str]:
        """The valid codes, from the shared record (so every language validates alike)."""
        codes = self.participation_record.rules.get("options")
        if codes is None:
            codes = [option.code for option in self.options.all()]
        return list(codes)

    def localized_options(self) -> list:
        """This page's options in the record's order; codes only a translation lacks fall back to
        the code itself as label (the translation is behind the source)."""
        cached = self.__dict__.get("_localized_options")
        if cached is not None:  # the form, the labels and the cards all ask: read once
            return cached
        mine = {
            option.code: option
            for option in self.options.all().select_related("image").prefetch_related("image__renditions")
        }
        options = []
        for code in self.option_codes():
            option = mine.get(code)
            if option is None:
                option = self._meta.get_field("options").related_model(code=code, label=code)
            options.append(option)
        self.__dict__["_localized_options"] = options
        return options

    def results_visible_to(self, request) -> bool:
        """Whether this visitor may see the live results (for results blocks and pages)."""
        from wagtail_participation import identity
        from wagtail_participation.polls import services as polls

        participant = identity.participant_for(request)
        has_voted = polls.own_ballot(self.participation_record, participant) is not None
        return polls.results_visibility(self, user=request.user, has_voted=has_voted)[0]

    def shared_settings(self) -> dict:
        return {
            "options": [option.code for option in self.options.all()],
            "results_visibility": self.results_visibility,
            "allow_change": self.allow_change,
        }

    def ballot_settings(self) -> dict:
        """The source page's settings as copied to the record (the page's own before a first
        publish). Read once per request: the form, the vote and the results all ask."""
        cached = self.__dict__.get("_ballot_settings")
        if cached is None:
            rules = self.participation_record.rules
            own = self.shared_settings() if "options" not in rules else {}
            cached = {**own, **{key: value for key, value in rules.items() if key != "actions"}}
            self.__dict__["_ballot_settings"] = cached
        return cached

    # -- results -------------------------------------------------------------------------------------
    def ballots(self):
        return PollBallot.objects.filter(record=self.participation_record)

    def labels(self) -> dict[str, str]:
        return {option.code: option.label for option in self.localized_options()}

    def assurance_name(self) -> str:
        """The participation level a vote needs, by name (``registered``...), for the method results."""
        from wagtail_participation.levels import LEVEL_NAMES

        return LEVEL_NAMES.get(self.participation_record.action_rules(VOTE).level, "")


class PollPage(BallotMethodPage):
    """A closed question with one or several answers, optionally "Other" with free text; its
    results as an accessible chart. Embed it anywhere with the generic live block (docs/blocks.md)."""

    selection = models.CharField(
        _("answers per person"), max_length=10, choices=Selection.choices, default=Selection.SINGLE
    )
    min_choices = models.PositiveSmallIntegerField(
        _("at least"), default=1, help_text=_("For several answers: the fewest a person must choose.")
    )
    max_choices = models.PositiveSmallIntegerField(
        _("at most"), default=0, help_text=_("For several answers: the most a person may choose; 0 means no limit.")
    )
    allow_other = models.BooleanField(_("offer “Other” with a text field"), default=False)

    content_panels = ParticipationMethodPage.content_panels + [
        FieldPanel("question"),
        FieldPanel("intro"),
        InlinePanel("options", label=_("Answers"), min_num=2, max_num=20),
        MultiFieldPanel(
            [
                FieldPanel("selection"),
                FieldPanel("min_choices"),
                FieldPanel("max_choices"),
                FieldPanel("allow_other"),
                FieldPanel("results_visibility"),
                FieldPanel("allow_change"),
            ],
            heading=_("Poll settings"),
        ),
    ]
    template = "wagtail_participation/polls/poll_page.html"

    class Meta:
        verbose_name = _("poll")

    def clean(self):
        super().clean()
        if self.selection == Selection.MULTIPLE and self.max_choices and self.max_choices < max(self.min_choices, 1):
            raise ValidationError({"max_choices": _("“At most” cannot be below “at least”.")})

    def shared_settings(self) -> dict:
        return {
            **super().shared_settings(),
            "selection": self.selection,
            "min_choices": self.min_choices if self.selection == Selection.MULTIPLE else 1,
            "max_choices": (self.max_choices or 0) if self.selection == Selection.MULTIPLE else 1,
            "allow_other": self.allow_other,
        }

    def get_results(self) -> MethodResults:
        from wagtail_participation.polls.method_results import poll_results

        return poll_results(self)


class OptionAnalysisPage(BallotMethodPage):
    """Residents compare 2–8 scenarios (description, pros, cons, cost or impact), pick or rank
    them, and comment per scenario. Rankings are counted by Borda and by instant-runoff."""

    participation_actions = (VOTE, COMMENT)
    max_options = 8

    mode = models.CharField(_("residents"), max_length=10, choices=BallotMode.choices, default=BallotMode.RANK)

    content_panels = ParticipationMethodPage.content_panels + [
        FieldPanel("question"),
        FieldPanel("intro"),
        InlinePanel("options", label=_("Options"), min_num=2, max_num=8),
        MultiFieldPanel(
            [FieldPanel("mode"), FieldPanel("results_visibility"), FieldPanel("allow_change")], heading=_("Voting")
        ),
    ]
    template = "wagtail_participation/polls/option_analysis_page.html"

    class Meta:
        verbose_name = _("option analysis")

    @path("comment/", name="comment")
    def comment(self, request):
        from wagtail_participation.polls import views as poll_views

        return poll_views.option_comment(request, self)

    def clean(self):
        super().clean()
        count = len(list(self.options.all()))
        if count and not 2 <= count <= 8:
            raise ValidationError(_("An option analysis compares 2 to 8 options."))

    def shared_settings(self) -> dict:
        return {**super().shared_settings(), "mode": self.mode}

    def get_results(self) -> MethodResults:
        from wagtail_participation.polls.method_results import analysis_results

        return analysis_results(self)


class PollBallot(models.Model):
    """One participant's answer to a poll or option analysis: option codes (in order of
    preference for a ranking), never translated text. One per participant per method."""

    record = models.ForeignKey(
        "wagtail_participation.MethodRecord",
        on_delete=models.PROTECT,
        related_name="poll_ballots",
        verbose_name=_("participation method"),
    )
    participant = models.ForeignKey("wagtail_participation.Participant", on_delete=models.PROTECT, related_name="+")
    choices = models.JSONField(
        _("choices"), default=list, help_text=_("Option codes, in order of preference for a ranking.")
    )
    other_text = models.CharField(_("other answer"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=10)
    created_at = models.DateTimeField(_("cast at"))
    updated_at = models.DateTimeField(_("changed at"))

    wagtail_reference_index_ignore = True  # votes are not content: no reference index row per vote

    class Meta:
        verbose_name = _("poll vote")
        verbose_name_plural = _("poll votes")
        constraints = [models.UniqueConstraint(fields=["record", "participant"], name="wp_one_ballot_per_participant")]


class OptionComment(models.Model):
    """A comment on one option of an option analysis (the option by its stable code)."""

    record = models.ForeignKey(
        "wagtail_participation.MethodRecord",
        on_delete=models.PROTECT,
        related_name="option_comments",
        verbose_name=_("participation method"),
    )
    option_code = models.SlugField(_("option"), max_length=40)
    author = models.ForeignKey(
        "wagtail_participation.Participant", on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    show_author = models.BooleanField(_("show my name"), default=False)
    body = models.TextField(_("comment"), max_length=2000)
    language = models.CharField(_("language"), max_length=10)
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.VISIBLE
    )
    hidden_reason = models.TextField(_("reason for hiding"), blank=True, help_text=_("The author sees this."))
    created_at = models.DateTimeField(_("created at"))
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("comment on an option")
        verbose_name_plural = _("comments on options")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["record", "option_code", "created_at"], name="wp_option_comments")]

    def __str__(self):
        return self.body[:60]

    @property
    def public_author_name(self) -> str:
        return public_name(self.show_author, self.author)


class PollTally(models.Model):
    """Running counts of a method's ballots, updated with ``F()`` in the same transaction as the
    ballot they count (architecture decision 5), so a poll on a busy home page reads a handful
    of rows instead of every vote. ``code`` is an option code, or one of the totals below."""

    BALLOTS = "@ballots"  # people who voted
    REGISTERED = "@registered"  # of them, voting with an account (the assurance actually used)
    OTHER_TEXT = "@other-text"  # ballots with a free "Other" answer

    record = models.ForeignKey(
        "wagtail_participation.MethodRecord",
        on_delete=models.CASCADE,
        related_name="poll_tallies",
    )
    code = models.CharField(max_length=40)
    count = models.IntegerField(default=0)

    wagtail_reference_index_ignore = True

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["record", "code"], name="wp_one_tally_per_code"),
            # A tally is lowered only by the request that removed the ballot (under the @ballots
            # lock); should that ever go wrong, the database refuses rather than count below zero.
            models.CheckConstraint(condition=models.Q(count__gte=0), name="wp_tally_not_negative"),
        ]
