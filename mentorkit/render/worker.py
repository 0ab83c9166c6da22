"""Render one participant: execute the template with papermill, then HTML and PDF, written atomically.

A :class:`Renderer` lives in one worker process and keeps everything expensive for the life of that
process: the warm kernel, papermill, nbconvert's exporter and WeasyPrint. Per participant it only
runs the notebook and converts it.

Every file is first written under a hidden temporary name in the participant's folder, flushed to
disk, then renamed; the stamp (``.render.json``, see :mod:`mentorkit.render.plan`) is written last.
A run killed at any point leaves complete files under final names, never half of one.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STAMP_NAME = ".render.json"
TEMP_PREFIX = ".tmp-"
OUTPUT_NAMES = {"ipynb": "worksheet.ipynb", "html": "worksheet.html", "pdf": "worksheet.pdf"}
FORMATS = tuple(OUTPUT_NAMES)


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


@dataclass(frozen=True)
class Task:
    """One participant to render."""

    participant_id: str
    workbook: Path
    inputs: dict[str, str]


@dataclass
class Result:
    """What happened to one participant (one row of ``report.csv``)."""

    participant_id: str
    status: str  # ok | failed | skipped
    seconds: float | None = None
    error: str = ""
    outputs: list[str] = field(default_factory=list)
    note: str = ""


def skip_slow_optional_imports() -> None:
    """No ``rfc3987_syntax`` grammar build in render workers (see :mod:`mentorkit.speedups`)."""
    from ..speedups import skip_rfc3987_grammar

    skip_rfc3987_grammar()


def one_line(text: str, limit: int = 400) -> str:
    """``text`` on one line, shortened to ``limit`` characters."""
    flat = " / ".join(part.strip() for part in str(text).splitlines() if part.strip())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


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


def participant_title(workbook: Path, participant_id: str) -> str:
    """The page title: the participant's name if the workbook says it, else the id."""
    try:
        name = json.loads(workbook.read_text(encoding="utf-8"))["profile"]["name"]
    except Exception:
        name = ""
    return f"Mentorship worksheet: {name or participant_id}"


@dataclass
class Executed:
    """A participant between the two steps: the executed notebook (or why there is none)."""

    task: Task
    started: float
    folder: Path | None = None
    nb: Any = None
    nb_tmp: Path | None = None
    error: str = ""


class Renderer:
    """Renders participants in this process, reusing a warm kernel.

    Two steps, so a worker can run them in two threads and overlap them: :meth:`execute` (papermill
    on the kernel; every kernel operation happens in the thread that called :meth:`start_kernel`)
    and :meth:`finish` (HTML, PDF and the atomic writes). :meth:`render` does both in turn.
    """

    def __init__(self, settings: Settings):
        from .engine import ENGINE_NAME

        self.settings = settings
        self.engine_name = None if settings.isolated else ENGINE_NAME
        self.kernel: Any = None
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
        if not self.settings.isolated and self.kernel is None:
            self.kernel = WarmKernel(self.settings.kernel_name, warm_imports=self.settings.warm_imports)
            self.kernel.launch()

    def start_kernel(self) -> None:
        """Launch (if needed) and warm the kernel, and make it the engine's kernel in this process."""
        from .kernel import set_active

        self.launch_kernel()
        import papermill  # noqa: F401  (loads the engine entry points)

        if self.kernel is not None:
            self.kernel.ready()
            set_active(self.kernel)

    def start_converters(self) -> None:
        """Import nbconvert and WeasyPrint and build the exporters the requested formats need."""
        skip_slow_optional_imports()
        if {"html", "pdf"} & set(self.settings.formats):
            from .html import PageRenderer

            self.page = PageRenderer(self.settings.paper)
        if "pdf" in self.settings.formats:
            from .pdf import PdfWriter

            self.pdf = PdfWriter()

    def close(self) -> None:
        if self.kernel is not None:
            self.kernel.shutdown()
            self.kernel = None

    # -- one participant -------------------------------------------------------------------------
    def render(self, task: Task) -> Result:
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
            done.nb_tmp = folder / f"{TEMP_PREFIX}worksheet.{os.getpid()}.ipynb"
            done.nb, done.error = self._papermill(task, done.nb_tmp)
        except Exception as exc:  # a folder we must not write to, a kernel that will not start ...
            done.nb, done.error = None, one_line(f"{type(exc).__name__}: {exc}")
        return done

    def _papermill(self, task: Task, nb_tmp: Path) -> tuple[Any, str]:
        """Run the template; return (notebook or None, error text)."""
        import papermill
        from papermill.exceptions import PapermillExecutionError

        try:
            nb = papermill.execute_notebook(
                str(self.settings.template),
                str(nb_tmp),
                parameters={"workbook_path": str(task.workbook.resolve())},
                engine_name=self.engine_name,
                kernel_name=self.settings.kernel_name,
                progress_bar=False,
                request_save_on_cell_execute=False,
                execution_timeout=self.settings.timeout,
            )
            return nb, ""
        except PapermillExecutionError as exc:
            return None, one_line(f"cell {exc.cell_index} (In [{exc.exec_count}]): {exc.ename}: {exc.evalue}")
        except Exception as exc:  # a timeout or a dead kernel: start a fresh kernel for the next one
            if self.kernel is not None:
                self.kernel.restart()
            return None, one_line(f"{type(exc).__name__}: {exc}")

    def finish(self, done: Executed) -> Result:
        """Step 2: HTML and PDF from the executed notebook, then every file into place."""
        task = done.task
        try:
            result = self._convert(done)
        except Exception as exc:  # disk full, an unwritable folder ...
            result = Result(task.participant_id, "failed", error=one_line(f"{type(exc).__name__}: {exc}"))
        result.seconds = round(time.perf_counter() - done.started, 3)
        return result

    def _convert(self, done: Executed) -> Result:
        settings, task, folder, nb, error = self.settings, done.task, done.folder, done.nb, done.error
        if folder is None:
            return Result(task.participant_id, "failed", error=error)
        temps: dict[str, Path] = {}
        try:
            if done.nb_tmp is not None and done.nb_tmp.exists():
                _fsync(done.nb_tmp, settings.file_mode)
                if nb is not None and "ipynb" not in settings.formats:
                    done.nb_tmp.unlink()
                else:
                    temps["ipynb"] = done.nb_tmp
            if nb is not None:
                title = participant_title(task.workbook, task.participant_id)
                page = self.page.render(nb, title) if self.page is not None else None
                if page is not None and "html" in settings.formats:
                    data = page.encode("utf-8")
                    temps["html"] = _temp_file(folder, "worksheet.html", data, settings.file_mode)
                if self.pdf is not None and page is not None:
                    data = self.pdf.render(page)
                    if self.pdf.refused:
                        error = "the page asked for outside resources: " + ", ".join(self.pdf.refused[:3])
                    temps["pdf"] = _temp_file(folder, "worksheet.pdf", data, settings.file_mode)
            status = "failed" if error else "ok"
            self._finish(folder, temps, task, status, error)
        finally:
            for leftover in temps.values():
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()
        outputs = [f"{task.participant_id}/{OUTPUT_NAMES[fmt]}" for fmt in FORMATS if fmt in temps]
        return Result(task.participant_id, status, error=error, outputs=outputs)

    def _finish(self, folder: Path, temps: dict[str, Path], task: Task, status: str, error: str) -> None:
        """Stamp out, files in (rename), stale formats out, stamp in: a crash leaves no lie behind."""
        stamp = folder / STAMP_NAME
        with contextlib.suppress(FileNotFoundError):
            stamp.unlink()
        for fmt, name in OUTPUT_NAMES.items():
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
