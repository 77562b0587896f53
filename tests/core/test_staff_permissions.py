"""Staff permissions: results and every Participation screen need their permission; the menu
shows only what the user may open (issue 13 item 5)."""

import pytest
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.urls import reverse
from wagtail.admin.menu import admin_menu

from tests.builders import days, make_index, make_method, make_project, staff_with, vote_rule
from wagtail_participation import clock
from wagtail_participation.engine.policy import Level
from wagtail_participation.models.snapshots import ResultSnapshot
from wagtail_participation.viewsets import ParticipationViewSetGroup

ADMIN_HOME = "/admin/"


def participation_menu_labels(user):
    """The labels under "Participation" in the admin menu as ``user`` sees it (None: no menu)."""
    request = RequestFactory().get(ADMIN_HOME)
    request.user = user
    for item in admin_menu.menu_items_for_request(request):
        if str(item.label) == str(ParticipationViewSetGroup.menu_label):
            return {str(sub.label) for sub in item.menu.menu_items_for_request(request)}
    return None


def participation_menu_items():
    """Every item of the "Participation" menu: the core's and those the installed method apps add."""
    group = next(item for item in admin_menu.registered_menu_items if item.name == "participation")
    return group.menu.registered_menu_items


def all_menu_labels():
    return {str(item.label) for item in participation_menu_items()}


def refused(response):
    """Wagtail's admin answers PermissionDenied with 403 to scripts and a redirect home otherwise."""
    return response.status_code == 403 or (response.status_code == 302 and response.url == ADMIN_HOME)


def editor_with(django_user_model, *codenames, name="ed"):
    return staff_with(django_user_model, *codenames, name=name)


@pytest.fixture
def method(home, now):
    index = make_index(home, slug="participate")
    project = make_project(index, slug="p", phases=[("vote", now - days(2), now + days(1), "Vote")])
    return make_method(project, rules=vote_rule(Level.ANYONE, [project.phases.get().code]))


def participation_urls(record):
    """Every screen under Participation: the menu entries and the per-method results review."""
    urls = [item.url for item in participation_menu_items()]
    return urls + [
        reverse("participation_methods:review", args=(record.pk,)),
        reverse("participation_idea_boards:dashboard", args=(record.pk,)),
        reverse("participation_surveys:summary", args=(record.pk,)),
    ]


@pytest.mark.django_db
def test_editor_without_permissions_is_refused_everywhere_and_sees_no_menu(method, django_user_model, client):
    editor = editor_with(django_user_model)
    client.force_login(editor)
    for url in participation_urls(method.participation_record):
        response = client.get(url)
        assert refused(response), (url, response.status_code)
        assert client.get(url, headers={"x-requested-with": "XMLHttpRequest"}).status_code == 403, url
    assert participation_menu_labels(editor) is None
    assert "Methods and results" not in client.get(ADMIN_HOME).content.decode()


@pytest.mark.django_db
def test_results_need_the_view_permission_and_finalising_its_own(method, now, django_user_model, client):
    record = method.participation_record
    review = reverse("participation_methods:review", args=(record.pk,))
    reader = editor_with(django_user_model, "view_methodrecord", name="reader")
    # Another participation permission does not open the results.
    moderator = editor_with(django_user_model, "change_idea", "change_methodrecord", name="moderator")
    client.force_login(moderator)
    assert refused(client.get(review)) and refused(client.get(reverse("participation_methods:index")))
    assert "Methods and results" not in participation_menu_labels(moderator)
    client.force_login(reader)
    assert participation_menu_labels(reader) == {"Methods and results"}
    assert client.get(reverse("participation_methods:index")).status_code == 200
    with clock.frozen_at(now + days(2)):
        page = client.get(review)
        assert page.status_code == 200 and "Provisional results" in page.content.decode()
        assert "Finalise results" not in page.content.decode()
        assert refused(client.post(review, {"note": ""}))
        assert not ResultSnapshot.objects.filter(kind=ResultSnapshot.FINAL).exists()
        finaliser = editor_with(django_user_model, "view_methodrecord", "add_resultsnapshot", name="finaliser")
        client.force_login(finaliser)
        assert "Finalise results" in client.get(review).content.decode()
        assert client.post(review, {"note": ""}).status_code == 302
        assert ResultSnapshot.objects.filter(kind=ResultSnapshot.FINAL).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "codename, label, url_name",
    [
        ("view_methodrecord", "Methods and results", "participation_methods:index"),
        ("view_codebatch", "Verified participants", "participation_verification_report:index"),
        ("view_idea", "Idea boards", "participation_idea_boards:index"),
        ("view_surveyresponse", "Surveys", "participation_surveys:index"),
        ("view_pollballot", "Poll votes", "participation_poll_votes:index"),
        ("change_proposal", "Citizen proposals", "participation_proposals:index"),
    ],
)
def test_each_permission_shows_its_own_menu_item_and_opens_its_screen(
    home, django_user_model, client, codename, label, url_name
):
    user = editor_with(django_user_model, codename)
    labels = participation_menu_labels(user)
    assert label in labels
    assert labels < all_menu_labels()  # never the whole menu for one permission
    client.force_login(user)
    assert client.get(reverse(url_name)).status_code == 200


@pytest.mark.django_db
def test_budgets_item_only_for_page_editors(home, django_user_model, client):
    from wagtail.models import GroupPagePermission

    user = editor_with(django_user_model)
    client.force_login(user)
    assert participation_menu_labels(user) is None
    assert refused(client.get(reverse("participation_budgets:index")))
    GroupPagePermission.objects.create(
        group=user.groups.get(),
        page=home,
        permission=Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page"),
    )
    user = django_user_model.objects.get(pk=user.pk)  # permissions are cached on the user object
    assert participation_menu_labels(user) == {"Budgets"}
    assert client.get(reverse("participation_budgets:index")).status_code == 200


@pytest.mark.django_db
def test_superuser_sees_every_item(home, django_user_model):
    admin = django_user_model.objects.create_superuser("boss", "b@example.be", "pw")
    assert participation_menu_labels(admin) == all_menu_labels()
