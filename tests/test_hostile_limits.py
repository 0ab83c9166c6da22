"""CSV outputs for every reader, any umask, --min-group and JupyterHub logins."""

from __future__ import annotations

import csv
import io
import stat
from pathlib import Path

import pytest

from mentorkit.csvsafe import FORMULA_STARTS, csv_text
from mentorkit.ids import login_id
from mentorkit.model import Profile, Workbook
from mentorkit.resources import sample_mentors, sample_roster
from mentorkit.session import LiveWorkbook, UnknownParticipant, open_workbook, resolve_participant
from mentorkit.store import Cohort
from tests.test_hostile_files import run

NASTY = [
    "Ana\r=HYPERLINK(\"http://evil.invalid\")",
    "Bo\n+cmd|' /C calc'!A0",
    "Cy\r\n@SUM(1+1)",
    "Di\u2028-2+3",
    "\uff1dHYPERLINK(\"http://evil.invalid\")",
    "\uff0bcmd",
    "Ed\x0b\uff20SUM(1)",
    "\r=starts with a break",
    "plain, with \"quotes\"",
]


def unsafe_cells(cells: list[str]) -> list[str]:
    return [c for c in cells if c.startswith(FORMULA_STARTS)]


def naive_rows(text: str) -> list[list[str]]:
    """A spreadsheet-like reader that takes every line break for a row end, then splits each line."""
    return [next(csv.reader([line]), []) for line in text.splitlines()]


def test_every_line_of_every_cell_is_neutralised_for_both_readers(hostile_counts) -> None:
    text = csv_text(["name", "note"], [[n, n] for n in NASTY])
    hostile_counts["rows"] += len(NASTY)
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    assert len(parsed) == len(NASTY) + 1  # no row was split by a bare carriage return
    for row in parsed:
        for cell in row:
            for line in cell.splitlines():
                assert not line.startswith(FORMULA_STARTS), repr(cell)
    for row in naive_rows(text):
        assert not unsafe_cells(row), row
    assert "\r" not in text
    # Text survives apart from the apostrophes (and CR -> LF).
    assert parsed[1][0] == "Ana\n'=HYPERLINK(\"http://evil.invalid\")"
    assert parsed[9][0] == "plain, with \"quotes\""


def test_the_match_csv_is_safe_for_both_readers(cohort: Cohort, tmp_path: Path) -> None:
    for i, name in enumerate(NASTY):
        cohort.create(Workbook(profile=Profile(id=f"p{i}", name=name), needs=["Sponsorship"]))
    out = tmp_path / "pairs.csv"
    done = run("match", "--cohort", str(cohort.root), "--mentors", str(sample_mentors()), "--out", str(out))
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    assert len(parsed) == len(NASTY) + 1
    for row in parsed:
        assert not unsafe_cells(row), row
    for row in naive_rows(text):
        assert not unsafe_cells(row), row


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.slow  # six command-line runs in fresh processes
def test_folders_created_on_the_way_are_owner_only_under_umask_0(tmp_path: Path) -> None:
    done = run("import", str(sample_roster()), "--cohort", "a/b/c", cwd=tmp_path, umask=0)
    assert done.returncode == 0, done.stderr
    for folder in ("a", "a/b", "a/b/c", "a/b/c/workbooks", "a/b/c/.locks"):
        assert mode(tmp_path / folder) == 0o700, folder
    for path in (tmp_path / "a/b/c/workbooks").iterdir():
        assert mode(path) == 0o600, path
    done = run("dashboard", "--cohort", "a/b/c", "--out", "d/sub/x.html", cwd=tmp_path, umask=0)
    assert done.returncode == 0, done.stderr
    assert [mode(tmp_path / f) for f in ("d", "d/sub", "d/sub/x.html")] == [0o700, 0o700, 0o600]
    done = run("match", "--cohort", "a/b/c", "--mentors", str(sample_mentors()), "--out", "m/n/p.csv",
               cwd=tmp_path, umask=0)
    assert done.returncode == 0, done.stderr
    assert [mode(tmp_path / f) for f in ("m", "m/n", "m/n/p.csv")] == [0o700, 0o700, 0o600]


@pytest.mark.slow  # four command-line runs in fresh processes
def test_group_shared_cohorts_create_group_folders_under_umask_0(tmp_path: Path) -> None:
    root = tmp_path / "shared"
    root.mkdir()
    (root / "mentorkit.toml").write_text('[sharing]\nmode = "group"\n', encoding="utf-8")
    done = run("import", str(sample_roster()), "--cohort", "shared", cwd=tmp_path, umask=0)
    assert done.returncode == 0, done.stderr
    assert mode(root / "workbooks") == 0o2770
    done = run("dashboard", "--cohort", "shared", "--out", "d/sub/x.html", cwd=tmp_path, umask=0)
    assert done.returncode == 0, done.stderr
    assert [mode(tmp_path / f) for f in ("d", "d/sub")] == [0o2770, 0o2770]


@pytest.mark.parametrize("value", ["1", "0", "-3"])
def test_min_group_below_2_is_refused(sample_cohort: Cohort, tmp_path: Path, value: str) -> None:
    out = tmp_path / "x.html"
    done = run("dashboard", "--cohort", str(sample_cohort.root), "--out", str(out), "--min-group", value)
    assert done.returncode == 2
    assert f"--min-group {value}: must be at least 2" in done.stderr
    assert not out.exists()


def test_logins_differing_by_punctuation_or_accents_never_share_a_workbook(
    tmp_path: Path, monkeypatch
) -> None:
    logins = ["ana.lima", "ana_lima", "ána-lima", "ana-lima", "Ana.Lima", "ana..lima", "ana-lima--x"]
    ids = [login_id(login) for login in logins]
    assert len(set(ids)) == len(logins), ids
    assert ids[3] == "ana-lima" and all("--" in i for i in ids[:3] + ids[4:])
    monkeypatch.setenv("MENTORKIT_COHORT", str(tmp_path / "room"))
    monkeypatch.delenv("MENTORKIT_PARTICIPANT", raising=False)
    opened = set()
    room = Cohort(tmp_path / "room")
    for login in logins[:4]:
        monkeypatch.setenv("JUPYTERHUB_USER", login)
        pid = resolve_participant(None, room)
        assert pid is not None
        opened.add(LiveWorkbook(room, pid, create=True).participant_id)  # the form's "I am new"
    assert len(opened) == 4
    assert len(Cohort(tmp_path / "room").ids()) == 4


def test_a_login_equal_to_a_roster_email_opens_that_workbook(sample_cohort: Cohort, monkeypatch) -> None:
    entry = next(e for e in sample_cohort.scan().entries if "." in e.workbook.profile.email.split("@")[0])
    login = entry.workbook.profile.email.split("@")[0]
    monkeypatch.setenv("MENTORKIT_COHORT", str(sample_cohort.root))
    monkeypatch.delenv("MENTORKIT_PARTICIPANT", raising=False)
    monkeypatch.setenv("JUPYTERHUB_USER", login)
    assert open_workbook().participant_id == entry.id
    monkeypatch.setenv("JUPYTERHUB_USER", login.replace(".", "_"))
    assert resolve_participant(None, sample_cohort) not in (None, entry.id)
    with pytest.raises(UnknownParticipant):  # never silently another person's (or a new) workbook
        open_workbook()
