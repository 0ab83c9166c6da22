"""``render_cohort()``: the library entry point of ``mentorkit render``.

It prints nothing, installs no signal handler and returns no exit status: it returns a
:class:`~mentorkit.render.report.RenderReport` and raises :class:`~mentorkit.errors.UnusableInput`
(or :class:`~mentorkit.render.lock.OutputLocked`) before rendering anything when it cannot start.
Callers watch progress through ``on_start`` / ``on_result``. The command line
(:mod:`mentorkit.render.cli`), ``mentorkit demo`` and the benchmark are its users.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UnusableInput
from .report import ParticipantResult, RenderReport, write_report
from .worker import DOCUMENTS, FORMATS, output_names

if TYPE_CHECKING:
    from .pool import WorkerPool


@dataclass(frozen=True)
class RenderStart:
    """What a run is about to do (given to ``on_start`` once the plan is made)."""

    out: Path
    to_render: int
    skipped: int
    workers: int
    formats: tuple[str, ...]
    isolated: bool
    ignored: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.to_render + self.skipped


def render_cohort(
    cohort_root: Path | str,
    out: Path | str | None = None,
    *,
    formats: tuple[str, ...] = FORMATS,
    jobs: int = 0,
    only: list[str] | None = None,
    force: bool = False,
    retry_failed: bool = False,
    template: Path | str | None = None,
    paper: str = "a4",
    isolated: bool = False,
    timeout: float = 120.0,
    recycle_after: int = 100,
    on_start: Callable[[RenderStart], None] | None = None,
    on_result: Callable[[ParticipantResult], None] | None = None,
    executor: Executor | None = None,
    document: str = "worksheet",
    title: str | None = None,
    pool: WorkerPool | None = None,
) -> RenderReport:
    """Render a cohort's worksheets into ``out`` (default ``COHORT/worksheets``) and report.

    Participants whose outputs are current are skipped (``force``: render everyone;
    ``retry_failed``: only those that failed last time). ``timeout`` bounds each notebook cell and
    each participant's HTML + PDF export. ``jobs`` worker processes (default: one per CPU), each with
    a warm kernel replaced every ``recycle_after`` participants; ``isolated``: a fresh kernel per
    participant. One participant's failure never stops the others; it is in the report.

    A ``KeyboardInterrupt`` during rendering stops the workers; the report then has
    ``interrupted=True`` and the participants not reached are ``skipped``. ``OUT/report.csv`` is
    written in every case.

    ``executor``: run one task per participant on it (e.g. dask's ``client.get_executor()``, see
    :mod:`mentorkit.render.distributed`) instead of the local pool of warm-kernel worker processes.

    ``document``: which document to make, each from its own template with its own outputs, stamp and
    report: ``worksheet`` (``<id>/worksheet.*``, ``report.csv``) or ``agreement`` (``<id>/agreement.*``,
    ``report-agreement.csv``). One call makes one document; call again for the next.
    Another template (a certificate, a briefing) renders with its own ``document`` name
    (``document="certificate"``: ``<id>/certificate.pdf``); ``title`` starts each page's title (default:
    the document's own, e.g. "Mentoring agreement").

    ``pool``: a :class:`~mentorkit.render.pool.WorkerPool` made with ``keep_alive=True`` and shared by
    several calls (one per document): the second document starts on the first one's warm workers and
    kernels. The caller closes it. Without it, each call starts and stops its own workers.
    """
    from ..store import Cohort
    from .lock import output_lock
    from .plan import check_template, make_plan
    from .pool import WorkerPool
    from .worker import Settings

    started = time.perf_counter()
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise UnusableInput(f"formats must be some of {', '.join(FORMATS)}; "
                            f"got {', '.join(formats) or 'none'}")
    formats = tuple(f for f in FORMATS if f in formats)
    try:
        output_names(document)
    except ValueError as exc:
        raise UnusableInput(str(exc)) from None
    title = title or DOCUMENTS.get(document, document.replace("_", " ").capitalize())
    cohort_root = Path(cohort_root)
    if not cohort_root.is_dir():
        raise UnusableInput(f"{cohort_root}: no such cohort folder")
    cohort = Cohort(cohort_root)
    if template is None:
        from ..resources import worksheet_template

        template = worksheet_template(document)
    checked = check_template(Path(template).resolve())
    out = Path(out) if out is not None else cohort.root / "worksheets"
    if out.exists() and not out.is_dir():
        raise UnusableInput(f"output folder {out}: exists and is not a folder")
    created = not out.exists()
    if created:
        cohort.make_dir(out)
    out = out.resolve()
    with output_lock(out, cohort.file_mode):
        try:
            plan = make_plan(cohort, out, checked, formats, paper, only, force, retry_failed, document)
        except UnusableInput:
            if created:  # leave nothing behind for input we could not use
                with contextlib.suppress(OSError):
                    (out / ".render.lock").unlink()
                    out.rmdir()
            raise
        settings = Settings(
            template=checked.path, out=out, formats=formats, paper=paper, isolated=isolated,
            timeout=timeout, kernel_name=checked.kernel_name, warm_imports=checked.warm_imports,
            recycle_after=recycle_after, file_mode=cohort.file_mode, dir_mode=cohort.dir_mode,
            document=document, title=title,
        )
        jobs = jobs or os.cpu_count() or 1
        # The executor branch (issue 16): dask or any concurrent.futures.Executor, else the local pool.
        runner: Any
        if executor is not None:
            from .distributed import ExecutorRunner

            runner = ExecutorRunner(executor, settings, jobs=jobs)
            jobs = runner.slots()
        elif pool is not None:
            pool.use(settings, jobs)
            runner = pool
        else:
            runner = WorkerPool(settings, jobs)
        workers = min(jobs, max(1, len(plan.tasks))) if plan.tasks else 0
        report = RenderReport(out=out, results=list(plan.skipped), formats=formats, workers=workers,
                              ignored=list(plan.ignored), document=document)
        if on_start is not None:
            on_start(RenderStart(out, len(plan.tasks), len(plan.skipped), workers, formats, isolated,
                                 list(plan.ignored)))

        def collect(result: ParticipantResult) -> None:
            report.results.append(result)
            if on_result is not None:
                on_result(result)

        try:
            runner.run(plan.tasks, collect)
        except KeyboardInterrupt:
            report.interrupted = True
            for worker in list(runner.workers):
                worker.process.terminate()
            finished = {r.participant_id for r in report.results}
            report.results.extend(
                ParticipantResult(t.participant_id, "skipped", message="interrupted before rendering")
                for t in plan.tasks if t.participant_id not in finished
            )
        finally:
            report.warnings = list(runner.problems)
            report.report_path = write_report(out, report.results, cohort.file_mode, document)
            report.seconds = time.perf_counter() - started
    return report


#: File names of the blank handout in the output folder.
BLANK_PACK_NAME = "handout-pack.pdf"
BLANK_ONE_NAME = "blank-worksheet.pdf"


@dataclass(frozen=True)
class BlankPack:
    """What ``render_blank`` wrote: one PDF with ``copies`` copies (``pages_each`` pages each) and the
    single blank worksheet it repeats."""

    pack: Path
    single: Path
    copies: int
    pages_each: int
    seconds: float


def render_blank(
    cohort_root: Path | str,
    out: Path | str | None = None,
    *,
    copies: int = 0,
    template: Path | str | None = None,
    paper: str = "a4",
    timeout: float = 120.0,
) -> BlankPack:
    """The paper handout for a room: the worksheet of a blank workbook, every section a form to fill in.

    The template runs once (one kernel, one blank workbook with the cohort's content) and the
    resulting pages are repeated: ``OUT/handout-pack.pdf`` is ONE PDF holding ``copies`` copies
    (``0``: one per participant of the cohort, at least one), and ``OUT/blank-worksheet.pdf`` is a
    single copy to print more from. ``out`` defaults to ``COHORT/worksheets``.
    """
    import tempfile

    from ..store import Cohort, dump_workbook, write_atomic
    from .pdf import PdfWriter, repeat_pdf
    from .sheet import BLANK_ID, blank_workbook

    started = time.perf_counter()
    cohort_root = Path(cohort_root)
    if not cohort_root.is_dir():
        raise UnusableInput(f"{cohort_root}: no such cohort folder")
    cohort = Cohort(cohort_root)
    if copies < 0:
        raise UnusableInput(f"--blank takes a number of copies (0 or more), not {copies}")
    if copies == 0:
        copies = max(1, len(cohort.ids()))
    out = Path(out) if out is not None else cohort.root / "worksheets"
    if out.exists() and not out.is_dir():
        raise UnusableInput(f"output folder {out}: exists and is not a folder")
    cohort.make_dir(out)
    with tempfile.TemporaryDirectory(prefix="mentorkit-blank-") as tmp:
        room = Cohort(Path(tmp) / "cohort").ensure()
        if (cohort.root / "content").is_dir():  # the cohort's own wording for the forms
            (room.root / "content").symlink_to((cohort.root / "content").resolve())
        if (cohort.root / "locale").is_dir():  # the cohort's own catalogs
            (room.root / "locale").symlink_to((cohort.root / "locale").resolve())
        blank = blank_workbook()
        blank.profile.locale = cohort.locale if cohort.locale != "en" else ""  # the cohort's language
        write_atomic(room.path_for(BLANK_ID), dump_workbook(blank), room.file_mode)
        report = render_cohort(room.root, Path(tmp) / "out", formats=("html",), jobs=1, force=True,
                               template=template, paper=paper, timeout=timeout)
        if report.failed:
            raise UnusableInput(f"the blank worksheet did not render: {report.failed[0].error}")
        page = (Path(tmp) / "out" / BLANK_ID / "worksheet.html").read_text(encoding="utf-8")
    single = PdfWriter().render(page)
    pack, pages_each = repeat_pdf(single, copies)
    targets = (out / BLANK_ONE_NAME, out / BLANK_PACK_NAME)
    for target, data in zip(targets, (single, pack), strict=True):
        temp = target.with_name(f".tmp-{target.name}")
        temp.write_bytes(data)
        os.chmod(temp, cohort.file_mode)
        os.replace(temp, target)
    return BlankPack(targets[1], targets[0], copies, pages_each, time.perf_counter() - started)
