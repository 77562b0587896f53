"""The demo idea board of "Safe routes to school in Noord": residents, ideas, comments, answers.

Everything is made up (no real person, no real street of a real city), but written the way
residents of a Flemish town write: specific crossings, speeds and school times, half in Dutch,
half in English. ``when`` is ``(days ago, "HH:MM")`` relative to the seeding day; every idea is
posted during the collect phase (which started 14 days before seeding).

Schools in Noord: Basisschool De Regenboog (Kerkstraat), Sint-Jozefschool (Molenstraat),
GO! Basisschool De Linde (Leopoldlaan), Vrije Basisschool Klavertje Vier (Populierenlaan), and the
secondary school Atheneum Noord (Noordlaan).
"""

BOARD = {
    "en": {
        "title": "Unsafe spots on the way to school",
        "slug": "unsafe-spots",
        "question": "Which crossing or street feels unsafe on the way to school, and what would make it safer?",
        "intro": "<p>Name one place per idea: the street or crossing, when it is unsafe (school times, Wednesday noon, dark mornings) and what you would change. Support the spots you recognise. The mobility department answers every idea here.</p>",
        "search_description": "Name the crossings and streets in Noord that feel unsafe on the way to school, and support the spots you recognise.",
    },
    "nl": {
        "title": "Onveilige plekken op weg naar school",
        "slug": "onveilige-plekken",
        "question": "Welk kruispunt of welke straat voelt onveilig op weg naar school, en wat zou het veiliger maken?",
        "intro": "<p>Noem één plek per idee: de straat of het kruispunt, wanneer het onveilig is (schooluren, woensdagmiddag, donkere ochtenden) en wat je zou veranderen. Steun de plekken die je herkent. De dienst Mobiliteit beantwoordt hier elk idee.</p>",
        "search_description": "Noem de kruispunten en straten in Noord die onveilig voelen op weg naar school, en steun de plekken die je herkent.",
    },
}

# Residents who post and comment (accounts without a password: they cannot log in).
RESIDENTS = [
    ("Lotte", "Verbeke"), ("Jeroen", "Claes"), ("Amira", "El Idrissi"), ("Tom", "Wouters"), ("Sofie", "Janssens"),
    ("Pieter", "De Smet"), ("Hanne", "Maes"), ("Karim", "Benali"), ("Els", "Van Damme"), ("Bram", "Peeters"),
    ("Nina", "Goossens"), ("Wouter", "Hermans"), ("Fatma", "Yilmaz"), ("Joris", "Mertens"), ("Ine", "Willems"),
    ("David", "Lemmens"), ("Katrien", "Dubois"), ("Youssef", "Amrani"), ("Griet", "Vermeulen"), ("Stijn", "Jacobs"),
    ("Emma", "Michiels"), ("Luc", "Desmet"), ("Marie", "Aerts"), ("Ruben", "Van Acker"), ("Zeynep", "Kaya"),
]
# Anonymous visitors who only vote (voting is open to anyone during the collect phase).
ANONYMOUS_VOTERS = 45

STAFF = {"username": "sara.peeters", "first_name": "Sara", "last_name": "Peeters", "email": "mobiliteit@lindenhoven.example"}


def _idea(key, language, when, author, title, body, location, votes, topics=("mobility",), **extra):
    return {"key": key, "language": language, "when": when, "author": author, "title": title, "body": body,
            "location": location, "votes": votes, "topics": list(topics), **extra}


