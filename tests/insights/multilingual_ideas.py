"""A small made-up board: the same ideas written in English, Dutch, French and German.

Six topics, four ideas each, every idea in all four languages, so the language never predicts the
topic. A good theme finder groups by topic (high NMI against ``topic``) and not by language (NMI
against ``lang`` close to zero).
"""

IDEAS = {
    "cycling": [
        {
            "en": "Build separate bike lanes on the main roads so cyclists are safe from cars.",
            "nl": "Leg aparte fietspaden aan langs de hoofdwegen zodat fietsers veilig zijn voor auto's.",
            "fr": "Construire des pistes cyclables séparées sur les grands axes pour protéger les cyclistes des voitures.",
            "de": "Getrennte Radwege an den Hauptstraßen bauen, damit Radfahrer vor Autos sicher sind.",
        },
        {
            "en": "More secure bicycle parking at the train station.",
            "nl": "Meer bewaakte fietsenstallingen bij het treinstation.",
            "fr": "Plus de parkings à vélos sécurisés à la gare.",
            "de": "Mehr sichere Fahrradabstellplätze am Bahnhof.",
        },
        {
            "en": "Start a bike sharing scheme with electric bicycles across the city.",
            "nl": "Begin een deelfietsensysteem met elektrische fietsen in de hele stad.",
            "fr": "Lancer un service de vélos partagés électriques dans toute la ville.",
            "de": "Ein Leihradsystem mit E-Bikes in der ganzen Stadt einführen.",
        },
        {
            "en": "Repair the potholes on the cycle path along the river.",
            "nl": "Herstel de gaten in het fietspad langs de rivier.",
            "fr": "Réparer les nids-de-poule de la piste cyclable le long de la rivière.",
            "de": "Die Schlaglöcher auf dem Radweg am Fluss reparieren.",
        },
    ],
    "green": [
        {
            "en": "Plant more trees in the streets to give shade in summer.",
            "nl": "Plant meer bomen in de straten voor schaduw in de zomer.",
            "fr": "Planter plus d'arbres dans les rues pour avoir de l'ombre en été.",
            "de": "Mehr Bäume in den Straßen pflanzen, damit es im Sommer Schatten gibt.",
        },
        {
            "en": "Turn the empty car park into a public park with a meadow of flowers.",
            "nl": "Maak van de lege parkeerplaats een openbaar park met een bloemenweide.",
            "fr": "Transformer le parking vide en parc public avec une prairie fleurie.",
            "de": "Den leeren Parkplatz in einen öffentlichen Park mit Blumenwiese verwandeln.",
        },
        {
            "en": "Create community gardens where neighbours can grow vegetables.",
            "nl": "Richt buurtmoestuinen in waar buren groenten kunnen kweken.",
            "fr": "Créer des jardins partagés où les voisins peuvent cultiver des légumes.",
            "de": "Gemeinschaftsgärten anlegen, in denen Nachbarn Gemüse anbauen können.",
        },
        {
            "en": "Protect the old forest at the edge of town from new construction.",
            "nl": "Bescherm het oude bos aan de rand van de stad tegen nieuwbouw.",
            "fr": "Protéger la vieille forêt en bordure de la ville contre les constructions.",
            "de": "Den alten Wald am Stadtrand vor Neubauten schützen.",
        },
    ],
    "waste": [
        {
            "en": "Put more litter bins in the park and empty them more often.",
            "nl": "Zet meer vuilnisbakken in het park en leeg ze vaker.",
            "fr": "Installer plus de poubelles dans le parc et les vider plus souvent.",
            "de": "Mehr Mülleimer im Park aufstellen und sie öfter leeren.",
        },
        {
            "en": "Collect organic waste separately from every household.",
            "nl": "Haal het gft-afval apart op bij elk huishouden.",
            "fr": "Collecter les déchets organiques séparément dans chaque foyer.",
            "de": "Biomüll in jedem Haushalt getrennt abholen.",
        },
        {
            "en": "Fine people who dump rubbish on the street.",
            "nl": "Beboet mensen die afval op straat dumpen.",
            "fr": "Sanctionner ceux qui jettent leurs ordures dans la rue.",
            "de": "Wer Müll auf die Straße wirft, soll ein Bußgeld zahlen.",
        },
        {
            "en": "Open a repair café and a recycling centre so fewer things are thrown away.",
            "nl": "Open een repaircafé en een recyclagepark zodat er minder wordt weggegooid.",
            "fr": "Ouvrir un repair café et une déchetterie pour jeter moins d'objets.",
            "de": "Ein Reparaturcafé und einen Wertstoffhof eröffnen, damit weniger weggeworfen wird.",
        },
    ],
    "transport": [
        {
            "en": "Buses should run every ten minutes, also in the evening.",
            "nl": "De bussen moeten elke tien minuten rijden, ook 's avonds.",
            "fr": "Les bus devraient passer toutes les dix minutes, aussi le soir.",
            "de": "Die Busse sollten alle zehn Minuten fahren, auch abends.",
        },
        {
            "en": "Make public transport free for students and pensioners.",
            "nl": "Maak het openbaar vervoer gratis voor studenten en gepensioneerden.",
            "fr": "Rendre les transports en commun gratuits pour les étudiants et les retraités.",
            "de": "Den öffentlichen Nahverkehr für Studierende und Rentner kostenlos machen.",
        },
        {
            "en": "Extend the tram line to the new neighbourhood in the north.",
            "nl": "Verleng de tramlijn naar de nieuwe wijk in het noorden.",
            "fr": "Prolonger la ligne de tram jusqu'au nouveau quartier du nord.",
            "de": "Die Straßenbahnlinie bis zum neuen Viertel im Norden verlängern.",
        },
        {
            "en": "Add shelters and real-time departure screens at bus stops.",
            "nl": "Zet abri's en schermen met actuele vertrektijden bij de bushaltes.",
            "fr": "Installer des abris et des écrans d'horaires en temps réel aux arrêts de bus.",
            "de": "Wartehäuschen und Anzeigen mit Echtzeit-Abfahrten an den Bushaltestellen aufstellen.",
        },
    ],
    "children": [
        {
            "en": "Build a new playground with swings and a climbing frame for young children.",
            "nl": "Bouw een nieuwe speeltuin met schommels en een klimrek voor jonge kinderen.",
            "fr": "Construire une nouvelle aire de jeux avec balançoires et structure d'escalade pour les petits.",
            "de": "Einen neuen Spielplatz mit Schaukeln und Klettergerüst für kleine Kinder bauen.",
        },
        {
            "en": "A youth centre where teenagers can meet after school.",
            "nl": "Een jongerencentrum waar tieners na school kunnen afspreken.",
            "fr": "Une maison des jeunes où les adolescents peuvent se retrouver après l'école.",
            "de": "Ein Jugendzentrum, in dem sich Jugendliche nach der Schule treffen können.",
        },
        {
            "en": "Close the street in front of the school to cars when classes start.",
            "nl": "Sluit de straat voor de school af voor auto's wanneer de lessen beginnen.",
            "fr": "Fermer la rue devant l'école aux voitures à l'heure de l'entrée des classes.",
            "de": "Die Straße vor der Schule zu Unterrichtsbeginn für Autos sperren.",
        },
        {
            "en": "More places in daycare so parents can go to work.",
            "nl": "Meer plaatsen in de kinderopvang zodat ouders kunnen werken.",
            "fr": "Plus de places en crèche pour que les parents puissent travailler.",
            "de": "Mehr Kita-Plätze, damit Eltern arbeiten gehen können.",
        },
    ],
    "safety": [
        {
            "en": "Better street lighting in the dark alleys so people feel safe at night.",
            "nl": "Betere straatverlichting in de donkere steegjes zodat mensen zich 's nachts veilig voelen.",
            "fr": "Un meilleur éclairage dans les ruelles sombres pour se sentir en sécurité la nuit.",
            "de": "Bessere Straßenbeleuchtung in den dunklen Gassen, damit man sich nachts sicher fühlt.",
        },
        {
            "en": "More police patrols around the station at night.",
            "nl": "Meer politiepatrouilles rond het station 's nachts.",
            "fr": "Plus de patrouilles de police autour de la gare la nuit.",
            "de": "Mehr Polizeistreifen nachts rund um den Bahnhof.",
        },
        {
            "en": "Install speed cameras because drivers race through our neighbourhood.",
            "nl": "Plaats flitspalen want automobilisten racen door onze wijk.",
            "fr": "Installer des radars car les automobilistes roulent trop vite dans notre quartier.",
            "de": "Blitzer aufstellen, weil Autofahrer durch unser Viertel rasen.",
        },
        {
            "en": "Cameras and emergency call points in the underground car park.",
            "nl": "Camera's en noodoproeppunten in de ondergrondse parkeergarage.",
            "fr": "Des caméras et des bornes d'appel d'urgence dans le parking souterrain.",
            "de": "Kameras und Notrufsäulen in der Tiefgarage.",
        },
    ],
}


def board(languages=("en", "nl", "fr", "de")):
    """The ideas as ``(id, text, lang, topic)`` rows, ids like ``"cycling-0-nl"``, in a fixed order."""
    return [
        (f"{topic}-{number}-{lang}", idea[lang], lang, topic)
        for topic, ideas in IDEAS.items()
        for number, idea in enumerate(ideas)
        for lang in languages
    ]
