"""Odd files in a cohort's workbooks/: each is named with its reason and skipped, the rest proceeds.

Every command lists workbooks through :meth:`Cohort.scan`; the commands run here as real processes
(a FIFO that made them hang would time out instead of blocking the test run).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mentorkit.errors import MentorkitError, WorkbookError
from mentorkit.model import Goal
from mentorkit.render.plan import Template, make_plan
from mentorkit.resources import sample_mentors, sample_roster, worksheet_template
from mentorkit.session import LiveWorkbook
from mentorkit.store import MAX_JSON_DEPTH, MAX_WORKBOOK_BYTES, Cohort

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path | None = None, umask: int | None = None) -> subprocess.CompletedProcess:
    """``mentorkit ARGS`` in a fresh process (bounded in time: a hang fails the test)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    code = "import sys; from mentorkit.cli import main; sys.exit(main(sys.argv[1:]))"
    if umask is not None:
        code = f"import os; os.umask({umask}); " + code
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          timeout=120, env=env, cwd=cwd)


def plant_odd_files(cohort: Cohort, tmp_path: Path) -> dict[str, str]:
    """Put one of each odd file into ``workbooks/``; returns ``{file name: expected reason text}``."""
    wb = cohort.workbooks_dir
    (wb / "folder-x.json").mkdir()
    (wb / "dangling.json").symlink_to(tmp_path / "nowhere.json")
    os.mkfifo(wb / "pipe.json")
    (wb / "device.json").symlink_to("/dev/zero")
    deep = "[" * 1000 + "]" * 1000
    (wb / "deep.json").write_text(deep, encoding="utf-8")
    assert len(deep) <= 2_000
    shallower = '{"profile": ' * 200 + "1" + "}" * 200  # parses, but deeper than the limit
    (wb / "deep-200.json").write_text(shallower, encoding="utf-8")
    with open(wb / "huge.json", "wb") as handle:  # sparse: big without using the disk
        handle.truncate(MAX_WORKBOOK_BYTES + 1)
    (wb / "copy-of-ana.json").write_bytes(cohort.path_for("ana-lima").read_bytes())
    (wb / "Not An Id.json").write_text("{}", encoding="utf-8")
    return {
        "folder-x.json": "a folder",
        "dangling.json": "dangling",
        "pipe.json": "not a regular file",
        "device.json": "not a regular file",
        "deep.json": f"JSON nested deeper than the limit of {MAX_JSON_DEPTH} levels",
        "deep-200.json": f"JSON nested deeper than the limit of {MAX_JSON_DEPTH} levels",
        "huge.json": "the limit is",
        "copy-of-ana.json": "profile.id: is 'ana-lima' but the file is named copy-of-ana.json",
        "Not An Id.json": "not a participant id",
    }


@pytest.fixture
def odd_cohort(sample_cohort: Cohort, tmp_path: Path, hostile_counts) -> tuple[Cohort, dict[str, str]]:
    expected = plant_odd_files(sample_cohort, tmp_path)
    hostile_counts["files"] += len(expected)
    return sample_cohort, expected


def assert_each_named(err: str, cohort: Cohort, expected: dict[str, str]) -> None:
    for name, reason in expected.items():
        lines = [line for line in err.splitlines() if str(cohort.workbooks_dir / name) in line]
        assert lines and any(reason in line for line in lines), (name, err)
    assert "RecursionError" not in err and "unexpected" not in err


def test_scan_skips_each_odd_file_with_its_reason(odd_cohort) -> None:
    cohort, expected = odd_cohort
    scan = cohort.scan()
    assert len(scan.entries) == 12  # the sample participants, each once
    assert len(set(scan.ids)) == 12 and "copy-of-ana" not in scan.ids
    reasons = {path.name: reason for path, reason in scan.skipped}
    assert set(reasons) == set(expected)
    for name, reason in expected.items():
        assert reason in reasons[name], (name, reasons[name])
    books, errors = cohort.load_all()
    assert len(books) == 12 and {e.path.name for e in errors} == set(expected)
    # a render's plan lists ids only: the same verdicts, no workbook kept
    light = cohort.scan(workbooks=False)
    assert light.ids == scan.ids and light.skipped == scan.skipped and light.invalid == scan.invalid
    assert light.entries == [] and light.books == []


def test_validate_names_every_odd_file_and_exits_1(odd_cohort) -> None:
    cohort, expected = odd_cohort
    done = run("validate", str(cohort.root))
    assert done.returncode == 1, done.stderr
    assert_each_named(done.stderr, cohort, expected)
    assert f"{12 + len(expected)} workbook(s) checked, {len(expected)} with problems" in done.stdout


@pytest.mark.slow  # the dashboard in a fresh process (Altair and the SVG converter start up)
def test_dashboard_counts_each_person_once_and_exits_1(odd_cohort, tmp_path: Path) -> None:
    cohort, expected = odd_cohort
    out = tmp_path / "dash.html"
    done = run("dashboard", "--cohort", str(cohort.root), "--out", str(out))
    assert done.returncode == 1, done.stderr
    assert_each_named(done.stderr, cohort, expected)
    assert done.stdout.startswith("12 workbooks") and out.is_file()


