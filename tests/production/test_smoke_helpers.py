"""The smoke pass's own judgement (tests/production/smoke.py, stack.py): which log lines are
errors, which links it follows, how GET forms become URLs. The pass itself runs in `make smoke`."""

from types import SimpleNamespace

from tests.production.smoke import PageParser, form_urls, local_path, shape, totp_code
from tests.production.stack import ERROR_LINE

STACK = SimpleNamespace(port=8123)


def test_error_lines_of_every_process_are_recognised():
    errors = [
        "2026-12-04 17:08:49,936 level=ERROR logger=django.request pid=1 Internal Server Error: /en/",
        "2026-12-04 17:08:49,936 level=CRITICAL logger=x pid=1 boom",
        "[2026-12-04 16:08:47 +0000] [14708] [ERROR] Exception in worker process",
        "Traceback (most recent call last):",
        "django.db.utils.OperationalError: connection refused",
    ]
    quiet = [
        "2026-12-04 17:08:49,936 level=INFO logger=django_tasks pid=1 Task id=1 path=x state=SUCCESSFUL",
        "2026-12-04 17:08:49,936 level=WARNING logger=django.request pid=1 Not Found: /en/errors/",
        'method=GET path="/en/error-reporting/" status=200 bytes=1 ms=2',
        "[2026-12-04 16:08:47 +0000] [14708] [INFO] Booting worker with pid: 14717",
    ]
    assert [line for line in errors if ERROR_LINE.search(line)] == errors
    assert [line for line in quiet if ERROR_LINE.search(line)] == []


def test_only_links_to_this_site_are_followed():
    assert local_path(STACK, "https://127.0.0.1:8123/en/?page=2") == "/en/?page=2"
    assert local_path(STACK, "/nl/") == "/nl/"
    assert local_path(STACK, "https://example.org/en/") == ""
    assert local_path(STACK, "mailto:city@example.org") == ""


def test_filters_share_a_shape_so_they_cannot_multiply():
    assert shape("/en/board/?topic=a") == shape("/en/board/?topic=b") == ("/en/board/", ("topic",))
    assert shape("/en/board/?topic=a&page=2") != shape("/en/board/?topic=a")


def test_each_option_of_a_get_form_becomes_a_url_and_post_forms_none():
    parser = PageParser()
    parser.feed(
        '<form method="get" action=""><select name="topic"><option value="">All</option>'
        '<option value="mobility">M</option><option value="green">G</option></select>'
        '<input type="search" name="q"></form>'
        '<form method="post" action="vote/"><select name="value"><option value="up">Up</option></select>'
        '<button name="value" value="up">Support</button></form>'
    )
    assert form_urls("/en/board/", parser.forms) == [
        "/en/board/?topic=mobility",
        "/en/board/?topic=green",
        "/en/board/?q=school",
    ]
    assert parser.forms[1]["buttons"] == [("value", "up")]


def test_the_smoke_pass_computes_the_same_totp_code_as_allauth():
    """The pass signs the demo admin in with a code of its own making (standard library only):
    it must be the code allauth accepts."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    for moment in (0, 59, 1_733_300_000, 2_000_000_017):
        assert totp_code(secret, at=moment) == format_hotp_value(hotp_value(secret, moment // 30))
