"""Option analysis: scenarios, ranking without JavaScript, Borda and IRV, comments per option; the
poll block embedded in another page."""

import pytest
from django.test import Client, override_settings
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from tests.builders import ANALYSIS_OPEN as OPEN
from tests.builders import ANALYSIS_SCENARIOS as SCENARIOS
from tests.builders import NOW, days, make_analysis, make_poll, publish
from tests.builders import poll_vote_url as vote_url
from wagtail_participation import clock
from wagtail_participation.engine.policy import Level
from wagtail_participation.models import Participant
from wagtail_participation.polls import services as polls
from wagtail_participation.polls.models import AnalysisOption, OptionAnalysisPage, OptionComment, PollBallot

pytestmark = pytest.mark.usefixtures("clear_cache")


def ranks(**given):
    return {f"rank_{code.replace('_', '-')}": str(rank) for code, rank in given.items()}


@pytest.fixture
def analysis(home, now):
    return make_analysis(home, now=now)


@override_settings(ROOT_URLCONF="tests.urls_without_language_prefix")
class OptionAnalysisPageTests(WagtailPageTestCase):
    def test_creatable_routable_renderable_previewable(self):
        with clock.frozen_at(NOW):
            page = make_analysis(Page.objects.get(depth=2))
        self.assertCanCreateAt(Page, OptionAnalysisPage)
        self.assertPageIsRoutable(page)
        self.assertPageIsRenderable(page)
        self.assertPageIsPreviewable(page)


@pytest.mark.django_db
def test_page_shows_scenarios_with_pros_cons_cost_and_a_rank_select_per_option(analysis, client):
    html = client.get(analysis.url).content.decode()
    for _code, label, pro, con in SCENARIOS:
        assert label in html and pro in html and con in html
    assert "€100,000" in html
    assert html.count("<select") == 3 and 'name="rank_school-street"' in html
    assert '<option value="3">3</option>' in html


@pytest.mark.django_db
def test_a_ranking_is_stored_in_order_of_preference(analysis, client):
    response = client.post(vote_url(analysis), ranks(school_street=1, status_quo=2))
    assert response.status_code == 302
    assert PollBallot.objects.get().choices == ["school-street", "status-quo"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "given, message",
    [
        ({"one_way": 1, "school_street": 1}, "Rank 1 is given to more than one option."),
        ({"one_way": 1, "school_street": 3}, "rank 2 is missing"),
        ({}, "Give rank 1 to the option you prefer most."),
        ({"one_way": 9}, "Choose a rank from 1 to 3."),
    ],
)
def test_bad_rankings_are_refused_and_kept(analysis, client, given, message):
    response = client.post(vote_url(analysis), ranks(**given))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    # rendered at the vote URL, the corrected form still returns to the page, never to the vote URL
    assert f'name="next" value="{analysis.url}#poll-{analysis.participation_record.pk}"' in html
    if given.get("school_street") == 3:
        assert '<option value="3" selected>3</option>' in html  # what was chosen stays chosen
    assert PollBallot.objects.count() == 0


@pytest.mark.django_db
def test_forged_option_codes_are_ignored_or_refused(analysis, client):
    response = client.post(vote_url(analysis), {**ranks(one_way=1), "rank_forged": "2"})
    assert response.status_code == 302
    assert PollBallot.objects.get().choices == ["one-way"]  # unknown fields never reach the ballot


@pytest.mark.django_db
def test_results_show_borda_and_instant_runoff_round_by_round(analysis, client):
    record = analysis.participation_record
    profile = (
        [["one-way", "status-quo"]] * 4 + [["school-street", "status-quo"]] * 3 + [["status-quo", "school-street"]] * 2
    )
    for ballot in profile:
        polls.cast_ballot(record, Participant.new_anonymous(), ballot)
    result = analysis.get_results()
    assert result.rule == "borda+instant_runoff"
    assert {row.code: row.value for row in result.rows} == {"one-way": 8, "school-street": 8, "status-quo": 11}
    runoff = result.specifics.runoff
    assert runoff.winner == "school-street"
    assert runoff.rounds[0].eliminated == "status-quo"
    html = client.get(analysis.url).content.decode()
    assert "Borda points" in html and "Round 2" in html
    assert "Winner by instant-runoff: <strong>School street</strong>." in html
    assert "Drops out: Leave it as it is." in html


