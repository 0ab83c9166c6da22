"""Benchmark: a naive per-participant papermill loop against ``mentorkit render``, on one cohort.

Both produce ipynb + HTML + PDF for the same fictional cohort (40 filled-in workbooks by default):

* naive: for each participant, ``papermill.execute_notebook`` (a fresh kernel each time), nbconvert's
  HTML export (mentorkit's print template, so both write the same page) and a WeasyPrint PDF, one
  after another, in one Python process;
* ``mentorkit render --jobs N``: warm kernels in parallel worker processes, through the library call
  :func:`mentorkit.render.render_cohort`, whose report (counts, failures, seconds) is printed.

Each side runs as its own subprocess, so both pay their imports. Then ``mentorkit render`` runs again
on a cohort ten times larger while the resident memory of all its processes (main, workers, kernels)
is sampled: the peak must not grow with the cohort.

    python benchmarks/render_cohort.py [--participants 40] [--memory-participants 400]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(PROJECT))


def naive_loop(cohort: Path, out: Path) -> None:
    """The baseline, run in a subprocess: one fresh kernel per participant, strictly in sequence."""
    import papermill

    from mentorkit.render.html import PageRenderer
    from mentorkit.render.pdf import PdfWriter
    from mentorkit.resources import worksheet_template

    page, pdf = PageRenderer(), PdfWriter()
    template = str(worksheet_template())
    for workbook in sorted((cohort / "workbooks").glob("*.json")):
        folder = out / workbook.stem
        folder.mkdir(parents=True, exist_ok=True)
        nb = papermill.execute_notebook(
            template, str(folder / "worksheet.ipynb"), parameters={"workbook_path": str(workbook)},
            progress_bar=False,
        )
        html = page.render(nb, f"Mentorship worksheet: {workbook.stem}")
        (folder / "worksheet.html").write_text(html, encoding="utf-8")
        (folder / "worksheet.pdf").write_bytes(pdf.render(html))


class PeakMemory:
    """Samples the summed RSS of a process and all its descendants until stopped."""

    def __init__(self, pid: int, interval: float = 0.05):
        import psutil

        self.root = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            total = 0
            for proc in procs:
                with contextlib.suppress(psutil.Error):
                    total += proc.memory_info().rss
            self.peak = max(self.peak, total)
            time.sleep(self.interval)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def render_worker(cohort: Path, out: Path, jobs: int, formats: str) -> int:
    """The mentorkit side, run in a subprocess: ``render_cohort`` and its report as one JSON line."""
    from mentorkit.render import render_cohort

    report = render_cohort(cohort, out, formats=tuple(formats.split(",")), jobs=jobs, force=True)
    print(json.dumps({"counts": report.counts(), "seconds": round(report.seconds, 2),
                      "workers": report.workers,
                      "failed": [f"{r.participant_id}: {r.error}" for r in report.failed[:5]]}))
    return 1 if report.failed or report.interrupted else 0


def timed(cmd: list[str], memory: bool = False) -> tuple[float, int, int, float, str]:
    """Run ``cmd``: (wall seconds, exit status, peak RSS of its process tree, CPU seconds, its stdout).

    CPU seconds come from ``getrusage(RUSAGE_CHILDREN)``: the command and every descendant that
    was waited for (workers, kernels). Wall time depends on what else runs on the machine; CPU time
    much less so, which helps when reading a run on a shared machine.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = PeakMemory(proc.pid) if memory else None
    printed, err = proc.communicate()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak = sampler.stop() if sampler else 0
    if proc.returncode != 0:
        print(err[-3000:], file=sys.stderr)
    return seconds, proc.returncode, peak, cpu, printed


def count_outputs(out: Path) -> dict[str, int]:
    return {ext: len(list(out.glob(f"*/worksheet.{ext}"))) for ext in ("ipynb", "html", "pdf")}


def render_cmd(cohort: Path, out: Path, jobs: int, formats: str) -> list[str]:
    return [sys.executable, __file__, "--render-worker", str(cohort), str(out), str(jobs), formats]


