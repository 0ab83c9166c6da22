"""Participant ids, the light top-level import, and the CLI's error handling."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from mentorkit.cli import main
from mentorkit.ids import id_from, slugify, unique_id


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Zoë Ålvarez-Ng", "zoe-alvarez-ng"),
        ("  José   María  ", "jose-maria"),
        ("../../etc/passwd", "etc-passwd"),
        ("CON", "con-p"),
        ("李小龙", ""),
        ("a" * 80, "a" * 48),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_id_prefers_email_local_part() -> None:
    assert id_from("Ana Lima", "Ana.Lima@example.org") == "ana-lima"
    assert id_from("Ana Lima", "") == "ana-lima"
    assert id_from("李小龙", "") == ""
    taken = {"ana", "ana-2"}
    assert unique_id("ana", taken) == "ana-3" and "ana-3" in taken
    assert unique_id("", set()) == "participant"


def test_help_lists_commands(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for command in ("import", "validate", "schema", "demo", "lab"):
        assert command in out


def test_errors_are_one_line_and_debug_shows_traceback(tmp_path: Path) -> None:
    missing = tmp_path / "nope.csv"
    cmd = [sys.executable, "-m", "mentorkit.cli", "import", str(missing), "--cohort", str(tmp_path)]
    plain = subprocess.run(cmd, capture_output=True, text=True)
    assert plain.returncode == 2
    assert plain.stderr.strip() == f"mentorkit import: {missing}: file not found"
    debug = subprocess.run(cmd[:3] + ["--debug"] + cmd[3:], capture_output=True, text=True)
    assert "Traceback" in debug.stderr


@pytest.mark.kernel
def test_demo_imports_sample_and_says_where(tmp_path: Path, capsys) -> None:
    assert main(["demo", "--cohort", str(tmp_path / "demo")]) == 0
    out = capsys.readouterr().out
    assert "12 created" in out
    assert "12 worksheet(s) in" in out and ": 12 ok, 0 failed, 0 skipped" in out  # render_cohort's report
    assert "(ipynb, HTML and PDF per participant: 12 rendered, 0 already current, 0 failed)" in out
    assert str((tmp_path / "demo" / "workbooks").resolve()) in out
    sheets = tmp_path / "demo" / "worksheets"
    assert len(list(sheets.glob("*/worksheet.pdf"))) == len(list(sheets.glob("*/worksheet.html"))) == 12
    # The story: participants at three stages, each with an agreement form, a dashboard and matches.
    assert "Stages: 3 complete, 5 half-way, 4 just imported" in out
    assert "12 agreement(s) in" in out and len(list(sheets.glob("*/agreement.pdf"))) == 12
    dashboard, matches = tmp_path / "demo" / "dashboard.html", tmp_path / "demo" / "matches.csv"
    assert "<svg" in dashboard.read_text(encoding="utf-8")
    with open(matches, newline="", encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == 12  # a row per participant
    assert "Where to look first:" in out and str(sheets.resolve() / "ana-lima" / "worksheet.pdf") in out
    assert str(dashboard.resolve()) in out and str(matches.resolve()) in out
    # It ends with the one command that opens the exercises on this cohort.
    assert f"lab --cohort {tmp_path / 'demo'} --participant ana-lima" in out.rstrip().splitlines()[-2]
