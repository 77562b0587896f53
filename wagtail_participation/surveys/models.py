"""Surveys: a ``wagtail.contrib.forms`` page whose questions carry stable codes.

contrib.forms keys answers by a name derived from the (translated) label and stores choice
text. Here every question has a ``code`` and every option a code in ``option_codes``; both are
synchronised by wagtail-localize (never translated), so the Dutch and English pages of one
survey build forms with the same field names and option values, and answers are stored by code
against the shared :class:`~wagtail_participation.models.MethodRecord`.
"""

from __future__ import annotations

import re
import uuid

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import WagtailAdminFormPageForm
from wagtail.contrib.forms.models import AbstractFormField, FormMixin
from wagtail.contrib.forms.utils import get_field_clean_name
from wagtail.fields import RichTextField
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from wagtail_participation.engine.method_results import MethodResults
from wagtail_participation.models.exports import BackgroundExport
from wagtail_participation.models.methods import ParticipationMethodPage
from wagtail_participation.phases import SUBMIT
from wagtail_participation.surveys.engine import questions as engine
from wagtail_participation.surveys.forms import SurveyFormBuilder, SurveyQuestionsCheck

# No double underscore: a question's sub-fields are named "<code>__0", "<code>__1"...
CODE_PATTERN = r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$"
validate_code = RegexValidator(
    CODE_PATTERN,
    _("Use lower-case letters, digits and single underscores, starting with a letter."),
)

QUESTION_TYPES = [
    (
        _("Text"),
        [
            ("singleline", _("Short text")),
            ("multiline", _("Long text")),
            ("email", _("E-mail address")),
            ("date", _("Date")),
        ],
    ),
    (
        _("Choice"),
        [
            ("radio", _("One choice (buttons)")),
            ("dropdown", _("One choice (list)")),
            ("choice_other", _("One choice, or “other” with text")),
            ("checkboxes", _("Several choices")),
            ("checkbox", _("Yes/no tick box")),
            ("ranking", _("Ranking (put the options in order)")),
        ],
    ),
    (
        _("Numbers"),
        [
            ("scale", _("Linear scale")),
            ("matrix", _("Matrix (rows × scale)")),
            ("number", _("Number")),
        ],
    ),
    (
        _("Layout"),
        [
            ("heading", _("Section heading")),
            ("page_break", _("New page (step)")),
        ],
    ),
]
WITH_OPTIONS = engine.SINGLE_CHOICE | engine.MULTIPLE_CHOICE | {"ranking", "matrix"}
WITH_SCALE = {"scale", "matrix"}


def split_lines(text: str) -> list[str]:
    """Options as contrib.forms reads them: one per line (or comma separated on one line)."""
    # The rule of wagtail.contrib.forms (whose helper for it is private): lines if there are
    # several, else commas.
    text = (text or "").strip()
    lines = text.splitlines()
    items = [line.strip().rstrip(",").strip() for line in lines] if len(lines) > 1 else text.split(",")
    return [item.strip() for item in items if item.strip()]


