"""Import a cohort's intake-form export (CSV or XLSX) into one workbook per participant.

Canonical columns: ``name`` (required), ``email``, ``id``, ``role``, ``career_stage``, ``field``,
``goals`` (one per line or ``;``-separated), ``needs`` and ``values`` (``;``-separated) and one
``skill: <Skill name>`` column per skill holding 1-5. Google Forms and Microsoft Forms exports work
as they are (``Email Address``, ``Full name``, rating grids ``Question [Row]``); any other header can
be mapped with a TOML file. Every data row is imported or reported with its spreadsheet row number.

Bounds and odd files: a cell longer than :data:`MAX_CELL` characters (CSV or XLSX) rejects its row with
a report; a row with more than ``MAX_GOALS`` goals likewise. A CSV whose quoted field runs away
(an unclosed quote swallowing lines that look like rows) is refused, naming the line where the quote
opened. UTF-16 without a byte-order mark is recognised; any encoding other than UTF-8 is named in the
result's notes. A second column with the same meaning (two ``name`` columns) is kept in ``extra``.
"""

from __future__ import annotations

import csv
import io
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from pydantic import ValidationError

from .content import Category, match_need
from .errors import MentorkitError, UnusableInput
from .ids import id_from, unique_id
from .model import MAX_GOALS, MAX_SMALL_LIST, MAX_TEXT, Goal, Profile, Skill, Workbook
from .store import ID_PATTERN, Cohort, validation_problems
from .tomlfile import read_toml

PROFILE_FIELDS = ("name", "email", "id", "role", "career_stage", "field")
LIST_FIELDS = ("goals", "needs", "values")

#: Header spellings (after normalising case, spaces and punctuation) that mean a canonical column.
ALIASES: dict[str, str] = {
    "name": "name",
    "full name": "name",
    "your name": "name",
    "participant name": "name",
    "email": "email",
    "e mail": "email",
    "email address": "email",
    "your email": "email",
    "id": "id",
    "participant id": "id",
    "role": "role",
    "job title": "role",
    "position": "role",
    "career stage": "career_stage",
    "stage": "career_stage",
    "field": "field",
    "field of work": "field",
    "discipline": "field",
    "goals": "goals",
    "goal": "goals",
    "needs": "needs",
    "values": "values",
}

EMAIL = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;.]{2,}$")
GRID = re.compile(r"^(?P<question>.+?)\s*\[(?P<row>[^\[\]]+)\]\s*$")
SKILL = re.compile(r"^\s*skill\s*:\s*(?P<name>.+?)\s*$", re.IGNORECASE)
RATING = re.compile(r"^\s*(?P<n>\d+)(?:\.0+)?(?:\s*[-–:(].*)?\s*$")
ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")
#: The longest cell imported (CSV and XLSX alike); longer ones reject their row with a report.
MAX_CELL = MAX_TEXT
#: The largest roster file read (CSV or XLSX).
MAX_ROSTER_BYTES = 64 * 1024 * 1024
#: An XLSX whose parts unpack to more than this is refused as a whole (a zip bomb).
MAX_XLSX_UNPACKED = 512 * 1024 * 1024


@dataclass
class RowReport:
    """What happened to one spreadsheet row."""

    row: int
    who: str
    message: str
    rejected: bool = True

    def __str__(self) -> str:
        who = f" ({self.who})" if self.who else ""
        verdict = "rejected" if self.rejected else "note"
        return f"row {self.row}{who}: {verdict}: {self.message}"


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    reports: list[RowReport] = field(default_factory=list)
    #: File-level notes (encoding used, duplicate columns kept in extra ...).
    notes: list[str] = field(default_factory=list)
    #: ``<path>: skipped: <reason>`` for each workbook file of the cohort that could not be used.
    skipped_files: list[str] = field(default_factory=list)

    @property
    def rejected(self) -> list[RowReport]:
        return [r for r in self.reports if r.rejected]

    @property
    def exit_code(self) -> int:
        return 1 if self.rejected or self.skipped_files else 0

    def summary(self) -> str:
        return (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.rejected)} rejected"
        )


@dataclass
class Table:
    """A spreadsheet read as text: header and rows with their spreadsheet row numbers."""

    source: Path
    header: list[str]
    rows: list[tuple[int, list[str]]]
    notes: list[str] = field(default_factory=list)
    #: Row number -> (column index, length) of a cell over :data:`MAX_CELL` (its text is not kept).
    oversized: dict[int, tuple[int, int]] = field(default_factory=dict)


