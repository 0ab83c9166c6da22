"""Stress: ``mentorkit render`` SIGKILLed at random moments, then re-run (``make stress``)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from mentorkit.cli import main
from mentorkit.render.examples import example_workbook
from tests.test_render import put, read_report

pytestmark = [pytest.mark.stress, pytest.mark.kernel]

KILLS = 4
FORMATS = "ipynb,html"


def rendered_content(out: Path) -> dict[str, tuple[list, str]]:
    """Per participant: the worksheet's cell sources and outputs, and its HTML (timings left out)."""
    result = {}
    for folder in sorted(p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")):
        nb = nbformat.read(folder / "worksheet.ipynb", as_version=4)
        cells = [(c.source, c.get("outputs", [])) for c in nb.cells]
        result[folder.name] = (cells, (folder / "worksheet.html").read_text(encoding="utf-8"))
    return result


def test_render_killed_at_random_points_ends_like_an_uninterrupted_run(
    cohort, tmp_path: Path, stress_counts: dict[str, int]
) -> None:
    ids = [put(cohort, example_workbook(i)) for i in range(6)]
    reference = tmp_path / "reference"
    args = ["render", "--cohort", str(cohort.root), "--format", FORMATS, "--jobs", "2"]
    assert main(args + ["--out", str(reference)]) == 0

    out = tmp_path / "interrupted"
    cmd = [sys.executable, "-m", "mentorkit.cli", *args, "--out", str(out)]
    rng = random.Random(7)
    kills = 0
    for _ in range(KILLS):
        proc = subprocess.Popen(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        time.sleep(rng.uniform(0.5, 4.0))
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            kills += 1
        proc.wait()
    assert main(args + ["--out", str(out)]) == 0
    print(f"\nrender SIGKILLed {kills} times, then finished")
    stress_counts["render_kills"] += kills

    report = read_report(out)
    assert set(report) == set(ids)
    assert {row["status"] for row in report.values()} <= {"ok", "skipped"}
    assert rendered_content(out) == rendered_content(reference)
    assert not list(out.rglob(".tmp-*"))
