"""Polls: voting through the page and the routed vote URL, bad input, visibility, languages."""

import json

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from tests.builders import NOW, VOTE_OPEN, days, make_method, make_poll, publish
from tests.builders import POLL_OPTIONS as OPTIONS
from tests.builders import poll_vote_url as vote_url
from wagtail_participation import clock, snapshots
from wagtail_participation.engine.policy import Level
from wagtail_participation.models import Participant
from wagtail_participation.models.snapshots import ResultSnapshot
from wagtail_participation.polls import services as polls
from wagtail_participation.polls.models import PollBallot, PollOption, PollPage

REGISTERED_ONLY = {"actions": {"vote": {"level": int(Level.REGISTERED), "phases": []}}}

pytestmark = pytest.mark.usefixtures("clear_cache")


def counts(poll):
    return {row.code: row.value for row in poll.get_results().rows}


@pytest.fixture
def poll(home, now):
    return make_poll(home, now=now)


@override_settings(ROOT_URLCONF="tests.urls_without_language_prefix")
class PollPageTests(WagtailPageTestCase):
    def test_creatable_routable_renderable_previewable(self):
        root = Page.objects.get(depth=2)
        with clock.frozen_at(NOW):
            poll = make_poll(root)
        self.assertCanCreateAt(Page, PollPage)
        self.assertPageIsRoutable(poll)
        self.assertPageIsRenderable(poll)
        self.assertPageIsPreviewable(poll)


@pytest.mark.django_db
def test_page_shows_question_answers_and_a_form_posting_to_the_vote_route(poll, client):
    html = client.get(poll.url).content.decode()
    assert "Where should the new bike shed go?" in html
    assert all(label in html for _code, label in OPTIONS)
    assert f'action="{vote_url(poll)}"' in html
    assert 'type="radio" name="choice" value="station"' in html
    assert "csrfmiddlewaretoken" in html


@pytest.mark.django_db
def test_a_vote_is_counted_by_code_and_the_voter_returns(poll, client):
    response = client.post(vote_url(poll), {"choice": "station", "next": "/en/somewhere/#poll"})
    assert response.status_code == 302 and response.url == "/en/somewhere/#poll"
    ballot = PollBallot.objects.get()
    assert ballot.choices == ["station"] and ballot.record == poll.participation_record
    assert counts(poll) == {"market-square": 0, "station": 1, "park": 0}
    html = client.get(poll.url).content.decode()
    assert "You have voted." in html and "1 person voted." in html


@pytest.mark.django_db
def test_votes_on_the_dutch_and_english_pages_add_up(poll, locales):
    dutch = poll.copy_for_translation(locales["nl"], copy_parents=True)
    dutch.title = "Waar moet de nieuwe fietsenstalling komen?"
    dutch.question = "Waar moet de nieuwe fietsenstalling komen?"
    options = list(dutch.options.all())
    for option, label in zip(options, ("Op de markt", "Bij het station", "In het park")):
        option.label = label
    dutch.options = options
    dutch.save_revision().publish()
    dutch = PollPage.objects.get(pk=dutch.pk)
    assert [o.code for o in dutch.options.all()] == [code for code, _ in OPTIONS]
    english_voter, dutch_voter = Client(), Client()
    english_voter.post(vote_url(poll), {"choice": "station"})
    with translation.override("nl"):
        html = dutch_voter.get(dutch.url).content.decode()
        assert "Bij het station" in html
        dutch_voter.post(dutch.url + "vote/", {"choice": "station"})
        assert counts(dutch) == {"market-square": 0, "station": 2, "park": 0}
        assert dict((row.code, row.label) for row in dutch.get_results().rows)["station"] == "Bij het station"
    assert counts(poll)["station"] == 2
    assert sorted(PollBallot.objects.values_list("language", flat=True)) == ["en", "nl"]


