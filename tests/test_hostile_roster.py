"""Hostile and odd roster input: every row is imported or reported, nothing escapes the cohort."""

from __future__ import annotations

import contextlib
import csv
import io
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorkit.cli import main
from mentorkit.roster import import_roster
from mentorkit.store import Cohort

HOSTILE_CELLS = [
    "../../x",
    "/etc/passwd",
    "CON",
    "a/b",
    "..\\..\\windows",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "**bold** _it_ [link](javascript:alert(3))",
    "$\\frac{1}{0}$ \\input{/etc/passwd}",
    "=HYPERLINK(\"http://evil.invalid\",\"click\")",
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
    "🙂🚀 mentoring ✨",
    "مرحبا بالعالم",
    "שלום עולם",
    "張偉",
    "x" * 10_000,
    "nul\x00inside\x01and\x1bescape",
    "\u202eright-to-left override",
    "",
]


def hostile_roster(path: Path) -> int:
    """Write a roster whose every column gets every hostile value; returns the non-blank row count."""
    header = ["name", "email", "id", "role", "field", "goals", "needs", "values", "skill: Writing"]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    rows = 0
    for i, cell in enumerate(HOSTILE_CELLS):
        # As name (with a fresh email), as id, and in every free-text column.
        writer.writerow([cell, f"p{i}@example.org", "", cell, cell, cell, cell, cell, "3"])
        writer.writerow([f"Person {i}", f"q{i}@example.org", cell, "", "", "", "", "", cell])
        rows += 2
    writer.writerow(["Dup Id", "d1@example.org", "same-id", "", "", "", "", "", ""])
    writer.writerow(["Dup Id Again", "d2@example.org", "same-id", "", "", "", "", "", ""])
    writer.writerow(["Dup Email", "dup@example.org", "", "", "", "", "", "", ""])
    writer.writerow(["Dup Email Again", "dup@example.org", "", "", "", "", "", "", ""])
    writer.writerow([""] * len(header))  # every column empty: skipped silently
    rows += 4
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return rows


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*")}


def test_hostile_roster_every_row_imported_or_reported(tmp_path: Path) -> None:
    roster = tmp_path / "hostile.csv"
    expected_rows = hostile_roster(roster)
    before = files_under(tmp_path)
    result = import_roster(roster, tmp_path / "cohort")
    cohort = Cohort(tmp_path / "cohort")

    # Nothing written outside the cohort folder.
    outside = {p for p in files_under(tmp_path) - before if tmp_path / "cohort" not in p.parents}
    assert outside == {tmp_path / "cohort"}
    assert not (tmp_path.parent / "x").exists()

    # Each non-blank row is either a workbook or a report line (superseded rows are both noted).
    reported_rows = {r.row for r in result.reports}
    assert len(result.created) + len(result.rejected) + sum(
        1 for r in result.reports if not r.rejected
    ) == expected_rows
    assert len(set(result.created)) == len(result.created)
    assert all(path.stem in result.created for path in cohort.workbooks_dir.glob("*.json"))
    # Ids are always safe slugs, even when names are hostile.
    for pid in cohort.ids():
        assert pid.replace("-", "").isalnum() and pid.isascii() and pid == pid.lower()
        assert pid not in {"con", "prn", "aux", "nul"}
    # The duplicate id is reported, the duplicate email superseded.
    assert any("already used by another row" in str(r) for r in result.reports)
    assert any("superseded" in str(r) and not r.rejected for r in result.reports)
    assert reported_rows  # the out-of-range ratings and bad ids were reported

    # Text survives verbatim (apart from control characters), as data.
    books = [cohort.load(pid) for pid in cohort.ids()]
    names = {wb.profile.name for wb in books}
    assert "<script>alert(1)</script>" in names
    assert "=HYPERLINK(\"http://evil.invalid\",\"click\")" in names
    assert "nulinsideandescape" in names
    roles = {wb.profile.role for wb in books}
    assert "x" * 10_000 in roles
    for path in cohort.workbooks_dir.glob("*.json"):
        assert "\x00" not in path.read_text(encoding="utf-8")
        json.loads(path.read_text(encoding="utf-8"))


CELL = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40
) | st.sampled_from(HOSTILE_CELLS)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(st.lists(CELL, min_size=4, max_size=4), max_size=6),
    extra_header=CELL,
    delimiter=st.sampled_from([",", ";"]),
)
def test_import_never_crashes_on_arbitrary_cells(tmp_path_factory, rows, extra_header, delimiter) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    roster = folder / "r.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["name", "email", "skill: Writing", extra_header or "x"])
    writer.writerows(rows)
    roster.write_text(buffer.getvalue(), encoding="utf-8")
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["import", str(roster), "--cohort", str(folder / "c")])
    assert code in (0, 1), err.getvalue()
    assert "unexpected" not in err.getvalue()
    assert {p.name for p in folder.iterdir()} <= {"r.csv", "c"}
