"""Run the example site as production runs it, on this machine, for a smoke pass or a load test.

    from tests.production.stack import StackConfig, running_stack

    with running_stack(StackConfig(workers=2)) as stack:
        answer = urllib.request.urlopen(urllib.request.Request(stack.url("/en/"), headers=stack.proxy_headers))
        stack.manage("shell", "-c", "...")        # manage.py with the stack's settings and env
        assert not stack.log_errors()             # ERROR/CRITICAL/Traceback lines so far

What `running_stack` does, in order (each stage's seconds land in ``stack.stage_times``):

1. ``database``: creates a fresh PostgreSQL database (``wp_stack_<random>`` on
   ``config.postgres_url``, default ``postgres://postgres@127.0.0.1:5432``) and flushes the Redis
   database of ``config.redis_url`` (default ``redis://127.0.0.1:6379/9``; two stacks running at
   once need two database numbers, or ``flush_redis=False``: keys carry a per-port prefix anyway);
2. ``migrate``, then ``seed`` (``load_demo_data --address 127.0.0.1:<port>``, skipped with
   ``seed_demo=False``), and beside them ``collectstatic`` (whitenoise's compressed manifest; into
   ``config.static_root`` when given, else the work dir). ``fresh_database=False`` with a
   ``database_name`` reuses that database if it exists (migrate only, no seed) and keeps it;
3. ``start``: gunicorn (``example_site/gunicorn.conf.py``, ``config.workers`` x ``config.threads``)
   on a free loopback port, and the django-tasks-db worker (``manage.py db_worker``) unless
   ``worker=False``; then waits until ``/-/health/`` answers 200;
4. on leaving the block, ``stop``: SIGTERM to both (SIGKILL after 20 s), their logs kept in
   ``stack.final_logs`` (``log_errors()`` still works after the block), the database dropped
   (``keep_database=True`` keeps it) and the work dir removed (``keep_workdir=True`` keeps it).

Settings: ``example_site.settings.production`` with DEBUG off and the environment of
:meth:`StackConfig.environment` (a random secret key, the database, Redis, the file e-mail backend
writing into ``stack.mail_dir``, ``TRUSTED_PROXIES=127.0.0.1``); ``config.extra_env`` adds or
overrides variables. The site believes it is behind a TLS proxy: send ``stack.proxy_headers``
(``X-Forwarded-Proto: https``) with every request, or it redirects to https (301).

Logs: ``stack.log_path("gunicorn")`` and ``stack.log_path("worker")`` (stdout and stderr of each);
``stack.log_errors()`` returns every line that reports an error. When startup fails, the
``StackError`` carries the log tails.

Needs the ``[production,tasks,postgres]`` extras (``make install``), PostgreSQL and Redis answering
(``.ci/run`` starts both). Standard library only, plus psycopg and redis from those extras.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[2]
SITE_DIR = REPO_DIR / "example_site"
HEALTH_PATH = "/-/health/"
# A line that reports an error: our LOGGING format (level=ERROR), gunicorn's ([ERROR]), a traceback.
ERROR_LINE = re.compile(r"level=(ERROR|CRITICAL)|\[(ERROR|CRITICAL)\]|^Traceback|^\S+Error: ")


class StackError(RuntimeError):
    """The stack did not start or stop as it should; the message carries the log tails."""


@dataclass
class StackConfig:
    """How to run the stack; every field has a default that works on a CI machine."""

    workers: int = 2
    threads: int = 2
    worker: bool = True  # start the django-tasks-db worker
    seed_demo: bool = True
    collectstatic: bool = True
    static_root: Path | None = None  # reuse collected static files between runs (None: the work dir)
    postgres_url: str = os.environ.get("STACK_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
    database_name: str | None = None  # None: wp_stack_<random>, created and dropped here
    keep_database: bool = False
    # False with a database_name: an existing database is used as it is (migrate runs, the seed
    # does not), which saves minutes while developing against the stack; CI always starts fresh.
    fresh_database: bool = True
    redis_url: str = os.environ.get("STACK_REDIS_URL", "redis://127.0.0.1:6379/9")
    flush_redis: bool = True
    port: int | None = None  # None: a free loopback port
    keep_workdir: bool = False
    startup_timeout: float = 60.0
    extra_env: dict[str, str] = field(default_factory=dict)
    python: str = sys.executable

    def environment(self, *, port: int, database_url: str, workdir: Path) -> dict[str, str]:
        """The variables the production settings read (docs/deployment.md's table), for this run."""
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_DIR), str(SITE_DIR), os.environ.get("PYTHONPATH")])),
            "PYTHONUNBUFFERED": "1",
            "DJANGO_SETTINGS_MODULE": "example_site.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url,
            "REDIS_URL": self.redis_url,
            "CACHE_KEY_PREFIX": f"stack{port}",
            "TRUSTED_PROXIES": "127.0.0.1",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(workdir / "mail"),
            "DJANGO_STATIC_ROOT": str(self.static_root or workdir / "static"),
            "DJANGO_MEDIA_ROOT": str(workdir / "media"),
            "WAGTAILPARTICIPATION_BASE_URL": f"https://127.0.0.1:{port}",
            "WAGTAILADMIN_BASE_URL": f"https://127.0.0.1:{port}",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": str(self.workers),
            "GUNICORN_THREADS": str(self.threads),
            "GUNICORN_CONTROL_SOCKET": str(workdir / "gunicorn.ctl"),
            "GUNICORN_MAX_REQUESTS": "0",  # no restarts in the middle of a measurement
            "GUNICORN_GRACEFUL_TIMEOUT": "10",
        }
        env.pop("DJANGO_CONFIGURATION", None)
        env.update(self.extra_env)
        return env


