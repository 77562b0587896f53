"""Pages: Wagtail's page assertions, the index's grouping and filters, the project page."""

import pytest
from django.test import override_settings
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from tests.builders import NOW, TRUST, days, make_index, make_project, publish, query_count
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


#: Site, locale, routing, view restrictions of the index, the shown cards (pages, topics, areas),
#: the finished ones' results pages (with their view restrictions), settings and the language menu;
#: the projects' timelines and whether a method sits under the index come from the cache (20 before).
INDEX_QUERIES = 17  # the listing drawn: cards, their terms and results pages loaded
INDEX_QUERIES_KEPT = 12  # the drawn listing kept (project_listing.drawn_listing_key): no card loaded


@pytest.mark.django_db
@pytest.mark.usefixtures("without_search_indexing")
def test_index_query_count_is_the_same_for_3_and_30_projects_on_every_page(
    index, now, client, make_topic, make_area, settings
):
    settings.WAGTAILPARTICIPATION_PROJECTS_PER_PAGE = 30  # every card on one page: no card costs a query
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

    def counts():
        """Queries of the listing drawn, then kept."""
        settings.WAGTAILPARTICIPATION_CARD_CACHE_SECONDS = 0
        client.get(index.url)  # warm caches (site root, settings, timelines) equally for both
        drawn = query_count(client, index.url)
        settings.WAGTAILPARTICIPATION_CARD_CACHE_SECONDS = 600
        client.get(index.url)  # keeps the drawing
        return drawn, query_count(client, index.url)

    add(3, 0)
    small = counts()
    add(27, 3)
    large = counts()
    assert len(client.get(index.url).context["open_projects"]) == 10
    assert small == large == (INDEX_QUERIES, INDEX_QUERIES_KEPT), f"{small} queries for 3 projects, {large} for 30"
    large = large[0]
    settings.WAGTAILPARTICIPATION_PROJECTS_PER_PAGE = 12
    pages = [query_count(client, f"{index.url}?page={number}") for number in (1, 2, 3)]
    assert max(pages) <= large, f"{pages} queries on the pages of 12 cards, {large} with every card"


@pytest.mark.django_db
def test_index_kept_drawing_shows_every_change_at_once(index, now, client, make_topic, django_user_model):
    """The drawn listing is kept, and a new drawing is made when what it shows changes."""
    from wagtail_participation.models import Topic

    mobility = make_topic("Mobility", "mobility")
    make_project(
        index, title="Bikes", slug="bikes", topics=[mobility], phases=[("collect", now - days(1), now + days(3))]
    )

    def html(**params):
        return client.get(index.url, params).content.decode()

    assert "Bikes" in html() and "Runs until" in html()
    assert query_count(client, index.url) == INDEX_QUERIES_KEPT  # kept
    make_project(index, title="Trees", slug="trees", phases=[("collect", now + days(5), now + days(9))])
    assert "Trees" in html()  # a new project published
    bikes = ProjectPage.objects.get(slug="bikes")
    bikes.title = "Safer bikes"
    publish(bikes)
    assert "Safer bikes" in html()  # a project edited
    phase = ProjectPage.objects.get(slug="trees").phases.first()
    phase.start = now - days(1)
    phase.save()
    assert html().count("Runs until") == 2  # a phase moved
    Topic.objects.filter(pk=mobility.pk).update(name="Transport")  # no signal: the version moves below
    Topic.objects.get(pk=mobility.pk).save()
    assert "Transport" in html() and "Mobility" not in html()  # a topic renamed (filter and card)
    filtered = html(topic="mobility")  # the filter is in the key
    assert "Safer bikes" in filtered and "Trees" not in filtered
    with clock.frozen_at(now + days(4)):
        assert "Ended" in html()  # the status moves with the clock, with no change saved
    ProjectPage.objects.get(slug="trees").unpublish()
    assert "Trees" not in html()  # a project unpublished
    user = django_user_model.objects.create_user("member", "member@example.org", "pw")
    client.force_login(user)
    assert "csrfmiddlewaretoken" not in html().split('<form class="wp-filters"')[1].split("</ul>")[0]


