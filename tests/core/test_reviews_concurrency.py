"""Review requests under parallel requests, on PostgreSQL and MariaDB: one open request per item, one answer."""

import pytest

from tests.builders import make_board, make_idea, run_in_parallel
from wagtail_participation import moderation, reviews
from wagtail_participation.ideas.models import Idea
from wagtail_participation.models import HideGround, Participant, ReviewRequest, Visibility

pytestmark = [pytest.mark.concurrent_db, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hidden(home, django_user_model):
    author = Participant.objects.create(user=django_user_model.objects.create_user("ann", "ann@example.com", "pw"))
    idea = make_idea(make_board(home), author=author)
    moderation.hide(idea, HideGround.SPAM, "Advertising")
    return idea, author


def test_parallel_requests_leave_one_open(hidden):
    idea, author = hidden
    outcomes = []

    def ask():
        try:
            reviews.request_review(Idea.objects.get(pk=idea.pk), author, "Please restore it.")
            outcomes.append("recorded")
        except reviews.ReviewRefused:
            outcomes.append("refused")

    assert run_in_parallel(ask) == []
    assert sorted(outcomes) == ["recorded"] + ["refused"] * 7
    assert ReviewRequest.objects.filter(status="open").count() == 1


def test_parallel_answers_decide_once(hidden, django_user_model):
    idea, author = hidden
    review = reviews.request_review(idea, author, "Please restore it.")
    staff = django_user_model.objects.create_superuser("staff", "staff@example.com", "pw")
    outcomes = []

    def answer():
        try:
            reviews.answer_review(ReviewRequest.objects.get(pk=review.pk), restore=True, answer="Restored.", user=staff)
            outcomes.append("answered")
        except reviews.ReviewRefused:
            outcomes.append("refused")

    assert run_in_parallel(answer) == []
    assert sorted(outcomes) == ["answered"] + ["refused"] * 7
    assert ReviewRequest.objects.get().status == "restored"
    assert Idea.objects.get(pk=idea.pk).visibility == Visibility.VISIBLE
