"""The demo park survey: "Park De Linde, your park", in English and Dutch, with about 1,000 responses.

The Dutch page is made through wagtail-localize's translation memory (as an editor would with
the "Translate" button): labels and options are translated, question and option codes are
synchronised. The responses are generated with a fixed seed, about 60% on the Dutch page, and
counted together because they are stored by code. Everything is made up.
"""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

from django.db import transaction

from wagtail_participation import clock
from wagtail_participation.engine.policy import Level

PROJECT = {
    "topics": ["green-space", "living-environment"],
    "areas": ["noord"],
    "department": "environment",
    "picture": {
        "title": "Park De Linde",
        "draw": {"name": "park-de-linde", "sky": (60, 120, 70), "ground": (34, 70, 40), "accent": (250, 200, 90)},
    },
    "en": {
        "title": "Park De Linde: your park, your say",
        "slug": "park-de-linde",
        "policy_stage": "agenda_setting",
        "intro": "Park De Linde gets a makeover in 2028. Before anything is drawn, we ask everyone who uses the park what it needs.",
        "goal": "<p>A redesign of Park De Linde that fits the people who use it: more shade, safe paths at night, room to play and to rest.</p>",
        "who_can_take_part": "<p>Everyone who uses the park, wherever you live. The survey is anonymous.</p>",
        "what_happens_with_input": "<p>The survey results set the priorities the landscape architects work with; we publish them here.</p>",
        "decision_criteria": "<p>What most users find important, what the park can hold (trees, soil, water) and the budget of 1.2 million euro.</p>",
        "next_steps": "<p>The survey runs for four more weeks. Three sketch designs follow in autumn.</p>",
    },
    "nl": {
        "title": "Park De Linde: jouw park, jouw mening",
        "slug": "park-de-linde",
        "intro": "Park De Linde krijgt in 2028 een opknapbeurt. Voor er iets getekend wordt, vragen we iedereen die het park gebruikt wat het nodig heeft.",
        "goal": "<p>Een nieuw ontwerp voor Park De Linde dat past bij wie het gebruikt: meer schaduw, veilige paden 's avonds, plek om te spelen en te rusten.</p>",
        "who_can_take_part": "<p>Iedereen die het park gebruikt, waar je ook woont. De bevraging is anoniem.</p>",
        "what_happens_with_input": "<p>De resultaten bepalen de prioriteiten waarmee de landschapsarchitecten werken; we publiceren ze hier.</p>",
        "decision_criteria": "<p>Wat de meeste gebruikers belangrijk vinden, wat het park aankan (bomen, bodem, water) en het budget van 1,2 miljoen euro.</p>",
        "next_steps": "<p>De bevraging loopt nog vier weken. In de herfst volgen drie schetsontwerpen.</p>",
    },
    "phases": [
        {
            "type": "collect",
            "start": -24,
            "days": 52,
            "en": {"title": "Survey", "description": "Tell us how you use the park and what it needs."},
            "nl": {"title": "Bevraging", "description": "Vertel ons hoe je het park gebruikt en wat het nodig heeft."},
        },
        {
            "type": "analysis",
            "start": 28,
            "days": 60,
            "en": {
                "title": "Sketch designs",
                "description": "Landscape architects draw three designs based on the results.",
            },
            "nl": {
                "title": "Schetsontwerpen",
                "description": "Landschapsarchitecten tekenen drie ontwerpen op basis van de resultaten.",
            },
        },
    ],
}

SURVEY = {
    "en": {
        "title": "Park survey: what does De Linde need?",
        "slug": "park-survey",
        "intro": "<p>Ten short questions in three steps. Your answers are anonymous.</p>",
        "thank_you_text": "<p>Thank you! We publish the results on the project page when the survey closes.</p>",
        "search_description": "An anonymous survey about how you use Park De Linde and what it needs.",
    },
    "nl": {
        "title": "Parkbevraging: wat heeft De Linde nodig?",
        "slug": "parkbevraging",
        "intro": "Tien korte vragen in drie stappen. Je antwoorden zijn anoniem.",
        "thank_you_text": "Bedankt! We publiceren de resultaten op de projectpagina wanneer de bevraging sluit.",
        "search_description": "Een anonieme bevraging over hoe je Park De Linde gebruikt en wat het nodig heeft.",
    },
}


def q(field_type, code, en, nl, choices=(), required=True, **extra):
    """A question: ``choices`` are (code, English, Dutch) triples; ``en``/``nl`` the label (and
    optionally help text, end labels) as dicts or plain labels."""
    en = en if isinstance(en, dict) else {"label": en}
    nl = nl if isinstance(nl, dict) else {"label": nl}
    return {
        "field_type": field_type,
        "code": code,
        "required": required,
        "en": en,
        "nl": nl,
        "choices": list(choices),
        **extra,
    }


