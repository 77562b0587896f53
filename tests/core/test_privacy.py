"""Privacy by default (issue 13 item 1): public names only, only where chosen, never an e-mail address."""

import csv
import io
import unicodedata
from unittest import mock

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry, Site

from tests.builders import make_idea, make_proposal, make_proposals_page, participation_permission
from tests.builders import subpage_url as page_url
from wagtail_participation import contributions, display_names, moderation
from wagtail_participation.ideas import exports as idea_exports
from wagtail_participation.ideas.models import Idea, IdeaExport
from wagtail_participation.models import Comment, Department, Participant, ParticipationSettings, Report
from wagtail_participation.polls.models import OptionComment
from wagtail_participation.proposals.models import Proposal

pytestmark = pytest.mark.usefixtures("clear_cache", "tmp_media")

LOCAL_PART = "jan.geheim"  # what allauth makes the username of an e-mail sign-up
EMAIL = f"{LOCAL_PART}@example.org"


@pytest.fixture
def signup(django_user_model):
    """A resident who signed up with an e-mail address and never chose a public name."""
    return django_user_model.objects.create_user(LOCAL_PART, EMAIL, "pw")


def checkbox(html: str, name: str) -> str:
    start = html.index(f'name="{name}"')
    return html[html.rindex("<input", 0, start) : html.index(">", start)]


# -- nothing of the e-mail address, anywhere public --------------------------------------------------


