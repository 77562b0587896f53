"""Load: the last evening before a vote closes.

The production stack on loopback, started by the shared launcher ``tests/production/stack.py``
(gunicorn with ``--workers`` processes of ``--threads`` threads, PostgreSQL, Redis as the cache and
the abuse brakes' counter, the django-tasks-db worker, ``DEBUG = False``, the demo city seeded
with ``load_demo_data``), and a few hundred simulated residents taking part at once for about a
minute: voting on ideas, commenting, answering the flash poll and the park survey, casting a
budget ballot and supporting citizen proposals.

Each resident is a browser without JavaScript: its own cookies, a GET of the page, the form's CSRF
token and field names as the page wrote them, a POST with Origin and Referer, and the redirect
followed to read what the site said (a refused idea vote or support also redirects, with an error
notice). Residents with an account (``--registered``, 60 %) are logged in on a session made in
the database before the run, with a confirmed e-mail address: a login through the form would
spend a password hash of CPU per resident. The others take part anonymously where the demo's
methods allow it (idea votes, the poll, the survey, supports). Every resident has an address of
their own in 198.18.0.0/15 (set aside for benchmarks): the bench plays the TLS proxy
(``X-Forwarded-Proto: https``, ``X-Forwarded-For``, ``TRUSTED_PROXIES=127.0.0.1``; see
docs/abuse-brakes.md), so the brakes count as they would for a city of residents. Refusals by a
brake (429) are counted apart: they are not errors, and must leave no row.

Printed: per route, requests, accepted, refused (by status), errors (5xx, timeouts, connection),
p50/p95/p99 ms and requests per second, against a plain page fetched by the same residents in
the same run (``x plain``; the health check is the cheapest request there is); then the
reconciliation: the rows each kind of write left in the database against the writes the site
accepted, and every denormalised counter (an idea's votes and comments, a proposal's supports, the
poll's tallies) against the rows it counts. Exits 1 on any mismatch, server error, failed task or
error line in the gunicorn and worker logs. Numbers only, never a timed test.

    python bench/load.py                      # 300 residents, 60 s, 4 workers x 2 threads
    python bench/load.py --participants 40 --seconds 20 --workers 2
    python bench/load.py --reuse-database     # skip the seed: the database as the last run left it

Needs PostgreSQL and Redis (``--database-url``, ``--redis-url``: the database is dropped and
created unless ``--reuse-database``, and kept afterwards; the Redis database is flushed) and the
``[production,tasks,postgres]`` extras. The task worker first works off the notification tasks the
seed queued, so that during the run it works on what the residents cause.
"""

from __future__ import annotations

import argparse
import collections
import ipaddress
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from _load import forms  # noqa: E402

REPO = BENCH.parent
sys.path[:0] = [str(REPO), str(REPO / "example_site")]
from tests.production.stack import StackConfig, running_stack  # noqa: E402

ADDRESSES = ipaddress.ip_network("198.18.0.0/15")  # RFC 2544: benchmarking; only ever a header value here
TIMEOUT = 60  # seconds per request (nginx's proxy_read_timeout), then it counts as an error

# Routes, in the order they are printed. A route is what the site does, not a URL.
BASELINE = "plain page GET"
HEALTH = "health check GET"
ROUTES = [
    BASELINE,
    HEALTH,
    "idea board GET",
    "idea page GET",
    "idea vote POST",
    "idea comment POST",
    "poll page GET",
    "poll ballot POST",
    "survey page GET",
    "survey step POST",
    "survey send POST",
    "budget booth GET",
    "budget review POST",
    "budget ballot POST",
    "proposal page GET",
    "proposal support POST",
    "proposal comment POST",
    "page after a write",
]
# The accepted writes of each route, and the rows they must have left.
WRITES = {
    "idea vote POST": "idea votes",
    "idea comment POST": "comments",
    "proposal comment POST": "comments",
    "poll ballot POST": "poll ballots",
    "survey send POST": "survey responses",
    "budget ballot POST": "budget ballots",
    "proposal support POST": "proposal supports",
}


