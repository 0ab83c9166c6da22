"""Worksheets, reports and facilitator outputs are private by default, group-readable on request."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from mentorkit.cli import main
from mentorkit.resources import sample_mentors, sample_roster
from mentorkit.roster import import_roster


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.kernel
@pytest.mark.parametrize(
    ("sharing", "file_mode", "dir_mode"), [(None, 0o600, 0o700), ("group", 0o660, 0o2770)]
)
def test_render_outputs_follow_the_cohort_sharing(tmp_path: Path, sharing, file_mode, dir_mode) -> None:
    root = tmp_path / "cohort"
    root.mkdir()
    if sharing:
        (root / "mentorkit.toml").write_text(f'[sharing]\nmode = "{sharing}"\n', encoding="utf-8")
    import_roster(sample_roster(), root)
    args = ["render", "--cohort", str(root), "--format", "ipynb,html", "--only", "ana-lima", "dev-patel"]
    assert main(args) == 0
    out = root / "worksheets"
    files = [out / "report.csv", *out.glob("*/worksheet.*")]
    assert len(files) == 5
    assert {mode(p) for p in files} == {file_mode}
    assert {mode(p) for p in out.iterdir() if p.is_dir()} == {dir_mode}
    assert {mode(p) for p in (root / "workbooks").glob("*.json")} == {file_mode}


def test_dashboard_and_matches_are_private(sample_cohort, tmp_path: Path) -> None:
    page, pairs = tmp_path / "dash.html", tmp_path / "matches.csv"
    assert main(["dashboard", "--cohort", str(sample_cohort.root), "--out", str(page)]) == 0
    mentors = str(sample_mentors())
    args = ["match", "--cohort", str(sample_cohort.root), "--mentors", mentors, "--out", str(pairs)]
    assert main(args) in (0, 1)
    assert mode(page) == 0o600 and mode(pairs) == 0o600
