"""Text of the demo city Lindenhoven, in English and Dutch. Days are relative to the seeding moment."""

HOME = {
    "en": {
        "title": "Lindenhoven",
        "intro": "Welcome to the city of Lindenhoven. Help shape your city: share ideas, vote and follow what happens with your input.",
    },
    "nl": {
        "title": "Lindenhoven",
        "intro": "Welkom bij de stad Lindenhoven. Bouw mee aan je stad: deel ideeën, stem mee en volg wat er met je inbreng gebeurt.",
    },
}

INDEX = {
    "en": {
        "title": "Have your say",
        "slug": "participate",
        "intro": "<p>Lindenhoven asks residents for input before decisions are made. Here you find every project that is open, coming up or finished, and what was done with your input.</p>",
    },
    "nl": {
        "title": "Doe mee",
        "slug": "doe-mee",
        "intro": "<p>Lindenhoven vraagt inwoners om inbreng voordat er beslist wordt. Hier vind je elk project dat loopt, eraan komt of afgelopen is, en wat er met je inbreng gebeurde.</p>",
    },
}

PRIVACY = {
    "en": {
        "title": "Privacy policy",
        "slug": "privacy",
        "body": "<p>Lindenhoven only asks for the personal data a participation method needs, explains why on every form, never uses it commercially and deletes it when you delete your account. Contact our data protection officer at privacy@lindenhoven.example.</p>",
    },
    "nl": {
        "title": "Privacybeleid",
        "slug": "privacy",
        "body": "<p>Lindenhoven vraagt alleen de persoonsgegevens die een participatiemethode nodig heeft, legt op elk formulier uit waarom, gebruikt ze nooit commercieel en verwijdert ze wanneer je je account verwijdert. Contact: privacy@lindenhoven.example.</p>",
    },
}

TERMS = {
    "en": {
        "title": "Terms of use",
        "slug": "terms",
        "body": "<p>Be respectful, stay on topic and do not share other people's personal data. Moderators may hide contributions that break these rules and will tell you why.</p>",
    },
    "nl": {
        "title": "Gebruiksvoorwaarden",
        "slug": "voorwaarden",
        "body": "<p>Wees respectvol, blijf bij het onderwerp en deel geen persoonsgegevens van anderen. Moderatoren kunnen bijdragen die deze regels overtreden verbergen en vertellen je waarom.</p>",
    },
}

TOPICS = [
    {"slug": "mobility", "en": {"name": "Mobility"}, "nl": {"name": "Mobiliteit"}},
    {"slug": "living-environment", "en": {"name": "Living environment"}, "nl": {"name": "Leefomgeving"}},
    {"slug": "climate", "en": {"name": "Climate"}, "nl": {"name": "Klimaat"}},
    {"slug": "green-space", "en": {"name": "Green space"}, "nl": {"name": "Groen"}},
    {"slug": "youth", "en": {"name": "Youth"}, "nl": {"name": "Jeugd"}},
]

AREAS = [
    {"slug": "noord", "en": {"name": "Noord", "postal_codes": "3001, 3002"}, "nl": {"name": "Noord"}},
    {"slug": "centrum", "en": {"name": "Centrum", "postal_codes": "3000"}, "nl": {"name": "Centrum"}},
    {"slug": "zuid", "en": {"name": "Zuid", "postal_codes": "3010, 3011"}, "nl": {"name": "Zuid"}},
    {"slug": "oost", "en": {"name": "Oost", "postal_codes": "3020"}, "nl": {"name": "Oost"}},
]

DEPARTMENTS = [
    {
        "slug": "mobility",
        "en": {"name": "Mobility department", "email": "mobiliteit@lindenhoven.example"},
        "nl": {"name": "Dienst Mobiliteit"},
    },
    {
        "slug": "environment",
        "en": {"name": "Environment and climate department", "email": "klimaat@lindenhoven.example"},
        "nl": {"name": "Dienst Omgeving en Klimaat"},
    },
]


def _phase(kind, start, days, en_title, en_description, nl_title, nl_description):
    return {
        "type": kind,
        "start": start,
        "days": days,
        "en": {"title": en_title, "description": en_description},
        "nl": {"title": nl_title, "description": nl_description},
    }


