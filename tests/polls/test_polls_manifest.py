"""The polls app's manifest: what it registers with the core, and the core without it."""

from wagtail_participation import figures, manifests, personal_data
from wagtail_participation.polls.models import OptionAnalysisPage, PollPage

POLLS = "participation_polls"


def test_the_manifest_registers_the_polls_kinds_and_figures():
    manifest = manifests.get(POLLS)
    assert manifest.page_models == (PollPage, OptionAnalysisPage)
    assert {"poll_votes", "option_comments"} <= {kind.code for kind in personal_data.kinds()}
    assert "poll_ballots" in [source.code for source in figures.sources()]
    erasing = {kind.code: kind.erase for kind in personal_data.kinds()}
    assert erasing["poll_votes"] is not None  # open ballots are withdrawn when an account is deleted


def test_without_the_manifest_the_polls_are_absent_and_come_back_in_place():
    before = [kind.code for kind in personal_data.kinds()]
    manifest = manifests.unregister(POLLS)
    try:
        assert "poll_votes" not in [kind.code for kind in personal_data.kinds()]
        assert "poll_ballots" not in [source.code for source in figures.sources()]
        assert PollPage not in manifests.page_models()
    finally:
        manifests.register(manifest)
    assert [kind.code for kind in personal_data.kinds()] == before