class Tally:
    """Every response of the run, by route: status, milliseconds, and whether the site accepted it."""

    def __init__(self):
        self.lock = threading.Lock()
        self.timings = collections.defaultdict(list)
        self.statuses = collections.defaultdict(collections.Counter)  # route -> status (or "error") -> n
        self.accepted = collections.Counter()
        self.refused = collections.defaultdict(collections.Counter)  # route -> label -> n
        self.errors = collections.Counter()  # (route, what) -> n
        self.anonymous_writers = set()
        self.unknown = collections.Counter()  # writes with no answer (timeout, reset): taken or not?
        self.client_cpu, self.load = 0.0, []  # the bench's own CPU seconds; the load average before and after

    def record(self, route, status, ms):
        with self.lock:
            self.timings[route].append(ms)
            self.statuses[route][status] += 1

    def outcome(self, route, accepted: bool, label: str = ""):
        with self.lock:
            if accepted:
                self.accepted[route] += 1
            else:
                self.refused[route][label] += 1

    def error(self, route, what):
        with self.lock:
            self.errors[route, what] += 1


class Resident:
    """One simulated resident: a browser session (cookies), an address, and what they did."""

    def __init__(self, number, stack, targets, tally, deadline, session_key=None, seed=0):
        self.number, self.stack, self.targets, self.tally, self.deadline = number, stack, targets, tally, deadline
        self.origin = "https://" + urlsplit(stack.base_url).netloc  # what the resident's browser sees
        self.rng = random.Random(seed * 100_003 + number)
        self.http = requests.Session()
        # The bench plays the TLS-terminating reverse proxy: it says the request came over HTTPS
        # and from which address, and opens a connection per request (nginx's default towards
        # gunicorn), so no idle keep-alive connection is closed under a resident's feet.
        self.http.headers.update(stack.proxy_headers)
        self.http.headers["Connection"] = "close"
        self.http.headers["X-Forwarded-For"] = str(ADDRESSES[1 + number])
        self.http.headers["User-Agent"] = "wp-load-bench"
        self.registered = session_key is not None
        if session_key:
            self.http.cookies.set("sessionid", session_key, domain="127.0.0.1", path="/")
        self.voted: set[int] = set()
        self.supported: set[int] = set()

    # -- HTTP ---------------------------------------------------------------------------------
    def request(self, route, method, url, data=None, headers=None):
        """One request, timed and tallied; None on a connection error or timeout."""
        url = self.stack.url(url)
        started = time.perf_counter()
        try:
            response = self.http.request(
                method, url, data=data, headers=headers, allow_redirects=False, timeout=TIMEOUT
            )
        except requests.RequestException as exc:
            self.tally.record(route, "error", (time.perf_counter() - started) * 1000)
            self.tally.error(route, type(exc).__name__)
            return None
        self.tally.record(route, response.status_code, (time.perf_counter() - started) * 1000)
        for cookie in self.http.cookies:
            # Secure cookies, as the production settings make them: the browser spoke HTTPS to the
            # proxy, the bench speaks plain HTTP to gunicorn and must still send them.
            cookie.secure = False
        if response.status_code >= 500:
            self.tally.error(route, f"HTTP {response.status_code}")
        return response

    def get(self, route, url):
        response = self.request(route, "GET", url)
        if response is None or response.status_code != 200:
            return None, [], []
        page_forms, notices = forms.parse(response.text, response.url)
        return response, page_forms, notices

    def post(self, route, form, data):
        """POST ``data`` to ``form``; a redirect is followed as a browser does, and the notice on
        the page it lands on says whether the site took it (a refused vote redirects back too,
        with an error notice). Returns (accepted, response of the POST, parsed page after)."""
        # A browser's POST says where it comes from; over HTTPS Django's CSRF check reads it.
        page = urlsplit(form.page_url)
        headers = {"Origin": self.origin, "Referer": self.origin + page.path + (f"?{page.query}" if page.query else "")}
        response = self.request(route, "POST", form.action, data, headers)
        if response is None:
            with self.tally.lock:
                self.tally.unknown[route] += 1
            return False, None, None
        if response.status_code in (301, 302, 303):
            after, _forms, notices = self.get("page after a write", response.headers["Location"].split("#")[0])
            if after is None:  # the notice never came: taken or refused, nobody knows
                with self.tally.lock:
                    self.tally.unknown[route] += 1
                return False, response, None
            errors = [text for kind, text in notices if "wp-notice--error" in kind]
            if errors:
                self.tally.outcome(route, False, f"{response.status_code}+notice")
                return False, response, None
            self.tally.outcome(route, True)
            return True, response, None
        if 200 <= response.status_code < 300:
            return None, response, forms.parse(response.text, response.url)  # a further step: the caller decides
        self.tally.outcome(route, False, str(response.status_code))
        return False, response, None

    def think(self, low=0.3, high=2.0):
        time.sleep(self.rng.uniform(low, high))

    @property
    def time_left(self):
        return time.monotonic() < self.deadline

    def accepted_write(self):
        if not self.registered:
            self.tally.anonymous_writers.add(self.number)

    # -- what residents do --------------------------------------------------------------------------
    def plain_page(self):
        self.get(BASELINE, self.targets["baseline_url"])
        if self.rng.random() < 0.5:  # the load balancer's probe, as cheap as a request gets
            self.get(HEALTH, "/-/health/")

    def vote_on_ideas(self, count):
        _page, page_forms, _ = self.get("idea board GET", self.targets["board"]["url"])
        votes = [f for f in forms.post_forms(page_forms, r"/ideas/\d+/vote/$") if f.button("up")]
        fresh = [f for f in votes if int(re.search(r"/ideas/(\d+)/vote/", f.action)[1]) not in self.voted]
        for form in self.rng.sample(fresh, min(count, len(fresh))):
            if not self.time_left:
                return
            self.think(0.2, 1.0)
            idea = int(re.search(r"/ideas/(\d+)/vote/", form.action)[1])
            accepted, _r, _p = self.post("idea vote POST", form, [*form.hidden(), form.button("up")])
            if accepted:
                self.voted.add(idea)
                self.accepted_write()

    def comment(self, page_route, post_route, url):
        _page, page_forms, _ = self.get(page_route, url)
        comment_forms = [f for f in forms.post_forms(page_forms, r"/comment/$") if f.named("body")]
        if not comment_forms:
            return
        top = [f for f in comment_forms if any(x.name == "parent" and not x.value for x in f.fields)]
        replies = [f for f in comment_forms if f not in top]
        form = (self.rng.choice(replies) if replies and self.rng.random() < 0.3 else None) or top[0]
        self.think(1.0, 3.0)  # typing
        data = forms.fill(form, self.rng, skip=("show_author", "display_name"))
        accepted, _r, _p = self.post(post_route, form, data)
        if accepted:
            self.accepted_write()

    def poll(self):
        _page, page_forms, _ = self.get("poll page GET", self.targets["poll"]["url"])
        ballot = forms.post_forms(page_forms, r"/polls/\d+/vote/$")
        if not ballot:
            return
        self.think(0.5, 1.5)
        accepted, _r, _p = self.post("poll ballot POST", ballot[0], forms.fill(ballot[0], self.rng))
        if accepted:
            self.accepted_write()

    def survey(self):
        url = self.targets["survey"]["url"]
        _page, page_forms, _ = self.get("survey page GET", url)
        for _step in range(10):
            form = next(iter(forms.post_forms(page_forms, re.escape(url) + "$")), None)
            if form is None or not self.time_left:
                return
            self.think(1.0, 3.0)
            button = form.button("send", "next")
            route = "survey send POST" if button and button[1] == "send" else "survey step POST"
            data = forms.fill(form, self.rng, skip=("action",)) + ([button] if button else [])
            accepted, response, step = self.post(route, form, data)
            if accepted:
                self.accepted_write()
            if accepted is not None:
                return
            if route == "survey step POST":
                self.tally.outcome(route, True)
            page_forms = step[0]

    def budget(self):
        booth = self.targets["budget"]["booths"][0]  # the whole city's budget (district ones need an area)
        page, page_forms, _ = self.get("budget booth GET", booth)
        form = next(iter(forms.post_forms(page_forms, re.escape(booth) + "$")), None)
        if form is None:
            return
        self.think(2.0, 5.0)  # reading the projects
        limit = re.search(r"at most €([\d,]+)", page.text)
        costs = [
            (int(cost), code)
            for cost, code in re.findall(r'data-cost="(\d+)".*?name="project" value="([^"]+)"', page.text, re.S)
        ]
        self.rng.shuffle(costs)
        budget, chosen = int(limit[1].replace(",", "")) if limit else 0, []
        for cost, code in costs:
            if not chosen or cost <= budget:
                chosen.append(code)
                budget -= cost
        data = [*form.hidden(), *[("project", code) for code in chosen], ("action", "review")]
        accepted, _r, review = self.post("budget review POST", form, data)
        if accepted is None and review:
            self.tally.outcome("budget review POST", True)
            confirm = next((f for f in forms.post_forms(review[0], re.escape(booth) + "$") if f.button("submit")), None)
            if confirm is None:
                return
            self.think(0.5, 1.5)
            accepted, _r, _p = self.post("budget ballot POST", confirm, [*confirm.hidden(), confirm.button("submit")])
            if accepted:
                self.accepted_write()
            elif accepted is None:  # the booth again, with the ballot's problems: not taken
                self.tally.outcome("budget ballot POST", False, "200+form")

    def support(self):
        choices = [p for p in self.targets["proposals"]["proposals"] if p["id"] not in self.supported]
        if not choices:
            return
        proposal = self.rng.choice(choices)
        _page, page_forms, _ = self.get("proposal page GET", proposal["url"])
        form = next(iter(forms.post_forms(page_forms, r"/support/$")), None)
        if form is None:  # no longer collecting (the threshold was reached in this run), or refused
            return
        self.think(0.5, 2.0)
        accepted, _r, _p = self.post("proposal support POST", form, form.hidden())
        if accepted:
            self.supported.add(proposal["id"])
            self.accepted_write()

    def run(self, start_delay, scripted=False):
        """The evening: a plain page, then the methods in an order of their own; once through,
        more idea votes and (with an account) comments until the deadline. ``scripted``: a script
        with an account that posts comments as fast as the site answers, for the brakes to stop."""
        time.sleep(start_delay)
        ideas = self.targets["board"]["ideas"]
        if scripted:
            self.think = lambda low=0, high=0: time.sleep(0.05)  # no reading, no typing
            while self.time_left:
                self.comment("idea page GET", "idea comment POST", self.rng.choice(ideas)["url"])
            return
        steps = [lambda: self.vote_on_ideas(self.rng.randint(1, 4)), self.poll, self.survey, self.support]
        if self.registered:
            steps += [
                self.budget,
                lambda: self.comment("idea page GET", "idea comment POST", self.rng.choice(ideas)["url"]),
                lambda: self.comment(
                    "proposal page GET",
                    "proposal comment POST",
                    self.rng.choice(self.targets["proposals"]["proposals"])["url"],
                ),
            ]
        self.rng.shuffle(steps)
        self.plain_page()
        for step in steps:
            if not self.time_left:
                return
            self.think()
            step()
        while self.time_left:
            self.think(1.0, 4.0)
            roll = self.rng.random()
            if roll < 0.15:
                self.plain_page()
            elif roll < 0.55 or not self.registered:
                self.vote_on_ideas(self.rng.randint(1, 3)) if roll < 0.85 else self.support()
            elif roll < 0.8:
                self.comment("idea page GET", "idea comment POST", self.rng.choice(ideas)["url"])
            else:
                self.support()