QUESTIONS = [
    q("page_break", "", "You and the park", "Jij en het park"),
    q(
        "radio",
        "visits",
        "How often do you visit Park De Linde?",
        "Hoe vaak kom je in Park De Linde?",
        [
            ("daily", "(Almost) every day", "(Bijna) elke dag"),
            ("weekly", "A few times a week", "Een paar keer per week"),
            ("monthly", "A few times a month", "Een paar keer per maand"),
            ("rarely", "Rarely or never", "Zelden of nooit"),
        ],
    ),
    q(
        "scale",
        "satisfaction",
        {
            "label": "How satisfied are you with the park as it is?",
            "low_label": "Very dissatisfied",
            "high_label": "Very satisfied",
        },
        {
            "label": "Hoe tevreden ben je over het park zoals het nu is?",
            "low_label": "Heel ontevreden",
            "high_label": "Heel tevreden",
        },
        minimum=1,
        maximum=5,
    ),
    q(
        "multiline",
        "why_rarely",
        "What keeps you from visiting the park more often?",
        "Wat houdt je tegen om vaker naar het park te komen?",
        required=False,
        condition_question="visits",
        condition_values="rarely,monthly",
    ),
    q(
        "choice_other",
        "transport",
        "How do you usually get to the park?",
        "Hoe kom je meestal naar het park?",
        [
            ("walk", "On foot", "Te voet"),
            ("bike", "By bike", "Met de fiets"),
            ("car", "By car", "Met de auto"),
            ("bus", "By bus", "Met de bus"),
        ],
    ),
    q("page_break", "", "What the park needs", "Wat het park nodig heeft"),
    q(
        "heading",
        "",
        {"label": "Plans", "help_text": "The budget does not stretch to everything: tell us what comes first."},
        {"label": "Plannen", "help_text": "Het budget is niet genoeg voor alles: vertel ons wat eerst komt."},
    ),
    q(
        "ranking",
        "priorities",
        "Put these plans in order of priority",
        "Zet deze plannen in volgorde van belang",
        [
            ("trees", "More trees and shade", "Meer bomen en schaduw"),
            ("playground", "A new playground", "Een nieuwe speeltuin"),
            ("benches", "More benches", "Meer zitbanken"),
            ("lighting", "Better lighting on the paths", "Betere verlichting op de paden"),
            ("dogs", "A fenced dog area", "Een omheinde hondenweide"),
        ],
    ),
    q(
        "matrix",
        "importance",
        {
            "label": "How important is each of these to you?",
            "low_label": "Not important",
            "high_label": "Very important",
        },
        {
            "label": "Hoe belangrijk is elk van deze voor jou?",
            "low_label": "Niet belangrijk",
            "high_label": "Heel belangrijk",
        },
        [
            ("quiet", "Quiet places", "Rustige plekken"),
            ("safety", "Feeling safe in the evening", "Je 's avonds veilig voelen"),
            ("clean", "Clean paths and lawns", "Nette paden en grasvelden"),
            ("sport", "Room for sport", "Ruimte om te sporten"),
        ],
        minimum=1,
        maximum=5,
    ),
    q(
        "checkboxes",
        "activities",
        "What do you do in the park?",
        "Wat doe je in het park?",
        [
            ("walk", "Walk", "Wandelen"),
            ("children", "Play with children", "Spelen met kinderen"),
            ("sport", "Sport", "Sporten"),
            ("picnic", "Picnic or sit in the sun", "Picknicken of in de zon zitten"),
            ("dog", "Walk the dog", "De hond uitlaten"),
        ],
        required=False,
    ),
    q("page_break", "", "About you", "Over jou"),
    q(
        "number",
        "age",
        {"label": "How old are you?", "help_text": "So we know whether every age group answered."},
        {"label": "Hoe oud ben je?", "help_text": "Zo weten we of elke leeftijdsgroep antwoordde."},
        required=False,
        minimum=6,
        maximum=110,
    ),
    q(
        "dropdown",
        "district",
        "Where do you live?",
        "Waar woon je?",
        [
            ("noord", "Noord", "Noord"),
            ("centrum", "Centrum", "Centrum"),
            ("zuid", "Zuid", "Zuid"),
            ("oost", "Oost", "Oost"),
            ("elsewhere", "Outside Lindenhoven", "Buiten Lindenhoven"),
        ],
    ),
    q(
        "multiline",
        "ideas",
        "Anything else you want to tell us about the park?",
        "Wil je ons nog iets vertellen over het park?",
        required=False,
    ),
]

