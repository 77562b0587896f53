"""The contribution machinery shared by ideas and citizen proposals (architecture decision 4).

Citizen content is not CMS content: plain models, moderated through admin viewsets, indexed for
search. ``Contribution`` is a concrete base (multi-table inheritance) so that comments, votes,
reports, official updates and follows point at one table whatever the contribution type.
"""

import random

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from wagtail_participation import statuses
from wagtail_participation.display_names import public_name
from wagtail_participation.engine.colours import HEX_COLOUR


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    MEETING = "meeting", _("Meeting")
    PAPER = "paper", _("Paper")
    PHONE = "phone", _("Phone")


class Visibility(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    PRESCREENING = "prescreening", _("Waiting for moderation")
    HIDDEN = "hidden", _("Hidden by moderation")


class HideGround(models.TextChoices):
    """The house rule a moderator names when hiding something: the first part of the statement of
    reasons its author receives (EU Digital Services Act, art. 17)."""

    OFF_TOPIC = "off_topic", _("Off-topic")
    PERSONAL_DATA = "personal_data", _("Personal data")
    OFFENSIVE = "offensive", _("Insulting or offensive")
    SPAM = "spam", _("Spam or advertising")
    ILLEGAL = "illegal", _("Illegal content")
    DUPLICATE = "duplicate", _("Duplicate")
    OTHER = "other", _("Other")


def shuffle_key() -> int:
    """A new contribution's place in a stored random order (see ``Contribution.shuffle_a``)."""
    return random.randrange(2**31 - 1)


class ContributionQuerySet(SearchableQuerySetMixin, models.QuerySet):
    """Adds ``.search()`` (Wagtail's search API) to contribution querysets."""


class Contribution(index.Indexed, models.Model):
    """Something a citizen (or staff, for offline input) contributed to a method."""

    objects = ContributionQuerySet.as_manager()

    record = models.ForeignKey(
        "wagtail_participation.MethodRecord",
        on_delete=models.PROTECT,
        related_name="contributions",
        verbose_name=_("participation method"),
    )
    author = models.ForeignKey(
        "wagtail_participation.Participant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contributions",
        verbose_name=_("author"),
    )
    show_author = models.BooleanField(_("show my name"), default=False)
    title = models.CharField(_("title"), max_length=150)
    body = models.TextField(_("description"), max_length=5000)
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(
        _("status"), max_length=40, choices=statuses.CHOICES, default=statuses.PROPOSED, db_index=True
    )
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.VISIBLE, db_index=True
    )
    hidden_reason = models.TextField(_("reason for hiding"), blank=True, help_text=_("The author sees this."))
    # Empty for an automatic hide after reports (hidden_reason then says so).
    hidden_ground = models.CharField(_("ground for hiding"), max_length=20, choices=HideGround.choices, blank=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    channel_event = models.CharField(
        _("event"), max_length=200, blank=True, help_text=_("For example: Town meeting Noord, 12 May.")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("created at"), db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Counters, changed in the same transaction as the rows they count: votes by a database
    # trigger (migration 0010), comments with F().
    up_votes = models.PositiveIntegerField(_("up votes"), default=0)
    down_votes = models.PositiveIntegerField(_("down votes"), default=0)
    score = models.IntegerField(_("score"), default=0, db_index=True)
    trending = models.FloatField(_("trending"), default=0.0, db_index=True)
    comment_count = models.PositiveIntegerField(_("comments"), default=0)
    answered_at = models.DateTimeField(_("first answered at"), null=True, blank=True)
    # Two stored random keys: a listing's "random" order is one of them, ascending or descending,
    # chosen by the visitor's session seed (a stable order per visitor, read from an index).
    shuffle_a = models.IntegerField(default=shuffle_key, editable=False)
    shuffle_b = models.IntegerField(default=shuffle_key, editable=False)

    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("body"),
        index.AutocompleteField("title"),
        index.FilterField("record_id"),
        index.FilterField("visibility"),
        index.FilterField("status"),
    ]

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        # One index per listing order, with and without a status filter, ending in the id: a page
        # of 24 out of 25,000 is read from the index alone (the listing's first query selects ids
        # only, see deferred_pages.py), not sorted, and a deep page's OFFSET skips index entries.
        indexes = (
            [
                models.Index(fields=[*prefix, *order], name=f"wp_contrib_{name}{suffix}")
                for suffix, prefix in (("", ["record", "visibility"]), ("_st", ["record", "visibility", "status"]))
                for name, order in (
                    ("newest", ["-created_at", "-id"]),
                    ("trend", ["-trending", "-created_at", "-id"]),
                    ("score", ["-score", "-created_at", "-id"]),
                    ("talk", ["-comment_count", "-created_at", "-id"]),
                )
            ]
            + [
                # The random order: a stored key, read either way (with a status filter too).
                models.Index(fields=[*prefix, key, "id"], name=f"wp_contrib_{key}{suffix}")
                for key in ("shuffle_a", "shuffle_b")
                for suffix, prefix in (("", ["record", "visibility"]), ("_st", ["record", "visibility", "status"]))
            ]
            + [
                # A method's listing joins its own table (a proposal's counters, an idea's area) to
                # this one for the record and visibility: this index answers that per row without
                # reading the contribution's row, titles and bodies and all.
                models.Index(fields=["id", "record", "visibility"], name="wp_contrib_id_record"),
            ]
        )

    def __str__(self):
        return self.title

    @property
    def is_visible(self) -> bool:
        return self.visibility == Visibility.VISIBLE

    @property
    def is_public(self) -> bool:
        """Whether everyone may see it on its page (a method may ask more than moderation's approval)."""
        return self.is_visible

    @property
    def public_author_name(self) -> str:
        """The author's public name if they chose to show it here, else ''."""
        return public_name(self.show_author, self.author)

    def status_info(self):
        return statuses.DEFAULTS.get(self.status)


class TopicsAndArea(models.Model):
    """The topics and the area a contribution is about (the form offers those its page allows)."""

    topics = models.ManyToManyField(
        "wagtail_participation.Topic", blank=True, related_name="+", verbose_name=_("topics")
    )
    area = models.ForeignKey(
        "wagtail_participation.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("area"),
    )

    class Meta:
        abstract = True


class ContributionPageSettings(models.Model):
    """What a page of contributions (an idea board, a proposals page) lets residents choose. Every
    translation of the page follows the settings of its source-language page (:meth:`board_settings`)."""

    allowed_topics = ParentalManyToManyField(
        "wagtail_participation.Topic", blank=True, related_name="+", verbose_name=_("topics residents can choose")
    )
    allowed_areas = ParentalManyToManyField(
        "wagtail_participation.Area", blank=True, related_name="+", verbose_name=_("areas residents can choose")
    )

    class Meta:
        abstract = True

    def board_settings(self):
        """The source-language page, whose settings every translation follows."""
        if self.is_rules_source():
            return self
        return self.participation_record.source_page() or self


class ContributionVote(models.Model):
    """One vote per participant per contribution (up = +1, down = -1)."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey("wagtail_participation.Participant", on_delete=models.PROTECT, related_name="+")
    value = models.SmallIntegerField(choices=[(1, "+1"), (-1, "-1")])
    weight = models.FloatField(help_text="Its share of the trending score, removed again on withdrawal.")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contribution", "participant"], name="wp_one_vote_per_participant"),
            models.CheckConstraint(condition=Q(value__in=[1, -1]), name="wp_vote_is_up_or_down"),
        ]


class Comment(models.Model):
    """A comment with one level of replies; deleting leaves a "removed" placeholder."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey("wagtail_participation.Participant", on_delete=models.PROTECT, related_name="comments")
    show_author = models.BooleanField(_("show my name"), default=False)
    body = models.TextField(_("comment"), max_length=3000)
    language = models.CharField(_("language"), max_length=10)
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.VISIBLE
    )
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    hidden_ground = models.CharField(_("ground for hiding"), max_length=20, choices=HideGround.choices, blank=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    # A comment links to no content an editor could delete (only its contribution and author):
    # no reference index rows, which cost four statements on every comment a resident posts.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at"]

    def __str__(self):
        return self.body[:60]

    @property
    def public_author_name(self) -> str:
        return public_name(self.show_author, self.author)


class Report(models.Model):
    """A participant reports a contribution or a comment as inappropriate: what it says, or the
    public name of its author."""

    class About(models.TextChoices):
        CONTENT = "content", _("What it says")
        NAME = "name", _("The name of its author")

    contribution = models.ForeignKey(
        Contribution, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey("wagtail_participation.Participant", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    about = models.CharField(_("about"), max_length=10, choices=About.choices, default=About.CONTENT)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    handled = models.BooleanField(_("handled"), default=False)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.CheckConstraint(
                condition=(Q(contribution__isnull=False) & Q(comment__isnull=True))
                | (Q(contribution__isnull=True) & Q(comment__isnull=False)),
                name="wp_report_one_target",
            ),
            models.UniqueConstraint(
                fields=["contribution", "reporter", "about"], name="wp_one_report_per_contribution"
            ),
            models.UniqueConstraint(fields=["comment", "reporter", "about"], name="wp_one_report_per_comment"),
        ]


class OfficialUpdate(models.Model):
    """The city's answer on a contribution, signed by a department, optionally changing its status."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="official_updates")
    department = models.ForeignKey(
        "wagtail_participation.Department", on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    body = models.TextField(_("answer"))
    language = models.CharField(
        _("language"), max_length=10, blank=True, help_text=_("The language the answer is written in.")
    )
    status_before = models.CharField(_("status before"), max_length=40, blank=True)
    status_after = models.CharField(_("new status"), max_length=40, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("published at"))

    class Meta:
        verbose_name = _("official update")
        verbose_name_plural = _("official updates")
        ordering = ["created_at"]


class Follow(models.Model):
    """A participant who wants an e-mail when the city answers."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="follows")
    participant = models.ForeignKey("wagtail_participation.Participant", on_delete=models.CASCADE, related_name="+")
    # The language of the page they followed on: the answer's e-mail is written in it.
    language = models.CharField(_("language"), max_length=10, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contribution", "participant"], name="wp_one_follow")]


class StatusStyle(TranslatableMixin, models.Model):
    """A site's own label and colour for a status code (the codes themselves never change)."""

    code = models.CharField(_("status"), max_length=40, choices=statuses.CHOICES)
    label = models.CharField(_("label"), max_length=100)
    colour = models.CharField(_("colour"), max_length=7, default="#4d5866")

    panels = [FieldPanel("code"), FieldPanel("label"), FieldPanel("colour")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("status label")
        verbose_name_plural = _("status labels")
        constraints = [models.UniqueConstraint(fields=["code", "locale"], name="wp_status_style_per_locale")]

    def __str__(self):
        return self.label

    def clean(self):
        from django.core.exceptions import ValidationError

        from wagtail_participation.engine.colours import contrast_ratio

        if not HEX_COLOUR.match(self.colour or ""):
            raise ValidationError({"colour": _("Enter a colour as #rrggbb.")})
        if contrast_ratio(self.colour, "#ffffff") < 4.5:
            raise ValidationError({"colour": _("This colour is too light to read on white (WCAG AA needs 4.5:1).")})
