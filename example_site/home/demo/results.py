"""The finished demo project "Climate plan 2030": its idea board, decisions, milestones and results page.

Residents posted ideas in the collect phase and set priorities by voting in the vote phase (both
months ago); the environment department answered, the council decided, and the results page says
what happened: participation figures, the top ideas, "you said, we did" and the implementation
tracker. ``seed(command, project, terms)`` is idempotent. Everything is made up.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth import get_user_model

from home.demo import evaluation
from home.demo import ideas as school_ideas
from home.demo.residents import resident, shows_name
from wagtail_participation import clock, contributions, snapshots
from wagtail_participation.budgets.models import BudgetPage
from wagtail_participation.engine.policy import Level
from wagtail_participation.ideas.models import Idea, IdeaBoardPage, VotingMode
from wagtail_participation.models import Milestone, Participant, PolicyDecision
from wagtail_participation.models.snapshots import ResultSnapshot
from wagtail_participation.polls import services as polls
from wagtail_participation.polls.models import PollOption, PollPage
from wagtail_participation.proposals.models import ProposalsPage
from wagtail_participation.results.models import ResultsPage

BOARD = {
    "en": {
        "title": "Ideas for the climate plan",
        "slug": "climate-ideas",
        "question": "What should Lindenhoven do first to reach its climate goals for 2030?",
        "intro": "<p>Share one idea per post. In the vote phase, support the ideas that should come first.</p>",
        "search_description": "Residents' ideas for the climate plan 2030, with the city's answers.",
    },
    "nl": {
        "title": "Ideeën voor het klimaatplan",
        "slug": "klimaatideeen",
        "question": "Wat moet Lindenhoven eerst doen om zijn klimaatdoelen voor 2030 te halen?",
        "intro": "<p>Deel één idee per bericht. Steun in de stemfase de ideeën die eerst moeten komen.</p>",
        "search_description": "Ideeën van inwoners voor het klimaatplan 2030, met de antwoorden van de stad.",
    },
}

# (key, language, days after the collect phase opened, title, body, votes, status, answer); MEETING_KEYS came from a meeting
IDEAS = [
    (
        "insulation",
        "en",
        2,
        "Insulation grants for households with low incomes",
        "Old terraced houses lose most of their heat through the roof. A grant that pays most of the insulation for low-income households saves CO₂ and energy bills.",
        184,
        "accepted",
        "Adopted: the climate plan includes an insulation grant of up to €6,000 per home for households with a low income.",
    ),
    (
        "trees",
        "nl",
        3,
        "Meer bomen en schaduw in het centrum",
        "Het centrum is in de zomer een hitte-eiland. Plant bomen op de Grote Markt, de Stationsstraat en de schoolspeelplaatsen.",
        157,
        "accepted",
        "Aangenomen: tegen 2028 komen er 400 nieuwe straatbomen, eerst in de warmste straten.",
    ),
    (
        "school-solar",
        "en",
        5,
        "Solar panels on every school roof",
        "The schools have big flat roofs and use most electricity during the day, exactly when the sun shines.",
        133,
        "implemented",
        "Done for the first four schools; the others follow when their roofs are renovated.",
    ),
    (
        "free-bus",
        "nl",
        6,
        "Gratis bus voor iedereen",
        "Maak de stadsbus gratis, dan laten meer mensen de auto staan.",
        121,
        "rejected",
        "Niet aangenomen: te duur voor de stad alleen. Wel een gratis busabonnement voor jongeren onder 18, zie de beslissingen.",
    ),
    (
        "bike-streets",
        "en",
        8,
        "Cycle streets from every district to the centre",
        "Connect Noord, Zuid and Oost to the centre with cycle streets where cars are guests.",
        98,
        "under_consideration",
        "Studied in the mobility plan; the first cycle street is planned for 2027.",
    ),
    (
        "repair-cafe",
        "nl",
        9,
        "Een vast repaircafé in elke wijk",
        "Herstellen in plaats van weggooien, en je leert je buren kennen.",
        64,
        "accepted",
        "Aangenomen: de stad betaalt de huur van een lokaal in elke wijk.",
    ),
    (
        "heat-network",
        "en",
        12,
        "A heat network for the new Vaartkom district",
        "Use the waste heat of the factories along the canal to heat the new homes.",
        52,
        "under_consideration",
        "A feasibility study runs until the end of next year.",
    ),
    (
        "green-roofs",
        "nl",
        15,
        "Subsidie voor groendaken",
        "Groendaken houden regenwater vast en koelen de stad.",
        41,
        "viewed",
        "",
    ),
    (
        "car-free-sunday",
        "en",
        20,
        "One car-free Sunday a month",
        "Let children play in the street and show how quiet the city can be.",
        22,
        "rejected",
        "Not adopted as a monthly event; the city supports neighbourhoods that ask for a play street.",
    ),
    (
        "meeting-community-solar",
        "nl",
        24,
        "Zonnepanelen van en voor de buurt",
        "Op de klimaatavond vroegen bewoners een coöperatie voor zonnepanelen op grote daken, zodat ook huurders meedoen. Genoteerd door de dienst Omgeving en Klimaat.",
        36,
        "accepted",
        "Aangenomen: de stad stelt de daken van de sporthal en de bibliotheek ter beschikking van een energiecoöperatie.",
    ),
]
MEETING_KEYS = {"meeting-community-solar"}
VOTERS = 260  # anonymous visitors who only voted (voting was open to anyone)

DECISIONS = [
    {
        "key": "insulation",
        "status": "implemented",
        "days_ago": 110,
        "en": {
            "title": "Insulation grants for households with low incomes",
            "you_said": "<p>The most supported idea (184 votes): help households with low incomes insulate their homes.</p>",
            "we_did": "<p>The council adopted a grant of up to €6,000 per home. The grant office opened in the town hall; 200 homes are planned in the first year.</p>",
        },
        "nl": {
            "title": "Isolatiepremie voor gezinnen met een laag inkomen",
            "you_said": "<p>Het meest gesteunde idee (184 stemmen): help gezinnen met een laag inkomen hun woning te isoleren.</p>",
            "we_did": "<p>De gemeenteraad keurde een premie tot € 6.000 per woning goed. Het premieloket in het stadhuis is open; het eerste jaar zijn 200 woningen gepland.</p>",
        },
    },
    {
        "key": "trees",
        "status": "adopted",
        "days_ago": 110,
        "en": {
            "title": "400 new street trees, the hottest streets first",
            "you_said": "<p>More trees and shade in the centre, which turns into a heat island in summer.</p>",
            "we_did": "<p>400 new street trees by 2028. A heat map decides the order: the Grote Markt and the Stationsstraat come first.</p>",
        },
        "nl": {
            "title": "400 nieuwe straatbomen, de warmste straten eerst",
            "you_said": "<p>Meer bomen en schaduw in het centrum, dat in de zomer een hitte-eiland wordt.</p>",
            "we_did": "<p>400 nieuwe straatbomen tegen 2028. Een hittekaart bepaalt de volgorde: de Grote Markt en de Stationsstraat komen eerst.</p>",
        },
    },
    {
        "key": "free-bus",
        "status": "partly_adopted",
        "days_ago": 105,
        "en": {
            "title": "A free bus pass for young people",
            "you_said": "<p>Make the city bus free for everyone, so more people leave the car at home.</p>",
            "we_did": "<p>Free buses for everyone cost more than the city's whole climate budget. The council chose a free bus pass for everyone under 18, from next school year.</p>",
        },
        "nl": {
            "title": "Een gratis busabonnement voor jongeren",
            "you_said": "<p>Maak de stadsbus gratis voor iedereen, zodat meer mensen de auto laten staan.</p>",
            "we_did": "<p>Gratis bussen voor iedereen kosten meer dan het hele klimaatbudget van de stad. De gemeenteraad koos voor een gratis busabonnement voor iedereen onder 18, vanaf volgend schooljaar.</p>",
        },
    },
    {
        "key": "car-free-sunday",
        "status": "not_adopted",
        "days_ago": 105,
        "en": {
            "title": "No monthly car-free Sunday",
            "you_said": "<p>One car-free Sunday a month, so children can play in the street.</p>",
            "we_did": "<p>Not adopted: shops and the Sunday market need access. Instead, any street can ask for a play street in summer, and the city provides the barriers.</p>",
        },
        "nl": {
            "title": "Geen maandelijkse autoloze zondag",
            "you_said": "<p>Eén autoloze zondag per maand, zodat kinderen op straat kunnen spelen.</p>",
            "we_did": "<p>Niet aangenomen: handelaars en de zondagsmarkt moeten bereikbaar blijven. Elke straat kan wel een speelstraat aanvragen in de zomer; de stad zorgt voor de hekken.</p>",
        },
    },
]

# (key, status, progress, due in days (negative: past), completed days ago or None, en, nl)
MILESTONES = [
    (
        "grant-office",
        "done",
        100,
        -80,
        80,
        {
            "title": "The insulation grant office opens",
            "description": "In the town hall, Monday to Friday, and by phone.",
        },
        {
            "title": "Het premieloket voor isolatie opent",
            "description": "In het stadhuis, van maandag tot vrijdag, en telefonisch.",
        },
    ),
    (
        "school-solar",
        "done",
        100,
        -30,
        34,
        {
            "title": "Solar panels on four school roofs",
            "description": "De Regenboog, Sint-Jozef, De Linde and Klavertje Vier.",
        },
        {
            "title": "Zonnepanelen op vier schooldaken",
            "description": "De Regenboog, Sint-Jozef, De Linde en Klavertje Vier.",
        },
    ),
    (
        "homes-insulated",
        "in_progress",
        45,
        250,
        None,
        {"title": "200 homes insulated", "description": "90 homes done; the rest are booked."},
        {"title": "200 woningen geïsoleerd", "description": "90 woningen klaar; de rest is ingepland."},
    ),
    (
        "street-trees",
        "in_progress",
        20,
        700,
        None,
        {
            "title": "400 street trees planted",
            "description": "80 trees planted this winter on the Grote Markt and the Stationsstraat.",
        },
        {
            "title": "400 straatbomen geplant",
            "description": "Deze winter zijn 80 bomen geplant op de Grote Markt en in de Stationsstraat.",
        },
    ),
    (
        "youth-bus-pass",
        "delayed",
        10,
        120,
        None,
        {
            "title": "Free bus pass for under-18s",
            "description": "The agreement with the bus company takes longer than planned; the new date is after the summer.",
        },
        {
            "title": "Gratis busabonnement voor min-18-jarigen",
            "description": "Het akkoord met de busmaatschappij duurt langer dan gepland; de nieuwe datum is na de zomer.",
        },
    ),
]

RESULTS_PAGE = {
    "en": {
        "title": "What happened with your input",
        "slug": "results",
        "intro": "Residents shared ten ideas and cast hundreds of votes. The council adopted six of them in the climate plan 2030; here is what was decided, and how far the work is.",
    },
    "nl": {
        "title": "Wat er met je inbreng gebeurde",
        "slug": "resultaten",
        "intro": "Inwoners deelden tien ideeën en brachten honderden stemmen uit. De gemeenteraad nam er zes op in het klimaatplan 2030; hier lees je wat er beslist is en hoe ver de werken staan.",
    },
}
TEXT = {
    "en": "<p>Thank you to everyone who took part, online and at the climate evening in the library. Below: who took part, the ideas with the most support, what the council decided with them, and the progress of the work, updated every quarter.</p>",
    "nl": "<p>Bedankt aan iedereen die meedeed, online en op de klimaatavond in de bibliotheek. Hieronder: wie er meedeed, de ideeën met de meeste steun, wat de gemeenteraad ermee besliste en hoe ver de werken staan, elk kwartaal bijgewerkt.</p>",
}
HEADINGS = {
    "en": {
        "figures": "Who took part",
        "top": "The ideas with the most votes",
        "answered": "Ideas the city adopted",
        "decisions": "You said, we did",
        "tracker": "How far the work is",
        "poll": "Which measure first? The poll of the vote phase",
        "budget": "Also decided by residents: the neighbourhood budget Noord 2026",
        "survey": "How was taking part?",
    },
    "nl": {
        "figures": "Wie er meedeed",
        "top": "De ideeën met de meeste stemmen",
        "answered": "Ideeën die de stad overnam",
        "decisions": "Jullie zeiden, wij deden",
        "tracker": "Hoe ver de werken staan",
        "poll": "Welke maatregel eerst? De peiling van de stemfase",
        "budget": "Ook beslist door inwoners: het wijkbudget Noord 2026",
        "survey": "Hoe was meedoen?",
    },
}

# The climate project's poll in its vote phase (closed; its final snapshot is on the results page).
PRIORITY_POLL = {
    "en": {
        "title": "Poll: which climate measure first?",
        "slug": "climate-poll",
        "question": "Which climate measure should Lindenhoven start with?",
        "intro": "<p>One answer per person. The council weighs the outcome with the ideas and their votes.</p>",
    },
    "nl": {
        "title": "Peiling: welke klimaatmaatregel eerst?",
        "slug": "klimaatpeiling",
        "question": "Met welke klimaatmaatregel moet Lindenhoven beginnen?",
        "intro": "<p>Eén antwoord per persoon. De gemeenteraad weegt de uitkomst samen met de ideeën en hun stemmen.</p>",
    },
    # (code, English, Dutch, ballots)
    "options": [
        ("insulation", "Insulating homes", "Woningen isoleren", 212),
        ("trees", "Trees and shade in the centre", "Bomen en schaduw in het centrum", 167),
        ("solar", "Solar panels on public roofs", "Zonnepanelen op openbare daken", 141),
        ("bus", "Cheaper buses", "Goedkopere bussen", 96),
    ],
}
NOORD_2026_TITLE = "Results: neighbourhood budget Noord 2026"  # seeded by home.demo.budgets


def seed(command, project, terms) -> ResultsPage:
    board = _board(command, project, terms)
    staff = _staff()
    if not ResultSnapshot.objects.filter(record=board.participation_record, kind=ResultSnapshot.FINAL).exists():
        vote_end = next(p.end for p in project.ordered_phases() if p.phase_type == "vote")
        with clock.frozen_at(vote_end + timedelta(days=6)):  # confirmed once the meeting's ideas were in
            snapshots.finalise(
                board.participation_record, staff, note="Ideas from the climate evening in the library included."
            )
    poll = _priority_poll(command, project, staff)
    survey = evaluation.seed_survey(command, project, staff, _finalise)
    budget = _finished_budget(staff)
    decisions = _translated_records(command, PolicyDecision, DECISIONS, project)
    milestones = _milestones(command, project)
    evaluation.home_outcomes_block(
        project.get_parent().get_parent().specific, ProposalsPage.objects.filter(locale=command.en).first()
    )
    return _results_page(
        command, project, board, decisions, milestones, {"poll": poll, "survey": survey, "budget": budget}
    )


def _priority_poll(command, project, staff) -> PollPage:
    """A poll of the vote phase, closed with its final snapshot (idempotent)."""
    from home.demo.polls import _translate_with_options

    spec = PRIORITY_POLL
    vote = next(p for p in project.ordered_phases() if p.phase_type == "vote")
    poll = PollPage.objects.child_of(project).filter(slug=spec["en"]["slug"]).first()
    if poll is None:
        poll = PollPage(
            **spec["en"],
            results_visibility="after_close",
            allow_change=True,
            participation_rules={
                "actions": {"vote": {"level": int(Level.ANYONE), "phases": [vote.code]}},
                "area_keys": [],
                "accept_declared_area": False,
            },
        )
        for order, (code, english, _dutch, _n) in enumerate(spec["options"]):
            poll.options.add(PollOption(code=code, label=english, sort_order=order))
        project.add_child(instance=poll)
        poll.save_revision().publish()
        poll = PollPage.objects.get(pk=poll.pk)
    _translate_with_options(
        command, poll, spec["nl"], {code: {"label": dutch} for code, _en, dutch, _n in spec["options"]}
    )
    record = poll.participation_record
    if not record.poll_ballots.exists():
        rng = random.Random("lindenhoven-demo-climate-poll")
        for code, _en, _nl, count in spec["options"]:
            for _ in range(count):
                with clock.frozen_at(vote.start + (vote.end - vote.start) * rng.uniform(0.02, 0.98)):
                    polls.cast_ballot(record, Participant.new_anonymous(), [code], language=rng.choice(["en", "nl"]))
    _finalise(record, staff, vote.end + timedelta(days=3), "Checked by the environment department.")
    return poll


def _finished_budget(staff):
    """The neighbourhood budget Noord 2026 (closed), finalised; ``None`` if the budget demo is absent."""
    budget = BudgetPage.objects.filter(title=NOORD_2026_TITLE, locale__language_code="en").first()
    if budget is None:
        return None
    record = budget.participation_record
    if record.is_closed():
        closes = record.closes()
        _finalise(
            record,
            staff,
            closes + timedelta(days=2) if closes else None,
            "No paper ballots in Noord: the online ballots are final.",
        )
    return budget


def _finalise(record, staff, at, note):
    if ResultSnapshot.objects.filter(record=record, kind=ResultSnapshot.FINAL).exists():
        return
    if at is None:
        snapshots.finalise(record, staff, note=note)
        return
    with clock.frozen_at(at):
        snapshots.finalise(record, staff, note=note)


def _staff():
    user_model = get_user_model()
    spec = school_ideas.STAFF
    staff = user_model.objects.filter(username=spec["username"]).first()
    if staff is None:
        staff = user_model.objects.create_user(
            spec["username"],
            spec["email"],
            None,
            is_staff=True,
            first_name=spec["first_name"],
            last_name=spec["last_name"],
        )
    return staff


def _board(command, project, terms) -> IdeaBoardPage:
    board = IdeaBoardPage.objects.child_of(project).filter(slug=BOARD["en"]["slug"]).first()
    phases = {phase.phase_type: phase for phase in project.ordered_phases()}
    if board is None:
        collect, vote = [phases["collect"].code], [phases["vote"].code]
        board = IdeaBoardPage(
            **BOARD["en"],
            voting_mode=VotingMode.UP,
            participation_rules={
                "actions": {
                    "submit": {"level": int(Level.REGISTERED), "phases": collect},
                    "comment": {"level": int(Level.REGISTERED), "phases": collect + vote},
                    "vote": {"level": int(Level.ANYONE), "phases": vote},
                },
                "area_keys": [],
                "accept_declared_area": False,
            },
        )
        board.allowed_topics = [terms["topics"]["climate"]]
        project.add_child(instance=board)
        board.save_revision().publish()
        board = IdeaBoardPage.objects.get(pk=board.pk)
    command.translate(board, BOARD["nl"])
    if not Idea.objects.filter(record=board.participation_record).exists():
        _seed_ideas(board, phases, terms)
    return board


def _seed_ideas(board, phases, terms):
    rng = random.Random("lindenhoven-demo-climate")
    staff = _staff()
    department = terms["departments"]["environment"]
    residents = []
    for first, last in school_ideas.RESIDENTS[:12]:
        residents.append(resident(first, last))
    voters = residents + [Participant.new_anonymous() for _ in range(VOTERS)]
    collect, vote, decision = phases["collect"], phases["vote"], phases["decision"]
    for index, (key, language, day, title, body, votes, status, answer) in enumerate(IDEAS):
        meeting = key in MEETING_KEYS
        idea = Idea.objects.create(
            record=board.participation_record,
            author=None if meeting else residents[index % len(residents)],
            show_author=not meeting and shows_name(residents[index % len(residents)]),
            title=title,
            body=body,
            language=language,
            created_at=collect.start + timedelta(days=day, hours=19),
            channel="meeting" if meeting else "online",
            channel_event="Climate evening in the library" if meeting else "",
            entered_by=staff if meeting else None,
        )
        idea.topics.set([terms["topics"]["climate"]])
        for voter in rng.sample(voters, min(votes, len(voters))):
            with clock.frozen_at(vote.start + (vote.end - vote.start) * rng.uniform(0.02, 0.98)):
                contributions.cast_vote(idea, voter, 1)
        if index < 4:
            with clock.frozen_at(collect.start + timedelta(days=day + 2)):
                commenter = residents[(index + 5) % len(residents)]
                contributions.add_comment(
                    idea,
                    commenter,
                    "Yes! This should come first." if language == "en" else "Ja, dit moet eerst.",
                    language,
                    show_author=shows_name(commenter),
                )
        if answer:
            with clock.frozen_at(decision.start + timedelta(days=7 + index)):
                contributions.publish_official_update(
                    idea, department=department, body=answer, new_status=status, author=staff
                )


def _translated_records(command, model, specs, project):
    found = []
    today = command.today.date()
    for order, spec in enumerate(specs):
        record = model.objects.filter(locale=command.en, title=spec["en"]["title"]).first()
        if record is None:
            record = model.objects.create(
                locale=command.en,
                **spec["en"],
                status=spec["status"],
                decided_on=today - timedelta(days=spec["days_ago"]),
                project=project,
                sort_order=order,
            )
        if not model.objects.filter(translation_key=record.translation_key, locale=command.nl).exists():
            dutch = record.copy_for_translation(command.nl)
            for name, value in spec["nl"].items():
                setattr(dutch, name, value)
            dutch.save()
        found.append(record)
    return found


def _milestones(command, project):
    found = []
    today = command.today.date()
    for order, (key, status, progress, due, completed, en, nl) in enumerate(MILESTONES):
        milestone = Milestone.objects.filter(locale=command.en, title=en["title"]).first()
        if milestone is None:
            milestone = Milestone.objects.create(
                locale=command.en,
                **en,
                status=status,
                progress=progress,
                due_on=today + timedelta(days=due),
                completed_on=today - timedelta(days=completed) if completed is not None else None,
                project=project,
                sort_order=order,
            )
        if not Milestone.objects.filter(translation_key=milestone.translation_key, locale=command.nl).exists():
            dutch = milestone.copy_for_translation(command.nl)
            for name, value in nl.items():
                setattr(dutch, name, value)
            dutch.save()
        found.append(milestone)
    return found


def _method_results(method, heading, **options):
    """A generic results block (``MethodResultsBlock``) for ``method``; the options not given keep
    their defaults."""
    return ("method_results", {"method": method, "heading": heading, "text": "", **options})


def _body(language, board, decisions, milestones, methods=None):
    heading = HEADINGS[language]
    methods = methods or {}
    poll, survey, budget = methods.get("poll"), methods.get("survey"), methods.get("budget")
    return [
        ("text", TEXT[language]),
        ("participation_figures", {"project": None, "heading": heading["figures"]}),
        _method_results(board, heading["top"], which="top", statuses=[], count=5),
        *([_method_results(poll, heading["poll"])] if poll else []),
        _method_results(board, heading["answered"], which="answered", statuses=["accepted", "implemented"], count=6),
        ("decisions", {"heading": heading["decisions"], "decisions": decisions}),
        ("implementation", {"heading": heading["tracker"], "milestones": milestones}),
        *([_method_results(survey, heading["survey"], codes="heard, clear, how", show_texts=False)] if survey else []),
        *([_method_results(budget, heading["budget"], codes="", details=True)] if budget else []),
    ]


def _results_page(command, project, board, decisions, milestones, methods) -> ResultsPage:
    dutch_methods = {key: _in(method, command.nl) for key, method in methods.items()}
    page = ResultsPage.objects.child_of(project).first()
    if page is None:
        page = ResultsPage(**RESULTS_PAGE["en"], body=_body("en", board, decisions, milestones, methods))
        project.add_child(instance=page)
        page.save_revision().publish()
        page = ResultsPage.objects.get(pk=page.pk)
    elif not any(
        child.block_type == "method_results" and isinstance(child.value.get("method"), PollPage) for child in page.body
    ):
        # a demo loaded before the method blocks existed: add them (once)
        page.body = _body("en", board, decisions, milestones, methods)
        page.save_revision().publish()
        for dutch in page.get_translations().filter(locale=command.nl):
            dutch = dutch.specific
            dutch_board = board.get_translations().filter(locale=command.nl).first() or board
            dutch.body = _body("nl", dutch_board.specific, decisions, milestones, dutch_methods)
            dutch.save_revision().publish()
    if not page.get_translations().filter(locale=command.nl).exists():
        dutch_board = board.get_translations().filter(locale=command.nl).first() or board
        dutch = command.translate(page, RESULTS_PAGE["nl"])
        # blocks show each record and method in Dutch
        dutch.body = _body("nl", dutch_board.specific, decisions, milestones, dutch_methods)
        dutch.save_revision().publish()
    return page


def _in(page, locale):
    if page is None:
        return None
    return (page.get_translations().filter(locale=locale).first() or page).specific
