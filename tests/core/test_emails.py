"""E-mails in the reader's language, linking to the page in that language on the site's real address.

The strings asserted in Dutch, French and German come from the package's existing catalogs
(wagtail_participation/locale/*/LC_MESSAGES/django.po).
"""

import os

import pytest
from django.core import mail
from django.core.checks import run_checks
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.models import Site
from wagtail.users.models import UserProfile

from tests.builders import make_board, make_proposals_page, publish
from wagtail_participation import contributions, mails, notification_tasks, statuses
from wagtail_participation.ideas.models import Idea
from wagtail_participation.models import Department, Follow, Participant, ParticipationSettings
from wagtail_participation.proposals import services as proposals
from wagtail_participation.proposals.models import Proposal

SITE = "https://participate.example.org"


@pytest.fixture
def site_on_its_real_address(home):
    """The Site as a city configures it behind an https proxy (port 443: Wagtail writes https://)."""
    Site.objects.filter(is_default_site=True).update(hostname="participate.example.org", port=443)


def dutch_translation(page, locales, **fields):
    dutch = page.copy_for_translation(locales["nl"], copy_parents=True)
    for name, value in fields.items():
        setattr(dutch, name, value)
    return publish(dutch)


@pytest.fixture
def boards(home, now, locales):
    english = make_board(home, now=now)
    return english, dutch_translation(english, locales, title="Onveilige oversteekplaatsen")


@pytest.fixture
def department(locales):
    mobility = Department.objects.create(name="Mobility department", slug="mobility", locale=locales["en"])
    dutch = mobility.copy_for_translation(locales["nl"])
    dutch.name = "Afdeling Mobiliteit"
    dutch.save()
    return mobility


def account(django_user_model, name, language="", email=None):
    """An account; ``language`` is the one chosen in its Wagtail profile."""
    user = django_user_model.objects.create_user(name, email or f"{name}@example.com", "pw")
    if language:
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
    return user


def mail_to(address):
    (message,) = [m for m in mail.outbox if m.to == [address]]
    return message


