"""Results pages and results blocks (issue 8): snapshots, visibility, placeholders, decisions,
milestones, figures, translation and query counts."""

from datetime import date

import pytest

from tests.builders import (
    days,
    html_of,
    make_board,
    make_decision,
    make_idea,
    make_index,
    make_milestone,
    make_project,
    make_results_page,
    method_block,
    publish,
    query_count,
    translate_with_localize,
)
from tests.builders import set_fake_results as set_results
from tests.testapp.models import MinimalMethodPage
from wagtail_participation import clock, contributions
from wagtail_participation import snapshots as results
from wagtail_participation.models import Milestone, Participant, PolicyDecision
from wagtail_participation.models.outcomes import DecisionStatus, MilestoneStatus
from wagtail_participation.models.snapshots import ResultSnapshot
from wagtail_participation.results.models import ResultsPage

pytestmark = pytest.mark.usefixtures("clear_cache")


# -- the page type --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_results_page_lives_under_a_project_once(project, home):
    assert ResultsPage.can_create_at(project)
    assert not ResultsPage.can_create_at(home)
    make_results_page(project, [])
    assert not ResultsPage.can_create_at(project)  # one results page per project


# -- a method's results block: live, provisional, final ------------------------------------------


@pytest.mark.django_db
def test_method_block_live_then_provisional_then_final_and_frozen(project, method, now, citizen, staff_client):
    page = make_results_page(project, [method_block(method)])
    html = html_of(citizen, page)
    assert "Live results" in html and "1,200" in html  # live while open, numbers per locale

    with clock.frozen_at(now + days(6)):  # closed: the provisional snapshot is taken on first read
        html = html_of(citizen, page)
        assert "Provisional results" in html and "Live results" not in html
        set_results(method, [("yes", "Yes", 1300), ("no", "No", 34)])  # paper ballots arrive
        assert "1,300" not in html_of(citizen, page)  # a provisional snapshot does not drift either
        results.finalise(method.participation_record, staff_client.user, note="Paper ballots included")
        html = html_of(citizen, page)
        assert "Final results" in html and "1,300" in html
        set_results(method, [("yes", "Yes", 9999), ("no", "No", 34)])  # later changes...
        html = html_of(citizen, page)
        assert "9,999" not in html and "1,300" in html  # ...never change a published block


@pytest.mark.django_db
def test_new_idea_votes_after_finalising_do_not_change_top_ideas(project, now, citizen, staff_client):
    collect = [project.phases.first().code]
    board = make_board(
        project,
        slug="ideas",
        rules={"actions": {a: {"level": 0, "phases": collect} for a in ("submit", "vote", "comment")}},
    )
    first = make_idea(board, title="Crossing guard at Kerkstraat")
    second = make_idea(board, title="Thirty zone around schools")
    voters = [Participant.new_anonymous() for _ in range(4)]
    for voter in voters[:3]:
        contributions.cast_vote(first, voter, 1)
    contributions.cast_vote(second, voters[3], 1)
    page = make_results_page(
        project,
        [("method_results", {"method": board, "heading": "", "text": "", "which": "top", "statuses": [], "count": 5})],
    )
    with clock.frozen_at(now + days(6)):  # the collect phase ended
        results.finalise(board.participation_record, staff_client.user)
        for voter in [Participant.new_anonymous() for _ in range(5)]:  # e.g. entered late, or a bug
            contributions.cast_vote(second, voter, 1)
        html = html_of(citizen, page)
    assert "Final results" in html
    assert html.index("Crossing guard at Kerkstraat") < html.index("Thirty zone around schools")
    assert "3 votes" in html and "1 vote" in html and "6 votes" not in html


