"""Results on the example site (issue 8): the demo's finished project with its results page in
both languages, and results blocks in the example site's home page type.

With the core's tests: they need the example site's home app and every method the demo uses."""

import pytest

from tests.builders import html_of, make_board, make_decision, make_idea, method_block, publish
from tests.results.conftest import method, project  # noqa: F401  (the results page fixtures)
from wagtail_participation.models import Milestone, Participant, PolicyDecision
from wagtail_participation.models.snapshots import ResultSnapshot
from wagtail_participation.results.models import ResultsPage

pytestmark = pytest.mark.usefixtures("clear_cache")


# -- the demo --------------------------------------------------------------------------------------


def test_demo_finished_project_has_a_results_page_in_both_languages(demo_city, citizen):
    from django.core.management import call_command

    from wagtail_participation.ideas.models import Idea

    counts = (
        ResultsPage.objects.count(),
        PolicyDecision.objects.count(),
        Milestone.objects.count(),
        Idea.objects.count(),
        ResultSnapshot.objects.count(),
    )
    call_command("load_demo_data", "--no-admin")
    assert (
        ResultsPage.objects.count(),
        PolicyDecision.objects.count(),
        Milestone.objects.count(),
        Idea.objects.count(),
        ResultSnapshot.objects.count(),
    ) == counts
    assert counts[:3] == (2, 8, 10)  # en + nl

    english = citizen.get("/en/participate/climate-plan-2030/results/").content.decode()
    for expected in (
        "Final results",
        "Who took part",
        "Insulation grants for households with low incomes",
        "You said, we did",
        "How far the work is",
        "Not adopted",
        "Meeting",
    ):
        assert expected in english, expected
    assert english.index("Insulation grants") < english.index("Solar panels on every school roof")
    # the method blocks (issue 8): the vote phase's poll and the finished Noord budget, both finalised
    assert (
        "Which measure first? The poll of the vote phase" in english
        and "Most chosen: <strong>Insulating homes</strong>" in english
    )
    assert "the neighbourhood budget Noord 2026" in english and "of €250,000 spent" in english and "Paid by" in english
    dutch = citizen.get("/nl/doe-mee/klimaatplan-2030/resultaten/").content.decode()
    assert "Woningen isoleren" in dutch and "het wijkbudget Noord 2026" in dutch
    assert "Was it clear what would happen with your input?" in english and "A letter from the city" in english
    assert "Anything we should do better?" not in english  # written answers stay with the city
    assert "Hoe hoorde je van het klimaatplan?" in dutch and "Een brief van de stad" in dutch
    home = citizen.get("/en/").content.decode()
    assert "Proposals the city answered" in home and "Answered in time." in home
    assert "Jullie zeiden, wij deden" in dutch and "Isolatiepremie voor gezinnen met een laag inkomen" in dutch
    assert "Het premieloket voor isolatie opent" in dutch
    project = citizen.get("/en/participate/climate-plan-2030/").content.decode()
    assert "What happened with your input" in project and "/en/participate/climate-plan-2030/results/" in project
    index = citizen.get("/en/participate/").content.decode()
    assert "/en/participate/climate-plan-2030/results/" in index


# -- the same blocks in any page -------------------------------------------------------------------


@pytest.mark.django_db
def test_results_blocks_work_in_another_page_type(locales, home, project, method, citizen, staff_client):
    from home.models import HomePage

    decision = make_decision(locales["en"])
    page = publish(
        home.add_child(
            instance=HomePage(
                title="News",
                slug="news",
                participation=[
                    method_block(method, heading="Quick poll so far"),
                    ("decisions", {"heading": "", "decisions": [decision]}),
                    ("participation_figures", {"project": None, "heading": "Figures without a project"}),
                    ("participation_figures", {"project": project, "heading": "Figures of the project"}),
                ],
            )
        )
    )
    make_idea(make_board(project, slug="ideas"), author=Participant.new_anonymous())
    html = html_of(citizen, page)
    assert "Quick poll so far" in html and "1,200" in html and "Crossing guard at Kerkstraat" in html
    assert "Figures of the project" in html and "Figures without a project" not in html
    assert "Choose a project" in html_of(staff_client, page)
