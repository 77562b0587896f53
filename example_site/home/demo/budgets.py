"""The demo participatory budgets of Lindenhoven (issue 6), seeded idempotently.

* "Lindenhoven decides: city budget 2027": voting is open now. A city-wide budget and one budget
  each for Noord and Zuid; registered residents vote city-wide and, once they have shown where they
  live, in their own district. A few hundred ballots are already in.
* "Neighbourhood budget Noord 2026": last year's district budget, closed. Twelve projects, about
  500 ballots of verified residents of Noord; its results page shows the Method of Equal Shares
  beside "most votes first", with what each winner cost its supporters.
* "Recount a real election: Assen 2024": the real ballots of Assen's "Top Idee" 2024 (pabulib),
  imported from ``../shared/data/pabulib`` when that folder exists, counted with the rule Assen used.

Everything but Assen is made up. Ballots are generated from a fixed seed, so every run makes the same.
"""

from __future__ import annotations

import random
import uuid
from datetime import timedelta
from pathlib import Path

from wagtail_participation import clock
from wagtail_participation.budgets import services as budget_service
from wagtail_participation.budgets.models import Budget, BudgetBallot, BudgetPage, BudgetProject
from wagtail_participation.engine.policy import Level
from wagtail_participation.models import Participant, Verification

ASSEN = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "pabulib" / "Netherlands_Assen_2024.pb"


def _phase(kind, start, days, en, nl):
    return {
        "type": kind,
        "start": start,
        "days": days,
        "en": {"title": en, "description": ""},
        "nl": {"title": nl, "description": ""},
    }


def _project(slug, nl_slug, en_title, nl_title, en_intro, nl_intro, phases, areas, picture, **trust):
    en_trust = {key: value[0] for key, value in trust.items()}
    nl_trust = {key: value[1] for key, value in trust.items()}
    return {
        "topics": ["living-environment", "green-space"],
        "areas": areas,
        "department": "environment",
        "picture": picture,
        "en": {"title": en_title, "slug": slug, "policy_stage": "policy_formulation", "intro": en_intro, **en_trust},
        "nl": {"title": nl_title, "slug": nl_slug, "intro": nl_intro, **nl_trust},
        "phases": phases,
    }


CITY_PROJECT = _project(
    "city-budget-2027",
    "stadsbudget-2027",
    "Lindenhoven decides: city budget 2027",
    "Lindenhoven beslist: stadsbudget 2027",
    "€640,000 of next year's budget, decided by residents: €400,000 for the whole city and €120,000 each for Noord and Zuid.",
    "€ 640.000 van het budget van volgend jaar, beslist door de inwoners: € 400.000 voor de hele stad en elk € 120.000 voor Noord en Zuid.",
    [
        _phase("collect", -70, 30, "Propose projects", "Projecten voorstellen"),
        _phase("analysis", -40, 30, "Feasibility check", "Haalbaarheidstoets"),
        _phase("vote", -10, 21, "Vote", "Stemming"),
    ],
    [],
    {
        "title": "City budget 2027",
        "draw": {"name": "city-budget", "sky": (0, 90, 112), "ground": (20, 50, 60), "accent": (242, 169, 0)},
    },
    goal=(
        "<p>Let residents decide how €640,000 is spent on their city and their district.</p>",
        "<p>Inwoners laten beslissen hoe € 640.000 besteed wordt aan hun stad en hun wijk.</p>",
    ),
    who_can_take_part=(
        "<p>Every resident with an account votes city-wide. Residents who have shown where they live also vote in their own district (Noord or Zuid).</p>",
        "<p>Elke inwoner met een account stemt voor de hele stad. Wie heeft laten zien waar hij woont, stemt ook in de eigen wijk (Noord of Zuid).</p>",
    ),
    what_happens_with_input=(
        "<p>The winners are computed with the Method of Equal Shares: every voter gets an equal share of the budget, and a project is funded when its supporters can pay for it together. The council carries them out in 2027.</p>",
        "<p>De winnaars worden berekend met de Method of Equal Shares: elke kiezer krijgt een gelijk deel van het budget, en een project wordt gefinancierd als de voorstanders het samen kunnen betalen. De gemeenteraad voert ze uit in 2027.</p>",
    ),
    decision_criteria=(
        "<p>Only the ballots decide. The rules were fixed before voting opened and cannot change during the vote.</p>",
        "<p>Alleen de stembiljetten beslissen. De regels lagen vast voor de stemming begon en kunnen niet veranderen tijdens de stemming.</p>",
    ),
    next_steps=(
        "<p>Voting closes in about three weeks; the results and the anonymised ballots are published here the same day.</p>",
        "<p>De stemming sluit over ongeveer drie weken; de resultaten en de anonieme stembiljetten verschijnen hier dezelfde dag.</p>",
    ),
)

