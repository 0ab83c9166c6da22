"""The render library without kernels: errors that pickle, the report, the plan from stamps alone,
the worker pool's retry logic with fake workers, the output-folder lock and the export time limit.

Nothing here starts a Jupyter kernel (the pool tests start light fake worker processes).
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import pickle
import pkgutil
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import nbformat
import pytest

import mentorkit
from mentorkit.errors import MentorkitError, UnusableInput, WorkbookError
from mentorkit.render.lock import LOCK_NAME, OutputLocked, output_lock
from mentorkit.render.plan import Plan, Template, make_plan
from mentorkit.render.pool import WorkerPool
from mentorkit.render.report import ParticipantResult, RenderReport, report_rows
from mentorkit.render.worker import (
    FORMATS,
    OUTPUT_NAMES,
    STAMP_NAME,
    Executed,
    ExportTimeout,
    Renderer,
    Settings,
    Task,
    time_limit,
)
from mentorkit.session import UnknownParticipant
from mentorkit.store import Cohort
from tests.render_fakes import DEATH_EXIT_CODE, fake_worker_main


# -- errors ------------------------------------------------------------------------------------------
def all_error_classes() -> set[type[MentorkitError]]:
    for info in pkgutil.walk_packages(mentorkit.__path__, "mentorkit."):
        importlib.import_module(info.name)
    found: set[type[MentorkitError]] = set()
    todo: list[type[MentorkitError]] = [MentorkitError]
    while todo:
        cls = todo.pop()
        found.add(cls)
        todo.extend(cls.__subclasses__())
    return found


#: How to build an error whose constructor takes more than a message (every other takes one).
SPECIAL = {
    WorkbookError: lambda: WorkbookError(Path("wb/ana.json"), [("goals.0.text", "too long"), ("", "bad")]),
    OutputLocked: lambda: OutputLocked(Path("/tmp/out"), 4242, "2026-01-02 03:04:05 UTC"),
    ExportTimeout: lambda: ExportTimeout(2.5),
    UnknownParticipant: lambda: UnknownParticipant("ana-lima", Path("/tmp/room")),
}


def test_every_mentorkit_error_pickles_with_its_fields() -> None:
    classes = all_error_classes()
    assert {MentorkitError, WorkbookError, UnusableInput, OutputLocked, ExportTimeout} <= classes
    for cls in classes:
        exc = SPECIAL[cls]() if cls in SPECIAL else cls("something went wrong in row 3")
        back = pickle.loads(pickle.dumps(exc))
        assert type(back) is cls
        assert str(back) == str(exc) and back.args == exc.args
        assert vars(back) == vars(exc), cls
        assert back.exit_code == exc.exit_code
    locked = pickle.loads(pickle.dumps(SPECIAL[OutputLocked]()))
    assert (locked.out, locked.pid, locked.since) == (Path("/tmp/out"), 4242, "2026-01-02 03:04:05 UTC")
    assert "another render is writing /tmp/out since 2026-01-02 03:04:05 UTC (pid 4242)" in str(locked)
    wb = pickle.loads(pickle.dumps(SPECIAL[WorkbookError]()))
    assert wb.lines() == ["wb/ana.json: goals.0.text: too long", "wb/ana.json: (top level): bad"]


def test_results_and_reports_pickle_and_say_what_failed() -> None:
    failed = ParticipantResult.failure("bo", "name 'x'\nis not defined", "NameError", cell_index=3,
                                       execution_count=2)
    assert failed.error == "cell 3 (In [2]): NameError: name 'x' / is not defined"
    died = ParticipantResult.failure("cy", "the worker process died")
    assert died.error == "the worker process died" and died.cell_index is None
    ok = ParticipantResult("ana", "ok", 1.234, ["ana/worksheet.pdf"])
    skipped = ParticipantResult("dee", "skipped", message="up to date")
    report = RenderReport(Path("out"), [failed, ok, died, skipped], seconds=3.0)
    back = pickle.loads(pickle.dumps(report))
    assert back == report
    assert report.counts() == {"ok": 1, "failed": 2, "skipped": 1}
    assert report.summary() == "4 worksheet(s) in 3.0 s: 1 ok, 2 failed, 1 skipped"
    assert [r.participant_id for r in report.failed] == ["bo", "cy"]
    assert report.result("ana") is ok
    with pytest.raises(KeyError):
        report.result("nobody")
    assert report_rows(report.results) == [
        ("ana", "ok", "1.23", "", "ana/worksheet.pdf"),
        ("bo", "failed", "", "cell 3 (In [2]): NameError: name 'x' / is not defined", ""),
        ("cy", "failed", "", "the worker process died", ""),
        ("dee", "skipped", "", "up to date", ""),
    ]


# -- the plan, from stamps alone ----------------------------------------------------------------------
def template(digest: str = "t1") -> Template:
    return Template(Path("/templates/worksheet.ipynb"), digest, "python3", ())


def stamp(out: Path, task: Task, status: str = "ok", formats: tuple[str, ...] = FORMATS) -> None:
    """What a worker leaves behind: the outputs, then the stamp."""
    folder = out / task.participant_id
    folder.mkdir(parents=True, exist_ok=True)
    for fmt in formats:
        (folder / OUTPUT_NAMES[fmt]).write_text("x")
    record = {"status": status, "error": "", "formats": list(formats), "inputs": task.inputs}
    (folder / STAMP_NAME).write_text(json.dumps(record))


def reasons(plan: Plan) -> dict[str, str]:
    return {t.participant_id: t.reason for t in plan.tasks}


@pytest.fixture
def planned(cohort: Cohort, tmp_path: Path) -> tuple[Cohort, Path, dict[str, Task]]:
    """Four participants (their workbooks' bytes are all the plan reads), all rendered ok once."""
    for pid in ("ana", "ben", "cy", "dee"):
        cohort.path_for(pid).write_text(json.dumps({"id": pid}))
    out = tmp_path / "out"
    first = make_plan(cohort, out, template(), FORMATS, "a4")
    assert reasons(first) == dict.fromkeys(("ana", "ben", "cy", "dee"), "new") and not first.skipped
    tasks = {t.participant_id: t for t in first.tasks}
    for task in first.tasks:
        stamp(out, task)
    return cohort, out, tasks


def test_plan_skips_what_is_current_and_says_why_it_renders_the_rest(planned) -> None:
    cohort, out, tasks = planned
    again = make_plan(cohort, out, template(), FORMATS, "a4")
    assert again.tasks == [] and [r.message for r in again.skipped] == ["up to date"] * 4
    assert again.skipped[0].outputs == [f"ana/{name}" for name in OUTPUT_NAMES.values()]

    cohort.path_for("ana").write_text(json.dumps({"id": "ana", "goals": ["new"]}))  # changed
    stamp(out, tasks["ben"], status="failed")  # failed last time
    (out / "cy" / STAMP_NAME).unlink()  # killed after its files, before its stamp
    (out / "dee" / "worksheet.pdf").unlink()  # an output deleted by hand
    plan = make_plan(cohort, out, template(), FORMATS, "a4")
    assert reasons(plan) == {"ana": "changed: workbook", "ben": "failed last time", "cy": "unfinished",
                             "dee": "output missing"}
    assert plan.total == 4


def test_plan_renders_everyone_when_a_shared_input_or_the_formats_change(planned) -> None:
    cohort, out, _ = planned
    assert set(reasons(make_plan(cohort, out, template("t2"), FORMATS, "a4")).values()) == {
        "changed: template"}
    assert set(reasons(make_plan(cohort, out, template(), FORMATS, "letter")).values()) == {
        "changed: paper"}
    content = cohort.root / "content"
    content.mkdir()
    (content / "smart.toml").write_text("x = 1\n")
    assert set(reasons(make_plan(cohort, out, template(), FORMATS, "a4")).values()) == {"changed: content"}


def test_plan_new_format_force_only_and_retry_failed(planned) -> None:
    cohort, out, tasks = planned
    stamp(out, tasks["ana"], formats=("ipynb",))
    plan = make_plan(cohort, out, template(), FORMATS, "a4")
    assert reasons(plan) == {"ana": "new format"}
    assert make_plan(cohort, out, template(), ("ipynb",), "a4").tasks == []

    forced = make_plan(cohort, out, template(), FORMATS, "a4", force=True)
    assert reasons(forced) == {"ana": "new format", "ben": "forced", "cy": "forced", "dee": "forced"}

    only = make_plan(cohort, out, template(), FORMATS, "a4", only=["ana", "cy"], force=True)
    assert set(reasons(only)) == {"ana", "cy"} and only.total == 2

    stamp(out, tasks["ben"], status="failed")
    cohort.path_for("cy").write_text("{}")  # changed, but --retry-failed renders only failures
    retry = make_plan(cohort, out, template(), FORMATS, "a4", retry_failed=True)
    assert reasons(retry) == {"ben": "failed last time"}
    assert {r.participant_id: r.message for r in retry.skipped} == {
        "ana": "not failed last time", "cy": "not failed last time", "dee": "up to date"}


def test_plan_refuses_unusable_input(planned) -> None:
    cohort, out, _ = planned
    with pytest.raises(UnusableInput, match="no workbook for zed"):
        make_plan(cohort, out, template(), FORMATS, "a4", only=["zed"])
    with pytest.raises(UnusableInput, match="--only '../x'"):
        make_plan(cohort, out, template(), FORMATS, "a4", only=["../x"])
    with pytest.raises(UnusableInput, match="not a cohort folder"):
        make_plan(Cohort(out), out, template(), FORMATS, "a4")


# -- the pool, with fake workers -----------------------------------------------------------------------
def run_pool(tmp_path: Path, ids: list[str], jobs: int = 2, **settings: object) -> list[ParticipantResult]:
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    config = Settings(template=tmp_path / "t.ipynb", out=out, **settings)  # type: ignore[arg-type]
    pool = WorkerPool(config, jobs, target=fake_worker_main)
    results: list[ParticipantResult] = []
    pool.run([Task(pid, tmp_path / f"{pid}.json", {}) for pid in ids], results.append)
    assert sorted(r.participant_id for r in results) == sorted(ids)  # exactly one result each
    assert pool.workers == []  # every worker stopped
    return results


def by_id(results: list[ParticipantResult]) -> dict[str, ParticipantResult]:
    return {r.participant_id: r for r in results}


def test_pool_reports_each_participant_once_and_a_failure_stays_local(tmp_path: Path) -> None:
    ids = ["ok-a", "fail-b", "ok-c", "ok-d", "ok-e"]
    results = by_id(run_pool(tmp_path, ids))
    assert {pid: r.status for pid, r in results.items()} == {
        "ok-a": "ok", "fail-b": "failed", "ok-c": "ok", "ok-d": "ok", "ok-e": "ok"}
    failed = results["fail-b"]
    assert (failed.cell_index, failed.exception_name, failed.message) == (2, "ValueError", "bad value")


def test_a_participant_that_kills_its_worker_twice_fails_alone(tmp_path: Path) -> None:
    ids = ["ok-a", "die-b", "ok-c", "ok-d"]
    results = by_id(run_pool(tmp_path, ids, jobs=1))
    assert results["die-b"].status == "failed"
    assert results["die-b"].message == (
        f"the worker process died while rendering, twice (exit code {DEATH_EXIT_CODE})")
    for pid in ("ok-a", "ok-c", "ok-d"):  # including the one that shared the dead worker
        assert results[pid].status == "ok", results[pid]
    workers = {r.outputs[0].split("-by-")[1] for pid, r in results.items() if r.status == "ok"}
    assert len(workers) >= 2  # the work went on in a replacement worker


def test_a_participant_whose_worker_dies_once_is_retried_and_rendered(tmp_path: Path) -> None:
    results = by_id(run_pool(tmp_path, ["dieonce-a", "ok-b", "ok-c"], jobs=1))
    assert {r.status for r in results.values()} == {"ok"}
    assert (tmp_path / "out" / "dieonce-a.died").exists()


def test_workers_that_keep_dying_end_the_run_with_every_participant_failed(tmp_path: Path) -> None:
    ids = [f"die-{i}" for i in range(8)]
    results = run_pool(tmp_path, ids, jobs=1)
    assert {r.status for r in results} == {"failed"}
    assert any("keep dying" in r.message for r in results)


def test_workers_that_cannot_start_fail_every_participant_with_the_reason(tmp_path: Path) -> None:
    results = run_pool(tmp_path, ["ok-a", "ok-b", "ok-c"], jobs=2, kernel_name="fatal")
    assert {r.status for r in results} == {"failed"}
    assert all("the worker could not start: KernelError: no kernel here" in r.message for r in results)


def test_workers_are_replaced_every_recycle_after_participants(tmp_path: Path) -> None:
    results = run_pool(tmp_path, [f"ok-{i}" for i in range(5)], jobs=1, recycle_after=2)
    workers = [r.outputs[0].split("-by-")[1] for r in results]
    assert len(set(workers)) == 3  # 2 + 2 + 1


def test_a_kept_pool_renders_the_next_document_on_the_same_workers(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    worksheet = Settings(template=tmp_path / "t.ipynb", out=out)
    pool = WorkerPool(None, 2, target=fake_worker_main, keep_alive=True)
    firsts: list[ParticipantResult] = []
    seconds: list[ParticipantResult] = []
    try:
        pool.use(worksheet, 2)
        pool.run([Task(f"ok-{i}", tmp_path / "x.json", {}) for i in range(4)], firsts.append)
        assert len(pool.workers) == 2  # kept for the next document
        kept = {str(w.process.pid) for w in pool.workers}
        pool.use(replace(worksheet, document="agreement", title="Mentoring agreement"), 2)
        pool.run([Task(f"ok-{i}", tmp_path / "x.json", {}) for i in range(4)], seconds.append)
    finally:
        pool.close()
    assert pool.workers == []
    assert [r.status for r in firsts + seconds] == ["ok"] * 8
    # no new worker (and kernel) for the agreement: the second document ran on the kept workers (one
    # of which may have rendered nothing of the first, when the other was quicker to start)
    assert {r.outputs[0].split("-by-")[1] for r in seconds} <= kept
    assert {r.outputs[0].split("/")[1].split("-by-")[0] for r in seconds} == {"agreement"}
    # a different kernel cannot be reused: fresh workers
    pool = WorkerPool(None, 1, target=fake_worker_main, keep_alive=True)
    try:
        pool.use(worksheet, 1)
        pool.run([Task("ok-a", tmp_path / "x.json", {})], firsts.append)
        before = {w.process.pid for w in pool.workers}
        pool.use(replace(worksheet, kernel_name="other"), 1)
        pool.run([Task("ok-b", tmp_path / "x.json", {})], seconds.append)
        assert before.isdisjoint({w.process.pid for w in pool.workers})
    finally:
        pool.close()


# -- the output-folder lock ----------------------------------------------------------------------------
HOLD = (
    "import sys, time\n"
    "from pathlib import Path\n"
    "from mentorkit.render.lock import output_lock\n"
    "with output_lock(Path(sys.argv[1])):\n"
    "    print('held', flush=True)\n"
    "    time.sleep(60)\n"
)


def test_a_second_holder_is_refused_with_who_and_since_and_a_killed_holder_frees_the_lock(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(out)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(OutputLocked) as refused, output_lock(out):
            pass
        assert refused.value.pid == holder.pid and refused.value.out == out
        assert f"another render is writing {out} since " in str(refused.value)
        assert f"(pid {holder.pid})" in str(refused.value)
        assert refused.value.exit_code == 75
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    with output_lock(out) as path:  # the system released it with the process: no stale lock
        assert json.loads(path.read_text())["pid"] == os.getpid()
    with output_lock(out):  # and it can be taken again after a normal release
        pass


def test_the_lock_file_is_not_followed_through_a_planted_symlink(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = tmp_path / "elsewhere.txt"
    (out / LOCK_NAME).symlink_to(target)
    with pytest.raises(UnusableInput, match="cannot open the render lock"), output_lock(out):
        pass
    assert not target.exists()


# -- the export time limit -----------------------------------------------------------------------------
class SlowPage:
    """A page renderer that takes far longer than the limit (as a 100,000-goal page would)."""

    def render(self, nb: object, title: str) -> str:
        for _ in range(400):
            time.sleep(0.05)
        return "<html></html>"


class QuickPage:
    def render(self, nb: object, title: str) -> str:
        return "<html>quick</html>"


def test_a_slow_html_export_fails_its_participant_alone_with_a_clear_message(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    renderer = Renderer(Settings(template=tmp_path / "t.ipynb", out=out, formats=("html",), timeout=0.3))

    def finish(pid: str) -> ParticipantResult:
        (out / pid).mkdir()
        task = Task(pid, tmp_path / f"{pid}.json", {"workbook": pid})
        return renderer.finish(Executed(task, time.perf_counter(), out / pid, nbformat.v4.new_notebook()))

    renderer.page = SlowPage()
    started = time.perf_counter()
    slow = finish("slow")
    assert time.perf_counter() - started < 5
    assert slow.status == "failed" and slow.exception_name == "ExportTimeout"
    assert slow.error == "ExportTimeout: making the HTML and PDF took longer than 0.3 s (--timeout)"
    assert json.loads((out / "slow" / STAMP_NAME).read_text())["status"] == "failed"
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # no timer left running

    renderer.page = QuickPage()
    quick = finish("quick")
    assert quick.status == "ok" and quick.outputs == ["quick/worksheet.html"]
    assert (out / "quick" / "worksheet.html").read_text() == "<html>quick</html>"


def test_the_time_limit_fires_again_when_a_library_swallows_the_first_one() -> None:
    started = time.perf_counter()
    with pytest.raises(ExportTimeout), time_limit(0.2):
        with contextlib.suppress(Exception):  # what a careless library might do
            time.sleep(5)
        time.sleep(5)
    assert time.perf_counter() - started < 3


# -- light imports -------------------------------------------------------------------------------------
def test_importing_mentorkit_and_its_render_api_loads_no_heavy_library() -> None:
    code = (
        "import sys, mentorkit, mentorkit.cli, mentorkit.render, mentorkit.render.engine\n"
        "from mentorkit.render import render_cohort, RenderReport, ParticipantResult, render_participant\n"
        "from mentorkit.cli import build_parser\n"
        "build_parser().format_help()\n"
        "heavy = ('pandas', 'altair', 'papermill', 'nbconvert', 'weasyprint', 'IPython', 'pydantic',\n"
        "         'jupyter_client', 'ipywidgets')\n"
        "print([m for m in heavy if m in sys.modules])"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "[]", proc.stdout + proc.stderr


def test_the_engine_subclasses_papermills_nbclient_engine() -> None:
    from papermill.engines import NBClientEngine, papermill_engines

    from mentorkit.render.engine import ENGINE_NAME, WarmKernelEngine

    assert papermill_engines.get_engine(ENGINE_NAME) is WarmKernelEngine
    assert issubclass(WarmKernelEngine, NBClientEngine)
    assert "execute_notebook" not in vars(WarmKernelEngine)  # papermill's own, not a copy


@pytest.mark.slow  # waits out a time limit plus its grace period, then replaces the worker
def test_an_export_stuck_where_the_time_limit_cannot_reach_costs_only_its_participant(tmp_path: Path) -> None:
    from tests.render_fakes import stuck_export_worker_main

    out = tmp_path / "out"
    out.mkdir()
    settings = Settings(template=tmp_path / "t.ipynb", out=out, formats=("html",), timeout=0.5)
    pool = WorkerPool(settings, 1, target=stuck_export_worker_main)
    results: list[ParticipantResult] = []
    started = time.perf_counter()
    pool.run([Task(pid, tmp_path / f"{pid}.json", {}) for pid in ("ok-a", "stuck-b", "ok-c")], results.append)
    assert time.perf_counter() - started < 60
    found = by_id(results)
    assert sorted(found) == ["ok-a", "ok-c", "stuck-b"]
    stuck = found["stuck-b"]
    assert stuck.status == "failed" and stuck.exception_name == "ExportTimeout"
    assert stuck.message == ("making the HTML and PDF did not stop within 1.5 s (--timeout plus a grace "
                             "period); the worker was replaced")
    assert found["ok-a"].status == found["ok-c"].status == "ok"
    assert (out / "ok-c" / "worksheet.html").read_text() == "<html>Mentorship worksheet: ok-c</html>"
    assert not (out / "stuck-b" / STAMP_NAME).exists()


@pytest.mark.parametrize(("dir_mode", "file_mode"), [(0o700, 0o600), (0o2770, 0o660)])
def test_a_renderer_makes_what_its_process_creates_private_whatever_the_umask(
    tmp_path: Path, dir_mode: int, file_mode: int
) -> None:
    """Under umask 000, papermill's notebook being written (and the kernel's files) would be 0666."""
    code = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from mentorkit.render.worker import Renderer, Settings\n"
        "os.umask(0)\n"
        f"Renderer(Settings(template=Path('t.ipynb'), out=Path(sys.argv[1]), dir_mode={dir_mode}))\n"
        "(Path(sys.argv[1]) / 'probe.ipynb').write_text('{}')\n"  # opened with mode 0666, like papermill
    )
    subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=True)
    assert (tmp_path / "probe.ipynb").stat().st_mode & 0o777 == file_mode
