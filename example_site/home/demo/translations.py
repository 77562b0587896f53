"""French and German for one whole project (safe routes to school), its parents and its department.

Keyed by the English text of each wagtail-localize segment, as a translator would fill them in
the admin's translation editor. load_demo_data feeds them through wagtail-localize
(:mod:`home.demo.localize`), so a later change to the English page can be synchronised the usual way.
A segment without an entry here falls back to the English text.
"""

FRENCH = {
    # department and the topics and areas (place names stay as they are)
    "Mobility department": "Service Mobilité",
    "Environment and climate department": "Service Environnement et Climat",
    "Mobility": "Mobilité", "Living environment": "Cadre de vie", "Climate": "Climat", "Green space": "Espaces verts",
    "Youth": "Jeunesse",
    # home page
    "Lindenhoven": "Lindenhoven",
    "home": "home",
    "Welcome to the city of Lindenhoven. Help shape your city: share ideas, vote and follow what happens with your input.":
        "Bienvenue à Lindenhoven. Façonnez votre ville : partagez vos idées, votez et suivez ce que devient votre contribution.",
    "Proposals the city answered": "Propositions auxquelles la ville a répondu",
    # participation index
    "Have your say": "Participez",
    "participate": "participer",
    "Lindenhoven asks residents for input before decisions are made. Here you find every project that is open, coming up or finished, and what was done with your input.":
        "Lindenhoven consulte ses habitants avant de décider. Vous trouverez ici chaque projet ouvert, à venir ou terminé, et ce qui a été fait de votre contribution.",
    # the project
    "Safe routes to school in Noord": "Des chemins de l’école sûrs à Noord",
    "safe-routes-to-school": "chemins-ecole-surs",
    "Which crossings and streets in Noord feel unsafe on the way to school? Tell us before we redesign them.":
        "Quels passages et quelles rues de Noord vous semblent dangereux sur le chemin de l’école ? Dites-le-nous avant que nous les réaménagions.",
    "Make walking and cycling to the four primary schools in Noord safe enough that parents let children go on their own.":
        "Rendre la marche et le vélo vers les quatre écoles primaires de Noord assez sûrs pour que les parents laissent les enfants y aller seuls.",
    "Everyone who lives, works or goes to school in Noord, children included (with help from a parent or teacher).":
        "Toute personne qui habite, travaille ou va à l’école à Noord, enfants compris (avec l’aide d’un parent ou d’un enseignant).",
    "The mobility department maps every spot you mention, visits the ten most named ones with the schools, and proposes measures to the council.":
        "Le service Mobilité cartographie chaque endroit signalé, visite avec les écoles les dix plus cités et propose des mesures au conseil communal.",
    "Safety for children first, then how many people a measure helps, then cost. The council decides within the 2027 budget.":
        "D’abord la sécurité des enfants, puis le nombre de personnes qu’une mesure aide, puis son coût. Le conseil décide dans le cadre du budget 2027.",
    "After the input phase we analyse the input (about four weeks) and publish the proposed measures here before the council decides.":
        "Après la phase de participation, nous analysons les contributions (environ quatre semaines) et publions ici les mesures proposées avant la décision du conseil.",
    "Kick-off and school visits": "Lancement et visites des écoles",
    "We explain the project at the school gates and in the neighbourhood centre.":
        "Nous présentons le projet à la sortie des écoles et à la maison de quartier.",
    "Share unsafe spots": "Signalez les endroits dangereux",
    "Name the places that feel unsafe and tell us why.": "Indiquez les endroits qui vous semblent dangereux et dites-nous pourquoi.",
    "Analysis": "Analyse",
    "The mobility department studies every spot with the schools.": "Le service Mobilité étudie chaque endroit avec les écoles.",
    "Council decision": "Décision du conseil",
    "The council decides which measures are built in 2027.": "Le conseil décide quelles mesures seront réalisées en 2027.",
    # the idea board
    "Unsafe spots on the way to school": "Endroits dangereux sur le chemin de l’école",
    "unsafe-spots": "endroits-dangereux",
    "Name the crossings and streets in Noord that feel unsafe on the way to school, and support the spots you recognise.":
        "Signalez les passages et les rues de Noord qui vous semblent dangereux sur le chemin de l’école, et soutenez les endroits que vous reconnaissez.",
    "Which crossing or street feels unsafe on the way to school, and what would make it safer?":
        "Quel passage ou quelle rue vous semble dangereux sur le chemin de l’école, et qu’est-ce qui le rendrait plus sûr ?",
    "Name one place per idea: the street or crossing, when it is unsafe (school times, Wednesday noon, dark mornings) and what you would change. Support the spots you recognise. The mobility department answers every idea here.":
        "Un endroit par idée : la rue ou le passage, quand il est dangereux (heures d’école, mercredi midi, matins sombres) et ce que vous changeriez. Soutenez les endroits que vous reconnaissez. Le service Mobilité répond ici à chaque idée.",
    # the option analysis
    "Traffic around the schools: three scenarios": "La circulation autour des écoles : trois scénarios",
    "traffic-scenarios": "scenarios-circulation",
    "Which traffic scenario for the school streets in Noord do you prefer?":
        "Quel scénario de circulation préférez-vous pour les rues scolaires de Noord ?",
    "From the unsafe spots you shared, the mobility department drew three scenarios for the streets around De Regenboog and Sint-Jozef. Read each one, comment on the details, then rank them: 1 for the one you prefer most. You may leave a scenario unranked.":
        "À partir des endroits dangereux que vous avez signalés, le service Mobilité a dessiné trois scénarios pour les rues autour de De Regenboog et de Sint-Jozef. Lisez-les, commentez les détails, puis classez-les : 1 pour celui que vous préférez. Vous pouvez laisser un scénario sans rang.",
    "School streets at school times": "Rues scolaires aux heures d’école",
    "Kerkstraat (between Noordlaan and Kapelstraat) and Molenstraat close to cars from 8.15 to 8.45 and from 15.15 to 15.45 on school days, with a gate and volunteers. Residents can leave at walking pace.":
        "La Kerkstraat (entre Noordlaan et Kapelstraat) et la Molenstraat sont fermées aux voitures de 8 h 15 à 8 h 45 et de 15 h 15 à 15 h 45 les jours d’école, avec une barrière et des bénévoles. Les riverains peuvent sortir au pas.",
    "Children cross without cars at the busiest moments<br/>Cheap and quick to start<br/>Tried in many Flemish towns":
        "Les enfants traversent sans voitures aux moments les plus chargés<br/>Peu coûteux et rapide à lancer<br/>Déjà essayé dans de nombreuses villes flamandes",
    "Needs volunteers at the gates every day<br/>Parents drop children off in the side streets instead":
        "Il faut des bénévoles aux barrières chaque jour<br/>Les parents déposent alors les enfants dans les rues voisines",
    "About €40,000 a year (gates, signs, volunteer insurance)": "Environ 40 000 € par an (barrières, panneaux, assurance des bénévoles)",
    "One-way loop with wide cycle lanes": "Boucle à sens unique avec de larges pistes cyclables",
    "Kerkstraat and Molenstraat become one-way in opposite directions, forming a loop. The space freed becomes a two-metre cycle lane on each street and a raised crossing at both school gates.":
        "La Kerkstraat et la Molenstraat passent à sens unique en sens opposés et forment une boucle. L’espace libéré devient une piste cyclable de deux mètres dans chaque rue et un passage surélevé devant les deux écoles.",
    "Safe all day, not only at school times<br/>Room for wide cycle lanes<br/>No volunteers needed":
        "Sûr toute la journée, pas seulement aux heures d’école<br/>De la place pour de larges pistes cyclables<br/>Pas besoin de bénévoles",
    "Detours of up to 600 m for residents by car<br/>Works take about 10 months":
        "Détours jusqu’à 600 m pour les riverains en voiture<br/>Environ 10 mois de travaux",
    "About €1.1 million (one-off)": "Environ 1,1 million € (une fois)",
    "Zone 30 with speed cameras, streets unchanged": "Zone 30 avec radars, rues inchangées",
    "All of Noord becomes a 30 km/h zone. Two average-speed cameras on Noordlaan and crossing lights that give pedestrians a head start. The streets themselves stay as they are.":
        "Tout Noord passe en zone 30. Deux radars-tronçons sur la Noordlaan et des feux qui donnent une avance aux piétons. Les rues elles-mêmes restent telles quelles.",
    "Everyone can still drive everywhere<br/>Lower speeds across the whole district<br/>Ready within three months":
        "Chacun peut encore rouler partout<br/>Des vitesses plus basses dans tout le quartier<br/>Prêt en trois mois",
    "Cars still pass the school gates<br/>Cameras are not liked by everyone":
        "Les voitures passent toujours devant les écoles<br/>Les radars ne plaisent pas à tout le monde",
    "About €250,000 (one-off) plus maintenance": "Environ 250 000 € (une fois), plus l’entretien",
}

