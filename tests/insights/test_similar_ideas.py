"""The "check for similar ideas" step by meaning, without JavaScript (the Django test client)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.builders import make_idea
from tests.builders import subpage_url as url
from wagtail_participation import capabilities
from wagtail_participation.ideas.engine.similarity import rank_similar
from wagtail_participation.ideas.models import Idea
from wagtail_participation.insights import similar
from wagtail_participation.models import Visibility

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache", "fresh_matrices")]

ZEBRA_EN = ("A zebra crossing in front of the school gate", "Children cross between parked cars every morning.")
ZEBRA_NL = ("Een zebrapad voor de schoolpoort", "Kinderen steken elke ochtend over tussen geparkeerde auto's.")
TREES_EN = ("Plant trees on the market square", "Shade in summer.")


def tick():
    call_command("participation_tick", stdout=open("/dev/null", "w"))


def check(client, board, title, body=""):
    data = {"title": title, "body": body, "website": "", "check_similar": "1"}
    response = client.post(url(board, "submit"), data)
    assert response.status_code == 200
    html = response.content.decode()
    return html.split('id="similar-heading"')[1].split("</section>")[0] if 'id="similar-heading"' in html else ""


def test_a_dutch_draft_finds_the_english_idea_that_shares_no_word_with_it(board, client, encoder):
    zebra = make_idea(board, title=ZEBRA_EN[0], body=ZEBRA_EN[1])
    make_idea(board, title=TREES_EN[0], body=TREES_EN[1])
    tick()
    # Shared words alone find nothing here: the match below is by meaning.
    assert rank_similar(" ".join(ZEBRA_NL), [(zebra, " ".join(ZEBRA_EN))]) == []

    shown = check(client, board, *ZEBRA_NL)
    assert ZEBRA_EN[0] in shown and TREES_EN[0] not in shown
    assert not Idea.objects.filter(title=ZEBRA_NL[0]).exists()  # a check stores nothing


def test_an_idea_posted_since_the_last_tick_is_still_found_by_its_words(board, client, encoder):
    make_idea(board, title=TREES_EN[0], body=TREES_EN[1])
    tick()
    make_idea(board, title="More bike racks at the station", body="The racks are always full.")
    shown = check(client, board, "Bike racks near the station")
    assert "More bike racks at the station" in shown


def test_hidden_and_waiting_ideas_are_never_suggested_even_from_a_cached_matrix(board, client, encoder):
    hidden = make_idea(board, title=ZEBRA_EN[0], body=ZEBRA_EN[1])
    make_idea(board, title="Zebra crossing at the school gate, please", visibility=Visibility.PRESCREENING)
    tick()
    assert ZEBRA_EN[0] in check(client, board, *ZEBRA_NL)  # the board's matrix is now cached with it

    Idea.objects.filter(pk=hidden.pk).update(visibility=Visibility.HIDDEN)  # a moderator hides it: no tick yet
    shown = check(client, board, *ZEBRA_NL)
    assert ZEBRA_EN[0] not in shown and "please" not in shown


def test_without_the_encoder_the_step_falls_back_to_shared_words(board, client, monkeypatch):
    monkeypatch.setattr(similar, "load_encoder", lambda threads=1: None)
    make_idea(board, title="More bike racks at the station", body="The racks are always full.")
    make_idea(board, title=TREES_EN[0], body=TREES_EN[1])
    shown = check(client, board, "Bike racks near the station")
    assert "More bike racks at the station" in shown and TREES_EN[0] not in shown
    assert (
        capabilities.similar_contributions("Bike racks", Idea.objects.all(), "record:x") is None
    )  # no finder answered


def test_a_site_without_a_finder_keeps_the_word_overlap(board, client):
    finder = capabilities.unregister_similar_text_finder("embeddings")
    try:
        make_idea(board, title="More bike racks at the station", body="The racks are always full.")
        assert "More bike racks at the station" in check(client, board, "Bike racks near the station")
    finally:
        capabilities.register(finder)


def test_the_check_step_runs_the_same_queries_for_3_and_30_ideas(board, client, encoder):
    def count():
        check(client, board, *ZEBRA_NL)  # loads and caches the board's matrix
        with CaptureQueriesContext(connection) as queries:
            check(client, board, *ZEBRA_NL)
        return len(queries)

    for n in range(3):
        make_idea(board, title=f"{ZEBRA_EN[0]} {n}", body=ZEBRA_EN[1])
    tick()
    few = count()
    for n in range(27):
        make_idea(board, title=f"{TREES_EN[0]} {n}", body=TREES_EN[1])
    tick()
    assert count() == few


def test_an_idea_found_in_another_language_is_marked_with_its_language(board, client, encoder):
    make_idea(board, title=ZEBRA_NL[0], body=ZEBRA_NL[1], language="nl")
    tick()

    shown = check(client, board, *ZEBRA_EN)  # an English page: screen readers must read the title as Dutch
    assert f'lang="nl">{ZEBRA_NL[0]}</a>' in shown
