"""Security headers (docs/deployment.md, "Security headers"): a strict nonce-based
Content-Security-Policy on every public page of the demo city, the looser one under /admin/, the
other headers, and ``{% participation_head %}`` with and without django-csp.

The browser half (no ``securitypolicyviolation`` on any crawled page, voting and the budget booth
included) is in tests/core/test_accessibility.py."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from tests.core.test_accessibility import EXTRA_URLS, SITEMAP_NS
from wagtail_participation import content_security
from wagtail_participation.templatetags.participation_tags import length_class, percent_class

CSP = "Content-Security-Policy"
# Inline <script> types a browser never runs (data blocks, e.g. allauth's JSON): no CSP applies.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "text/template"}


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


class InlineCode(HTMLParser):
    """Inline <script>/<style> tags (with their nonce) and every style= or on…= attribute of a page."""

    def __init__(self):
        super().__init__()
        self.inline_tags: list[tuple[str, str | None]] = []  # (tag, nonce)
        self.attributes: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in attrs:
            if name == "style" or name.startswith("on"):
                self.attributes.append(f"<{tag} {name}={attrs[name]!r}>")
        if tag == "style" or (tag == "script" and not attrs.get("src") and attrs.get("type") not in DATA_SCRIPT_TYPES):
            self.inline_tags.append((tag, attrs.get("nonce")))


def inline_code(html: str) -> InlineCode:
    parser = InlineCode()
    parser.feed(html)
    return parser


def demo_paths(client) -> list[str]:
    """The accessibility crawl's pages: the sitemap's and its EXTRA_URLS."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = ET.fromstring(b"".join(response.streaming_content) if response.streaming else response.content)
    from_sitemap = [urlsplit(loc.text.strip()).path for loc in tree.iterfind("sm:url/sm:loc", SITEMAP_NS)]
    return list(dict.fromkeys(from_sitemap + EXTRA_URLS))


def test_every_public_demo_page_sends_a_strict_policy_whose_nonce_every_inline_tag_carries(demo_city, client):
    problems, nonces = [], set()
    paths = demo_paths(client)
    assert len(paths) > 60, paths  # the whole crawl, not a handful
    for path in paths:
        response = client.get(path)
        if response.status_code != 200:
            problems.append(f"{path}: HTTP {response.status_code}")
            continue
        policy = directives(response.get(CSP, ""))
        nonce_sources = [s for s in policy.get("script-src", []) if s.startswith("'nonce-")]
        if len(nonce_sources) != 1:
            problems.append(f"{path}: script-src has no single nonce: {response.get(CSP)!r}")
            continue
        nonce = nonce_sources[0][len("'nonce-") : -1]
        nonces.add(nonce)
        for name in ("script-src", "style-src"):
            if policy.get(name) != ["'self'", f"'nonce-{nonce}'"]:
                problems.append(f"{path}: {name} is {policy.get(name)}")
        found = inline_code(response.content.decode())
        problems += [f"{path}: <{tag}> with nonce {got!r}" for tag, got in found.inline_tags if got != nonce]
        problems += [f"{path}: inline attribute {attribute}" for attribute in found.attributes]
        if not found.inline_tags:
            problems.append(f"{path}: no inline <style> from {{% participation_head %}}")
    assert not problems, "\n".join(problems)
    assert len(nonces) == len(paths) - sum(1 for p in problems if "HTTP" in p)  # a fresh nonce per response


def test_the_public_policy_and_the_other_headers(demo_city, client):
    response = client.get("/en/participate/")
    policy = directives(response[CSP])
    assert policy["default-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert not {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'"} & {s for v in policy.values() for s in v}
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"] and "microphone=()" in response["Permissions-Policy"]


def test_routed_views_outside_the_page_tree_get_the_strict_policy(demo_city, client):
    response = client.get("/en/participation/verify/")
    assert directives(response[CSP])["script-src"][0] == "'self'"
    assert "'unsafe-inline'" not in response[CSP]


def test_the_admin_gets_the_looser_policy_without_a_nonce(staff_client):
    for path in ("/admin/", "/admin/pages/"):
        response = staff_client.get(path)
        assert response.status_code == 200, path
        policy = directives(response[CSP])
        assert policy["script-src"] == ["'self'", "'unsafe-inline'"], path
        assert policy["style-src"] == ["'self'", "'unsafe-inline'"], path
        assert "blob:" in policy["img-src"], path
        assert "nonce" not in response[CSP]  # a nonce would make browsers ignore 'unsafe-inline'
        # the rest of the strict policy still holds
        assert policy["frame-ancestors"] == ["'self'"] and policy["object-src"] == ["'none'"], path
        assert "'unsafe-eval'" not in response[CSP]