@pytest.mark.django_db
def test_pick_mode_counts_first_choices(home, now, client):
    page = make_analysis(home, now=now, slug="pick", mode="pick")
    html = client.get(page.url).content.decode()
    assert 'type="radio" name="choice" value="school-street"' in html and "<select" not in html
    client.post(vote_url(page), {"choice": "school-street"})
    assert page.get_results().rule == "plurality"
    assert {r.code: r.value for r in page.get_results().rows}["school-street"] == 1


@pytest.mark.django_db
def test_comments_per_option_and_their_bad_input(analysis, client):
    url = analysis.url + "comment/"
    response = client.post(url, {"option": "school-street", "body": "  "})
    assert response.status_code == 400 and "Write a comment first." in response.content.decode()
    response = client.post(url, {"option": "forged", "body": "Hello"})
    assert response.status_code == 400 and "This answer is not one of the options" in response.content.decode()
    response = client.post(url, {"option": "school-street", "body": "Yes <b>please</b>"})
    assert response.status_code == 302 and "#option-comment-" in response.url
    comment = OptionComment.objects.get()
    assert (comment.option_code, comment.record_id) == ("school-street", analysis.participation_record.pk)
    html = client.get(analysis.url).content.decode()
    assert "Yes &lt;b&gt;please&lt;/b&gt;" in html
    assert client.get(url).status_code == 405


@pytest.mark.django_db
def test_between_two_and_eight_options(home, now):
    from django.core.exceptions import ValidationError

    page = OptionAnalysisPage(title="T", slug="t", question="Q?", participation_rules=OPEN)
    page.options.add(AnalysisOption(label="Only one", description="<p>x</p>"))
    with pytest.raises(ValidationError):
        page.full_clean()


# -- the poll block ------------------------------------------------------------------------------
@pytest.fixture
def page_with_poll(home, now):
    from home.models import HomePage  # the example site's page type, which has the poll block

    poll = make_poll(home, now=now, results_visibility="after_voting")
    page = HomePage(
        title="News", slug="news", participation=[("method", {"method": poll, "heading": "Quick question"})]
    )
    return publish(home.add_child(instance=page)), poll


@pytest.mark.django_db
def test_poll_block_votes_come_back_to_the_page_and_show_results(page_with_poll, client):
    page, poll = page_with_poll
    html = client.get(page.url).content.decode()
    assert "Quick question" in html and f'action="{vote_url(poll)}"' in html
    assert f'name="next" value="{page.url}#poll-{poll.participation_record.pk}"' in html
    assert "The results are shown once you have voted." in html
    response = client.post(
        vote_url(poll), {"choice": "park", "next": f"{page.url}#poll-{poll.participation_record.pk}"}
    )
    assert response.status_code == 302 and response.url.startswith(page.url)
    html = client.get(page.url).content.decode()
    assert "You have voted." in html and "1 person voted." in html
    assert PollBallot.objects.filter(record=poll.participation_record).count() == 1


@pytest.mark.django_db
def test_poll_block_error_shows_the_poll_page_with_a_link_back(page_with_poll, client):
    page, poll = page_with_poll
    response = client.post(vote_url(poll), {"choice": "nonsense", "next": page.url})
    assert response.status_code == 400
    html = response.content.decode()
    assert "This answer is not one of the options" in html and f'href="{page.url}"' in html
    assert f'name="next" value="{page.url}"' in html  # corrected, the vote returns to the page it came from


@pytest.mark.django_db
def test_poll_block_with_an_unpublished_poll_shows_nothing(page_with_poll, client):
    page, poll = page_with_poll
    poll.unpublish()
    response = client.get(page.url)
    assert response.status_code == 200 and "Quick question" not in response.content.decode()
    assert Client().post(vote_url(poll), {"choice": "park"}).status_code == 404


@pytest.mark.django_db
def test_analysis_page_query_count_does_not_grow_with_options_votes_or_comments(home, now, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = make_analysis(home, now=now, slug="small", scenarios=SCENARIOS[:2])
    eight = [(f"s{i}", f"Scenario {i}", "pro", "con") for i in range(8)]
    big = make_analysis(home, now=now, slug="big", scenarios=eight)
    for index in range(40):
        person = Participant.new_anonymous()
        polls.cast_ballot(big.participation_record, person, [f"s{index % 8}", f"s{(index + 3) % 8}"])
        polls.add_option_comment(big.participation_record, person, f"s{index % 8}", "A comment", "en")
    polls.cast_ballot(small.participation_record, Participant.new_anonymous(), ["one-way"])

    def queries(page):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page.url).status_code == 200
        return len(captured)

    queries(small)
    assert queries(small) == queries(big)


