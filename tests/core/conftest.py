"""Fixtures of the core's tests. They run with every method app installed, so they may use the
method apps' fixtures too."""

import pytest

from tests.builders import make_index
from tests.ideas.conftest import board  # noqa: F401  (an idea board, for the moderation and privacy tests)
from tests.write_routes import build_scene


@pytest.fixture
def index(home):
    return make_index(home, slug="participate")


@pytest.fixture
def noord(make_area):
    return make_area("Noord", "noord", "3001")


@pytest.fixture
def scene(home, now):
    return build_scene(home, now)