@dataclass
class ColumnPlan:
    """How each column index is used."""

    canonical: dict[str, int] = field(default_factory=dict)
    skills: dict[int, str] = field(default_factory=dict)
    #: Skill columns that came from a form's rating grid: a bad cell there is reported and skipped.
    grid_skills: set[int] = field(default_factory=set)
    extra: dict[int, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass
class Parsed:
    row: int
    profile: dict[str, str]
    extra: dict[str, str]
    skills: list[Skill]
    goals: list[str]
    needs: list[str]
    values: list[str]
    #: One message per rating-grid cell skipped (not a whole number 1-5).
    skipped_cells: list[str] = field(default_factory=list)


# -- reading ------------------------------------------------------------------------------------
def read_table(path: Path | str) -> Table:
    """Read a CSV (any common encoding, comma/semicolon/tab) or XLSX file into text cells."""
    path = Path(path)
    if not path.exists():
        raise UnusableInput(f"{path}: file not found")
    if path.is_dir():
        raise UnusableInput(f"{path}: is a folder, not a roster file")
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):  # a named pipe or a device would hang or never end
        raise UnusableInput(f"{path}: not a regular file (a pipe or a device?)")
    if info.st_size > MAX_ROSTER_BYTES:
        raise UnusableInput(f"{path}: {info.st_size} bytes; the limit for a roster is {MAX_ROSTER_BYTES}")
    notes: list[str] = []
    grid = _read_xlsx(path) if path.suffix.lower() in (".xlsx", ".xlsm") else _read_csv(path, notes)
    numbered = [(n, cells) for n, cells in enumerate(grid, start=1)]
    while numbered and not any(c.strip() for c in numbered[0][1]):
        numbered.pop(0)
    if not numbered:
        raise UnusableInput(f"{path}: the file is empty")
    header = [_clean_header(h[:MAX_CELL]) for h in numbered[0][1]]
    table = Table(path, header, [], notes)
    for n, cells in numbered[1:]:
        for index, cell in enumerate(cells):
            if len(cell) > MAX_CELL:  # checked before any copy of the text is made
                table.oversized.setdefault(n, (index, len(cell)))
        cleaned = [_clean_cell(c) if len(c) <= MAX_CELL else "" for c in cells]
        if n in table.oversized:
            cleaned[table.oversized[n][0]] = "\u2026"  # not blank: the row is reported, not skipped
        table.rows.append((n, cleaned + [""] * (len(header) - len(cells))))
    return table


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _clean_cell(text: str) -> str:
    """Line breaks normalised to ``\\n``; other control characters (NUL, escape ...) removed."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _clean_header(text: str) -> str:
    return " ".join(_CONTROL.sub("", str(text).replace("\ufeff", "")).split())


def _utf16_without_bom(data: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when NUL bytes alternate like UTF-16 text's, else None."""
    sample = data[:4096]
    half = len(sample) // 2
    if half < 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= 0.3 * half and even <= 0.05 * half:
        return "utf-16-le"
    if even >= 0.3 * half and odd <= 0.05 * half:
        return "utf-16-be"
    return None


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    """The text and the encoding it was read with (UTF-8 first, then the usual fallbacks)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            raise UnusableInput(
                f"{path}: looks like UTF-16 text without a byte-order mark but does not decode as "
                f"{utf16}; save it as UTF-8 CSV and import again"
            ) from None
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise UnusableInput(f"{path}: cannot decode the text")  # pragma: no cover - latin-1 never fails


def _read_csv(path: Path, notes: list[str] | None = None) -> list[list[str]]:
    notes = notes if notes is not None else []
    try:
        text, encoding = _decode(path.read_bytes(), path)
    except OSError as exc:
        raise UnusableInput(f"{path}: cannot read: {exc.strerror or exc}") from None
    if encoding == "utf-16-le" or encoding == "utf-16-be":
        notes.append(f"read as {encoding.upper()} (no byte-order mark): check that names look right")
    elif encoding not in ("utf-8-sig", "utf-16"):
        notes.append(f"not UTF-8: read as {encoding}; check that accented names look right, or save "
                     "the file as UTF-8 and import again")
    nuls = text.count("\x00")
    if nuls:
        notes.append(f"{nuls} NUL character(s) removed")
        text = text.replace("\x00", "")
    delimiter = _sniff_delimiter(text[:20000].split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    try:
        line = 0
        for row in reader:
            records.append((line + 1, row))
            line = reader.line_num
    except csv.Error as exc:
        raise UnusableInput(f"{path}: line {reader.line_num + 1}: not a readable CSV file: {exc} "
                            "(an unclosed quote?)") from None
    if records:
        _refuse_runaway(records, len(records[0][1]), delimiter, path)
    return [row for _, row in records]


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _looks_like_row(line: str, width: int, delimiter: str) -> bool:
    """A line with exactly the header's number of cells, one an e-mail address (or >= 4 columns)."""
    cells = next(csv.reader([line], delimiter=delimiter), [])
    if width < 2 or len(cells) != width:
        return False
    return width >= 4 or any(EMAIL.match(c.strip()) for c in cells)


