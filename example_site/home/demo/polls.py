"""The demo city's flash poll (on the home page) and the option analysis of three traffic
scenarios for Noord (in the school-routes project). Made up, written as a Flemish town would."""

FLASH_POLL = {
    "en": {
        "title": "Flash poll: the Saturday market",
        "slug": "flash-poll-market",
        "question": "Where should the Saturday market be while the Grote Markt is rebuilt?",
        "intro": "<p>The Grote Markt is closed for works from March to October. The market needs a temporary home for those eight months. Tell us what you prefer; the market traders are asked the same question.</p>",
    },
    "nl": {
        "title": "Snelle peiling: de zaterdagmarkt",
        "slug": "snelle-peiling-markt",
        "question": "Waar moet de zaterdagmarkt komen terwijl de Grote Markt heraangelegd wordt?",
        "intro": "<p>De Grote Markt is van maart tot oktober dicht voor werken. De markt heeft acht maanden een tijdelijke plek nodig. Vertel ons wat jij verkiest; de marktkramers krijgen dezelfde vraag.</p>",
    },
    # (code, English, Dutch); the code is shared by both languages
    "options": [
        ("stationsplein", "Stationsplein, near the buses", "Stationsplein, bij de bussen"),
        ("kerkplein", "Kerkplein, in the old centre", "Kerkplein, in het oude centrum"),
        ("parking-vesten", "Parking Vesten, with room to grow", "Parking Vesten, met ruimte om te groeien"),
    ],
    # Made-up answers: (code, English ballots, Dutch ballots)
    "votes": [("stationsplein", 31, 58), ("kerkplein", 44, 97), ("parking-vesten", 12, 29)],
}