# -- set-up -------------------------------------------------------------------------------------------
def django_setup(env: dict) -> None:
    """Django in this process, on the stack's settings and database (seeding, counting rows)."""
    os.environ.update(env)
    import django

    django.setup()


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=2, help="threads per gunicorn worker (gunicorn.conf.py: 2)")
    parser.add_argument("--registered", type=float, default=0.6, help="share of residents with an account")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wp_load"),
        help="the server and database name; the database is dropped and created (seeded with load_demo_data)",
    )
    parser.add_argument(
        "--reuse-database",
        action="store_true",
        help="use the database as an earlier run left it (no seed: saves minutes); rows are counted as differences",
    )
    parser.add_argument("--redis-url", default=os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/7"))
    parser.add_argument(
        "--scripts",
        type=int,
        default=2,
        help="of the residents with an account, how many are scripts posting comments non-stop (the brakes stop them)",
    )
    parser.add_argument("--seed", type=int, default=17)
    options = parser.parse_args()

    parts = urlsplit(options.database_url)
    config = StackConfig(
        workers=options.workers,
        threads=options.threads,
        postgres_url=urlunsplit(parts._replace(path="")),
        database_name=parts.path.lstrip("/"),
        fresh_database=not options.reuse_database,
        keep_database=True,  # for a look afterwards, or the next --reuse-database run
        redis_url=options.redis_url,
        # The manifest storage needs the collected files to name them; kept between runs (faster).
        static_root=Path(tempfile.gettempdir()) / "wp-load-static",
    )
    print(
        f"Starting the stack on {config.database_name} (migrate, load_demo_data, gunicorn, db_worker) ...", flush=True
    )
    tally = Tally()
    with running_stack(config) as stack:
        django_setup(stack.env)
        from _load import db as load_db
        from django.db import connections

        drained_seed = load_db.wait_for_tasks(timeout=600)
        targets = load_db.methods()
        registered = round(options.participants * options.registered)
        keys = load_db.residents_with_accounts(registered, prefix=f"load{int(time.time())}")
        before = load_db.rows(targets)
        connections.close_all()
        stages = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in stack.stage_times.items())
        print(f"  ready: {stages}; the seed's tasks run by the worker first: {drained_seed}", flush=True)

        deadline = time.monotonic() + options.seconds
        residents = [
            Resident(n, stack, targets, tally, deadline, keys[n] if n < registered else None, options.seed)
            for n in range(options.participants)
        ]
        ramp = min(10.0, options.seconds / 6)  # residents arrive over the first seconds, not in one instant
        threads = [
            threading.Thread(
                target=r.run, args=(ramp * n / len(residents), r.registered and n < options.scripts), daemon=True
            )
            for n, r in enumerate(residents)
        ]
        began, cpu_began, tally.load = time.monotonic(), time.process_time(), [os.getloadavg()[0]]
        started_at = datetime.now(UTC)
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=max(1.0, deadline - time.monotonic()) + TIMEOUT + 10)
        elapsed = time.monotonic() - began
        tally.client_cpu = time.process_time() - cpu_began
        tally.load.append(os.getloadavg()[0])
        drained = load_db.wait_for_tasks(timeout=60)
        mails = len(list(stack.mail_dir.glob("*")))
        after = load_db.rows(targets)
        mismatches = load_db.counter_mismatches(targets)
        tasks = load_db.task_results(since=started_at)
        connections.close_all()
    log_errors = stack.log_errors()
    logs = {name: stack.log_text(name) for name in ("gunicorn", "worker")}
    return report(options, tally, elapsed, before, after, mismatches, tasks, drained, log_errors, logs, mails)


