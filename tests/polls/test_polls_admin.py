"""Polls in the admin: creating a poll with coded answers, moderating comments on options, votes."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from tests.builders import make_analysis, make_poll
from tests.builders import poll_vote_url as vote_url
from wagtail_participation.models import Participant
from wagtail_participation.polls import services as polls
from wagtail_participation.polls.models import OptionComment, PollPage


@pytest.mark.django_db
def test_editor_creates_a_poll_and_codes_are_filled_and_shared_on_publish(staff_client, home, now):
    url = reverse("wagtailadmin_pages:add", args=("participation_polls", "pollpage", home.pk))
    assert staff_client.get(url).status_code == 200
    data = nested_form_data(
        {
            "title": "Market day",
            "slug": "market-day",
            "question": "Which day should the market be on?",
            "intro": rich_text(""),
            "options": inline_formset([{"label": "Saturday", "code": ""}, {"label": "Sunday morning", "code": ""}]),
            "selection": "single",
            "min_choices": 1,
            "max_choices": 0,
            "results_visibility": "after_voting",
            "rule_level_vote": "0",
            "opens_at": "2027-04-30 09:00",
            "closes_at": "2027-05-30 09:00",
            "action-publish": "publish",
        }
    )
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    poll = PollPage.objects.get(slug="market-day")
    assert [o.code for o in poll.options.all()] == ["saturday", "sunday-morning"]
    assert poll.participation_record.rules["options"] == ["saturday", "sunday-morning"]
    assert poll.participation_record.rules["results_visibility"] == "after_voting"


@pytest.mark.django_db
def test_moderators_hide_a_comment_on_an_option_and_read_votes(staff_client, home, now, client):
    analysis = make_analysis(home, now=now)
    author = Participant.new_anonymous()
    comment = polls.add_option_comment(analysis.participation_record, author, "one-way", "Rude words", "en")
    index = reverse("participation_option_comments:index")
    assert "Rude words" in staff_client.get(index).content.decode()
    edit = reverse("participation_option_comments:edit", args=(comment.pk,))
    response = staff_client.post(edit, {"visibility": "hidden", "hidden_reason": "Insults"})
    assert response.status_code == 302
    assert OptionComment.objects.get().visibility == "hidden"
    from django.test import Client

    assert "Rude words" not in Client().get(analysis.url).content.decode()
    poll = make_poll(home, now=now, allow_other=True)
    Client().post(vote_url(poll), {"choice": "other", "other_text": "On the roof"})
    html = staff_client.get(reverse("participation_poll_votes:index")).content.decode()
    assert "On the roof" in html