@pytest.mark.django_db
def test_top_ideas_by_status_follow_the_citys_answers(project, now, citizen):
    board = make_board(project, slug="ideas")
    make_idea(board, title="Adopted idea", status="accepted", score=4)
    make_idea(board, title="Open idea", score=9)
    make_idea(board, title="Hidden adopted idea", status="accepted", visibility="hidden")
    page = make_results_page(
        project,
        [
            (
                "method_results",
                {
                    "method": board,
                    "heading": "Adopted",
                    "text": "",
                    "which": "answered",
                    "statuses": ["accepted"],
                    "count": 5,
                },
            )
        ],
    )
    html = html_of(citizen, page)
    assert "Adopted idea" in html and "Open idea" not in html and "Hidden adopted idea" not in html


# -- visibility and broken references ---------------------------------------------------------------


@pytest.mark.django_db
def test_results_hidden_by_the_methods_visibility_are_not_shown(
    project, method, now, citizen, staff_client, monkeypatch
):
    page = make_results_page(project, [method_block(method, heading="Poll outcome")])
    monkeypatch.setattr(
        MinimalMethodPage, "results_visible_to", lambda self, request: bool(request and request.user.is_staff)
    )
    with clock.frozen_at(now + days(6)):
        citizen = html_of(citizen, page)
        assert "Poll outcome" not in citizen and "1,200" not in citizen and "only editors see this" not in citizen
        staff = html_of(staff_client, page)
        assert "1,200" in staff  # staff may see them here


@pytest.mark.django_db
def test_live_numbers_only_while_open(project, method, now, citizen):
    page = make_results_page(project, [method_block(method, heading="Poll outcome")])
    with clock.frozen_at(now - days(20)):  # before the phase opened: neither live nor a snapshot
        assert "Poll outcome" not in html_of(citizen, page)
    assert not ResultSnapshot.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("breakage", ["deleted", "unpublished", "empty", "error"])
def test_broken_method_shows_nothing_to_citizens_and_a_placeholder_to_editors(
    breakage, project, method, citizen, staff_client, monkeypatch
):
    page = make_results_page(project, [method_block(method, heading="Poll outcome")])
    if breakage == "deleted":
        method.delete()
    elif breakage == "unpublished":
        method.unpublish()
    elif breakage == "empty":
        set_results(method, [])
        monkeypatch.setattr(
            MinimalMethodPage,
            "get_results",
            lambda self: __import__("wagtail_participation.engine.results", fromlist=["Results"]).Results(rule="count"),
        )
    else:
        monkeypatch.setattr(MinimalMethodPage, "get_results", lambda self: 1 / 0)
    citizen = html_of(citizen, page)
    assert "Poll outcome" not in citizen and "only editors see this" not in citizen
    editor = html_of(staff_client, page)
    assert "only editors see this" in editor
    preview = page.make_preview_request()  # an anonymous preview request: editors' placeholders show
    assert preview.status_code == 200 and "only editors see this" in preview.content.decode()


# -- decisions and milestones: shared state, translated text ------------------------------------


@pytest.mark.django_db
def test_status_is_edited_once_for_every_language_and_text_stays_per_language(locales, project):
    decision = make_decision(locales["en"], project=project, decided_on=date(2027, 3, 1))
    dutch = translate_with_localize(decision, locales["nl"])
    dutch.title, dutch.we_did = "Gemachtigd opzichter aan de Kerkstraat", "<p>Vanaf september.</p>"
    dutch.save()
    decision.status = DecisionStatus.IMPLEMENTED
    decision.save()
    dutch.refresh_from_db()
    assert dutch.status == DecisionStatus.IMPLEMENTED and dutch.decided_on == date(2027, 3, 1)
    assert dutch.title == "Gemachtigd opzichter aan de Kerkstraat"  # the text stays Dutch
    decision.refresh_from_db()
    assert decision.title == "Crossing guard at Kerkstraat"

    milestone = make_milestone(locales["en"])
    dutch_milestone = translate_with_localize(milestone, locales["nl"])
    milestone.progress, milestone.status = 100, MilestoneStatus.DONE
    milestone.save()
    dutch_milestone.refresh_from_db()
    assert (dutch_milestone.progress, dutch_milestone.status) == (100, MilestoneStatus.DONE)

    from wagtail_localize.fields import SynchronizedField, get_translatable_fields

    fields = {f.field_name: f for f in get_translatable_fields(PolicyDecision)}
    assert isinstance(fields["status"], SynchronizedField) and not fields["status"].overridable
    assert not isinstance(fields["we_did"], SynchronizedField)