@pytest.mark.django_db
def test_an_email_signups_local_part_never_appears_in_public(
    board, home, now, signup, staff_client, locales, django_capture_on_commit_callbacks
):
    author = Client()
    author.force_login(signup)
    # An idea with "show my name" ticked: the form asks for a public name, then shows only that.
    asked = author.post(
        page_url(board, "submit"),
        {
            "title": "A crossing guard at the school",
            "body": "Children cross alone.",
            "show_author": "on",
            "submit": "1",
        },
    )
    assert asked.status_code == 400 and "Choose the name to show" in asked.content.decode()
    assert not Idea.objects.exists()
    posted = author.post(
        page_url(board, "submit"),
        {
            "title": "A crossing guard at the school",
            "body": "Children cross alone.",
            "show_author": "on",
            "display_name": "Buurtvriend",
            "submit": "1",
        },
    )
    assert posted.status_code == 302
    named = Idea.objects.get()
    anonymous_idea = make_idea(board, author=named.author, title="Nameless idea")  # show_author left at its default
    author.post(page_url(board, "comment", named.pk), {"body": "Signed comment", "show_author": "on"})
    author.post(page_url(board, "comment", named.pk), {"body": "Unsigned comment"})
    participant = Participant.objects.get(user=signup)
    assert participant.display_name == "Buurtvriend"
    assert list(Comment.objects.order_by("pk").values_list("show_author", flat=True)) == [True, False]

    proposals_page = make_proposals_page(home, now=now)
    proposal = make_proposal(proposals_page, participant, show_author=True)
    make_proposal(proposals_page, participant, title="Nameless proposal")
    author.post(page_url(proposals_page, "comment", proposal.pk), {"body": "On my proposal", "show_author": "on"})

    visitor = Client()
    public = {
        "idea page": visitor.get(page_url(board, "idea", named.pk)),
        "unsigned idea page": visitor.get(page_url(board, "idea", anonymous_idea.pk)),
        "board": visitor.get(board.url),
        "search": visitor.get(board.url + "?q=crossing"),
        "proposal page": visitor.get(page_url(proposals_page, "proposal", proposal.pk)),
        "proposals listing": visitor.get(proposals_page.url),
        "vote (JSON)": visitor.post(
            reverse("wagtail_participation:vote_idea", args=(named.pk,)),
            {"value": "up"},
            HTTP_X_REQUESTED_WITH="XMLHttpRequest",
        ),
        "sitemap": visitor.get("/sitemap.xml"),
        "author's own idea page": author.get(page_url(board, "idea", named.pk)),
    }
    texts = {where: response.content.decode() for where, response in public.items()}
    assert public["vote (JSON)"].json()["ok"] is True
    for where, text in texts.items():
        assert public[where].status_code == 200, where
        assert LOCAL_PART not in text and "geheim" not in text and "example.org" not in text, where
    assert "By <bdi>Buurtvriend</bdi>" in texts["idea page"]
    assert texts["idea page"].count("<bdi>Buurtvriend</bdi>") == 2  # the idea and the signed comment
    assert "Buurtvriend" not in texts["unsigned idea page"]
    assert "Proposed by <bdi>Buurtvriend</bdi>" in texts["proposal page"]

    # Exports for publication: the CSV and the workbook of the board, the proposals CSV.
    record = board.participation_record
    ideas_csv = b"".join(
        staff_client.get(reverse("participation_idea_boards:csv", args=(record.pk,))).streaming_content
    ).decode()
    proposals_csv = b"".join(
        staff_client.get(
            reverse("participation_proposals:csv", args=(proposals_page.participation_record.pk,))
        ).streaming_content
    ).decode()
    export = IdeaExport.objects.create(record=record)
    idea_exports.build_ideas_xlsx.call(export.pk)
    export.refresh_from_db()
    workbook = load_workbook(export.file.path, read_only=True)
    cells = " ".join(str(cell) for sheet in workbook for row in sheet.values for cell in row)
    for text in (ideas_csv, proposals_csv, cells):
        assert LOCAL_PART not in text and "example.org" not in text
    rows = {row["title"]: row for row in csv.DictReader(io.StringIO(ideas_csv.lstrip("\ufeff")))}
    assert rows["A crossing guard at the school"]["author"] == "Buurtvriend" and rows["Nameless idea"]["author"] == ""
    assert "Buurtvriend" in cells and "Buurtvriend" in proposals_csv

    # E-mails to others: a follower is told of the city's answer; the moderators of a name report.
    follower = Participant.objects.create(
        user=type(signup).objects.create_user("follower", "follower@example.net", "pw")
    )
    contributions.follow(named, follower)
    settings = ParticipationSettings.for_site(board.get_site())
    settings.moderation_email = "moderation@city.example"
    settings.save()
    department = Department.objects.create(name="Mobility", slug="mobility", locale=locales["en"])
    with django_capture_on_commit_callbacks(execute=True):
        contributions.publish_official_update(
            named, department=department, body="We agree.", new_status=None, author=None
        )
        contributions.report(follower, contribution=named, about=Report.About.NAME)
    assert len(mail.outbox) == 3  # the author, the follower, the moderators
    for message in mail.outbox:
        assert LOCAL_PART not in message.subject + message.body
    assert "“Buurtvriend”" in mail.outbox[-1].body

    # Only in the person's own download is the account's address: there it is their own data.
    own = author.get(reverse("wagtail_participation:me_download")).json()["data"]
    assert own["public_name"]["items"] == [{"public_name": "Buurtvriend", "show_name_by_default": False}]
    assert own["account"]["items"][0]["email"] == EMAIL


@pytest.mark.django_db
def test_comments_of_registered_people_without_a_chosen_name_say_a_resident(board, signup, client):
    """Before: every comment showed its author's username, whatever they chose."""
    participant = Participant.objects.create(user=signup)
    idea = make_idea(board)
    contributions.add_comment(idea, participant, "My comment", "en", show_author=True)  # ticked, but no name chosen
    html = client.get(page_url(board, "idea", idea.pk)).content.decode()
    assert "My comment" in html and "A resident" in html and LOCAL_PART not in html


