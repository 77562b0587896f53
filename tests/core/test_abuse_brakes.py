"""Abuse brakes as a visitor meets them: a school class behind one address goes on, one busy
participant is braked, with a clear message and what they typed kept (docs/abuse-brakes.md)."""

import pytest
from django.core.cache import cache
from django.core.checks import run_checks
from django.test import Client

from tests.builders import make_idea
from tests.builders import subpage_url as url
from wagtail_participation.ideas import views as idea_views
from wagtail_participation.ideas.models import Idea
from wagtail_participation.models import Comment, Participant, Report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache")]

SCHOOL = "203.0.113.7"  # the whole class behind one address
POSTED = "You have posted a lot in a short time."


def idea_data(title="A crossing guard at the school", **extra):
    return {"title": title, "body": "Children cross Kerkstraat alone.", "website": "", "submit": "1", **extra}


def post(client, path, data, address=SCHOOL, **headers):
    return client.post(path, data, REMOTE_ADDR=address, **headers)


def pupils(django_user_model, count, with_accounts):
    clients = []
    for number in range(count):
        client = Client()
        if with_accounts:
            client.force_login(django_user_model.objects.create_user(f"pupil{number}", password="pw"))
        clients.append(client)
    return clients


@pytest.mark.parametrize("with_accounts", [True, False], ids=["accounts", "anonymous"])
def test_a_school_class_behind_one_address_is_never_braked(board, django_user_model, with_accounts):
    """30 pupils each post an idea and a comment within ten minutes from one address: none is refused."""
    idea = make_idea(board, title="Bike racks at the school")
    for number, client in enumerate(pupils(django_user_model, 30, with_accounts)):
        posted = post(client, url(board, "submit"), idea_data(f"Idea number {number} of the class"))
        commented = post(client, url(board, "comment", idea.pk), {"body": f"Good idea, says pupil {number}"})
        assert (posted.status_code, commented.status_code) == (302, 302), number
    assert Idea.objects.filter(title__startswith="Idea number").count() == 30
    assert Comment.objects.filter(contribution=idea).count() == 30
    assert Participant.objects.count() == 30


def test_one_participant_posting_30_times_is_braked_and_keeps_what_they_typed(board, django_user_model):
    (busy, classmate) = pupils(django_user_model, 2, with_accounts=True)
    statuses = [post(busy, url(board, "submit"), idea_data(f"Busy idea number {n}")).status_code for n in range(30)]
    assert statuses == [302] * 10 + [429] * 20
    refused = post(busy, url(board, "submit"), idea_data("The one that was braked"))
    html = refused.content.decode()
    assert refused.status_code == 429 and POSTED in html and "The one that was braked" in html
    assert Idea.objects.count() == 10
    # a classmate at the same address is not touched by it
    assert post(classmate, url(board, "submit"), idea_data("The classmate's idea")).status_code == 302


def test_comments_have_a_budget_of_their_own(board, django_user_model):
    idea = make_idea(board)
    (busy,) = pupils(django_user_model, 1, with_accounts=True)
    statuses = [post(busy, url(board, "comment", idea.pk), {"body": f"Comment {n}"}).status_code for n in range(30)]
    assert statuses == [302] * 20 + [429] * 10
    refused = post(busy, url(board, "comment", idea.pk), {"body": "Still typing this"})
    assert POSTED in refused.content.decode() and "Still typing this" in refused.content.decode()
    # the idea budget is separate: the same person may still post an idea
    assert post(busy, url(board, "submit"), idea_data()).status_code == 302


def test_a_site_behind_a_load_balancer_counts_each_resident_by_their_own_address(board, settings):
    """Without the proxy setting every resident arrives from the load balancer's address and
    shares one budget; with it each is counted by the address the load balancer saw."""
    settings.WAGTAILPARTICIPATION_BRAKES = {"idea": {"address_limit": 1}}
    balancer = "10.0.0.5"

    def resident(address):
        return post(
            Client(),
            url(board, "submit"),
            idea_data(f"From {address}"),
            address=balancer,
            HTTP_X_FORWARDED_FOR=f"{address}",
        )

    assert [resident("198.51.100.1").status_code, resident("198.51.100.2").status_code] == [302, 429]
    cache.clear()
    settings.WAGTAILPARTICIPATION_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert [resident("198.51.100.3").status_code, resident("198.51.100.4").status_code] == [302, 302]
    # a resident cannot pick a fresh address by writing the header: the balancer appends the real one
    spoofed = post(
        Client(),
        url(board, "submit"),
        idea_data("Spoofed"),
        address=balancer,
        HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.3",
    )
    assert spoofed.status_code == 429 and "from your network" in spoofed.content.decode()


