"""engine/pabulib.py: reading and writing .pb files (plain pytest + hypothesis, no database)."""

from collections import Counter
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.budgets.budgeting_oracle import NO_PABULIB_FILES, PABULIB_DIR
from wagtail_participation.budgets.engine.pabulib import (
    PbElection,
    PbError,
    PbProject,
    PbVote,
    format_number,
    parse_number,
    read_pb,
    write_pb,
)

REAL_FILES = sorted(PABULIB_DIR.glob("*.pb")) if PABULIB_DIR.is_dir() else []
needs_shared = pytest.mark.skipif(not REAL_FILES, reason=NO_PABULIB_FILES)

SMALL = """META
key;value
description;A "test"; with a semicolon
num_projects;3
num_votes;3
budget;1000,5
vote_type;cumulative
PROJECTS
project_id;cost;name;category
1;500;Repaircafé;Groen,Jeugd
2;600.0;Bankjes;
3;250;Speeltuin;Groen
VOTES
voter_id;vote;points;age
a;1,3;2,1;34
b;2;3;None
c;;;
"""


def test_reads_a_small_file_exactly():
    election = read_pb(SMALL)
    assert election.budget == Fraction(2001, 2)
    assert election.vote_type == "cumulative"
    assert election.meta["description"] == 'A "test"; with a semicolon'
    assert list(election.projects) == ["1", "2", "3"]
    assert election.projects["1"] == PbProject(id="1", cost=500, name="Repaircafé", fields={"category": "Groen,Jeugd"})
    assert election.projects["2"].cost == 600 and isinstance(election.projects["2"].cost, int)
    assert election.projects["2"].fields == {}  # empty cell = absent
    assert election.votes[0] == PbVote(
        voter_id="a", approvals=("1", "3"), points={"1": 2, "3": 1}, fields={"age": "34"}
    )
    assert election.votes[1].fields == {}  # "None" = absent
    assert election.votes[2].approvals == () and election.votes[2].points == {}
    assert election.selected_ids() is None


def test_round_trip_of_the_small_file():
    election = read_pb(SMALL)
    text = write_pb(election)
    assert read_pb(text) == election
    assert "budget;1000,5" in text  # META keeps the file's own text


def test_reads_from_a_path_and_bytes(tmp_path):
    path = tmp_path / "small.pb"
    path.write_text("\ufeff" + SMALL, encoding="utf-8")  # a BOM as some exports have
    assert read_pb(path) == read_pb(str(path)) == read_pb(SMALL) == read_pb(SMALL.encode())


@pytest.mark.parametrize(
    "change, line, words",
    [
        (("1;500;Repaircafé", "1;5x0;Repaircafé"), 10, "cost '5x0' is not a number"),
        (("1;500;Repaircafé", "1;-5;Repaircafé"), 10, "negative"),
        (("3;250;Speeltuin", "2;250;Speeltuin"), 12, "listed twice"),
        (("b;2;3;None", "b;9;3;None"), 16, "project '9', which is not in PROJECTS"),
        (("b;2;3;None", "a;2;3;None"), 16, "already voted on line 15"),
        (("a;1,3;2,1;34", "a;1,3;2;34"), 15, "2 projects but 1 points"),
        (("a;1,3;2,1;34", "a;1,3;2,x;34"), 15, "not a whole number"),
        (("a;1,3;2,1;34", "a;1,3;2,-1;34"), 15, "negative points"),
        (("a;1,3;2,1;34", "a;1,1;2,1;34"), 15, "twice"),
        (("num_votes;3", "num_votes;4"), 5, "num_votes is 4 but the file has 3"),
        (("budget;1000,5", "budget;lots"), 6, "budget 'lots' is not a number"),
        (("vote_type;cumulative", "vote_type;quadratic"), 7, "vote_type 'quadratic'"),
        (("c;;;", "c;;;;;"), 17, "6 cells but the header has 4 columns"),
        (("project_id;cost;name;category", "project_id;price;name;category"), 9, "no 'cost' column"),
    ],
)
def test_malformed_files_say_what_and_where(change, line, words):
    old, new = change
    assert old in SMALL
    with pytest.raises(PbError) as caught:
        read_pb(SMALL.replace(old, new, 1))
    assert caught.value.line == line
    assert words in caught.value.message
    assert str(caught.value).startswith(f"line {line}: ")


