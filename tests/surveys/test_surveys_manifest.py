"""The surveys app's manifest: what it registers with the core, and the core without it."""

from wagtail_participation import figures, manifests, personal_data
from wagtail_participation.surveys.models import SurveyPage

SURVEYS = "participation_surveys"


def test_the_manifest_registers_the_surveys_kinds_and_figures():
    assert manifests.get(SURVEYS).page_models == (SurveyPage,)
    kinds = {kind.code: kind for kind in personal_data.kinds()}
    assert kinds["survey_responses"].erase is not None  # open responses are withdrawn on deletion
    assert "survey_responses" in [source.code for source in figures.sources()]


def test_without_the_manifest_the_surveys_are_absent():
    manifest = manifests.unregister(SURVEYS)
    try:
        assert "survey_responses" not in [kind.code for kind in personal_data.kinds()]
        assert "survey_responses" not in [source.code for source in figures.sources()]
    finally:
        manifests.register(manifest)
    assert "survey_responses" in [source.code for source in figures.sources()]
