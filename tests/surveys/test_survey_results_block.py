"""The survey summary block of a results page (issue 8): only after close, free text only when
moderated."""

from __future__ import annotations

import pytest

from tests.builders import add_survey_response as respond
from tests.builders import days, html_of, make_results_page, make_survey
from tests.builders import method_block as block
from tests.results.conftest import project  # noqa: F401  (the results page fixtures)
from wagtail_participation import clock

pytestmark = pytest.mark.usefixtures("clear_cache")


@pytest.mark.django_db
def test_survey_summary_only_after_close_and_never_free_text_unless_moderated(
    home, project, now, citizen, staff_client
):
    survey = make_survey(home, now=now, anonymous=True)
    answers = [
        ("rarely", "My neighbour Jan Peeters lets his dog run loose"),
        ("rarely", "Too dark"),
        ("rarely", "Mud"),
        ("rarely", "Dogs"),
        ("rarely", "Far away"),
        ("weekly", ""),
        ("weekly", ""),
    ]
    for visits, why in answers:
        respond(
            survey,
            {
                "visits": visits,
                "satisfaction": 4,
                **({"why_rarely": why} if why else {}),
                **({"age": 40} if visits == "weekly" else {}),
            },
        )
    page = make_results_page(project, [block(survey, codes="", show_texts=False)])
    assert "How often do you visit the park?" not in html_of(citizen, page)  # still open: nothing public
    assert "still open" in html_of(staff_client, page)
    with clock.frozen_at(now + days(31)):
        html = html_of(citizen, page)
        assert "How often do you visit the park?" in html and "Weekly" in html and "Average 4" in html
        assert "Jan Peeters" not in html and "Why do you come rarely?" not in html
        assert "The responses were anonymous" in html and "anonymous responses" not in html
        page.body = [block(survey, codes="why_rarely, visits", show_texts=True)]
        page.save_revision().publish()
        html = html_of(citizen, page)
    assert "Jan Peeters" in html  # the editor confirmed the written answers were moderated
    assert html.index("Why do you come rarely?") < html.index("How often do you visit the park?")
    assert "How satisfied" not in html  # only the chosen questions
    page.body = [block(survey, codes="age", show_texts=False)]
    page.save_revision().publish()
    with clock.frozen_at(now + days(31)):
        assert "Your age" not in html_of(citizen, page)  # two answers: too few to publish
        assert "fewer than 5 answers" in html_of(staff_client, page)
