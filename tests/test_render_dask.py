"""The render on dask.distributed (and any concurrent.futures.Executor): same outputs, same rules.

The driver's retry rule is tested with a fake task on a thread pool (no kernels); the rest runs real
kernels on a real ``LocalCluster`` of worker processes, or a ``ProcessPoolExecutor``.
"""

from __future__ import annotations

import csv
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import nbformat
import pytest
from distributed.scheduler import KilledWorker

from mentorkit.cli import main
from mentorkit.render.cli import exit_status
from mentorkit.render.distributed import TEMPLATE_COPY, ExecutorRunner, parse_scheduler
from mentorkit.render.examples import example_workbook
from mentorkit.render.report import ParticipantResult as Result
from mentorkit.render.run import render_cohort
from mentorkit.render.worker import Settings, Task
from mentorkit.store import Cohort, dump_workbook, write_atomic

SAMPLE_IDS = ["ana-lima", "ben-okafor", "chiara-rossi", "dev-patel"]


def read_report(out: Path) -> dict[str, dict[str, str]]:
    with open(out / "report.csv", newline="", encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def put(cohort: Cohort, workbook) -> str:
    write_atomic(cohort.path_for(workbook.id), dump_workbook(workbook), cohort.file_mode)
    return workbook.id


def comparable(path: Path) -> list:
    """A notebook's cells with their outputs, without timings and papermill's run metadata."""
    nb = nbformat.read(path, as_version=4)
    cells = []
    for cell in nb.cells:
        outputs = [{k: v for k, v in o.items() if k != "metadata"} for o in cell.get("outputs", [])]
        cells.append((cell.cell_type, cell.source, cell.get("execution_count"), outputs))
    return cells


def small_template(path: Path, body: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell('workbook_path = ""', metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell(body)]
    nbformat.write(nb, path)
    return path


# -- the driver, with a fake task (no kernels) -----------------------------------------------------
def test_a_dead_worker_costs_one_retry_and_twice_is_a_failure(tmp_path: Path) -> None:
    calls: dict[str, int] = {}
    lock = threading.Lock()
    in_flight = [0, 0]  # now, most

    def fake(settings: Settings, task: Task, attempt: int) -> Result:
        pid = task.participant_id
        with lock:
            calls[pid] = calls.get(pid, 0) + 1
            in_flight[0] += 1
            in_flight[1] = max(in_flight)
        try:
            if pid == "dies-once" and calls[pid] == 1 or pid == "dies-always":
                raise KilledWorker(pid, None, allowed_failures=0)  # type: ignore[arg-type]
            if pid == "dies-on-a-patient-scheduler":  # the scheduler already retried it 3 times
                raise KilledWorker(pid, None, allowed_failures=3)  # type: ignore[arg-type]
            if pid == "raises":
                raise ValueError("no such thing")
            if pid == "broken-pool":
                raise BrokenProcessPool("A child process terminated abruptly")
            return Result(pid, "ok", seconds=0.01, message=f"attempt {attempt}")
        finally:
            with lock:
                in_flight[0] -= 1

    ids = ["a", "dies-once", "b", "dies-always", "dies-on-a-patient-scheduler", "raises", "broken-pool", "c"]
    (tmp_path / "t.ipynb").write_text("{}", encoding="utf-8")
    settings = Settings(template=tmp_path / "t.ipynb", out=tmp_path)
    results: dict[str, Result] = {}
    with ThreadPoolExecutor(max_workers=2) as pool:
        runner = ExecutorRunner(pool, settings, fn=fake, poll=0.05)
        runner.run([Task(pid, tmp_path / f"{pid}.json", {}) for pid in ids],
                   lambda r: results.__setitem__(r.participant_id, r))
    assert sorted(results) == sorted(ids)  # a complete report
    for pid in ("a", "b", "c"):
        assert results[pid].status == "ok" and calls[pid] == 1
    assert results["dies-once"].status == "ok" and results["dies-once"].message == "attempt 1"
    assert calls["dies-always"] == 2 and results["dies-always"].status == "failed"
    assert results["dies-always"].error == "the worker process died while rendering, twice"
    assert calls["dies-on-a-patient-scheduler"] == 1
    assert "died while rendering, 4 times" in results["dies-on-a-patient-scheduler"].error
    assert results["raises"].status == "failed" and results["raises"].error == "ValueError: no such thing"
    assert results["broken-pool"].status == "failed" and calls["broken-pool"] == 1
    assert results["broken-pool"].error.startswith("not rendered: the executor broke (a worker process died)")
    assert in_flight[1] <= 2 and runner.max_in_flight == 2  # one participant per worker thread


@pytest.mark.parametrize(("text", "expected"), [("local:3", ("local", 3)),
                                                ("tcp://10.0.0.5:8786", ("tcp://10.0.0.5:8786", 0))])
def test_parse_scheduler(text: str, expected: tuple[str, int]) -> None:
    assert parse_scheduler(text) == expected


def test_a_bad_local_scheduler_is_unusable_input(sample_cohort: Cohort, capsys) -> None:
    assert main(["render", "--cohort", str(sample_cohort.root), "--scheduler", "local:none"]) == 2
    assert "local:N" in capsys.readouterr().err


# -- real kernels -----------------------------------------------------------------------------------
@pytest.mark.kernel
@pytest.mark.slow
def test_a_local_cluster_renders_what_the_local_pool_renders_byte_for_byte(
    sample_cohort: Cohort, tmp_path: Path
) -> None:
    """HTML and PDF equal byte for byte; notebooks equal without timing metadata; resume works."""
    import dask
    from distributed import Client, LocalCluster

    from mentorkit.render.distributed import LOCAL_SCHEDULER_CONFIG

    local, dist = tmp_path / "local", tmp_path / "dask"
    assert exit_status(render_cohort(sample_cohort.root, out=local, jobs=2, only=SAMPLE_IDS)) == 0
    with dask.config.set(LOCAL_SCHEDULER_CONFIG), LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, Client(cluster) as client:
        executor = client.get_executor()
        report = render_cohort(sample_cohort.root, out=dist, only=SAMPLE_IDS, executor=executor)
        assert exit_status(report) == 0
        # the worker plugin was unregistered at the end: its teardown shut every warm kernel down
        live = client.run(lambda: len(__import__("mentorkit.render.distributed", fromlist=["_"])._slots))
        assert list(live.values()) == [0, 0]
        # resume: nothing changed, nothing rendered again
        report = render_cohort(sample_cohort.root, out=dist, only=SAMPLE_IDS, executor=executor)
        assert exit_status(report) == 0
        assert {r["status"] for r in read_report(dist).values()} == {"skipped"}
    for pid in SAMPLE_IDS:
        a, b = local / pid, dist / pid
        assert (a / "worksheet.html").read_bytes() == (b / "worksheet.html").read_bytes(), pid
        assert (a / "worksheet.pdf").read_bytes() == (b / "worksheet.pdf").read_bytes(), pid
        assert comparable(a / "worksheet.ipynb") == comparable(b / "worksheet.ipynb"), pid
        assert '"status": "ok"' in (b / ".render.json").read_text(encoding="utf-8")


@pytest.mark.kernel
@pytest.mark.slow
def test_scheduler_local_cli_survives_killed_workers_with_a_complete_report(
    cohort: Cohort, tmp_path: Path, capsys
) -> None:
    ids = [put(cohort, example_workbook(i)) for i in range(4)]
    killer, once = ids[1], ids[2]
    marker = tmp_path / "killed-once"
    template = small_template(tmp_path / "fragile.ipynb", (
        "import os, pathlib, signal\n"
        f"if {killer!r} in workbook_path or ({once!r} in workbook_path\n"
        f"        and not pathlib.Path({str(marker)!r}).exists()):\n"
        f"    pathlib.Path({str(marker)!r}).touch()\n"
        "    os.kill(os.getpid(), signal.SIGKILL)  # the dask worker process (cells run in it)\n"
        "print('fine', os.path.basename(workbook_path))"
    ))
    code = main(["render", "--cohort", str(cohort.root), "--scheduler", "local:2", "--format", "ipynb",
                 "--template", str(template)])
    err = capsys.readouterr().err
    assert "dask dashboard:" in err and "[4/4]" in err
    assert code == 1
    report = read_report(cohort.root / "worksheets")
    assert sorted(report) == sorted(ids)
    assert report[killer]["status"] == "failed", report
    assert report[killer]["error"] == "the worker process died while rendering, twice"
    assert not (cohort.root / "worksheets" / killer / ".render.json").exists()
    for pid in (ids[0], once, ids[3]):  # the participant that killed a worker once got its retry
        assert report[pid]["status"] == "ok", report
        nb = nbformat.read(cohort.root / "worksheets" / pid / "worksheet.ipynb", as_version=4)
        assert "".join(o.get("text", "") for o in nb.cells[2].outputs).strip() == f"fine {pid}.json"


@pytest.mark.kernel
@pytest.mark.slow
def test_a_process_pool_executor_runs_the_template_warm_in_its_worker(cohort: Cohort, tmp_path: Path) -> None:
    ids = [put(cohort, example_workbook(i)) for i in range(3)]
    template = small_template(tmp_path / "pid.ipynb", (
        "import os\nprint(os.getpid(), globals().get('LEFT_BEHIND'))\nLEFT_BEHIND = workbook_path"))
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        report = render_cohort(cohort.root, formats=("ipynb",), template=template, executor=pool)
    assert exit_status(report) == 0
    printed = []
    for pid in sorted(ids):  # the order of the plan, one at a time
        nb = nbformat.read(cohort.root / "worksheets" / pid / "worksheet.ipynb", as_version=4)
        printed.append("".join(o.get("text", "") for o in nb.cells[2].outputs).strip())
        # workers read the template from OUT (reachable by all), a copy of the one checked here
        assert nb.metadata.papermill.input_path == str(cohort.root.resolve() / "worksheets" / TEMPLATE_COPY)
    # every participant in the pool's one worker process (warm), none seeing the one before
    worker = printed[0].split()[0]
    assert printed == [f"{worker} None"] * 3 and worker != str(os.getpid())


@pytest.mark.kernel
@pytest.mark.slow
def test_two_executor_threads_share_one_kernel_and_overlap_safely(cohort: Cohort, tmp_path: Path) -> None:
    """In this process: one participant's notebook on the kernel while another is converted."""
    from mentorkit.render import distributed

    ids = [put(cohort, example_workbook(i)) for i in range(4)]
    template = small_template(tmp_path / "who.ipynb", (
        "import json, os\n"
        "print(os.getpid(), json.load(open(workbook_path))['profile']['name'])"
    ))
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            assert exit_status(render_cohort(cohort.root, formats=("ipynb", "html"), template=template,
                                 executor=pool)) == 0
        assert len(distributed._slots) == 1  # one warm renderer for the process, kept for the next run
    finally:
        distributed.shutdown_renderers()
    assert distributed._slots == {}
    kernels = set()
    for pid in ids:
        nb = nbformat.read(cohort.root / "worksheets" / pid / "worksheet.ipynb", as_version=4)
        kernel, name = "".join(o.get("text", "") for o in nb.cells[2].outputs).strip().split(" ", 1)
        kernels.add(kernel)
        assert name == example_workbook(ids.index(pid)).profile.name
        page = (cohort.root / "worksheets" / pid / "worksheet.html").read_text(encoding="utf-8")
        assert f"{kernel} {name}" in page, pid  # each page is made from its own participant's notebook
    assert len(kernels) == 1