def post_idea_on(board, client, user, title):
    client.force_login(user)
    response = client.post(
        board.url + board.reverse_subpage("submit"),
        {
            "title": title,
            "body": "Kinderen steken hier elke ochtend alleen over.",
            "website": "",
            "submit": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Idea.objects.get(title=title)


def answer_in_the_admin(staff_client, idea, department):
    """An English-speaking editor answers in the admin, as the city does."""
    response = staff_client.post(
        reverse("participation_ideas:answer", args=(idea.pk,)),
        {
            "department": department.pk,
            "body": "We zetten er in juni een klaar-over.",
            "new_status": statuses.ACCEPTED,
        },
    )
    assert response.status_code == 302 and "/admin/login/" not in response.url


# -- official answers --------------------------------------------------------------------------


@pytest.mark.django_db
def test_answer_to_an_idea_posted_on_the_dutch_board_is_mailed_in_dutch_with_the_dutch_link(
    boards,
    department,
    site_on_its_real_address,
    staff_client,
    django_user_model,
    django_capture_on_commit_callbacks,
):
    english, dutch = boards
    client = Client()  # the residents' browser; staff_client is the editor's
    idea = post_idea_on(dutch, client, account(django_user_model, "ann"), "Een klaar-over bij de school")
    # bob follows the same idea on the English page: his mail stays English
    client.force_login(account(django_user_model, "bob"))
    client.post(english.url + english.reverse_subpage("follow", args=(idea.pk,)))
    assert dict(Follow.objects.values_list("participant__user__username", "language")) == {"ann": "nl", "bob": "en"}

    translation.activate("en")  # the editor's request is English, whatever the Dutch visitor left active
    with django_capture_on_commit_callbacks(execute=True):
        answer_in_the_admin(staff_client, idea, department)

    ann = mail_to("ann@example.com")
    assert ann.subject == "De stad heeft geantwoord: Een klaar-over bij de school"
    assert "De stad heeft geantwoord op het idee “Een klaar-over bij de school”." in ann.body
    assert "Afdeling Mobiliteit:" in ann.body  # the department's Dutch name
    assert "De status van het idee is nu: Aanvaard." in ann.body
    assert f"Lees het antwoord en het idee: {SITE}/nl/ideas/ideas/{idea.pk}/" in ann.body
    assert "localhost" not in ann.body and "/en/" not in ann.body
    bob = mail_to("bob@example.com")
    assert bob.subject == "The city answered: Een klaar-over bij de school"
    assert "Mobility department:" in bob.body
    assert f"Read the answer and the idea: {SITE}/en/ideas/ideas/{idea.pk}/" in bob.body


@pytest.mark.django_db
@pytest.mark.parametrize("active", ["en", "fr", "de"])
def test_the_task_renders_in_the_readers_language_whatever_language_is_active(
    boards,
    department,
    site_on_its_real_address,
    django_user_model,
    active,
):
    english, dutch = boards
    ann = Participant.objects.create(user=account(django_user_model, "ann"))
    idea = Idea.objects.create(
        record=dutch.participation_record,
        author=ann,
        title="Zebrapad",
        body="Graag.",
        language="nl",
        created_at=english.opens_at,
    )
    update = contributions.publish_official_update(
        idea, department=department, body="Ja.", new_status=None, author=None
    )
    with translation.override(active):
        # The immediate backend ran it here.
        assert notification_tasks.notify_answer.enqueue(update.pk).return_value == 1
        assert translation.get_language() == active  # and left the caller's language alone
    (message,) = mail.outbox
    assert message.subject == "De stad heeft geantwoord: Zebrapad"
    assert f"{SITE}/nl/ideas/ideas/{idea.pk}/" in message.body


@pytest.mark.django_db
def test_the_base_url_setting_wins_over_the_sites_address(boards, department, django_user_model, settings):
    settings.WAGTAILPARTICIPATION_BASE_URL = "https://participate.example.org/"  # trailing slash tolerated
    english, dutch = boards
    assert Site.objects.get(is_default_site=True).hostname == "localhost"
    ann = Participant.objects.create(user=account(django_user_model, "ann"))
    idea = Idea.objects.create(
        record=english.participation_record,
        author=ann,
        title="Zebrapad",
        body="Graag.",
        language="nl",
        created_at=english.opens_at,
    )
    update = contributions.publish_official_update(
        idea, department=department, body="Ja.", new_status=None, author=None
    )
    notification_tasks.notify_answer.enqueue(update.pk)
    assert f"{SITE}/nl/ideas/ideas/{idea.pk}/" in mail.outbox[0].body
    assert "localhost" not in mail.outbox[0].body


@pytest.mark.django_db
def test_without_a_translation_the_link_goes_to_the_original_page(home, now, department, django_user_model):
    board = make_board(home, now=now)  # English only
    ann = Participant.objects.create(user=account(django_user_model, "ann"))
    idea = Idea.objects.create(
        record=board.participation_record, author=ann, title="Zebrapad", body="Graag.", language="nl", created_at=now
    )
    update = contributions.publish_official_update(
        idea, department=department, body="Ja.", new_status=None, author=None
    )
    notification_tasks.notify_answer.enqueue(update.pk)
    (message,) = mail.outbox
    assert message.subject.startswith("De stad heeft geantwoord")  # still Dutch words
    assert f"http://localhost/en/ideas/ideas/{idea.pk}/" in message.body  # the page that exists


@pytest.mark.django_db
def test_an_older_follow_without_a_language_falls_back_to_the_account_then_the_site(
    boards, department, django_user_model
):
    english, dutch = boards
    idea = Idea.objects.create(
        record=english.participation_record, title="Zebrapad", body="Graag.", language="en", created_at=english.opens_at
    )
    for name, language in (("cor", "de"), ("dirk", "")):
        participant = Participant.objects.create(user=account(django_user_model, name, language))
        Follow.objects.create(contribution=idea, participant=participant)  # stored before follows had a language
    update = contributions.publish_official_update(
        idea, department=department, body="Ja.", new_status=None, author=None
    )
    notification_tasks.notify_answer.enqueue(update.pk)
    assert mail_to("cor@example.com").subject == "Die Stadt hat geantwortet: Zebrapad"
    assert mail_to("dirk@example.com").subject == "The city answered: Zebrapad"


# -- proposals ---------------------------------------------------------------------------------


@pytest.fixture
def proposal_pages(home, now, locales):
    english = make_proposals_page(
        home, now=now, threshold=1, window_days=10, answer_days=20, staff_email="staff@city.example"
    )
    return english, dutch_translation(english, locales, title="Burgervoorstellen")


@pytest.mark.django_db
def test_a_proposal_written_on_the_dutch_page_gets_its_notices_in_dutch_and_staff_theirs(
    proposal_pages,
    site_on_its_real_address,
    client,
    django_user_model,
    django_capture_on_commit_callbacks,
):
    english, dutch = proposal_pages
    account(django_user_model, "staff", "fr", email="Staff@City.example")  # found whatever the case
    client.force_login(account(django_user_model, "ann"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            dutch.url + dutch.reverse_subpage("submit"),
            {
                "title": "Een speeltuin in het Molenpark",
                "body": "Het Molenpark heeft gras maar niets om op te klimmen.",
                "website": "",
                "submit": "1",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    proposal = Proposal.objects.get()
    path = dutch.reverse_subpage("proposal", args=(proposal.pk,))
    published = mail_to("ann@example.com")
    assert published.subject == "Je voorstel is gepubliceerd: Een speeltuin in het Molenpark"
    assert f"{SITE}/nl/proposals/{path}" in published.body

    translation.activate("en")
    with django_capture_on_commit_callbacks(execute=True):
        proposals.support(proposal, Participant.new_anonymous())  # the threshold (1) is reached
    subjects = {m.to[0]: m.subject for m in mail.outbox[1:]}
    assert subjects["ann@example.com"] == "Je voorstel heeft de drempel gehaald: Een speeltuin in het Molenpark"
    # the staff address belongs to an account whose Wagtail profile says French
    assert subjects["staff@city.example"].startswith("Une proposition")


@pytest.mark.django_db
def test_proposal_answer_reaches_a_follower_in_the_language_they_followed_in(
    proposal_pages,
    department,
    site_on_its_real_address,
    client,
    django_user_model,
    django_capture_on_commit_callbacks,
):
    english, dutch = proposal_pages
    proposal = proposals.new_proposal(
        english, None, submit=True, title="Bankjes", body="Meer bankjes op het plein.", language="en"
    )
    client.force_login(account(django_user_model, "eva"))
    with translation.override("nl"):
        client.post(dutch.url + dutch.reverse_subpage("follow", args=(proposal.pk,)))
    assert Follow.objects.get().language == "nl"
    with django_capture_on_commit_callbacks(execute=True):
        proposals.support(proposal, Participant.new_anonymous())
    proposal.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        proposals.answer(proposal, department=department, body="Komt er.", outcome="accepted", author=None)
    message = mail_to("eva@example.com")
    assert message.subject == "De stad heeft geantwoord: Bankjes"
    assert f"Lees het antwoord en het voorstel: {SITE}/nl/proposals/" in message.body


# -- moderators ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("profile_language", "subject"), [("fr", "Signalé\u00a0: Zebrapad"), ("", "Reported: Zebrapad")]
)
def test_moderators_read_in_their_accounts_language_else_the_sites(
    boards,
    django_user_model,
    settings,
    profile_language,
    subject,
    django_capture_on_commit_callbacks,
):
    settings.WAGTAILADMIN_BASE_URL = ""  # then the admin link uses the site's address too
    english, dutch = boards
    site_settings = ParticipationSettings.for_site(english.get_site())
    site_settings.moderation_email = "moderation@example.com"
    site_settings.save()
    account(django_user_model, "moderation", profile_language)
    idea = Idea.objects.create(
        record=dutch.participation_record, title="Zebrapad", body="Graag.", language="nl", created_at=english.opens_at
    )
    with translation.override("nl"), django_capture_on_commit_callbacks(execute=True):
        contributions.report(Participant.new_anonymous(), contribution=idea)
    (message,) = mail.outbox
    assert message.subject == subject
    assert f"http://localhost/admin/participation/ideas/inspect/{idea.pk}/" in message.body


# -- the helpers and the configuration -----------------------------------------------------------


@pytest.mark.parametrize(
    ("preferences", "expected"),
    [
        (("nl",), "nl"),
        (("nl-be", "fr"), "nl"),  # a regional variant reads the language's catalog
        (("", None, "xx", "de"), "de"),  # unknown and empty codes are skipped
        ((), "en"),  # nothing known: the site's default (LANGUAGE_CODE)
        (("xx",), "en"),
    ],
)
def test_reader_language_is_the_first_supported_preference(preferences, expected):
    assert mails.reader_language(*preferences) == expected


@pytest.mark.django_db
def test_each_address_is_mailed_once_in_the_language_of_its_first_mention():
    readers = mails.unique(
        [
            mails.Reader("Ann@example.com", "nl"),
            None,
            mails.Reader("ann@example.com", "en"),
            mails.Reader("bob@example.com", "en"),
        ]
    )
    assert readers == [mails.Reader("Ann@example.com", "nl"), mails.Reader("bob@example.com", "en")]
    assert mails.send(readers, lambda language: (translation.gettext("Hello,"), language)) == 2
    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [
        (["Ann@example.com"], "Hallo,", "nl"),
        (["bob@example.com"], "Hello,", "en"),
    ]


@pytest.mark.parametrize("value", ["participate.example.org", "ftp://participate.example.org", "https://"])
def test_a_base_url_that_is_no_web_address_is_an_error(settings, value):
    settings.WAGTAILPARTICIPATION_BASE_URL = value
    assert "wagtail_participation.E020" in [problem.id for problem in run_checks()]


@pytest.mark.django_db
def test_production_with_a_local_site_address_warns(home, settings):
    def ids():
        return [problem.id for problem in run_checks(databases=["default"], include_deployment_checks=False)]

    settings.DEBUG = False
    assert "wagtail_participation.W020" in ids()  # the test Site is localhost
    settings.WAGTAILPARTICIPATION_BASE_URL = SITE
    assert "wagtail_participation.W020" not in ids()
    del settings.WAGTAILPARTICIPATION_BASE_URL
    Site.objects.update(hostname="participate.example.org", port=443)
    assert "wagtail_participation.W020" not in ids()


@pytest.mark.parametrize(
    ("addr", "expected"),
    [
        ("127.0.0.1:8000", ("127.0.0.1", 8000)),
        ("8001", ("127.0.0.1", 8001)),
        ("0.0.0.0:8080", ("127.0.0.1", 8080)),  # listens everywhere; links need a visitable address
        ("demo.example.org:80", ("demo.example.org", 80)),
        ("[::1]:8002", ("[::1]", 8002)),
    ],
)
def test_demo_address_parsing(addr, expected):
    from home.management.commands.load_demo_data import site_address

    assert site_address(addr) == expected


def test_demo_site_address_follows_demo_addr(demo_city, monkeypatch):
    monkeypatch.setenv("DEMO_ADDR", "127.0.0.1:8123")  # what `make demo DEMO_ADDR=...` passes on
    # run again on the loaded demo: every run sets the Site's address
    call_command("load_demo_data", "--no-admin", stdout=open(os.devnull, "w"))
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("127.0.0.1", 8123, "http://127.0.0.1:8123")
    idea = Idea.objects.filter(language="nl", follows__isnull=False).first()
    assert Follow.objects.filter(contribution=idea).values_list("language", flat=True).first() == "nl"
    assert mails.contribution_url(idea, "nl").startswith("http://127.0.0.1:8123/nl/")