IDEAS = [
    # -- Dutch ---------------------------------------------------------------------------------
    _idea("zebra-regenboog", "nl", (13, "20:14"), 0, "Zebrapad aan De Regenboog is bijna onzichtbaar",
          "Het zebrapad in de Kerkstraat ter hoogte van nummer 24, vlak voor de schoolpoort van De Regenboog, is zo versleten dat je de strepen nauwelijks nog ziet. Tussen 8.20 en 8.35 uur steken daar tientallen kinderen over en de helft van de auto's stopt niet. Graag opnieuw schilderen, en een knipperlicht of verlichting erboven voor de donkere ochtenden.",
          "Kerkstraat 24, voor De Regenboog", 19, ("mobility", "youth")),
    _idea("schoolstraat-molenstraat", "nl", (13, "21:02"), 1, "Maak van de Molenstraat een schoolstraat",
          "De Molenstraat is smal en aan de Sint-Jozefschool staan elke ochtend auto's in dubbele file. Sluit het stuk tussen de Kapelstraat en de Beekstraat af voor auto's van 8.15 tot 8.45 uur en van 15.15 tot 15.45 uur, met een hek zoals in andere gemeenten. Bewoners kunnen er stapvoets uitrijden.",
          "Molenstraat, tussen Kapelstraat en Beekstraat", 16, ("mobility", "youth")),
    _idea("opzichter-noordlaan-kerkstraat", "nl", (12, "07:58"), 2, "Gemachtigde opzichter aan het kruispunt Noordlaan–Kerkstraat",
          "Kinderen van Atheneum Noord en De Regenboog moeten de Noordlaan oversteken: vier rijstroken en 70 km/u. De lichten staan er, maar auto's die rechts afslaan rijden door terwijl de kinderen groen hebben. Een gemachtigde opzichter tussen 8.05 en 8.40 uur zou veel schelen, zeker in de winter.",
          "Kruispunt Noordlaan – Kerkstraat", 12),
    _idea("groen-te-kort-leopoldlaan", "nl", (12, "16:40"), 3, "Groen licht voor voetgangers aan de Leopoldlaan is te kort",
          "Aan de lichten Noordlaan–Leopoldlaan is het voetgangerslicht maar een tiental seconden groen. Mijn dochter van acht haalt de overkant niet en staat dan op de middenberm tussen het verkeer. Verleng het groen tijdens de schooluren, of laat voetgangers in één keer oversteken.",
          "Verkeerslichten Noordlaan – Leopoldlaan", 10),
    _idea("fietspad-leopoldlaan-parkeren", "nl", (12, "21:35"), 4, "Ouders parkeren op het fietspad in de Leopoldlaan",
          "Elke ochtend tussen 8.15 en 8.30 uur staan er vijf tot tien auto's met de pinkers op op het fietspad voor GO! De Linde. Fietsende kinderen moeten dan de rijbaan op, tussen de auto's die vertrekken. Paaltjes tussen fietspad en rijbaan en een echte kiss-and-ride-zone verderop zouden helpen.",
          "Leopoldlaan, voor GO! Basisschool De Linde", 14),
    _idea("haag-populierenlaan", "nl", (11, "19:12"), 5, "Haag op de hoek Populierenlaan–Eikenlaan ontneemt alle zicht",
          "De haag op de hoek van de Populierenlaan en de Eikenlaan is bijna twee meter hoog. Kinderen die naar Klavertje Vier fietsen zien de auto's uit de Eikenlaan pas als ze al op het kruispunt staan. Snoei ze tot een meter, dat is een kleine moeite.",
          "Hoek Populierenlaan – Eikenlaan", 9),
    _idea("heidestraat-zone-30", "nl", (11, "22:05"), 6, "Heidestraat: zone 30, maar iedereen rijdt 50",
          "Sinds de werken aan de Ringlaan is de Heidestraat een sluiproute. 's Ochtends tussen 7.45 en 8.30 uur rijden er honderden auto's door, veel te snel voor een zone 30 waar kinderen naar school fietsen. Een paar verkeersdrempels of een wegversmalling aan de kapel zou helpen.",
          "Heidestraat, tussen Ringlaan en Kapelstraat", 12),
    _idea("vrachtwagens-vaartkom", "nl", (10, "08:47"), 7, "Vrachtwagens van de bouwwerf Vaartkom tijdens schooluren",
          "De vrachtwagens van de bouwwerf aan de Vaartkom rijden om 8.15 uur en om 15.30 uur over de Kanaaldijk, net wanneer de kinderen daar fietsen. Met hun dode hoek is dat levensgevaarlijk. Kan de stad venstertijden opleggen: geen werfverkeer tussen 7.45 en 8.45 en tussen 15.00 en 16.00 uur?",
          "Kanaaldijk, ter hoogte van de Vaartkom", 13),
    _idea("verlichting-kanaaldijk", "nl", (10, "18:30"), 8, "Fietspad langs de Kanaaldijk is 's ochtends pikdonker",
          "Van oktober tot maart fietsen de kinderen in het donker naar school. Op het fietspad langs de Kanaaldijk branden drie lantaarns op een rij niet meer, tussen de Vaartbrug en de Beekstraat. Je ziet de putten niet en je wordt zelf ook niet gezien.",
          "Fietspad Kanaaldijk, tussen Vaartbrug en Beekstraat", 10),
    _idea("overweg-spoorwegstraat", "nl", (10, "21:50"), 9, "Overweg Spoorwegstraat: slagbomen lang dicht, jongeren glippen eronder",
          "Aan de overweg in de Spoorwegstraat gaan de slagbomen soms vier minuten dicht. Jongeren die te laat zijn voor het Atheneum glippen eronder door of fietsen over het voetpad rond de bomen. Een veilige fietstunnel of -brug is duur, maar een groter wachtplatform en duidelijke borden zou al iets zijn.",
          "Overweg Spoorwegstraat", 8, ("mobility", "youth")),
    _idea("fietsstraat-kapelstraat", "nl", (9, "12:20"), 10, "Maak van de Kapelstraat een fietsstraat",
          "De Kapelstraat is de kortste weg tussen de nieuwe wijk aan de Heide en drie scholen. Er fietsen 's ochtends meer kinderen dan er auto's rijden. Als fietsstraat mogen auto's fietsers niet meer inhalen en rijden ze maximaal 30 km/u. Rode asfaltlaag en borden, klaar.",
          "Kapelstraat", 9),
    _idea("wegversmalling-sint-jozef", "nl", (9, "20:05"), 11, "Wegversmalling aan de Sint-Jozefschool werkt niet",
          "De wegversmalling in de Molenstraat aan de Sint-Jozefschool is bedoeld om het verkeer te vertragen, maar bestelwagens rijden gewoon met twee wielen over het voetpad om niet te moeten wachten. Net daar wachten de ouders met kinderwagens. Paaltjes op de rand van het voetpad, alstublieft.",
          "Molenstraat, aan de Sint-Jozefschool", 7),
    _idea("bus-lindenplein", "nl", (9, "22:41"), 12, "Bus 4 stopt op het zebrapad aan het Lindenplein",
          "De halte van bus 4 aan het Lindenplein ligt net voor het zebrapad. Als de bus stopt, staat hij half op de oversteekplaats en zien auto's die de bus inhalen de kinderen niet die voor de bus oversteken. Verplaats de halte twintig meter of het zebrapad naar de andere kant.",
          "Lindenplein, halte bus 4", 7),
    _idea("rotonde-ringlaan", "nl", (8, "07:35"), 13, "Rotonde Ringlaan: fietsers hebben voorrang, maar niemand stopt",
          "Op de rotonde Ringlaan–Heidestraat liggen de fietspaden in de voorrang. In de praktijk stopt bijna geen auto die de rotonde verlaat. Mijn zoon (11) is er vorige week bijna aangereden om 8.10 uur. Verhoogde fietsoversteken en haaientanden zouden automobilisten doen vertragen.",
          "Rotonde Ringlaan – Heidestraat", 11, ("mobility", "youth")),
    _idea("voetpad-beekstraat", "nl", (8, "19:48"), 14, "Voetpad in de Beekstraat te smal",
          "Het voetpad in de Beekstraat is op sommige plaatsen amper 80 centimeter breed, en op dinsdag staan er de vuilnisbakken op. Met een kinderwagen en twee kleuters moet je de rijbaan op, waar auto's 50 rijden. Eén kant parkeerverbod en een breder voetpad zou het oplossen.",
          "Beekstraat", 5),
    _idea("oversteek-dorpsstraat", "nl", (7, "13:10"), 15, "Geen oversteekplaats in de Dorpsstraat tussen bakker en kerk",
          "In de Dorpsstraat is er over 400 meter geen enkel zebrapad, terwijl kinderen van De Regenboog er aan de bakker oversteken naar de Kerkstraat. Een zebrapad met middeneiland ter hoogte van de bakker zou een logische plek zijn.",
          "Dorpsstraat, ter hoogte van de bakker", 6),
    _idea("knip-veldstraat", "nl", (7, "21:22"), 16, "Een knip in de Veldstraat tegen sluipverkeer",
          "De Veldstraat wordt gebruikt om de lichten op de Noordlaan te ontwijken. Een knip voor auto's ter hoogte van het speelpleintje (fietsers en voetgangers kunnen door) zou de straat rustig maken voor de kinderen die van de Heide naar Klavertje Vier fietsen.",
          "Veldstraat, aan het speelpleintje", 8),
    _idea("fietsenstalling-regenboog", "nl", (6, "08:55"), 17, "Te weinig fietsenrekken aan De Regenboog",
          "Aan De Regenboog zijn er veertig fietsenrekken voor bijna honderd fietsers. De rest staat op het voetpad van de Kerkstraat, waardoor voetgangers op straat moeten. Extra rekken op de parking naast de turnzaal zouden het voetpad vrijmaken.",
          "Kerkstraat, aan De Regenboog", 4, ("mobility", "youth")),
    _idea("vaartbrug-fietspad", "nl", (6, "17:15"), 18, "Fietspad op de Vaartbrug stopt plots",
          "Wie vanuit de Vaartkom naar school fietst, komt op de Vaartbrug: het fietspad houdt halverwege gewoon op en je moet invoegen tussen de auto's, op de helling. Een doorlopend, afgescheiden fietspad over de brug is dringend nodig.",
          "Vaartbrug", 13),
    _idea("kiss-and-ride-schoolstraat", "nl", (6, "20:30"), 19, "Kiss-and-ride verplaatsen naar de parking Schoolstraat",
          "Ouders die met de auto komen, stoppen nu in de Kerkstraat zelf. Op de parking in de Schoolstraat is 's ochtends plaats genoeg. Maak daar een kiss-and-ride-zone met een veilig wandelpad van 150 meter naar de schoolpoort.",
          "Parking Schoolstraat", 6),
    _idea("woensdag-de-linde", "nl", (5, "12:25"), 20, "Woensdagmiddag om 12 uur: chaos aan GO! De Linde",
          "Op woensdag gaan alle scholen tegelijk uit om 12 uur, en dan staat de Leopoldlaan vol auto's van ouders en grootouders. Kinderen lopen tussen draaiende auto's door. Zou een gemachtigde opzichter of een tijdelijke afsluiting op woensdag helpen?",
          "Leopoldlaan, aan GO! De Linde", 7, ("mobility", "youth")),
    _idea("putten-brusselsesteenweg", "nl", (5, "18:05"), 21, "Putten en boomwortels in het fietspad Brusselsesteenweg",
          "Op het fietspad langs de Brusselsesteenweg, tussen de Ringlaan en de Beekstraat, duwen boomwortels de tegels omhoog. In het donker vallen er regelmatig kinderen. Herstellen en een vlak asfaltfietspad aanleggen, graag.",
          "Fietspad Brusselsesteenweg", 5),
    _idea("trajectcontrole-noordlaan", "nl", (5, "21:44"), 22, "Trajectcontrole op de Noordlaan",
          "Op de Noordlaan wordt veel sneller dan 70 gereden, ook 's ochtends tussen de twee scholen. Een trajectcontrole tussen de Ringlaan en de Vaartbrug zou het gedrag echt veranderen, meer dan een flitspaal waarvoor iedereen even remt.",
          "Noordlaan, tussen Ringlaan en Vaartbrug", 9),
    _idea("wachthokje-kerkstraat", "nl", (4, "07:50"), 23, "Bushalte Kerkstraat: kinderen wachten op de rijbaan",
          "Aan de bushalte Kerkstraat-Noord is geen wachthokje en het voetpad is er smal. Als het regent, staan de kinderen van het Atheneum tegen de gevel of op de rijbaan te wachten. Een wachthokje en een breder perron zouden veel veiliger zijn.",
          "Bushalte Kerkstraat-Noord", 4, ("mobility", "youth")),
    _idea("verlichting-wilgenpad", "nl", (4, "19:33"), 24, "Straatverlichting op het Wilgenpad kapot",
          "Het Wilgenpad, het wandelpad van de Wilgenstraat naar de achteringang van Klavertje Vier, is 's ochtends volledig donker: de twee lantaarns branden al weken niet. Kinderen nemen nu de omweg langs de Populierenlaan, waar het drukker is.",
          "Wilgenpad", 6),
    _idea("fietsbus", "nl", (3, "20:10"), 0, "Een fietsbus vanaf het Lindenplein",
          "Geen infrastructuur, wel een idee: een fietsbus die elke vrijdag om 8.05 uur vertrekt aan het Lindenplein en langs de vier scholen rijdt, begeleid door ouders in fluohesjes. Kan de stad helpen met hesjes, een vaste route en een verzekering voor de begeleiders?",
          "Lindenplein", 8, ("youth", "mobility")),
    _idea("dubbele-lijn-molenstraat", "nl", (3, "22:15"), 3, "Ouders stoppen op de dubbele witte lijn in de Molenstraat",
          "Vlak voor de bocht in de Molenstraat stoppen ouders op de dubbele witte lijn om hun kinderen uit te laten. Auto's van achteren moeten dan over de dubbele lijn inhalen, in de bocht, recht op de fietsende kinderen af. Een paar weken controle door de politie zou al veel doen.",
          "Molenstraat, bocht aan nummer 60", 3),
    _idea("landbouwverkeer-bosstraat", "nl", (2, "08:40"), 6, "Tractoren in de Bosstraat tijdens schooluren",
          "In de Bosstraat rijden in het oogstseizoen brede tractoren en aanhangwagens, ook rond 8.15 uur. De straat heeft geen fietspad en de bermen zijn zacht. Spreek met de landbouwers af om het drukke halfuur te mijden, of leg een fietspad aan.",
          "Bosstraat", 3),
    _idea("paaltjes-hoogstraat", "nl", (2, "18:20"), 9, "Paaltjes midden op het voetpad in de Hoogstraat",
          "De nieuwe paaltjes in de Hoogstraat staan midden op het voetpad in plaats van op de rand. Met een kinderwagen of rolstoel moet je de rijbaan op. Verplaats ze een halve meter.",
          "Hoogstraat", 2),
    _idea("voorrang-rechts-rozenstraat", "nl", (1, "19:05"), 13, "Voorrang van rechts op het kruispunt Rozenstraat–Meiboomstraat",
          "Op dit kruispunt geldt voorrang van rechts, maar niemand lijkt het te weten: wie uit de Meiboomstraat komt, rijdt door. Kinderen die met de fiets uit de Rozenstraat komen, rekenen op hun voorrang. Een verhoogd kruispunt met een andere kleur zou de situatie duidelijk maken.",
          "Kruispunt Rozenstraat – Meiboomstraat", 2),
    # -- English -------------------------------------------------------------------------------
    _idea("noordlaan-aldi", "en", (13, "18:25"), 7, "Children cross the Noordlaan between cars near the supermarket",
          "There is no crossing on the Noordlaan for 600 metres between the Kerkstraat lights and the Vaartbrug. Pupils of Atheneum Noord who live in the flats behind the supermarket cross four lanes of 70 km/h traffic between queuing cars, every morning around 8:10. Please add a signalled crossing at the supermarket entrance.",
          "Noordlaan, at the supermarket entrance", 17, ("mobility", "youth")),
    _idea("raised-crossing-klavertje", "en", (13, "22:10"), 10, "A raised crossing at the gate of Klavertje Vier",
          "On the Populierenlaan cars still do 40 to 50 km/h right past the school gate. A raised crossing (a plateau the full width of the street) in front of the gate would slow everyone down without needing police checks.",
          "Populierenlaan, at Klavertje Vier", 10),
    _idea("right-turn-leopoldlaan", "en", (12, "08:30"), 12, "Drivers turning right into Kerkstraat do not see cyclists",
          "At the junction of Leopoldlaan and Kerkstraat, cars and vans turning right cut across the cycle lane just when children cycle straight on to De Regenboog. A blind-spot mirror helps a bit, but an advanced stop line for bikes and a separate green phase would really fix it.",
          "Junction Leopoldlaan – Kerkstraat", 9),
    _idea("double-parking-molenstraat", "en", (12, "20:55"), 15, "Double parking on Molenstraat at 8:25",
          "Every school morning from about 8:20 to 8:35 there are big cars double-parked along Molenstraat with the engine running. Children squeeze out between parked cars into moving traffic. Parking enforcement two or three mornings a week would change habits quickly.",
          "Molenstraat, at the Sint-Jozefschool", 7),
    _idea("school-street-kerkstraat", "en", (11, "21:18"), 17, "Close Kerkstraat to cars at school times",
          "Like the idea for Molenstraat: make the part of Kerkstraat between the church and the Dorpsstraat a school street, closed to through traffic from 8:15 to 8:45 and from 15:15 to 15:45 (Wednesday 11:45 to 12:15). Residents and deliveries can still drive at walking pace.",
          "Kerkstraat, between the church and Dorpsstraat", 14, ("mobility", "youth")),
    _idea("crossing-guard-days", "en", (11, "07:42"), 19, "The crossing guard at Sint-Jozef only comes on Mondays and Thursdays",
          "The volunteer crossing guard at Molenstraat does a great job, but there is nobody on the other days. Could the city recruit more volunteers, or pay a guard for the 8:10 to 8:40 slot? The children do not get any safer on Tuesdays.",
          "Molenstraat – Kapelstraat", 8, ("mobility", "youth")),
    _idea("lorry-route", "en", (10, "19:40"), 21, "The lorry route to the business park passes two schools",
          "The signposted lorry route from the motorway to the business park runs along the Guldensporenlaan and past both De Linde and Klavertje Vier. At 8:00 to 8:45 it is lorry after lorry. Could the route be signposted via the Ringlaan instead, at least during school hours?",
          "Guldensporenlaan", 12),
    _idea("cycle-path-ringlaan-ends", "en", (10, "22:30"), 23, "The cycle path on Ringlaan ends at the roundabout",
          "Coming from the Heide estate, the separated cycle path on Ringlaan simply stops 50 metres before the roundabout, and you have to merge with cars that are accelerating. My twelve-year-old does this every morning. Please continue the cycle path up to the roundabout.",
          "Ringlaan, before the Heidestraat roundabout", 7),
    _idea("button-lindenplein", "en", (9, "08:05"), 1, "The crossing button at Lindenplein takes 90 seconds",
          "At the signalled crossing on Lindenplein you wait up to 90 seconds after pressing the button. Children do not wait that long: they run across on red as soon as there is a gap. A shorter waiting time at school times would make them actually use the crossing.",
          "Lindenplein, signalled crossing", 10),
    _idea("speed-bumps-eikenlaan", "en", (9, "17:50"), 4, "Speed bumps on Eikenlaan are too gentle",
          "The speed bumps on Eikenlaan are so gentle that cars go over them at 50 without slowing down. Steeper bumps, or speed cushions that buses can straddle, would actually make drivers keep to 30 near the school.",
          "Eikenlaan", 6),
    _idea("hidden-exit-sint-jozef", "en", (9, "21:05"), 5, "Parked vans hide the exit of the Sint-Jozefschool",
          "Delivery vans for the shops park right next to the side exit of the Sint-Jozefschool on Kapelstraat. Children step out from behind the van straight onto the street. A no-parking zone of ten metres on each side of the exit would give drivers and children a chance to see each other.",
          "Kapelstraat, side exit of the Sint-Jozefschool", 5),
    _idea("leaves-kanaaldijk", "en", (8, "07:20"), 8, "Wet leaves and ice on the Kanaaldijk cycle path",
          "The cycle path along the Kanaaldijk is never swept in autumn and never gritted in winter, while the road next to it is. Last week two children slipped on wet leaves at the bend near the Vaartbrug. Please put this path on the gritting and sweeping route before school time.",
          "Kanaaldijk cycle path, bend near the Vaartbrug", 6),
    _idea("bus-stop-atheneum", "en", (8, "16:35"), 11, "A safe waiting area at the bus stop of Atheneum Noord",
          "At 15:50 about a hundred pupils wait for buses at the stop in front of Atheneum Noord, on a pavement that is two metres wide next to 70 km/h traffic. There is no barrier. A wider platform with a railing along the kerb would stop pushing and shoving from ending up on the road.",
          "Noordlaan, bus stop Atheneum Noord", 8, ("mobility", "youth")),
    _idea("one-way-tiensestraat", "en", (8, "20:45"), 14, "Make Tiensestraat one-way during school times",
          "Tiensestraat is too narrow for two cars to pass, so drivers swerve onto the pavement where children walk to De Linde. One-way traffic towards the Ringlaan, at least from 7:30 to 9:00, would leave room for a proper pavement.",
          "Tiensestraat", 4),
    _idea("e-scooters", "en", (7, "08:15"), 16, "Shared e-scooters parked on the pavement near the schools",
          "Every morning there are shared e-scooters lying on the pavement of Kerkstraat and Leopoldlaan, and teenagers race along the pavement on them. Children with their parents have to step around them into the street. Please ban them from the school streets or set up fixed parking spots.",
          "Kerkstraat and Leopoldlaan", 4),
    _idea("delivery-reversing", "en", (7, "19:30"), 18, "Delivery lorries reversing in Dorpsstraat at 8:30",
          "The supermarket in Dorpsstraat gets its deliveries at 8:30, right when children walk to De Regenboog. The lorry reverses onto the pavement into the loading bay, with a beeper but without anyone guiding it. Deliveries before 8:00 or after 9:00 would solve it.",
          "Dorpsstraat, supermarket loading bay", 7),
    _idea("school-zone-gates", "en", (6, "21:10"), 20, "Bright school-zone gates at both ends of Kerkstraat",
          "Drivers only notice they are in a school zone when they are already at the gate. Colourful gates or painted markings at both ends of Kerkstraat (as some towns do with flower boxes and children's drawings) would tell everyone: slow down, children here.",
          "Kerkstraat, both ends", 5, ("mobility", "youth")),
    _idea("zebra-after-bend", "en", (6, "07:55"), 22, "The zebra crossing on Lindenplein is right behind a bend",
          "Coming from the Brusselsesteenweg you take a bend and immediately there is the zebra crossing at the bakery on Lindenplein. In the dark, drivers see children on the crossing far too late. Move it ten metres or put a warning sign with a flashing light before the bend.",
          "Lindenplein, zebra crossing at the bakery", 7),
    _idea("railway-tunnel", "en", (5, "19:20"), 24, "The pedestrian tunnel under the railway feels unsafe",
          "The pedestrian tunnel under the railway at Spoorwegstraat is dark, smells and is full of graffiti. Many children avoid it and cross at the level crossing instead, or wait there for minutes when the barriers are down. Better lighting, a mirror at the bend and regular cleaning would make it the route parents choose.",
          "Spoorwegstraat, pedestrian tunnel", 9, ("mobility", "youth")),
    _idea("car-free-friday", "en", (5, "22:00"), 2, "A car-free Friday morning around the four schools",
          "Try it for one term: every Friday from 8:00 to 8:45 the streets around the four primary schools are closed to cars, and we see who walks and cycles. Schools could give a sticker to every child who came on foot or by bike.",
          "Around the four primary schools in Noord", 7, ("youth", "mobility")),
    _idea("hidden-30-sign", "en", (4, "08:20"), 5, "The 30 zone sign on Heidestraat is hidden behind a tree",
          "Entering Heidestraat from the Ringlaan, the zone 30 sign is completely covered by the leaves of a lime tree from May to October. Drivers honestly do not know the limit. Move the sign or prune the tree, and paint a big 30 on the road.",
          "Heidestraat, entrance from Ringlaan", 4),
    _idea("vaartkom-flats", "en", (4, "20:50"), 7, "Children from the Vaartkom flats have no safe route at all",
          "From the new flats at the Vaartkom, children have to cross the Vaartbrug (no continuous cycle path) and then the Noordlaan (no crossing) to reach any school. It is 900 metres and parents drive them because there is no safe way. This new neighbourhood needs a safe route before more families move in.",
          "Vaartkom – Vaartbrug – Noordlaan", 8, ("mobility", "youth")),
    _idea("pavement-kasteelstraat", "en", (3, "07:45"), 9, "Children walk on the road in Kasteelstraat",
          "The pavement on Kasteelstraat is used as a parking place, so children walking to De Linde walk in the road. Either enforce the parking ban or make the parking bays on the road side and widen the pavement.",
          "Kasteelstraat", 3),
    _idea("speed-display-leopoldlaan", "en", (3, "18:15"), 12, "A speed display on Leopoldlaan",
          "A simple display that shows drivers their speed with a smiley or a sad face, at the entrance of Leopoldlaan. It costs little, can be moved every few months, and the city gets the speed data for free.",
          "Leopoldlaan, entrance from the Noordlaan", 5),
    _idea("crossing-beekstraat-steenweg", "en", (2, "19:55"), 14, "Cyclists from Beekstraat cross four lanes at the Brusselsesteenweg",
          "Children cycling from Beekstraat to Atheneum Noord have to cross the Brusselsesteenweg: four lanes, no lights, no island. They wait in the middle on the tram tracks. A central refuge island or lights with a cyclist button would make this crossing possible.",
          "Beekstraat – Brusselsesteenweg", 6, ("mobility", "youth")),
    _idea("idling-klavertje", "en", (2, "21:30"), 16, "Cars idling at Klavertje Vier at pick-up time",
          "At 15:20 a row of cars waits in the Populierenlaan with engines running for ten minutes, right at the height of children's faces. Signs asking drivers to switch off the engine, and the kiss-and-ride moved around the corner, would help both safety and air quality.",
          "Populierenlaan, at Klavertje Vier", 3, ("youth", "mobility")),
    _idea("children-map-routes", "en", (1, "12:40"), 18, "Let the children map their own route to school",
          "Adults see a different street than an eight-year-old does. Ask each class to draw their route and mark the places where they feel scared, and walk those routes with the mobility department. It would make this map much richer.",
          "All schools in Noord", 6, ("youth",)),
    _idea("winter-dark-mornings", "en", (2, "07:30"), 22, "Reflective vests and lights checks before the dark months",
          "In December it is still dark at 8:15, and half of the children on bikes have no working lights. The city could organise a free lights check at each school gate in November, with the police, and hand out reflective vests to the youngest.",
          "All schools in Noord", 4, ("youth", "mobility")),
    _idea("kerkstraat-bakery-crossing", "en", (1, "08:10"), 24, "Cars park on the zebra crossing at the Kerkstraat bakery",
          "At the bakery on the corner of Kerkstraat and Dorpsstraat, customers park for 'just a minute' on the zebra crossing itself between 7:45 and 8:30. Children then cross between the parked cars. Two bollards and a short-stay bay a bit further would end it.",
          "Kerkstraat – Dorpsstraat, at the bakery", 3),
    _idea("muddy-shortcut", "en", (1, "20:25"), 20, "The shortcut from Wilgenstraat is muddy and unlit",
          "The unpaved shortcut from the end of Wilgenstraat to the playground of Klavertje Vier is used by dozens of children, but it turns into mud after every shower and has no light at all. Paving it and adding two lamps would take many children off the busy Populierenlaan.",
          "Wilgenstraat – Klavertje Vier, shortcut", 4),
]