def test_missing_sections_and_budget():
    with pytest.raises(PbError, match="no VOTES section"):
        read_pb(SMALL.split("VOTES")[0])
    with pytest.raises(PbError, match="META has no budget"):
        read_pb(SMALL.replace("budget;1000,5\n", ""))
    with pytest.raises(PbError, match="before the META section"):
        read_pb("hello\n" + SMALL)
    with pytest.raises(PbError, match="choose-1"):
        read_pb(
            "META\nkey;value\nbudget;10\nvote_type;choose-1\nPROJECTS\nproject_id;cost\n1;5\n2;5\nVOTES\nvoter_id;vote\nv;1,2\n"
        )


def test_numbers_are_exact():
    assert parse_number("4000.0") == 4000 and isinstance(parse_number("4000.0"), int)
    assert parse_number("1546168.66") == Fraction(154616866, 100)
    assert parse_number("12,5") == Fraction(25, 2)
    assert format_number(Fraction(154616866, 100)) == "1546168.66"
    assert format_number(Fraction(1, 8)) == "0.125"
    assert format_number(7) == "7"
    with pytest.raises(ValueError):
        format_number(Fraction(1, 3))
    with pytest.raises(ValueError):
        parse_number("nan")


ids = st.text(alphabet="abcXYZ0123456789_-", min_size=1, max_size=6)
cells = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12).filter(
    lambda s: s.strip() == s and s.lower() != "none"
)


@st.composite
def elections(draw):
    vote_type = draw(st.sampled_from(["approval", "choose-1", "cumulative", "ordinal"]))
    project_ids = draw(st.lists(ids, min_size=1, max_size=6, unique=True))
    projects = {
        pid: PbProject(
            id=pid,
            cost=draw(st.integers(0, 10**9) | st.builds(lambda n: Fraction(n, 100), st.integers(0, 10**6))),
            name=draw(cells | st.just("")),
            fields=draw(st.dictionaries(st.sampled_from(["category", "district", "x;y"]), cells, max_size=2)),
        )
        for pid in project_ids
    }
    votes = []
    for number in range(draw(st.integers(0, 6))):
        size = 1 if vote_type == "choose-1" else len(project_ids)
        chosen = tuple(draw(st.lists(st.sampled_from(project_ids), max_size=size, unique=True)))
        points = {pid: draw(st.integers(1, 10)) for pid in chosen} if vote_type == "cumulative" else {}
        fields = draw(st.dictionaries(st.sampled_from(["age", "sex"]), cells, max_size=2))
        votes.append(PbVote(voter_id=f"v{number}", approvals=chosen, points=points, fields=fields))
    meta = {"budget": format_number(draw(st.integers(0, 10**9))), "vote_type": vote_type, "description": draw(cells)}
    return PbElection(meta=meta, projects=projects, votes=votes)


@settings(max_examples=150, deadline=None)
@given(elections())
def test_write_then_read_gives_the_same_election(election):
    assert read_pb(write_pb(election)) == election


# -- the real elections ------------------------------------------------------------------------


@needs_shared
@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.stem)
def test_real_files_round_trip_and_match_their_tallies(path):
    election = read_pb(path)
    assert len(election.projects) == int(election.meta["num_projects"])
    assert len(election.votes) == int(election.meta["num_votes"])
    assert read_pb(write_pb(election)) == election
    # the PROJECTS votes/score columns equal a recount of the ballots
    votes = Counter(pid for vote in election.votes for pid in vote.approvals)
    for project in election.projects.values():
        assert int(project.fields["votes"]) == votes[project.id], project.id
    if election.vote_type == "cumulative":
        points = Counter()
        for vote in election.votes:
            points.update(vote.points)
        assert {p.id: int(p.fields["score"]) for p in election.projects.values()} == {
            p: points[p] for p in election.projects
        }
    if election.vote_type == "ordinal":
        k = election.max_length
        scores = Counter()
        for vote in election.votes:
            for rank, pid in enumerate(vote.approvals):
                scores[pid] += k - rank
        assert {p.id: int(p.fields["score"]) for p in election.projects.values()} == {
            p: scores[p] for p in election.projects
        }


@needs_shared
def test_budget_with_cents_stays_exact():
    election = read_pb(PABULIB_DIR / "Poland_Krakow_2024_Stare_Miasto.pb")
    assert election.budget == Fraction("1546168.66")
    assert len(election.selected_ids()) == 5
