"""The nl, fr and de catalogs are complete: every string in the code is translated, none fuzzy.

Two catalogs: the package's (``wagtail_participation/locale``) and the example site's (``locale/``).
The sync check re-extracts the strings with Django's ``makemessages`` into a copy of the tree, so a
new ``gettext`` call without a translation fails here rather than showing English on a Dutch page.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

REPO = Path(__file__).resolve().parents[2]
LANGUAGES = ("nl", "fr", "de")
CATALOGS = {
    "package": REPO / "wagtail_participation",
    "example site": REPO / "example_site",
}


def _po_path(root: Path, language: str) -> Path:
    if root.name == "example_site":
        return REPO / "locale" / language / "LC_MESSAGES" / "django.po"
    return root / "locale" / language / "LC_MESSAGES" / "django.po"


def _gaps(po: polib.POFile) -> list[str]:
    return [
        f"{'fuzzy' if 'fuzzy' in entry.flags else 'untranslated'}: {entry.msgid[:70]!r}"
        for entry in po
        if not entry.obsolete and ("fuzzy" in entry.flags or not entry.translated())
    ]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("catalog", sorted(CATALOGS))
def test_catalog_is_complete(catalog, language):
    po = polib.pofile(str(_po_path(CATALOGS[catalog], language)))
    assert len(po) > 0
    assert _gaps(po) == []


@pytest.mark.parametrize("catalog", sorted(CATALOGS))
def test_catalog_holds_every_string_in_the_code(catalog, tmp_path):
    if not shutil.which("xgettext") or not shutil.which("msgmerge"):
        pytest.skip("GNU gettext (xgettext, msgmerge) is not installed")
    root = CATALOGS[catalog]
    copy = tmp_path / root.name
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("__pycache__", "media", "static_collected", "*.sqlite3"))
    locale_dir = copy / "locale"
    if catalog == "example site":
        shutil.copytree(REPO / "locale", locale_dir, dirs_exist_ok=True)
    before = {
        entry.msgid
        for entry in polib.pofile(str(locale_dir / "nl" / "LC_MESSAGES" / "django.po"))
        if not entry.obsolete
    }
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "nl",
            "--no-obsolete",
            "--ignore=media",
            "--ignore=static_collected",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    after = polib.pofile(str(locale_dir / "nl" / "LC_MESSAGES" / "django.po"))
    missing = sorted(entry.msgid[:70] for entry in after if entry.msgid not in before)
    assert missing == [], f"strings in the code but not in the {catalog} catalog (run `make messages` and translate)"