# Collected at a neighbourhood evening and entered by staff (no author, channel "meeting").
MEETING_IDEA = _idea(
    "meeting-vaartbrug-guard", "en", (9, "10:30"), None, "A crossing guard at the foot of the Vaartbrug",
    "At the neighbourhood evening, several parents from the Vaartkom asked for a crossing guard at the foot of the Vaartbrug, where children coming down the bridge meet the traffic turning from the Kanaaldijk. They proposed 8:00 to 8:40 and 15:20 to 15:50. Written down by the mobility department from the notes of the evening.",
    "Foot of the Vaartbrug, Kanaaldijk side", 8, channel="meeting", channel_event="Neighbourhood evening Noord, 3 November",
)

# (idea key, author index, body, language, [(author index, reply body, language), ...])
COMMENTS = [
    ("zebra-regenboog", 3, "Helemaal mee eens. Vanochtend om 8.25 uur stopte er weer een bestelwagen niet terwijl er een klas overstak.", "nl",
     [(0, "Precies dat bedoel ik. Vooral als het nog donker is.", "nl"), (18, "Same here, I walk there with my son every day. The stripes are just grey now.", "en")]),
    ("zebra-regenboog", 21, "Een verlicht zebrapad zoals aan het station zou ideaal zijn.", "nl", []),
    ("schoolstraat-molenstraat", 11, "Als bewoner van de Molenstraat: graag! Ik kan om 8.30 uur mijn oprit nauwelijks af door alle ouders.", "nl",
     [(1, "Bewoners mogen in een schoolstraat stapvoets buitenrijden, dus dat blijft mogelijk.", "nl")]),
    ("schoolstraat-molenstraat", 15, "Who will close the gate? At other schools it is volunteers, and they are hard to find.", "en",
     [(19, "At my sister's school in the next town the teachers take turns. It works fine.", "en")]),
    ("opzichter-noordlaan-kerkstraat", 7, "De afslaande auto's zijn echt het probleem. Een apart groen licht voor voetgangers zou nog beter zijn dan een opzichter.", "nl", []),
    ("groen-te-kort-leopoldlaan", 20, "Ik heb het getimed: 11 seconden groen voor 22 meter oversteken. Dat haalt een kind niet.", "nl",
     [(3, "Dank je, dat is precies de meting die ik niet had.", "nl")]),
    ("fietspad-leopoldlaan-parkeren", 9, "Misschien helpt het al als de school een brief meegeeft aan de ouders.", "nl",
     [(4, "Dat heeft de school vorig jaar gedaan. Het hielp twee weken.", "nl"), (12, "Paaltjes dan. Die kan je niet negeren.", "nl")]),
    ("haag-populierenlaan", 14, "Dit is inderdaad gevaarlijk, ook voor fietsende volwassenen.", "nl", []),
    ("vrachtwagens-vaartkom", 2, "Op andere werven in de stad kan het blijkbaar wel, venstertijden. Waarom hier niet?", "nl", []),
    ("vrachtwagens-vaartkom", 16, "The site manager told me the deliveries are planned by the suppliers. The city has to put it in the permit.", "en", []),
    ("verlichting-kanaaldijk", 23, "Ik heb het twee keer gemeld bij het meldpunt, maar er gebeurt niets.", "nl", []),
    ("overweg-spoorwegstraat", 13, "My daughter says half her class does this. It is terrifying.", "en", []),
    ("rotonde-ringlaan", 5, "Bijna elke ochtend zie ik een bijna-ongeval op die rotonde.", "nl",
     [(13, "Blij dat ik niet de enige ben die het ziet.", "nl")]),
    ("vaartbrug-fietspad", 7, "This is the most dangerous spot on my son's route, and the reason I still drive him.", "en",
     [(18, "Dat hoor ik van veel ouders in de Vaartkom.", "nl")]),
    ("woensdag-de-linde", 10, "Op woensdag komen ook de grootouders met de auto, dat maakt het dubbel zo druk.", "nl", []),
    ("trajectcontrole-noordlaan", 1, "Trajectcontrole werkt, dat zie je op de gewestweg naar het centrum.", "nl", []),
    ("verlichting-wilgenpad", 6, "Al sinds de herfstvakantie kapot, inderdaad.", "nl", []),
    ("fietsbus", 17, "Wij doen mee! Ik kan op vrijdag begeleiden.", "nl",
     [(0, "Super, ik zet een lijstje op in de oudergroep.", "nl"), (22, "Count me in for the first Friday of the month.", "en")]),
    ("noordlaan-aldi", 2, "Mijn zoon steekt daar ook over. Er moet echt een oversteekplaats met lichten komen.", "nl",
     [(7, "Thank you. Maybe we can ask the school to support this too.", "en")]),
    ("noordlaan-aldi", 24, "I drive there every morning and I am scared of hitting a child who appears between the queuing cars.", "en", []),
    ("right-turn-leopoldlaan", 4, "A separate green phase would make the wait longer for everyone, but it is worth it.", "en", []),
    ("school-street-kerkstraat", 0, "Goed idee, en samen met de Molenstraat zou het de hele buurt rustiger maken.", "nl", []),
    ("school-street-kerkstraat", 9, "As long as the bus to the Atheneum can still get through.", "en",
     [(17, "The bus does not use this part of Kerkstraat, so that would be fine.", "en")]),
    ("crossing-guard-days", 11, "Ik wil best een ochtend per week helpen, maar ik weet niet bij wie ik me moet aanmelden.", "nl", []),
    ("lorry-route", 8, "The satnav sends them that way too. Signs alone will not help.", "en", []),
    ("button-lindenplein", 13, "I have seen children press the button three times and then just go.", "en", []),
    ("leaves-kanaaldijk", 14, "Same on the path along the park. Cyclists are forgotten in winter.", "en", []),
    ("bus-stop-atheneum", 19, "As a teacher at the Atheneum I agree: supervising that stop is impossible.", "en", []),
    ("railway-tunnel", 20, "Ook overdag voelen kinderen zich daar niet op hun gemak.", "nl", []),
    ("car-free-friday", 15, "Love it. Start in spring when the weather is better?", "en",
     [(2, "Or start now and see who keeps going in the rain.", "en")]),
    ("vaartkom-flats", 21, "Dit is het belangrijkste idee van het hele bord.", "nl", []),
    ("children-map-routes", 3, "Our class did this last year for a school project. The children noticed things we never saw.", "en", []),
    ("meeting-vaartbrug-guard", 12, "Goed dat dit ook op de site staat, niet iedereen kon naar de avond komen.", "nl", []),
]

