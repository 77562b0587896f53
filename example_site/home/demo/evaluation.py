"""The climate project's short evaluation survey ("How was taking part?"), closed and finalised,
whose summary the results page publishes (closed questions only: the written answers stay with
the city). Also the home page's "proposals the city answered" block. Everything is made up."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

from home.demo.surveys import q, translate_with_localize
from wagtail_participation.engine.policy import Level

SURVEY = {
    "en": {
        "title": "How was taking part?",
        "slug": "evaluation",
        "intro": "<p>Three short questions about how you took part in the climate plan. Anonymous.</p>",
        "thank_you_text": "<p>Thank you! We use your answers for the next project.</p>",
    },
    "nl": {
        "title": "Hoe was meedoen?",
        "slug": "evaluatie",
        "intro": "Drie korte vragen over hoe je meedeed aan het klimaatplan. Anoniem.",
        "thank_you_text": "Bedankt! We gebruiken je antwoorden voor het volgende project.",
    },
}
QUESTIONS = [
    q(
        "radio",
        "heard",
        "How did you hear about the climate plan?",
        "Hoe hoorde je van het klimaatplan?",
        [
            ("letter", "A letter from the city", "Een brief van de stad"),
            ("social", "Social media", "Sociale media"),
            ("neighbours", "Neighbours or friends", "Buren of vrienden"),
            ("newspaper", "The local paper", "De lokale krant"),
        ],
    ),
    q(
        "scale",
        "clear",
        {
            "label": "Was it clear what would happen with your input?",
            "low_label": "Not at all",
            "high_label": "Completely",
        },
        {
            "label": "Was het duidelijk wat er met je inbreng zou gebeuren?",
            "low_label": "Helemaal niet",
            "high_label": "Helemaal",
        },
        minimum=1,
        maximum=5,
    ),
    q(
        "checkboxes",
        "how",
        "How did you take part?",
        "Hoe deed je mee?",
        [
            ("idea", "Posted an idea", "Een idee gepost"),
            ("vote", "Voted on ideas", "Op ideeën gestemd"),
            ("evening", "Came to the climate evening", "Naar de klimaatavond gekomen"),
        ],
        required=False,
    ),
    q("multiline", "remarks", "Anything we should do better?", "Wat kunnen we beter doen?", required=False),
]
RESPONSES = 180


def _texts() -> dict[str, str]:
    texts = {SURVEY["en"]["title"]: SURVEY["nl"]["title"], SURVEY["en"]["slug"]: SURVEY["nl"]["slug"]}
    for name in ("intro", "thank_you_text"):
        texts[SURVEY["en"][name].removeprefix("<p>").removesuffix("</p>")] = SURVEY["nl"][name]
    for spec in QUESTIONS:
        for key in ("label", "low_label", "high_label"):
            if spec["en"].get(key):
                texts[spec["en"][key]] = spec["nl"][key]
        if spec["choices"]:
            texts["<br/>".join(en for _c, en, _nl in spec["choices"])] = "<br/>".join(
                nl for _c, _en, nl in spec["choices"]
            )
    return texts


def seed_survey(command, project, staff, finalise):
    """The evaluation survey of the decision phase (closed), its responses and final snapshot."""
    from wagtail_participation.models import Participant
    from wagtail_participation.surveys.models import SurveyPage, SurveyParticipation, SurveyQuestion, SurveyResponse

    phase = next(p for p in project.ordered_phases() if p.phase_type == "decision")
    survey = SurveyPage.objects.child_of(project).filter(slug=SURVEY["en"]["slug"]).first()
    if survey is None:
        survey = SurveyPage(
            **SURVEY["en"],
            time_estimate=2,
            anonymous=True,
            participation_rules={
                "actions": {"submit": {"level": int(Level.ANYONE), "phases": [phase.code]}},
                "area_keys": [],
                "accept_declared_area": False,
            },
        )
        for order, spec in enumerate(QUESTIONS):
            text = spec["en"]
            survey.form_fields.add(
                SurveyQuestion(
                    sort_order=order,
                    field_type=spec["field_type"],
                    code=spec["code"],
                    required=spec["required"],
                    label=text["label"],
                    low_label=text.get("low_label", ""),
                    high_label=text.get("high_label", ""),
                    choices="\n".join(label for _c, label, _nl in spec["choices"]),
                    option_codes="\n".join(code for code, _en, _nl in spec["choices"]),
                    minimum=spec.get("minimum"),
                    maximum=spec.get("maximum"),
                )
            )
        project.add_child(instance=survey)
        survey.save_revision().publish()
        survey = SurveyPage.objects.get(pk=survey.pk)
    if not survey.get_translations().filter(locale=command.nl).exists():
        translate_with_localize(survey, command.nl, _texts())
    record = survey.participation_record
    if not SurveyResponse.objects.filter(record=record).exists():
        rng = random.Random("lindenhoven-climate-evaluation")
        participants = Participant.objects.bulk_create([Participant(token=uuid.uuid4()) for _ in range(RESPONSES)])
        rows, responses = [], []
        for participant in participants:
            day = phase.start + timedelta(days=rng.randint(0, 50))
            answers = {
                "heard": rng.choices(["letter", "social", "neighbours", "newspaper"], [40, 28, 20, 12])[0],
                "clear": max(1, min(5, round(rng.gauss(3.7, 0.9)))),
            }
            how = [code for code, chance in (("idea", 0.3), ("vote", 0.8), ("evening", 0.15)) if rng.random() < chance]
            if how:
                answers["how"] = how
            if rng.random() < 0.2:
                answers["remarks"] = rng.choice(
                    ["More evenings in the districts, please.", "Send a letter when the work starts."]
                )
            rows.append(
                SurveyParticipation(record=record, participant=participant, answered_on=day.date(), anonymous=True)
            )
            responses.append(
                SurveyResponse(
                    record=record,
                    participant=None,
                    language=rng.choice(["en", "nl"]),
                    submitted_at=day.replace(hour=0, minute=0, second=0, microsecond=0),
                    answers=answers,
                )
            )
        SurveyParticipation.objects.bulk_create(rows)
        rng.shuffle(responses)
        SurveyResponse.objects.bulk_create(responses)
    finalise(record, staff, phase.end + timedelta(days=2), "Online responses only: the survey had no paper version.")
    return survey


def home_outcomes_block(home, proposals_page):
    """The home page (each language) lists proposals the city answered (the generic results block), once."""
    from home.demo import shows_method

    if proposals_page is None:
        return
    for target in (home, *[p.specific for p in home.get_translations()]):
        if shows_method(target, "method_results", proposals_page):
            continue
        localized = (
            proposals_page.get_translations(inclusive=True).filter(locale=target.locale).first() or proposals_page
        )
        heading = (
            "Voorstellen die de stad beantwoordde"
            if target.locale.language_code == "nl"
            else "Proposals the city answered"
        )
        target.participation.append(
            (
                "method_results",
                {"method": localized.specific, "heading": heading, "text": "", "which": "answered", "count": 3},
            )
        )
        target.save_revision().publish()
