"""Outcome rules on the 16 real pabulib elections: identical to pabutools 1.2.3 and to the files' own outcomes.

Three kinds of reference:

* the files themselves: greedy by the PROJECTS ``votes``/``score`` columns, and the ``selected``
  column where the file says which rule made it (``KNOWN`` below; docs/editors/budgets.md);
* pabutools 1.2.3 live (``make oracle`` installs it), on the files where it takes seconds;
* ``tests/budgets/data/pabutools_outcomes.json``: pabutools' outcomes computed once for every file and
  variant (``python tests/budgets/budgeting_oracle.py``; the slow ones took minutes to hours).

The real files are read from ``shared/data/pabulib`` and never copied; without that folder the
tests skip and say so.
"""

from __future__ import annotations

import json
from functools import cache

import pytest

from tests.budgets.budgeting_oracle import (
    NO_PABULIB_FILES,
    OUTCOMES_FILE,
    PABULIB_DIR,
    pabutools_available,
    run_variant,
)
from wagtail_participation.budgets.engine.budgeting import outcome_for_election
from wagtail_participation.budgets.engine.pabulib import read_pb

FILES = sorted(PABULIB_DIR.glob("*.pb")) if PABULIB_DIR.is_dir() else []
needs_shared = pytest.mark.skipif(not FILES, reason=NO_PABULIB_FILES)
needs_pabutools = pytest.mark.skipif(not pabutools_available(), reason="pabutools not installed (run `make oracle`)")
ORACLE = json.loads(OUTCOMES_FILE.read_text()) if OUTCOMES_FILE.exists() else {}


@cache
def election(name: str):
    return read_pb(PABULIB_DIR / name)


def ours(name: str, variant: str) -> list[str]:
    if variant in ("greedy", "greedy-noskip"):
        return list(outcome_for_election(election(name), variant).selected)
    _, utility, completion, *fill = variant.split("-")
    return list(outcome_for_election(election(name), "mes", utility, completion, greedy_fill=bool(fill)).selected)


def greedy_by_file_columns(name: str, skip: bool = True) -> list[str]:
    """Greedy as the files were made: sort by the file's own votes (approval) or score column, ties by id."""
    e = election(name)
    column = "votes" if e.vote_type in ("approval", "choose-1") else "score"
    order = sorted(e.projects.values(), key=lambda p: (-int(p.fields[column]), p.id))
    left, chosen = e.budget, []
    for project in order:
        if project.cost <= left:
            chosen.append(project.id)
            left -= project.cost
        elif not skip:
            break
    return chosen


@needs_shared
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_greedy_equals_greedy_by_the_files_own_tallies(path):
    assert ours(path.name, "greedy") == greedy_by_file_columns(path.name)
    assert ours(path.name, "greedy-noskip") == greedy_by_file_columns(path.name, skip=False)


KNOWN = {
    # file: (variant that made the file's `selected` column, as the data set's notes record it)
    "Poland_Warszawa_2023_Mokotow.pb": "greedy",
    "Poland_Krakow_2024_Stare_Miasto.pb": "greedy",
    "Poland_Czestochowa_2024_Grabowka.pb": "greedy",
    "Netherlands_Assen_2024.pb": "mes-cost-add1",
    "Poland_Swiecie_2023.pb": "mes-cost-add1",
}


@needs_shared
@pytest.mark.parametrize("name, variant", sorted(KNOWN.items()))
def test_known_real_outcomes_are_reproduced(name, variant):
    expected = election(name).selected_ids()
    assert sorted(ours(name, variant)) == sorted(expected)


@needs_shared
def test_assen_would_wrongly_add_project_7_with_a_greedy_fill():
    assert set(ours("Netherlands_Assen_2024.pb", "mes-cost-add1-fill")) - set(
        ours("Netherlands_Assen_2024.pb", "mes-cost-add1")
    ) == {"7"}


@needs_shared
def test_wieliczka_differs_from_plain_mes_add1_exactly_as_documented():
    """Its rule was "equalshares/add1-comparison": 46 was chosen where plain MES+add1 picks 66 and 67."""
    mine = set(ours("Poland_Wieliczka_2023_Green_Budget.pb", "mes-cost-add1"))
    published = set(election("Poland_Wieliczka_2023_Green_Budget.pb").selected_ids())
    assert published - mine == {"46"}
    assert mine - published == {"66", "67"}


def oracle_cases():
    cases = []
    for name, entry in sorted(ORACLE.items()):
        if name.startswith("_"):
            continue
        for variant, result in entry.items():
            if "selected" in result:
                cases.append(pytest.param(name, variant, result["selected"], id=f"{name[:-3]}-{variant}"))
    return cases


@needs_shared
@pytest.mark.parametrize("name, variant, expected", oracle_cases())
def test_identical_to_pabutools_committed_outcomes(name, variant, expected):
    """Same projects in the same order as pabutools picked them."""
    assert ours(name, variant) == expected


def test_committed_outcomes_cover_every_file_and_variant():
    """Which pabutools runs did not finish is visible here rather than silently missing."""
    if not FILES:
        pytest.skip(NO_PABULIB_FILES)
    missing = [
        (p.name, v)
        for p in FILES
        for v in ("greedy", "mes-approval-none", "mes-cost-none")
        if "selected" not in ORACLE.get(p.name, {}).get(v, {})
    ]
    assert not missing, missing
    with_add1 = sum("selected" in ORACLE.get(p.name, {}).get("mes-cost-add1", {}) for p in FILES)
    assert with_add1 >= 8


LIVE = [
    "Netherlands_Amsterdam_643.pb",
    "Netherlands_Assen_2024.pb",
    "France_Toulouse_2022_1_-_Capitole_Arnaud_Bernard_Carmes.pb",
    "Poland_Czestochowa_2024_Grabowka.pb",
    "Switzerland_Zurich_S5.pb",
]


@needs_shared
@needs_pabutools
@pytest.mark.parametrize("name", LIVE)
@pytest.mark.parametrize(
    "variant",
    ["greedy", "mes-approval-none", "mes-cost-none", "mes-approval-add1", "mes-cost-add1", "mes-cost-add1-fill"],
)
def test_identical_to_pabutools_live(name, variant):
    assert ours(name, variant) == run_variant(str(PABULIB_DIR / name), variant)["selected"]