NOORD_2026_PROJECT = _project(
    "neighbourhood-budget-noord-2026",
    "wijkbudget-noord-2026",
    "Neighbourhood budget Noord 2026",
    "Wijkbudget Noord 2026",
    "Last year the people of Noord spent €250,000 on twelve proposals. See what was funded and why.",
    "Vorig jaar besteedden de inwoners van Noord € 250.000 aan twaalf voorstellen. Bekijk wat gefinancierd werd en waarom.",
    [
        _phase("collect", -420, 35, "Propose projects", "Projecten voorstellen"),
        _phase("vote", -360, 21, "Vote", "Stemming"),
        _phase("implementation", -330, 300, "Carrying out", "Uitvoering"),
    ],
    ["noord"],
    {
        "title": "Neighbourhood budget Noord 2026",
        "draw": {"name": "noord-2026", "sky": (120, 60, 130), "ground": (50, 30, 60), "accent": (255, 200, 80)},
    },
    goal=(
        "<p>Let the residents of Noord decide how €250,000 is spent in their neighbourhood.</p>",
        "<p>De inwoners van Noord laten beslissen hoe € 250.000 in hun wijk besteed wordt.</p>",
    ),
    who_can_take_part=("<p>Verified residents of Noord.</p>", "<p>Geverifieerde inwoners van Noord.</p>"),
    what_happens_with_input=(
        "<p>The funded projects are being built; the results below show which and why.</p>",
        "<p>De gefinancierde projecten worden uitgevoerd; de resultaten hieronder tonen welke en waarom.</p>",
    ),
    decision_criteria=(
        "<p>The Method of Equal Shares, so that every part of Noord is heard. Next to it you see what “most votes first” would have funded.</p>",
        "<p>De Method of Equal Shares, zodat elk deel van Noord gehoord wordt. Ernaast zie je wat “meeste stemmen eerst” gefinancierd zou hebben.</p>",
    ),
    next_steps=(
        "<p>Download the ballots and recount them yourself with any pabulib tool.</p>",
        "<p>Download de stembiljetten en tel ze zelf na met eender welk pabulib-programma.</p>",
    ),
)

ASSEN_PROJECT = _project(
    "recount-assen-2024",
    "hertelling-assen-2024",
    "Recount a real election: Assen 2024",
    "Hertel een echte stemming: Assen 2024",
    "The real, anonymised ballots of Assen's youth budget “Top Idee” 2024 from the public pabulib library, recounted here.",
    "De echte, anonieme stembiljetten van het jongerenbudget “Top Idee” 2024 van Assen uit de publieke pabulib-bibliotheek, hier herteld.",
    [_phase("vote", -600, 15, "Vote (in Assen)", "Stemming (in Assen)")],
    [],
    {
        "title": "Recount Assen 2024",
        "draw": {"name": "assen", "sky": (30, 80, 150), "ground": (20, 40, 80), "accent": (250, 220, 90)},
    },
    goal=(
        "<p>Show how a published ballot file lets anyone check a participatory budget.</p>",
        "<p>Tonen hoe een gepubliceerd stembestand iedereen een participatief budget laat controleren.</p>",
    ),
    who_can_take_part=(
        "<p>Nobody: this vote took place in Assen in 2024 (young people aged 12 to 27).</p>",
        "<p>Niemand: deze stemming vond in 2024 plaats in Assen (jongeren van 12 tot 27 jaar).</p>",
    ),
    what_happens_with_input=(
        "<p>Nothing: these are imported ballots, counted with the rule Assen used (Method of Equal Shares with add1).</p>",
        "<p>Niets: dit zijn ingevoerde stembiljetten, geteld met de regel die Assen gebruikte (Method of Equal Shares met add1).</p>",
    ),
    decision_criteria=(
        "<p>Data: pabulib.org, Netherlands_Assen_2024.</p>",
        "<p>Gegevens: pabulib.org, Netherlands_Assen_2024.</p>",
    ),
    next_steps=(
        "<p>Compare the winners with Assen's published outcome.</p>",
        "<p>Vergelijk de winnaars met de gepubliceerde uitkomst van Assen.</p>",
    ),
)