@dataclass
class Stack:
    """A running stack: where it listens, its environment, its logs, its mail folder."""

    config: StackConfig
    port: int
    workdir: Path
    database_url: str
    env: dict[str, str]
    stage_times: dict[str, float] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    final_logs: dict[str, str] | None = None  # the logs as they were when the stack stopped

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def mail_dir(self) -> Path:
        return Path(self.env["EMAIL_FILE_PATH"])

    @property
    def proxy_headers(self) -> dict[str, str]:
        """What the TLS proxy adds: send these with every request."""
        return {"X-Forwarded-Proto": "https"}

    def url(self, path: str) -> str:
        """An absolute URL on the stack; ``path`` may be a full https://127.0.0.1:<port>/ link."""
        if "://" in path:
            path = "/" + path.split("://", 1)[1].split("/", 1)[1]
        return self.base_url + path

    def manage(self, *args: str, timeout: float = 600, check: bool = True) -> subprocess.CompletedProcess:
        """``manage.py ARGS`` with the stack's settings; output captured (text)."""
        done = subprocess.run(
            [self.config.python, "manage.py", *args],
            cwd=SITE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and done.returncode != 0:
            raise StackError(f"manage.py {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return done

    def log_path(self, name: str) -> Path:
        return self.workdir / f"{name}.log"

    def log_text(self, name: str) -> str:
        if self.final_logs is not None:
            return self.final_logs.get(name, "")
        path = self.log_path(name)
        return path.read_text(errors="replace") if path.exists() else ""

    def log_errors(self) -> list[str]:
        """``name: line`` for every line of every process log that reports an error."""
        return [
            f"{name}: {line}"
            for name in self.processes
            for line in self.log_text(name).splitlines()
            if ERROR_LINE.search(line)
        ]

    def log_tails(self, lines: int = 40) -> str:
        return "\n".join(
            f"--- {name} (last {lines} lines)\n" + "\n".join(self.log_text(name).splitlines()[-lines:])
            for name in self.processes
        )

    def timed(self, stage: str):
        return _timed(self.stage_times, stage)


@contextlib.contextmanager
def _timed(times: dict[str, float], stage: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        times[stage] = times.get(stage, 0.0) + time.perf_counter() - start


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _admin_connection(postgres_url: str):
    import psycopg

    return psycopg.connect(postgres_url.rstrip("/") + "/postgres", autocommit=True)


def database_exists(postgres_url: str, name: str) -> bool:
    with _admin_connection(postgres_url) as connection:
        return connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def create_database(postgres_url: str, name: str) -> str:
    from psycopg import sql

    with _admin_connection(postgres_url) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return f"{postgres_url.rstrip('/')}/{name}"


def drop_database(postgres_url: str, name: str) -> None:
    from psycopg import sql

    with _admin_connection(postgres_url) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def flush_redis(redis_url: str) -> None:
    import redis

    redis.Redis.from_url(redis_url).flushdb()


def wait_until_healthy(stack: Stack, timeout: float) -> None:
    """Polls the health check until it answers 200; fails at once if a process died."""
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        for name, process in stack.processes.items():
            if process.poll() is not None:
                raise StackError(f"{name} exited with {process.returncode} during startup\n{stack.log_tails()}")
        request = urllib.request.Request(stack.url(HEALTH_PATH), headers=stack.proxy_headers)
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return
                last = f"HTTP {response.status}"
        except urllib.error.HTTPError as error:
            last = f"HTTP {error.code}"
        except OSError as error:
            last = type(error).__name__
        time.sleep(0.2)
    raise StackError(f"{HEALTH_PATH} did not answer 200 within {timeout:.0f}s ({last})\n{stack.log_tails()}")


def start_process(stack: Stack, name: str, command: list[str]) -> None:
    log = stack.log_path(name).open("ab")
    stack.processes[name] = subprocess.Popen(
        command, cwd=SITE_DIR, env=stack.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    log.close()  # the child holds its own descriptor


def stop_processes(stack: Stack, grace: float = 20.0) -> None:
    """SIGTERM (graceful: gunicorn finishes its requests, the worker its task), SIGKILL after grace."""
    for process in stack.processes.values():
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace
    for process in stack.processes.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextlib.contextmanager
def running_stack(config: StackConfig | None = None) -> Iterator[Stack]:
    """The stack, started and healthy inside the block, stopped and cleaned up after it."""
    config = config or StackConfig()
    port = config.port or free_port()
    workdir = Path(tempfile.mkdtemp(prefix="wp-stack-"))
    database_name = config.database_name or f"wp_stack_{secrets.token_hex(4)}"
    times: dict[str, float] = {}
    created = False
    stack = None
    collecting = None
    try:
        with _timed(times, "database"):
            reused = not config.fresh_database and database_exists(config.postgres_url, database_name)
            if reused:
                database_url = f"{config.postgres_url.rstrip('/')}/{database_name}"
            else:
                database_url = create_database(config.postgres_url, database_name)
                created = True
            if config.flush_redis:
                flush_redis(config.redis_url)
        env = config.environment(port=port, database_url=database_url, workdir=workdir)
        stack = Stack(config=config, port=port, workdir=workdir, database_url=database_url, env=env, stage_times=times)
        stack.mail_dir.mkdir(parents=True)
        # collectstatic needs no database: it runs beside migrate and the seed
        if config.collectstatic:
            collecting = subprocess.Popen(
                [config.python, "manage.py", "collectstatic", "--noinput", "-v", "0"],
                cwd=SITE_DIR,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
        with stack.timed("migrate"):
            stack.manage("migrate", "--noinput", "-v", "0")
        if config.seed_demo and not reused:
            with stack.timed("seed"):
                stack.manage("load_demo_data", "--address", f"127.0.0.1:{port}")
        elif reused:  # the seed's Site has the port of the run that seeded it
            stack.manage("shell", "-c", f"from wagtail.models import Site; Site.objects.update(port={port})")
        if collecting is not None:
            with stack.timed("collectstatic (beside migrate)"):
                output, _ = collecting.communicate(timeout=600)
                if collecting.returncode != 0:
                    raise StackError(f"collectstatic failed ({collecting.returncode}):\n{output}")
        with stack.timed("start"):
            gunicorn = [config.python, "-m", "gunicorn", "-c", str(SITE_DIR / "gunicorn.conf.py"), "example_site.wsgi"]
            start_process(stack, "gunicorn", gunicorn)
            if config.worker:
                start_process(
                    stack,
                    "worker",
                    [config.python, "manage.py", "db_worker", "--interval", "0.5", "--no-startup-delay"],
                )
            wait_until_healthy(stack, config.startup_timeout)
        yield stack
    finally:
        with _timed(times, "stop"):
            if collecting is not None and collecting.poll() is None:
                collecting.kill()
                collecting.wait()
            if stack is not None:
                stop_processes(stack)
                stack.final_logs = {name: stack.log_text(name) for name in stack.processes}
            if created and not config.keep_database and config.fresh_database:
                drop_database(config.postgres_url, database_name)
            if not config.keep_workdir:
                shutil.rmtree(workdir, ignore_errors=True)
