"""``mentorkit render``: every participant's worksheet as ipynb, HTML and PDF, resumably, with a report.

Exit status: 0 every worksheet is rendered and current; 1 some participants failed (the others are
rendered, see ``report.csv``); 2 the input cannot be used (no cohort, bad template, unknown id ...).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from concurrent.futures import Executor
from pathlib import Path
from typing import Any, TextIO

from ..errors import UnusableInput
from .worker import FORMATS, Result


def parse_formats(text: str) -> tuple[str, ...]:
    """``"ipynb,html,pdf"`` -> a tuple in canonical order; unknown names are a usage error."""
    wanted = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [w for w in wanted if w not in FORMATS]
    if unknown or not wanted:
        raise argparse.ArgumentTypeError(
            f"--format takes a comma-separated list of {', '.join(FORMATS)}; got {text!r}"
        )
    return tuple(f for f in FORMATS if f in wanted)


class Progress:
    """A progress bar on a terminal; one plain line per participant otherwise."""

    def __init__(self, total: int, stream: TextIO | None = None):
        self.total = total
        self.done = 0
        self.stream = stream or sys.stderr
        self.bar: Any = None
        if total and self.stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="worksheet", file=self.stream, dynamic_ncols=True)

    def update(self, result: Result) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.set_postfix_str(result.participant_id, refresh=False)
            self.bar.update(1)
            if result.status == "failed":
                self.bar.write(f"{result.participant_id}: FAILED: {result.error}", file=self.stream)
            return
        width = len(str(self.total))
        seconds = f" {result.seconds:.2f} s" if result.seconds is not None else ""
        detail = f": {result.error}" if result.error else ""
        print(f"[{self.done:>{width}}/{self.total}] {result.participant_id} {result.status}{seconds}{detail}",
              file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def render_cohort(
    cohort_root: Path,
    out: Path | None = None,
    formats: tuple[str, ...] = FORMATS,
    jobs: int = 0,
    only: list[str] | None = None,
    force: bool = False,
    retry_failed: bool = False,
    template: Path | None = None,
    paper: str = "a4",
    isolated: bool = False,
    timeout: float = 120.0,
    recycle_after: int = 100,
    stream: TextIO | None = None,
    executor: Executor | None = None,
) -> int:
    """Render a cohort's worksheets (see :func:`add_render` for the options); return the exit status.

    ``executor``: run one task per participant on it (e.g. dask's ``client.get_executor()``, see
    :mod:`mentorkit.render.distributed`) instead of the local pool of warm-kernel worker processes.
    """
    from ..store import Cohort
    from .plan import check_template, make_plan
    from .pool import WorkerPool
    from .report import summary, write_report
    from .worker import Settings

    stream = stream or sys.stderr
    started = time.perf_counter()
    cohort_root = Path(cohort_root)
    if not cohort_root.is_dir():
        raise UnusableInput(f"{cohort_root}: no such cohort folder")
    cohort = Cohort(cohort_root)
    if template is None:
        from ..resources import worksheet_template

        template = worksheet_template()
    checked = check_template(Path(template).resolve())
    out = Path(out) if out is not None else cohort.root / "worksheets"
    if out.exists() and not out.is_dir():
        raise UnusableInput(f"--out {out}: exists and is not a folder")
    plan = make_plan(cohort, out, checked, formats, paper, only, force, retry_failed)
    if not out.exists():
        cohort.make_dir(out)
    out = out.resolve()
    for name in plan.ignored:
        print(f"ignored {cohort.workbooks_dir / name}: the file name is not a participant id", file=stream)
    settings = Settings(
        template=checked.path, out=out, formats=formats, paper=paper, isolated=isolated,
        timeout=timeout, kernel_name=checked.kernel_name, warm_imports=checked.warm_imports,
        recycle_after=recycle_after, file_mode=cohort.file_mode, dir_mode=cohort.dir_mode,
    )
    jobs = jobs or os.cpu_count() or 1
    results: list[Result] = list(plan.skipped)
    # -- executor branch (issue 16): dask or any concurrent.futures.Executor, else the local pool --
    if executor is not None:
        from .distributed import ExecutorRunner

        pool: Any = ExecutorRunner(executor, settings, jobs=jobs)
        jobs = pool.slots()
    else:
        pool = WorkerPool(settings, jobs)
    # -- end of the executor branch --
    workers = min(jobs, max(1, len(plan.tasks)))
    print(f"Rendering {len(plan.tasks)} of {plan.total} worksheet(s) ({', '.join(formats)}; "
          f"{len(plan.skipped)} skipped) with {workers} worker(s)"
          f"{' in fresh kernels' if isolated else ''} -> {out}", file=stream)
    progress = Progress(len(plan.tasks), stream)

    def on_result(result: Result) -> None:
        results.append(result)
        progress.update(result)

    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    interrupted = False
    try:
        pool.run(plan.tasks, on_result)
    except KeyboardInterrupt:
        interrupted = True
        for worker in list(pool.workers):
            worker.process.terminate()
        finished = {r.participant_id for r in results}
        results.extend(Result(t.participant_id, "skipped", note="interrupted before rendering")
                       for t in plan.tasks if t.participant_id not in finished)
    finally:
        signal.signal(signal.SIGTERM, previous)
        progress.close()
    for problem in pool.problems:
        print(f"warning: {problem}", file=stream)
    report = write_report(out, results, cohort.file_mode)
    print(f"{summary(results, time.perf_counter() - started)}. Report: {report}", file=stream)
    if interrupted:
        print("interrupted: run the same command again to render the rest", file=stream)
        return 130
    failed = [r for r in results if r.status == "failed"]
    if failed:
        print(f"{len(failed)} failed: {', '.join(r.participant_id for r in failed[:10])}"
              f"{' ...' if len(failed) > 10 else ''} (--retry-failed renders only these again)", file=stream)
    return 1 if failed else 0


def cmd_render(args: argparse.Namespace) -> int:
    options = dict(
        out=args.out, formats=args.format, jobs=args.jobs, only=args.only, force=args.force,
        retry_failed=args.retry_failed, template=args.template, paper=args.paper, isolated=args.isolated,
        timeout=args.timeout, recycle_after=args.recycle_after,
    )
    if args.scheduler:  # issue 16: the same render on dask.distributed
        from .distributed import open_executor

        with open_executor(args.scheduler, sys.stderr) as executor:
            return render_cohort(args.cohort, executor=executor, **options)
    return render_cohort(args.cohort, **options)


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}")
    return value


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def add_render(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "render",
        help="render every participant's worksheet (ipynb, HTML, PDF) with a report",
        description="Run the worksheet template for every participant of a cohort and write "
        "OUT/<id>/worksheet.ipynb|.html|.pdf and OUT/report.csv. Re-running renders only what changed. "
        "Exit 0: all rendered; 1: some participants failed (the rest are rendered); 2: unusable input.",
    )
    p.add_argument("--cohort", type=Path, required=True, help="cohort folder (with workbooks/)")
    p.add_argument("--out", type=Path, help="output folder (default: COHORT/worksheets)")
    p.add_argument("--format", type=parse_formats, default=FORMATS, metavar="LIST",
                   help="comma-separated: ipynb,html,pdf (default: all three)")
    p.add_argument("--jobs", type=_count, default=0, metavar="N",
                   help="worker processes, each with a warm kernel (default: number of CPUs)")
    p.add_argument("--only", nargs="+", metavar="ID", help="render only these participants")
    again = p.add_mutually_exclusive_group()
    again.add_argument("--force", action="store_true", help="render everyone, even if up to date")
    again.add_argument("--retry-failed", action="store_true",
                       help="render only the participants that failed last time")
    p.add_argument("--template", type=Path, help="worksheet notebook (default: the bundled one)")
    p.add_argument("--paper", choices=("a4", "letter"), default="a4", help="PDF page size (default: a4)")
    p.add_argument("--isolated", action="store_true",
                   help="a fresh kernel per participant (slow; for comparison and suspicious templates)")
    p.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS",
                   help="longest a single cell may run (default: 120)")
    p.add_argument("--recycle-after", type=_count, default=100, metavar="N",
                   help="replace each worker process and its kernel after N participants (default: 100)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="render on dask.distributed: a scheduler address (tcp://HOST:8786), or local:N to "
                   "start a local cluster of N worker processes; the cohort and --out must be on a "
                   "filesystem every worker reaches (needs mentorkit[dask])")
    p.set_defaults(handler=cmd_render)
