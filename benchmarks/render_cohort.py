"""Benchmark: naive per-participant papermill loops against ``mentorkit render``, on one cohort.

Measured side by side in one run, on the same fictional cohort (40 filled-in workbooks by default):

* naive, ipynb only (the stricter baseline): ``papermill.execute_notebook`` per participant, default
  engine (a fresh kernel each time), one after another in one Python process;
* naive, all three formats: the same, plus nbconvert's HTML export (mentorkit's print template, so
  both write the same page) and a WeasyPrint PDF (``--skip-naive-all`` leaves it out);
* ``mentorkit render --jobs N``: ipynb + HTML + PDF from warm kernels in parallel worker processes,
  through :func:`mentorkit.render.render_cohort`, whose report (counts, failures, seconds) is printed.

Each side runs as its own subprocess, so all pay their imports. CPU seconds are the subprocess and all
its waited-for descendants (workers, kernels). The load average is printed before and after: on a
shared machine read the ratios, which are measured under the same load.

Then memory: ``mentorkit render`` runs on ``--memory-participants`` (200) and, with
``--large N``, on N participants (``--large-formats``, e.g. ``ipynb`` when the full run is too slow)
while the summed RSS of all its processes (main, workers, kernels) is sampled every 0.2 s.
``--recycle-after`` (default 100) is how many participants each worker renders before a fresh
worker and kernel replace it: with a small value a modest cohort passes through many recycles, which
shows whether memory stays flat across them.

    python benchmarks/render_cohort.py [--participants 40] [--memory-participants 200]
        [--large 2000 --large-formats ipynb] [--recycle-after 100] [--skip-naive-all]

``--baseline REF`` instead compares ``mentorkit render`` (default documents: the worksheet, and the
agreement where REF has it) of this checkout with commit REF's on the same cohort, interleaved over
``--baseline-rounds`` rounds, and prints the ratios (issue 13: within 10% of 287cb78):

    python benchmarks/render_cohort.py --baseline 287cb78 --participants 40
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


def naive_loop(cohort: Path, out: Path, formats: str = "ipynb,html,pdf") -> None:
    """The baseline, run in a subprocess: one fresh kernel per participant, strictly in sequence."""
    import papermill

    from mentorkit.render.html import PageRenderer
    from mentorkit.render.pdf import PdfWriter
    from mentorkit.resources import worksheet_template

    everything = formats != "ipynb"
    page, pdf = (PageRenderer(), PdfWriter()) if everything else (None, None)
    template = str(worksheet_template())
    for workbook in sorted((cohort / "workbooks").glob("*.json")):
        folder = out / workbook.stem
        folder.mkdir(parents=True, exist_ok=True)
        nb = papermill.execute_notebook(
            template, str(folder / "worksheet.ipynb"), parameters={"workbook_path": str(workbook)},
            progress_bar=False,
        )
        if page is None or pdf is None:
            continue
        html = page.render(nb, f"Mentorship worksheet: {workbook.stem}")
        (folder / "worksheet.html").write_text(html, encoding="utf-8")
        (folder / "worksheet.pdf").write_bytes(pdf.render(html))


class PeakMemory:
    """Samples the memory of a process and all its descendants until stopped.

    Two sums, each with its own peak: RSS (every process's resident pages, so pages shared between
    processes, such as the Python binary and shared libraries, count once per process) and PSS (each
    shared page divided among the processes sharing it: the tree's real share of memory). RSS is read
    every ``interval`` seconds; PSS (from ``/proc/PID/smaps_rollup``, slower to read) every
    ``pss_every`` samples.
    """

    def __init__(self, pid: int, interval: float = 0.2, pss_every: int = 2):
        import psutil

        self.root = psutil.Process(pid)
        self.interval = interval
        self.pss_every = pss_every
        self.peak = 0
        self.peak_pss = 0
        self.processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @staticmethod
    def _pss(pid: int) -> int:
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
                for line in handle:
                    if line.startswith("Pss:"):
                        return int(line.split()[1]) * 1024
        except OSError:
            pass
        return 0

    def _run(self) -> None:
        import psutil

        sample = 0
        while not self._stop.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            total = 0
            for proc in procs:
                with contextlib.suppress(psutil.Error):
                    total += proc.memory_info().rss
            if total > self.peak:
                self.peak, self.processes = total, len(procs)
            if sample % self.pss_every == 0:
                self.peak_pss = max(self.peak_pss, sum(self._pss(p.pid) for p in procs))
            sample += 1
            time.sleep(self.interval)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def render_worker(cohort: Path, out: Path, jobs: int, formats: str, recycle_after: int = 100) -> int:
    """The mentorkit side, run in a subprocess: ``render_cohort`` and its report as one JSON line."""
    from mentorkit.render import render_cohort

    report = render_cohort(cohort, out, formats=tuple(formats.split(",")), jobs=jobs, force=True,
                           recycle_after=recycle_after)
    print(json.dumps({"counts": report.counts(), "seconds": round(report.seconds, 2),
                      "workers": report.workers,
                      "failed": [f"{r.participant_id}: {r.error}" for r in report.failed[:5]]}))
    return 1 if report.failed or report.interrupted else 0


#: The last :func:`timed` run's peak PSS (bytes) and process count at its RSS peak.
LAST_MEMORY = {"pss": 0, "processes": 0}


def timed(cmd: list[str], memory: bool = False, env: dict[str, str] | None = None,
          cwd: Path | None = None) -> tuple[float, int, int, float, str]:
    """Run ``cmd``: (wall seconds, exit status, peak RSS of its process tree, CPU seconds, its stdout).

    CPU seconds come from ``getrusage(RUSAGE_CHILDREN)``: the command and every descendant that
    was waited for (workers, kernels). Wall time depends on what else runs on the machine; CPU time
    much less so, which helps when reading a run on a shared machine. With ``memory`` the peak PSS
    is left in :data:`LAST_MEMORY`.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=cwd)
    sampler = PeakMemory(proc.pid) if memory else None
    printed, err = proc.communicate()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak = sampler.stop() if sampler else 0
    if sampler is not None:
        LAST_MEMORY.update(pss=sampler.peak_pss, processes=sampler.processes)
    if proc.returncode != 0:
        print(err[-3000:], file=sys.stderr)
    return seconds, proc.returncode, peak, cpu, printed