# The mobility department's answers: (idea key, [(days ago, "HH:MM", new status, body), ...]).
UPDATES = [
    ("haag-populierenlaan", [
        (10, "14:05", "viewed", "Dank je. De haag staat op privéterrein; we hebben de eigenaar gevraagd ze te snoeien en bekijken het kruispunt ter plaatse."),
        (6, "11:30", "implemented", "De eigenaar heeft de haag tot een meter ingekort en onze groendienst snoeide de struiken op de berm. Het zicht op het kruispunt is nu vrij."),
    ]),
    ("zebra-regenboog", [
        (11, "09:15", "under_consideration", "We hebben het zebrapad bekeken met de directie van De Regenboog. De markering is inderdaad versleten."),
        (5, "15:40", "accepted", "Het zebrapad wordt in december opnieuw geschilderd en we plaatsen er verlichting met knipperende led-signalen, betaald uit het budget voor verkeersveiligheid rond scholen."),
    ]),
    ("schoolstraat-molenstraat", [
        (8, "10:20", "under_consideration", "De Sint-Jozefschool vraagt zelf ook een schoolstraat. We bekijken met de school en de bewoners een proef van drie maanden vanaf januari, met hekken die door vrijwilligers worden bediend."),
    ]),
    ("noordlaan-aldi", [
        (7, "16:00", "viewed", "Dank je. We hebben deze plek op de kaart gezet en bezoeken ze met de scholen tijdens de analysefase. De Noordlaan is een gewestweg: een nieuwe oversteekplaats moet met het Agentschap Wegen en Verkeer worden afgesproken."),
    ]),
    ("trajectcontrole-noordlaan", [
        (3, "10:45", "rejected", "Een trajectcontrole op een gewestweg beslist de stad niet zelf: dat doen de politiezone en het Agentschap Wegen en Verkeer. We hebben je voorstel aan beide doorgestuurd en vragen extra snelheidscontroles tijdens de schooluren. Op dit bord nemen we het daarom niet verder op."),
    ]),
    ("verlichting-wilgenpad", [
        (2, "09:30", "implemented", "De netbeheerder heeft beide lantaarns op het Wilgenpad hersteld. Dank voor de melding."),
    ]),
    ("button-lindenplein", [
        (6, "13:15", "accepted", "We have checked the signal timing: outside rush hour the crossing waits for a gap in traffic. From January the waiting time on school days between 7:45 and 8:45 and between 15:00 and 16:00 will be at most 30 seconds."),
    ]),
    ("lorry-route", [
        (4, "11:10", "under_consideration", "We are discussing a new signposted lorry route via the Ringlaan with the business park and the satnav map providers. We expect an answer in the analysis phase."),
    ]),
    ("e-scooters", [
        (2, "14:20", "rejected", "Shared e-scooters are allowed on public roads under the operator's permit; the city cannot ban them from single streets. We have asked the operator to make Kerkstraat and Leopoldlaan no-parking zones in its app and to remove scooters left on the pavement within two hours."),
    ]),
    ("railway-tunnel", [
        (1, "10:00", "viewed", "Thank you. The tunnel is owned by the railway infrastructure manager. We have reported the lighting and cleaning and will visit it with the schools in the analysis phase."),
    ]),
    ("meeting-vaartbrug-guard", [
        (5, "09:00", "under_consideration", "We are looking for volunteers for this spot together with the schools and the police."),
    ]),
]