@pytest.mark.django_db
def test_decision_and_tracker_blocks_with_and_without_data(locales, project, citizen, staff_client):
    adopted = make_decision(locales["en"])
    rejected = make_decision(
        locales["en"],
        title="Close Kerkstraat to cars",
        status=DecisionStatus.NOT_ADOPTED,
        we_did="<p>No: the bus needs it. We widen the pavement instead.</p>",
    )
    gone = make_decision(locales["en"], title="Deleted decision")
    done = make_milestone(
        locales["en"],
        title="Paint the crossing",
        status=MilestoneStatus.DONE,
        progress=100,
        completed_on=date(2027, 4, 2),
    )
    doing = make_milestone(locales["en"], title="Recruit a crossing guard", progress=40, due_on=date(2027, 9, 1))
    page = make_results_page(
        project,
        [
            ("decisions", {"heading": "", "decisions": [adopted, rejected, gone]}),
            ("implementation", {"heading": "", "milestones": [done, doing]}),
            ("decisions", {"heading": "Empty decisions", "decisions": []}),
            ("implementation", {"heading": "Empty tracker", "milestones": []}),
        ],
    )
    gone.delete()
    html = html_of(citizen, page)
    assert "You said, we did" in html and "Not adopted" in html and "We widen the pavement" in html
    assert "Deleted decision" not in html
    assert "1 of 2 milestones done · 70% overall" in html
    assert 'aria-label="Paint the crossing: 100% done"' in html and "Planned for" in html
    assert "Empty decisions" not in html and "Empty tracker" not in html
    assert "Choose at least one decision" in html_of(staff_client, page)


# -- participation figures ------------------------------------------------------------------------


@pytest.mark.django_db
def test_participation_figures_per_channel_and_registry(project, now, citizen):
    from wagtail_participation import figures

    board = make_board(project, slug="ideas")
    people = [Participant.new_anonymous() for _ in range(3)]
    online = make_idea(board, author=people[0])
    make_idea(board, author=None, channel="meeting", title="From the town meeting")
    contributions.cast_vote(online, people[0], 1)  # the author votes too: still one participant
    contributions.cast_vote(online, people[1], 1)
    contributions.add_comment(online, people[2], "Yes, please.", "en")
    page = make_results_page(project, [("participation_figures", {"project": None, "heading": ""})])
    html = html_of(citizen, page)
    assert "Participants online" in html
    assert "<dt>Participants online</dt><dd>3</dd>" in html
    assert "<dt>Contributions</dt><dd>3</dd>" in html and "<dt>Votes</dt><dd>2</dd>" in html
    assert '<th scope="row">Meeting</th><td>1</td><td>0</td>' in html
    assert "cannot be told apart" in html  # offline input is not deduplicated (decision 5)

    figures.register(
        figures.FigureSource("paper_ballots", "Paper ballots", figures.VOTES, lambda records: {"paper": 1234})
    )
    try:
        html = html_of(citizen, page)
        assert "<dt>Votes</dt><dd>1,236</dd>" in html and '<th scope="row">Paper</th><td>0</td><td>1,234</td>' in html
    finally:
        figures.unregister("paper_ballots")


@pytest.mark.django_db
def test_participation_figures_without_data_show_nothing(project, citizen, staff_client):
    page = make_results_page(project, [("participation_figures", {"project": None, "heading": "Who took part"})])
    assert "Who took part" not in html_of(citizen, page)
    assert "Nobody has taken part in this project yet." in html_of(staff_client, page)


