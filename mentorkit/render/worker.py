"""Render one participant: execute the template with papermill, then HTML and PDF, written atomically.

A :class:`Renderer` lives in one worker process and keeps everything expensive for the life of that
process: the warmed interpreter the template runs in (the worker's own for a Python template, see
:mod:`mentorkit.render.inprocess`; a warm kernel otherwise), papermill, nbconvert's exporter and
WeasyPrint. Per participant it only runs the notebook and converts it.

Every file is first written under a hidden temporary name in the participant's folder, flushed to
disk, then renamed; the stamp (``.render.json``, see :mod:`mentorkit.render.plan`) is written last.
A run killed at any point leaves complete files under final names, never half of one.

:func:`render_participant` is the per-participant task: a module-level function of two plain,
picklable dataclasses (:class:`Task`, :class:`Settings`) returning a plain
:class:`~mentorkit.render.report.ParticipantResult`, so any ``concurrent.futures.Executor`` can run it.

``Settings.timeout`` bounds each notebook cell (papermill) *and* the HTML + PDF export of each
participant (a ``SIGALRM`` timer, so only when the export runs in a process's main thread, as it
does in :mod:`mentorkit.render.pool` workers): a page that takes too long fails alone.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import re
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import MentorkitError
from .report import ParticipantResult, one_line

__all__ = ["DOCUMENT", "DOCUMENTS", "FORMATS", "OUTPUT_NAMES", "ExportTimeout", "ParticipantResult",
           "Renderer", "Settings", "Task", "one_line", "output_names", "render_participant", "stamp_name"]

STAMP_NAME = ".render.json"
TEMP_PREFIX = ".tmp-"
#: The document a template makes names its files (``worksheet.pdf``, ``certificate.pdf`` ...).
DOCUMENT = "worksheet"
DOCUMENT_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,40}$")


def output_names(document: str = DOCUMENT) -> dict[str, str]:
    """The file name of each format for ``document``: ``{"ipynb": "<document>.ipynb", ...}``."""
    if not DOCUMENT_NAME.match(document):
        raise ValueError(f"document name {document!r}: use lowercase letters, digits, '-' and '_'")
    return {fmt: f"{document}.{fmt}" for fmt in ("ipynb", "html", "pdf")}


OUTPUT_NAMES = output_names()
FORMATS = tuple(OUTPUT_NAMES)

# -- documents (issue 13): each one a template of its own, with its own outputs and stamp -----------
#: The documents ``mentorkit render`` makes per participant, and each page's title.
DOCUMENTS = {"worksheet": "Mentorship worksheet", "agreement": "Mentoring agreement"}


def stamp_name(document: str = "worksheet") -> str:
    """The stamp of one document's outputs: ``.render.json`` (worksheet), ``.render-agreement.json`` ..."""
    return STAMP_NAME if document == "worksheet" else f".render-{document}.json"


@dataclass(frozen=True)
class Settings:
    """What every worker needs to know; plain data, sent to worker processes."""

    template: Path
    out: Path
    formats: tuple[str, ...] = FORMATS
    paper: str = "a4"
    isolated: bool = False
    timeout: float = 120.0
    kernel_name: str = "python3"
    warm_imports: tuple[str, ...] = ()
    recycle_after: int = 100
    file_mode: int = 0o600
    dir_mode: int = 0o700
    #: What the template makes: names the output files and, with ``title``, the page title.
    document: str = DOCUMENT
    title: str = "Mentorship worksheet"


def same_kernel(a: Settings, b: Settings) -> bool:
    """Whether a warm kernel started for ``a`` can render ``b`` too (another document of the same run):
    the same kernel, warm imports, isolation, folder mode and time limit."""
    def kernel(s: Settings) -> tuple[object, ...]:
        return s.kernel_name, s.warm_imports, s.isolated, s.dir_mode, s.timeout

    return kernel(a) == kernel(b)


@dataclass(frozen=True)
class Task:
    """One participant to render; ``reason`` says why (``new``, ``changed``, ``failed last time`` ...)."""

    participant_id: str
    workbook: Path
    inputs: dict[str, str]
    reason: str = ""


