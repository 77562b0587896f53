"""Citizens' accounts in the example site (django-allauth), through the Django test client.

Sign up with an e-mail address and a password, confirm the address from the e-mail, log in, log
out (POST only), reset the password; in the site's own templates, in the visitor's language, with
errors next to the fields. Every page has exactly one <h1> and the base template's <main>.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache

from home.accounts import email_is_confirmed

pytestmark = pytest.mark.django_db

PASSWORD = "linden-tree-2027"
LINK = re.compile(r"http://testserver(/\w\w/accounts/[^\s]+/)")


@pytest.fixture(autouse=True)
def site(home):
    """Wagtail's default site (the base template reads its settings); fresh rate-limit counters."""
    cache.clear()
    mail.outbox.clear()
    yield home
    cache.clear()


def page(response, status=200):
    """The response as text, after checking what every account page must have."""
    assert response.status_code == status, response
    html = response.content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1, html
    assert len(re.findall(r"<main[\s>]", html)) == 1, html
    assert 'class="wp-container wp-account-page"' in html and 'class="wp-section wp-prose"' in html
    return html


def labelled(html, field_id):
    """The input exists and a <label for=...> names it."""
    return f'id="{field_id}"' in html and f'<label for="{field_id}"' in html


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


def link_in(message):
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