SCENARIOS = {
    "en": {
        "title": "Traffic around the schools: three scenarios",
        "slug": "traffic-scenarios",
        "question": "Which traffic scenario for the school streets in Noord do you prefer?",
        "intro": "<p>From the unsafe spots you shared, the mobility department drew three scenarios for the streets around De Regenboog and Sint-Jozef. Read each one, comment on the details, then rank them: 1 for the one you prefer most. You may leave a scenario unranked.</p>",
    },
    "nl": {
        "title": "Verkeer rond de scholen: drie scenario's",
        "slug": "verkeersscenarios",
        "question": "Welk verkeersscenario voor de schoolstraten in Noord verkies jij?",
        "intro": "<p>Op basis van de onveilige plekken die jullie deelden tekende de dienst Mobiliteit drie scenario's voor de straten rond De Regenboog en Sint-Jozef. Lees ze, geef commentaar op de details en rangschik ze: 1 voor het scenario dat je het liefst hebt. Je mag een scenario zonder rang laten.</p>",
    },
    "options": [
        {
            "code": "school-streets",
            "en": {
                "label": "School streets at school times",
                "description": "<p>Kerkstraat (between Noordlaan and Kapelstraat) and Molenstraat close to cars from 8.15 to 8.45 and from 15.15 to 15.45 on school days, with a gate and volunteers. Residents can leave at walking pace.</p>",
                "pros": "Children cross without cars at the busiest moments\nCheap and quick to start\nTried in many Flemish towns",
                "cons": "Needs volunteers at the gates every day\nParents drop children off in the side streets instead",
                "cost": "About €40,000 a year (gates, signs, volunteer insurance)",
            },
            "nl": {
                "label": "Schoolstraten tijdens de schooluren",
                "description": "<p>De Kerkstraat (tussen Noordlaan en Kapelstraat) en de Molenstraat gaan op schooldagen dicht voor auto's van 8.15 tot 8.45 uur en van 15.15 tot 15.45 uur, met een hek en vrijwilligers. Bewoners kunnen stapvoets uitrijden.</p>",
                "pros": "Kinderen steken zonder auto's over op de drukste momenten\nGoedkoop en snel te starten\nIn veel Vlaamse gemeenten beproefd",
                "cons": "Vraagt elke dag vrijwilligers aan de hekken\nOuders zetten kinderen dan af in de zijstraten",
                "cost": "Ongeveer € 40.000 per jaar (hekken, borden, verzekering vrijwilligers)",
            },
        },
        {
            "code": "one-way-loop",
            "en": {
                "label": "One-way loop with wide cycle lanes",
                "description": "<p>Kerkstraat and Molenstraat become one-way in opposite directions, forming a loop. The space freed becomes a two-metre cycle lane on each street and a raised crossing at both school gates.</p>",
                "pros": "Safe all day, not only at school times\nRoom for wide cycle lanes\nNo volunteers needed",
                "cons": "Detours of up to 600 m for residents by car\nWorks take about 10 months",
                "cost": "About €1.1 million (one-off)",
            },
            "nl": {
                "label": "Eenrichtingslus met brede fietspaden",
                "description": "<p>De Kerkstraat en de Molenstraat worden eenrichtingsstraten in tegengestelde richting, samen een lus. De vrijgekomen ruimte wordt een fietspad van twee meter in elke straat en een verhoogd plateau aan beide schoolpoorten.</p>",
                "pros": "De hele dag veilig, niet alleen tijdens de schooluren\nRuimte voor brede fietspaden\nGeen vrijwilligers nodig",
                "cons": "Omrijden tot 600 m voor bewoners met de auto\nDe werken duren ongeveer 10 maanden",
                "cost": "Ongeveer € 1,1 miljoen (eenmalig)",
            },
        },
        {
            "code": "zone-30-cameras",
            "en": {
                "label": "Zone 30 with speed cameras, streets unchanged",
                "description": "<p>All of Noord becomes a 30 km/h zone. Two average-speed cameras on Noordlaan and crossing lights that give pedestrians a head start. The streets themselves stay as they are.</p>",
                "pros": "Everyone can still drive everywhere\nLower speeds across the whole district\nReady within three months",
                "cons": "Cars still pass the school gates\nCameras are not liked by everyone",
                "cost": "About €250,000 (one-off) plus maintenance",
            },
            "nl": {
                "label": "Zone 30 met trajectcontrole, straten blijven zoals ze zijn",
                "description": "<p>Heel Noord wordt zone 30. Twee trajectcontroles op de Noordlaan en verkeerslichten die voetgangers voorsprong geven. De straten zelf blijven zoals ze zijn.</p>",
                "pros": "Iedereen kan nog overal met de auto komen\nLagere snelheden in de hele wijk\nBinnen drie maanden klaar",
                "cons": "Auto's rijden nog altijd langs de schoolpoort\nNiet iedereen houdt van camera's",
                "cost": "Ongeveer € 250.000 (eenmalig) plus onderhoud",
            },
        },
    ],
    # Made-up rankings: (ranking by code, how many people, language)
    "rankings": [
        (("school-streets", "one-way-loop", "zone-30-cameras"), 23, "nl"),
        (("school-streets", "zone-30-cameras"), 9, "en"),
        (("one-way-loop", "school-streets", "zone-30-cameras"), 19, "nl"),
        (("one-way-loop",), 6, "en"),
        (("zone-30-cameras", "school-streets", "one-way-loop"), 17, "nl"),
        (("zone-30-cameras", "one-way-loop"), 8, "en"),
    ],
    "comments": [
        (
            "school-streets",
            "nl",
            "Aan De Regenboog staan nu al ouders die willen helpen. Met een rooster van twaalf mensen lukt dit.",
        ),
        (
            "one-way-loop",
            "en",
            "The loop would send all the traffic from Kapelstraat past my door. Please show the detour on a map.",
        ),
        (
            "zone-30-cameras",
            "nl",
            "Trajectcontrole op de Noordlaan is een goed idee, maar de schoolpoort blijft dan even gevaarlijk.",
        ),
    ],
}


# -- seeding (called from load_demo_data; idempotent) -------------------------------------------
def seed(command, home, project):
    """The flash poll on the home page (the generic live block, both languages) and the traffic scenarios."""
    poll = flash_poll(command, home)
    home_block(home, poll)
    traffic_scenarios(command, project)
    return poll


def _translate_with_options(command, page, fields, labels_by_code: dict):
    """The Dutch translation (once) with Dutch page fields and Dutch option fields, by code."""
    existing = page.get_translations().filter(locale=command.nl).first()
    if existing is not None:
        return existing.specific
    translation = page.copy_for_translation(command.nl, copy_parents=True)
    for name, value in fields.items():
        setattr(translation, name, value)
    options = list(translation.options.all())
    for option in options:
        for name, value in labels_by_code.get(option.code, {}).items():
            setattr(option, name, value)
    translation.options = options
    translation.save_revision().publish()
    return translation.specific


