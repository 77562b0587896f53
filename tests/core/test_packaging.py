"""The wheel users get from ``pip install wagtail-participation`` holds everything the app needs at run time.

Builds a wheel from a copy of the work tree (git-tracked plus new, not-ignored files, so stale
``build/`` leftovers cannot hide a missing file) with the venv's own setuptools and wheel
(``--no-build-isolation``: no download; both are pinned in constraints.txt and installed by
``make install``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGE = "wagtail_participation"
LANGUAGES = ("nl", "fr", "de")


def _source_files() -> list[str]:
    if (REPO / ".git").exists() and shutil.which("git"):
        out = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=REPO,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return [name for name in out.split("\0") if name and (REPO / name).is_file()]
    skip = {".git", ".venv", "build", "dist", "__pycache__", ".hypothesis", ".pytest_cache"}
    return [
        str(path.relative_to(REPO))
        for path in REPO.rglob("*")
        if path.is_file()
        and not skip.intersection(path.relative_to(REPO).parts)
        and not path.name.endswith((".pyc", ".sqlite3"))
        and ".egg-info" not in str(path)
    ]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    src = tmp_path_factory.mktemp("src")
    for name in _source_files():
        target = src / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target)
    dist = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-q",
            "-w",
            str(dist),
            str(src),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, (
        "building the wheel failed (are setuptools and wheel installed? run `make install`):\n"
        f"{result.stdout}\n{result.stderr}"
    )
    wheels = list(dist.glob("wagtail_participation-*.whl"))
    assert len(wheels) == 1, f"expected one wheel, got {wheels}"
    with zipfile.ZipFile(wheels[0]) as archive:
        yield archive


@pytest.fixture(scope="module")
def names(wheel) -> set[str]:
    return set(wheel.namelist())


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_translations(names, language):
    path = f"{PACKAGE}/locale/{language}/LC_MESSAGES/django.mo"
    assert path in names, f"{path} is missing from the wheel (run `make messages` and commit the .mo files)"


def test_templates(names):
    assert f"{PACKAGE}/templates/{PACKAGE}/base.html" in names
    source = {str(p.relative_to(REPO)) for p in (REPO / PACKAGE).rglob("templates/**/*") if p.is_file()}
    missing = sorted(source - names)
    assert not missing, f"templates missing from the wheel: {missing}"


def test_static_files(names):
    assert any(n.startswith(f"{PACKAGE}/static/{PACKAGE}/") and n.endswith(".css") for n in names), (
        "no static CSS in the wheel"
    )
    source = {str(p.relative_to(REPO)) for p in (REPO / PACKAGE / "static").rglob("*") if p.is_file()}
    missing = sorted(source - names)
    assert not missing, f"static files missing from the wheel: {missing}"


def test_all_migrations(names):
    source = {str(p.relative_to(REPO)) for p in (REPO / PACKAGE).rglob("migrations/*.py")}
    assert source, "no migration files found in the source tree"
    missing = sorted(source - names)
    assert not missing, f"migrations missing from the wheel: {missing}"


def test_nothing_but_the_package(names):
    top_levels = {name.split("/", 1)[0] for name in names}
    unexpected = sorted(t for t in top_levels if t != PACKAGE and not t.endswith(".dist-info"))
    assert not unexpected, f"the wheel ships more than the package: {unexpected}"
    stray = sorted(n for n in names if "/tests/" in f"/{n}" or "example_site" in n or n.endswith((".pyc", ".sqlite3")))
    assert not stray, f"test, example-site or build files in the wheel: {stray[:20]}"