@pytest.mark.django_db
def test_one_vote_per_participant_changeable_until_close(poll, client):
    client.post(vote_url(poll), {"choice": "station"})
    client.post(vote_url(poll), {"choice": "station"})  # a double click
    assert PollBallot.objects.count() == 1
    response = client.post(vote_url(poll), {"choice": "park"}, follow=True)
    assert "Your vote has been changed." in response.content.decode()
    assert counts(poll) == {"market-square": 0, "station": 0, "park": 1}
    html = client.get(poll.url).content.decode()
    assert 'value="park" id="poll' in html and "checked" in html.split('value="park"')[1].split(">")[0]


@pytest.mark.django_db
def test_a_second_vote_is_refused_where_votes_cannot_change(home, now, client):
    poll = make_poll(home, now=now, allow_change=False)
    client.post(vote_url(poll), {"choice": "station"})
    response = client.post(vote_url(poll), {"choice": "park"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "You have already voted, and votes here cannot be changed." in html
    assert counts(poll) == {"market-square": 0, "station": 1, "park": 0}
    assert "Change my vote" not in client.get(poll.url).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data, message",
    [
        ({"choice": "forged-code"}, "This answer is not one of the options. Choose again."),
        ({}, "Choose an answer."),
        ({"choice": "other"}, "This answer is not one of the options"),  # no "Other" offered here
    ],
)
def test_bad_single_choice_input_is_refused_with_a_message(poll, client, data, message):
    response = client.post(vote_url(poll), {**data, "next": "/en/news/"})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'href="/en/news/"' in html  # a link back to where the person was
    assert PollBallot.objects.count() == 0
    assert Participant.objects.count() == 0  # nothing stored, no stray token


@pytest.mark.django_db
def test_multiple_choice_bounds_and_other_keep_what_was_typed(home, now, client):
    poll = make_poll(home, now=now, selection="multiple", min_choices=2, max_choices=2, allow_other=True)
    response = client.post(vote_url(poll), {"choice": ["station"]})
    assert response.status_code == 400 and "Choose at least 2 answers." in response.content.decode()
    response = client.post(vote_url(poll), {"choice": ["station", "park", "market-square"]})
    assert "Choose at most 2 answers." in response.content.decode()
    response = client.post(vote_url(poll), {"choice": ["station", "other"], "other_text": ""})
    assert "Write your other answer" in response.content.decode()
    response = client.post(vote_url(poll), {"choice": ["station", "park"], "other_text": "Behind the library"})
    html = response.content.decode()
    assert "also choose “Other”" in html
    assert 'value="Behind the library"' in html  # kept
    assert PollBallot.objects.count() == 0
    client.post(vote_url(poll), {"choice": ["station", "other"], "other_text": "Behind the library"})
    ballot = PollBallot.objects.get()
    assert ballot.choices == ["station", "other"] and ballot.other_text == "Behind the library"
    result = poll.get_results()
    assert result.rule == "approval" and {r.code: r.value for r in result.rows}["other"] == 1
    assert result.notes  # "answers add up to more than the number of people"


@pytest.mark.django_db
def test_permission_and_phase_matrix(home, now, client, django_user_model):
    registered = make_poll(home, now=now, slug="registered", rules=REGISTERED_ONLY)
    response = client.post(vote_url(registered), {"choice": "park"})
    assert response.status_code == 403 and "Log in to vote." in response.content.decode()
    client.force_login(django_user_model.objects.create_user("ann", password="pw"))
    assert client.post(vote_url(registered), {"choice": "park"}).status_code == 302
    upcoming = make_poll(home, now=now, slug="upcoming", opens_at=now + days(2), closes_at=now + days(9))
    response = client.post(vote_url(upcoming), {"choice": "park"})
    assert response.status_code == 403 and "Voting opens on" in response.content.decode()
    closed = make_poll(home, now=now, slug="closed", opens_at=now - days(9), closes_at=now - days(2))
    response = client.post(vote_url(closed), {"choice": "park"})
    assert response.status_code == 403 and "Voting closed on" in response.content.decode()
    assert PollBallot.objects.count() == 1


@pytest.mark.django_db
def test_only_post_with_csrf_and_only_polls(poll, home, now):
    client = Client(enforce_csrf_checks=True)
    assert client.get(vote_url(poll)).status_code == 405
    assert client.post(vote_url(poll), {"choice": "park"}).status_code == 403
    other_method = make_method(home, slug="not-a-poll")  # a method of another kind (the test app's)
    other_record = reverse("wagtail_participation:vote_poll", args=(other_method.participation_record.pk,))
    assert Client().post(other_record, {"choice": "park"}).status_code == 404
    assert PollBallot.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("rule", ["always", "after_voting", "after_close", "staff"])
def test_results_visibility_is_enforced_on_the_server(home, now, rule, staff_client):
    poll = make_poll(home, now=now, results_visibility=rule)
    client = Client()  # a visitor (staff_client is the same test client, logged in)
    Client().post(vote_url(poll), {"choice": "station"})
    shown = "1 person voted." in client.get(poll.url).content.decode()
    assert shown == (rule == "always")
    client.post(vote_url(poll), {"choice": "park"})
    shown = "2 people voted." in client.get(poll.url).content.decode()
    assert shown == (rule in ("always", "after_voting"))
    staff_html = staff_client.get(poll.url).content.decode()
    assert "2 people voted." in staff_html
    assert ("Only staff see these results now" in staff_html) == (rule in ("after_voting", "after_close", "staff"))
    with clock.frozen_at(now + days(15)):  # closed
        shown = "2 people voted." in Client().get(poll.url).content.decode()
    assert shown == (rule != "staff")


@pytest.mark.django_db
def test_results_name_the_rule_and_the_assurance_level_and_snapshot(home, now):
    poll = make_poll(home, now=now, results_visibility="after_close", rules=REGISTERED_ONLY)
    voter = Participant.new_anonymous()
    polls.cast_ballot(poll.participation_record, voter, ["park"], language="en")
    result = poll.get_results()
    assert (result.rule, result.assurance, result.participants) == ("plurality", "registered", 1)
    assert result.specifics.by_assurance == {"registered": 0, "token": 1}
    with clock.frozen_at(now + days(15)):
        snapshot = snapshots.take_provisional(poll.participation_record)
    assert isinstance(snapshot, ResultSnapshot)
    assert snapshot.results().rows[2].code == "park" and snapshot.results().rows[2].value == 1


@pytest.mark.django_db
def test_page_query_count_does_not_grow_with_votes_or_answers(home, now, client):
    small = make_poll(home, now=now, slug="small", options=OPTIONS[:2])
    big = make_poll(home, now=now, slug="big", options=[(f"o{i}", f"Option {i}") for i in range(12)])
    for index in range(3):
        polls.cast_ballot(small.participation_record, Participant.new_anonymous(), ["station"])
    for index in range(60):
        polls.cast_ballot(big.participation_record, Participant.new_anonymous(), [f"o{index % 12}"])
    client.post(vote_url(small), {"choice": "station"})
    client.post(vote_url(big), {"choice": "o1"})

    def queries(page):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page.url).status_code == 200
        return len(captured)

    queries(small)
    assert queries(small) == queries(big)


