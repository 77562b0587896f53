"""The production smoke pass (`make smoke`, CI's "smoke" group; docs/deployment.md, "Smoke pass").

The example site runs as in production (tests/production/stack.py: gunicorn with 2 workers, the
django-tasks-db worker, PostgreSQL, Redis, DEBUG off, whitenoise) with the demo city seeded, and
this script, acting as the TLS proxy (X-Forwarded-Proto: https from 127.0.0.1), checks that:

- plain HTTP is redirected to https, the health check answers on both;
- every sitemap URL (every language) answers 200, and so does every same-site link on those pages
  (projects, idea and proposal pages, results, login, sign-up, verification), every option of
  every GET form (the idea board's filters and sorts, searches) and every static file they load
  (whitenoise's hashed names, cached for a year);
- the session and CSRF cookies are Secure; a demo resident logs in, opens "My participation",
  downloads their data (JSON) and votes through the JSON endpoint with the CSRF token;
- staff log in to the admin, give the second factor (a code from the demo admin's authenticator,
  TOTP) and answer that idea in its answer form; the answer, queued as a
  task, is mailed by the worker: the message file appears with the right recipient and subject;
- gunicorn's and the worker's logs hold no error, traceback or 5xx.

Any unexpected status or error fails the pass (exit 1) and prints what failed. Stage times go to
stdout; the pass should take well under 4 minutes. Standard library only (and the stack's psycopg
and redis).
"""

from __future__ import annotations

import argparse
import base64
import email
import email.policy
import hashlib
import hmac
import http.cookiejar
import json
import re
import struct
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

if __package__ in (None, ""):  # run as a script: `python tests/production/smoke.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.production.stack import HEALTH_PATH, Stack, StackConfig, running_stack  # noqa: E402

DEMO_RESIDENT = "verified@lindenhoven.example"
DEMO_ADMIN = "admin"
DEMO_PASSWORD = "participation-demo"
# The demo admin's authenticator app, for the smoke pass only (a fresh database every run).
DEMO_ADMIN_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
ACTIVATE_DEMO_ADMIN_TOTP = f"""
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
admin = get_user_model().objects.get(username="{DEMO_ADMIN}")
if not Authenticator.objects.filter(user=admin, type=Authenticator.Type.TOTP).exists():
    TOTP.activate(admin, "{DEMO_ADMIN_TOTP_SECRET}")
"""
# Same-site links the crawl does not follow: the admin (staff only, its own tests), logging out,
# and downloads that need a staff login.
SKIPPED_PREFIXES = ("/admin/", "/django-admin/")
SKIPPED_PARTS = ("/logout/", "/accounts/logout")
MAX_URLS = 1500
MAX_DEPTH = 2  # sitemap pages, what they link to, what those link to
PER_SHAPE = 2  # URLs of one path with the same query parameter names (filters, sorts, "next")
PARALLEL = 4  # requests at a time: gunicorn's 2 workers x 2 threads
MAX_FORM_OPTIONS = 12  # per select of a GET form
HASHED_NAME = re.compile(r"\.[0-9a-f]{12}\.\w+$")
MAIL_TIMEOUT = 60.0


class SmokeFailure(AssertionError):
    """What the pass found wrong."""


# -- HTTP, as the TLS proxy sends it -------------------------------------------------------------


class ProxyCookiePolicy(http.cookiejar.DefaultCookiePolicy):
    """Our requests reach gunicorn over plain HTTP on loopback, but the resident's browser spoke
    https to the proxy: Secure cookies go back, as the browser would send them."""

    def return_ok_secure(self, cookie, request):
        return True


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 3xx comes back as the answer: the pass checks where it points


@dataclass
class Answer:
    status: int
    headers: object
    body: bytes
    path: str

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "")