class ExportTimeout(MentorkitError):
    """Making a participant's HTML and PDF took longer than ``--timeout``."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(f"making the HTML and PDF took longer than {seconds:g} s (--timeout)")


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`ExportTimeout` in this block after ``seconds`` (main thread only; else no limit)."""
    if not seconds or seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum: int, frame: Any) -> None:
        raise ExportTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, expired)
    # again every second after that, in case a library's ``except Exception`` swallowed the first
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def skip_slow_optional_imports() -> None:
    """No ``rfc3987_syntax`` grammar build in render workers (see :mod:`mentorkit.speedups`)."""
    from ..speedups import skip_rfc3987_grammar

    skip_rfc3987_grammar()


def participant_dir(out: Path, participant_id: str) -> Path:
    """``out/<id>``, refusing anything that would lead outside ``out`` (e.g. a planted symlink)."""
    from ..store import check_participant_id

    folder = out / check_participant_id(participant_id)
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise OSError(f"{folder} is not a plain folder; refusing to write there")
    if folder.exists() and folder.resolve().parent != out.resolve():
        raise OSError(f"{folder} leads outside {out}; refusing to write there")
    return folder


def _temp_file(folder: Path, name: str, data: bytes, mode: int) -> Path:
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f"{TEMP_PREFIX}{name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def _fsync(path: Path, mode: int) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())
    os.chmod(path, mode)


def remove_temp_files(folder: Path) -> None:
    """Delete temporary files a killed run left behind in a participant's folder."""
    if folder.is_dir():
        for leftover in folder.glob(f"{TEMP_PREFIX}*"):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def participant_title(workbook: Path, participant_id: str, title: str = "Mentorship worksheet") -> str:
    """The page title: the participant's name if the workbook says it, else the id."""
    try:
        name = json.loads(workbook.read_text(encoding="utf-8"))["profile"]["name"]
    except Exception:
        name = ""
    return f"{title}: {name or participant_id}"


@dataclass
class Executed:
    """A participant between the two steps: the executed notebook (or why there is none)."""

    task: Task
    started: float
    folder: Path | None = None
    nb: Any = None
    nb_tmp: Path | None = None
    failure: ParticipantResult | None = None
    #: The language the participant's document is rendered in.
    locale: str = "en"