# -- unticked by default ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_show_my_name_is_unticked_by_default_everywhere(board, home, now, signup):
    assert (
        not Idea().show_author
        and not Proposal().show_author
        and not Comment().show_author
        and not OptionComment().show_author
    )
    client = Client()
    client.force_login(signup)
    idea = make_idea(board)
    proposals_page = make_proposals_page(home, now=now)
    forms = {
        "idea": client.get(page_url(board, "submit")),
        "comment": client.get(page_url(board, "idea", idea.pk)),
        "proposal": client.get(page_url(proposals_page, "submit")),
    }
    for where, response in forms.items():
        assert "checked" not in checkbox(response.content.decode(), "show_author"), where
    me = client.get(reverse("wagtail_participation:me")).content.decode()
    assert 'name="display_name"' in me and "checked" not in checkbox(me, "show_name_by_default")
    # A posted form without the box: no name shown.
    client.post(page_url(board, "submit"), {"title": "Another idea here", "body": "Some text.", "submit": "1"})
    assert Idea.objects.get(title="Another idea here").show_author is False

    # Who asked for it on "My participation" gets the box ticked (and no name field: they have one).
    client.post(reverse("wagtail_participation:me"), {"display_name": "Jan G.", "show_name_by_default": "on"})
    html = client.get(page_url(board, "submit")).content.decode()
    assert "checked" in checkbox(html, "show_author") and 'name="display_name"' not in html
    assert "Shown as “Jan G.”" in html


@pytest.mark.django_db
def test_an_anonymous_participant_can_show_a_chosen_name(board, client):
    idea = make_idea(board)
    response = client.post(
        page_url(board, "comment", idea.pk),
        {"body": "Anonymous but named", "show_author": "on", "display_name": "Fietser 12"},
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.author.user_id is None and comment.author.display_name == "Fietser 12" and comment.show_author
    assert "<bdi>Fietser 12</bdi>" in client.get(page_url(board, "idea", idea.pk)).content.decode()


# -- validation --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("Zoë", "Zoë"),
        ("  Jan   de  Vries ", "Jan de Vries"),
        ("O'Brien-Smith", "O'Brien-Smith"),
        ("fiets_fan.2", "fiets_fan.2"),
        ("Zoe\u0308", "Zoë"),
        ("Αλέξανδρος", "Αλέξανδρος"),
        ("محمد", "محمد"),
        ("Badminton fan", "Badminton fan"),
    ],
)
def test_plain_names_are_accepted_and_normalised(typed, stored, db):
    assert display_names.validate(typed) == stored


@pytest.mark.parametrize(
    "typed, code",
    [
        ("J", "too_short"),
        ("x" * 41, "too_long"),
        ("Jan\u202eseoJ", "characters"),
        ("Jan\x00", "characters"),
        ("Jan\u200b", "characters"),
        ("Jan\u3164", "characters"),
        ("jan@example.org", "characters"),
        ("<b>Jan</b>", "characters"),
        ("Jan\nPiet", "characters"),
        ("Ja\u0301\u0301\u0301\u0301n", "characters"),
        ("1234", "no_letter"),
        ("..--", "no_letter"),
    ],
)
def test_names_with_other_characters_or_sizes_are_refused(typed, code, db):
    with pytest.raises(ValidationError) as refused:
        display_names.validate(typed)
    assert refused.value.code == code


@pytest.mark.parametrize(
    "typed",
    [
        "Admin",
        "The City",
        "gemeente",
        "Stad Gent",
        "Ville de Paris",
        "Stadt",
        "Moderator",
        "MODÉRATEUR",
        "Adm1n",
        "M0derator",
        "admin2024",
        "CityAdmin",
        "\u0410dmin",
        "\u041c\u043e\u0434\u0435\u0440\u0430\u0442\u043e\u0440",
        "city hall",
        "Bürgermeister",
        "Lindenhoven",
        "Gemeente Lindenhoven",
        "LindenhovenOfficial",
        "lindenhovenpraat",
        "Team Demo Site",
        "Sara P.",
        "sara p",
        "Sara_P",
    ],
)
def test_names_that_pass_for_the_city_or_staff_are_refused(typed, home, django_user_model, settings):
    settings.WAGTAIL_SITE_NAME = "Team Demo Site"
    Site.objects.filter(is_default_site=True).update(site_name="Lindenhoven")
    staff = Participant.objects.create(user=django_user_model.objects.create_user("sara", is_staff=True))
    display_names.set_public_name(staff, "Sara P.")
    with pytest.raises(ValidationError) as refused:
        display_names.validate(typed)
    assert refused.value.code == "impersonation"
    assert display_names.validate("Sara P.", staff) == "Sara P."  # staff keep their own name


