"""The demo citizen proposals of Lindenhoven: 25 proposals in every state.

Rules as in Linz: 30 supports within 60 days; the city answers within 90 days. Four proposals
are waiting for the city's answer (one of them overdue), two were answered, four expired, one is
ineligible, two wait for prescreening and two are drafts. ``published`` is days before the seeding
day (None: not published), ``supports`` online supports, ``offline`` (count, channel, note).
Everything is made up.
"""

PAGE = {
    "en": {
        "title": "Citizen proposals",
        "slug": "citizen-proposals",
        "intro": "<p>Put your own subject on the city's agenda, at any time. Start a proposal, gather support from your neighbours, and the city answers.</p>",
        "promise": "<p>Every proposal that reaches the threshold is discussed by the college of mayor and aldermen. We publish the answer here, with the reasons, within 90 days, and tell everyone who follows the proposal by e-mail.</p>",
        "search_description": "Start a proposal for Lindenhoven. With 30 supports within 60 days, the city answers within 90 days.",
    },
    "nl": {
        "title": "Burgervoorstellen",
        "slug": "burgervoorstellen",
        "intro": "<p>Zet je eigen onderwerp op de agenda van de stad, wanneer je wil. Start een voorstel, verzamel steun bij je buren, en de stad antwoordt.</p>",
        "promise": "<p>Elk voorstel dat de drempel haalt, bespreekt het college van burgemeester en schepenen. We publiceren het antwoord hier, met de redenen, binnen 90 dagen, en mailen iedereen die het voorstel volgt.</p>",
        "search_description": "Start een voorstel voor Lindenhoven. Met 30 steunbetuigingen binnen 60 dagen antwoordt de stad binnen 90 dagen.",
    },
}

THRESHOLD, WINDOW_DAYS, ANSWER_DAYS = 30, 60, 90
SUPPORTERS = 70  # anonymous demo supporters (supporting is open to anyone on the demo page)


def _p(key, state, title, body, *, language="en", author=0, published=None, supports=0, topics=("living-environment",),
       area=None, **extra):
    return {"key": key, "state": state, "title": title, "body": body, "language": language, "author": author,
            "published": published, "supports": supports, "topics": list(topics), "area": area, **extra}