GERMAN = {
    "Mobility department": "Amt für Mobilität",
    "Environment and climate department": "Amt für Umwelt und Klima",
    "Mobility": "Mobilität", "Living environment": "Wohnumfeld", "Climate": "Klima", "Green space": "Grünflächen",
    "Youth": "Jugend",
    "Lindenhoven": "Lindenhoven",
    "home": "home",
    "Welcome to the city of Lindenhoven. Help shape your city: share ideas, vote and follow what happens with your input.":
        "Willkommen in Lindenhoven. Gestalten Sie Ihre Stadt mit: Teilen Sie Ideen, stimmen Sie ab und verfolgen Sie, was aus Ihrem Beitrag wird.",
    "Proposals the city answered": "Vorschläge, die die Stadt beantwortet hat",
    "Have your say": "Mitreden",
    "participate": "mitmachen",
    "Lindenhoven asks residents for input before decisions are made. Here you find every project that is open, coming up or finished, and what was done with your input.":
        "Lindenhoven fragt seine Einwohnerinnen und Einwohner, bevor entschieden wird. Hier finden Sie jedes laufende, kommende oder abgeschlossene Projekt und was mit Ihren Beiträgen geschehen ist.",
    "Safe routes to school in Noord": "Sichere Schulwege in Noord",
    "safe-routes-to-school": "sichere-schulwege",
    "Which crossings and streets in Noord feel unsafe on the way to school? Tell us before we redesign them.":
        "Welche Übergänge und Straßen in Noord wirken auf dem Schulweg unsicher? Sagen Sie es uns, bevor wir sie umgestalten.",
    "Make walking and cycling to the four primary schools in Noord safe enough that parents let children go on their own.":
        "Der Fuß- und Radweg zu den vier Grundschulen in Noord soll so sicher werden, dass Eltern ihre Kinder allein gehen lassen.",
    "Everyone who lives, works or goes to school in Noord, children included (with help from a parent or teacher).":
        "Alle, die in Noord wohnen, arbeiten oder zur Schule gehen, auch Kinder (mit Hilfe eines Elternteils oder einer Lehrkraft).",
    "The mobility department maps every spot you mention, visits the ten most named ones with the schools, and proposes measures to the council.":
        "Das Amt für Mobilität erfasst jede genannte Stelle, besichtigt die zehn meistgenannten mit den Schulen und schlägt dem Stadtrat Maßnahmen vor.",
    "Safety for children first, then how many people a measure helps, then cost. The council decides within the 2027 budget.":
        "Zuerst die Sicherheit der Kinder, dann wie vielen Menschen eine Maßnahme hilft, dann die Kosten. Der Stadtrat entscheidet im Rahmen des Haushalts 2027.",
    "After the input phase we analyse the input (about four weeks) and publish the proposed measures here before the council decides.":
        "Nach der Beteiligungsphase werten wir die Beiträge aus (etwa vier Wochen) und veröffentlichen die vorgeschlagenen Maßnahmen hier, bevor der Stadtrat entscheidet.",
    "Kick-off and school visits": "Auftakt und Schulbesuche",
    "We explain the project at the school gates and in the neighbourhood centre.":
        "Wir stellen das Projekt vor den Schultoren und im Stadtteilzentrum vor.",
    "Share unsafe spots": "Unsichere Stellen melden",
    "Name the places that feel unsafe and tell us why.": "Nennen Sie die Orte, die unsicher wirken, und sagen Sie uns, warum.",
    "Analysis": "Auswertung",
    "The mobility department studies every spot with the schools.": "Das Amt für Mobilität untersucht jede Stelle gemeinsam mit den Schulen.",
    "Council decision": "Beschluss des Stadtrats",
    "The council decides which measures are built in 2027.": "Der Stadtrat beschließt, welche Maßnahmen 2027 umgesetzt werden.",
    "Unsafe spots on the way to school": "Unsichere Stellen auf dem Schulweg",
    "unsafe-spots": "unsichere-stellen",
    "Name the crossings and streets in Noord that feel unsafe on the way to school, and support the spots you recognise.":
        "Nennen Sie die Übergänge und Straßen in Noord, die auf dem Schulweg unsicher wirken, und unterstützen Sie die Stellen, die Sie kennen.",
    "Which crossing or street feels unsafe on the way to school, and what would make it safer?":
        "Welcher Übergang oder welche Straße wirkt auf dem Schulweg unsicher, und was würde sie sicherer machen?",
    "Name one place per idea: the street or crossing, when it is unsafe (school times, Wednesday noon, dark mornings) and what you would change. Support the spots you recognise. The mobility department answers every idea here.":
        "Ein Ort pro Idee: die Straße oder der Übergang, wann es dort unsicher ist (Schulzeiten, Mittwochmittag, dunkle Morgen) und was Sie ändern würden. Unterstützen Sie die Stellen, die Sie kennen. Das Amt für Mobilität beantwortet hier jede Idee.",
    "Traffic around the schools: three scenarios": "Verkehr rund um die Schulen: drei Varianten",
    "traffic-scenarios": "verkehrsvarianten",
    "Which traffic scenario for the school streets in Noord do you prefer?":
        "Welche Verkehrsvariante für die Schulstraßen in Noord bevorzugen Sie?",
    "From the unsafe spots you shared, the mobility department drew three scenarios for the streets around De Regenboog and Sint-Jozef. Read each one, comment on the details, then rank them: 1 for the one you prefer most. You may leave a scenario unranked.":
        "Aus den gemeldeten unsicheren Stellen hat das Amt für Mobilität drei Varianten für die Straßen rund um De Regenboog und Sint-Jozef entworfen. Lesen Sie jede, kommentieren Sie die Einzelheiten und ordnen Sie sie dann: 1 für Ihre liebste. Sie dürfen eine Variante ohne Rang lassen.",
    "School streets at school times": "Schulstraßen zu Schulzeiten",
    "Kerkstraat (between Noordlaan and Kapelstraat) and Molenstraat close to cars from 8.15 to 8.45 and from 15.15 to 15.45 on school days, with a gate and volunteers. Residents can leave at walking pace.":
        "Kerkstraat (zwischen Noordlaan und Kapelstraat) und Molenstraat sind an Schultagen von 8.15 bis 8.45 Uhr und von 15.15 bis 15.45 Uhr für Autos gesperrt, mit Schranke und Freiwilligen. Anwohner dürfen im Schritttempo hinausfahren.",
    "Children cross without cars at the busiest moments<br/>Cheap and quick to start<br/>Tried in many Flemish towns":
        "Kinder queren zu den vollsten Zeiten ohne Autos<br/>Günstig und schnell umzusetzen<br/>In vielen flämischen Städten erprobt",
    "Needs volunteers at the gates every day<br/>Parents drop children off in the side streets instead":
        "Braucht jeden Tag Freiwillige an den Schranken<br/>Eltern setzen die Kinder stattdessen in den Seitenstraßen ab",
    "About €40,000 a year (gates, signs, volunteer insurance)": "Etwa 40.000 € im Jahr (Schranken, Schilder, Versicherung der Freiwilligen)",
    "One-way loop with wide cycle lanes": "Einbahnschleife mit breiten Radwegen",
    "Kerkstraat and Molenstraat become one-way in opposite directions, forming a loop. The space freed becomes a two-metre cycle lane on each street and a raised crossing at both school gates.":
        "Kerkstraat und Molenstraat werden gegenläufige Einbahnstraßen und bilden eine Schleife. Der frei werdende Platz wird in jeder Straße ein zwei Meter breiter Radweg und vor beiden Schultoren ein erhöhter Übergang.",
    "Safe all day, not only at school times<br/>Room for wide cycle lanes<br/>No volunteers needed":
        "Den ganzen Tag sicher, nicht nur zu Schulzeiten<br/>Platz für breite Radwege<br/>Keine Freiwilligen nötig",
    "Detours of up to 600 m for residents by car<br/>Works take about 10 months":
        "Umwege bis zu 600 m für Anwohner mit dem Auto<br/>Etwa 10 Monate Bauzeit",
    "About €1.1 million (one-off)": "Etwa 1,1 Millionen € (einmalig)",
    "Zone 30 with speed cameras, streets unchanged": "Tempo-30-Zone mit Blitzern, Straßen unverändert",
    "All of Noord becomes a 30 km/h zone. Two average-speed cameras on Noordlaan and crossing lights that give pedestrians a head start. The streets themselves stay as they are.":
        "Ganz Noord wird Tempo-30-Zone. Zwei Abschnittskontrollen auf der Noordlaan und Ampeln, die Fußgängern einen Vorsprung geben. Die Straßen selbst bleiben, wie sie sind.",
    "Everyone can still drive everywhere<br/>Lower speeds across the whole district<br/>Ready within three months":
        "Alle können weiterhin überall hinfahren<br/>Niedrigere Geschwindigkeit im ganzen Stadtteil<br/>In drei Monaten fertig",
    "Cars still pass the school gates<br/>Cameras are not liked by everyone":
        "Autos fahren weiterhin an den Schultoren vorbei<br/>Blitzer sind nicht bei allen beliebt",
    "About €250,000 (one-off) plus maintenance": "Etwa 250.000 € (einmalig) plus Unterhalt",
}

LANGUAGES = {"fr": FRENCH, "de": GERMAN}