def test_ipv6_neighbours_in_one_64_share_a_budget(board, settings):
    settings.WAGTAILPARTICIPATION_BRAKES = {"idea": {"address_limit": 1}}
    assert post(Client(), url(board, "submit"), idea_data("First"), address="2001:db8:5:6::1").status_code == 302
    assert post(Client(), url(board, "submit"), idea_data("Same 64"), address="2001:db8:5:6:ffff::2").status_code == 429
    assert post(Client(), url(board, "submit"), idea_data("Next 64"), address="2001:db8:5:7::1").status_code == 302


def test_new_anonymous_participants_per_address_are_braked_before_one_is_made(board, settings):
    settings.WAGTAILPARTICIPATION_BRAKES = {"anonymous_participant": {"address_limit": 3}}
    idea = make_idea(board)
    vote = url(board, "vote", idea.pk)
    returning = Client()
    statuses = [post(client, vote, {"value": "up"}).status_code for client in (returning, Client(), Client())]
    assert statuses == [302, 302, 302] and Participant.objects.count() == 3
    fourth = post(Client(), vote, {"value": "up"}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert fourth.status_code == 429
    assert fourth.json()["ok"] is False and "from your network" in fourth.json()["message"]
    assert Participant.objects.count() == 3 and "participation_token" not in fourth.cookies
    # someone who already takes part is not a new participant
    assert post(returning, vote, {"value": "withdraw-up"}).status_code == 302
    idea.refresh_from_db()
    assert idea.up_votes == 2


def test_a_braked_vote_with_javascript_gets_a_json_error(board, settings):
    settings.WAGTAILPARTICIPATION_BRAKES = {"vote": {"limit": 2}}
    idea = make_idea(board)
    client = Client()
    answers = [
        post(client, url(board, "vote", idea.pk), {"value": value}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
        for value in ("up", "withdraw-up", "up")
    ]
    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert answers[-1].json()["message"] == "You have voted a lot in a short time. Please wait a minute."
    idea.refresh_from_db()
    assert idea.up_votes == 0


def test_reports_are_braked_with_the_reason_kept(board, django_user_model):
    (reporter,) = pupils(django_user_model, 1, with_accounts=True)
    ideas = [make_idea(board, title=f"Idea {n}") for n in range(11)]
    statuses = [
        post(reporter, url(board, "report_idea", idea.pk), {"reason": "Spam"}).status_code for idea in ideas[:10]
    ]
    assert statuses == [302] * 10
    braked = post(reporter, url(board, "report_idea", ideas[10].pk), {"reason": "Advertising a shop"})
    html = braked.content.decode()
    assert braked.status_code == 429 and "You have reported a lot in a short time" in html
    assert 'value="Advertising a shop"' in html and '<details class="wp-report" open>' in html
    assert Report.objects.count() == 10


def test_the_similar_ideas_step_is_braked_and_never_ranks_a_huge_text(board, monkeypatch, django_user_model):
    (client,) = pupils(django_user_model, 1, with_accounts=True)
    check = {**idea_data("Bike racks near the station"), "check_similar": "1", "submit": ""}
    statuses = [post(client, url(board, "submit"), check).status_code for _ in range(21)]
    assert statuses == [200] * 20 + [429]
    cache.clear()

    def never(*args, **kwargs):
        raise AssertionError("a text longer than the form allows was ranked")

    monkeypatch.setattr(idea_views, "similar_ideas", never)
    huge = post(client, url(board, "submit"), {**check, "body": "bike racks " * 200_000})
    assert huge.status_code == 400 and "at most 5000 characters" in huge.content.decode()


def test_a_per_process_cache_without_debug_is_warned_about(settings):
    settings.DEBUG = False
    assert "wagtail_participation.W011" in {message.id for message in run_checks()}
    settings.CACHES = {
        **settings.CACHES,
        "shared": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "brakes"},
    }
    settings.WAGTAILPARTICIPATION_BRAKES_CACHE = "shared"
    assert "wagtail_participation.W011" not in {message.id for message in run_checks()}


def test_brake_settings_are_checked(settings):
    settings.WAGTAILPARTICIPATION_TRUSTED_PROXIES = ["10.0.0.0/8", "the load balancer"]
    settings.WAGTAILPARTICIPATION_BRAKES = {"ideas": {"limit": 5}}
    settings.WAGTAILPARTICIPATION_POSTS_PER_HOUR = 20
    found = {message.id for message in run_checks()}
    assert {"wagtail_participation.E011", "wagtail_participation.E012", "wagtail_participation.W012"} <= found
    settings.WAGTAILPARTICIPATION_BRAKES = {"idea": {"limit": "five"}, "vote": {"window": 0}}
    found = [message for message in run_checks() if message.id == "wagtail_participation.E013"]
    assert sorted(message.msg.split("'")[1] for message in found) == ["idea", "vote"]