def test_match_gives_one_place_per_person_and_exits_1(odd_cohort, tmp_path: Path) -> None:
    import csv

    cohort, expected = odd_cohort
    out = tmp_path / "pairs.csv"
    done = run("match", "--cohort", str(cohort.root), "--mentors", str(sample_mentors()), "--out", str(out))
    assert done.returncode == 1, done.stderr
    assert_each_named(done.stderr, cohort, expected)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    mentee_ids = [r[next(k for k in r if "mentee" in k.lower() and "id" in k.lower())] for r in rows]
    assert len(mentee_ids) == len(set(mentee_ids)) == 12, rows


def test_import_merges_into_the_rest_and_leaves_odd_files_alone(odd_cohort) -> None:
    cohort, expected = odd_cohort
    before = (cohort.workbooks_dir / "copy-of-ana.json").read_bytes()
    done = run("import", str(sample_roster()), "--cohort", str(cohort.root))
    assert done.returncode == 1, done.stderr
    assert "0 created, 12 updated, 0 rejected" in done.stdout
    assert_each_named(done.stderr, cohort, expected)
    assert (cohort.workbooks_dir / "copy-of-ana.json").read_bytes() == before
    assert (cohort.workbooks_dir / "pipe.json").is_fifo()


def test_render_plan_skips_odd_files_and_keeps_invalid_ones_as_tasks(odd_cohort, tmp_path: Path) -> None:
    cohort, expected = odd_cohort
    path = cohort.path_for("ben-okafor")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["skills"] = [{"name": "x", "current": 9}]  # invalid: fails alone at render time, in the report
    path.write_text(json.dumps(data), encoding="utf-8")
    template = Template(worksheet_template(), "digest", "python3", ())
    plan = make_plan(cohort, tmp_path / "out", template, ("ipynb",), "a4")
    assert sorted(t.participant_id for t in plan.tasks) == sorted(
        [p.stem for p in cohort.workbooks_dir.glob("*.json") if p.name not in expected])
    assert len(plan.tasks) == 12
    for name, reason in expected.items():
        assert any(str(cohort.workbooks_dir / name) in line and reason in line for line in plan.ignored)


def test_a_notebook_opened_under_a_copied_file_never_saves_into_the_other_file(sample_cohort) -> None:
    cohort = sample_cohort
    original = cohort.path_for("ana-lima").read_bytes()
    cohort.path_for("ana-copy").write_bytes(original)
    (cohort.workbooks_dir / "ana-link.json").symlink_to(cohort.path_for("ana-lima"))
    for pid in ("ana-copy", "ana-link"):
        with pytest.raises(WorkbookError, match="profile.id"):
            LiveWorkbook(cohort, pid, debounce=0)
        with pytest.raises(WorkbookError, match="profile.id"):
            cohort.update(pid, lambda wb: wb.goals.append(Goal(text="written through the copy")))
    assert cohort.path_for("ana-lima").read_bytes() == original


def test_a_planted_locks_symlink_is_not_followed(sample_cohort, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.rmtree(sample_cohort.root / ".locks", ignore_errors=True)
    (sample_cohort.root / ".locks").symlink_to(outside, target_is_directory=True)
    with pytest.raises(MentorkitError, match="symlink"):
        sample_cohort.update("ana-lima", lambda wb: None)
    assert list(outside.iterdir()) == []


def test_a_planted_lock_file_symlink_is_not_followed(sample_cohort, tmp_path: Path) -> None:
    target = tmp_path / "victim.txt"
    lock_dir = sample_cohort.root / ".locks"
    lock_dir.mkdir(exist_ok=True)
    (lock_dir / "ana-lima.lock").unlink(missing_ok=True)
    (lock_dir / "ana-lima.lock").symlink_to(target)
    with pytest.raises(MentorkitError, match="lock file"):
        sample_cohort.update("ana-lima", lambda wb: None)
    assert not target.exists()


def test_a_symlinked_workbooks_folder_resolves_the_cohort_root_one_way(
    sample_cohort: Cohort, tmp_path: Path
) -> None:
    from mentorkit.render.sheet import Worksheet

    real = tmp_path / "elsewhere" / "workbooks"
    real.parent.mkdir()
    sample_cohort.workbooks_dir.rename(real)
    sample_cohort.workbooks_dir.symlink_to(real, target_is_directory=True)
    link = tmp_path / "cohort-link"
    link.symlink_to(sample_cohort.root, target_is_directory=True)
    via_link = Cohort(link)
    assert via_link.root == sample_cohort.root.resolve()
    template = Template(worksheet_template(), "digest", "python3", ())
    plan = make_plan(via_link, tmp_path / "out", template, ("ipynb",), "a4")
    for task in plan.tasks:
        # The template finds the cohort (and its content overrides) as the workbook's grandparent.
        assert task.workbook.parent.parent == sample_cohort.root.resolve(), task
        sheet = Worksheet.load(task.workbook)
        assert sheet.cohort_root == sample_cohort.root.resolve()