@pytest.mark.django_db
def test_my_data_has_my_votes_and_deletion_withdraws_open_votes_only(home, now, client, django_user_model):
    open_poll = make_poll(home, now=now, slug="open")
    closing = make_poll(home, now=now, slug="closing", closes_at=now + days(1))
    client.force_login(django_user_model.objects.create_user("ann", password="pw"))
    client.post(vote_url(open_poll), {"choice": "park"})
    client.post(vote_url(closing), {"choice": "station"})
    data = json.loads(client.get(reverse("wagtail_participation:me_download")).content)["data"]
    assert sorted(item["choices"][0] for item in data["poll_votes"]["items"]) == ["park", "station"]
    with clock.frozen_at(now + days(2)):
        client.post(reverse("wagtail_participation:me_delete"), {"confirm": "yes"})
    assert counts(open_poll)["park"] == 0
    assert counts(closing)["station"] == 1  # a closed poll's count stands


@pytest.mark.django_db
def test_codes_are_filled_from_labels_and_must_be_unique(home, now):
    from django.core.exceptions import ValidationError

    page = PollPage(
        title="P", slug="p", question="Q?", participation_rules=VOTE_OPEN, opens_at=now, closes_at=now + days(1)
    )
    page.options.add(PollOption(label="Bike lane"))
    page.options.add(PollOption(label="Bike lane"))
    page.options.add(PollOption(label="Other"))
    home.add_child(instance=page)
    assert [o.code for o in page.options.all()] == ["bike-lane", "bike-lane-2", "other-2"]
    page.options.add(PollOption(label="Again", code="bike-lane"))
    with pytest.raises(ValidationError):
        page.full_clean()


