"""Fixtures of the results page tests: a project and a minimal method in it with known results.

Results tests of a method that live with that method (``tests/ideas/``, ``tests/budgets/``, ...)
import them from here."""

import pytest

from tests.builders import days, make_index, make_method, make_project
from wagtail_participation.engine.policy import Level


@pytest.fixture
def project(home, now):
    index = make_index(home, slug="participate")
    return make_project(index, slug="school-routes", phases=[("collect", now - days(10), now + days(5))])


@pytest.fixture
def method(project, now):
    from tests.testapp.models import MinimalMethodPage

    page = make_method(
        project,
        rules={"actions": {"vote": {"level": int(Level.ANYONE), "phases": [project.phases.first().code]}}},
        slug="quick-poll",
        title="Quick poll",
    )
    MinimalMethodPage.fake_results[str(page.translation_key)] = [("yes", "Yes", 1200), ("no", "No", 34)]
    yield page
    MinimalMethodPage.fake_results.pop(str(page.translation_key), None)