def make_confirmed_user(email="resident@example.org", password=PASSWORD):
    from allauth.account.models import EmailAddress

    user = get_user_model().objects.create_user(username=email.split("@")[0], email=email, password=password)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def test_sign_up_confirm_log_in_and_log_out(client):
    html = page(client.get("/en/accounts/signup/"))
    assert "<title>Sign Up – " in html
    for field_id in ("id_email", "id_password1", "id_password2"):
        assert labelled(html, field_id), field_id
    assert 'class="wp-privacy-notice"' in html and "one person has one account" in html

    response = client.post(
        "/en/accounts/signup/", {"email": "Anna@Example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/en/accounts/confirm-email/"
    html = page(client.get(response["Location"]))
    assert "Verify Your Email Address" in html
    assert logged_in_user_id(client) is None, "no login before the address is confirmed"

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anna@example.org"]  # allauth stores addresses in lower case
    confirm_path = link_in(message)
    assert confirm_path.startswith("/en/accounts/confirm-email/")
    user = get_user_model().objects.get(email__iexact="anna@example.org")
    assert email_is_confirmed(user) is False

    # Logging in before confirming does not log in; it points at the confirmation e-mail again.
    response = client.post("/en/accounts/login/", {"login": "anna@example.org", "password": PASSWORD})
    assert logged_in_user_id(client) is None
    assert response.status_code == 302 and response["Location"] == "/en/accounts/confirm-email/"

    # Opening the link shows a confirmation button (mail scanners' GETs confirm nothing) ...
    html = page(client.get(confirm_path))
    assert 'method="post"' in html and "Confirm" in html
    assert email_is_confirmed(user) is False
    # ... pressing it confirms the address.
    response = client.post(confirm_path)
    assert response.status_code == 302
    assert email_is_confirmed(user) is True

    response = client.post("/en/accounts/login/", {"login": "anna@example.org", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/en/"
    assert logged_in_user_id(client) == str(user.pk)
    # The site's header (package base template) now offers a log-out button: a POST form.
    html = page(client.get("/en/accounts/email/"))
    assert "anna@example.org" in html and "Successfully signed in" in html  # allauth's message, shown once
    assert re.search(r'<form method="post" action="/en/accounts/logout/">', html)

    # GET only asks; it does not log out.
    html = page(client.get("/en/accounts/logout/"))
    assert "Are you sure you want to sign out?" in html and 'method="post"' in html
    assert logged_in_user_id(client) == str(user.pk)
    response = client.post("/en/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/en/"
    assert logged_in_user_id(client) is None


def test_login_page_is_labelled_and_wrong_password_is_explained(client):
    make_confirmed_user()
    html = page(client.get("/en/accounts/login/"))
    assert labelled(html, "id_login") and labelled(html, "id_password")
    assert "/en/accounts/password/reset/" in html, "the login page links to the password reset"

    html = page(client.post("/en/accounts/login/", {"login": "resident@example.org", "password": "wrong"}))
    assert 'role="alert"' in html and "not correct" in html
    assert 'value="resident@example.org"' in html, "the typed e-mail address is kept"
    assert logged_in_user_id(client) is None


def test_password_reset_by_e_mail(client):
    user = make_confirmed_user()
    html = page(client.get("/en/accounts/password/reset/"))
    assert labelled(html, "id_email")

    response = client.post("/en/accounts/password/reset/", {"email": "resident@example.org"})
    assert response.status_code == 302 and response["Location"] == "/en/accounts/password/reset/done/"
    page(client.get(response["Location"]))
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["resident@example.org"]
    reset_path = link_in(mail.outbox[0])
    assert reset_path.startswith("/en/accounts/password/reset/key/")

    # allauth moves the key into the session and redirects to a URL without it.
    response = client.get(reset_path)
    if response.status_code == 302:
        response = client.get(response["Location"])
    html = page(response)
    assert labelled(html, "id_password1") and labelled(html, "id_password2")
    form_action = re.search(r'<form method="post" action="([^"]+)"', html).group(1)
    response = client.post(form_action, {"password1": "a-new-linden-2028", "password2": "a-new-linden-2028"})
    assert response.status_code == 302 and response["Location"] == "/en/accounts/password/reset/key/done/"
    page(client.get(response["Location"]))

    user.refresh_from_db()
    assert user.check_password("a-new-linden-2028") and not user.check_password(PASSWORD)
    client.post("/en/accounts/login/", {"login": "resident@example.org", "password": "a-new-linden-2028"})
    assert logged_in_user_id(client) == str(user.pk)


def test_unknown_address_gets_no_reset_link(client):
    response = client.post("/en/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302 and response["Location"] == "/en/accounts/password/reset/done/"
    # The page does not tell whether an account exists; at most a mail to that address says so.
    assert all(m.to == ["nobody@example.org"] and "/password/reset/key/" not in m.body for m in mail.outbox)


def test_dutch_pages_use_allauths_catalog(client):
    html = page(client.get("/nl/accounts/login/"))
    assert '<html lang="nl"' in html
    assert "Aanmelden" in html  # "Sign In"
    html = page(client.get("/nl/accounts/signup/"))
    assert "Registreren" in html  # "Sign Up"
    html = page(
        client.post("/nl/accounts/signup/", {"email": "jan@example.org", "password1": PASSWORD, "password2": "x"})
    )
    assert "Je moet hetzelfde wachtwoord twee keer intoetsen." in html


def test_dutch_confirmation_link_stays_dutch(client):
    client.post("/nl/accounts/signup/", {"email": "jan@example.org", "password1": PASSWORD, "password2": PASSWORD})
    assert link_in(mail.outbox[0]).startswith("/nl/accounts/confirm-email/")
    assert mail.outbox[0].subject == "Test city: Bevestig je e-mailadres"


@pytest.mark.parametrize(
    "data, field, error",
    [
        (
            {"email": "kim@example.org", "password1": PASSWORD, "password2": PASSWORD + "!"},
            "id_password2",
            "You must type the same password each time.",
        ),
        (
            {"email": "kim@example", "password1": PASSWORD, "password2": PASSWORD},
            "id_email",
            "Enter a valid email address.",
        ),
    ],
)
def test_bad_sign_up_explains_and_keeps_the_email(client, data, field, error):
    html = page(client.post("/en/accounts/signup/", data))
    assert error in html
    assert f'value="{data["email"]}"' in html, "the typed e-mail address is kept"
    # The error sits next to its field and is linked to it; a summary at the top links to the field.
    error_list = re.search(rf'<ul class="errorlist" id="{field}_error">(.*?)</ul>', html, re.S)
    assert error_list and error in error_list.group(1)
    input_tag = re.search(rf'<input[^>]*id="{field}"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in input_tag and f"{field}_error" in input_tag
    assert 'role="alert"' in html and f'href="#{field}"' in html
    assert not mail.outbox and not get_user_model().objects.exists()


def test_signup_with_an_existing_address_is_refused(client):
    make_confirmed_user("taken@example.org")
    client.post("/en/accounts/signup/", {"email": "taken@example.org", "password1": PASSWORD, "password2": PASSWORD})
    assert get_user_model().objects.filter(email__iexact="taken@example.org").count() == 1