@pytest.mark.django_db
def test_the_reserved_words_are_a_setting(settings):
    settings.WAGTAILPARTICIPATION_DISPLAY_NAME_RESERVED_WORDS = ["ombudsman"]
    assert display_names.validate("Admin") == "Admin"
    with pytest.raises(ValidationError):
        display_names.validate("Ombudsman Jan")


@given(st.text(max_size=60))
@settings(max_examples=200, derandomize=True, deadline=None)
def test_any_string_is_either_refused_or_a_plain_short_name(typed):
    try:
        name = _validate_without_database(typed)
    except ValidationError as refusal:
        assert refusal.code in display_names.MESSAGES
        return
    assert display_names.MIN_LENGTH <= len(name) <= display_names.MAX_LENGTH
    assert name == name.strip() and "  " not in name and any(ch.isalpha() for ch in name)
    # No control, format (bidi, zero-width), private-use or unassigned character; no line breaks or tabs.
    assert not any(unicodedata.category(ch)[0] in "CZ" and ch != " " for ch in name)
    assert _validate_without_database(name) == name  # a stored name stays valid


def _validate_without_database(typed):
    with mock.patch.object(display_names, "impersonates", return_value=False):
        return display_names.validate(typed)


@pytest.mark.django_db
@given(
    typed=st.one_of(
        st.text(max_size=50),
        st.sampled_from(["Admin", "Jan\u202e", "\x00", "Buurtvriend", "x" * 41, "Stad", "  Zoë  "]),
    )
)
@settings(max_examples=25, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_my_participation_never_fails_and_never_stores_a_refused_name(typed, signup):
    client = Client()
    client.force_login(signup)
    participant = Participant.objects.get_or_create(user=signup)[0]
    display_names.set_public_name(participant, "Earlier Name")
    response = client.post(reverse("wagtail_participation:me"), {"display_name": typed})
    assert response.status_code in (302, 400)
    participant.refresh_from_db()
    try:
        expected = display_names.validate(typed, participant) if display_names.normalise(typed) else ""
    except ValidationError:
        assert response.status_code == 400 and participant.display_name == "Earlier Name"
        assert "wp-field-error" in response.content.decode()
    else:
        assert response.status_code == 302 and participant.display_name == expected


@pytest.mark.django_db
def test_a_refused_name_on_a_contribution_form_keeps_what_was_typed_and_stores_nothing(board, signup):
    client = Client()
    client.force_login(signup)
    response = client.post(
        page_url(board, "submit"),
        {
            "title": "My idea for the city",
            "body": "Details.",
            "submit": "1",
            "show_author": "on",
            "display_name": "Gemeente Team",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400 and "could be taken for the city or its staff" in html
    assert 'value="Gemeente Team"' in html and 'value="My idea for the city"' in html
    assert not Idea.objects.exists() and not Participant.objects.exclude(display_name="").exists()


# -- reports about a name, and the moderator's reset ---------------------------------------------------


@pytest.mark.django_db
def test_a_name_can_be_reported_and_a_moderator_resets_it_audited(board, django_user_model):
    rude = Participant.objects.create(user=django_user_model.objects.create_user("rude"))
    display_names.set_public_name(rude, "Rude Word")
    idea = make_idea(board, author=rude, show_author=True)
    comment = contributions.add_comment(idea, rude, "A comment", "en", show_author=True)
    reporter = Client()
    reporter.force_login(django_user_model.objects.create_user("reporter"))
    reporter.post(page_url(board, "report_idea", idea.pk), {"about": "name", "reason": "offensive"})
    reporter.post(page_url(board, "report_comment", comment.pk), {"about": "name"})
    reporter.post(page_url(board, "report_idea", idea.pk), {"reason": "spam", "about": "forged"})
    assert sorted(Report.objects.values_list("about", flat=True)) == ["content", "name", "name"]
    assert Report.objects.get(about="content").reason == "spam"
    page = Client().get(page_url(board, "idea", idea.pk)).content.decode()
    assert "The name of its author" in page and "Report the name" in page

    moderator = django_user_model.objects.create_user("moderator", password="pw")
    moderator.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    staff = Client()
    staff.force_login(moderator)
    reset_url = (
        reverse("wagtail_bulk_action", args=("participation_ideas", "idea", "reset_name"))
        + f"?id={idea.pk}&next=/admin/"
    )
    refused = staff.post(reset_url, {"reason": "Offensive (house rule 2)"})  # may not moderate ideas
    assert refused.status_code == 302 and refused.url.endswith("/admin/")
    assert Participant.objects.get(pk=rude.pk).display_name == "Rude Word"
    moderator.user_permissions.add(participation_permission("change_idea"))
    staff = Client()
    staff.force_login(moderator)
    assert "Rude Word" in staff.get(reverse("participation_ideas:inspect", args=(idea.pk,))).content.decode()
    assert staff.post(reset_url, {"reason": ""}).status_code == 200  # the reason is required: nothing happens
    assert Participant.objects.get(pk=rude.pk).display_name == "Rude Word"
    assert staff.post(reset_url, {"reason": "Offensive (house rule 2)"}).status_code == 302

    rude.refresh_from_db()
    assert rude.display_name == "" and rude.display_name_reset_reason == "Offensive (house rule 2)"
    assert not Report.objects.filter(about="name", handled=False).exists()
    assert Report.objects.filter(about="content", handled=False).count() == 1  # the other report still waits
    entry = ModelLogEntry.objects.get(action=moderation.RESET_NAME)
    assert entry.user == moderator and entry.object_id == str(idea.pk)
    assert entry.data == {"name": "Rude Word", "reason": "Offensive (house rule 2)"}
    page = Client().get(page_url(board, "idea", idea.pk)).content.decode()
    assert "Rude Word" not in page and "A resident" in page
    own = Client()
    own.force_login(rude.user)
    assert (
        "A moderator removed your public name: Offensive (house rule 2)"
        in own.get(reverse("wagtail_participation:me")).content.decode()
    )


@pytest.mark.django_db
def test_a_name_report_never_hides_the_text_and_a_report_needs_a_shown_name(board, django_user_model, settings):
    settings.WAGTAILPARTICIPATION_AUTO_HIDE_REPORTS = 1
    author = Participant.objects.create(user=django_user_model.objects.create_user("author"))
    display_names.set_public_name(author, "Some Name")
    named = make_idea(board, author=author, show_author=True)
    unnamed = make_idea(board, author=author, title="Unnamed idea")
    reporter = Participant.objects.create(user=django_user_model.objects.create_user("reporter"))
    contributions.report(reporter, contribution=named, about=Report.About.NAME)
    assert Idea.objects.get(pk=named.pk).visibility == "visible"
    contributions.report(reporter, contribution=unnamed, about=Report.About.NAME)  # no name is shown there
    assert Report.objects.get(contribution=unnamed).about == "content"


@pytest.mark.django_db
def test_deleting_the_account_removes_the_public_name(board, signup):
    client = Client()
    client.force_login(signup)
    client.post(reverse("wagtail_participation:me"), {"display_name": "Buurtvriend"})
    participant = Participant.objects.get(user=signup)
    idea = make_idea(board, author=participant, show_author=True)
    assert idea.public_author_name == "Buurtvriend"
    client.post(reverse("wagtail_participation:me_delete"), {"confirm": "yes"})
    assert Idea.objects.get(pk=idea.pk).public_author_name == ""
    assert not Participant.objects.exclude(display_name="").exists()


def test_the_demo_shows_chosen_public_names_and_never_usernames(demo_city, client):
    named = (
        Idea.objects.filter(show_author=True, channel="online")
        .exclude(author__display_name="")
        .select_related("author")
        .first()
    )
    nameless = Idea.objects.filter(show_author=False, channel="online").first()
    assert named is not None and nameless is not None
    for idea in (named, nameless):
        board = idea.record.source_page()
        html = client.get(page_url(board, "idea", idea.pk)).content.decode()
        assert "demo." not in html  # the demo accounts' usernames
    assert (
        f"<bdi>{named.author.display_name}</bdi>"
        in client.get(page_url(named.record.source_page(), "idea", named.pk)).content.decode()
    )
    assert Comment.objects.filter(show_author=True).exists() and Proposal.objects.filter(show_author=True).exists()