def test_the_admin_login_page_gets_the_admin_policy(client, db):
    response = client.get("/admin/login/")
    assert directives(response[CSP])["script-src"] == ["'self'", "'unsafe-inline'"]


def test_a_site_sets_its_own_admin_directives_and_prefixes(staff_client, settings, home):
    settings.WAGTAILPARTICIPATION_ADMIN_CSP_DIRECTIVES = {"style-src": ["'self'", "'unsafe-inline'"]}
    response = staff_client.get("/admin/")
    policy = directives(response[CSP])
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert "'unsafe-inline'" not in policy["script-src"]  # only what the site listed was loosened
    settings.WAGTAILPARTICIPATION_ADMIN_CSP_PATHS = ["/en/participation/"]
    assert "'unsafe-inline'" not in staff_client.get("/admin/")[CSP]  # /admin/ is no longer listed
    assert "'unsafe-inline'" in directives(staff_client.get("/en/participation/verify/")[CSP])["style-src"]
    assert content_security.is_admin_path("/en/participation/me/")
    assert not content_security.is_admin_path("/admin/")


def test_admin_prefixes_come_from_the_urlconf(db):
    assert content_security.admin_path_prefixes() == ("/admin/",)
    assert content_security.is_admin_path("/admin/pages/3/edit/")
    assert not content_security.is_admin_path("/en/administration/")


HEAD = Template("{% load participation_tags %}{% participation_head %}")


def test_participation_head_carries_the_nonce_when_the_request_has_one(home):
    request = RequestFactory().get("/")
    request.csp_nonce = "n0nce+/="
    html = HEAD.render(Context({"request": request}))
    assert '<style nonce="n0nce+/=">' in html
    assert inline_code(html).inline_tags == [("style", "n0nce+/=")]


def test_participation_head_works_without_django_csp(home):
    """A site without a CSP package: no csp_nonce on the request, no nonce attribute, same colours."""
    request = RequestFactory().get("/")
    assert not hasattr(request, "csp_nonce")
    html = HEAD.render(Context({"request": request}))
    assert "<style>:root { --wp-primary: #0b5394; --wp-accent: #e69f00; }" in html
    assert "nonce" not in html
    assert ".wp-status--accepted { --wp-status: #1b6b2f; }" in html


def test_a_site_without_the_csp_middleware_renders_its_pages(demo_city, client, settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "CSPMiddleware" not in m]
    response = client.get("/en/participate/safe-routes-to-school/unsafe-spots/")
    assert response.status_code == 200
    assert CSP not in response
    assert inline_code(response.content.decode()).inline_tags == [("style", None)]


def test_status_label_colours_come_from_the_head_not_from_style_attributes(demo_city, client, locales):
    from wagtail_participation.models import StatusStyle

    StatusStyle.objects.create(code="accepted", label="Approved", colour="#0a4d2a", locale=locales["en"])
    response = client.get("/en/participate/safe-routes-to-school/unsafe-spots/")
    html = response.content.decode()
    assert ".wp-status--accepted { --wp-status: #0a4d2a; }" in html
    assert re.search(r'class="wp-status wp-status--(proposed|viewed|under_consideration|accepted)"', html)
    assert "--wp-status:" not in html.split("</head>", 1)[1]


def test_a_colour_saved_without_validation_never_reaches_the_style_block(home):
    from wagtail.models import Site

    from wagtail_participation.models import ParticipationSettings

    site = Site.objects.get(is_default_site=True)
    city = ParticipationSettings.for_site(site)
    # the field holds 7 characters (PostgreSQL enforces it): enough to close the style element
    city.primary_colour = "</style"
    city.save()
    request = RequestFactory().get("/", HTTP_HOST=site.hostname)
    html = HEAD.render(Context({"request": request}))
    assert html.count("</style") == html.count("<style")
    assert "--wp-primary: #0b5394;" in html


@pytest.mark.parametrize(
    ("share", "expected"),
    [
        (0, "wp-len-0"),
        (0.374, "wp-len-37"),
        (0.995, "wp-len-100"),
        (1.7, "wp-len-100"),
        (-0.2, "wp-len-0"),
        ("x", "wp-len-0"),
    ],
)
def test_length_class_rounds_to_hundredths_within_the_bar(share, expected):
    assert length_class(share) == expected


def test_percent_class_takes_percentages():
    assert percent_class(42) == "wp-len-42"
    assert percent_class("250") == "wp-len-100"  # a basket over the budget fills the meter
    assert percent_class(None) == "wp-len-0"


def test_every_length_class_exists_in_the_stylesheet():
    from pathlib import Path

    import wagtail_participation

    css = (Path(wagtail_participation.__file__).parent / "static/wagtail_participation/css/charts.css").read_text()
    for hundredths in range(101):
        assert f".wp-len-{hundredths} {{ --wp-len: " in css, hundredths
