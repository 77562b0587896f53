"""What people see: money written one way, one full stop after a date, method cards, the index
counting every open method, My participation linking to one's own items, no empty notice box."""

from datetime import UTC, datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.builders import (
    days,
    make_board,
    make_idea,
    make_index,
    make_method,
    make_project,
    make_proposal,
    make_proposals_page,
)
from wagtail_participation import contributions, permissions
from wagtail_participation.engine.policy import Outcome
from wagtail_participation.money import format_money, money_format_for_script
from wagtail_participation.phases import VOTE


# -- money ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "language, expected",
    [
        ("en", "€174,000"),
        ("nl", "€\u00a0174.000"),
        ("fr", "174\u00a0000\u00a0€"),
        ("de", "174.000\u00a0€"),
    ],
)
def test_money_is_written_the_languages_way(language, expected):
    with translation.override(language):
        assert format_money(174000) == expected


def test_money_with_cents_and_below_zero():
    with translation.override("nl"):
        assert format_money(1234.5, decimals=2) == "€\u00a01.234,50"
        assert format_money(-5000) == "-€\u00a05.000"


@override_settings(WAGTAILPARTICIPATION_MONEY_FORMATS={"": "{amount} EUR"})
def test_money_pattern_is_a_setting():
    with translation.override("en"):
        assert format_money(40000) == "40,000 EUR"


@hypothesis_settings(max_examples=40)
@given(amount=st.integers(min_value=0, max_value=10**12), language=st.sampled_from(["en", "nl", "fr", "de"]))
def test_the_booth_script_format_matches_the_server(amount, language):
    """budget_booth.js groups digits by three with the separator and fills the pattern: the same text."""
    with translation.override(language):
        fmt = money_format_for_script()
        digits = str(amount)
        groups = []
        while digits:
            groups.insert(0, digits[-3:])
            digits = digits[:-3]
        assert fmt["pattern"].replace("{amount}", fmt["group"].join(groups)) == format_money(amount)


def test_money_filter_and_admin_use_the_one_formatter():
    from wagtail_participation.budgets.templatetags.budget_tags import money

    with translation.override("nl"):
        assert money(174000) == format_money(174000) == "€\u00a0174.000"


# -- one full stop -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Voting closed on Dec. 3, 2026, 12:01 a.m..", "Voting closed on Dec. 3, 2026, 12:01 a.m."),
        ("Open until 5 p.m.. A snapshot follows.", "Open until 5 p.m. A snapshot follows."),
        ("Wait...", "Wait..."),
        ("Voting closed on 3 December 2026.", "Voting closed on 3 December 2026."),
    ],
)
def test_one_full_stop(text, expected):
    assert permissions.one_full_stop(text) == expected


def test_closed_sentence_after_a_morning_time_has_one_full_stop():
    closed_at = datetime(2026, 12, 2, 23, 1, tzinfo=UTC)  # 00:01 in Brussels: "12:01 a.m."
    with translation.override("en"):
        sentence = permissions.reason_for(Outcome(False, "closed", closes_at=closed_at), VOTE)
    assert sentence.startswith("Voting closed on") and "a.m." in sentence
    assert not sentence.endswith("..") and sentence.endswith(".")


# -- method cards and the index ------------------------------------------------------------------
@pytest.mark.django_db
def test_project_page_method_cards_say_type_status_and_what_to_do(home, now, client):
    index = make_index(home)
    project = make_project(
        index, phases=[("collect", now - days(2), now + days(10)), ("vote", now + days(12), now + days(20))]
    )
    collect, vote = project.ordered_phases()
    make_board(
        project,
        now=now,
        title="Unsafe crossings",
        rules={"actions": {"submit": {"level": 0, "phases": [collect.code]}}},
    )
    make_method(project, title="Later vote", rules={"actions": {"vote": {"level": 0, "phases": [vote.code]}}})
    html = client.get(project.url).content.decode()
    board_card = html[html.index("Unsafe crossings") - 600 : html.index("Unsafe crossings") + 600]
    assert "Idea board" in board_card and "Open now" in board_card and "Take part now" in board_card
    later_card = html[html.index("Later vote") - 600 : html.index("Later vote") + 600]
    assert "Coming up" in later_card and "Opens" in later_card and "Read what is coming" in later_card


@pytest.mark.django_db
def test_index_counts_an_any_time_proposals_page_as_open(home, now, client):
    index = make_index(home)
    make_project(index, title="Old project", phases=[("collect", now - days(30), now - days(20))])
    html = client.get(index.url).content.decode()
    assert "There is no project open for input right now." in html
    make_proposals_page(index, now=now, title="Citizen proposals")
    html = client.get(index.url).content.decode()
    assert "There is no project open for input right now." not in html
    open_section = html[
        html.index('id="open-heading"') : html.index('id="upcoming-heading"')
        if 'id="upcoming-heading"' in html
        else None
    ]
    assert "Citizen proposals" in open_section and "Open any time" in open_section


@pytest.mark.django_db
def test_index_listing_counts_open_methods(home, now):
    from wagtail_participation.project_listing import project_listing

    index = make_index(home)
    make_proposals_page(index, now=now)
    listing = project_listing(index, {}, now)
    assert listing["open_projects"] == [] and listing["open_count"] == 1
    assert listing["open_methods"][0].call_to_action == "Take part now"
    assert listing["next_opportunity"] is None