@pytest.mark.django_db
def test_index_regroups_at_once_when_a_phase_or_project_changes(index, now, client):
    project = make_project(index, title="Soon", slug="soon", phases=[("collect", now + days(3), now + days(9))])
    assert [p.title for p in client.get(index.url).context["upcoming_projects"]] == ["Soon"]  # now cached
    phase = project.phases.first()
    phase.start = now - days(1)
    phase.save()
    assert [p.title for p in client.get(index.url).context["open_projects"]] == ["Soon"]
    make_project(index, title="Also", slug="also", phases=[("collect", now - days(1), now + days(1))])
    assert [p.title for p in client.get(index.url).context["open_projects"]] == ["Also", "Soon"]
    Page.objects.get(slug="also").unpublish()
    assert [p.title for p in client.get(index.url).context["open_projects"]] == ["Soon"]


@pytest.mark.django_db
def test_index_pages_run_open_then_upcoming_then_finished_keeping_filters(index, now, client, make_topic, settings):
    settings.WAGTAILPARTICIPATION_PROJECTS_PER_PAGE = 2
    mobility = make_topic("Mobility", "mobility")
    for i, (title, offset) in enumerate(
        [("Open A", 0), ("Later B", 10), ("Done C", -10), ("Open D", 1), ("Done E", -20)]
    ):
        make_project(
            index,
            title=title,
            slug=f"p{i}",
            topics=[mobility],
            phases=[("collect", now + days(offset) - days(2), now + days(offset) + days(2))],
        )

    def titles(**params):
        context = client.get(index.url, params).context
        groups = ("open_projects", "upcoming_projects", "finished_projects")
        return [[p.title for p in context[group]] for group in groups], context

    assert titles()[0] == [["Open A", "Open D"], [], []]
    shown, context = titles(page=2)
    assert shown == [[], ["Later B"], ["Done C"]]
    assert (context["open_count"], context["upcoming_count"], context["finished_count"]) == (2, 1, 2)
    assert titles(page=3)[0] == [[], [], ["Done E"]]
    assert titles(page=99)[0] == [[], [], ["Done E"]]  # past the end: the last page
    html = client.get(index.url, {"topic": "mobility", "page": 2}).content.decode()
    assert "Page 2 of 3" in html and "topic=mobility" in html and "page=3" in html
    assert "Open now" not in html  # no open project on this page: no empty "Open now" notice either
    assert "No finished projects yet." not in client.get(index.url).content.decode()  # on later pages


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


@pytest.mark.django_db
def test_index_routes_below_a_project_to_the_page_wagtail_would(index, now, client):
    """ParticipationIndexPage.route finds a project's child in one query: the same page as
    Wagtail's level-by-level routing, and a 404 for what is not there."""
    from tests.builders import make_board

    phases = [("collect", now - days(1), now + days(3))]
    boards = [make_board(make_project(index, slug=slug, phases=phases), slug="ideas-board") for slug in ("a", "b")]
    for board in boards:  # the same slug under two projects: each its own
        response = client.get(board.url)
        assert response.status_code == 200 and response.context["page"].pk == board.pk
    assert client.get(boards[0].url + "ideas/999999/").status_code == 404  # the board's own route
    assert client.get(f"{index.url}a/missing/").status_code == 404
    assert client.get(f"{index.url}missing/ideas-board/").status_code == 404
    assert client.get(f"{index.url}a/").status_code == 200  # one level: Wagtail's own routing


@pytest.mark.django_db
def test_a_records_project_phases_are_kept_until_a_phase_changes(index, now, django_assert_num_queries):
    """MethodRecord.project_phases is read once for every request, and a moved phase shows at once."""
    from tests.builders import make_board
    from wagtail_participation.engine.policy import WindowState
    from wagtail_participation.models import MethodRecord

    project = make_project(index, slug="p", phases=[("collect", now - days(1), now + days(3))])
    board = make_board(project, slug="board")
    code = project.phases.first().code
    MethodRecord.objects.filter(pk=board.participation_record.pk).update(
        rules={"actions": {"submit": {"level": 0, "phases": [code]}}}
    )

    def window():
        return MethodRecord.objects.get(pk=board.participation_record.pk).window("submit")

    assert window().state == WindowState.OPEN
    record = MethodRecord.objects.get(pk=board.participation_record.pk)
    with django_assert_num_queries(0):
        assert record.window("submit").state == WindowState.OPEN  # kept: no phase read
    phase = project.phases.first()
    phase.start, phase.end = now - days(3), now - days(1)
    phase.save()
    assert window().state == WindowState.CLOSED