# -- a translated results page ---------------------------------------------------------------------


@pytest.mark.django_db
def test_translated_results_page_shows_each_language_with_shared_status_and_local_numbers(
    locales, project, method, citizen
):
    decision = make_decision(locales["en"], project=project)
    dutch_decision = translate_with_localize(decision, locales["nl"])
    dutch_decision.title, dutch_decision.we_did = (
        "Gemachtigd opzichter",
        "<p>Vanaf september staat er een opzichter.</p>",
    )
    dutch_decision.save()
    translate_with_localize(project, locales["nl"])
    translate_with_localize(method, locales["nl"])
    page = make_results_page(project, [method_block(method), ("decisions", {"heading": "", "decisions": [decision]})])
    dutch_page = translate_with_localize(page, locales["nl"])
    assert dutch_page.live and dutch_page.url.startswith("/nl/")

    english = html_of(citizen, page)
    assert "Crossing guard at Kerkstraat" in english and "1,200" in english and "Adopted" in english
    dutch = html_of(citizen, dutch_page)
    assert "Gemachtigd opzichter" in dutch and "Vanaf september staat er een opzichter." in dutch
    assert "Crossing guard at Kerkstraat" not in dutch
    assert "1.200" in dutch  # Dutch number format, one count shared with the English page

    decision.status = DecisionStatus.IMPLEMENTED  # edited once, in the source language
    decision.save()
    assert "decision-status--implemented" in html_of(citizen, dutch_page)


# -- project page and index ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_project_page_and_index_show_what_happened_once_results_are_published(locales, home, now, citizen):
    index = make_index(home, slug="participate")
    finished = make_project(
        index, title="Climate plan", slug="climate", phases=[("collect", now - days(60), now - days(30))]
    )
    make_project(index, title="Old project", slug="old", phases=[("collect", now - days(90), now - days(80))])
    assert "What happened with your input" not in html_of(citizen, finished)
    make_decision(locales["en"], project=finished, title="More trees on Stationsplein")
    page = make_results_page(finished, [])
    project_html = html_of(citizen, finished)
    assert "What happened with your input" in project_html and "More trees on Stationsplein" in project_html
    assert page.url in project_html
    index_html = html_of(citizen, index)
    assert page.url in index_html and "results of “Climate plan”" in index_html
    assert "results of “Old project”" not in index_html
    page.unpublish()
    assert "What happened with your input" not in html_of(citizen, finished)


@pytest.mark.django_db
def test_results_page_query_count_is_constant_in_the_number_of_items(locales, project, now, citizen, settings):
    settings.WAGTAILPARTICIPATION_RESULTS_CACHE_SECONDS = 0  # measure the uncached path
    board = make_board(project, slug="ideas")
    decisions, milestones = [], []

    def add(n):
        for i in range(n):
            idea = make_idea(board, title=f"Idea {len(decisions)}", status="accepted", score=i)
            contributions.cast_vote(idea, Participant.new_anonymous(), 1)
            decisions.append(make_decision(locales["en"], title=f"Decision {len(decisions)}", project=project))
            milestones.append(make_milestone(locales["en"], title=f"Milestone {len(milestones)}"))

    def build():
        body = [
            (
                "method_results",
                {"method": board, "heading": "", "text": "", "which": "top", "statuses": [], "count": 20},
            ),
            (
                "method_results",
                {
                    "method": board,
                    "heading": "",
                    "text": "",
                    "which": "answered",
                    "statuses": ["accepted"],
                    "count": 20,
                },
            ),
            ("decisions", {"heading": "", "decisions": list(decisions)}),
            ("implementation", {"heading": "", "milestones": list(milestones)}),
            ("participation_figures", {"project": None, "heading": ""}),
        ]
        page = ResultsPage.objects.child_of(project).first()
        if page is None:
            return make_results_page(project, body)
        page.body = body
        return publish(page)

    add(2)
    page = build()
    citizen.get(page.url)  # warm caches (site root, settings) equally for both measurements
    small = query_count(citizen, page.url)
    add(12)
    page = build()
    citizen.get(page.url)
    large = query_count(citizen, page.url)
    assert large == small, f"{small} queries for 2 items, {large} for 14"
    assert "Decision 13" in html_of(citizen, page) and "Milestone 13" in html_of(citizen, page)


