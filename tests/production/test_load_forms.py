"""bench/load.py fills in the site's forms as a browser without JavaScript would: these check its
form reader on the shapes the public templates use (pure logic, no server)."""

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from _load import forms  # noqa: E402

PAGE = """
<p class="wp-notice wp-notice--error">You have voted a lot in a short time.</p>
<form method="post" action="/en/survey/" novalidate>
  <input type="hidden" name="csrfmiddlewaretoken" value="tok">
  <input type="hidden" name="step" value="2">
  <input type="text" name="website" value="">
  <select name="priorities__0"><option value="">No place</option><option value="1">1</option><option value="2">2</option><option value="3">3</option></select>
  <select name="priorities__1"><option value="">No place</option><option value="1">1</option><option value="2">2</option><option value="3">3</option></select>
  <select name="priorities__2"><option value="">No place</option><option value="1">1</option><option value="2">2</option><option value="3">3</option></select>
  <input type="radio" name="visits" value="daily"><input type="radio" name="visits" value="weekly">
  <input type="checkbox" name="activities" value="walk"><input type="checkbox" name="activities" value="dog">
  <textarea name="why">
</textarea>
  <button type="submit" name="action" value="back">Back</button>
  <button type="submit" name="action" value="next">Next</button>
</form>
<form method="get" action="/search/"><input name="q"></form>
"""


def test_reads_forms_buttons_and_notices():
    page_forms, notices = forms.parse(PAGE, "http://127.0.0.1:8000/en/survey/")
    assert notices == [("wp-notice wp-notice--error", "You have voted a lot in a short time.")]
    [survey] = forms.post_forms(page_forms, r"/en/survey/$")
    assert survey.action == "http://127.0.0.1:8000/en/survey/"
    assert survey.page_url == "http://127.0.0.1:8000/en/survey/"
    assert survey.button("send", "next") == ("action", "next")
    assert survey.hidden() == [("csrfmiddlewaretoken", "tok"), ("step", "2")]


def test_fills_as_a_person_would():
    page_forms, _ = forms.parse(PAGE, "http://127.0.0.1:8000/en/survey/")
    [survey] = forms.post_forms(page_forms, r"/en/survey/$")
    for seed in range(20):
        data = forms.fill(survey, random.Random(seed))
        values = dict(data)
        places = [value for name, value in data if name.startswith("priorities__")]
        assert sorted(places) == ["1", "2", "3"], "a ranking gives each place once"
        assert values["website"] == "", "the honeypot stays empty"
        assert values["visits"] in ("daily", "weekly")
        assert {value for name, value in data if name == "activities"} <= {"walk", "dog"}
        assert values["why"].strip(), "an empty text field is written in"
        assert values["csrfmiddlewaretoken"] == "tok"
