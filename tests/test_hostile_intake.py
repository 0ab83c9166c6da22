"""Odd roster files: malformed quoting, unmarked UTF-16, fallback encodings, duplicate columns, huge
cells (CSV and XLSX) and list lengths over the schema's caps. Every row is imported or reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook as XlsxBook

from mentorkit.errors import UnusableInput, WorkbookError
from mentorkit.model import MAX_CONTACTS, MAX_GOALS, MAX_TEXT, Contact, Goal, Workbook
from mentorkit.roster import MAX_CELL, import_roster
from mentorkit.store import Cohort
from tests.test_hostile_files import run

HEADER = "name,email,role,goals\n"


def people(n: int, start: int = 0) -> str:
    return "".join(f"Person {i},p{i}@example.org,Researcher,Grow {i}\n" for i in range(start, start + n))


@pytest.mark.parametrize("closed_later", [False, True])
def test_an_unclosed_quote_refuses_the_file_naming_the_line(
    tmp_path: Path, closed_later: bool, hostile_counts
) -> None:
    text = HEADER + people(2) + 'Ana Lima,ana@example.org,Lead,"Finish the thesis\n' + people(20, 2)
    if closed_later:
        text += 'Zed,zed@example.org,Lead,"ok"" fine"\n' + people(3, 40)  # a later quote closes it
    roster = tmp_path / "r.csv"
    roster.write_text(text, encoding="utf-8")
    hostile_counts["files"] += 1
    hostile_counts["rows"] += text.count("\n") - 1
    done = run("import", str(roster), "--cohort", str(tmp_path / "c"))
    assert done.returncode == 2, done.stderr
    assert "line 4: a quoted field opens here" in done.stderr, done.stderr
    assert "unclosed quote" in done.stderr
    assert not (tmp_path / "c" / "workbooks").exists() or not list((tmp_path / "c" / "workbooks").iterdir())


def test_legitimate_multi_line_cells_still_import(tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text(HEADER + 'Ana Lima,ana@example.org,Lead,"Finish the thesis\nPublish, then rest"\n'
                      + people(3), encoding="utf-8")
    result = import_roster(roster, tmp_path / "c")
    assert result.exit_code == 0 and len(result.created) == 4
    goals = [g.text for g in Cohort(tmp_path / "c").load("ana").goals]
    assert goals == ["Finish the thesis", "Publish, then rest"]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_decoded_and_named(tmp_path: Path, encoding: str, hostile_counts) -> None:
    roster = tmp_path / "r.csv"
    text = HEADER + "Zoë Ãlvarez,zoe@example.org,Researcher,Grow\n" + people(3)
    roster.write_bytes(text.encode(encoding))
    hostile_counts["files"] += 1
    hostile_counts["rows"] += 4
    done = run("import", str(roster), "--cohort", str(tmp_path / "c"))
    assert done.returncode == 0, done.stderr
    assert f"note: read as {encoding.upper()}" in done.stderr
    assert Cohort(tmp_path / "c").load("zoe").profile.name == "Zoë Ãlvarez"


def test_a_fallback_encoding_is_named_in_the_report(tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_bytes((HEADER + "Zoë Ãlvarez,zoe@example.org,Researcher,Grow\n").encode("cp1252"))
    result = import_roster(roster, tmp_path / "c")
    assert result.exit_code == 0
    assert any("read as cp1252" in note for note in result.notes), result.notes


def test_duplicate_columns_are_kept_in_extra_and_reported(tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("name,email,name,goals,goals,Team,Team\n"
                      "Ana Lima,ana@example.org,A. Lima,Finish,Publish,Red,Blue\n", encoding="utf-8")
    result = import_roster(roster, tmp_path / "c")
    assert result.exit_code == 0
    assert any("columns 1 and 3 both mean 'name'" in n for n in result.notes), result.notes
    assert any("columns 4 and 5 both mean 'goals'" in n for n in result.notes), result.notes
    profile = Cohort(tmp_path / "c").load("ana").profile
    assert profile.name == "Ana Lima"
    assert set(profile.extra.values()) == {"A. Lima", "Publish", "Red", "Blue"}


def test_huge_xlsx_cells_reject_their_rows_with_a_report(tmp_path: Path, hostile_counts) -> None:
    book = XlsxBook()
    sheet = book.active
    sheet.append(["name", "email", "role"])
    huge = "x" * (MAX_CELL + 5_000)  # one shared string, referenced by many rows (XLSX allows 32,767)
    for i in range(20):
        sheet.append([f"Big {i}", f"big{i}@example.org", huge])
    sheet.append(["Ana Lima", "ana@example.org", "Lead"])
    path = tmp_path / "r.xlsx"
    book.save(path)
    hostile_counts["files"] += 1
    hostile_counts["rows"] += 21
    result = import_roster(path, tmp_path / "c")
    assert result.created == ["ana"]
    assert len(result.rejected) == 20
    assert all(f"column 'role' (column 3) has {len(huge)} characters; the limit is {MAX_CELL}" in str(r)
               for r in result.rejected)
    assert sum(p.stat().st_size for p in (tmp_path / "c" / "workbooks").iterdir()) < 10_000


def test_huge_csv_cells_reject_their_rows_with_a_report(tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text(HEADER + f"Big,big@example.org,{'y' * (MAX_CELL + 1)},Grow\n" + people(2),
                      encoding="utf-8")
    result = import_roster(roster, tmp_path / "c")
    assert len(result.created) == 2 and len(result.rejected) == 1
    assert "the limit is" in str(result.rejected[0]) and result.rejected[0].row == 2


def test_a_row_over_the_goal_cap_is_rejected_alone(tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    many = ";".join(f"goal {i}" for i in range(MAX_GOALS + 1))
    roster.write_text(HEADER + f"Many,many@example.org,x,{many}\n" + people(2), encoding="utf-8")
    result = import_roster(roster, tmp_path / "c")
    assert len(result.created) == 2
    assert [str(r) for r in result.rejected] == [f"row 2 (Many): rejected: {MAX_GOALS + 1} goals; "
                                                 f"the limit is {MAX_GOALS}"]


def test_workbook_files_over_the_schema_caps_get_a_clear_error(cohort: Cohort, hostile_counts) -> None:
    base = Workbook.model_validate({"profile": {"id": "ana", "name": "Ana"}}).model_dump(mode="json")
    cases = {
        "goals": ({**base, "goals": [{"text": str(i)} for i in range(5_000)]},
                  f"goals: List should have at most {MAX_GOALS} items"),
        "contacts": ({**base, "contacts": [{"name": str(i)} for i in range(MAX_CONTACTS + 1)]},
                     f"contacts: List should have at most {MAX_CONTACTS} items"),
        "text": ({**base, "profile": {"id": "ana", "name": "A" * (MAX_TEXT + 1)}},
                 f"profile.name: String should have at most {MAX_TEXT} characters"),
    }
    for data, message in cases.values():
        cohort.path_for("ana").write_text(json.dumps(data), encoding="utf-8")
        hostile_counts["files"] += 1
        done = run("validate", str(cohort.root))
        assert done.returncode == 1
        assert message in done.stderr, done.stderr


def test_saving_past_a_cap_is_refused_and_leaves_the_file(cohort: Cohort) -> None:
    workbook = Workbook.model_validate({"profile": {"id": "ana", "name": "Ana"}})
    cohort.create(workbook)
    before = cohort.path_for("ana").read_bytes()
    workbook.goals.extend(Goal(text=str(i)) for i in range(MAX_GOALS + 1))  # in place: not validated yet
    with pytest.raises(WorkbookError, match="goals"):
        cohort.save(workbook)
    workbook.goals.clear()
    workbook.contacts.extend(Contact() for _ in range(MAX_CONTACTS + 1))
    with pytest.raises(WorkbookError, match="contacts"):
        cohort.save(workbook)
    assert cohort.path_for("ana").read_bytes() == before


def test_a_roster_that_is_a_runaway_to_the_end_names_no_row_as_imported(tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text('name,email\n"Ana Lima,ana@example.org\nBo,bo@example.org\n', encoding="utf-8")
    with pytest.raises(UnusableInput, match="line 2"):
        import_roster(roster, tmp_path / "c")


def test_a_roster_that_is_a_pipe_or_too_big_is_refused_without_reading_it(tmp_path: Path) -> None:
    import os

    from mentorkit.roster import MAX_ROSTER_BYTES

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    done = run("import", str(fifo), "--cohort", str(tmp_path / "c"))  # would hang if it were opened
    assert done.returncode == 2 and "not a regular file" in done.stderr
    big = tmp_path / "big.csv"
    with open(big, "wb") as handle:
        handle.truncate(MAX_ROSTER_BYTES + 1)
    with pytest.raises(UnusableInput, match="the limit for a roster"):
        import_roster(big, tmp_path / "c")