@pytest.mark.django_db
def test_index_query_count_with_results_pages_is_constant(home, now, citizen):
    index = make_index(home, slug="participate")

    def add(start, n):
        for i in range(start, start + n):
            project = make_project(
                index, title=f"Project {i}", slug=f"project-{i}", phases=[("collect", now - days(60), now - days(30))]
            )
            make_results_page(project, [])

    add(0, 2)
    citizen.get(index.url)
    small = query_count(citizen, index.url)
    add(2, 10)
    large = query_count(citizen, index.url)
    assert large == small
    assert html_of(citizen, index).count("What happened with your input") == 12


# -- editors: the snapshot panel and finalising ------------------------------------------------------


@pytest.mark.django_db
def test_editor_sees_each_methods_snapshot_status_and_a_link_to_finalise(project, method, now, staff_client):
    from django.urls import reverse

    page = make_results_page(project, [method_block(method)])
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    review_url = reverse("participation_methods:review", args=(method.participation_record.pk,))
    html = staff_client.get(edit_url).content.decode()
    assert "Results of this project&#x27;s methods" in html or "Results of this project's methods" in html
    assert "Quick poll" in html and review_url in html and "Review results" in html
    with clock.frozen_at(now + days(6)):
        html = staff_client.get(edit_url).content.decode()
        assert "Review and finalise" in html
        assert staff_client.post(review_url, {"note": "Paper ballots in"}).status_code == 302
        html = staff_client.get(edit_url).content.decode()
        assert "Final" in html and "Review and finalise" not in html
    other = make_project(
        project.get_parent().specific,
        title="Other project",
        slug="other",
        phases=[("collect", now - days(1), now + days(1))],
    )
    add_url = reverse("wagtailadmin_pages:add", args=("participation_results", "resultspage", other.pk))
    assert staff_client.get(add_url).status_code == 200


@pytest.mark.django_db
def test_decision_and_milestone_snippets_in_the_admin(locales, project, staff_client):
    from django.urls import reverse

    decision = make_decision(locales["en"])
    for name in (
        "wagtailsnippets_wagtail_participation_policydecision",
        "wagtailsnippets_wagtail_participation_milestone",
    ):
        assert staff_client.get(reverse(f"{name}:list")).status_code == 200
        assert staff_client.get(reverse(f"{name}:add") + "?locale=en").status_code == 200
    response = staff_client.post(
        reverse("wagtailsnippets_wagtail_participation_milestone:add") + "?locale=en",
        {"title": "Paint", "description": "", "status": "done", "progress": "40", "sort_order": "0"},
    )
    assert response.status_code == 200 and "A milestone that is done is at 100%." in response.content.decode()
    assert not Milestone.objects.exists()
    edit = staff_client.get(reverse("wagtailsnippets_wagtail_participation_policydecision:edit", args=(decision.pk,)))
    assert edit.status_code == 200 and "Shared by every language" in edit.content.decode()


# -- an idea board's own results --------------------------------------------------------------------


