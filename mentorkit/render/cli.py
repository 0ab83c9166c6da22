"""``mentorkit render``: every participant's worksheet as ipynb, HTML and PDF, resumably, with a report.

The rendering itself is :func:`mentorkit.render.run.render_cohort` (a library function returning a
report); this module adds the progress display, the summary, the SIGTERM handler and the exit status:
0 every worksheet is rendered and current; 1 some participants failed or some workbook files were
skipped (the others are rendered, see ``report.csv`` and stderr); 2 the input cannot be used (no
cohort, bad template, unknown id ...); 75 another render is writing the same output folder (it is
left alone; run again when it has finished); 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .worker import DOCUMENTS, FORMATS

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from .pool import WorkerPool
    from .report import ParticipantResult, RenderReport
    from .run import RenderStart


def parse_formats(text: str) -> tuple[str, ...]:
    """``"ipynb,html,pdf"`` -> a tuple in canonical order; unknown names are a usage error."""
    wanted = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [w for w in wanted if w not in FORMATS]
    if unknown or not wanted:
        raise argparse.ArgumentTypeError(
            f"--format takes a comma-separated list of {', '.join(FORMATS)}; got {text!r}"
        )
    return tuple(f for f in FORMATS if f in wanted)


def parse_documents(text: str) -> tuple[str, ...]:
    """``"worksheet,agreement"`` -> a tuple in canonical order; unknown names are a usage error."""
    wanted = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [w for w in wanted if w not in DOCUMENTS]
    if unknown or not wanted:
        raise argparse.ArgumentTypeError(
            f"--documents takes a comma-separated list of {', '.join(DOCUMENTS)}; got {text!r}"
        )
    return tuple(d for d in DOCUMENTS if d in wanted)


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

    def update(self, result: ParticipantResult) -> None:
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


def exit_status(report: RenderReport) -> int:
    """130 interrupted; 1 some participants failed or some workbook files were skipped; 0 every
    worksheet rendered and current."""
    if report.interrupted:
        return 130
    return 1 if report.failed or report.ignored else 0


def print_report(report: RenderReport, stream: TextIO) -> None:
    """Warnings, the summary line and what to do next."""
    for problem in report.warnings:
        print(f"warning: {problem}", file=stream)
    print(f"{report.summary()}. Report: {report.report_path}", file=stream)
    if report.interrupted:
        print("interrupted: run the same command again to render the rest", file=stream)
        return
    failed = report.failed
    if failed:
        print(f"{len(failed)} failed: {', '.join(r.participant_id for r in failed[:10])}"
              f"{' ...' if len(failed) > 10 else ''} (--retry-failed renders only these again)", file=stream)


def run_render(args: argparse.Namespace, stream: TextIO | None = None) -> int:
    """Render each of ``args.documents`` in turn (worksheet, then agreement) and return the worst exit
    status; SIGTERM stops the run like Ctrl-C."""
    documents = getattr(args, "documents", None) or ("worksheet",)
    if getattr(args, "template", None) is not None and len(documents) > 1:
        documents = documents[:1]  # a custom --template is one document's template
    stream = stream or sys.stderr
    status = 0
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        with contextlib.ExitStack() as stack:
            executor = None
            pool = None
            if getattr(args, "scheduler", None):  # the same render on dask.distributed (issue 16)
                from .distributed import open_executor

                executor = stack.enter_context(open_executor(args.scheduler, stream))
            elif len(documents) > 1:  # one set of warm workers and kernels for every document
                from .pool import WorkerPool

                pool = WorkerPool(None, args.jobs or os.cpu_count() or 1, keep_alive=True)
                stack.callback(pool.close)
            for document in documents:
                code = run_document(args, document, stream, executor, pool)
                status = max(status, code)
                if code in (2, 75, 130):  # unusable input, locked or interrupted: so would the next be
                    break
    finally:
        signal.signal(signal.SIGTERM, previous)
    return status


def run_document(args: argparse.Namespace, document: str = "worksheet", stream: TextIO | None = None,
                 executor: Executor | None = None, pool: WorkerPool | None = None) -> int:
    """Render one document with progress on ``stream`` (stderr), on ``executor`` if given."""
    from .run import render_cohort

    stream = stream or sys.stderr
    progress: list[Progress] = []

    def on_start(start: RenderStart) -> None:
        for line in start.ignored if document == "worksheet" else []:  # "<path>: skipped: <reason>"
            print(line, file=stream)
        print(f"Rendering {start.to_render} of {start.total} {document}(s) ({', '.join(start.formats)}; "
              f"{start.skipped} skipped) with {start.workers} worker(s)"
              f"{' in fresh kernels' if start.isolated else ''} -> {start.out}", file=stream)
        progress.append(Progress(start.to_render, stream))

    try:
        report = render_cohort(
            args.cohort, out=args.out, formats=args.format, jobs=args.jobs, only=args.only,
            force=args.force, retry_failed=args.retry_failed, template=args.template, paper=args.paper,
            isolated=args.isolated, timeout=args.timeout, recycle_after=args.recycle_after,
            on_start=on_start, on_result=lambda result: progress[0].update(result), executor=executor,
            document=document, pool=pool,
        )
    finally:
        for bar in progress:
            bar.close()
    print_report(report, stream)
    return exit_status(report)


def run_blank(args: argparse.Namespace, stream: TextIO | None = None) -> int:
    """``--blank``: the handout pack (one PDF, N copies of the blank worksheet) and one single copy."""
    from .run import render_blank

    stream = stream or sys.stderr
    print("Rendering the blank worksheet once for the handout pack ...", file=stream, flush=True)
    pack = render_blank(args.cohort, out=args.out, copies=args.blank, template=args.template,
                        paper=args.paper, timeout=args.timeout)
    print(f"{pack.copies} copies of {pack.pages_each} page(s) in one PDF: {pack.pack} "
          f"(one copy: {pack.single}) in {pack.seconds:.1f} s", file=stream)
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    if getattr(args, "blank", None) is not None:
        return run_blank(args)
    return run_render(args)


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


def add_render(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "render",
        help="render every participant's worksheet and agreement (ipynb, HTML, PDF) with a report",
        description="Run the worksheet and agreement templates for every participant of a cohort and write "
        "OUT/<id>/worksheet.ipynb|.html|.pdf, OUT/<id>/agreement.ipynb|.html|.pdf, OUT/report.csv and "
        "OUT/report-agreement.csv. Re-running renders only what changed. "
        "Exit 0: all rendered; 1: some participants failed (the rest are rendered); 2: unusable input; "
        "75: another render is writing OUT (a second run on the same OUT refuses at once, never waits).",
    )
    p.add_argument("--cohort", type=Path, required=True, help="cohort folder (with workbooks/)")
    p.add_argument("--out", type=Path, help="output folder (default: COHORT/worksheets)")
    p.add_argument("--format", type=parse_formats, default=FORMATS, metavar="LIST",
                   help="comma-separated: ipynb,html,pdf (default: all three)")
    p.add_argument("--jobs", type=_count, default=0, metavar="N",
                   help="warm worker processes; a python3 template runs in each worker's own Python "
                   "(default: number of CPUs)")
    p.add_argument("--documents", type=parse_documents, default=tuple(DOCUMENTS), metavar="LIST",
                   help="comma-separated: worksheet,agreement (default: both; the agreement is a form to "
                   "bring to the first meeting, without self-ratings or reflections)")
    p.add_argument("--only", nargs="+", metavar="ID", help="render only these participants")
    again = p.add_mutually_exclusive_group()
    again.add_argument("--force", action="store_true", help="render everyone, even if up to date")
    again.add_argument("--retry-failed", action="store_true",
                       help="render only the participants that failed last time")
    p.add_argument("--template", type=Path,
                   help="template notebook of the first of --documents (default: the bundled one)")
    p.add_argument("--paper", choices=("a4", "letter"), default="a4", help="PDF page size (default: a4)")
    p.add_argument("--isolated", action="store_true",
                   help="a fresh kernel per participant, outside the worker (slow; for comparison and "
                   "templates you do not trust)")
    p.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS",
                   help="longest a single cell may run, and longest one participant's HTML + PDF "
                   "export may take (default: 120)")
    p.add_argument("--recycle-after", type=_count, default=100, metavar="N",
                   help="replace each worker process (and its kernel, if it has one) after N participants "
                   "(default: 100)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="render on dask.distributed: a scheduler address (tcp://HOST:8786), or local:N to "
                   "start a local cluster of N worker processes; the cohort and --out must be on a "
                   "filesystem every worker reaches (needs mentorkit[dask])")
    p.add_argument("--blank", type=_count, nargs="?", const=0, default=None, metavar="N",
                   help="instead of the participants' worksheets, print the blank handout for a room "
                   "without laptops: OUT/handout-pack.pdf, ONE PDF with N copies of the worksheet as forms "
                   "to fill in by hand (N omitted: one per participant of the cohort), and "
                   "OUT/blank-worksheet.pdf, a single copy")
    p.set_defaults(handler=cmd_render)