def flash_poll(command, home):
    from datetime import timedelta

    from wagtail_participation import clock
    from wagtail_participation.engine.policy import Level
    from wagtail_participation.models import Participant
    from wagtail_participation.polls import services as polls
    from wagtail_participation.polls.models import PollOption, PollPage

    spec = FLASH_POLL
    poll = PollPage.objects.child_of(home).filter(slug=spec["en"]["slug"]).first()
    if poll is None:
        poll = PollPage(
            **spec["en"],
            show_in_menus=False,
            results_visibility="after_voting",
            allow_change=True,
            opens_at=command.today - timedelta(days=3),
            closes_at=command.today + timedelta(days=25),
            participation_rules={
                "actions": {"vote": {"level": int(Level.ANYONE), "phases": []}},
                "area_keys": [],
                "accept_declared_area": False,
            },
        )
        for order, (code, english, _dutch) in enumerate(spec["options"]):
            poll.options.add(PollOption(code=code, label=english, sort_order=order))
        home.add_child(instance=poll)
        poll.save_revision().publish()
        poll = PollPage.objects.get(pk=poll.pk)
    _translate_with_options(command, poll, spec["nl"], {code: {"label": dutch} for code, _en, dutch in spec["options"]})
    record = poll.participation_record
    if not record.poll_ballots.exists():
        now = clock.now()
        moment = command.today - timedelta(days=3)
        step = (now - moment) / sum(en + nl for _code, en, nl in spec["votes"])
        for code, english, dutch in spec["votes"]:
            for language, count in (("en", english), ("nl", dutch)):
                for _ in range(count):
                    moment += step
                    with clock.frozen_at(min(moment, now)):
                        polls.cast_ballot(record, Participant.new_anonymous(), [code], language=language)
    return poll


def home_block(home, poll):
    """The flash poll first on the home page, in both languages (the generic live method block)."""
    from home.demo import shows_method

    for page in (home, *[p.specific for p in home.get_translations()]):
        if shows_method(page, "method", poll):
            continue
        localized = poll.get_translations(inclusive=True).filter(locale=page.locale).first() or poll
        page.participation.insert(0, ("method", {"method": localized.specific, "heading": "", "sort": "", "count": 3}))
        page.save_revision().publish()


def traffic_scenarios(command, project):
    from datetime import timedelta

    from django.contrib.auth import get_user_model

    from wagtail_participation import clock
    from wagtail_participation.engine.policy import Level
    from wagtail_participation.models import Participant
    from wagtail_participation.polls import services as polls
    from wagtail_participation.polls.models import AnalysisOption, OptionAnalysisPage

    spec = SCENARIOS
    page = OptionAnalysisPage.objects.child_of(project).filter(slug=spec["en"]["slug"]).first()
    if page is None:
        collect = next(phase for phase in project.ordered_phases() if phase.phase_type == "collect")
        page = OptionAnalysisPage(
            **spec["en"],
            mode="rank",
            results_visibility="always",
            allow_change=True,
            participation_rules={
                "actions": {
                    "vote": {"level": int(Level.ANYONE), "phases": [collect.code]},
                    "comment": {"level": int(Level.REGISTERED), "phases": [collect.code]},
                },
                "area_keys": [],
                "accept_declared_area": False,
            },
        )
        for order, option in enumerate(spec["options"]):
            page.options.add(AnalysisOption(code=option["code"], sort_order=order, **option["en"]))
        project.add_child(instance=page)
        page.save_revision().publish()
        page = OptionAnalysisPage.objects.get(pk=page.pk)
    _translate_with_options(command, page, spec["nl"], {option["code"]: option["nl"] for option in spec["options"]})
    record = page.participation_record
    if not record.poll_ballots.exists():
        now = clock.now()
        for index, (ranking, count, language) in enumerate(spec["rankings"]):
            for number in range(count):
                with clock.frozen_at(now - timedelta(hours=3 * (index * 20 + number) % 200 + 1)):
                    polls.cast_ballot(record, Participant.new_anonymous(), list(ranking), language=language)
        residents = list(Participant.objects.filter(user__username__startswith="demo.").order_by("pk")[:3])
        users = get_user_model()
        if len(residents) < 3:
            residents = [
                Participant.objects.get_or_create(user=users.objects.get_or_create(username=f"demo.scenario{i}")[0])[0]
                for i in range(3)
            ]
        for author, (code, language, body) in zip(residents, spec["comments"]):
            polls.add_option_comment(record, author, code, body, language)
    return page
