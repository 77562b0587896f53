"""Editor forms: phase validation on projects, participation rules on method pages.

Imports no models at module level: the page models import these forms.
"""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from wagtail_participation import phases
from wagtail_participation.engine.timeline import Interval, find_problems
from wagtail_participation.levels import LEVEL_CHOICES

LEVEL_FIELD = "rule_level_"
PHASES_FIELD = "rule_phases_"
ACTION_FIELD_PREFIXES = (LEVEL_FIELD, PHASES_FIELD)


def _live_child_forms(formset):
    for form in formset.forms:
        if not form.is_valid() or form.cleaned_data.get("DELETE"):
            continue
        yield form


class ProjectPageForm(WagtailAdminPageForm):
    """Rejects reversed and overlapping phases, with the message on the phase that is wrong."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("phases")
        if formset is None:
            return cleaned_data
        self._refuse_frozen_phase_dates(formset)
        forms_by_key = {}
        intervals = []
        for index, form in enumerate(_live_child_forms(formset)):
            start, end = form.cleaned_data.get("start"), form.cleaned_data.get("end")
            if start and end:
                forms_by_key[str(index)] = form
                intervals.append(Interval(str(index), start, end))
        for problem in find_problems(intervals):
            form = forms_by_key[problem.key]
            if problem.code == "end_not_after_start":
                form.add_error("end", _("A phase must end after it starts."))
            elif problem.code == "overlap":
                other = forms_by_key[problem.other_key].cleaned_data.get("title", "")
                form.add_error(
                    "start",
                    _(
                        "This phase overlaps the phase “%(other)s”. Phases may not overlap: at most one is active at a time."
                    )
                    % {"other": other},
                )
        return cleaned_data

    def _refuse_frozen_phase_dates(self, formset):
        """The model refuses these too; here the editor gets the message beside the date."""
        from wagtail_participation.frozen import PHASE_DATE_LOCKED, locked_phase_dates

        for form in formset.forms:
            if not form.instance.pk or not form.is_valid():
                continue
            locked, stored, _record = locked_phase_dates(form.instance)
            if locked and form.cleaned_data.get("DELETE"):
                form.add_error(None, PHASE_DATE_LOCKED)
            for name in locked:
                if name in form.cleaned_data and form.cleaned_data[name] != getattr(stored, name):
                    form.add_error(name, PHASE_DATE_LOCKED)


class MethodPageForm(WagtailAdminPageForm):
    """Edits a method's participation rules (stored as JSON on the page, shared through the record).

    Only the source-language page edits the rules; on a translation the fields are shown
    read-only with the rules that apply, because all languages share one set.
    """

    participation_actions: tuple[str, ...] = ()

    rule_areas = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Only residents of"),
        help_text=_("Leave empty to let residents of every area take part."),
    )
    rule_accept_declared_area = forms.BooleanField(
        required=False,
        label=_("Accept a declared area"),
        help_text=_("Let people who stated their postal code take part, not only verified residents."),
    )

    rule_verified_without_account = forms.BooleanField(
        required=False,
        label=_("Verified residents may take part without an account"),
        help_text=_(
            "A resident who entered an invitation code or matched the census can take part without creating an account."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance
        area_model = apps.get_model("wagtail_participation", "Area")
        locale_id = page.locale_id or (self.parent_page.locale_id if self.parent_page else None)
        self.fields["rule_areas"].queryset = (
            area_model.objects.filter(locale_id=locale_id) if locale_id else area_model.objects.all()
        )
        self.project = self._project()
        self.project_phases = list(self.project.phases.all()) if self.project and self.project.pk else []
        rules = self._current_rules()
        default_level = self._default_level() if not rules else ""
        for action in self.participation_actions:
            level_field = self.fields[LEVEL_FIELD + action]
            phases_field = self.fields[PHASES_FIELD + action]
            action_rule = rules.get("actions", {}).get(action) or {}
            level_field.initial = action_rule.get("level", default_level)
            phases_field.choices = [
                (phase.code, f"{phase.title} ({phase.get_phase_type_display()})") for phase in self.project_phases
            ]
            phases_field.initial = action_rule.get("phases", [])
            if not self.project:
                phases_field.widget = forms.MultipleHiddenInput()
        area_keys = set(rules.get("area_keys", []))
        self.fields["rule_areas"].initial = [
            area.pk for area in self.fields["rule_areas"].queryset if str(area.translation_key) in area_keys
        ]
        self.fields["rule_accept_declared_area"].initial = bool(rules.get("accept_declared_area"))
        self.fields["rule_verified_without_account"].initial = bool(rules.get("verified_without_account"))
        if page.pk and not page.is_rules_source():
            for name in self.rule_field_names():
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "Participation rules are shared by all languages; edit them on the original page."
                )
        elif page.pk:
            self._lock_frozen_fields()

    def _lock_frozen_fields(self):
        """After the first participation: say on each frozen field that it is locked and why (the
        model refuses a change with the same reason, keeping what was typed)."""
        from wagtail_participation.frozen import field_names_for, freeze_of, frozen_keys, record_of

        record = record_of(self.instance)
        self.freeze = freeze_of(record) if record else None
        if not self.freeze:
            return
        page_class = type(self.instance)
        names = {name for key in frozen_keys(page_class, record.rules) for name in field_names_for(page_class, key)}
        names |= self.freeze.locked_dates
        for name in names & set(self.fields):
            self.fields[name].help_text = self.freeze.reason()
        for relation, row_fields in getattr(page_class, "frozen_row_fields", {}).items():
            for form in getattr(self.formsets.get(relation), "forms", []):
                for name in row_fields:
                    if form.instance.pk and name in form.fields:
                        form.fields[name].help_text = self.freeze.reason()

    def _project(self):
        parent = self.parent_page or (self.instance.get_parent() if self.instance.pk else None)
        project_model = apps.get_model("wagtail_participation", "ProjectPage")
        if parent is not None and isinstance(parent.specific, project_model):
            return parent.specific
        return None

    def _default_level(self):
        """A new method starts at the site's default participation level (site settings)."""
        settings_model = apps.get_model("wagtail_participation", "ParticipationSettings")
        page = self.parent_page or self.instance
        site = page.get_site() if page is not None and page.pk else None
        return settings_model.for_site(site).default_level if site else ""

    def _current_rules(self) -> dict:
        page = self.instance
        if page.pk and not page.is_rules_source():
            return page.participation_record.rules
        return page.participation_rules or {}

    def rule_field_names(self):
        names = [prefix + action for action in self.participation_actions for prefix in ACTION_FIELD_PREFIXES]
        return names + [
            "rule_areas",
            "rule_accept_declared_area",
            "rule_verified_without_account",
            "opens_at",
            "closes_at",
        ]

    def clean(self):
        cleaned_data = super().clean()
        phases_by_code = {phase.code: phase for phase in self.project_phases}
        offered = False
        for action in self.participation_actions:
            level = cleaned_data.get(LEVEL_FIELD + action)
            chosen = cleaned_data.get(PHASES_FIELD + action) or []
            if level is None:
                continue
            offered = True
            if not self.project:
                continue
            if not chosen:
                self.add_error(
                    PHASES_FIELD + action,
                    _("Choose at least one phase of the project that opens this action, or set “Not offered”."),
                )
            for code in chosen:
                phase = phases_by_code.get(code)
                phase_type = phases.get(phase.phase_type) if phase else None
                if phase_type and action not in phase_type.actions:
                    self.add_error(
                        PHASES_FIELD + action,
                        _("The phase “%(phase)s” is of type “%(type)s”, which cannot open this action.")
                        % {"phase": phase.title, "type": phase_type.label},
                    )
        opens_at, closes_at = cleaned_data.get("opens_at"), cleaned_data.get("closes_at")
        if offered and not self.project:
            if not opens_at:
                self.add_error("opens_at", _("A method outside a project needs its own opening date."))
            if not closes_at:
                self.add_error("closes_at", _("A method outside a project needs its own closing date."))
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("The closing date must be after the opening date."))
        # On the instance before the model's clean(), which refuses changes to frozen rules.
        if not self.instance.pk or self.instance.is_rules_source():
            self.instance.participation_rules = self.rules_from_form()
        return cleaned_data

    def _post_clean(self):
        # The model's clean() compares the rows too (option and question codes): give it the
        # rows as posted, as saving the form would.
        if self.instance.pk and all(formset.is_valid() for formset in self.formsets.values()):
            for formset in self.formsets.values():
                formset.instance = self.instance
                formset.save(commit=False)
        super()._post_clean()

    def rules_from_form(self) -> dict:
        return {
            "actions": {
                action: {
                    "level": self.cleaned_data.get(LEVEL_FIELD + action),
                    "phases": list(self.cleaned_data.get(PHASES_FIELD + action) or []),
                }
                for action in self.participation_actions
            },
            "area_keys": [str(area.translation_key) for area in self.cleaned_data.get("rule_areas") or []],
            "accept_declared_area": bool(self.cleaned_data.get("rule_accept_declared_area")),
            "verified_without_account": bool(self.cleaned_data.get("rule_verified_without_account")),
        }

    def save(self, commit=True):
        page = super().save(commit=False)
        if not page.pk or page.is_rules_source():
            page.participation_rules = self.rules_from_form()
        if commit:
            page.save()
        return page


class PhaseChoiceField(forms.MultipleChoiceField):
    """Phase codes of the parent project; an unknown code gets a message that names the problem."""

    widget = forms.CheckboxSelectMultiple
    default_error_messages = {
        "invalid_choice": _("This phase does not belong to this method's project (%(value)s)."),
    }


def method_page_form(actions: tuple[str, ...]) -> type[MethodPageForm]:
    """Build the editor form for a method offering ``actions`` (one level and phase set each)."""
    level_choices = [("", _("Not offered"))] + LEVEL_CHOICES
    attrs = {"participation_actions": tuple(actions), "__module__": __name__}
    for action in actions:
        attrs[LEVEL_FIELD + action] = forms.TypedChoiceField(
            choices=level_choices,
            coerce=int,
            empty_value=None,
            required=False,
            label=_("Who can take part"),
        )
        attrs[PHASES_FIELD + action] = PhaseChoiceField(
            required=False,
            label=_("Open during these phases"),
            help_text=_("Only phases whose type allows this action can open it."),
        )
    return type("MethodPageForm_" + "_".join(actions), (MethodPageForm,), attrs)