class Client:
    """One visitor with a cookie jar, behind the proxy."""

    def __init__(self, stack: Stack):
        self.stack = stack
        self.jar = http.cookiejar.CookieJar(policy=ProxyCookiePolicy())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirects())
        self.requests = 0

    def request(self, path: str, *, data: dict | None = None, headers: dict | None = None, proxy=True) -> Answer:
        path = local_path(self.stack, path)
        all_headers = {**(self.stack.proxy_headers if proxy else {}), **(headers or {})}
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.stack.url(path), data=body, headers=all_headers)
        self.requests += 1
        try:
            with self.opener.open(request, timeout=30) as response:
                return Answer(response.status, response.headers, response.read(), path)
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.headers, error.read(), path)

    def cookie(self, name: str) -> http.cookiejar.Cookie | None:
        return next((cookie for cookie in self.jar if cookie.name == name), None)

    def csrf_post(self, path: str, page: str, data: dict, headers: dict | None = None) -> Answer:
        """POST with the CSRF token, and the Referer an https page of this site would send."""
        token = self.cookie("csrftoken")
        if token is None:
            raise SmokeFailure(f"no csrftoken cookie before POST {path}")
        referer = f"https://127.0.0.1:{self.stack.port}{local_path(self.stack, page)}"
        return self.request(
            path,
            data={**data, "csrfmiddlewaretoken": token.value},
            headers={"Referer": referer, "X-CSRFToken": token.value, **(headers or {})},
        )


def local_path(stack: Stack, link: str) -> str:
    """A link as a path on this site, or "" when it points elsewhere."""
    parts = urllib.parse.urlsplit(link)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return ""
    if parts.netloc and parts.netloc not in (f"127.0.0.1:{stack.port}", f"localhost:{stack.port}"):
        return ""
    path = parts.path or "/"
    return path + (f"?{parts.query}" if parts.query else "")


# -- reading pages --------------------------------------------------------------------------------


class PageParser(HTMLParser):
    """Links, static assets and GET forms (with their selects' options) of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.assets: list[str] = []
        self.forms: list[dict] = []
        self.headings: list[str] = []  # the text of each <h1>
        self._select: str | None = None
        self._in_h1 = False

    def handle_data(self, data):
        if self._in_h1:
            self.headings[-1] += data

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h1":
            self._in_h1 = True
            self.headings.append("")
        elif tag == "a" and attrs.get("href") and not attrs["href"].startswith("#"):
            self.links.append(attrs["href"])
        elif tag in ("script", "img") and attrs.get("src"):
            self.assets.append(attrs["src"])
        elif tag == "link" and attrs.get("href") and attrs.get("rel") in ("stylesheet", "icon", "preload"):
            self.assets.append(attrs["href"])
        elif tag == "form":
            method = (attrs.get("method") or "get").lower()
            self.forms.append(
                {"method": method, "action": attrs.get("action") or "", "selects": {}, "texts": [], "buttons": []}
            )
        elif self.forms and tag == "button" and attrs.get("name"):
            self.forms[-1]["buttons"].append((attrs["name"], attrs.get("value", "")))
        elif self.forms and tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
            self.forms[-1]["selects"].setdefault(self._select, [])
        elif self.forms and tag == "option" and self._select is not None:
            self.forms[-1]["selects"][self._select].append(attrs.get("value", ""))
        elif self.forms and tag == "input" and attrs.get("name"):
            if attrs.get("type", "text") in ("text", "search"):
                self.forms[-1]["texts"].append(attrs["name"])
            elif attrs.get("type") == "radio":
                self.forms[-1]["selects"].setdefault(attrs["name"], []).append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "h1":
            self._in_h1 = False


def form_urls(page_path: str, forms: Iterable[dict]) -> list[str]:
    """One URL per option of every GET form (one parameter at a time), and a search per text field."""
    urls = []
    for form in forms:
        if form["method"] != "get":
            continue
        action = urllib.parse.urljoin(page_path, form["action"] or page_path).split("?")[0]
        for name, values in form["selects"].items():
            urls += [f"{action}?{urllib.parse.urlencode({name: v})}" for v in values[:MAX_FORM_OPTIONS] if v]
        urls += [f"{action}?{urllib.parse.urlencode({name: 'school'})}" for name in form["texts"]]
    return urls


# -- the stages -----------------------------------------------------------------------------------


def check_https(stack: Stack, client: Client) -> None:
    plain = client.request("/en/", proxy=False)
    expected = f"https://127.0.0.1:{stack.port}/en/"
    if plain.status != 301 or plain.headers.get("Location") != expected:
        raise SmokeFailure(
            f"plain HTTP /en/: {plain.status} to {plain.headers.get('Location')}, expected 301 to {expected}"
        )
    for proxy in (False, True):
        health = client.request(HEALTH_PATH, proxy=proxy)
        if health.status != 200 or json.loads(health.body)["status"] != "ok":
            raise SmokeFailure(f"{HEALTH_PATH} (proxy={proxy}): {health.status} {health.text[:200]}")
        if "no-store" not in health.headers.get("Cache-Control", ""):
            raise SmokeFailure(f"{HEALTH_PATH} may be cached: {health.headers.get('Cache-Control')}")


def sitemap_paths(stack: Stack, client: Client) -> list[str]:
    answer = client.request("/sitemap.xml")
    if answer.status != 200:
        raise SmokeFailure(f"/sitemap.xml: {answer.status}")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text.strip() for loc in ET.fromstring(answer.body).iterfind("s:url/s:loc", namespace)]
    paths = [local_path(stack, location) for location in locations]
    if len(paths) < 20 or any(not path for path in paths):
        raise SmokeFailure(f"the sitemap lists {len(paths)} URLs, some elsewhere: {locations[:5]}")
    languages = {path.split("/")[1] for path in paths}
    if not {"en", "nl", "fr", "de"} <= languages:
        raise SmokeFailure(f"the sitemap lacks a language: {sorted(languages)}")
    return paths


def shape(path: str) -> tuple[str, tuple[str, ...]]:
    """A URL's path and the names of its query parameters: ``?topic=a`` and ``?topic=b`` share one."""
    parts = urllib.parse.urlsplit(path)
    return parts.path, tuple(sorted(urllib.parse.parse_qs(parts.query, keep_blank_values=True)))