# (slug, en, nl, cost, popularity, description en) per budget
CITY_BUDGETS = [
    {
        "slug": "city",
        "en": "Whole city",
        "nl": "Hele stad",
        "amount": 400_000,
        "area": None,
        "projects": [
            (
                "Cycle path along the Kanaaldijk",
                "Fietspad langs de Kanaaldijk",
                180_000,
                9,
                "A two-way cycle path of 1.2 km between the Vaartbrug and the station, lit at night.",
            ),
            (
                "Trees for the Stationsplein",
                "Bomen voor het Stationsplein",
                95_000,
                8,
                "Twenty-four trees in planters with benches around them, and water points.",
            ),
            (
                "Open-air swimming spot at the Vaartkom",
                "Openluchtzwemplek aan de Vaartkom",
                150_000,
                6,
                "A supervised swimming area with a pontoon, open in July and August.",
            ),
            (
                "Repair café with a workshop",
                "Repaircafé met werkplaats",
                35_000,
                5,
                "Tools, a workbench and a year's rent for the volunteers' repair café.",
            ),
            (
                "Public toilets in the centre",
                "Openbare toiletten in het centrum",
                60_000,
                7,
                "Two accessible, free toilets near the market, cleaned twice a day.",
            ),
            (
                "Free Wi-Fi in the library garden",
                "Gratis wifi in de bibliotheektuin",
                15_000,
                3,
                "Outdoor Wi-Fi and sockets under a shelter.",
            ),
            (
                "Shade sails on three playgrounds",
                "Schaduwdoeken op drie speelpleinen",
                45_000,
                6,
                "Sun sails over the sandpits of the three busiest playgrounds.",
            ),
            (
                "Night bus on Fridays and Saturdays",
                "Nachtbus op vrijdag en zaterdag",
                120_000,
                5,
                "A bus every hour from midnight to 4 a.m. for one year.",
            ),
            (
                "Drinking fountains",
                "Drinkwaterfonteinen",
                24_000,
                7,
                "Eight drinking fountains along walking and cycling routes.",
            ),
            (
                "Youth centre renovation",
                "Renovatie jeugdhuis",
                140_000,
                4,
                "New roof, insulation and a soundproof rehearsal room.",
            ),
        ],
    },
    {
        "slug": "noord",
        "en": "Noord",
        "nl": "Noord",
        "amount": 120_000,
        "area": "noord",
        "projects": [
            (
                "Crossing guard lights on Kerkstraat",
                "Knipperlichten oversteekplaats Kerkstraat",
                25_000,
                8,
                "Flashing lights and lighting above the zebra crossing at De Regenboog school.",
            ),
            (
                "Community garden at the Heidestraat",
                "Samentuin aan de Heidestraat",
                30_000,
                5,
                "Raised beds, a tool shed and a rain-water tank.",
            ),
            (
                "Benches along the Beek walk",
                "Zitbanken langs de Beekwandeling",
                12_000,
                6,
                "Ten benches every 300 m for older walkers.",
            ),
            (
                "Skate spot in the Noordpark",
                "Skateplek in het Noordpark",
                70_000,
                4,
                "A small concrete skate area with two ramps and a rail.",
            ),
            (
                "Covered bike racks at Atheneum Noord",
                "Overdekte fietsenstalling Atheneum Noord",
                40_000,
                5,
                "Covered racks for 120 bikes.",
            ),
            (
                "Neighbourhood party every summer",
                "Jaarlijks buurtfeest",
                8_000,
                3,
                "Tents, a stage and permits for a street party for three years.",
            ),
        ],
    },
    {
        "slug": "zuid",
        "en": "Zuid",
        "nl": "Zuid",
        "amount": 120_000,
        "area": "zuid",
        "projects": [
            (
                "Playground at the Kastanjeplein",
                "Speeltuin op het Kastanjeplein",
                55_000,
                7,
                "Climbing frame, swings and a fenced area for toddlers.",
            ),
            ("Dog park", "Hondenlosloopweide", 20_000, 4, "A fenced field of 2,000 m² with a gate and bins."),
            (
                "Street lights in the Wilgenlaan",
                "Straatverlichting in de Wilgenlaan",
                35_000,
                6,
                "LED street lights on the dark stretch near the sports hall.",
            ),
            (
                "Outdoor fitness trail",
                "Buitenfitnessparcours",
                30_000,
                5,
                "Eight fitness stations along the park path.",
            ),
            (
                "Little library boxes",
                "Minibibliotheekjes",
                4_000,
                3,
                "Eight book-exchange boxes, built by the local school.",
            ),
            (
                "Flower meadows on the verges",
                "Bloemenweides in de bermen",
                15_000,
                5,
                "Sowing and mowing twice a year instead of every month.",
            ),
        ],
    },
]

