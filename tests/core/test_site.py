"""Site settings, the demo city, languages and the sitemap."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from wagtail.models import Page, Site

from wagtail_participation.models import ParticipationSettings, ProjectPage, Topic


@pytest.mark.django_db
def test_primary_colour_must_keep_white_text_readable():
    settings = ParticipationSettings.for_site(Site.objects.get(is_default_site=True))
    settings.primary_colour = "#ffcc00"
    with pytest.raises(ValidationError) as error:
        settings.full_clean()
    assert "contrast" in str(error.value.message_dict["primary_colour"])
    settings.primary_colour = "not a colour"
    with pytest.raises(ValidationError):
        settings.full_clean()
    settings.primary_colour = "#005a70"
    settings.full_clean()


def test_demo_data_is_idempotent_and_complete(demo_city_with_accounts, client):
    from home.demo import results as demo_results
    from wagtail_participation.ideas.models import Idea, IdeaBoardPage
    from wagtail_participation.models import (
        CensusEntry,
        Comment,
        ContributionVote,
        Follow,
        InvitationCode,
        OfficialUpdate,
        Participant,
        Verification,
    )

    def demo_counts():
        return (
            Page.objects.count(),
            ProjectPage.objects.count(),
            Topic.objects.count(),
            InvitationCode.objects.count(),
            CensusEntry.objects.count(),
            Verification.objects.count(),
            Idea.objects.count(),
            ContributionVote.objects.count(),
            Comment.objects.count(),
            OfficialUpdate.objects.count(),
            Follow.objects.count(),
            Participant.objects.count(),
        )

    call_command("load_demo_data")
    counts = demo_counts()
    call_command("load_demo_data")
    assert demo_counts() == counts
    assert counts[3:5] == (20, 8)  # a batch of letters, the demo register
    # one verified demo citizen (the budget demo's generated voters are verified residents without accounts)
    assert Verification.objects.filter(participant__user__isnull=False).count() == 1
    boards = IdeaBoardPage.objects.filter(slug__in=["unsafe-spots", "onveilige-plekken"])
    assert sorted(boards.values_list("locale__language_code", flat=True)) == ["en", "nl"]
    ideas = Idea.objects.filter(record=boards.first().participation_record)
    assert ideas.count() >= 55 and counts[6] == ideas.count() + len(demo_results.IDEAS)  # + the climate board
    answered = set(ideas.exclude(status="proposed").values_list("status", flat=True))
    assert len(answered) >= 4 and OfficialUpdate.objects.filter(contribution__in=ideas).count() >= len(answered)
    assert ideas.filter(channel="meeting", entered_by__isnull=False).count() == 1
    assert (
        Verification.objects.get(participant__user__isnull=False).participant.user.username
        == "verified@lindenhoven.example"
    )
    from home.demo.budgets import ASSEN

    budget_projects = 3 if ASSEN.exists() else 2  # issue 6: city budget 2027, Noord 2026, (Assen 2024)
    # 4 from issues 2-4, the park survey (issue 5) and the budgets (issue 6)
    assert ProjectPage.objects.filter(locale__language_code="en").count() == 5 + budget_projects
    assert ProjectPage.objects.filter(locale__language_code="nl").count() == 5 + budget_projects
    index = client.get("/en/participate/").context
    assert [len(index[k]) for k in ("open_projects", "upcoming_projects", "finished_projects")] == [
        4,
        1,
        budget_projects,
    ]
    settings = ParticipationSettings.for_site(Site.objects.get(is_default_site=True))
    html = client.get("/en/participate/safe-routes-to-school/").content.decode()
    assert f"--wp-primary: {settings.primary_colour}" in html  # the city's colours reach the page
    assert "Privacy policy" in html and "Terms of use" in html
    assert 'hreflang="nl"' in html
    # one whole project in French and German, through wagtail-localize: all four languages can be seen
    assert html.count('hreflang="fr"') == html.count('hreflang="de"') == 1
    for path, words in (
        ("/fr/participer/chemins-ecole-surs/", "Des chemins de l’école sûrs à Noord"),
        ("/fr/participer/chemins-ecole-surs/endroits-dangereux/", "Endroits dangereux sur le chemin de l’école"),
        ("/de/mitmachen/sichere-schulwege/verkehrsvarianten/", "Verkehr rund um die Schulen: drei Varianten"),
    ):
        response = client.get(path)
        assert response.status_code == 200 and words in response.content.decode(), path
    from wagtail_localize.models import Translation

    assert Translation.objects.filter(target_locale__language_code="fr").count() >= 5


def test_dutch_request_renders_dutch_ui_strings(demo_city, client):
    html = client.get("/nl/doe-mee/veilige-schoolroutes/").content.decode()
    assert '<html lang="nl"' in html
    assert "Tijdlijn" in html  # "Timeline", from the package's Dutch catalog
    assert "Ga naar de hoofdinhoud" in html  # "Skip to main content"
    assert "Timeline" not in html


def test_sitemap_lists_the_projects(demo_city, client):
    xml = client.get("/sitemap.xml").content.decode()
    assert "/en/participate/safe-routes-to-school/" in xml
    assert "/nl/doe-mee/veilige-schoolroutes/" in xml


def test_untranslated_content_is_marked_with_its_language(demo_city, client):
    html = client.get("/de/participation/verify/").content.decode()
    assert '<a href="/de/mitmachen/">Mitreden</a>' in html  # the German translation (wagtail-localize)
    home = client.get("/de/").content.decode()
    assert '<main id="main" tabindex="-1">' in home  # a German home page: nothing to mark
    dutch = client.get("/nl/").content.decode()
    assert '<main id="main" tabindex="-1">' in dutch and '<a href="/nl/doe-mee/">Doe mee</a>' in dutch


def test_demo_home_page_embeds_the_idea_board(demo_city, client):
    english, dutch = client.get("/en/").content.decode(), client.get("/nl/").content.decode()
    assert "wp-embedded-board" in english and "/en/participate/safe-routes-to-school/unsafe-spots/" in english
    assert "wp-embedded-board" in dutch and "/nl/doe-mee/veilige-schoolroutes/" in dutch
