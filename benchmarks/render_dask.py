"""Benchmark: ``mentorkit render`` with the local pool against a dask ``LocalCluster`` of the same size.

Both render the same fictional cohort (24 participants by default, ipynb + HTML + PDF) with N
workers: ``mentorkit render --jobs N`` and ``mentorkit render --scheduler local:N`` (N dask worker
processes of one thread, each with a warm kernel). Each runs as its own subprocess; wall time is the
whole command (including starting and closing the cluster), CPU time is every process it started
(workers, kernels). Each side also renders a single participant, so the fixed cost (start-up) and
the marginal CPU seconds per participant can be told apart. A third run uses the executor API on a
LocalCluster with two threads per worker (one participant on the kernel while the previous one is
converted). The scaling model for a cluster is

    wall time ~ start-up + (CPU-s per participant x participants) / worker cores

    python benchmarks/render_dask.py [--participants 24] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from render_cohort import count_outputs, timed  # noqa: E402


def command(cohort: Path, out: Path, mode: str, workers: int, only: list[str] | None = None) -> list[str]:
    if mode == "dask2":  # the executor API on a LocalCluster with two threads per worker
        return [sys.executable, __file__, "--two-threads", str(cohort), str(out), str(workers), *(only or [])]
    cmd = [sys.executable, "-m", "mentorkit.cli", "render", "--cohort", str(cohort), "--out", str(out),
           "--force"]
    cmd += ["--jobs", str(workers)] if mode == "pool" else ["--scheduler", f"local:{workers}"]
    return cmd + (["--only", *only] if only else [])


def two_threads(cohort: Path, out: Path, workers: int, only: list[str]) -> int:
    """``render_cohort(executor=...)`` on N dask workers of two threads: kernel and conversion overlap."""
    import dask
    from distributed import Client, LocalCluster

    from mentorkit.render.distributed import LOCAL_SCHEDULER_CONFIG
    from mentorkit.render.run import render_cohort

    with dask.config.set(LOCAL_SCHEDULER_CONFIG), LocalCluster(
        n_workers=workers, threads_per_worker=2, processes=True, dashboard_address=None
    ) as cluster, Client(cluster) as client:
        from mentorkit.render.cli import exit_status
        from mentorkit.render.worker import DOCUMENTS

        status = 0
        for document in DOCUMENTS:  # the CLI's default documents, as the other two runs make them
            report = render_cohort(cohort, out=out, only=only or None, force=True, document=document,
                                   executor=client.get_executor())
            status = max(status, exit_status(report))
        return status


def run(cmd: list[str]) -> tuple[float, float, int]:
    """(wall s, CPU s, exit status) of one ``mentorkit render`` command."""
    seconds, code, _, cpu, _ = timed(cmd)
    return seconds, cpu, code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=24)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", action="store_true", help="keep the generated cohort and outputs")
    parser.add_argument("--two-threads", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.two_threads:
        cohort, out, workers, *only = args.two_threads
        return two_threads(Path(cohort), Path(out), int(workers), only)

    from mentorkit.render.examples import write_example_cohort

    n, w = args.participants, args.workers
    work = Path(tempfile.mkdtemp(prefix="mentorkit-bench-dask-"))
    try:
        cohort = work / "cohort"
        write_example_cohort(cohort, n)
        first = sorted(p.stem for p in (cohort / "workbooks").glob("*.json"))[0]
        print(f"mentorkit render: local pool vs dask LocalCluster, {n} fictional participants, "
              f"ipynb+html+pdf, {w} worker(s), {os.cpu_count()} CPU(s); load average "
              f"{os.getloadavg()[0]:.2f}", flush=True)
        rows = {}
        modes = (("pool", f"local pool (--jobs {w})"), ("dask", f"LocalCluster (--scheduler local:{w})"),
                 ("dask2", f"LocalCluster of {w} workers x 2 threads (executor=client.get_executor())"))
        for mode, label in modes:
            one_s, one_cpu, one_rc = run(command(cohort, work / f"{mode}-one", mode, w, [first]))
            wall, cpu, code = run(command(cohort, work / mode, mode, w))
            counts = count_outputs(work / mode)
            marginal = (cpu - one_cpu) / max(n - 1, 1)
            rows[mode] = (wall, cpu, marginal)
            print(f"  {label}\n"
                  f"      {n} participants: {wall:6.1f} s wall, {cpu:6.1f} s CPU -> {n / wall * 60:5.1f} "
                  f"participants/min, {cpu / n:.2f} CPU-s per participant (start-up included)\n"
                  f"      1 participant:  {one_s:6.1f} s wall, {one_cpu:6.1f} s CPU (start-up + one)\n"
                  f"      marginal: {marginal:.2f} CPU-s per participant; exit {code}/{one_rc}, "
                  f"outputs {counts}", flush=True)
        (pw, pc, pm), dm = rows["pool"], rows["dask"][2]
        for mode, label in modes[1:]:
            mw, mc, mm = rows[mode]
            print(f"  {label.split(' (')[0]} / local pool: {mw / pw:.2f}x wall, {mc / pc:.2f}x CPU, "
                  f"{mm / max(pm, 1e-9):.2f}x marginal CPU per participant", flush=True)
        print(f"  load average now {os.getloadavg()[0]:.2f}", flush=True)
        for cores in (64, 256):
            minutes = dm * 10_000 / cores / 60
            print(f"  scaling model, dask: 10,000 participants on {cores} worker cores ~ {minutes:.0f} min "
                  f"+ start-up ({dm:.2f} CPU-s x 10,000 / {cores})", flush=True)
        ok = all(count_outputs(work / m) == {"ipynb": n, "html": n, "pdf": n} for m, _ in modes)
        return 0 if ok else 1
    finally:
        if args.keep:
            print(f"outputs kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