def crawl(stack: Stack, client: Client, start: list[str], problems: list[str]) -> tuple[dict[str, int], set[str]]:
    """GET the start paths, then, level by level down to MAX_DEPTH, the same-site links, GET form
    options and static files they name, each once, PARALLEL at a time. A page reached with a query
    string (a filter, a sort, a "next") is checked but not followed, and at most PER_SHAPE URLs of
    one path and parameter names are asked for, so filters and pagination cannot multiply.
    Returns the counts and every path it asked for."""
    seen: set[str] = set()
    per_shape: dict[tuple, int] = {}
    counts = {"pages": 0, "assets": 0, "redirects": 0}

    def admit(path: str, level: list[str]) -> None:
        if not path or path in seen or path.startswith(SKIPPED_PREFIXES) or any(p in path for p in SKIPPED_PARTS):
            return
        key = shape(path)
        if key[1] and not path.startswith("/static/"):
            if per_shape.get(key, 0) >= PER_SHAPE:
                return
            per_shape[key] = per_shape.get(key, 0) + 1
        seen.add(path)
        level.append(path)

    level: list[str] = []
    for path in start:
        admit(path, level)
    depth = 0
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        while level:
            if len(seen) > MAX_URLS:
                problems.append(f"the crawl passed {MAX_URLS} URLs: raise MAX_URLS or skip a family of links")
                break
            following: list[str] = []
            for path, answer in zip(level, pool.map(client.request, level), strict=True):
                if path.startswith("/static/"):
                    counts["assets"] += 1
                    if answer.status != 200:
                        problems.append(f"{answer.status} {path}")
                    elif HASHED_NAME.search(path) and "immutable" not in answer.headers.get("Cache-Control", ""):
                        problems.append(f"hashed static file not cached for long: {path}")
                    continue
                if answer.status in (301, 302, 303):
                    counts["redirects"] += 1
                    target = local_path(stack, answer.headers.get("Location", ""))
                    if not target:
                        problems.append(f"{answer.status} {path} leaves the site: {answer.headers.get('Location')}")
                    admit(target, following)
                    continue
                if answer.status != 200:
                    problems.append(f"{answer.status} {path}")
                    continue
                counts["pages"] += 1
                if "text/html" not in answer.content_type:
                    continue
                parser = PageParser()
                parser.feed(answer.text)
                for asset in parser.assets:
                    asset_path = local_path(stack, urllib.parse.urljoin(path, asset))
                    if asset_path.startswith("/static/"):
                        admit(asset_path, following)
                if depth < MAX_DEPTH and "?" not in path:
                    for link in [*parser.links, *form_urls(path, parser.forms)]:
                        admit(local_path(stack, urllib.parse.urljoin(path, link)), following)
            level = following
            depth += 1
    return counts, seen