WHY_RARELY = {
    "en": [
        "It is too dark in the evening.",
        "There is nowhere to sit in the shade.",
        "The paths are muddy after rain.",
        "Too many dogs off the lead.",
        "I live on the other side of town.",
        "The playground is for small children only.",
    ],
    "nl": [
        "Het is er 's avonds te donker.",
        "Er is nergens om in de schaduw te zitten.",
        "De paden zijn modderig na regen.",
        "Te veel loslopende honden.",
        "Ik woon aan de andere kant van de stad.",
        "De speeltuin is alleen voor kleine kinderen.",
    ],
}
IDEAS = {
    "en": [
        "A water tap near the playground, please.",
        "Keep the big lawn open for football.",
        "Lights along the path to the station.",
        "A few picnic tables under the chestnut trees.",
        "Toilets that are open in summer.",
    ],
    "nl": [
        "Graag een drinkfontein bij de speeltuin.",
        "Houd het grote grasveld vrij om te voetballen.",
        "Verlichting langs het pad naar het station.",
        "Een paar picknicktafels onder de kastanjes.",
        "Toiletten die in de zomer open zijn.",
        "Meer vuilnisbakken aan de vijver.",
    ],
}
OTHER_TRANSPORT = {"en": ["Mobility scooter", "Skateboard"], "nl": ["Scootmobiel", "Step"]}
RESPONSES = 1000


def build_survey(project, phase_code, language="en"):
    """The unsaved English survey page with its questions."""
    from wagtail_participation.surveys.models import SurveyPage, SurveyQuestion

    page = SurveyPage(
        **SURVEY["en"],
        time_estimate=5,
        anonymous=True,
        participation_rules={
            "actions": {"submit": {"level": int(Level.ANYONE), "phases": [phase_code]}},
            "area_keys": [],
            "accept_declared_area": False,
        },
    )
    for order, spec in enumerate(QUESTIONS):
        text = spec["en"]
        page.form_fields.add(
            SurveyQuestion(
                sort_order=order,
                field_type=spec["field_type"],
                code=spec["code"],
                required=spec["required"],
                label=text["label"],
                help_text=text.get("help_text", ""),
                low_label=text.get("low_label", ""),
                high_label=text.get("high_label", ""),
                choices="\n".join(label for _code, label, _nl in spec["choices"]),
                option_codes="\n".join(code for code, _en, _nl in spec["choices"]),
                minimum=spec.get("minimum"),
                maximum=spec.get("maximum"),
                condition_question=spec.get("condition_question", ""),
                condition_values=spec.get("condition_values", ""),
            )
        )
    return page


def dutch_texts() -> dict[str, str]:
    """English segment -> Dutch, for wagtail-localize's translation memory (a TextField's lines
    reach translators as one segment joined by <br/>)."""
    texts = {
        SURVEY["en"]["title"]: SURVEY["nl"]["title"],
        SURVEY["en"]["slug"]: SURVEY["nl"]["slug"],
        SURVEY["en"]["search_description"]: SURVEY["nl"]["search_description"],
    }
    for name in ("intro", "thank_you_text"):
        texts[SURVEY["en"][name].removeprefix("<p>").removesuffix("</p>")] = SURVEY["nl"][name]
    for spec in QUESTIONS:
        for key in ("label", "help_text", "low_label", "high_label"):
            if spec["en"].get(key):
                texts[spec["en"][key]] = spec["nl"][key]
        if spec["choices"]:
            texts["<br/>".join(en for _c, en, _nl in spec["choices"])] = "<br/>".join(
                nl for _c, _en, nl in spec["choices"]
            )
    return texts


def translate_with_localize(page, locale, texts):
    """Create (or update) the translation through wagtail-localize, as the "Translate" button does."""
    from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

    parent = page.get_parent()
    if not parent.get_translations().filter(locale=locale).exists():
        parent.specific.copy_for_translation(locale).save_revision().publish()
    source, _created = TranslationSource.get_or_create_from_instance(page)
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        if segment.string.data in texts:
            StringTranslation.objects.get_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={"data": texts[segment.string.data]},
            )
    source.create_or_update_translation(locale, fallback=True)
    translation = page.get_translation(locale).specific
    if not translation.live:
        translation.save_revision().publish()
    return type(translation).objects.get(pk=translation.pk)


