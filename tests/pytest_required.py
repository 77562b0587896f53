"""Pytest plugin: passes that *require* some tests, plus helpers to know what this machine has.

Loaded from ``tests/conftest.py`` (``pytest_plugins = ["tests.pytest_required"]``).

``--require-marker=NAME`` (repeatable) is what ``.ci/run`` uses for its PostgreSQL, MariaDB and
browser passes. In such a run:

* a test carrying the marker that is *skipped* (missing Chromium, not on PostgreSQL, ...) is
  reported as a failure instead, so a CI pass can never go green by skipping what it exists for;
* the session fails if *no* test carrying the marker ran at all (nothing selected, module
  skipped at import, ``-k`` typo, ...).

Without the option, tests marked ``postgres`` skip when the default database is not PostgreSQL,
tests marked ``mariadb`` when it is not MariaDB, tests marked ``concurrent_db`` (the races) when it
is SQLite, and tests marked ``browser`` skip when no Chromium executable is found, so ``make test`` works
on any laptop.
"""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

_REQUIRED = pytest.StashKey[list]()


# -- helpers used by tests -------------------------------------------------------------------
def chromium_path() -> str | None:
    """The Chromium executable to drive with Playwright, or None when there is none.

    ``WP_CHROMIUM`` overrides the lookup; otherwise the first of ``CHROMIUM_NAMES`` on PATH
    (Debian's apt ``chromium`` is ``/usr/bin/chromium``). Playwright's own browser download
    is never used.
    """
    override = os.environ.get("WP_CHROMIUM")
    if override:
        return override if os.path.exists(override) else shutil.which(override)
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def using_postgres(alias: str = "default") -> bool:
    """Whether the database ``alias`` (the default one unless told) is PostgreSQL."""
    from django.db import connections

    return connections[alias].vendor == "postgresql"


def using_mariadb(alias: str = "default") -> bool:
    """Whether the database ``alias`` is MariaDB (Django's ``mysql`` backend; MySQL itself is refused
    by the system check wagtail_participation.E060)."""
    from django.db import connections

    return connections[alias].vendor == "mysql"


def using_concurrent_db(alias: str = "default") -> bool:
    """Whether the database ``alias`` runs parallel writers for real (row locks): PostgreSQL or
    MariaDB. SQLite serialises writers, so a race test on it proves nothing."""
    return using_postgres(alias) or using_mariadb(alias)


def require_postgres(reason: str = "needs PostgreSQL (run with DATABASE_URL=postgres://...)") -> None:
    """Skip the calling test unless the default database is PostgreSQL.

    Under ``--require-marker=postgres`` that skip becomes a failure (if the test is marked).
    """
    if not using_postgres():
        pytest.skip(reason)


# -- the plugin ------------------------------------------------------------------------------
def pytest_addoption(parser):
    group = parser.getgroup("required markers")
    group.addoption(
        "--require-marker",
        action="append",
        default=[],
        metavar="NAME",
        help="Tests marked NAME must run in this session: a skip of such a test fails it, and the "
        "session fails when no test marked NAME ran. Repeatable.",
    )


def _required(config) -> list[str]:
    return list(dict.fromkeys(config.getoption("require_marker") or []))


def pytest_configure(config):
    config.stash[_REQUIRED] = _required(config)
    # With xdist the tests run in worker processes and their reports come back to the controller:
    # the controller (or the only process) counts them, so the counts cover the whole session.
    if config.stash[_REQUIRED] and not hasattr(config, "workerinput"):
        config.pluginmanager.register(RequiredMarkerCounts(config.stash[_REQUIRED]), "required-marker-counts")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Skip marked tests that cannot run here (turned into failures by --require-marker)."""
    if item.get_closest_marker("postgres") is not None and not using_postgres():
        pytest.skip("marked 'postgres' but the default database is not PostgreSQL (set DATABASE_URL)")
    if item.get_closest_marker("concurrent_db") is not None and not using_concurrent_db():
        pytest.skip(
            "marked 'concurrent_db' but the default database is SQLite (set DATABASE_URL to PostgreSQL or MariaDB)"
        )
    if item.get_closest_marker("mariadb") is not None and not using_mariadb():
        pytest.skip("marked 'mariadb' but the default database is not MariaDB (set DATABASE_URL=mysql://...)")
    if item.get_closest_marker("browser") is not None and chromium_path() is None:
        pytest.skip("marked 'browser' but no Chromium executable was found (apt-get install chromium)")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Turn the skip of a required test into a failure, where the test runs (an xdist worker or this
    process). The report carries the test's required markers to ``pytest_runtest_logreport``."""
    outcome = yield
    required = item.config.stash.get(_REQUIRED, [])
    if not required:
        return
    report = outcome.get_result()
    markers = [name for name in required if item.get_closest_marker(name) is not None]
    if not markers:
        return
    report.required_markers = markers  # a plain attribute: xdist sends it to the controller with the report
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.required_marker_skipped = True
        report.outcome = "failed"
        report.longrepr = (
            f"{item.nodeid} was SKIPPED ({reason.removeprefix('Skipped: ')}), but this pass runs with "
            f"--require-marker={','.join(markers)}: tests marked {', '.join(repr(m) for m in markers)} "
            "must run here. Install/start what the test needs (see .ci/run) instead of skipping."
        )


class RequiredMarkerCounts:
    """How many tests of each required marker ran and skipped; fails the session if none ran."""

    def __init__(self, names):
        self.counts = {name: {"ran": 0, "skipped": 0} for name in names}

    def pytest_runtest_logreport(self, report):
        for name in getattr(report, "required_markers", ()):
            if getattr(report, "required_marker_skipped", False):
                self.counts[name]["skipped"] += 1
            elif report.when == "call":
                self.counts[name]["ran"] += 1

    def pytest_sessionfinish(self, session, exitstatus):
        if session.config.option.collectonly:
            return
        missing = [name for name, c in self.counts.items() if c["ran"] == 0]
        if missing and exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter, exitstatus, config):
        if config.option.collectonly:
            return
        terminalreporter.section("required markers")
        for name, c in self.counts.items():
            if c["ran"] == 0:
                terminalreporter.write_line(
                    f"FAILED --require-marker={name}: no test marked {name!r} ran in this session "
                    "(none selected or collected, or the module was skipped at import)",
                    red=True,
                )
            else:
                line = f"--require-marker={name}: {c['ran']} marked test(s) ran"
                if c["skipped"]:
                    terminalreporter.write_line(f"{line}, {c['skipped']} skip(s) turned into failures", red=True)
                else:
                    terminalreporter.write_line(line, green=True)