def check_cookies(client: Client, names: Iterable[str]) -> None:
    for name in names:
        cookie = client.cookie(name)
        if cookie is None:
            raise SmokeFailure(f"no {name} cookie was set")
        if not cookie.secure:
            raise SmokeFailure(f"the {name} cookie is not Secure")


def log_in(client: Client) -> None:
    login = "/en/accounts/login/"
    page = client.request(login)
    if page.status != 200:
        raise SmokeFailure(f"{login}: {page.status}")
    answer = client.csrf_post(login, login, {"login": DEMO_RESIDENT, "password": DEMO_PASSWORD})
    if answer.status != 302:
        raise SmokeFailure(f"logging in as {DEMO_RESIDENT}: {answer.status}, expected a redirect")
    check_cookies(client, ["csrftoken", "sessionid"])


def my_participation(client: Client) -> None:
    page = client.request("/en/participation/me/")
    if page.status != 200 or DEMO_RESIDENT not in page.text:
        raise SmokeFailure(f"/en/participation/me/ for {DEMO_RESIDENT}: {page.status}")
    download = client.request("/en/participation/me/download/")
    if download.status != 200 or "json" not in download.content_type:
        raise SmokeFailure(f"/en/participation/me/download/: {download.status} {download.content_type}")
    json.loads(download.body)


def an_open_english_idea(client: Client, visited: Iterable[str]) -> tuple[int, str, str]:
    """An idea the crawl found on an English board open for votes (its page offers the visitor a
    "Support" button): (idea id, its page, the vote form's action)."""
    for path in sorted(visited):
        found = re.fullmatch(r"/en/.+/ideas/(\d+)/", path)
        if not found:
            continue
        page = client.request(path)
        parser = PageParser()
        parser.feed(page.text)
        votes = [
            form["action"]
            for form in parser.forms
            if form["method"] == "post" and form["action"].endswith("/vote/") and ("value", "up") in form["buttons"]
        ]
        if page.status == 200 and votes:
            return int(found[1]), path, local_path(client.stack, urllib.parse.urljoin(path, votes[0]))
    raise SmokeFailure("the crawl found no English idea open for votes")


def follow_and_vote(client: Client, idea_page: str, vote_action: str) -> str:
    """Follows the idea (its answer is then mailed) and votes through the JSON endpoint, as the
    board's script does: both POSTs carry the CSRF token over "https". Returns the idea's title."""
    page = client.request(idea_page)
    if page.status != 200:
        raise SmokeFailure(f"{idea_page} for {DEMO_RESIDENT}")
    parser = PageParser()
    parser.feed(page.text)
    title = " ".join(parser.headings[0].split()) if parser.headings else ""
    if not title:
        raise SmokeFailure(f"{idea_page} has no <h1> title")
    follow = client.csrf_post(idea_page + "follow/", idea_page, {"follow": "1"})
    if follow.status != 302:
        raise SmokeFailure(f"following {idea_page}: {follow.status} {follow.text[:300]}")
    vote = client.csrf_post(vote_action, idea_page, {"value": "up"}, headers={"X-Requested-With": "XMLHttpRequest"})
    if vote.status != 200 or "json" not in vote.content_type:
        raise SmokeFailure(f"JSON vote on {idea_page}: {vote.status} {vote.text[:300]}")
    result = json.loads(vote.body)
    if not result.get("ok") or result.get("my_vote") != 1:
        raise SmokeFailure(f"JSON vote on {idea_page} was not counted: {result}")
    return title