def answers_for(rng: random.Random, language: str) -> dict:
    """One plausible response: frequent visitors are happier, families rank the playground higher."""
    visits = rng.choices(["daily", "weekly", "monthly", "rarely"], [22, 38, 25, 15])[0]
    base = {"daily": 3.8, "weekly": 3.5, "monthly": 3.0, "rarely": 2.4}[visits]
    answers = {"visits": visits, "satisfaction": max(1, min(5, round(rng.gauss(base, 0.9))))}
    if visits in {"rarely", "monthly"} and rng.random() < 0.55:
        answers["why_rarely"] = rng.choice(WHY_RARELY[language])
    transport = rng.choices(["walk", "bike", "car", "bus", "other"], [45, 33, 12, 7, 3])[0]
    answers["transport"] = {"other": rng.choice(OTHER_TRANSPORT[language])} if transport == "other" else transport
    family = rng.random() < 0.35
    weights = {"trees": 5, "playground": 6 if family else 2, "benches": 3, "lighting": 4, "dogs": 1.5}
    options, ranking = list(weights), []
    while options:
        pick = rng.choices(options, [weights[o] for o in options])[0]
        ranking.append(pick)
        options.remove(pick)
    answers["priorities"] = ranking
    answers["importance"] = {
        row: max(1, min(5, round(rng.gauss(mean, 1.0))))
        for row, mean in (("quiet", 3.9), ("safety", 4.3), ("clean", 4.0), ("sport", 2.9 if not family else 3.4))
    }
    activities = [
        a
        for a, p in (
            ("walk", 0.7),
            ("children", 0.35 if family else 0.05),
            ("sport", 0.3),
            ("picnic", 0.4),
            ("dog", 0.2),
        )
        if rng.random() < p
    ]
    if activities:
        answers["activities"] = activities
    if rng.random() < 0.85:
        answers["age"] = max(6, min(95, round(rng.gauss(38 if family else 47, 15))))
    answers["district"] = rng.choices(["noord", "centrum", "zuid", "oost", "elsewhere"], [48, 18, 12, 10, 12])[0]
    if rng.random() < 0.22:
        answers["ideas"] = rng.choice(IDEAS[language])
    return answers


@transaction.atomic
def seed_responses(survey, today, count=RESPONSES):
    """About ``count`` anonymous responses over the weeks the survey has been open (idempotent:
    only when it has none). Each respondent is an anonymous token participant with a "has
    answered" row; the response itself holds no link, as on the site."""
    from wagtail_participation.models import Participant
    from wagtail_participation.surveys.engine import questions as engine
    from wagtail_participation.surveys.models import SurveyParticipation, SurveyResponse

    record = survey.participation_record
    if SurveyResponse.objects.filter(record=record).exists():
        return 0
    rng = random.Random("lindenhoven-park-survey")
    questions = survey.questions()
    participants = Participant.objects.bulk_create([Participant(token=uuid.uuid4()) for _ in range(count)])
    now = clock.now()
    rows, responses = [], []
    for participant in participants:
        language = "nl" if rng.random() < 0.6 else "en"
        answers = engine.keep_visible(questions, answers_for(rng, language))
        assert not engine.problem_codes(questions, answers), answers  # the generator speaks the survey's codes
        day = min(
            today - timedelta(days=rng.randint(0, 23)),
            clock.local(now).replace(hour=0, minute=0, second=0, microsecond=0),
        )
        rows.append(SurveyParticipation(record=record, participant=participant, answered_on=day.date(), anonymous=True))
        responses.append(
            SurveyResponse(record=record, participant=None, language=language, submitted_at=day, answers=answers)
        )
    SurveyParticipation.objects.bulk_create(rows, batch_size=500)
    rng.shuffle(responses)  # nothing in the order links a response to its participation row
    SurveyResponse.objects.bulk_create(responses, batch_size=500)
    return count


def seed(command, index, terms):
    """The park project, its survey in English and Dutch, and the responses. Safe to rerun."""
    from wagtail_participation.surveys.models import SurveyPage

    project = command.project(index, PROJECT, terms)
    survey = SurveyPage.objects.child_of(project).filter(slug=SURVEY["en"]["slug"]).first()
    if survey is None:
        collect = next(phase for phase in project.ordered_phases() if phase.phase_type == "collect")
        survey = project.add_child(instance=build_survey(project, collect.code))
        survey.save_revision().publish()
        survey = SurveyPage.objects.get(pk=survey.pk)
    if not survey.get_translations().filter(locale=command.nl).exists():
        translate_with_localize(survey, command.nl, dutch_texts())
    seed_responses(survey, command.today)
    return survey