PROJECTS = [
    {
        "topics": ["mobility", "youth"],
        "areas": ["noord"],
        "department": "mobility",
        "picture": {
            "title": "Safe routes to school",
            "draw": {"name": "school-routes", "sky": (0, 90, 112), "ground": (24, 52, 66), "accent": (242, 169, 0)},
        },
        "en": {
            "title": "Safe routes to school in Noord",
            "slug": "safe-routes-to-school",
            "policy_stage": "policy_formulation",
            "intro": "Which crossings and streets in Noord feel unsafe on the way to school? Tell us before we redesign them.",
            "goal": "<p>Make walking and cycling to the four primary schools in Noord safe enough that parents let children go on their own.</p>",
            "who_can_take_part": "<p>Everyone who lives, works or goes to school in Noord, children included (with help from a parent or teacher).</p>",
            "what_happens_with_input": "<p>The mobility department maps every spot you mention, visits the ten most named ones with the schools, and proposes measures to the council.</p>",
            "decision_criteria": "<p>Safety for children first, then how many people a measure helps, then cost. The council decides within the 2027 budget.</p>",
            "next_steps": "<p>After the input phase we analyse the input (about four weeks) and publish the proposed measures here before the council decides.</p>",
            "contact_name": "Sara Peeters",
            "contact_email": "mobiliteit@lindenhoven.example",
            "contact_phone": "+32 16 00 00 00",
        },
        "nl": {
            "title": "Veilige schoolroutes in Noord",
            "slug": "veilige-schoolroutes",
            "intro": "Welke kruispunten en straten in Noord voelen onveilig op weg naar school? Vertel het ons voordat we ze heraanleggen.",
            "goal": "<p>Stappen en fietsen naar de vier basisscholen in Noord zo veilig maken dat ouders kinderen alleen laten gaan.</p>",
            "who_can_take_part": "<p>Iedereen die in Noord woont, werkt of naar school gaat, ook kinderen (met hulp van een ouder of leerkracht).</p>",
            "what_happens_with_input": "<p>De dienst Mobiliteit zet elke plek die je noemt op een kaart, bezoekt de tien meest genoemde samen met de scholen en stelt maatregelen voor aan de gemeenteraad.</p>",
            "decision_criteria": "<p>Eerst de veiligheid van kinderen, dan hoeveel mensen een maatregel helpt, dan de kostprijs. De gemeenteraad beslist binnen het budget van 2027.</p>",
            "next_steps": "<p>Na de inspraakfase analyseren we de inbreng (ongeveer vier weken) en publiceren we hier de voorgestelde maatregelen voordat de gemeenteraad beslist.</p>",
        },
        "phases": [
            _phase(
                "information",
                -24,
                10,
                "Kick-off and school visits",
                "We explain the project at the school gates and in the neighbourhood centre.",
                "Start en schoolbezoeken",
                "We lichten het project toe aan de schoolpoort en in het buurthuis.",
            ),
            _phase(
                "collect",
                -14,
                35,
                "Share unsafe spots",
                "Name the places that feel unsafe and tell us why.",
                "Deel onveilige plekken",
                "Noem de plekken die onveilig voelen en vertel ons waarom.",
            ),
            _phase(
                "analysis",
                21,
                28,
                "Analysis",
                "The mobility department studies every spot with the schools.",
                "Analyse",
                "De dienst Mobiliteit bekijkt elke plek samen met de scholen.",
            ),
            _phase(
                "decision",
                49,
                21,
                "Council decision",
                "The council decides which measures are built in 2027.",
                "Beslissing gemeenteraad",
                "De gemeenteraad beslist welke maatregelen in 2027 worden uitgevoerd.",
            ),
        ],
    },
    {
        "topics": ["green-space", "climate", "living-environment"],
        "areas": ["centrum"],
        "department": "environment",
        "picture": {
            "title": "A greener Stationsplein",
            "draw": {"name": "stationsplein", "sky": (46, 110, 60), "ground": (30, 60, 40), "accent": (255, 214, 102)},
        },
        "en": {
            "title": "A greener Stationsplein",
            "slug": "greener-stationsplein",
            "policy_stage": "agenda_setting",
            "intro": "The station square is mostly stone. From next month you can choose between three designs with more trees, shade and places to sit.",
            "goal": "<p>Turn the Stationsplein into a cool, green place to wait, meet and pass through, without losing room for bikes and buses.</p>",
            "who_can_take_part": "<p>Everyone: residents, commuters, shop owners and visitors.</p>",
            "what_happens_with_input": "<p>The design most residents prefer becomes the basis of the final plan; your comments decide the details.</p>",
            "decision_criteria": "<p>Shade and biodiversity, accessibility for wheelchairs and prams, maintenance cost, and support in the vote.</p>",
            "next_steps": "<p>Voting opens in two weeks. The final design is presented in spring; works start in autumn.</p>",
        },
        "nl": {
            "title": "Een groener Stationsplein",
            "slug": "groener-stationsplein",
            "intro": "Het Stationsplein is vooral steen. Vanaf volgende maand kies je tussen drie ontwerpen met meer bomen, schaduw en zitplekken.",
            "goal": "<p>Van het Stationsplein een koele, groene plek maken om te wachten, af te spreken en door te lopen, zonder plaats te verliezen voor fietsen en bussen.</p>",
            "who_can_take_part": "<p>Iedereen: inwoners, pendelaars, handelaars en bezoekers.</p>",
            "what_happens_with_input": "<p>Het ontwerp dat de meeste inwoners verkiezen wordt de basis van het definitieve plan; jouw opmerkingen bepalen de details.</p>",
            "decision_criteria": "<p>Schaduw en biodiversiteit, toegankelijkheid voor rolstoelen en kinderwagens, onderhoudskosten en steun in de stemming.</p>",
            "next_steps": "<p>De stemming opent over twee weken. Het definitieve ontwerp wordt in de lente voorgesteld; de werken starten in de herfst.</p>",
        },
        "phases": [
            _phase(
                "vote",
                14,
                28,
                "Choose a design",
                "Compare three designs and pick the one you prefer.",
                "Kies een ontwerp",
                "Vergelijk drie ontwerpen en kies je favoriet.",
            ),
            _phase(
                "analysis",
                42,
                30,
                "Final design",
                "The architects work the chosen design out in detail.",
                "Definitief ontwerp",
                "De architecten werken het gekozen ontwerp in detail uit.",
            ),
            _phase(
                "implementation",
                120,
                180,
                "Works",
                "The square is rebuilt in two stages so the station stays reachable.",
                "Werken",
                "Het plein wordt in twee fasen heraangelegd zodat het station bereikbaar blijft.",
            ),
        ],
    },
    {
        "topics": ["climate"],
        "areas": [],
        "department": "environment",
        "picture": {
            "title": "Climate plan 2030",
            "draw": {"name": "climate-plan", "sky": (33, 70, 140), "ground": (20, 40, 80), "accent": (255, 190, 60)},
        },
        "en": {
            "title": "Climate plan 2030: your priorities",
            "slug": "climate-plan-2030",
            "policy_stage": "evaluation",
            "intro": "Hundreds of residents told us what the climate plan should do first. Read what they said and what the council decided.",
            "goal": "<p>Set the priorities of Lindenhoven's climate plan 2030 together with residents.</p>",
            "who_can_take_part": "<p>All residents aged 14 and over.</p>",
            "what_happens_with_input": "<p>The top priorities were included in the climate plan; every idea received an answer.</p>",
            "decision_criteria": "<p>CO₂ reduction per euro, fairness for low-income households, and support among residents.</p>",
            "next_steps": "<p>The council approved the plan. Progress is reported here every year.</p>",
        },
        "nl": {
            "title": "Klimaatplan 2030: jouw prioriteiten",
            "slug": "klimaatplan-2030",
            "intro": "Honderden inwoners vertelden ons wat het klimaatplan eerst moet doen. Lees wat ze zeiden en wat de gemeenteraad besliste.",
            "goal": "<p>Samen met inwoners de prioriteiten van het klimaatplan 2030 van Lindenhoven bepalen.</p>",
            "who_can_take_part": "<p>Alle inwoners vanaf 14 jaar.</p>",
            "what_happens_with_input": "<p>De belangrijkste prioriteiten staan in het klimaatplan; elk idee kreeg een antwoord.</p>",
            "decision_criteria": "<p>CO₂-besparing per euro, eerlijkheid voor gezinnen met een laag inkomen en draagvlak bij inwoners.</p>",
            "next_steps": "<p>De gemeenteraad keurde het plan goed. De voortgang wordt hier elk jaar gerapporteerd.</p>",
        },
        "phases": [
            _phase(
                "collect",
                -200,
                45,
                "Ideas",
                "Residents shared ideas for the climate plan.",
                "Ideeën",
                "Inwoners deelden ideeën voor het klimaatplan.",
            ),
            _phase(
                "vote",
                -150,
                21,
                "Priorities vote",
                "Residents voted on the twenty most supported ideas.",
                "Stemming prioriteiten",
                "Inwoners stemden over de twintig meest gesteunde ideeën.",
            ),
            _phase(
                "decision",
                -120,
                60,
                "Council decision",
                "The council adopted the climate plan.",
                "Beslissing gemeenteraad",
                "De gemeenteraad keurde het klimaatplan goed.",
            ),
        ],
    },
]