# -- my participation ----------------------------------------------------------------------------
@pytest.mark.django_db
def test_my_participation_links_to_my_ideas_comments_and_proposals(home, now, client, django_user_model):
    from wagtail_participation.models import Participant

    user = django_user_model.objects.create_user("ann", "ann@example.be", "pw")
    me = Participant.objects.create(user=user)
    other = Participant.objects.create(user=django_user_model.objects.create_user("bob", "bob@example.be", "pw"))
    board = make_board(home, now=now)
    mine = make_idea(board, author=me, title="Lights at the Kerkstraat crossing")
    theirs = make_idea(board, author=other, title="Not my idea at all")
    comment = contributions.add_comment(theirs, me, "I agree, it is dark there.", "en")
    page = make_proposals_page(home, now=now)
    proposal = make_proposal(page, author=me, title="Benches on the Stationsplein")
    client.force_login(user)
    html = client.get(reverse("wagtail_participation:me")).content.decode()
    assert f'href="{board.url}{board.reverse_subpage("idea", args=(mine.pk,))}"' in html
    assert f'{board.reverse_subpage("idea", args=(theirs.pk,))}#comment-{comment.pk}"' in html
    assert f'href="{page.url}{page.reverse_subpage("proposal", args=(proposal.pk,))}"' in html
    assert "Lights at the Kerkstraat crossing" in html and "Benches on the Stationsplein" in html
    assert html.count("Not my idea at all") == 1  # only as the title of the idea I commented on


# -- no empty notice box -------------------------------------------------------------------------
@pytest.mark.django_db
def test_hidden_idea_shows_its_author_no_empty_notice(home, now, client, django_user_model):
    import re

    from wagtail_participation.models import Participant

    user = django_user_model.objects.create_user("ann", "ann@example.be", "pw")
    me = Participant.objects.create(user=user)
    board = make_board(home, now=now)
    idea = make_idea(board, author=me, visibility="hidden", hidden_reason="")
    client.force_login(user)
    html = client.get(board.url + board.reverse_subpage("idea", args=(idea.pk,))).content.decode()
    boxes = re.findall(r'<(p|div) class="wp-notice[^"]*"[^>]*>(.*?)</\1>', html, re.S)
    assert boxes and all(re.sub(r"<[^>]+>", "", box).strip() for _tag, box in boxes), boxes
    assert (
        "A moderator hid this. Only you can see it." in html
        and "<dl" not in html.split("wp-statement")[1].split("</div>")[0]
    )


# -- charts --------------------------------------------------------------------------------------
def test_chart_labels_are_never_cut():
    from django.template.loader import render_to_string

    from wagtail_participation.engine.method_results import MethodResults, ResultRow
    from wagtail_participation.templatetags.participation_tags import bar_chart

    long_label = "Kerkstraat and Molenstraat become one-way streets in opposite directions"
    context = bar_chart(
        MethodResults(rule="count", rows=(ResultRow("a", long_label, 3), ResultRow("b", "No", 1)), participants=4),
        "Title",
    )
    html = render_to_string("wagtail_participation/includes/bar_chart.html", context)
    assert html.count(long_label) == 3  # beside its bar, in the description read out, in the table
    # lengths as classes (charts.css), never style attributes, which a strict CSP blocks
    assert 'class="wp-bars__bar wp-len-100"' in html and 'class="wp-bars__bar wp-len-33"' in html
    assert "style=" not in html


# -- one language switcher -----------------------------------------------------------------------
def switcher(html):
    import re

    nav = html[html.index('class="wp-languages"') :]
    nav = nav[: nav.index("</nav>")]
    return re.findall(r'<a href="([^"]*)" lang="([a-z]+)"', nav)


@pytest.mark.django_db
def test_content_pages_and_account_pages_offer_the_same_languages(home, now, client):
    from wagtail.models import Locale

    for code in ("fr", "de"):
        Locale.objects.get_or_create(language_code=code)
    index = make_index(home)
    project = make_project(index, phases=[("collect", now - days(2), now + days(10))])
    home_nl = home.copy_for_translation(Locale.objects.get(language_code="nl"))
    home_nl.save_revision().publish()
    page_links = switcher(client.get(project.url).content.decode())
    account_links = switcher(client.get(reverse("wagtail_participation:me")).content.decode())
    assert [code for _url, code in page_links] == [code for _url, code in account_links] == ["en", "nl"]
    # the project has no Dutch translation: the switcher goes to the nearest Dutch page, the home page
    assert dict((code, url) for url, code in page_links)["nl"] == home_nl.specific.get_url()


# -- untranslated budget projects carry their language -------------------------------------------
@pytest.mark.django_db
def test_dutch_booth_marks_english_project_texts_with_their_language(home, now, client):
    from tests.builders import make_budget_page
    from wagtail_participation.budgets.views import mark_untranslated

    page = make_budget_page(
        home,
        now,
        projects=[
            {"budget_slug": "city", "title": "Trees on Kerkstraat", "cost": 40_000, "description": "Thirty trees."},
            {"budget_slug": "city", "title": "A skate park", "cost": 60_000, "description": "Ramps and a rail."},
        ],
    )
    from wagtail.models import Locale

    dutch = page.copy_for_translation(Locale.objects.get(language_code="nl"), copy_parents=True)
    dutch.save_revision().publish()
    dutch = dutch.specific
    trees = dutch.budget_projects.get(title="Trees on Kerkstraat")
    trees.title, trees.description = "Bomen in de Kerkstraat", "Dertig bomen."
    trees.save()
    projects = {p.title: p for p in dutch.budget_projects.all()}
    mark_untranslated(projects.values(), dutch)
    assert (projects["Bomen in de Kerkstraat"].title_lang, projects["Bomen in de Kerkstraat"].description_lang) == (
        "",
        "",
    )
    assert (projects["A skate park"].title_lang, projects["A skate park"].description_lang) == ("en", "en")
    html = client.get(dutch.url + dutch.reverse_subpage("booth", args=("city",))).content.decode()
    assert '<p class="wp-booth__description" id="project-' in html
    assert 'lang="en">Ramps and a rail.</p>' in html and "Dertig bomen.</p>" in html