@pytest.mark.django_db
def test_comment_permission_follows_the_rules(home, now, client, django_user_model):
    page = make_analysis(home, now=now, slug="registered-comments")
    page.participation_rules = {
        **OPEN,
        "actions": {**OPEN["actions"], "comment": {"level": int(Level.REGISTERED), "phases": []}},
    }
    page = publish(page)
    response = client.post(page.url + "comment/", {"option": "one-way", "body": "Kept text"})
    assert response.status_code == 403
    assert "Log in to comment." in response.content.decode()
    assert OptionComment.objects.count() == 0
    client.force_login(django_user_model.objects.create_user("ann", password="pw"))
    assert client.post(page.url + "comment/", {"option": "one-way", "body": "Kept text"}).status_code == 302
    assert OptionComment.objects.get().author.user.username == "ann"


# -- the option analysis embedded in another page (issue 14) -----------------------------------------


@pytest.fixture
def page_with_analysis(home, now):
    from home.models import HomePage  # the example site's page type, which embeds methods

    analysis = make_analysis(home, now=now)
    page = HomePage(title="News", slug="news", participation=[("method", {"method": analysis, "heading": ""})])
    return publish(home.add_child(instance=page)), analysis


@pytest.mark.django_db
def test_embedded_analysis_shows_the_options_and_the_ranking_form_posting_to_the_vote_route(page_with_analysis, client):
    page, analysis = page_with_analysis
    polls.add_option_comment(analysis.participation_record, Participant.new_anonymous(), "one-way", "Yes", "en")
    html = client.get(page.url).content.decode()
    anchor = f"poll-{analysis.participation_record.pk}"
    assert "Traffic in Noord: three scenarios" in html and "Which traffic scenario do you prefer?" in html
    for _code, label, pro, con in SCENARIOS:
        assert label in html and pro in html and con in html
    assert "Rank the options" in html and html.count("<select") == 3 and 'name="rank_school-street"' in html
    assert f'action="{vote_url(analysis)}"' in html and 'name="csrfmiddlewaretoken"' in html
    assert f'name="next" value="{page.url}#{anchor}"' in html
    assert f'href="{analysis.url}#option-one-way">1 comment' in html  # comments stay on the analysis's page
    assert "0 people voted." in html  # results shown as on its page ("always" visible)


@pytest.mark.django_db
def test_embedded_analysis_ranking_comes_back_to_the_page_without_javascript(page_with_analysis, client):
    page, analysis = page_with_analysis
    anchor = f"poll-{analysis.participation_record.pk}"
    response = client.post(vote_url(analysis), {**ranks(school_street=1, one_way=2), "next": f"{page.url}#{anchor}"})
    assert response.status_code == 302 and response.url == f"{page.url}#{anchor}"
    assert PollBallot.objects.get().choices == ["school-street", "one-way"]
    html = client.get(page.url).content.decode()
    assert "You have voted." in html and "Borda points" in html and "Instant-runoff, round by round" in html
    assert "1 person voted." in html


@pytest.mark.django_db
def test_embedded_analysis_error_shows_the_analysis_page_with_a_link_back(page_with_analysis, client):
    page, analysis = page_with_analysis
    response = client.post(vote_url(analysis), {**ranks(one_way=1, school_street=1), "next": page.url})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Rank 1 is given to more than one option." in html and f'href="{page.url}"' in html
    assert f'name="next" value="{page.url}"' in html  # corrected, the ranking returns to the page it came from
    assert PollBallot.objects.count() == 0


@pytest.mark.django_db
def test_embedded_analysis_keeps_csrf_and_the_rules_of_its_route(page_with_analysis, now):
    page, analysis = page_with_analysis
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(vote_url(analysis), ranks(one_way=1)).status_code == 403  # no token: refused
    html = strict.get(page.url).content.decode()
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert strict.post(vote_url(analysis), {**ranks(one_way=1), "csrfmiddlewaretoken": token}).status_code == 302
    with clock.frozen_at(now + days(20)):  # closed: the block offers no form, the route refuses
        html = strict.get(page.url).content.decode()
        assert 'name="rank_one-way"' not in html and "wp-notice--reason" in html  # the reason, no dead form
        refused = strict.post(vote_url(analysis), {**ranks(school_street=1), "csrfmiddlewaretoken": token})
        assert refused.status_code == 403
    analysis.unpublish()
    assert "Traffic in Noord" not in Client().get(page.url).content.decode()
    assert Client().post(vote_url(analysis), ranks(one_way=1)).status_code == 404  # the live-method guard