# A fourth project, open only to verified residents of Noord (its methods come with later issues).
PROJECTS.append(
    {
        "topics": ["living-environment", "green-space"],
        "areas": ["noord"],
        "department": "environment",
        "picture": {
            "title": "Neighbourhood budget Noord",
            "draw": {"name": "budget-noord", "sky": (120, 60, 130), "ground": (50, 30, 60), "accent": (255, 200, 80)},
        },
        "en": {
            "title": "Neighbourhood budget Noord",
            "slug": "neighbourhood-budget-noord",
            "policy_stage": "policy_formulation",
            "intro": "€250,000 for Noord, decided by the people of Noord. Propose projects now; vote in spring.",
            "goal": "<p>Let the residents of Noord decide how to spend €250,000 on their own neighbourhood.</p>",
            "who_can_take_part": "<p>Verified residents of Noord aged 14 and over. Every household received a letter with a code; you can also check your details against the register of residents.</p>",
            "what_happens_with_input": "<p>Feasible proposals go to the vote. The projects with the most support that fit the budget are carried out, computed with the Method of Equal Shares so that every part of Noord is heard.</p>",
            "decision_criteria": "<p>Feasible, in Noord, for the public good, and within €80,000 per project.</p>",
            "next_steps": "<p>The city checks every proposal for feasibility in February; the vote runs in March; works start in the summer.</p>",
        },
        "nl": {
            "title": "Wijkbudget Noord",
            "slug": "wijkbudget-noord",
            "intro": "€ 250.000 voor Noord, beslist door de inwoners van Noord. Dien nu projecten in; stem in de lente.",
            "goal": "<p>De inwoners van Noord laten beslissen hoe € 250.000 in hun eigen wijk wordt besteed.</p>",
            "who_can_take_part": "<p>Geverifieerde inwoners van Noord vanaf 14 jaar. Elk gezin kreeg een brief met een code; je kunt ook je gegevens laten nakijken in het bevolkingsregister.</p>",
            "what_happens_with_input": "<p>Haalbare voorstellen gaan naar de stemming. De projecten met de meeste steun die binnen het budget passen worden uitgevoerd, berekend met de Method of Equal Shares zodat elk deel van Noord gehoord wordt.</p>",
            "decision_criteria": "<p>Haalbaar, in Noord, in het algemeen belang en maximaal € 80.000 per project.</p>",
            "next_steps": "<p>De stad toetst elk voorstel in februari op haalbaarheid; de stemming loopt in maart; de werken starten in de zomer.</p>",
        },
        "phases": [
            _phase(
                "collect",
                -7,
                42,
                "Propose projects",
                "Residents of Noord propose projects for their neighbourhood.",
                "Projecten voorstellen",
                "Inwoners van Noord stellen projecten voor hun wijk voor.",
            ),
            _phase(
                "analysis",
                35,
                21,
                "Feasibility check",
                "The city checks every proposal.",
                "Haalbaarheidstoets",
                "De stad toetst elk voorstel.",
            ),
            _phase(
                "vote",
                56,
                21,
                "Vote",
                "Residents of Noord vote on the feasible projects.",
                "Stemming",
                "Inwoners van Noord stemmen over de haalbare projecten.",
            ),
        ],
    }
)

# A made-up register of residents, to try the census match (never a real person).
CENSUS_ROWS = [
    ("postal_code", "house_number", "date_of_birth", "area"),
    ("3001", "12", "03/05/1980", "noord"),
    ("3001", "14", "17/09/1992", "noord"),
    ("3002", "3B", "01/01/1975", "noord"),
    ("3002", "101", "23/11/2001", "noord"),
    ("3000", "7", "12/02/1968", "centrum"),
    ("3010", "4", "02/01/1990", "zuid"),
    ("3011", "22", "30/06/1985", "zuid"),
    ("3020", "9", "15/08/1979", "oost"),
]

DEMO_ACCOUNTS = [
    # (e-mail, level): registered only, confirmed e-mail, verified resident of Noord (census row 2)
    ("resident@lindenhoven.example", "registered"),
    ("confirmed@lindenhoven.example", "confirmed"),
    ("verified@lindenhoven.example", "verified"),
]