def report(options, tally, elapsed, before, after, mismatches, tasks, drained, log_errors, logs, mails) -> int:
    print()
    print(
        f"{options.participants} residents ({round(options.participants * options.registered)} with an account, "
        f"{options.scripts} of them scripts), "
        f"{options.seconds:.0f} s, gunicorn {options.workers} workers; {elapsed:.0f} s of traffic"
    )
    print("2 shared cores: the numbers are noisy, compare them with the plain page of the same run.")
    print()
    plain = statistics.median(tally.timings[BASELINE]) if tally.timings[BASELINE] else 0
    header = f"{'route':<24} {'reqs':>6} {'ok':>6} {'refused':<22} {'5xx/err':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'x plain':>7} {'req/s':>6}"
    print(header)
    print("-" * len(header))
    server_errors = 0
    total_requests = 0
    all_timings = []
    for route in ROUTES:
        timings = tally.timings[route]
        if not timings:
            continue
        statuses = tally.statuses[route]
        errors = sum(n for status, n in statuses.items() if status == "error" or status >= 500)
        server_errors += errors
        total_requests += len(timings)
        all_timings += timings
        if route.endswith("POST"):
            ok = tally.accepted[route]
            refused = ", ".join(f"{label}:{n}" for label, n in sorted(tally.refused[route].items()))
        else:
            ok = statuses[200]
            refused = ", ".join(
                f"{s}:{n}" for s, n in sorted(statuses.items(), key=str) if s != 200 and s != "error" and s < 500
            )
        p50 = statistics.median(timings)
        print(
            f"{route:<24} {len(timings):>6} {ok:>6} {refused or '-':<22} {errors:>7} {p50:>7.0f} "
            f"{percentile(timings, 0.95):>7.0f} {percentile(timings, 0.99):>7.0f} "
            f"{p50 / plain if plain else 0:>7.2f} {len(timings) / elapsed:>6.1f}"
        )
    print("-" * len(header))
    print(
        f"{'all':<24} {total_requests:>6} {'':>6} {'':<22} {server_errors:>7} {statistics.median(all_timings):>7.0f} "
        f"{percentile(all_timings, 0.95):>7.0f} {percentile(all_timings, 0.99):>7.0f} {'':>7} {total_requests / elapsed:>6.1f}"
    )
    braked = sum(n for route in ROUTES for status, n in tally.statuses[route].items() if status == 429)
    braked_redirects = sum(n for r in tally.refused.values() for label, n in r.items() if label.endswith("+notice"))
    print(f"429 (abuse brakes): {braked}; refusals shown as a notice after a redirect: {braked_redirects}")
    kinds = collections.Counter()
    for (_route, what), n in tally.errors.items():
        kinds[what] += n
    if kinds:
        print("errors: " + ", ".join(f"{what} {n}" for what, n in kinds.most_common()) + f" (timeout: {TIMEOUT} s)")
    print(
        f"the bench's own CPU: {tally.client_cpu:.0f} s in {elapsed:.0f} s; "
        f"load average of the machine before and after: {tally.load[0]:.1f}, {tally.load[1]:.1f} (2 cores)"
    )

    print()
    print(f"{'rows':<24} {'accepted':>8} {'no answer':>9} {'before':>7} {'after':>7} {'new':>7}  check")
    expected, unknown = collections.Counter(), collections.Counter()
    for route, kind in WRITES.items():
        expected[kind] += tally.accepted[route]
        unknown[kind] += tally.unknown[route]
    expected["survey participations"] = expected["survey responses"]
    unknown["survey participations"] = unknown["survey responses"]
    expected["anonymous participants"] = len(tally.anonymous_writers)
    unknown["anonymous participants"] = sum(tally.unknown.values())
    failed = False
    for kind in before:
        new = after[kind] - before[kind]
        # A write that got no answer (the client gave up) may or may not have been stored.
        ok = expected[kind] <= new <= expected[kind] + unknown[kind]
        failed |= not ok
        verdict = "OK" if new == expected[kind] else "OK (within the unanswered)" if ok else "MISMATCH"
        print(
            f"{kind:<24} {expected[kind]:>8} {unknown[kind]:>9} {before[kind]:>7} {after[kind]:>7} {new:>7}  {verdict}"
        )
    print(
        f"counters (votes, comments, supports, poll tallies) against their rows: {'OK' if not mismatches else 'MISMATCH'}"
    )
    for problem in mismatches[:20]:
        print("  ", problem)
    failed |= bool(mismatches)
    print(
        f"background tasks of the run: {dict(tasks)}; queue drained: {drained}; e-mails written by the worker: {mails}"
    )
    print(f"error lines in the gunicorn and worker logs: {len(log_errors)}")
    for line in log_errors[:30]:
        print("  ", line[:300])
    for name, text in logs.items():
        at = text.find("Traceback")
        if at >= 0:
            print(f"--- the first traceback in the {name} log ---")
            print("\n".join(text[at:].splitlines()[:60]))
    failed |= bool(tasks.get("FAILED")) or bool(log_errors)
    if failed or server_errors:
        print(
            "FAILED: "
            + ", ".join(x for x, bad in (("rows or counters", failed), ("server errors", server_errors)) if bad)
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