def totp_code(secret: str, at: float | None = None) -> str:
    """The code an authenticator app shows (RFC 6238: 30-second steps, 6 digits, SHA-1)."""
    counter = int(time.time() if at is None else at) // 30
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def pass_second_factor(stack: Stack, staff: Client, next_path: str) -> None:
    """Production asks staff who may see personal data for a code from their authenticator app
    before any admin page: the demo admin gets one (TOTP, a known secret), and the smoke pass goes
    the way staff go: the admin sends them to the explanation, the site's second-factor page to
    allauth's code form, which comes back to ``next_path``."""
    stack.manage("shell", "-c", ACTIVATE_DEMO_ADMIN_TOTP)
    asked = staff.request(next_path)
    if asked.status != 302 or "second-factor" not in asked.headers.get("Location", ""):
        raise SmokeFailure(
            f"{next_path} did not ask for the second factor: {asked.status} {asked.headers.get('Location')}"
        )
    # The site's second-factor page (in the visitor's language) sends staff on to allauth's code form.
    code_form = "/accounts/staff-second-factor/?" + urllib.parse.urlencode({"next": next_path})
    for _ in range(3):
        page = staff.request(code_form)
        if page.status != 302:
            break
        code_form = local_path(stack, page.headers.get("Location", ""))
    if page.status != 200 or 'name="code"' not in page.text:
        raise SmokeFailure(f"the second factor's code form {code_form}: {page.status}")
    answered = staff.csrf_post(code_form, code_form, {"code": totp_code(DEMO_ADMIN_TOTP_SECRET)})
    if answered.status != 302 or local_path(stack, answered.headers.get("Location", "")) != next_path:
        raise SmokeFailure(f"the TOTP code on {code_form}: {answered.status} {answered.headers.get('Location')}")


def answer_as_staff(stack: Stack, idea_id: int, problems: list[str]) -> None:
    """Staff log in to the admin and publish the city's answer to the idea in its answer form;
    the admin's own static files must come from whitenoise too."""
    staff = Client(stack)
    login = "/admin/login/"
    if staff.request(login).status != 200:
        raise SmokeFailure(f"{login} does not answer 200")
    logged_in = staff.csrf_post(login, login, {"username": DEMO_ADMIN, "password": DEMO_PASSWORD, "next": "/admin/"})
    if logged_in.status != 302:
        raise SmokeFailure(f"admin login as {DEMO_ADMIN}: {logged_in.status}")
    form_path = f"/admin/participation/ideas/answer/{idea_id}/"
    pass_second_factor(stack, staff, form_path)
    page = staff.request(form_path)
    if page.status != 200:
        raise SmokeFailure(f"{form_path}: {page.status}")
    parser = PageParser()
    parser.feed(page.text)
    for asset in {local_path(stack, urllib.parse.urljoin(form_path, a)) for a in parser.assets}:
        if asset.startswith("/static/") and (status := staff.request(asset).status) != 200:
            problems.append(f"{status} {asset} (the admin's)")
    departments = next((form["selects"].get("department") for form in parser.forms if form["method"] == "post"), None)
    department = next((value for value in departments or [] if value), None)
    if department is None:
        raise SmokeFailure(f"{form_path} offers no department to sign the answer")
    published = staff.csrf_post(
        form_path, form_path, {"department": department, "body": "Smoke pass: the city answers.", "new_status": ""}
    )
    if published.status != 302:
        raise SmokeFailure(f"publishing the answer on {form_path}: {published.status} {published.text[:300]}")