# (follower resident index, idea key): residents who want an e-mail when the city answers.
FOLLOWS = [
    (2, "noordlaan-aldi"), (24, "noordlaan-aldi"), (11, "schoolstraat-molenstraat"), (7, "vaartbrug-fietspad"),
    (21, "vaartkom-flats"), (17, "fietsbus"), (13, "rotonde-ringlaan"), (19, "bus-stop-atheneum"),
]

# A moderation decision in progress: an idea hidden with a statement of reasons, whose author (the
# demo account confirmed@lindenhoven.example, so it can be seen logged in) asked for a review.
HIDDEN_IDEA = _idea(
    "hidden-neighbour-parking", "en", (3, "19:40"), None, "The neighbour at Beekstraat 14 blocks the pavement every morning",
    "Mr. Janssens from Beekstraat 14 parks his van on the pavement every morning at 8:10, so children have to walk on the road. "
    "His number plate is 1-ABC-234. Someone should fine him.",
    "Beekstraat 14", 0,
)
HIDDEN_GROUND = "personal_data"
HIDDEN_EXPLANATION = (
    "Your idea names a resident and his number plate. Please describe the place and the problem without naming anyone; "
    "the spot itself is welcome on the board."
)
REVIEW_REASON = (
    "I only wanted the parking to stop. I can leave out the name, but the place is really dangerous at school time. "
    "Can the idea be shown without the name?"
)