@pytest.mark.django_db
def test_running_tallies_always_equal_a_recount_of_the_ballots(home, now, django_user_model):
    import random

    poll = make_poll(home, now=now, selection="multiple", min_choices=1, max_choices=0, allow_other=True)
    record = poll.participation_record
    rng = random.Random(7)
    people = [Participant.new_anonymous() for _ in range(6)]
    people += [Participant.objects.create(user=django_user_model.objects.create_user(f"u{i}")) for i in range(3)]
    codes = [code for code, _ in OPTIONS] + ["other"]
    for _ in range(120):
        person = rng.choice(people)
        if rng.random() < 0.2:
            polls.withdraw_ballot(record, person)
        else:
            choices = rng.sample(codes, rng.randint(1, 3))
            polls.cast_ballot(
                record, person, choices, other_text="x" if "other" in choices else "", allow_change=rng.random() < 0.8
            )
    running = {code: count for code, count in polls.tallies(record).items() if count}
    assert running == polls.recount(record)
    result = poll.get_results()
    assert result.participants == PollBallot.objects.filter(record=record).count()
    assert (
        result.specifics.by_assurance["registered"]
        == PollBallot.objects.filter(record=record, participant__user__isnull=False).count()
    )


@pytest.mark.django_db
def test_an_answer_with_votes_cannot_be_removed_but_labels_can_change(poll):
    from django.core.exceptions import ValidationError

    polls.cast_ballot(poll.participation_record, Participant.new_anonymous(), ["park"])
    options = list(poll.options.all())
    options[2].label = "In the city park"
    poll.options = options
    poll.full_clean()  # relabelling is fine
    poll.options = options[:2]
    with pytest.raises(ValidationError, match="cannot be added, removed or recoded"):
        poll.full_clean()


@pytest.mark.django_db
def test_wagtail_localize_offers_labels_for_translation_never_codes(poll, locales):
    from wagtail_localize.models import StringSegment, TranslationSource

    source, _created = TranslationSource.get_or_create_from_instance(poll)
    offered = set(StringSegment.objects.filter(source=source).values_list("string__data", flat=True))
    assert {"Where should the new bike shed go?", "Near the station", "In the park"} <= offered
    assert not offered & {"station", "park", "market-square", "always", "single"}


@pytest.mark.django_db
def test_answers_with_pictures_show_them_with_their_description_in_constant_queries(home, now, client):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    def with_pictures(slug, count):
        poll = make_poll(home, now=now, slug=slug, options=[(f"o{i}", f"Option {i}") for i in range(count)])
        options = list(poll.options.all())
        for index, option in enumerate(options):
            option.image = Image.objects.create(title=f"{slug} {index}", file=get_test_image_file())
            option.image_alt = f"Photo of place {index}"
        poll.options = options
        return publish(poll)

    two, six = with_pictures("two", 2), with_pictures("six", 6)
    html = client.get(six.url).content.decode()
    assert 'alt="Photo of place 5"' in html

    def queries(page):
        with CaptureQueriesContext(connection) as captured:
            client.get(page.url)
        return len(captured)

    queries(two), queries(six)  # renditions are made on the first view
    assert queries(two) == queries(six)
