"""Pages: Wagtail's page assertions, the index's grouping and filters, the project page."""

import pytest
from django.test import override_settings
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from tests.builders import NOW, TRUST, days, make_index, make_project, query_count
from wagtail_participation import clock
from wagtail_participation.models import ParticipationIndexPage, ProjectPage


@override_settings(ROOT_URLCONF="tests.urls_without_language_prefix")
class PageTypeTests(WagtailPageTestCase):
    def setUp(self):
        self.root = Page.objects.get(depth=2)
        self.index = make_index(self.root, slug="participate")
        with clock.frozen_at(NOW):
            self.project = make_project(
                self.index, phases=[("collect", NOW - days(5), NOW + days(5), "Collect ideas")], slug="routes"
            )

    def test_hierarchy(self):
        self.assertCanCreateAt(Page, ParticipationIndexPage)
        self.assertCanCreateAt(ParticipationIndexPage, ProjectPage)
        self.assertCanNotCreateAt(Page, ProjectPage)
        self.assertCanNotCreateAt(ProjectPage, ParticipationIndexPage)

    def test_routable_renderable_previewable(self):
        for page in (self.index, self.project):
            self.assertPageIsRoutable(page)
            self.assertPageIsRenderable(page)
            self.assertPageIsPreviewable(page)

    def test_project_shows_timeline_with_current_phase_and_trust_answers(self):
        with clock.frozen_at(NOW):
            response = self.client.get(self.project.url)
        html = response.content.decode()
        assert response.status_code == 200
        assert 'aria-current="step"' in html and "Collect ideas" in html
        for question in (
            "What is the goal?",
            "Who can take part?",
            "What happens with your input?",
            "Which criteria decide?",
            "What are the next steps, and when?",
        ):
            assert question in html
        assert html.count("<h1") == 1


@pytest.mark.django_db
def test_index_groups_open_upcoming_finished_and_announces_next_opportunity(index, now, client):
    make_project(index, title="Running", slug="running", phases=[("collect", now - days(2), now + days(3))])
    make_project(index, title="Later", slug="later", phases=[("vote", now + days(10), now + days(20))])
    make_project(index, title="Done", slug="done", phases=[("vote", now - days(20), now - days(10))])
    context = client.get(index.url).context
    assert [p.title for p in context["open_projects"]] == ["Running"]
    assert [p.title for p in context["upcoming_projects"]] == ["Later"]
    assert [p.title for p in context["finished_projects"]] == ["Done"]
    assert context["next_opportunity"] is None

    Page.objects.get(slug="running").unpublish()
    response = client.get(index.url)
    html = response.content.decode()
    assert response.context["next_opportunity"].title == "Later"
    assert "There is no project open for input right now." in html
    assert "The next opportunity to take part starts on" in html


@pytest.mark.django_db
def test_index_filters_by_topic_and_area(index, now, client, make_topic, make_area):
    mobility, climate = make_topic("Mobility", "mobility"), make_topic("Climate", "climate")
    noord = make_area("Noord", "noord")
    make_project(
        index,
        title="Bikes",
        slug="bikes",
        topics=[mobility],
        areas=[noord],
        phases=[("collect", now - days(1), now + days(1))],
    )
    make_project(
        index, title="Trees", slug="trees", topics=[climate], phases=[("collect", now - days(1), now + days(1))]
    )
    assert [p.title for p in client.get(index.url, {"topic": "mobility"}).context["open_projects"]] == ["Bikes"]
    assert [p.title for p in client.get(index.url, {"topic": "climate"}).context["open_projects"]] == ["Trees"]
    assert [p.title for p in client.get(index.url, {"area": "noord"}).context["open_projects"]] == ["Bikes"]
    response = client.get(index.url, {"topic": "no-such-topic"})
    assert response.status_code == 200 and response.context["open_projects"] == []
    assert "No open projects match these filters." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.usefixtures("without_search_indexing")
def test_index_query_count_is_the_same_for_3_and_300_projects(index, now, client, make_topic, make_area):
    topics = [make_topic("Mobility", "mobility"), make_topic("Climate", "climate")]
    area = make_area("Noord", "noord")

    def add(n, start):
        for i in range(start, start + n):
            offset = days(i % 3 * 10 - 10)
            make_project(
                index,
                title=f"Project {i}",
                slug=f"project-{i}",
                topics=topics,
                areas=[area],
                phases=[("collect", now + offset - days(2), now + offset + days(2))],
            )

    add(3, 0)
    client.get(index.url)  # warm caches (site root, settings) equally for both measurements
    small = query_count(client, index.url)
    add(297, 3)
    large = query_count(client, index.url)
    assert len(client.get(index.url).context["open_projects"]) == 100
    assert small == large, f"{small} queries for 3 projects, {large} for 300"


@pytest.mark.django_db
def test_project_shows_topics_in_the_visitors_language(index, now, client, locales, make_topic):
    mobility = make_topic("Mobility", "mobility")
    dutch_topic = mobility.copy_for_translation(locales["nl"])
    dutch_topic.name = "Mobiliteit"
    dutch_topic.save()
    project = make_project(index, topics=[mobility], slug="routes", phases=[("collect", now - days(1), now + days(1))])
    dutch_project = project.copy_for_translation(locales["nl"], copy_parents=True)
    dutch_project.save_revision().publish()
    html = client.get(dutch_project.url).content.decode()
    assert "Mobiliteit" in html and "Mobility" not in html
    assert 'lang="nl"' in html


@pytest.mark.django_db
def test_trust_questions_are_required(index):
    from django.core.exceptions import ValidationError

    fields = dict(TRUST, goal="")
    with pytest.raises(ValidationError) as error:
        index.add_child(instance=ProjectPage(title="No goal", intro="x", **fields))
    assert "goal" in error.value.message_dict


@override_settings(ROOT_URLCONF="tests.urls_without_language_prefix")
class IdeaBoardPageTests(WagtailPageTestCase):
    def setUp(self):
        from tests.builders import make_board, make_idea

        self.root = Page.objects.get(depth=2)
        index = make_index(self.root, slug="participate")
        with clock.frozen_at(NOW):
            self.project = make_project(
                index, slug="routes", phases=[("collect", NOW - days(5), NOW + days(5), "Collect")]
            )
            code = self.project.phases.get().code
            rules = {"actions": {a: {"level": 0, "phases": [code]} for a in ("submit", "vote", "comment")}}
            self.board = make_board(self.project, rules=rules, now=NOW, opens_at=None, closes_at=None)
            self.idea = make_idea(self.board)

    def test_board_lives_under_a_project_and_its_routes_render(self):
        from wagtail_participation.ideas.models import IdeaBoardPage

        self.assertCanCreateAt(ProjectPage, IdeaBoardPage)
        self.assertPageIsRoutable(self.board)
        self.assertPageIsRenderable(self.board)
        self.assertPageIsPreviewable(self.board)
        for route in ("new/", f"ideas/{self.idea.pk}/"):
            self.assertPageIsRoutable(self.board, route)
            self.assertPageIsRenderable(self.board, route)