def answer_mail(stack: Stack, idea_id: int, title: str, problems: list[str]) -> str:
    """The answer is queued as a task; the worker must write the follower's e-mail."""
    before = set(stack.mail_dir.iterdir())
    answer_as_staff(stack, idea_id, problems)
    deadline = time.monotonic() + MAIL_TIMEOUT
    while time.monotonic() < deadline:
        for path in sorted(set(stack.mail_dir.iterdir()) - before):
            for raw in re.split(rb"\n-{79}\n", path.read_bytes()):
                if not raw.strip():
                    continue
                message = email.message_from_bytes(raw, policy=email.policy.default)
                if DEMO_RESIDENT in str(message["To"]):
                    if "The city answered" not in str(message["Subject"]) or title not in str(message["Subject"]):
                        raise SmokeFailure(f"answer mail subject {message['Subject']!r}, expected the title {title!r}")
                    return str(message["Subject"])
        time.sleep(0.25)
    found = [path.name for path in stack.mail_dir.iterdir()]
    raise SmokeFailure(f"no answer e-mail to {DEMO_RESIDENT} within {MAIL_TIMEOUT:.0f}s (mail files: {found})")


def server_errors(stack: Stack) -> list[str]:
    errors = stack.log_errors()
    access_5xx = [
        f"gunicorn: {line}"
        for line in stack.log_text("gunicorn").splitlines()
        if re.search(r"\bstatus=5\d\d\b", line) and "-/health/" not in line
    ]
    return errors + access_5xx


def run_stages(stack: Stack, stage, problems: list[str]) -> None:
    """Every check, in order; a SmokeFailure stops them, a crawl problem is collected."""
    client = Client(stack)
    began = time.perf_counter()
    check_https(stack, client)
    stage("https and health", began)

    began = time.perf_counter()
    paths = sitemap_paths(stack, client)
    extra = ["/en/participation/me/", "/en/participation/verify/", "/en/accounts/login/", "/en/accounts/signup/"]
    counts, visited = crawl(stack, client, [*paths, *extra], problems)
    check_cookies(client, ["csrftoken"])  # anonymous visitors get no session until they act
    stage("crawl (anonymous)", began)
    print(f"    {len(paths)} sitemap URLs; {counts} in {client.requests} requests", flush=True)

    began = time.perf_counter()
    resident = Client(stack)
    log_in(resident)
    my_participation(resident)
    idea_id, idea_page, vote_action = an_open_english_idea(resident, visited)
    title = follow_and_vote(resident, idea_page, vote_action)
    stage("resident: login, me, vote", began)

    began = time.perf_counter()
    subject = answer_mail(stack, idea_id, title, problems)
    stage("admin answer, mail via worker", began)
    print(f"    delivered: {subject!r} to {DEMO_RESIDENT}", flush=True)


def main(argv: list[str]) -> int:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    arguments.add_argument(
        "--reuse-db",
        metavar="NAME",
        help="while developing: seed PostgreSQL database NAME once, keep it, and reuse it on the next run "
        "(CI never passes this: it always starts from a fresh database)",
    )
    options = arguments.parse_args(argv)
    config = StackConfig(workers=2, threads=2)
    if options.reuse_db:
        config.database_name, config.fresh_database = options.reuse_db, False
    started = time.perf_counter()
    times: dict[str, float] = {}
    problems: list[str] = []

    def stage(name: str, began: float) -> None:
        times[name] = time.perf_counter() - began
        print(f"  {name:<32} {times[name]:6.1f}s", flush=True)

    print("smoke: starting the production stack (gunicorn x2, db_worker, PostgreSQL, Redis)", flush=True)
    with running_stack(config) as stack:
        for name, seconds in stack.stage_times.items():
            print(f"  {'stack ' + name:<32} {seconds:6.1f}s", flush=True)
        try:
            run_stages(stack, stage, problems)
        except SmokeFailure as failure:  # the logs below often say why
            problems.append(str(failure))
    errors = server_errors(stack)
    stop = stack.stage_times.get("stop", 0.0)
    print(f"  {'stack stop':<32} {stop:6.1f}s")
    total = time.perf_counter() - started
    print(f"smoke: {total:.1f}s in all (target: under 240s)")
    problems += [f"log: {line}" for line in errors]
    if problems:
        print(f"smoke: FAILED, {len(problems)} problem(s):", file=sys.stderr)
        for problem in problems[:100]:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print("smoke: OK")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except SmokeFailure as failure:
        print(f"smoke: FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