def report_line(printed: str) -> str:
    """The render report's counts as the subprocess printed them."""
    try:
        report = json.loads(printed.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return "no report"
    failed = f"; failed: {report['failed']}" if report["failed"] else ""
    return f"report {report['counts']} in {report['seconds']} s with {report['workers']} worker(s){failed}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=40)
    parser.add_argument("--memory-participants", type=int, default=400)
    parser.add_argument("--memory-formats", default="ipynb,html,pdf")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--naive-worker", nargs=2, metavar=("COHORT", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--render-worker", nargs=4, metavar=("COHORT", "OUT", "JOBS", "FORMATS"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--keep", action="store_true", help="keep the generated cohorts and outputs")
    args = parser.parse_args()
    if args.naive_worker:
        naive_loop(Path(args.naive_worker[0]), Path(args.naive_worker[1]))
        return 0
    if args.render_worker:
        cohort, out, jobs, formats = args.render_worker
        return render_worker(Path(cohort), Path(out), int(jobs), formats)

    from mentorkit.render.examples import write_example_cohort

    work = Path(tempfile.mkdtemp(prefix="mentorkit-bench-"))
    try:
        cohort = work / "cohort"
        write_example_cohort(cohort, args.participants)
        n = args.participants
        load_before = f"{os.getloadavg()[0]:.2f}"
        print(f"mentorkit render benchmark: {n} fictional participants, ipynb+html+pdf, "
              f"{os.cpu_count()} CPU(s), jobs={args.jobs}", flush=True)

        naive_cmd = [sys.executable, __file__, "--naive-worker", str(cohort), str(work / "naive")]
        naive_s, naive_rc, _, naive_cpu, _ = timed(naive_cmd)
        naive_counts = count_outputs(work / "naive")
        print(f"  naive loop (per participant: papermill.execute_notebook, nbconvert HTML, WeasyPrint PDF)\n"
              f"      {naive_s:7.1f} s wall, {naive_cpu:7.1f} s CPU  ({naive_s / n:.2f} s per worksheet, "
              f"exit {naive_rc}, outputs {naive_counts})", flush=True)

        fast_cmd = render_cmd(cohort, work / "fast", args.jobs, "ipynb,html,pdf")
        fast_s, fast_rc, peak_small, fast_cpu, fast_out = timed(fast_cmd, memory=True)
        fast_counts = count_outputs(work / "fast")
        print(f"  mentorkit render_cohort(jobs={args.jobs})\n"
              f"      {fast_s:7.1f} s wall, {fast_cpu:7.1f} s CPU  ({fast_s / n:.2f} s per worksheet, "
              f"exit {fast_rc}, outputs {fast_counts})\n      {report_line(fast_out)}", flush=True)
        cpu_ratio = naive_cpu / max(fast_cpu, 1e-9)
        print(f"  speed-up: {naive_s / fast_s:.1f}x wall time ({cpu_ratio:.1f}x less CPU); "
              f"load average before/after: {load_before} / {os.getloadavg()[0]:.2f}", flush=True)

        big = work / "big"
        m = args.memory_participants
        write_example_cohort(big, m)
        big_cmd = render_cmd(big, work / "big-out", args.jobs, args.memory_formats)
        big_s, big_rc, peak_big, _, big_out = timed(big_cmd, memory=True)
        print("  peak memory of mentorkit render (main + workers + kernels, RSS summed):", flush=True)
        print(f"    {n:4d} participants, ipynb,html,pdf: {peak_small / 2**20:7.0f} MB", flush=True)
        print(f"    {m:4d} participants, {args.memory_formats}: {peak_big / 2**20:7.0f} MB  "
              f"({big_s:.1f} s, exit {big_rc}, {report_line(big_out)})", flush=True)
        print(f"    ratio {m} / {n}: {peak_big / max(peak_small, 1):.2f}", flush=True)
        ok = naive_rc == 0 and fast_rc == 0 and big_rc == 0 and naive_counts == fast_counts == {
            "ipynb": n, "html": n, "pdf": n}
        return 0 if ok else 1
    finally:
        if args.keep:
            print(f"outputs kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
