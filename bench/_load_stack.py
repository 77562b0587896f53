"""A minimal production stack on loopback for bench/load.py: gunicorn with N workers and the
django-tasks-db worker, both on one database and one Redis cache.

A stand-in until the shared launcher of issue 17 (tests/production/stack.py, branch i17-prod)
lands; bench/load.py imports that one when it exists.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
SITE = REPO / "example_site"
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(database_url: str, redis_url: str, extra: dict | None = None) -> dict:
    """The environment a deployment would set: production settings, secrets, services."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="_load_settings",
        DJANGO_SECRET_KEY="load-bench-not-secret",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        # The bench client stands in for a reverse proxy on loopback: X-Forwarded-For names each
        # simulated resident's address (docs/abuse-brakes.md, "The client address").
        TRUSTED_PROXIES="127.0.0.1",
        PYTHONPATH=os.pathsep.join([str(REPO), str(BENCH), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
    )
    env.update(extra or {})
    return env


def manage(env: dict, *args: str, check=True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=SITE, env=env, check=check, capture_output=True, text=True
    )


def _wait_for(url: str, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode} before it answered")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status < 500:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"no answer from {url} after {timeout:.0f} s")


class Stack:
    """What a running stack offers the load generator: its base URL and its log files."""

    def __init__(self, base_url: str, logs: dict[str, Path]):
        self.base_url, self.logs = base_url, logs


@contextlib.contextmanager
def running_stack(
    database_url: str, redis_url: str, workers: int = 4, ready_path: str = "/en/", env: dict | None = None
):
    """gunicorn (``workers`` sync workers) and ``manage.py db_worker``; stopped (SIGTERM, then
    SIGKILL) on exit. Their output goes to files in a temporary folder (``Stack.logs``)."""
    env = env or environment(database_url, redis_url)
    port = free_port()
    folder = Path(tempfile.mkdtemp(prefix="wp-load-"))
    logs = {"gunicorn": folder / "gunicorn.log", "tasks": folder / "tasks.log"}
    processes = []
    try:
        with open(logs["gunicorn"], "w") as out:
            processes.append(
                subprocess.Popen(
                    [
                        str(VENV_BIN / "gunicorn"),
                        "example_site.wsgi:application",
                        f"--workers={workers}",
                        f"--bind=127.0.0.1:{port}",
                        "--worker-class=gthread",
                        "--threads=4",
                        "--timeout=60",
                        "--backlog=2048",
                    ],
                    cwd=SITE,
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            )
        with open(logs["tasks"], "w") as out:
            processes.append(
                subprocess.Popen(
                    [sys.executable, "manage.py", "db_worker", "--interval=0.5", "--no-reload"],
                    cwd=SITE,
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            )
        base_url = f"http://127.0.0.1:{port}"
        _wait_for(base_url + ready_path, processes[0], timeout=60)
        yield Stack(base_url, logs)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