NOORD_2026 = {
    "slug": "noord",
    "en": "Noord 2026",
    "nl": "Noord 2026",
    "amount": 250_000,
    "area": "noord",
    "projects": [
        (
            "New playground at the Molenplein",
            "Nieuwe speeltuin op het Molenplein",
            80_000,
            9,
            "A playground for ages 2 to 12 with natural materials.",
        ),
        (
            "Trees on the Noordlaan",
            "Bomen op de Noordlaan",
            60_000,
            8,
            "Thirty trees in the central reservation of the Noordlaan.",
        ),
        (
            "Bike repair point",
            "Fietsherstelpunt",
            6_000,
            5,
            "A free public pump and tool station at the school square.",
        ),
        (
            "Senior meeting room",
            "Ontmoetingsruimte voor senioren",
            45_000,
            6,
            "A furnished room in the neighbourhood centre, open daily.",
        ),
        (
            "Speed bumps on the Heidestraat",
            "Verkeersdrempels in de Heidestraat",
            30_000,
            7,
            "Three speed tables where children cross.",
        ),
        (
            "Lighting on the Kanaaldijk path",
            "Verlichting op het Kanaaldijkpad",
            50_000,
            7,
            "Twelve lamp posts between the Vaartbrug and the Beekstraat.",
        ),
        ("Basketball court", "Basketbalveld", 40_000, 4, "A full court with lighting until 10 p.m."),
        ("Facade gardens", "Geveltuinen", 10_000, 5, "Materials and plants for 100 facade gardens."),
        (
            "Water play in the Noordpark",
            "Waterspeelplek in het Noordpark",
            65_000,
            5,
            "A splash area fed with recycled water.",
        ),
        ("Public barbecue spot", "Publieke barbecueplek", 12_000, 3, "Two fixed barbecues, tables and bins."),
        ("Bird and bat boxes", "Vogel- en vleermuiskasten", 3_000, 2, "Fifty nesting boxes hung by volunteers."),
        (
            "Neighbourhood bus to the hospital",
            "Buurtbus naar het ziekenhuis",
            70_000,
            4,
            "A volunteer-driven bus twice a week for two years.",
        ),
    ],
}


def _localized_area(terms, slug):
    return terms["areas"][slug] if slug else None