@pytest.mark.django_db
def test_idea_board_results_and_the_tick_after_it_closes(project, now):
    from django.core.management import call_command

    collect = [project.phases.first().code]
    board = make_board(
        project,
        slug="ideas",
        rules={"actions": {a: {"level": 1, "phases": collect} for a in ("submit", "vote", "comment")}},
    )
    people = [Participant.new_anonymous() for _ in range(3)]
    top = make_idea(board, title="Top", author=people[0])
    make_idea(board, title="Meeting idea", channel="meeting", status="accepted")
    contributions.cast_vote(top, people[1], 1)
    contributions.add_comment(top, people[2], "Agreed", "en")
    found = board.get_results()
    assert [row.label for row in found.rows] == ["Top", "Meeting idea"]
    assert found.participants == 3 and found.assurance == "registered"
    assert found.extra["ideas_by_channel"] == {"online": 1, "meeting": 1} and found.extra["votes"] == 1
    with clock.frozen_at(now + days(6)):
        call_command("participation_tick")  # an idea board no longer stops the tick
    assert ResultSnapshot.objects.filter(record=board.participation_record, kind="provisional").exists()


# -- the demo --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_finished_project_has_a_results_page_in_both_languages(citizen):
    from django.core.management import call_command

    from wagtail_participation.ideas.models import Idea

    call_command("load_demo_data", "--no-admin")
    counts = (
        ResultsPage.objects.count(),
        PolicyDecision.objects.count(),
        Milestone.objects.count(),
        Idea.objects.count(),
        ResultSnapshot.objects.count(),
    )
    call_command("load_demo_data", "--no-admin")
    assert (
        ResultsPage.objects.count(),
        PolicyDecision.objects.count(),
        Milestone.objects.count(),
        Idea.objects.count(),
        ResultSnapshot.objects.count(),
    ) == counts
    assert counts[:3] == (2, 8, 10)  # en + nl

    english = citizen.get("/en/participate/climate-plan-2030/results/").content.decode()
    for expected in (
        "Final results",
        "Who took part",
        "Insulation grants for households with low incomes",
        "You said, we did",
        "How far the work is",
        "Not adopted",
        "Meeting",
    ):
        assert expected in english, expected
    assert english.index("Insulation grants") < english.index("Solar panels on every school roof")
    # the method blocks (issue 8): the vote phase's poll and the finished Noord budget, both finalised
    assert (
        "Which measure first? The poll of the vote phase" in english
        and "Most chosen: <strong>Insulating homes</strong>" in english
    )
    assert "the neighbourhood budget Noord 2026" in english and "of €250,000 spent" in english and "Paid by" in english
    dutch = citizen.get("/nl/doe-mee/klimaatplan-2030/resultaten/").content.decode()
    assert "Woningen isoleren" in dutch and "het wijkbudget Noord 2026" in dutch
    assert "Was it clear what would happen with your input?" in english and "A letter from the city" in english
    assert "Anything we should do better?" not in english  # written answers stay with the city
    assert "Hoe hoorde je van het klimaatplan?" in dutch and "Een brief van de stad" in dutch
    home = citizen.get("/en/").content.decode()
    assert "Proposals the city answered" in home and "Answered in time." in home
    assert "Jullie zeiden, wij deden" in dutch and "Isolatiepremie voor gezinnen met een laag inkomen" in dutch
    assert "Het premieloket voor isolatie opent" in dutch
    project = citizen.get("/en/participate/climate-plan-2030/").content.decode()
    assert "What happened with your input" in project and "/en/participate/climate-plan-2030/results/" in project
    index = citizen.get("/en/participate/").content.decode()
    assert "/en/participate/climate-plan-2030/results/" in index


# -- the same blocks in any page ----------------------------------------------------------------------


@pytest.mark.django_db
def test_results_blocks_work_in_another_page_type(locales, home, project, method, citizen, staff_client):
    from home.models import HomePage

    decision = make_decision(locales["en"])
    page = publish(
        home.add_child(
            instance=HomePage(
                title="News",
                slug="news",
                participation=[
                    method_block(method, heading="Quick poll so far"),
                    ("decisions", {"heading": "", "decisions": [decision]}),
                    ("participation_figures", {"project": None, "heading": "Figures without a project"}),
                    ("participation_figures", {"project": project, "heading": "Figures of the project"}),
                ],
            )
        )
    )
    make_idea(make_board(project, slug="ideas"), author=Participant.new_anonymous())
    html = html_of(citizen, page)
    assert "Quick poll so far" in html and "1,200" in html and "Crossing guard at Kerkstraat" in html
    assert "Figures of the project" in html and "Figures without a project" not in html
    assert "Choose a project" in html_of(staff_client, page)