class Renderer:
    """Renders participants in this process, reusing a warm kernel.

    Two steps, so a worker can run them in two threads and overlap them: :meth:`execute` (papermill
    on the kernel; every kernel operation happens in the thread that called :meth:`start_kernel`)
    and :meth:`finish` (HTML, PDF and the atomic writes). :meth:`render` does both in turn.
    """

    def __init__(self, settings: Settings):
        from . import inprocess
        from .engine import ENGINE_NAME

        # Everything this process and its kernel create (papermill's temporary notebook while it runs,
        # folders on the way) is owner-only (group-only in group mode) from the start, whatever the
        # umask it was started with: the umask only ever gets stricter here.
        os.umask(os.umask(0) | (~settings.dir_mode & 0o077))
        self.settings = settings
        #: A Python template runs in this process (:mod:`.inprocess`); another kernel in a warm kernel.
        self.inprocess = (not settings.isolated and settings.kernel_name in inprocess.PYTHON_KERNELS
                          and inprocess.allowed())
        self.engine_name = None if settings.isolated else (
            inprocess.ENGINE_NAME if self.inprocess else ENGINE_NAME)
        self.kernel: Any = None
        self.warmed = False
        #: Imports that failed while warming (reported, not fatal).
        self.warm_problems: list[str] = []
        self.page: Any = None
        self.pdf: Any = None

    def start(self) -> Renderer:
        """Everything in this thread: kernel launched first, converters imported while it boots."""
        self.launch_kernel()
        self.start_converters()
        self.start_kernel()
        return self

    def launch_kernel(self) -> None:
        """Start the kernel process (no waiting); call from the thread that will run notebooks."""
        from .kernel import WarmKernel

        skip_slow_optional_imports()
        if not self.settings.isolated and not self.inprocess and self.kernel is None:
            self.kernel = WarmKernel(self.settings.kernel_name, warm_imports=self.settings.warm_imports)
            self.kernel.launch()

    def start_kernel(self) -> None:
        """Launch (if needed) and warm the kernel, and make it the engine's kernel in this process
        (in-process: warm this process and snapshot it)."""
        from .kernel import set_active

        self.launch_kernel()
        import papermill  # noqa: F401  (loads the engine entry points)

        if self.inprocess and not self.warmed:
            from . import inprocess

            self.warm_problems = inprocess.warm(self.settings.warm_imports)
            self.warmed = True
        if self.kernel is not None:
            self.kernel.ready()
            set_active(self.kernel)
            self.warm_problems = self.kernel.warm_problems

    def start_converters(self, keep: bool = False) -> None:
        """Import nbconvert and WeasyPrint and build the exporters the requested formats need
        (``keep``: only those not built yet)."""
        skip_slow_optional_imports()
        if {"html", "pdf"} & set(self.settings.formats) and not (keep and self.page is not None):
            from .html import PageRenderer

            self.page = PageRenderer(self.settings.paper, document=self.settings.document)
        if "pdf" in self.settings.formats and not (keep and self.pdf is not None):
            from .pdf import PdfWriter

            self.pdf = PdfWriter()

    def use(self, settings: Settings) -> None:
        """Render the next participants with ``settings``: another document (template, outputs, title,
        formats) on the same warm kernel. Call only while no participant is in flight."""
        if (settings.paper, settings.document) != (self.settings.paper, self.settings.document):
            self.page = None  # the page's size and stylesheet are the document's
        self.settings = settings
        self.start_converters(keep=True)

    def close(self) -> None:
        if self.kernel is not None:
            self.kernel.shutdown()
            self.kernel = None

    # -- one participant -------------------------------------------------------------------------
    def render(self, task: Task) -> ParticipantResult:
        """Render ``task``; never raises for a participant's problem, the result says what failed."""
        return self.finish(self.execute(task))

    def execute(self, task: Task) -> Executed:
        """Step 1: check the participant's folder and run the template on the kernel."""
        done = Executed(task, time.perf_counter())
        try:
            settings = self.settings
            folder = participant_dir(settings.out, task.participant_id)
            if not folder.exists():
                folder.mkdir(mode=settings.dir_mode & 0o777)  # never wider, whatever the umask
                os.chmod(folder, settings.dir_mode)
            remove_temp_files(folder)
            done.folder = folder
            kernel = self.kernel
            if kernel is not None and (not kernel.started or kernel.runs >= settings.recycle_after):
                kernel.restart()  # after a failed restart (the pool replaces whole workers on schedule)
            done.nb_tmp = folder / f"{TEMP_PREFIX}{settings.document}.{os.getpid()}.ipynb"
            from .localized import participant_locale

            done.locale = participant_locale(task.workbook)
            done.nb, done.failure = self._papermill(task, done.nb_tmp, done.locale)
        except Exception as exc:  # a folder we must not write to, a kernel that will not start ...
            done.nb, done.failure = None, ParticipantResult.from_exception(task.participant_id, exc)
        return done

    def _papermill(self, task: Task, nb_tmp: Path, lang: str = "en") -> tuple[Any, ParticipantResult | None]:
        """Run the template; return (notebook or None, the failure or None)."""
        import papermill
        from papermill.exceptions import PapermillExecutionError

        from .localized import cohort_of, template_in

        try:
            source: Any = str(self.settings.template)
            if lang != "en":  # English renders the template file itself
                source = template_in(self.settings.template, lang, cohort_of(task.workbook))
            nb = papermill.execute_notebook(
                source,
                str(nb_tmp),
                parameters={"workbook_path": str(task.workbook.resolve()), "locale": lang},
                engine_name=self.engine_name,
                kernel_name=self.settings.kernel_name,
                progress_bar=False,
                request_save_on_cell_execute=False,
                execution_timeout=self.settings.timeout,
            )
            return nb, None
        except PapermillExecutionError as exc:
            return None, ParticipantResult.failure(
                task.participant_id, str(exc.evalue), exc.ename, cell_index=exc.cell_index,
                execution_count=exc.exec_count,
            )
        except Exception as exc:  # a timeout or a dead kernel: start a fresh kernel for the next one
            if self.kernel is not None:
                self.kernel.restart()
            return None, ParticipantResult.from_exception(task.participant_id, exc)

    def finish(self, done: Executed) -> ParticipantResult:
        """Step 2: HTML and PDF from the executed notebook, then every file into place."""
        task = done.task
        try:
            result = self._convert(done)
        except Exception as exc:  # disk full, an unwritable folder ...
            result = ParticipantResult.from_exception(task.participant_id, exc)
        result.seconds = round(time.perf_counter() - done.started, 3)
        return result

    def _export(self, nb: Any, title: str,
                language: str = "en") -> tuple[bytes | None, bytes | None, list[str]]:
        """The page and the PDF (each ``None`` when not wanted), and URLs the PDF refused to fetch."""
        formats = self.settings.formats
        wanted = self.page is not None and bool({"html", "pdf"} & set(formats))
        extra = {"language": language} if language != "en" else {}  # the page's lang attribute
        page = self.page.render(nb, title, **extra) if wanted else None
        html = page.encode("utf-8") if page is not None and "html" in formats else None
        make_pdf = self.pdf is not None and page is not None and "pdf" in formats
        pdf = self.pdf.render(page) if make_pdf else None
        return html, pdf, list(self.pdf.refused) if pdf is not None else []

    def _convert(self, done: Executed) -> ParticipantResult:
        settings, task, folder, nb, failure = self.settings, done.task, done.folder, done.nb, done.failure
        names = output_names(settings.document)
        if folder is None:
            return failure or ParticipantResult.failure(task.participant_id, "no output folder")
        temps: dict[str, Path] = {}
        names = output_names(settings.document)
        try:
            if done.nb_tmp is not None and done.nb_tmp.exists():
                _fsync(done.nb_tmp, settings.file_mode)
                if nb is not None and "ipynb" not in settings.formats:
                    done.nb_tmp.unlink()
                else:
                    temps["ipynb"] = done.nb_tmp
            if nb is not None:
                from .localized import cohort_of, title_in

                shown = title_in(settings.template, settings.title, done.locale, cohort_of(task.workbook))
                title = participant_title(task.workbook, task.participant_id, shown)
                try:
                    with time_limit(settings.timeout):
                        html, pdf, refused = self._export(nb, title, done.locale)
                except ExportTimeout as exc:
                    html, pdf, refused = None, None, []
                    failure = ParticipantResult.from_exception(task.participant_id, exc)
                if html is not None:
                    temps["html"] = _temp_file(folder, names["html"], html, settings.file_mode)
                if pdf is not None:
                    if refused:
                        asked = ", ".join(refused[:3])
                        failure = ParticipantResult.failure(
                            task.participant_id, f"the page asked for outside resources: {asked}"
                        )
                    temps["pdf"] = _temp_file(folder, names["pdf"], pdf, settings.file_mode)
            result = failure or ParticipantResult(task.participant_id, "ok")
            self._finish(folder, temps, task, result.status, result.error)
        finally:
            for leftover in temps.values():
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()
        result.outputs = [f"{task.participant_id}/{names[fmt]}" for fmt in FORMATS if fmt in temps]
        return result

    def _finish(self, folder: Path, temps: dict[str, Path], task: Task, status: str, error: str) -> None:
        """Stamp out, files in (rename), stale formats out, stamp in: a crash leaves no lie behind."""
        stamp = folder / stamp_name(self.settings.document)
        with contextlib.suppress(FileNotFoundError):
            stamp.unlink()
        for fmt, name in output_names(self.settings.document).items():
            final = folder / name
            if fmt in temps:
                os.replace(temps[fmt], final)
            else:
                with contextlib.suppress(FileNotFoundError):
                    final.unlink()
        from ..store import write_atomic

        record = {"status": status, "error": error, "formats": sorted(temps), "inputs": task.inputs,
                  "rendered_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        write_atomic(stamp, json.dumps(record, indent=1) + "\n", self.settings.file_mode)


_process_renderer: Renderer | None = None


def _close_process_renderer() -> None:
    global _process_renderer
    if _process_renderer is not None:
        _process_renderer.close()
        _process_renderer = None


def render_participant(task: Task, settings: Settings) -> ParticipantResult:
    """Render one participant in this process, on a warm kernel kept for the process's life.

    The per-participant task for any ``concurrent.futures.Executor`` (one thread per worker
    process: the kernel belongs to the thread that started it). Never raises for a participant's
    problem; the result says what failed. Outputs go to ``settings.out`` (a folder every worker
    must reach); only the small result travels back.
    """
    global _process_renderer
    if _process_renderer is not None and _process_renderer.settings != settings \
            and same_kernel(_process_renderer.settings, settings):
        _process_renderer.use(settings)  # the next document (the agreement) on the same warm kernel
    if _process_renderer is None or _process_renderer.settings != settings:
        if _process_renderer is None:
            atexit.register(_close_process_renderer)
        _close_process_renderer()
        _process_renderer = Renderer(settings).start()
    return _process_renderer.render(task)