def _refuse_runaway(records: list[tuple[int, list[str]]], width: int, delimiter: str, path: Path) -> None:
    """Refuse a CSV where a quoted field runs on over lines that look like rows (an unclosed quote).

    Without this the rows after the quote become text inside one cell of the row before it.
    """
    for start, row in records:
        line = start
        for cell in row:
            breaks = len(_LINE_BREAK.findall(cell))
            if breaks:
                inner = _LINE_BREAK.split(cell)[1:]
                rowlike = sum(1 for text in inner if _looks_like_row(text, width, delimiter))
                if rowlike:
                    raise UnusableInput(
                        f"{path}: line {line}: a quoted field opens here and runs on for {breaks} more "
                        f"line(s), {rowlike} of which look like rows: an unclosed quote? Nothing was "
                        "imported; close the quote and import again"
                    )
            line += breaks


def _sniff_delimiter(first_line: str) -> str:
    """Comma, semicolon or tab: the one whose header has a name column, else the most frequent."""
    candidates = sorted((",", ";", "\t"), key=first_line.count, reverse=True)
    for delimiter in candidates:
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        if any(ALIASES.get(_norm(_clean_header(c))) == "name" for c in cells):
            return delimiter
    return candidates[0] if first_line.count(candidates[0]) else ","


def _read_xlsx(path: Path) -> list[list[str]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_XLSX_UNPACKED:
            raise UnusableInput(f"{path}: unpacks to {unpacked} bytes; the limit is {MAX_XLSX_UNPACKED}")
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise UnusableInput(f"{path}: not a readable XLSX file: {exc}") from None
    try:
        sheet = book.worksheets[0]
        return [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


# -- column mapping -----------------------------------------------------------------------------
def _norm(header: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", header.casefold()).split())


def load_column_map(path: Path | str) -> dict[str, str]:
    """Read a ``--columns`` TOML file: a ``[columns]`` table of ``"Header" = "canonical"``."""
    path = Path(path)
    data = read_toml(path, "column map")
    columns = data.get("columns", data)
    mapping = {}
    for header, target in columns.items():
        if not isinstance(target, str):
            raise UnusableInput(f"{path}: column {header!r} must map to a text value")
        target = target.strip()
        if target not in PROFILE_FIELDS + LIST_FIELDS + ("extra", "ignore") and not SKILL.match(
            target
        ):
            raise UnusableInput(
                f"{path}: column {header!r} maps to unknown {target!r}; use one of "
                f"{', '.join(PROFILE_FIELDS + LIST_FIELDS)}, 'skill: <name>', 'extra' or 'ignore'"
            )
        mapping[_clean_header(header)] = target
    return mapping


def plan_columns(table: Table, column_map: dict[str, str] | None = None) -> ColumnPlan:
    """Decide what each column means: canonical field, skill rating, or verbatim extra."""
    column_map = column_map or {}
    plan = ColumnPlan()
    grid_columns: dict[str, list[tuple[int, str]]] = {}
    normalised = {_norm(h) for h in table.header}
    # Microsoft Forms numbers its responses in an "ID" column: that is not a participant id.
    ms_forms = {"start time", "completion time"} <= normalised
    for index, header in enumerate(table.header):
        if not header:
            continue
        target = column_map.get(header) or ALIASES.get(_norm(header))
        if ms_forms and target == "id" and header not in column_map:
            target = "extra"
        if target == "ignore":
            continue
        skill = SKILL.match(target or header)
        if skill:
            plan.skills[index] = skill.group("name")
        elif target in PROFILE_FIELDS + LIST_FIELDS and target not in plan.canonical:
            plan.canonical[target] = index
        elif target in PROFILE_FIELDS + LIST_FIELDS:
            first = plan.canonical[target] + 1
            plan.extra[index] = header
            plan.notes.append(f"columns {first} and {index + 1} both mean '{target}': column {first} "
                              f"is used, column {index + 1} is kept verbatim in the profile's extra")
        elif target != "extra" and (grid := GRID.match(header)):
            grid_columns.setdefault(grid.group("question"), []).append(
                (index, grid.group("row").strip())
            )
        else:
            plan.extra[index] = header
    # A grid question whose answers are mostly ratings 1-5 is a skills self-assessment; a stray
    # cell (out of range, not a number) is reported and skipped per person when the rows are read.
    for columns in grid_columns.values():
        cells = [row[i] for _, row in table.rows for i, _ in columns if row[i].strip()]
        good = sum(1 for c in cells if _rating(c) is not None)
        if cells and good * 2 > len(cells):
            plan.skills.update(dict(columns))
            plan.grid_skills.update(i for i, _ in columns)
        else:
            plan.extra.update({i: table.header[i] for i, _ in columns})
    # Two extra columns with one header keep both: the later ones are named by their column number.
    seen: set[str] = set()
    for index in sorted(plan.extra):
        key = plan.extra[index]
        if key.casefold() in seen:
            plan.extra[index] = f"{key} (column {index + 1})"
        seen.add(plan.extra[index].casefold())
    if len(plan.extra) > MAX_SMALL_LIST:
        raise UnusableInput(f"{table.source}: {len(plan.extra)} unmapped columns; at most {MAX_SMALL_LIST} "
                            "are kept: map or ignore some with --columns")
    if "name" not in plan.canonical:
        raise UnusableInput(
            f"{table.source}: no name column (looked for 'name', 'Full name', 'Name'); "
            "map one with --columns"
        )
    return plan


def _rating(cell: str) -> int | None:
    """The whole number 1-5 a rating cell holds (``4``, ``4.0``, ``3 - Okay``), or None."""
    match = RATING.match(cell)
    level = int(match.group("n")) if match else None
    return level if level is not None and 1 <= level <= 5 else None


# -- rows -----------------------------------------------------------------------------------------
def _split(text: str, separators: str = ";\n") -> list[str]:
    parts = re.split(f"[{re.escape(separators)}]", text)
    return [" ".join(p.split()) for p in parts if p.strip()]


def _split_choices(text: str) -> list[str]:
    """``;``-separated lists; a form's checkbox answer (``a, b, c``) when there is no ``;``."""
    return _split(text, ";\n" if ";" in text or "\n" in text else ",")


def parse_row(
    number: int, cells: list[str], table: Table, plan: ColumnPlan, needs_known: Sequence[Category]
) -> Parsed:
    """Validate one data row; raise ValueError with a short reason if it cannot be imported."""

    def get(name: str) -> str:
        index = plan.canonical.get(name)
        return cells[index].strip() if index is not None else ""

    if number in table.oversized:
        index, length = table.oversized[number]
        header = table.header[index] if index < len(table.header) else f"column {index + 1}"
        raise ValueError(f"column '{header}' (column {index + 1}) has {length} characters; "
                         f"the limit is {MAX_CELL}")
    profile = {name: " ".join(get(name).split()) for name in PROFILE_FIELDS}
    if not profile["name"]:
        raise ValueError("missing name")
    email = profile["email"]
    if email.casefold() == "anonymous":  # Microsoft Forms without sign-in
        email = ""
    if email and not EMAIL.match(email):
        raise ValueError("malformed email address")
    profile["email"] = email.lower()
    if profile["id"] and not ID_PATTERN.match(profile["id"]):
        raise ValueError("bad id: use lowercase letters, digits and '-' only")
    skills = []
    skipped: list[str] = []
    for index, skill_name in plan.skills.items():
        cell = cells[index].strip()
        if not cell:
            continue
        level = _rating(cell)
        if level is None and index in plan.grid_skills:
            skipped.append(f"column {index + 1} '{table.header[index]}': {cell[:40]!r} is not a whole "
                           "number 1-5; this rating was skipped, the rest of the row imported")
            continue
        if level is None:
            raise ValueError(f"rating for skill '{skill_name}' is not a whole number 1-5")
        skills.append(Skill(name=skill_name, current=level))
    parsed = Parsed(
        row=number,
        profile=profile,
        extra={header: cells[i] for i, header in plan.extra.items() if cells[i].strip()},
        skills=skills,
        goals=_split(get("goals")),
        needs=[match_need(n, needs_known) for n in _split_choices(get("needs"))],
        values=_split_choices(get("values")),
        skipped_cells=skipped,
    )
    limits = {"goals": MAX_GOALS, "needs": MAX_SMALL_LIST, "values": MAX_SMALL_LIST,
              "skills": MAX_SMALL_LIST}
    for name, limit in limits.items():
        if len(getattr(parsed, name)) > limit:
            raise ValueError(f"{len(getattr(parsed, name))} {name}; the limit is {limit}")
    return parsed


def _merge_profile(workbook: Workbook, parsed: Parsed) -> None:
    """Update the profile from the roster and add roster items the workbook does not have yet."""
    updates = {k: v for k, v in parsed.profile.items() if k != "id" and v}
    extra = {**workbook.profile.extra, **parsed.extra}
    workbook.profile = workbook.profile.model_copy(update={**updates, "extra": extra})
    have_skills = {s.name.casefold() for s in workbook.skills}
    workbook.skills = workbook.skills + [
        s for s in parsed.skills if s.name.casefold() not in have_skills
    ]
    have_goals = {g.text.strip().casefold() for g in workbook.goals}
    workbook.goals = workbook.goals + [
        Goal(text=t) for t in parsed.goals if t.casefold() not in have_goals
    ]
    workbook.needs = workbook.needs + [n for n in parsed.needs if n not in workbook.needs]
    workbook.values = workbook.values + [v for v in parsed.values if v not in workbook.values]


def import_roster(
    roster: Path | str,
    cohort: Cohort | Path | str,
    column_map: dict[str, str] | None = None,
) -> ImportResult:
    """Import every usable row of ``roster`` into ``cohort``; report the others.

    Raises :class:`UnusableInput` when the file cannot be used at all.
    """
    cohort = cohort if isinstance(cohort, Cohort) else Cohort(cohort)
    table = read_table(roster)
    plan = plan_columns(table, column_map)
    needs_known = list(cohort.content.need_categories)
    result = ImportResult(notes=table.notes + plan.notes)

    # Validate every row first; the same email later in the file supersedes the earlier row.
    accepted: dict[str, Parsed] = {}
    for number, cells in table.rows:
        if not any(c.strip() for c in cells):
            continue
        name_index = plan.canonical["name"]
        who = " ".join(cells[name_index].split())[:60] if name_index < len(cells) else ""
        try:
            parsed = parse_row(number, cells, table, plan, needs_known)
        except ValueError as exc:
            result.reports.append(RowReport(number, who, str(exc)))
            continue
        result.reports.extend(RowReport(number, who, m, rejected=False) for m in parsed.skipped_cells)
        key = parsed.profile["email"] or f"row:{number}"
        if key in accepted:
            earlier = accepted.pop(key)
            result.reports.append(
                RowReport(number, who, f"same email as row {earlier.row}; row {earlier.row} "
                          "superseded by this row", rejected=False)
            )
        accepted[key] = parsed

    cohort.ensure()
    scan = cohort.scan()
    result.skipped_files = scan.lines()
    existing: dict[str, Workbook | MentorkitError] = {e.id: e.workbook for e in scan.entries}
    for path, reason in scan.skipped:  # never touch a file we cannot read
        if ID_PATTERN.match(path.stem):
            existing[path.stem] = MentorkitError(f"{path}: {reason}")
    by_email = {
        wb.profile.email: pid
        for pid, wb in existing.items()
        if isinstance(wb, Workbook) and wb.profile.email
    }
    taken = set(existing)
    claimed: set[str] = set()

    for parsed in sorted(accepted.values(), key=lambda p: p.row):
        who = parsed.profile["name"]
        pid = parsed.profile["id"] or by_email.get(parsed.profile["email"], "")
        if not pid:
            base = id_from(who, parsed.profile["email"])
            # An unreadable workbook under the same id may be this person: do not guess.
            pid = base if isinstance(existing.get(base), MentorkitError) else unique_id(base, taken)
        if pid in claimed:
            result.reports.append(RowReport(parsed.row, who, f"id '{pid}' already used by "
                                            "another row of this file"))
            continue
        claimed.add(pid)
        taken.add(pid)
        current = existing.get(pid)
        if isinstance(current, MentorkitError):
            result.reports.append(
                RowReport(parsed.row, who, f"workbook {pid}.json cannot be read; left unchanged")
            )
            continue
        try:
            if current is None:
                workbook = Workbook(profile=Profile(id=pid, name=who))
                _merge_profile(workbook, parsed)
                cohort.create(workbook)
                result.created.append(pid)
            else:
                cohort.update(pid, partial(_merge_profile, parsed=parsed))
                result.updated.append(pid)
        except ValidationError as exc:
            problems = "; ".join(f"{f}: {m}" for f, m in validation_problems(exc))
            result.reports.append(RowReport(parsed.row, who, problems))
        except (MentorkitError, ValueError) as exc:
            result.reports.append(RowReport(parsed.row, who, str(exc).splitlines()[0]))
    result.reports.sort(key=lambda r: r.row)
    return result
