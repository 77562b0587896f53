"""The survey's form: contrib.forms' FormBuilder extended with ``create_<type>_field`` methods.

Field names are question codes and choice values are option codes, so a form built from the
Dutch page and one built from the English page accept and produce the same data. The form
validates only the questions a person is asked (conditions are evaluated in order on the
server) and, for multi-step surveys, only the steps reached so far (``scope``).

Imports no models: the page model imports this module.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from wagtail_participation.clean_input import CleanInputMixin
from wagtail_participation.surveys.engine import questions as engine

OTHER_LABEL = _("Other")


def to_json(value):
    """A cleaned value as stored: numbers as int/float, dates as ISO text, the rest unchanged."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def is_empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


class SubWidgets(forms.MultiWidget):
    """A MultiWidget whose parts are named ``<code>__0``, ``<code>__1``... (codes never contain a
    double underscore, so a part's name can never be another question's code)."""

    def __init__(self, widgets, attrs=None):
        super().__init__({f"_{i}": widget for i, widget in enumerate(widgets)}, attrs)

    def decompress(self, value):
        return [None] * len(self.widgets)


class ChoiceOtherField(forms.MultiValueField):
    """One option, or "other" with the person's own words: ``"code"`` or ``{"other": "..."}``."""

    def __init__(self, choices, **kwargs):
        fields = (
            forms.ChoiceField(choices=[*choices, (engine.OTHER, OTHER_LABEL)], required=False),
            forms.CharField(max_length=500, required=False),
        )
        super().__init__(
            fields, require_all_fields=False, widget=SubWidgets([forms.RadioSelect, forms.TextInput]), **kwargs
        )

    def compress(self, data_list):
        choice, text = (list(data_list) + [None, None])[:2]
        text = (text or "").strip()
        if not choice and text:
            choice = engine.OTHER  # typed an answer without ticking "other": that is what they meant
        if choice == engine.OTHER:
            if not text:
                raise forms.ValidationError(_("You chose “other”: say what your answer is."), code="other_empty")
            return {engine.OTHER: text}
        return choice or None


class RankingField(forms.MultiValueField):
    """A place (1, 2, 3...) per option, chosen from a list: keyboard operable, no dragging.

    Cleans to the option codes in order of preference. A required ranking needs every option
    placed; an optional one may place only the first few, without gaps.
    """

    def __init__(self, options, **kwargs):
        self.codes = [code for code, _label in options]
        size = len(self.codes)
        places = [("", "–")] + [(str(i), str(i)) for i in range(1, size + 1)]
        fields = tuple(
            forms.TypedChoiceField(choices=places, coerce=int, empty_value=None, required=False) for _ in self.codes
        )
        widget = SubWidgets([forms.Select(choices=places) for _ in self.codes])
        super().__init__(fields, require_all_fields=False, widget=widget, **kwargs)

    def compress(self, data_list):
        positions = dict(zip(self.codes, list(data_list) + [None] * len(self.codes)))
        problem = engine.ranking_problem(positions, len(self.codes), complete=self.required)
        messages = {
            "repeated": _("Give each place to one option only: you used the same place twice."),
            "incomplete": _("Give every option a place, from 1 to %(count)s.") % {"count": len(self.codes)},
            "gap": _("Number the places from 1 upwards without skipping a number."),
            "out_of_range": _("Choose places from 1 to %(count)s.") % {"count": len(self.codes)},
        }
        if problem:
            raise forms.ValidationError(messages[problem], code=problem)
        return engine.ranking_order(positions) or None


class MatrixField(forms.MultiValueField):
    """A point on one scale per row: ``{row code: point}``. A required matrix needs every row."""

    def __init__(self, rows, points, **kwargs):
        self.codes = [code for code, _label in rows]
        choices = [(str(p), str(p)) for p in points]
        self.points = points
        fields = tuple(
            forms.TypedChoiceField(
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                error_messages={"invalid_choice": scale_message(points)},
            )
            for _ in self.codes
        )
        widget = SubWidgets([forms.RadioSelect(choices=choices) for _ in self.codes])
        super().__init__(fields, require_all_fields=False, widget=widget, **kwargs)

    def compress(self, data_list):
        values = {code: value for code, value in zip(self.codes, data_list) if value is not None}
        if self.required and values and len(values) < len(self.codes):
            raise forms.ValidationError(_("Answer every row."), code="incomplete")
        return values or None


def scale_message(points):
    return _("Choose a point from %(low)s to %(high)s.") % {"low": points[0], "high": points[-1]} if points else ""


