"""Staff two-factor login (docs/staff-accounts.md): who may see the register of residents or
personal-data exports must have passed allauth's MFA in this session; others are not bothered.

Every test here uses the example site's real check (``home.accounts.session_used_second_factor``),
not the test settings' ``password_is_enough``; codes are computed from the TOTP secret as an
authenticator app would."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.checks import run_checks
from django.core.files.base import ContentFile
from django.urls import reverse

from tests import builders
from tests.builders import make_board
from wagtail_participation.ideas.models import IdeaExport
from wagtail_participation.models import CensusImport, CodeBatch
from wagtail_participation.staff_second_factor import EXPLANATION_URL_NAME

pytestmark = pytest.mark.usefixtures("real_second_factor_check", "tmp_media", "clear_cache")

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
REGISTER = reverse("participation_census:index")
CODES = reverse("participation_codes:add")


@pytest.fixture
def real_second_factor_check(settings):
    settings.WAGTAILPARTICIPATION_STAFF_SECOND_FACTOR = "home.accounts.session_used_second_factor"
    # A code computed just before a 30-second step ends is checked just after it: accept the
    # neighbouring step, as apps on a slightly wrong clock need anyway.
    settings.MFA_TOTP_TOLERANCE = 1


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now (RFC 6238, with allauth's own HOTP helper)."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def staff_with(django_user_model, *codenames, name="registrar"):
    return builders.staff_with(django_user_model, *codenames, name=name, email=f"{name}@city.example")


@pytest.fixture
def registrar(django_user_model):
    return staff_with(django_user_model, "view_censusimport", "add_censusimport", "add_codebatch", "view_codebatch")


def with_totp(user, secret=SECRET):
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(user, secret)
    return user


def pass_second_factor(client, user, secret=SECRET, next_url=REGISTER):
    """Wagtail's login (no second factor), then the site's "second factor" page: it leads to
    allauth's code page, which comes back to ``next_url``."""
    client.force_login(user)
    to_code = client.get(reverse("staff_second_factor"), {"next": next_url})
    assert to_code.status_code == 302 and urlsplit(to_code.url).path == reverse("mfa_reauthenticate")
    answer = client.post(to_code.url, {"code": totp_code(secret)})
    assert answer.status_code == 302 and answer.url == next_url, getattr(answer, "context", None)
    return answer


def explanation_redirect(response, next_url):
    assert response.status_code == 302
    target = urlsplit(response.url)
    assert target.path == reverse(EXPLANATION_URL_NAME)
    assert parse_qs(target.query)["next"] == [next_url]
    return True


@pytest.mark.django_db
def test_without_a_second_factor_the_register_and_codes_are_closed(client, registrar):
    client.force_login(registrar)
    assert explanation_redirect(client.get(REGISTER), REGISTER)
    assert explanation_redirect(
        client.get(reverse("participation_verification_report:index")), "/admin/participation/verified/"
    )
    # The explanation says why and links to the site's page that sets it up, with the way back.
    explanation = client.get(reverse(EXPLANATION_URL_NAME), {"next": REGISTER})
    html = explanation.content.decode()
    assert explanation.status_code == 200
    assert "These pages open only after you log in with a second factor" in html
    setup = reverse("staff_second_factor") + "?next=%2Fadmin%2Fparticipation%2Fcensus%2F"
    assert f'href="{setup}"' in html


@pytest.mark.django_db
def test_posts_are_refused_on_the_server(client, registrar):
    client.force_login(registrar)
    response = client.post(CODES, {"name": "Letters", "size": "3"})
    assert response.status_code == 403
    assert "These pages open only after you log in with a second factor" in response.content.decode()
    assert not CodeBatch.objects.exists()
    assert client.post(reverse("participation_census:add"), {"name": "Extract"}).status_code == 403
    assert not CensusImport.objects.exists()


