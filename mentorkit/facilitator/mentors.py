"""Read a mentor pool (CSV or XLSX) and a list of pairs to exclude, reporting bad rows by number.

Mentor columns: ``name`` (required), ``email``, ``capacity`` (how many mentees, a whole number,
default 1), ``needs`` (the need categories they offer, ``;``-separated, keys or labels),
``skills`` (``;``-separated), ``field``, ``career_stage``, ``languages`` (``;``-separated). Any
other column is kept verbatim in ``Mentor.extra``. Reading reuses the roster reader, so the same
encodings and separators work and problems are reported the same way (``row 4 (Name): rejected: ...``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field
from pathlib import Path

from ..content import Category, match_need
from ..errors import UnusableInput
from ..roster import EMAIL, RowReport, read_table

MAX_CAPACITY = 50

#: Header spellings (lowercased, punctuation as spaces) that mean a mentor column.
MENTOR_ALIASES: dict[str, str] = {
    "name": "name",
    "full name": "name",
    "mentor": "name",
    "mentor name": "name",
    "email": "email",
    "email address": "email",
    "e mail": "email",
    "capacity": "capacity",
    "mentees": "capacity",
    "max mentees": "capacity",
    "needs": "needs",
    "need categories": "needs",
    "offers": "needs",
    "skills": "skills",
    "field": "field",
    "discipline": "field",
    "career stage": "career_stage",
    "stage": "career_stage",
    "languages": "languages",
    "language": "languages",
    "languages spoken": "languages",
}

PAIR_ALIASES: dict[str, str] = {
    "mentee": "mentee",
    "mentee id": "mentee",
    "mentee name": "mentee",
    "mentee email": "mentee",
    "participant": "mentee",
    "mentor": "mentor",
    "mentor name": "mentor",
    "mentor email": "mentor",
    "action": "action",
    "override": "action",
}

#: What a pair-override row can ask for.
ACTIONS = ("pin", "forbid")


@dataclass
class Mentor:
    """One mentor from the pool, with the spreadsheet row it came from."""

    name: str
    email: str = ""
    capacity: int = 1
    needs: list[str] = dc_field(default_factory=list)
    skills: list[str] = dc_field(default_factory=list)
    field: str = ""
    career_stage: str = ""
    languages: list[str] = dc_field(default_factory=list)
    extra: dict[str, str] = dc_field(default_factory=dict)
    row: int = 0

    @property
    def key(self) -> str:
        """How exclusions name this mentor: the email if there is one, else the name (casefolded)."""
        return (self.email or self.name).casefold()


@dataclass
class MentorPool:
    """The mentors that loaded, and one report per row that did not (or had a note)."""

    mentors: list[Mentor]
    reports: list[RowReport] = dc_field(default_factory=list)
    source: Path | None = None

    @property
    def rejected(self) -> list[RowReport]:
        return [r for r in self.reports if r.rejected]

    @property
    def slots(self) -> int:
        return sum(m.capacity for m in self.mentors)


def _norm(header: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", header.casefold()).split())


def split_list(text: str) -> list[str]:
    """``a; b`` (or ``a, b`` when there is no ``;``) into trimmed, non-empty items."""
    separators = r"[;\n]" if (";" in text or "\n" in text) else ","
    return [" ".join(p.split()) for p in re.split(separators, text) if p.strip()]


def read_mentors(path: Path | str, categories: Sequence[Category]) -> MentorPool:
    """Read a mentor pool; good rows load, bad ones are reported with their row number.

    Raises :class:`UnusableInput` when the file cannot be used at all (missing, empty, no name column).
    """
    table = read_table(path)
    columns: dict[str, int] = {}
    extra: dict[int, str] = {}
    for index, header in enumerate(table.header):
        if not header:
            continue
        target = MENTOR_ALIASES.get(_norm(header))
        if target and target not in columns:
            columns[target] = index
        else:
            extra[index] = header
    if "name" not in columns:
        raise UnusableInput(f"{table.source}: no name column in the mentor list (looked for 'name')")
    known = {c.key for c in categories}

    pool = MentorPool([], [], table.source)
    seen: dict[str, Mentor] = {}
    for number, cells in table.rows:
        if not any(c.strip() for c in cells):
            continue

        def get(column: str, cells: list[str] = cells) -> str:
            index = columns.get(column)
            return " ".join(cells[index].split()) if index is not None and index < len(cells) else ""

        name = get("name")
        try:
            mentor = _parse_mentor(number, get, cells, extra, categories)
        except ValueError as exc:
            pool.reports.append(RowReport(number, name[:60], str(exc)))
            continue
        unknown = [n for n in mentor.needs if n not in known]
        if unknown:
            pool.reports.append(RowReport(number, name[:60], "need categories not in the need list "
                                          f"(kept as written): {', '.join(unknown)}", rejected=False))
        if mentor.key in seen:
            earlier = seen[mentor.key]
            pool.reports.append(RowReport(number, name[:60], f"same mentor as row {earlier.row}; "
                                          f"row {earlier.row} superseded by this row", rejected=False))
            pool.mentors.remove(earlier)
        seen[mentor.key] = mentor
        pool.mentors.append(mentor)
    pool.reports.sort(key=lambda r: r.row)
    return pool


def _parse_mentor(number: int, get: Callable[[str], str], cells: list[str], extra: dict[int, str],
                  categories: Sequence[Category]) -> Mentor:
    """One data row as a Mentor; ValueError names the field when the row cannot be used."""
    name = get("name")
    if not name:
        raise ValueError("missing name")
    email = get("email").lower()
    if email and not EMAIL.match(email):
        raise ValueError("email: malformed email address")
    raw_capacity = get("capacity")
    if raw_capacity:
        match = re.fullmatch(r"(\d+)(?:\.0+)?", raw_capacity)
        if not match:
            raise ValueError(f"capacity: {raw_capacity!r} is not a whole number")
        capacity = int(match.group(1))
        if capacity > MAX_CAPACITY:
            raise ValueError(f"capacity: {capacity} is more than {MAX_CAPACITY} mentees")
    else:
        capacity = 1
    needs = []
    for text in split_list(get("needs")):
        key = match_need(text, categories)
        if key not in needs:
            needs.append(key)
    return Mentor(
        name=name,
        email=email,
        capacity=capacity,
        needs=needs,
        skills=split_list(get("skills")),
        field=get("field"),
        career_stage=get("career_stage"),
        languages=split_list(get("languages")),
        extra={header: cells[i] for i, header in extra.items() if i < len(cells) and cells[i].strip()},
        row=number,
    )


@dataclass
class PairOverride:
    """The facilitator's decision about one mentee-mentor pair.

    ``forbid``: never propose it (for example, they worked together before). ``pin``: propose it
    before anything else, whatever its score, as long as the mentor has a place left.
    """

    mentee: str
    mentor: str
    row: int = 0
    action: str = "forbid"


#: The exclusion list of earlier versions: a :class:`PairOverride` whose action is ``forbid``.
ExcludedPair = PairOverride


def read_overrides(path: Path | str, default: str | None = "forbid") -> tuple[list[PairOverride],
                                                                            list[RowReport]]:
    """Read a CSV/XLSX of pairs: ``mentee`` (id, email or name), ``mentor`` (email or name), ``action``.

    ``action`` is ``pin`` or ``forbid``; without an ``action`` column every row is ``default``
    (``None``: the column is required). Bad rows are reported with their row number; good rows load.
    """
    table = read_table(path)
    columns: dict[str, int] = {}
    for index, header in enumerate(table.header):
        target = PAIR_ALIASES.get(_norm(header))
        if target and target not in columns:
            columns[target] = index
    required = ["mentee", "mentor"] + (["action"] if default is None else [])
    missing = [c for c in required if c not in columns]
    if missing:
        raise UnusableInput(f"{table.source}: the pair list needs columns {', '.join(required)} "
                            f"(missing: {', '.join(missing)})")
    pairs, reports = [], []
    for number, cells in table.rows:
        if not any(c.strip() for c in cells):
            continue
        mentee = " ".join(cells[columns["mentee"]].split())
        mentor = " ".join(cells[columns["mentor"]].split())
        if not mentee or not mentor:
            field_name = "mentee" if not mentee else "mentor"
            reports.append(RowReport(number, (mentee or mentor)[:60], f"{field_name}: missing"))
            continue
        action = default or ""
        if "action" in columns:
            action = " ".join(cells[columns["action"]].split()).casefold() or (default or "")
        if action not in ACTIONS:
            shown = cells[columns["action"]].strip()[:20] if "action" in columns else ""
            reports.append(RowReport(number, mentee[:60], f"action: {shown!r} is not one of "
                                     f"{', '.join(ACTIONS)}"))
            continue
        pairs.append(PairOverride(mentee, mentor, number, action))
    return pairs, reports


def read_exclusions(path: Path | str) -> tuple[list[PairOverride], list[RowReport]]:
    """Read a list of pairs never to propose (``mentee``, ``mentor``; an ``action`` column is honoured)."""
    return read_overrides(path, default="forbid")
