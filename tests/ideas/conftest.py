"""Fixtures of the idea board tests (the core's tests that need a board import them from here)."""

import pytest

from tests.builders import make_board


@pytest.fixture
def board(home, now):
    return make_board(home, now=now)
