"""A minimal method page: it proves the method record and the policy without a real method."""

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField

from wagtail_participation.engine.method_results import MethodResults, ResultRow
from wagtail_participation.models import ParticipationMethodPage
from wagtail_participation.phases import COMMENT, VOTE


class MinimalMethodPage(ParticipationMethodPage):
    participation_actions = (VOTE, COMMENT)
    body = RichTextField(blank=True)
    content_panels = ParticipationMethodPage.content_panels + [FieldPanel("body")]
    template = "testapp/minimal_method_page.html"

    # Tests set results per record key to prove snapshots freeze what they were given.
    fake_results: dict = {}

    def get_results(self) -> MethodResults:
        rows = self.fake_results.get(str(self.translation_key), [("yes", "Yes", 3), ("no", "No", 1)])
        return MethodResults(
            rule="count",
            rows=tuple(ResultRow(code, label, value) for code, label, value in rows),
            participants=4,
            assurance="registered",
        )