def _budget_page(command, project, slug, title_en, title_nl, intro_en, intro_nl, budgets, terms, rules, **page_fields):
    """The budget page below ``project`` (created once, en + nl) with its budgets and projects."""
    page = BudgetPage.objects.child_of(project).filter(slug=slug).first()
    if page is None:
        page = BudgetPage(title=title_en, slug=slug, intro=intro_en, participation_rules=rules, **page_fields)
        order = 0
        for index, budget in enumerate(budgets):
            page.budgets.add(
                Budget(
                    sort_order=index,
                    title=budget["en"],
                    slug=budget["slug"],
                    area=_localized_area(terms, budget["area"]),
                    amount=budget["amount"],
                    ballot_type="knapsack",
                    min_projects=1,
                )
            )
            for name_en, _nl, cost, _pop, description in budget["projects"]:
                page.budget_projects.add(
                    BudgetProject(
                        sort_order=order,
                        budget_slug=budget["slug"],
                        title=name_en,
                        cost=cost,
                        description=description,
                        area=_localized_area(terms, budget["area"]),
                    )
                )
                order += 1
        project.add_child(instance=page)
        page.save_revision().publish()
        page = BudgetPage.objects.get(pk=page.pk)
    translation = command.translate(
        page, {"title": title_nl, "slug": "stemming" if slug == "vote" else slug, "intro": intro_nl}
    )
    if translation is not None:
        dutch = {name_en: name_nl for budget in budgets for name_en, name_nl, *_ in budget["projects"]}
        dutch_budgets = {budget["en"]: budget["nl"] for budget in budgets}
        changed = False
        for row in translation.budget_projects.all():
            if row.title in dutch:
                row.title = dutch[row.title]
                row.save(update_fields=["title"])
                changed = True
        for row in translation.budgets.all():
            if row.title in dutch_budgets and row.title != dutch_budgets[row.title]:
                row.title = dutch_budgets[row.title]
                row.save(update_fields=["title"])
                changed = True
        if changed:
            translation.save_revision().publish()
    return page


def _generate_ballots(page, budgets, count_by_slug, seed, voter_areas, at):
    """Knapsack ballots from voters with their own tastes: each adds projects in an order drawn by
    popularity, skipping what no longer fits, and stops after a few (as people do)."""
    record = page.participation_record
    if BudgetBallot.objects.filter(record=record).exists():
        return 0
    rng = random.Random(seed)
    specs = {spec.slug: spec for spec in budget_service.budget_specs(record)}
    titles = {p.code: p.title for p in page.budget_projects.all()}
    made = 0
    for budget in budgets:
        spec = specs[budget["slug"]]
        popularity = {
            code: next(pop for name, _nl, _c, pop, _d in budget["projects"] if name == titles[code])
            for code in spec.costs
        }
        count = count_by_slug[budget["slug"]]
        area = voter_areas.get(budget["slug"])
        participants = Participant.objects.bulk_create([Participant(token=uuid.uuid4()) for _ in range(count)])
        if area is not None:
            Verification.objects.bulk_create(
                [
                    Verification(participant=p, level=Verification.VERIFIED, area=area, method="demo")
                    for p in participants
                ]
            )
        rows = []
        for participant in participants:
            # A voter's taste: popularity plus a personal twist, so winners are not unanimous.
            weights = {code: popularity[code] * rng.uniform(0.2, 1.8) for code in spec.costs}
            order = sorted(spec.costs, key=lambda code: -weights[code] * rng.random())
            chosen, spent, wanted = [], 0, rng.randint(1, 5)
            for code in order:
                if len(chosen) == wanted:
                    break
                if spent + spec.costs[code] <= spec.rule.budget:
                    chosen.append(code)
                    spent += spec.costs[code]
            moment = at - timedelta(minutes=rng.randint(0, 60 * 24 * 9))
            rows.append(
                BudgetBallot(
                    record=record,
                    budget_code=spec.code,
                    participant=participant,
                    projects=chosen,
                    exclusive_district=False,
                    channel="online",
                    created_at=moment,
                    updated_at=moment,
                )
            )
        BudgetBallot.objects.bulk_create(rows)
        made += len(rows)
    return made


