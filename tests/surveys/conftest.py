"""Fixtures of the survey tests."""

import pytest

from tests.builders import make_survey


@pytest.fixture
def survey(home, now):
    return make_survey(home)