def number_text(value) -> str | None:
    """A bound as people write it: 110, not 110.0."""
    if value is None:
        return None
    return str(int(value)) if float(value).is_integer() else str(value)


def scale_points(item) -> list[int]:
    low = int(item.minimum if item.minimum is not None else 1)
    high = int(item.maximum if item.maximum is not None else 5)
    return list(range(low, max(high, low) + 1))


class SurveyForm(CleanInputMixin, BaseForm):
    """The built form. ``questions`` (engine specs, in order) is set by the builder.

    Only the questions a person is asked are validated and kept: a question whose condition is
    not met is skipped, so its answer (or a forged one) is never stored. ``scope`` limits
    validation to some question codes (the steps reached so far).
    """

    questions: tuple = ()

    def __init__(self, *args, scope=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.asked: set[str] = set()

    def _clean_fields(self):
        self.asked = set()
        for question in self.questions:
            name = question.code
            if name not in self.fields or (self.scope is not None and name not in self.scope):
                continue
            if not engine.condition_met(question.condition, self.cleaned_data):
                continue
            self.asked.add(name)
            bound = self[name]
            try:
                value = to_json(bound.field._clean_bound_field(bound))
            except forms.ValidationError as error:
                self.add_error(name, error)
                continue
            if not is_empty(value):
                self.cleaned_data[name] = value

    def answers(self) -> dict:
        """The answers to store, by code (call after ``is_valid()``)."""
        return dict(self.cleaned_data)


class SurveyFormBuilder(FormBuilder):
    """contrib.forms' builder, with the survey's question types added as ``create_<type>_field``.

    Layout items (headings, page breaks) make no form field.
    """

    def get_form_class(self):
        return type(
            "SurveyWagtailForm",
            (SurveyForm,),
            {
                **self.formfields,
                "questions": tuple(item.as_question() for item in self.fields if not item.is_layout),
            },
        )

    @property
    def formfields(self):
        fields = {}
        for item in self.fields:
            if item.is_layout:
                continue
            options = self.get_field_options(item)
            fields[item.code or item.get_field_clean_name()] = self.get_create_field_function(item.field_type)(
                item, options
            )
        return fields

    def get_field_options(self, field):
        options = super().get_field_options(field)
        options.pop("initial", None)  # a survey suggests no answer
        return options

    def get_formatted_field_choices(self, field):
        return [(option.code, option.label) for option in field.options()]

    def create_checkboxes_field(self, field, options):
        """Several choices, optionally between a fewest and a most number of ticks."""
        fewest, most = (int(v) if v is not None else None for v in (field.minimum, field.maximum))
        formfield = super().create_checkboxes_field(field, options)
        formfield.initial = None

        def check_count(value):
            if fewest and len(value) < fewest:
                raise forms.ValidationError(
                    ngettext("Choose at least %(count)s option.", "Choose at least %(count)s options.", fewest)
                    % {"count": fewest},
                    code="too_few",
                )
            if most and len(value) > most:
                raise forms.ValidationError(
                    ngettext("Choose at most %(count)s option.", "Choose at most %(count)s options.", most)
                    % {"count": most},
                    code="too_many",
                )

        formfield.validators.append(check_count)
        return formfield

    def create_dropdown_field(self, field, options):
        options["choices"] = [("", _("Choose…")), *self.get_formatted_field_choices(field)]
        return forms.ChoiceField(**options)

    # -- the survey's own types --------------------------------------------------------------
    def create_multiline_field(self, field, options):
        options["max_length"] = 5000
        return super().create_multiline_field(field, options)

    def create_date_field(self, field, options):
        options["widget"] = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
        return forms.DateField(**options)

    def create_number_field(self, field, options):
        low, high = number_text(field.minimum), number_text(field.maximum)
        if low is not None:
            options["min_value"] = Decimal(low)
        if high is not None:
            options["max_value"] = Decimal(high)
        if low is not None and high is not None:
            message = _("Give a number from %(low)s to %(high)s.") % {"low": low, "high": high}
            options["error_messages"] = {"min_value": message, "max_value": message}
        elif low is not None:
            options["error_messages"] = {"min_value": _("Give a number of at least %(low)s.") % {"low": low}}
        elif high is not None:
            options["error_messages"] = {"max_value": _("Give a number of at most %(high)s.") % {"high": high}}
        options["widget"] = forms.NumberInput(attrs={"inputmode": "decimal"})
        return forms.DecimalField(max_digits=15, decimal_places=4, **options)

    def create_scale_field(self, field, options):
        points = scale_points(field)
        return forms.TypedChoiceField(
            choices=[(str(p), str(p)) for p in points],
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": scale_message(points)},
            **options,
        )

    def create_choice_other_field(self, field, options):
        return ChoiceOtherField(self.get_formatted_field_choices(field), **options)

    def create_ranking_field(self, field, options):
        return RankingField(self.get_formatted_field_choices(field), **options)

    def create_matrix_field(self, field, options):
        return MatrixField(self.get_formatted_field_choices(field), scale_points(field), **options)


# -- the editor's form ---------------------------------------------------------------------------


class SurveyQuestionsCheck:
    """Editor-side checks of the questions (mixed into the page's admin form): options where a
    type needs them, one code per option, sensible scales, conditions on earlier questions."""

    def clean(self):
        cleaned_data = super().clean()
        # Anonymity and question codes freeze at the first response (wagtail_participation.frozen).
        formset = self.formsets.get("form_fields")
        if formset is None:
            return cleaned_data
        from wagtail_participation.surveys.models import CODE_PATTERN, WITH_OPTIONS, fill_option_codes, split_lines

        earlier: dict[str, tuple[str, list[str], object]] = {}
        for form in formset.forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            data = form.cleaned_data
            kind = data.get("field_type")
            labels = split_lines(data.get("choices", ""))
            given = split_lines(data.get("option_codes", ""))
            codes = fill_option_codes(labels, given)
            if kind in WITH_OPTIONS:
                needed = 2 if kind in {"ranking", "matrix", "radio", "dropdown", "choice_other"} else 1
                if len(labels) < needed:
                    form.add_error("choices", _("Give at least %(count)s options, one per line.") % {"count": needed})
                if len(given) > len(labels):
                    form.add_error("option_codes", _("There are more option codes than options."))
                bad = [code for code in given if not re.match(CODE_PATTERN, code) or code == engine.OTHER]
                if bad:
                    form.add_error(
                        "option_codes",
                        _(
                            "These codes cannot be used: %(codes)s. Use lower-case letters, digits and single underscores; “other” is reserved."
                        )
                        % {"codes": ", ".join(bad)},
                    )
                if len(set(codes)) != len(codes):
                    form.add_error("option_codes", _("Every option needs its own code."))
            low, high = data.get("minimum"), data.get("maximum")
            if kind in {"scale", "matrix"}:
                low, high = (1 if low is None else low), (5 if high is None else high)
                if low != int(low) or high != int(high):
                    form.add_error("minimum", _("A scale runs between whole numbers."))
                elif not 1 <= high - low <= 10:
                    form.add_error("maximum", _("A scale has from 2 to 11 points."))
            if kind == "checkboxes" and (
                (low is not None and (low != int(low) or not 0 <= low <= len(labels)))
                or (high is not None and (high != int(high) or not 1 <= high <= len(labels)))
                or (low is not None and high is not None and low > high)
            ):
                form.add_error(
                    "maximum",
                    _(
                        "For several choices, give whole numbers of ticks between 0 and the number of options, the fewest not above the most."
                    ),
                )
            if kind == "number" and low is not None and high is not None and low > high:
                form.add_error("maximum", _("The highest value must not be below the lowest."))
            trigger = data.get("condition_question")
            if trigger:
                if trigger not in earlier:
                    form.add_error("condition_question", _("Give the code of an earlier question."))
                else:
                    allowed = self._condition_values(*earlier[trigger])
                    values = [v.strip() for v in (data.get("condition_values") or "").split(",") if v.strip()]
                    if not values:
                        form.add_error("condition_values", _("Give at least one answer that shows this question."))
                    elif allowed is not None and not set(values) <= allowed:
                        form.add_error(
                            "condition_values",
                            _("Not answers to that question: %(values)s. Choose from: %(allowed)s.")
                            % {
                                "values": ", ".join(sorted(set(values) - allowed)),
                                "allowed": ", ".join(sorted(allowed)),
                            },
                        )
            elif data.get("condition_values"):
                form.add_error("condition_question", _("Say which question the answers belong to."))
            if kind not in engine.LAYOUT:
                code = data.get("code") or form.instance.get_field_clean_name()
                earlier[code] = (kind, codes, (low, high))
        return cleaned_data

    @staticmethod
    def _condition_values(kind, codes, bounds):
        if kind in engine.SINGLE_CHOICE | engine.MULTIPLE_CHOICE | {"ranking"}:
            return set(codes) | ({engine.OTHER} if kind == "choice_other" else set())
        if kind == "checkbox":
            return {"yes", "no"}
        if kind == "scale":
            low, high = bounds
            return {str(p) for p in range(int(low), int(high) + 1)}
        return None  # free text, numbers: any value