def seed(command, index, terms) -> dict:
    """Create the demo budgets (idempotent). Returns the budget pages by key."""
    now = clock.now()
    pages = {}
    city_project = command.project(index, CITY_PROJECT, terms)
    vote = next(phase for phase in city_project.ordered_phases() if phase.phase_type == "vote")
    pages["city"] = _budget_page(
        command,
        city_project,
        "vote",
        "Vote on the city budget",
        "Stem over het stadsbudget",
        "<p>Choose the projects you want within each budget. You can change your ballot until voting closes.</p>",
        "<p>Kies de projecten die je wilt binnen elk budget. Je kunt je stem wijzigen tot de stemming sluit.</p>",
        CITY_BUDGETS,
        terms,
        {
            "actions": {"vote": {"level": int(Level.REGISTERED), "phases": [vote.code]}},
            "area_keys": [],
            "accept_declared_area": True,
        },
        district_mode="home",
        outcome_rule="mes",
        mes_utility="cost",
        mes_completion="add1",
        mes_greedy_fill=True,
    )
    _generate_ballots(
        pages["city"],
        CITY_BUDGETS,
        {"city": 260, "noord": 120, "zuid": 100},
        "lindenhoven-budget-2027",
        {"noord": terms["areas"]["noord"], "zuid": terms["areas"]["zuid"]},
        now,
    )

    noord_project = command.project(index, NOORD_2026_PROJECT, terms)
    vote = next(phase for phase in noord_project.ordered_phases() if phase.phase_type == "vote")
    pages["noord_2026"] = _budget_page(
        command,
        noord_project,
        "vote",
        "Results: neighbourhood budget Noord 2026",
        "Resultaten: wijkbudget Noord 2026",
        "<p>500 residents of Noord voted. The Method of Equal Shares gave every voter an equal share of €250,000.</p>",
        "<p>500 inwoners van Noord stemden. De Method of Equal Shares gaf elke kiezer een gelijk deel van € 250.000.</p>",
        [NOORD_2026],
        terms,
        {
            "actions": {"vote": {"level": int(Level.VERIFIED), "phases": [vote.code]}},
            "area_keys": [str(terms["areas"]["noord"].translation_key)],
            "accept_declared_area": False,
        },
        district_mode="home",
        outcome_rule="mes",
        mes_utility="cost",
        mes_completion="add1",
        mes_greedy_fill=False,
    )
    _generate_ballots(
        pages["noord_2026"],
        [NOORD_2026],
        {"noord": 500},
        "lindenhoven-noord-2026",
        {"noord": terms["areas"]["noord"]},
        vote.end - timedelta(days=1),
    )

    if ASSEN.exists():
        pages["assen"] = _assen(command, index, terms)
    return pages


def _assen(command, index, terms):
    from wagtail_participation.budgets.engine.pabulib import read_pb

    project = command.project(index, ASSEN_PROJECT, terms)
    page = BudgetPage.objects.child_of(project).filter(slug="top-idee").first()
    if page is None:
        vote = project.ordered_phases()[0]
        page = BudgetPage(
            title="Assen Top Idee 2024",
            slug="top-idee",
            intro="<p>84 young people of Assen chose among 14 ideas for €100,000. Counted here with the Method of Equal Shares and add1, as Assen did.</p>",
            participation_rules={
                "actions": {"vote": {"level": int(Level.VERIFIED), "phases": [vote.code]}},
                "area_keys": [],
            },
            outcome_rule="mes",
            mes_utility="cost",
            mes_completion="add1",
            mes_greedy_fill=False,
        )
        project.add_child(instance=page)
        page.save_revision().publish()
        page = BudgetPage.objects.get(pk=page.pk)
        budget_service.import_election(page, read_pb(ASSEN), None, "assen", "Assen Top Idee 2024")
        page = BudgetPage.objects.get(pk=page.pk)
    command.translate(page, {"title": "Assen Top Idee 2024", "slug": "top-idee"})
    return page