PROPOSALS = [
    # -- waiting for the city's answer (threshold reached) -------------------------------------------
    _p("playground-molenpark", "threshold_reached", "A playground in the Molenpark",
       "The Molenpark has grass and benches but nothing for children to climb on. The nearest playground is 1.5 km away, across the Noordlaan. A small playground with a climbing frame and a sandpit near the Kapelstraat entrance would serve the 400 families around the park.",
       author=0, published=40, supports=41, topics=("green-space", "youth"), area="noord"),
    _p("water-fountains", "threshold_reached", "Drinking water fountains in the town centre",
       "In the heat of last summer there was nowhere to fill a bottle in the centre. Three drinking fountains, at the Grote Markt, the Stationsplein and the library, would help children, elderly people and everyone who walks or cycles.",
       author=1, published=25, supports=33, topics=("climate", "living-environment"), area="centrum"),
    _p("repair-cafe", "threshold_reached", "Een vaste plek voor het repaircafé",
       "Het repaircafé verhuist elke maand naar een ander zaaltje. Geef ons een vaste ruimte, één zaterdag per maand, in het buurthuis De Linde. Vorig jaar herstelden vrijwilligers meer dan 600 toestellen die anders bij het afval waren beland.",
       language="nl", author=2, published=30, supports=24, offline=[(9, "paper", "Signature lists at the library, March–April"), (4, "meeting", "Neighbourhood meeting Oost, 14 April")],
       topics=("climate",), area="oost"),
    _p("bus-shelter-zuid", "threshold_reached", "A bus shelter at the Zuid health centre",
       "Patients wait for bus 12 at the health centre in the rain and wind, many of them elderly. A shelter with a bench and a timetable would cost little and help hundreds of people every week.",
       author=3, published=150, supports=38, reached_day=35, topics=("mobility",), area="zuid", overdue=True),
    # -- answered ----------------------------------------------------------------------------------
    _p("night-bus", "answered", "A night bus on Friday and Saturday",
       "The last bus from the station leaves at 23:10. Young people who work in the hospitality sector, and everyone going out, have no safe way home. Run a night bus every hour until 03:00 on Friday and Saturday nights.",
       author=4, published=200, supports=52, reached_day=21, topics=("mobility", "youth"),
       answer=(60, "accepted", "The college agrees. From next September a night bus runs every hour until 03:00 on Friday and Saturday nights, first as a one-year trial with De Lijn.")),
    _p("skatepark-roof", "answered", "A roof over the skatepark",
       "The skatepark at the sports centre is empty half the year because it is wet. A roof would let young people skate in autumn and winter too.",
       author=5, published=180, supports=34, reached_day=45, topics=("youth",), area="zuid",
       answer=(30, "rejected", "We understand the wish, but a roof over the whole park would cost about €900,000 and needs a building permit the province will not give in this flood zone. Instead, the skatepark gets better drainage this summer so it dries within an hour after rain.")),
    # -- collecting supports -----------------------------------------------------------------------
    _p("benches-kanaaldijk", "published", "Benches along the Kanaaldijk",
       "The path along the canal is 3 km long without a single bench. For older walkers a bench every 500 metres would make it possible to walk the whole way.",
       author=6, published=12, supports=19, topics=("living-environment", "green-space"), area="noord"),
    _p("library-sunday", "published", "Open the library on Sunday afternoon",
       "Students have nowhere quiet to study on Sundays, and families would love a place to go when it rains. Open the library from 13:00 to 17:00 on Sundays, at least in the exam periods.",
       author=7, published=50, supports=22, topics=("youth",), area="centrum"),
    _p("tiny-forest", "published", "Een tiny forest op het braakliggende terrein aan de Beekstraat",
       "Het terrein aan de Beekstraat ligt al vijf jaar braak. Plant er een tiny forest van 200 m², samen met de school en de buurt. Het koelt de straat in de zomer en de kinderen leren er over de natuur.",
       language="nl", author=8, published=5, supports=11, topics=("green-space", "climate"), area="noord"),
    _p("cycle-parking-station", "published", "Covered cycle parking at the station",
       "Every morning all 300 places at the station are full by 7:45 and bikes are left against every fence. Build a covered cycle park with at least 500 places and a few spaces for cargo bikes.",
       author=9, published=58, supports=27, topics=("mobility", "climate"), area="centrum"),
    _p("dog-park", "published", "A fenced dog park in Oost",
       "There is no place in Oost where dogs may run off the lead. A fenced field of about 2,000 m² in the Eikenpark would keep dogs out of the children's play area.",
       author=10, published=20, supports=8, topics=("green-space",), area="oost"),
    _p("public-toilets", "published", "Public toilets at the Grote Markt",
       "On market days and during events there is no public toilet in the centre. A clean, accessible toilet at the Grote Markt would help older people, parents with children and visitors.",
       author=11, published=33, supports=14, topics=("living-environment",), area="centrum"),
    _p("solar-school-roofs", "published", "Solar panels on every school roof",
       "The roofs of our primary schools are empty. Put solar panels on them, and let the schools use the savings for their pupils.",
       author=12, published=2, supports=3, topics=("climate",)),
    _p("street-lights-led", "published", "Dim the street lights after midnight",
       "Many streets are lit at full strength all night. Dimming LED lights after midnight saves energy and is better for bats and insects, while the main roads stay bright.",
       author=13, published=44, supports=16, topics=("climate",)),
    _p("speed-display", "published", "Speed displays at the entrances of the town",
       "Drivers come into town at 70 where the limit is 50. Speed displays that show your speed and a smiley at the five entrance roads slow people down without fines.",
       author=14, published=15, supports=21, topics=("mobility",)),
    _p("community-garden", "published", "A community garden behind the town hall",
       "The lawn behind the town hall is never used. Let residents grow vegetables there in raised beds, with a water tap and a tool shed.",
       author=15, published=9, supports=6, topics=("green-space",), area="centrum",
       fraud=(5, "Five supports from the same device within one minute")),
    # -- expired -----------------------------------------------------------------------------------
    _p("ice-rink", "expired", "An ice rink on the Grote Markt in December",
       "Other towns have a small ice rink in the Christmas period. It would bring people to the centre and the shops.",
       author=16, published=100, supports=17, topics=("living-environment",), area="centrum"),
    _p("free-parking-saturday", "expired", "Free parking on Saturday mornings",
       "Make parking free on Saturday mornings so people shop in the centre instead of at the malls.",
       author=17, published=85, supports=9, topics=("mobility",), area="centrum"),
    _p("pump-track", "expired", "Een pumptrack in het sportpark",
       "Een pumptrack voor fietsen, steps en skates in het sportpark. Jongeren uit de hele stad zouden er komen.",
       language="nl", author=18, published=75, supports=26, topics=("youth",), area="zuid"),
    _p("fireworks-ban", "expired", "No fireworks on New Year's Eve",
       "Pets panic, the air is full of smoke and the streets are covered in litter. Replace private fireworks by one light show.",
       author=19, published=120, supports=21, topics=("living-environment", "climate")),
    # -- ineligible --------------------------------------------------------------------------------
    _p("motorway-noise", "ineligible", "Noise barriers along the E40",
       "Since the motorway was widened, the noise in Zuid is unbearable at night. Build noise barriers along the houses between exits 20 and 21.",
       author=20, published=18, supports=12, topics=("living-environment",), area="zuid",
       ineligible="The E40 and its noise barriers are managed by the Flemish Roads Agency, not by the city. We have sent your proposal and its supporters' number to the agency and will publish their answer here."),
    # -- waiting for prescreening ------------------------------------------------------------------
    _p("swimming-pool-hours", "prescreening", "Longer opening hours at the swimming pool",
       "The pool closes at 19:00. People who work cannot swim in the evening. Open until 21:30 at least two evenings a week.",
       author=21, topics=("youth",)),
    _p("market-thursday", "prescreening", "Een avondmarkt op donderdag",
       "Een kleine avondmarkt met lokale producten op donderdag van 16 tot 20 uur op het Stationsplein.",
       language="nl", author=22, topics=("living-environment",), area="centrum"),
    # -- drafts (only their authors see them) ------------------------------------------------------
    _p("book-swap", "draft", "Book swap cabinets in every neighbourhood",
       "Small cabinets where people leave and take books, one in each neighbourhood.", author=23),
    _p("tree-adoption", "draft", "Adopt a street tree",
       "Let residents adopt the young tree in front of their house and water it in dry summers.", author=24),
]

COMMENTS = [
    ("playground-molenpark", 5, "Yes please. Our kids now play on the street because the park has nothing for them.", "en"),
    ("playground-molenpark", 9, "Maybe also a few shaded benches for the parents and grandparents?", "en"),
    ("night-bus", 2, "Finally! My daughter works at a restaurant until midnight.", "en"),
    ("repair-cafe", 12, "Ik help graag mee als vrijwilliger aan de naaimachines.", "nl"),
    ("bus-shelter-zuid", 7, "My mother waits there twice a week for her physiotherapy. A bench would already help.", "en"),
]
