"""The participation method: a page per language, one shared record for all of them.

With wagtail-localize the Dutch and English versions of a poll are two pages sharing a
``translation_key``. Everything that decides participation (dates, which phases open which
actions, levels, areas) lives on one :class:`MethodRecord` keyed by that translation key, and
votes, ballots and answers point at the record, so the languages can never disagree or split
the count.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.models import Locale, Page, PageViewRestriction

from wagtail_participation import clock
from wagtail_participation.admin_forms import ACTION_FIELD_PREFIXES, method_page_form
from wagtail_participation.engine.method_results import MethodResults
from wagtail_participation.engine.policy import ActionRules, ActionWindow, Level, WindowState

# The end of a method that runs "any time" (far away, yet safe to convert to any time zone).
OPEN_END = datetime(9999, 1, 1, tzinfo=UTC)
#: How long a record's project phases are kept at most (see ``MethodRecord.project_phases``).
PHASES_SECONDS = 60


class MethodRecord(models.Model):
    """The non-translatable participation record of one method, shared by all its translations."""

    translation_key = models.UUIDField(_("translation key"), unique=True, default=uuid.uuid4, editable=False)
    page_model = models.CharField(_("method type"), max_length=100)
    source_locale = models.ForeignKey(
        Locale, on_delete=models.PROTECT, related_name="+", verbose_name=_("source language")
    )
    project_key = models.UUIDField(_("project translation key"), null=True, blank=True)
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    # {"actions": {"vote": {"level": 1, "phases": ["<phase code>", ...]}},
    #  "area_keys": ["<area translation key>", ...], "accept_declared_area": false}
    rules = models.JSONField(_("participation rules"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("participation method")
        verbose_name_plural = _("participation methods")

    def save(self, *args, **kwargs):
        from wagtail_participation.frozen import check_record

        check_record(self)  # no code path may overwrite rules frozen by participation
        super().save(*args, **kwargs)

    def __str__(self):
        page = self.source_page()
        return page.title if page else str(self.translation_key)

    def source_page(self):
        return (
            Page.objects.filter(translation_key=self.translation_key, locale_id=self.source_locale_id)
            .specific()
            .first()
        )

    # -- rules ---------------------------------------------------------------------------------
    def action_rules(self, action: str) -> ActionRules:
        from wagtail_participation.models.taxonomy import Area

        action_rule = self.rules.get("actions", {}).get(action) or {}
        area_keys = frozenset(self.rules.get("area_keys", []))
        names: tuple[str, ...] = ()
        if area_keys:
            names = tuple(
                area.name for area in Area.objects.filter(translation_key__in=area_keys, locale=Locale.get_active())
            ) or tuple(Area.objects.filter(translation_key__in=area_keys).values_list("name", flat=True).distinct())
        return ActionRules(
            level=Level(action_rule.get("level", Level.REGISTERED)),
            area_keys=area_keys,
            area_names=names,
            accept_declared_area=bool(self.rules.get("accept_declared_area")),
            verified_without_account=bool(self.rules.get("verified_without_account")),
        )

    def is_offered(self, action: str) -> bool:
        action_rule = self.rules.get("actions", {}).get(action)
        return bool(action_rule) and action_rule.get("level") is not None

    @cached_property
    def project_phases(self) -> list:
        """All phases of the project, read once per record (every action's window uses them).
        The source-language project is authoritative for phase dates.

        Kept in the cache under the project timelines' generation (any page, phase or view
        restriction change starts a new one at once, ``project_listing.forget_timelines``) for
        :data:`PHASES_SECONDS` at most, as the write guard's facts (``live_methods``): that bounds
        what a per-process cache can miss."""
        from django.core.cache import cache

        from wagtail_participation.models.projects import ProjectPhase
        from wagtail_participation.project_listing import timelines_generation

        if not self.project_key:
            return []
        key = f"wp:project-timelines:{timelines_generation()}:phases:{self.project_key}:{self.source_locale_id}"
        phases = cache.get(key)
        if phases is None:
            phases = list(
                ProjectPhase.objects.filter(
                    page__translation_key=self.project_key, locale_id=self.source_locale_id
                ).order_by("start")
            )
            cache.set(key, phases, PHASES_SECONDS)
        return phases

    def phases_for(self, action: str):
        codes = set((self.rules.get("actions", {}).get(action) or {}).get("phases", []))
        return [phase for phase in self.project_phases if phase.code in codes]

    def intervals_for(self, action: str) -> list[tuple]:
        """The (start, end) pairs in which ``action`` is open, whether or not it is offered now."""
        if self.project_key:
            return [(p.start, p.end) for p in self.phases_for(action)]
        if self.opens_at and self.closes_at:
            return [(self.opens_at, self.closes_at)]
        if self.opens_at and self.rules.get("open_ended"):  # e.g. citizen proposals: "any time"
            return [(self.opens_at, OPEN_END)]
        return []

    def window(self, action: str, now=None) -> ActionWindow:
        """When ``action`` is possible: from the project's phases, or the method's own dates."""
        now = now or clock.now()
        intervals = self.intervals_for(action) if self.is_offered(action) else []
        if not intervals:
            return ActionWindow(WindowState.NOT_OFFERED)
        for start, end in intervals:
            if start <= now < end:
                return ActionWindow(WindowState.OPEN, start, end)
        upcoming = [start for start, _ in intervals if start > now]
        if upcoming:
            return ActionWindow(WindowState.UPCOMING, opens_at=min(upcoming))
        return ActionWindow(WindowState.CLOSED, closes_at=max(end for _, end in intervals))

    def closes(self):
        """When the last of its offered actions closes (None when nothing is scheduled)."""
        ends = [
            end
            for action in self.rules.get("actions", {})
            if self.is_offered(action)
            for _, end in self.intervals_for(action)
        ]
        return max(ends) if ends else None

    def results_status(self) -> str:
        """For listings: open, provisional or final."""
        kinds = {snapshot.kind for snapshot in self.snapshots.all()}
        if "final" in kinds:
            return str(_("Final"))
        if "provisional" in kinds or self.is_closed():
            return str(_("Provisional"))
        return str(_("Open"))

    def is_closed(self, now=None) -> bool:
        closes = self.closes()
        return closes is not None and closes <= (now or clock.now())


class ParticipationMethodPage(Page):
    """Base for every method page (idea board, poll, survey, budget...).

    Subclasses set ``participation_actions`` (codes from :mod:`wagtail_participation.phases`)
    and implement :meth:`get_results`. The editor gets a "Participation" tab whose rules are
    stored on the page (so they are versioned with revisions) and copied to the shared
    :class:`MethodRecord` when the source-language page is published.
    """

    # Set by the write guard (live_methods.refuse_writes_to_hidden_methods) when its cached facts
    # say no view restriction covers this page, so Wagtail's restriction check reads nothing.
    known_unrestricted = False

    def get_view_restrictions(self):
        if self.known_unrestricted:
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    participation_actions: tuple[str, ...] = ()
    # (related name on MethodRecord, time field): what counts as taking part, for the freeze.
    participation_lookups: tuple[tuple[str, str], ...] = ()
    # Keys of the record's rules that stay editable after the first participation.
    unfrozen_rule_keys: tuple[str, ...] = ()

    opens_at = models.DateTimeField(
        _("opens at"),
        null=True,
        blank=True,
        help_text=_("Only for a method outside a project; inside a project its phases decide."),
    )
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    participation_rules = models.JSONField(_("participation rules"), default=dict, blank=True, editable=False)

    class Meta:
        abstract = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.participation_actions and "edit_handler" not in cls.__dict__:
            cls.base_form_class = method_page_form(cls.participation_actions)
            cls.edit_handler = TabbedInterface(
                [
                    ObjectList(cls.content_panels, heading=_("Content")),
                    ObjectList(cls.participation_panels(), heading=_("Participation")),
                    ObjectList(cls.promote_panels, heading=_("Promote")),
                    ObjectList(cls.settings_panels, heading=_("Settings")),
                ],
                base_form_class=cls.base_form_class,
            )

    @classmethod
    def participation_panels(cls):
        """The editor panels for the rules; override to add method-specific rules."""
        action_panels = [
            MultiFieldPanel(
                [FieldPanel(prefix + action) for prefix in ACTION_FIELD_PREFIXES],
                heading=str(action_heading(action)),
            )
            for action in cls.participation_actions
        ]
        from wagtail_participation.panels import FrozenRulesPanel

        return [
            FrozenRulesPanel(heading=_("Locked rules")),
            MultiFieldPanel(
                [FieldPanel("opens_at"), FieldPanel("closes_at")],
                heading=_("Own dates (methods outside a project)"),
            ),
            *action_panels,
            MultiFieldPanel(
                [FieldPanel("rule_areas"), FieldPanel("rule_accept_declared_area")],
                heading=_("Area restriction"),
            ),
            FieldPanel("rule_verified_without_account"),
        ]

    @cached_property
    def participation_record(self) -> MethodRecord:
        record = MethodRecord.objects.filter(translation_key=self.translation_key).first()
        if record is None:
            record = self.sync_participation_record()
        return record

    def is_rules_source(self) -> bool:
        if "participation_record" in self.__dict__:  # already loaded this request: no query
            return self.participation_record.source_locale_id == self.locale_id
        record = MethodRecord.objects.filter(translation_key=self.translation_key).first()
        return record is None or record.source_locale_id == self.locale_id

    def parent_project(self):
        from wagtail_participation.models.projects import ProjectPage

        parent = self.get_parent()
        return parent.specific if parent and isinstance(parent.specific, ProjectPage) else None

    def sync_participation_record(self) -> MethodRecord:
        """Create the shared record, and copy this page's rules to it if this is the source page."""
        record, created = MethodRecord.objects.get_or_create(
            translation_key=self.translation_key,
            defaults={"page_model": self._meta.label_lower, "source_locale_id": self.locale_id},
        )
        if created or record.source_locale_id == self.locale_id:
            for name, value in self.record_values().items():
                setattr(record, name, value)
            record.save()
        self.__dict__["participation_record"] = record
        return record

    def record_values(self) -> dict:
        """What publishing this (source) page writes to the shared record."""
        project = self.parent_project()
        return {
            "project_key": project.translation_key if project else None,
            "opens_at": None if project else self.opens_at,
            "closes_at": None if project else self.closes_at,
            "rules": {**(self.participation_rules or {}), **self.shared_settings()},
        }

    def clean(self):
        from wagtail_participation.frozen import check_page

        super().clean()
        check_page(self)

    def shared_settings(self) -> dict:
        """Method settings copied to the shared record on publish, so request paths that start
        from the record (e.g. a vote) need no page. Override to add your method's settings."""
        return {}

    #: The class of ``get_results().specifics`` (the method's own typed values), so a snapshot
    #: reads them back typed; ``None`` when the method has none.
    results_specifics = None

    def get_results(self) -> MethodResults:
        """Return this method's results as plain engine values. Every method implements it."""
        raise NotImplementedError(f"{type(self).__name__} must implement get_results()")

    def results_visible_to(self, request) -> bool:
        """May this visitor see the results now? Results blocks ask before showing anything.

        Default: yes (an idea board's votes are public anyway). A method with a results-visibility
        setting (e.g. a poll: always, after voting, after close, staff only) overrides this.
        """
        return True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["participation_record"] = self.participation_record
        return context


def action_heading(action: str):
    from wagtail_participation.phases import ACTION_LABELS

    return ACTION_LABELS.get(action, action)