def make_code(label: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", get_field_clean_name(label).lower())[:36].strip("_") or "q"
    if not re.match(r"^[a-z]", base):
        base = "q_" + base
    base = base[:36].strip("_")
    code, n = base, 2
    while code in taken:
        code, n = f"{base}_{n}", n + 1
    return code


class SurveyQuestion(TranslatableMixin, AbstractFormField):
    """A question (or a heading, or a page break) of a survey.

    ``code`` and ``option_codes`` are synchronised to every translation; labels, options,
    hints and end labels are translated. ``option_codes`` has one code per line of ``choices``,
    in the same order (filled in from the labels when left empty).
    """

    page = ParentalKey("participation_surveys.SurveyPage", on_delete=models.CASCADE, related_name="form_fields")
    label = models.CharField(
        _("question"), max_length=255, help_text=_("As residents read it; for a heading or a new page, its title.")
    )
    choices = models.TextField(
        _("options"),
        blank=True,
        help_text=_("One per line: the choices, the items to rank, or the rows of a matrix."),
    )
    field_type = models.CharField(_("question type"), max_length=16, choices=QUESTION_TYPES)
    field_type.required_on_save = True
    code = models.CharField(
        _("code"),
        max_length=40,
        blank=True,
        validators=[validate_code],
        help_text=_(
            "Stable name of the question in exports and conditions; the same in every language. "
            "Filled in from the label when left empty; do not change it once answers come in."
        ),
    )
    option_codes = models.TextField(
        _("option codes"),
        blank=True,
        help_text=_("One code per line, in the order of the options (or matrix rows). Filled in when left empty."),
    )
    minimum = models.FloatField(
        _("lowest value"),
        null=True,
        blank=True,
        help_text=_(
            "Scales and matrices: the first point (e.g. 1). Numbers: the lowest allowed. Several choices: the fewest ticks."
        ),
    )
    maximum = models.FloatField(
        _("highest value"),
        null=True,
        blank=True,
        help_text=_(
            "Scales and matrices: the last point (e.g. 5 or 10). Numbers: the highest allowed. Several choices: the most ticks."
        ),
    )
    low_label = models.CharField(
        _("label of the lowest point"), max_length=100, blank=True, help_text=_("E.g. “Not at all”.")
    )
    high_label = models.CharField(
        _("label of the highest point"), max_length=100, blank=True, help_text=_("E.g. “Very much”.")
    )
    condition_question = models.CharField(
        _("only ask when question"),
        max_length=40,
        blank=True,
        help_text=_("The code of an earlier question. Leave empty to always ask."),
    )
    condition_values = models.CharField(
        _("has one of these answers"),
        max_length=500,
        blank=True,
        help_text=_("Option codes, separated by commas (for a yes/no tick box: yes or no; for a scale: the numbers)."),
    )

    panels = [
        FieldPanel("label"),
        FieldPanel("field_type", classname="formbuilder-type", required_on_save=True),
        FieldRowPanel([FieldPanel("code"), FieldPanel("required")]),
        FieldPanel("help_text"),
        FieldPanel("choices"),
        FieldPanel("option_codes"),
        FieldRowPanel([FieldPanel("minimum"), FieldPanel("maximum")]),
        FieldRowPanel([FieldPanel("low_label"), FieldPanel("high_label")]),
        MultiFieldPanel([FieldPanel("condition_question"), FieldPanel("condition_values")], heading=_("Condition")),
    ]

    # Codes and rules are the same in every language (architecture decision 2); text is translated.
    override_translatable_fields = [
        SynchronizedField("code"),
        SynchronizedField("clean_name"),
        SynchronizedField("option_codes"),
        SynchronizedField("condition_question"),
        SynchronizedField("condition_values"),
        SynchronizedField("default_value"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["sort_order"]

    def __str__(self):
        return self.label

    def get_field_clean_name(self):
        # The form field's name is the code, never the translated label.
        return self.code or make_code(self.label, set())

    def delete(self, *args, **kwargs):
        from wagtail_participation.frozen import guard_row

        if guard_row(self, deleting=True):
            return super().delete(*args, **kwargs)
        return 0, {}

    def save(self, *args, **kwargs):
        from wagtail_participation.frozen import guard_row

        if not self.code:
            taken = (
                set(type(self).objects.filter(page_id=self.page_id).exclude(pk=self.pk).values_list("code", flat=True))
                if self.page_id
                else set()
            )
            self.code = make_code(self.label, taken)
        self.clean_name = self.code
        # Only the source page makes codes: a translation with an extra line must not invent one.
        if not self.option_codes or self.page_id is None or self.page.is_rules_source():
            self.option_codes = "\n".join(fill_option_codes(split_lines(self.choices), split_lines(self.option_codes)))
        if guard_row(self, code_fields=SurveyPage.frozen_row_fields["form_fields"]):
            super().save(*args, **kwargs)

    # -- for the form builder and the engine -------------------------------------------------
    @property
    def is_layout(self) -> bool:
        return self.field_type in engine.LAYOUT

    def options(self) -> list[engine.Option]:
        """(code, label) pairs. A translation with fewer option lines falls back to the code."""
        labels = split_lines(self.choices)
        codes = fill_option_codes(labels, split_lines(self.option_codes))
        return [engine.Option(code, labels[i] if i < len(labels) else code) for i, code in enumerate(codes)]

    def condition(self) -> engine.Condition | None:
        if not self.condition_question:
            return None
        values = frozenset(v.strip() for v in self.condition_values.split(",") if v.strip())
        return engine.Condition(self.condition_question, values)

    def as_question(self) -> engine.Question:
        return engine.Question(
            code=self.code or self.get_field_clean_name(),
            kind=self.field_type,
            label=self.label,
            options=tuple(self.options()) if self.field_type in WITH_OPTIONS else (),
            minimum=self.minimum,
            maximum=self.maximum,
            required=self.required,
            condition=self.condition(),
        )


def fill_option_codes(labels: list[str], codes: list[str]) -> list[str]:
    """Codes for every option: the given ones, then codes made from the labels of the rest."""
    codes = list(codes)
    taken = set(codes)
    for label in labels[len(codes) :]:
        code = make_code(label, taken)
        codes.append(code)
        taken.add(code)
    return codes


#: Built survey form classes by language and questions (see :meth:`SurveyPage.get_form_class`).
_FORM_CLASSES: dict = {}


class SurveyPage(FormMixin, ParticipationMethodPage):
    """A survey of any length: question types beyond contrib.forms' own, sections, conditions,
    steps with a progress indicator, one response per participant, optionally anonymous.

    The settings that decide participation (anonymity) are read from the source-language page
    through the shared record, so two languages can never disagree about them.
    """

    participation_actions = (SUBMIT,)
    participation_lookups = (("survey_responses", "submitted_at"),)
    frozen_row_fields = {"form_fields": ("code", "option_codes", "field_type")}
    results_specifics = engine.SurveySummary

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    time_estimate = models.PositiveSmallIntegerField(
        _("minutes to answer"), null=True, blank=True, help_text=_("Shown to residents before they start.")
    )
    thank_you_text = RichTextField(
        _("thank-you text"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("Shown after a response is sent."),
    )
    anonymous = models.BooleanField(
        _("anonymous responses"),
        default=False,
        help_text=_(
            "Responses hold no link to who answered; a separate record only says that they answered. "
            "Cannot be changed once responses come in."
        ),
    )

    content_panels = ParticipationMethodPage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("time_estimate"),
        InlinePanel("form_fields", label=_("Questions")),
        FieldPanel("thank_you_text"),
        FieldPanel("anonymous"),
    ]
    template = "wagtail_participation/surveys/survey_page.html"
    landing_page_template = "wagtail_participation/surveys/survey_page_landing.html"

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    form_builder = SurveyFormBuilder

    def shared_settings(self) -> dict:
        # The questions' codes, types and option codes: frozen with the rules at the first response.
        questions = {
            question.code: [question.kind, [option.code for option in question.options]]
            for question in (item.as_question() for item in self.form_fields.all() if not item.is_layout)
        }
        return {"anonymous": self.anonymous, "questions": questions}

    def is_anonymous(self) -> bool:
        """Read from the shared record (set on publishing the source page)."""
        rules = self.participation_record.rules
        # not ``rules.get(..., self.anonymous)``: a routed write's page has its fields deferred
        return bool(rules["anonymous"] if "anonymous" in rules else self.anonymous)

    @cached_property
    def items(self) -> list[SurveyQuestion]:
        """Questions, headings and page breaks, in order (read once per request)."""
        return list(self.form_fields.all())

    def get_form_fields(self):
        return self.items

    def get_form_class(self):
        # Built once per page instance (i.e. per request): a step renders more than one form; and
        # once per process for the same questions in the same language (building the fields is
        # most of a survey answer's own work). The key is every value of every item, so an edited
        # question is a new key, never a stale form.
        if "_survey_form_class" not in self.__dict__:
            fields = SurveyQuestion._meta.concrete_fields
            key = repr((get_language(), [[getattr(item, f.attname) for f in fields] for item in self.items]))
            form_class = _FORM_CLASSES.get(key)
            if form_class is None:
                if len(_FORM_CLASSES) >= 200:
                    _FORM_CLASSES.clear()
                form_class = _FORM_CLASSES[key] = super().get_form_class()
            self.__dict__["_survey_form_class"] = form_class
        return self.__dict__["_survey_form_class"]

    def questions(self) -> list[engine.Question]:
        return [item.as_question() for item in self.items if not item.is_layout]

    def get_data_fields(self):
        return [("submit_time", _("Submission date"))] + [(q.code, q.label) for q in self.questions()]

    def serve(self, request, *args, **kwargs):
        from wagtail_participation.surveys import views as survey_views

        return survey_views.serve(request, self)

    def serve_submissions_list_view(self, request, *args, **kwargs):
        """contrib.forms' "Forms" menu lists surveys too: send it to the survey's own summary."""
        from django.shortcuts import redirect
        from django.urls import reverse

        return redirect(reverse("participation_surveys:summary", args=(self.participation_record.pk,)))

    def get_submissions(self):
        # contrib.forms' own submission list stays empty: responses live in SurveyResponse.
        return super().get_submissions().none()

    def source_questions(self) -> list[engine.Question]:
        """The questions as worded on the source-language page (used for admin and exports)."""
        page = self if self.is_rules_source() else (self.participation_record.source_page() or self)
        return page.questions()

    def get_results(self) -> MethodResults:
        """Per question: how many answered, with the full summary in ``extra`` for results pages."""
        from wagtail_participation.surveys import method_results as survey_results

        return survey_results.results_for(self)


# The editor form: the participation rules (from ParticipationMethodPage), contrib.forms' check
# for duplicate field names, and the survey's own question checks.
SurveyPage.base_form_class = type(
    "SurveyPageForm",
    (SurveyQuestionsCheck, SurveyPage.base_form_class, WagtailAdminFormPageForm),
    {"__module__": __name__},
)
SurveyPage.edit_handler.base_form_class = SurveyPage.base_form_class


class SurveyResponse(models.Model):
    """One person's answers to a survey, keyed by question and option codes.

    In anonymous mode ``participant`` is empty, the time is only the day and the id is random,
    so nothing links the answers to the :class:`SurveyParticipation` row written beside them.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    record = models.ForeignKey(
        "wagtail_participation.MethodRecord",
        on_delete=models.PROTECT,
        related_name="survey_responses",
        verbose_name=_("survey"),
    )
    participant = models.ForeignKey(
        "wagtail_participation.Participant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("participant"),
    )
    language = models.CharField(_("language"), max_length=10)
    submitted_at = models.DateTimeField(_("submitted at"), db_index=True)
    answers = models.JSONField(_("answers"), default=dict)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(
                fields=["record", "participant"],
                condition=Q(participant__isnull=False),
                name="wp_one_survey_response",
            ),
        ]

    def __str__(self):
        return f"{self.record} ({self.submitted_at:%Y-%m-%d})"


class SurveyParticipation(models.Model):
    """ "This participant has answered this survey": one row per participant and survey, written in
    the same transaction as the response. Its unique constraint is what enforces one response,
    in anonymous mode too (where the response itself does not know who answered)."""

    record = models.ForeignKey(
        "wagtail_participation.MethodRecord",
        on_delete=models.PROTECT,
        related_name="survey_participations",
        verbose_name=_("survey"),
    )
    participant = models.ForeignKey(
        "wagtail_participation.Participant",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("participant"),
    )
    answered_on = models.DateField(_("answered on"))
    anonymous = models.BooleanField(_("anonymous response"), default=False)

    class Meta:
        verbose_name = _("survey participation")
        verbose_name_plural = _("survey participations")
        constraints = [models.UniqueConstraint(fields=["record", "participant"], name="wp_one_survey_participation")]


class SurveyExport(BackgroundExport):
    """One requested XLSX export of a survey's responses (built by a background task)."""

    record = models.ForeignKey(
        "wagtail_participation.MethodRecord",
        on_delete=models.CASCADE,
        related_name="survey_exports",
        verbose_name=_("survey"),
    )

    class Meta(BackgroundExport.Meta):
        verbose_name = _("survey export")
        verbose_name_plural = _("survey exports")