@pytest.mark.django_db
def test_after_the_totp_code_the_register_opens(client, registrar):
    with_totp(registrar)
    pass_second_factor(client, registrar)
    assert client.get(REGISTER).status_code == 200
    assert client.get(reverse("participation_verification_report:index")).status_code == 200
    response = client.post(CODES, {"name": "Letters", "size": "3"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert CodeBatch.objects.get().size == 3


@pytest.mark.django_db
def test_a_wrong_code_does_not_open_it(client, registrar):
    with_totp(registrar)
    client.force_login(registrar)
    wrong = "000000" if totp_code(SECRET) != "000000" else "111111"
    answer = client.post(reverse("mfa_reauthenticate") + f"?next={REGISTER}", {"code": wrong})
    assert answer.status_code == 200  # the form again, with its error
    assert explanation_redirect(client.get(REGISTER), REGISTER)


@pytest.mark.django_db
def test_a_password_login_through_allauth_alone_does_not_count(client, registrar):
    """allauth records the password step too: only an "mfa" record opens the register."""
    from allauth.account.internal.flows.login import record_authentication
    from django.test import RequestFactory

    client.force_login(registrar)
    request = RequestFactory().get("/")
    request.session = client.session
    record_authentication(request, registrar, "password")
    request.session.save()
    assert explanation_redirect(client.get(REGISTER), REGISTER)


@pytest.fixture
def finished_export(home, now):
    board = make_board(home, now=now)
    export = IdeaExport.objects.create(record=board.participation_record, status=IdeaExport.DONE, progress=100)
    export.file.save("ideas-test.xlsx", ContentFile(b"personal data"))
    return export


@pytest.mark.django_db
def test_personal_data_exports_need_the_second_factor(client, django_user_model, finished_export):
    moderator = with_totp(staff_with(django_user_model, "view_idea", name="moderator"))
    download = reverse("participation_idea_boards:download", args=(finished_export.pk,))
    record = finished_export.record
    client.force_login(moderator)
    assert explanation_redirect(client.get(download), download)
    csv_url = reverse("participation_idea_boards:csv", args=(record.pk,))
    assert explanation_redirect(client.get(csv_url), csv_url)
    prepare = client.post(reverse("participation_idea_boards:xlsx", args=(record.pk,)))
    assert prepare.status_code == 403 and IdeaExport.objects.count() == 1

    pass_second_factor(client, moderator, next_url=download)
    response = client.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"personal data"


@pytest.mark.django_db
def test_the_whole_admin_asks_it_of_staff_with_sensitive_permissions(client, registrar):
    client.force_login(registrar)
    assert explanation_redirect(client.get("/admin/"), "/admin/")
    assert explanation_redirect(client.get(reverse("wagtailadmin_explore_root")), "/admin/pages/")
    # The icons and script translations of the explanation page, and logging out, stay open.
    assert client.get(reverse("wagtailadmin_sprite")).status_code == 200
    assert client.get(reverse("wagtailadmin_javascript_catalog")).status_code == 200
    assert client.post(reverse("wagtailadmin_logout")).status_code == 302


@pytest.mark.django_db
def test_staff_without_sensitive_permissions_are_not_bothered(client, django_user_model):
    editor = staff_with(django_user_model, "view_methodrecord", name="editor")
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("participation_methods:index")).status_code == 200
    assert client.get(reverse("participation_methods:index_results")).status_code == 200


@pytest.mark.django_db
def test_a_superuser_needs_it_too(client, django_user_model):
    admin = django_user_model.objects.create_superuser("boss", "boss@city.example", "pw")
    client.force_login(admin)
    assert explanation_redirect(client.get("/admin/"), "/admin/")


@pytest.mark.django_db
def test_enrolment_sets_up_the_app_then_the_code_opens_the_admin(client, registrar):
    """The first visit: password again, the QR code page inside the site's layout, a code from the
    new app, the recovery codes; back in the admin, a code opens it."""
    client.force_login(registrar)
    to_setup = client.get(reverse("staff_second_factor"), {"next": REGISTER})
    assert to_setup.status_code == 302 and to_setup.url == reverse("mfa_activate_totp")
    reauthenticate = client.get(to_setup.url)
    assert reauthenticate.status_code == 302 and urlsplit(reauthenticate.url).path == reverse("account_reauthenticate")
    assert client.post(reauthenticate.url, {"password": "pw"}).status_code == 302

    page = client.get(reverse("mfa_activate_totp"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "data:image/svg+xml;base64," in html  # the QR code
    assert 'class="wp-container wp-account-page"' in html  # inside the site's own page
    secret = client.session["mfa.totp.secret"]
    activated = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert activated.status_code == 302 and activated.url == reverse("mfa_view_recovery_codes")
    codes_page = client.get(activated.url).content.decode()
    assert f'href="{reverse("wagtailadmin_home")}"' in codes_page  # "Back to the admin"

    # Setting up is not logging in with it: the code page comes next.
    assert explanation_redirect(client.get(REGISTER), REGISTER)
    cache_reset_for_the_next_code()
    pass_second_factor(client, registrar, secret=secret)
    assert client.get(REGISTER).status_code == 200


def cache_reset_for_the_next_code():
    """allauth refuses a code used twice within its period (replay); the enrolment code and the
    login code of this test are the same 30-second code."""
    from django.core.cache import cache

    cache.clear()


@pytest.mark.django_db
def test_a_login_through_allauth_with_the_code_opens_the_register(client, registrar):
    """Staff who log in on the site's login page (e-mail, password, then the code) need nothing more."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=registrar, email=registrar.email, verified=True, primary=True)
    with_totp(registrar)
    login = client.post(reverse("account_login"), {"login": registrar.email, "password": "pw"})
    assert login.status_code == 302 and login.url == reverse("mfa_authenticate")
    assert client.post(login.url, {"code": totp_code(SECRET)}).status_code == 302
    assert client.get(REGISTER).status_code == 200


# -- system check W044 --------------------------------------------------------------------------------


def second_factor_problems(settings, debug=False, **configured):
    settings.DEBUG = debug
    for name in ("WAGTAILPARTICIPATION_STAFF_SECOND_FACTOR",):
        if hasattr(settings, name):
            delattr(settings, name)
    for name, value in configured.items():
        setattr(settings, f"WAGTAILPARTICIPATION_{name}", value)
    return {
        message.id
        for message in run_checks(include_deployment_checks=False)
        if message.id in {"wagtail_participation.W044", "wagtail_participation.E044"}
    }


def test_check_warns_in_production_when_no_second_factor_is_configured(settings):
    assert second_factor_problems(settings) == {"wagtail_participation.W044"}


def test_check_warns_in_production_when_a_password_is_enough(settings):
    found = second_factor_problems(
        settings, STAFF_SECOND_FACTOR="wagtail_participation.staff_second_factor.password_is_enough"
    )
    assert found == {"wagtail_participation.W044"}


def test_check_is_silent_with_a_real_check_or_while_debugging(settings):
    assert second_factor_problems(settings, STAFF_SECOND_FACTOR="home.accounts.session_used_second_factor") == set()
    assert second_factor_problems(settings, debug=True) == set()
