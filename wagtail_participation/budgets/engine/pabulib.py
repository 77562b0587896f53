"""Read and write pabulib ``.pb`` files (participatory-budgeting elections), with no Django.

The format (pabulib.org, Stolicki, Szufa & Talmon, arXiv:2012.06539) is UTF-8 text in three
``;``-separated sections, each opened by its name and a header line::

    META
    key;value
    budget;100000
    vote_type;approval
    PROJECTS
    project_id;cost;name;...
    1;7200;PopUp Podium
    VOTES
    voter_id;vote;...
    v1;1,2,6

``read_pb`` checks what a recount depends on and raises ``PbError`` (with the line number) on a
malformed file, before anything is returned, so an importer never half-imports: a missing
section or column, a cost or budget that is not a non-negative number, a duplicate project or
voter id, a ballot naming an unknown project or one twice, points that are not whole numbers or
whose count differs from the ranked projects', and META ``num_projects`` / ``num_votes`` that
disagree with the sections (the sign of a truncated file).

Values are kept as the file's strings except the few the rules use: project costs and the budget
become ``int`` (``Fraction`` if the file has cents, e.g. Kraków 2024's budget 1546168.66, so a
recount stays exact), ballots become tuples of project ids and, for cumulative/scoring ballots,
points. Empty cells are treated as absent, so ``read_pb(write_pb(e)) == e`` holds for any election
whose field values are non-empty strings.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

__all__ = ["PbError", "PbProject", "PbVote", "PbElection", "read_pb", "write_pb", "parse_number", "format_number"]

VOTE_TYPES = ("approval", "choose-1", "cumulative", "scoring", "ordinal")
POINT_TYPES = ("cumulative", "scoring")


class PbError(ValueError):
    """A malformed ``.pb`` file; ``line`` is the 1-based line number where the problem is (0 if none)."""

    def __init__(self, message: str, line: int = 0):
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}" if line else message)


def parse_number(text: str) -> int | Fraction:
    """An exact non-negative-or-negative number from a pabulib cell ("4000", "4000.0", "1546168,66").

    Whole numbers come back as ``int``; anything else as ``Fraction`` (never a float).
    """
    cleaned = text.strip().replace(",", ".")
    if not cleaned or cleaned.lower() in ("nan", "inf", "-inf", "infinity"):
        raise ValueError(f"not a number: {text!r}")
    value = Fraction(cleaned)
    return value.numerator if value.denominator == 1 else value


def format_number(value: int | Fraction) -> str:
    """The pabulib cell for an exact number: "4000", "1546168.66"; a value with no finite decimal form is refused."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    denominator, places = value.denominator, 0
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator != 1:
        raise ValueError(f"{value} has no finite decimal form")
    while (value * 10**places).denominator != 1:
        places += 1
    scaled = abs(value.numerator * 10**places // value.denominator)
    digits = str(scaled).rjust(places + 1, "0")
    sign = "-" if value < 0 else ""
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


@dataclass
class PbProject:
    """One project: its id as written in the file, its cost, its name and every other column as text."""

    id: str
    cost: int | Fraction
    name: str = ""
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class PbVote:
    """One ballot. ``approvals`` lists the projects in the file's order, which for ordinal ballots is the
    ranking (first = most preferred); ``points`` holds cumulative/scoring points; ``fields`` the voter's
    other columns (age, sex, voting_method, district ...)."""

    voter_id: str
    approvals: tuple[str, ...] = ()
    points: dict[str, int] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class PbElection:
    """A whole ``.pb`` file: META as text, projects by id (file order kept), ballots in file order."""

    meta: dict[str, str] = field(default_factory=dict)
    projects: dict[str, PbProject] = field(default_factory=dict)
    votes: list[PbVote] = field(default_factory=list)

    @property
    def budget(self) -> int | Fraction:
        """META ``budget`` exactly: an ``int`` when whole, else a ``Fraction`` (never rounded)."""
        return parse_number(self.meta["budget"])

    @property
    def vote_type(self) -> str:
        return self.meta.get("vote_type", "approval")

    @property
    def max_length(self) -> int | None:
        value = self.meta.get("max_length", "").strip()
        return int(value) if value.isdigit() else None

    def selected_ids(self) -> list[str] | None:
        """The file's own outcome (the PROJECTS ``selected`` column), or None when the file has none."""
        if not any("selected" in p.fields for p in self.projects.values()):
            return None
        return [p.id for p in self.projects.values() if p.fields.get("selected", "0").strip() not in ("", "0")]

    def costs(self) -> dict[str, int | Fraction]:
        return {pid: p.cost for pid, p in self.projects.items()}


def _read_text(path_or_text) -> str:
    if isinstance(path_or_text, Path):
        return path_or_text.read_text(encoding="utf-8-sig")
    if isinstance(path_or_text, bytes):
        return path_or_text.decode("utf-8-sig")
    text = str(path_or_text)
    if "\n" not in text and len(text) < 4096 and os.path.isfile(text):
        with open(text, encoding="utf-8-sig") as handle:
            return handle.read()
    return text.lstrip("\ufeff")


def read_pb(path_or_text) -> PbElection:
    """Parse a ``.pb`` file given as a path (``str`` or ``Path``), its bytes or its text.

    Raises ``PbError`` with the offending line number on malformed input.
    """
    text = _read_text(path_or_text)
    election = PbElection()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    section = ""
    header: list[str] = []
    seen_sections: dict[str, int] = {}
    meta_lines: dict[str, int] = {}
    pending_votes: list[tuple[int, list[str], list[str]]] = []  # votes are read once PROJECTS and META are complete
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise PbError(f"unreadable line ({error})", reader.line_num) from None
        line = reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        name = row[0].strip().lower()
        if len(row) == 1 and name in ("meta", "projects", "votes"):
            if name in seen_sections:
                raise PbError(f"second {name.upper()} section (the first is on line {seen_sections[name]})", line)
            seen_sections[name] = line
            section = name
            try:
                header = [cell.strip() for cell in next(reader)]
            except StopIteration:
                raise PbError(f"{name.upper()} section has no header line", line) from None
            _check_header(section, header, reader.line_num)
            continue
        if not section:
            raise PbError("text before the META section", line)
        if section == "meta":
            key = row[0].strip()
            if not key:
                continue
            if key in election.meta:
                raise PbError(f"META key {key!r} given twice", line)
            election.meta[key] = ";".join(row[1:]).strip()
            meta_lines[key] = line
        elif section == "projects":
            _read_project(election, header, row, line)
        else:
            pending_votes.append((line, row, header))
    for name in ("meta", "projects", "votes"):
        if name not in seen_sections:
            raise PbError(f"the file has no {name.upper()} section")
    if "budget" not in election.meta:
        raise PbError("META has no budget", seen_sections["meta"])
    try:
        budget = election.budget
    except (ValueError, ZeroDivisionError):
        raise PbError(f"budget {election.meta['budget']!r} is not a number", meta_lines["budget"]) from None
    if budget < 0:
        raise PbError("budget is negative", meta_lines["budget"])
    vote_type = election.vote_type
    if vote_type not in VOTE_TYPES:
        raise PbError(f"vote_type {vote_type!r} is not one of {', '.join(VOTE_TYPES)}", meta_lines.get("vote_type", 0))
    voter_lines: dict[str, int] = {}
    for line, row, vote_header in pending_votes:
        vote = _read_vote(election, vote_header, row, line, vote_type)
        if vote.voter_id in voter_lines:
            raise PbError(f"voter {vote.voter_id!r} already voted on line {voter_lines[vote.voter_id]}", line)
        voter_lines[vote.voter_id] = line
        election.votes.append(vote)
    for key, actual in (("num_projects", len(election.projects)), ("num_votes", len(election.votes))):
        declared = election.meta.get(key, "").strip()
        if declared and declared.isdigit() and int(declared) != actual:
            raise PbError(f"META {key} is {declared} but the file has {actual}", meta_lines[key])
    return election


def _check_header(section: str, header: list[str], line: int) -> None:
    required = {"meta": ("key",), "projects": ("project_id", "cost"), "votes": ("voter_id", "vote")}[section]
    for column in required:
        if column not in header:
            raise PbError(f"{section.upper()} header has no {column!r} column", line)
    if len(set(header)) != len(header):
        raise PbError(f"{section.upper()} header names a column twice", line)


def _cells(header: list[str], row: list[str], line: int) -> dict[str, str]:
    if len(row) > len(header):
        raise PbError(f"{len(row)} cells but the header has {len(header)} columns", line)
    # empty cells and pabulib's "None" both mean "no value"
    return {key: value.strip() for key, value in zip(header, row) if value.strip() and value.strip().lower() != "none"}


def _read_project(election: PbElection, header: list[str], row: list[str], line: int) -> None:
    cells = _cells(header, row, line)
    pid = cells.pop("project_id", "")
    if not pid:
        raise PbError("project without a project_id", line)
    if pid in election.projects:
        raise PbError(f"project {pid!r} is listed twice", line)
    if "," in pid:
        raise PbError(f"project id {pid!r} contains a comma", line)
    raw_cost = cells.pop("cost", "")
    try:
        cost = parse_number(raw_cost)
    except (ValueError, ZeroDivisionError):
        raise PbError(f"project {pid!r}: cost {raw_cost!r} is not a number", line) from None
    if cost < 0:
        raise PbError(f"project {pid!r}: cost is negative", line)
    name = cells.pop("name", "")
    election.projects[pid] = PbProject(id=pid, cost=cost, name=name, fields=cells)


def _read_vote(election: PbElection, header: list[str], row: list[str], line: int, vote_type: str) -> PbVote:
    cells = _cells(header, row, line)
    voter_id = cells.pop("voter_id", "")
    if not voter_id:
        raise PbError("ballot without a voter_id", line)
    chosen = tuple(pid.strip() for pid in cells.pop("vote", "").split(",") if pid.strip())
    for pid in chosen:
        if pid not in election.projects:
            raise PbError(f"voter {voter_id!r} votes for project {pid!r}, which is not in PROJECTS", line)
    if len(set(chosen)) != len(chosen):
        raise PbError(f"voter {voter_id!r} names a project twice", line)
    points: dict[str, int] = {}
    raw_points = cells.pop("points", "") if vote_type in POINT_TYPES else ""
    if vote_type in POINT_TYPES and chosen:
        parts = [p.strip() for p in raw_points.split(",")] if raw_points else []
        if len(parts) != len(chosen):
            raise PbError(f"voter {voter_id!r} has {len(chosen)} projects but {len(parts)} points", line)
        for pid, part in zip(chosen, parts):
            try:
                value = int(part)
            except ValueError:
                raise PbError(f"voter {voter_id!r}: points {part!r} are not a whole number", line) from None
            if value < 0 and vote_type == "cumulative":
                raise PbError(f"voter {voter_id!r}: negative points {value}", line)
            points[pid] = value
    if vote_type == "choose-1" and len(chosen) > 1:
        raise PbError(f"voter {voter_id!r} chose {len(chosen)} projects in a choose-1 vote", line)
    return PbVote(voter_id=voter_id, approvals=chosen, points=points, fields=cells)


def write_pb(election: PbElection) -> str:
    """The ``.pb`` text of an election (``\\n`` line ends, ``;`` separators, csv quoting where needed)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    out.write("META\n")
    writer.writerow(["key", "value"])
    for key, value in election.meta.items():
        writer.writerow([key, value])
    out.write("PROJECTS\n")
    extra = _field_names(p.fields for p in election.projects.values())
    has_names = any(p.name for p in election.projects.values())
    writer.writerow(["project_id", "cost"] + (["name"] if has_names else []) + extra)
    for project in election.projects.values():
        row = [project.id, format_number(project.cost)] + ([project.name] if has_names else [])
        writer.writerow(row + [project.fields.get(key, "") for key in extra])
    out.write("VOTES\n")
    with_points = election.vote_type in POINT_TYPES
    extra = _field_names(v.fields for v in election.votes)
    writer.writerow(["voter_id", "vote"] + (["points"] if with_points else []) + extra)
    for vote in election.votes:
        row = [vote.voter_id, ",".join(vote.approvals)]
        if with_points:
            row.append(",".join(str(vote.points.get(pid, 0)) for pid in vote.approvals))
        writer.writerow(row + [vote.fields.get(key, "") for key in extra])
    return out.getvalue()


def _field_names(all_fields) -> list[str]:
    names: dict[str, None] = {}
    for fields in all_fields:
        for key in fields:
            names.setdefault(key, None)
    return list(names)