def mb(n: int) -> str:
    return f"{n / 2**20:5.0f} MB"


def count_outputs(out: Path) -> dict[str, int]:
    return {ext: len(list(out.glob(f"*/worksheet.{ext}"))) for ext in ("ipynb", "html", "pdf")}


def render_cmd(cohort: Path, out: Path, jobs: int, formats: str, recycle_after: int = 100) -> list[str]:
    return [sys.executable, __file__, "--render-worker", str(cohort), str(out), str(jobs), formats,
            str(recycle_after)]


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def report_line(printed: str) -> str:
    """The render report's counts as the subprocess printed them."""
    try:
        report = json.loads(printed.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return "no report"
    failed = f"; failed: {report['failed']}" if report["failed"] else ""
    return f"report {report['counts']} in {report['seconds']} s with {report['workers']} worker(s){failed}"


def baseline(ref: str, n: int, jobs: int, rounds: int, work: Path) -> bool:
    """``mentorkit render`` (its default documents, ipynb + HTML + PDF) of this checkout against the
    same command of commit ``ref``, on one cohort, interleaved: REF, HEAD, HEAD, REF, ...

    ``ref`` is unpacked with ``git archive`` into a temporary folder and run with ``PYTHONPATH``
    pointing at it (its kernels inherit it). The cohort is written by REF's own example generator, so
    both read it (this checkout migrates older workbooks); each run gets a fresh copy.
    """
    tree = work / "baseline-tree"
    tree.mkdir()
    archive = subprocess.run(["git", "-C", str(PROJECT), "archive", ref], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    cohort = work / "baseline-cohort"

    def env(root: Path) -> dict[str, str]:
        return {**os.environ, "PYTHONPATH": str(root)}

    subprocess.run([sys.executable, "-c", "import sys; from mentorkit.render.examples import "
                    "write_example_cohort as w; w(sys.argv[1], int(sys.argv[2]))", str(cohort), str(n)],
                   env=env(tree), cwd=tree, check=True)
    print(f"  HEAD vs {ref}: `mentorkit render --jobs {jobs}` (each its default documents, ipynb + HTML + "
          f"PDF) on the same {n} participants ({ref}'s example cohort), {rounds} round(s), interleaved",
          flush=True)
    # the same work as REF (its worksheet alone) and this checkout's default run (plus the agreement)
    runs = {ref: (tree, []), "HEAD": (PROJECT, []), "HEAD worksheet": (PROJECT, ["--documents", "worksheet"])}
    measured: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
    ok = True
    for r in range(rounds):
        for name in (list(runs) if r % 2 else list(runs)[::-1]):
            root, extra = runs[name]
            copy = work / f"baseline-{r}-{len(measured[name])}-{name.replace('/', '-').replace(' ', '-')}"
            shutil.copytree(cohort, copy)
            cmd = [sys.executable, "-m", "mentorkit.cli", "render", "--cohort", str(copy), "--out",
                   str(copy / "out"), "--jobs", str(jobs), *extra]
            seconds, rc, _, cpu, _ = timed(cmd, env=env(root), cwd=root)
            pdfs = sorted(p.name for p in (copy / "out").glob("*/*.pdf"))
            documents = ", ".join(sorted(set(pdfs)))
            print(f"    {name:>14}: {seconds:6.1f} s wall, {cpu:6.1f} s CPU ({cpu / n:.2f} CPU-s per "
                  f"participant), exit {rc}, {len(pdfs)} PDFs ({documents}); load {load()}", flush=True)
            measured[name].append((seconds, cpu))
            ok = ok and rc == 0
            shutil.rmtree(copy, ignore_errors=True)
    base = measured[ref]
    for name in ("HEAD worksheet", "HEAD"):
        head = measured[name]
        wall = sum(s for s, _ in head) / sum(s for s, _ in base)
        cpu = sum(c for _, c in head) / sum(c for _, c in base)
        what = "the same work" if name == "HEAD worksheet" else "default documents"
        print(f"  {name} / {ref} ({what}): {wall:.2f}x wall time, {cpu:.2f}x CPU seconds "
              "(target: at most 1.10)", flush=True)
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=40)
    parser.add_argument("--memory-participants", type=int, default=200)
    parser.add_argument("--memory-formats", default="ipynb,html,pdf")
    parser.add_argument("--large", type=int, default=0, help="also measure memory on this many participants")
    parser.add_argument("--large-formats", default="ipynb,html,pdf")
    parser.add_argument("--recycle-after", type=int, default=100)
    parser.add_argument("--skip-naive-all", action="store_true",
                        help="no naive loop making all three formats")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--naive-worker", nargs=3, metavar=("COHORT", "OUT", "FORMATS"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--render-worker", nargs=5, metavar=("COHORT", "OUT", "JOBS", "FORMATS", "RECYCLE"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--keep", action="store_true", help="keep the generated cohorts and outputs")
    parser.add_argument("--baseline", metavar="REF",
                        help="only compare `mentorkit render` here with commit REF's (e.g. 287cb78)")
    parser.add_argument("--baseline-rounds", type=int, default=2, metavar="N")
    args = parser.parse_args()
    if args.naive_worker:
        naive_loop(Path(args.naive_worker[0]), Path(args.naive_worker[1]), args.naive_worker[2])
        return 0
    if args.render_worker:
        cohort, out, jobs, formats, recycle = args.render_worker
        return render_worker(Path(cohort), Path(out), int(jobs), formats, int(recycle))

    from mentorkit.render.examples import write_example_cohort

    work = Path(tempfile.mkdtemp(prefix="mentorkit-bench-"))
    try:
        if args.baseline:
            print(f"mentorkit render vs {args.baseline}: {os.cpu_count()} CPU(s), load average {load()}",
                  flush=True)
            same = baseline(args.baseline, args.participants, args.jobs, args.baseline_rounds, work)
            return 0 if same else 1
        cohort = work / "cohort"
        write_example_cohort(cohort, args.participants)
        n = args.participants
        all3 = {"ipynb": n, "html": n, "pdf": n}
        print(f"mentorkit render benchmark: {n} fictional participants, {os.cpu_count()} CPU(s), "
              f"jobs={args.jobs}, load average {load()}", flush=True)

        def naive(formats: str, label: str) -> tuple[float, float, bool]:
            out = work / f"naive-{formats.replace(',', '-')}"
            cmd = [sys.executable, __file__, "--naive-worker", str(cohort), str(out), formats]
            seconds, rc, _, cpu, _ = timed(cmd)
            counts = count_outputs(out)
            print(f"  naive loop, {label}\n"
                  f"      {seconds:7.1f} s wall, {cpu:7.1f} s CPU  ({seconds / n:.2f} s per participant, "
                  f"{cpu / n:.2f} CPU-s per participant, exit {rc}, outputs {counts}); load {load()}",
                  flush=True)
            wanted = {k: (n if k in formats.split(",") else 0) for k in all3}
            return seconds, cpu, rc == 0 and counts == wanted

        naive_s, naive_cpu, naive_ok = naive(
            "ipynb", "ipynb only (papermill.execute_notebook, default engine)")
        all_s, all_cpu, all_ok = (0.0, 0.0, True) if args.skip_naive_all else naive(
            "ipynb,html,pdf", "ipynb + HTML + PDF (papermill, nbconvert HTML, WeasyPrint PDF)")

        fast_cmd = render_cmd(cohort, work / "fast", args.jobs, "ipynb,html,pdf", args.recycle_after)
        fast_s, fast_rc, peak_small, fast_cpu, fast_out = timed(fast_cmd, memory=True)
        fast_counts = count_outputs(work / "fast")
        print(f"  mentorkit render_cohort(jobs={args.jobs}), ipynb + HTML + PDF\n"
              f"      {fast_s:7.1f} s wall, {fast_cpu:7.1f} s CPU  ({fast_s / n:.2f} s per participant, "
              f"{fast_cpu / n:.2f} CPU-s per participant, exit {fast_rc}, outputs {fast_counts})\n"
              f"      {report_line(fast_out)}; load {load()}", flush=True)
        print(f"  speed-up vs naive ipynb only: {naive_s / fast_s:.1f}x wall time "
              f"({naive_cpu / max(fast_cpu, 1e-9):.1f}x less CPU)", flush=True)
        if not args.skip_naive_all:
            print(f"  speed-up vs naive ipynb + HTML + PDF: {all_s / fast_s:.1f}x wall time "
                  f"({all_cpu / max(fast_cpu, 1e-9):.1f}x less CPU)", flush=True)

        small_pss, small_procs = LAST_MEMORY["pss"], LAST_MEMORY["processes"]
        print(f"  peak memory of mentorkit render (main + workers + kernels summed; RSS every 0.2 s, "
              f"PSS every 0.4 s; recycle after {args.recycle_after}):", flush=True)
        print(f"    {n:5d} participants, ipynb,html,pdf: RSS {mb(peak_small)}, PSS {mb(small_pss)} "
              f"({small_procs} processes)", flush=True)
        ok = naive_ok and all_ok and fast_rc == 0 and fast_counts == all3
        runs = [(args.memory_participants, args.memory_formats)]
        if args.large:
            runs.append((args.large, args.large_formats))
        for m, formats in runs:
            if m <= 0:
                continue
            big = work / f"cohort-{m}"
            write_example_cohort(big, m)
            big_cmd = render_cmd(big, work / f"out-{m}", args.jobs, formats, args.recycle_after)
            big_s, big_rc, peak_big, big_cpu, big_out = timed(big_cmd, memory=True)
            print(f"    {m:5d} participants, {formats}: RSS {mb(peak_big)}, PSS {mb(LAST_MEMORY['pss'])}  "
                  f"({big_s:.1f} s, "
                  f"{big_cpu / m:.2f} CPU-s per participant, exit {big_rc}, {report_line(big_out)}); "
                  f"load {load()}", flush=True)
            ok = ok and big_rc == 0
        return 0 if ok else 1
    finally:
        if args.keep:
            print(f"outputs kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