@pytest.mark.django_db
def test_results_pages_have_a_print_stylesheet(project, citizen):
    from django.contrib.staticfiles import finders

    html = html_of(citizen, make_results_page(project, []))
    assert "wagtail_participation/css/results.css" in html and "Printed from http://" in html
    css = open(finders.find("wagtail_participation/css/results.css")).read()
    assert "@media print" in css and "print-color-adjust: exact" in css


@pytest.mark.django_db
def test_generic_block_caps_rows_and_shows_idea_boards_as_top_ideas(project, method, citizen, staff_client):
    set_results(method, [(f"o{i}", f"Option {i}", 100 - i) for i in range(25)])
    collect = [project.phases.first().code]
    board = make_board(
        project, slug="ideas", rules={"actions": {a: {"level": 0, "phases": collect} for a in ("submit", "vote")}}
    )
    make_idea(board, title="An idea", score=3)
    make_idea(board, title="A hidden idea", score=9, visibility="hidden")
    page = make_results_page(project, [method_block(method), method_block(board, heading="Board as a chart")])
    html = html_of(citizen, page)
    assert '<th scope="row">Option 19</th>' in html and "Option 20" not in html
    # An idea board is never drawn as a raw chart: its app shows its top ideas, visible ones only
    # (before issue 14 the generic block refused boards and pointed editors to "Top ideas").
    assert "Board as a chart" in html and 'class="wp-top-ideas"' in html and "An idea" in html
    assert '<th scope="row">An idea</th>' not in html and "A hidden idea" not in html


@pytest.mark.django_db
def test_live_numbers_and_figures_are_cached_briefly(project, method, citizen, settings):
    from django.core.cache import cache

    board = make_board(project, slug="ideas")
    make_idea(board, author=Participant.new_anonymous())
    page = make_results_page(
        project, [method_block(method), ("participation_figures", {"project": None, "heading": ""})]
    )
    assert "1,200" in html_of(citizen, page) and "<dt>Contributions</dt><dd>1</dd>" in html_of(citizen, page)
    set_results(method, [("yes", "Yes", 1300), ("no", "No", 34)])
    make_idea(board, author=Participant.new_anonymous())
    html = html_of(citizen, page)
    assert "1,200" in html and "<dt>Contributions</dt><dd>1</dd>" in html  # within the cache time
    cache.clear()
    html = html_of(citizen, page)
    assert "1,300" in html and "<dt>Contributions</dt><dd>2</dd>" in html
    settings.WAGTAILPARTICIPATION_RESULTS_CACHE_SECONDS = 0
    set_results(method, [("yes", "Yes", 1400), ("no", "No", 34)])
    assert "1,400" in html_of(citizen, page)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "order, reason", [("votes", "There are no results yet"), ("status", "No idea has one of the chosen statuses yet.")]
)
def test_top_ideas_without_ideas_show_nothing(order, reason, project, citizen, staff_client):
    board = make_board(project, slug="ideas")
    which = {"votes": "top", "status": "answered"}[order]  # the generic block's option since issue 14
    if order == "status":
        make_idea(board, title="Not answered yet", score=3)  # ideas, but none with the chosen status
    page = make_results_page(
        project,
        [
            (
                "method_results",
                {
                    "method": board,
                    "heading": "Top ideas here",
                    "text": "",
                    "which": which,
                    "statuses": ["accepted"],
                    "count": 5,
                },
            )
        ],
    )
    assert "Top ideas here" not in html_of(citizen, page)
    assert reason in html_of(staff_client, page)
