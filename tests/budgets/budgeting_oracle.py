"""pabutools 1.2.3 as a test oracle for ``engine/budgeting.py`` (GPL-3: used by tests only, never shipped).

Install with ``make oracle`` (``pip install --no-deps`` of pabutools and the four packages its rules
and parser import; never gurobipy, which only ``pabutools.analysis`` needs).

Outcomes that take pabutools minutes (MES with the add1 completion on the city-wide files) were
computed once and committed in ``tests/budgets/data/pabutools_outcomes.json``. Regenerate them with::

    python tests/budgets/budgeting_oracle.py --write tests/budgets/data/pabutools_outcomes.json [--timeout 3600]

Each (file, variant) runs in its own subprocess so a slow one can be stopped without losing the rest.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

# The real elections are not in git: they are read from a `shared` folder beside the checkout, or
# from the folder WP_SHARED_DIR names (.ci/run sets it when CI's clone lives elsewhere).
SHARED_DIR = Path(os.environ.get("WP_SHARED_DIR") or Path(__file__).resolve().parents[3] / "shared")
PABULIB_DIR = SHARED_DIR / "data" / "pabulib"
NO_PABULIB_FILES = (
    f"real pabulib files not found in {PABULIB_DIR} (no `shared` folder beside the checkout; "
    "WP_SHARED_DIR may name one)"
)
OUTCOMES_FILE = Path(__file__).resolve().parent / "data" / "pabutools_outcomes.json"

# greedy: greedy by the file's own votes/score; mes-<utility>-<completion>[-fill]
VARIANTS = (
    "greedy",
    "mes-approval-none",
    "mes-cost-none",
    "mes-approval-add1",
    "mes-cost-add1",
    "mes-cost-add1-fill",
)


def pabutools_available() -> bool:
    try:
        import pabutools  # noqa: F401
    except ImportError:
        return False
    return True


def _score_sat_class(vote_type: str, max_length):
    """An additive satisfaction whose density (total sat / cost) is the project's votes or points.

    pabutools' greedy selects by total satisfaction divided by cost, so "greedy by votes" is
    ``Cost_Sat`` (sat = cost when approved); by points, sat = points * cost; ordinal ballots get the
    pabulib points convention (rank r, counted from 0, earns k - r points, k = META max_length or,
    without it, the ballot's length).
    """
    from pabutools.election.satisfaction import AdditiveSatisfaction, Cost_Sat

    if vote_type in ("approval", "choose-1"):
        return Cost_Sat

    def points_func(instance, profile, ballot, project, precomputed):
        if vote_type == "ordinal":
            if project not in ballot:
                return 0
            k = max_length if max_length is not None else len(ballot)
            return (k - list(ballot).index(project)) * project.cost
        return ballot.get(project, 0) * project.cost

    class PointsCostSat(AdditiveSatisfaction):
        def __init__(self, instance, profile, ballot):
            AdditiveSatisfaction.__init__(self, instance, profile, ballot, points_func)

    return PointsCostSat


def run_variant(path: str, variant: str, multiprofile: bool = False) -> dict:
    """Run one pabutools rule on one file; the selected ids (in selection order) and the seconds it took."""
    from pabutools.election import Cardinality_Sat, Cost_Sat, parse_pabulib
    from pabutools.rules import completion_by_rule_combination, greedy_utilitarian_welfare, method_of_equal_shares

    instance, profile = parse_pabulib(path)
    if multiprofile:
        profile = profile.as_multiprofile()
    start = time.perf_counter()
    if variant == "greedy":
        max_length = instance.meta.get("max_length")
        sat = _score_sat_class(instance.meta["vote_type"], int(max_length) if max_length else None)
        outcome = greedy_utilitarian_welfare(instance, profile, sat_class=sat)
    else:
        _, utility, completion, *fill = variant.split("-")
        sat = {"approval": Cardinality_Sat, "cost": Cost_Sat}[utility]
        params = {"sat_class": sat}
        if completion == "add1":
            params["voter_budget_increment"] = 1
        if fill:
            outcome = completion_by_rule_combination(
                instance,
                profile,
                [method_of_equal_shares, greedy_utilitarian_welfare],
                [params, {"sat_class": Cost_Sat}],
            )
        else:
            outcome = method_of_equal_shares(instance, profile, **params)
    seconds = time.perf_counter() - start
    return {"selected": [p.name for p in outcome], "seconds": round(seconds, 3), "multiprofile": multiprofile}


def _child(path: str, variant: str, multiprofile: bool) -> None:
    print(json.dumps(run_variant(path, variant, multiprofile)))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, default=OUTCOMES_FILE)
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--only", default="", help="comma-separated file stems to (re)compute")
    parser.add_argument("--skip", default="", help="comma-separated file stems to leave out")
    parser.add_argument("--variants", default=",".join(VARIANTS), help="comma-separated variants")
    parser.add_argument("--child", nargs=3, metavar=("PATH", "VARIANT", "MULTI"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child[0], args.child[1], args.child[2] == "1")
        return 0
    results = json.loads(args.write.read_text()) if args.write.exists() else {}
    results.setdefault(
        "_about",
        {
            "made_by": "python tests/budgets/budgeting_oracle.py --write tests/budgets/data/pabutools_outcomes.json",
            "pabutools": "1.2.3",
            "note": "selected = pabutools' outcome in selection order; multiprofile = run on profile.as_multiprofile() "
            "(same algorithm with ballot multiplicities, used where the plain profile takes too long)",
        },
    )
    files = sorted(PABULIB_DIR.glob("*.pb"), key=lambda p: p.stat().st_size)
    only = {s for s in args.only.split(",") if s}
    skip = {s for s in args.skip.split(",") if s}
    for path in files:
        if (only and path.stem not in only) or path.stem in skip:
            continue
        entry = results.setdefault(path.name, {})
        for variant in args.variants.split(","):
            if variant in entry and "selected" in entry[variant]:
                continue
            # the big files run on the multiprofile (pabutools' own representation of repeated ballots)
            multi = path.stat().st_size > 200_000
            cmd = [sys.executable, __file__, "--child", str(path), variant, "1" if multi else "0"]
            try:
                done = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout, check=True)
                entry[variant] = json.loads(done.stdout.strip().splitlines()[-1])
            except subprocess.TimeoutExpired:
                entry[variant] = {"timeout": args.timeout}
            except subprocess.CalledProcessError as error:
                entry[variant] = {"error": error.stderr.strip().splitlines()[-1][:300]}
            print(path.name, variant, entry[variant], flush=True)
            args.write.parent.mkdir(parents=True, exist_ok=True)
            args.write.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
