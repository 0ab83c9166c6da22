"""The papermill engine ``mentorkit-inprocess``: template cells run in the render worker's own Python.

A kernel in its own process costs every cell about 8 ms of CPU in messages (ZMQ sends, IOPub
flush handshakes, status messages, JSON both ways) and costs the machine a second interpreter per
worker. A render worker already has Python, the worksheet libraries and a reset between
participants (:mod:`mentorkit.render.kernel_state`), so for a Python template it runs the cells on
an IPython :class:`~IPython.core.interactiveshell.InteractiveShell` in its own process instead, and
writes the outputs a kernel would have sent:

* ``display()`` and rich reprs become ``display_data`` / ``execute_result`` outputs with the same
  MIME bundles (bytes base64-encoded, as the kernel's JSON does), ``update_display`` updates them;
* ``print`` and warnings become ``stream`` outputs (consecutive writes to one stream joined);
* an exception becomes an ``error`` output with IPython's traceback, and execution stops there, as
  papermill does; a cell tagged ``raises-exception`` may fail and execution goes on;
* each cell gets its execution count and the timing metadata nbclient records.

papermill still does everything around the cells (parameters, its own cell metadata, the output
file, :class:`~papermill.exceptions.PapermillExecutionError` for a failed cell), so a notebook made
here equals one made on a fresh kernel, outputs and counts
(``test_pooled_output_equals_fresh_kernel_output``).

A cell that runs longer than ``execution_timeout`` is stopped with :class:`TimeLimitReached`: a
``SIGALRM`` in the main thread (which also interrupts a sleeping call), an asynchronous exception in
any other thread (``PyThreadState_SetAsyncExc``, noticed by Python code, not by a call inside C). A
cell still running :data:`STUCK_GRACE` seconds later ends its process, which the pool (or dask)
replaces; the participant is retried once, like any crash.

Only for templates whose kernel is this interpreter's Python (``python3``), and only in a process
that exists to render (:func:`allowed`: a child process such as a pool worker or a dask worker, with no
IPython shell of its own). A program's own process, a facilitator's notebook above all, keeps its
namespace and environment: there, and for any other kernel name, templates run on a warm kernel
(:mod:`mentorkit.render.engine`).
"""

from __future__ import annotations

import base64
import ctypes
import io
import sys
import threading
from datetime import datetime, timezone
from typing import Any

ENGINE_NAME = "mentorkit-inprocess"
#: Kernel names served in-process: the ones that mean "this Python" (anything else gets a real kernel).
PYTHON_KERNELS = ("python3", "python")


def allowed() -> bool:
    """Whether templates may run in this process: a child process (a render worker), not running
    IPython already (a notebook's kernel, whose namespace the reset between participants would wipe)."""
    import multiprocessing

    if multiprocessing.parent_process() is None:
        return False
    if "IPython" in sys.modules:
        from IPython.core.interactiveshell import InteractiveShell

        if InteractiveShell.initialized() and _shell is None:
            return False
    return True


class CellTimeout(Exception):
    """A template cell ran longer than ``execution_timeout`` (the participant's failure)."""


class TimeLimitReached(BaseException):
    """Raised inside a cell at its time limit; a ``BaseException``, like ``KeyboardInterrupt``, so
    that a library's (or a cell's) ``except Exception`` does not swallow it."""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat().replace("+00:00", "Z")


def _clean(bundle: dict[str, Any] | None) -> dict[str, Any]:
    """A MIME bundle as the kernel's JSON carries it: bytes as base64 text, tuples as lists."""
    clean: dict[str, Any] = {}
    for key, value in (bundle or {}).items():
        if isinstance(value, bytes | bytearray):
            value = base64.b64encode(value).decode("ascii")
        elif isinstance(value, tuple):
            value = list(value)
        clean[key] = value
    return clean


class _Cell:
    """Where the cell being executed collects its outputs."""

    def __init__(self) -> None:
        from nbformat import NotebookNode

        self.node_type: Any = NotebookNode
        self.outputs: list[Any] = []
        self.clear_pending = False
        #: display_id -> outputs showing it (in this and earlier cells)
        self.displays: dict[str, list[Any]] = {}

    def start(self, outputs: list[Any]) -> None:
        self.outputs = outputs
        self.clear_pending = False

    def add(self, output: dict[str, Any]) -> Any:
        if self.clear_pending:
            self.outputs[:] = []
            self.clear_pending = False
        node = self.node_type(output)
        self.outputs.append(node)
        return node

    def write(self, name: str, text: str) -> None:
        last = self.outputs[-1] if self.outputs and not self.clear_pending else None
        if last is not None and last.get("output_type") == "stream" and last.get("name") == name:
            last["text"] += text
        else:
            self.add({"output_type": "stream", "name": name, "text": text})

    def clear(self, wait: bool) -> None:
        if wait:
            self.clear_pending = True
        else:
            self.outputs[:] = []


_cell: _Cell | None = None


def _current() -> _Cell:
    global _cell
    if _cell is None:
        _cell = _Cell()
    return _cell


class _Stream(io.TextIOBase):
    """``sys.stdout`` / ``sys.stderr`` while a cell runs: what the cell's thread writes becomes a stream
    output; what other threads of the process write goes where it always went."""

    def __init__(self, name: str, cell: _Cell, original: Any):
        self.name_ = name
        self.cell = cell
        self.original = original
        self.thread_id = threading.get_ident()

    @property
    def name(self) -> str:  # a file-like object's name
        return f"<{self.name_}>"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if threading.get_ident() != self.thread_id:
            return int(self.original.write(text))
        if text:
            self.cell.write(self.name_, text)
        return len(text)

    def flush(self) -> None:
        if threading.get_ident() != self.thread_id:
            self.original.flush()


def _shell_class() -> type:
    """The IPython shell (built on first use: IPython is imported only when a template runs here)."""
    from IPython.core.displayhook import DisplayHook
    from IPython.core.displaypub import DisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell

    class Publisher(DisplayPublisher):
        """``display()``: a display_data output (or an update of an earlier one)."""

        def publish(self, data: Any, metadata: Any = None, source: Any = None, *,
                    transient: Any = None, update: bool = False, **kwargs: Any) -> None:
            cell = _current()
            display_id = (transient or {}).get("display_id")
            if update:
                for out in cell.displays.get(display_id or "", []):
                    out["data"], out["metadata"] = _clean(data), _clean(metadata)
                return
            out = cell.add({"output_type": "display_data", "data": _clean(data),
                            "metadata": _clean(metadata)})
            if display_id:
                cell.displays.setdefault(display_id, []).append(out)

        def clear_output(self, wait: bool = False) -> None:
            _current().clear(wait)

    class Hook(DisplayHook):
        """A cell's last expression: an execute_result output."""

        def write_output_prompt(self) -> None:
            return None

        def write_format_data(self, format_dict: Any, md_dict: Any = None) -> None:
            _current().add({"output_type": "execute_result", "execution_count": self.prompt_count,
                            "data": _clean(format_dict), "metadata": _clean(md_dict)})

        def finish_displayhook(self) -> None:
            return None

    class CellShell(InteractiveShell):
        """IPython without a terminal: outputs go to the cell being executed."""

        displayhook_class = Hook
        display_pub_class = Publisher

        def _showtraceback(self, etype: Any, evalue: Any, stb: list[str]) -> None:
            _current().add({"output_type": "error", "ename": str(etype.__name__),
                            "evalue": str(evalue), "traceback": list(stb)})

        def enable_gui(self, gui: Any = None) -> None:
            return None

    return CellShell


_shell: Any = None


def shell() -> Any:
    """The process's cell shell (created on first use; IPython's ``get_ipython()`` returns it)."""
    global _shell
    if _shell is None:
        from traitlets.config import Config

        config = Config()
        config.HistoryManager.hist_file = ":memory:"
        config.InteractiveShell.colors = "nocolor"
        config.InteractiveShell.autocall = 0
        shell_class: Any = _shell_class()
        _shell = shell_class.instance(config=config)
    return _shell


#: Seconds past the time limit after which a cell that ignored :class:`TimeLimitReached` (stuck inside a C
#: call) ends its process: the worker is replaced and the participant retried once, like any crash.
STUCK_GRACE = 30.0
#: The exit status of a process that gave up a stuck cell.
STUCK_EXIT = 87


class _Deadline:
    """Stop the cell with :class:`TimeLimitReached` after ``seconds`` (``None`` or 0: no limit).

    In the main thread a ``SIGALRM`` timer (which also interrupts ``time.sleep`` and blocking reads),
    repeated every second in case a library's ``except Exception`` swallowed it; in any other thread
    the exception is set asynchronously on the thread, which Python code notices within a few
    bytecodes. Either way, a cell still running :data:`STUCK_GRACE` seconds later ends the process.
    """

    def __init__(self, seconds: float | None):
        self.seconds = seconds if seconds and seconds > 0 else None
        self.thread_id = threading.get_ident()
        self.main = threading.current_thread() is threading.main_thread()
        self.fired = False
        self.lock = threading.Lock()
        self.timers: list[threading.Timer] = []
        self.running = False
        self.previous: Any = None

    def _expired(self, signum: int = 0, frame: Any = None) -> None:
        self.fired = True
        raise TimeLimitReached(f"the cell ran longer than {self.seconds:g} s")

    def _fire(self) -> None:
        with self.lock:
            if not self.running:  # the cell already ended
                return
            self.fired = True
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self.thread_id),
                                                       ctypes.py_object(TimeLimitReached))

    def _stuck(self) -> None:
        with self.lock:
            if self.running:
                import os

                os._exit(STUCK_EXIT)

    def _timer(self, seconds: float, action: Any) -> None:
        timer = threading.Timer(seconds, action)
        timer.daemon = True
        timer.start()
        self.timers.append(timer)

    def __enter__(self) -> _Deadline:
        if self.seconds is None:
            return self
        self.running = True
        if self.main:
            import signal

            self.previous = signal.signal(signal.SIGALRM, self._expired)
            signal.setitimer(signal.ITIMER_REAL, self.seconds, 1.0)
        else:
            self._timer(self.seconds, self._fire)
        self._timer(self.seconds + STUCK_GRACE, self._stuck)
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.main and self.seconds is not None:
            import signal

            signal.setitimer(signal.ITIMER_REAL, 0)  # first: no second alarm while tidying up
        with self.lock:
            self.running = False
            timers, self.timers = self.timers, []
            for timer in timers:
                timer.cancel()
            if self.main and self.seconds is not None:
                import signal

                signal.signal(signal.SIGALRM, self.previous)
            elif self.fired:  # fired as the cell ended: take it back before it lands elsewhere
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self.thread_id), None)


def run_cell(source: str, outputs: list[Any], timeout: float | None = None) -> tuple[int, bool, bool]:
    """Run ``source`` on the process's shell, outputs into ``outputs``.

    Returns (execution count, whether it raised, whether the time limit stopped it).
    """
    sh = shell()
    cell = _current()
    cell.start(outputs)
    count = sh.execution_count
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Stream("stdout", cell, streams[0]), _Stream("stderr", cell, streams[1])
    deadline = _Deadline(timeout)
    success = False
    try:
        with deadline:
            success = bool(sh.run_cell(source, store_history=True).success)
    except TimeLimitReached:  # a repeated alarm that reached past IPython's own handling of the first
        pass
    finally:
        sys.stdout, sys.stderr = streams
    return count, not success, deadline.fired


def new_notebook() -> None:
    """Before each notebook: the interpreter back to its warmed state (when warmed, see
    :func:`mentorkit.render.kernel_state.restore`) and the last notebook's display ids forgotten."""
    _reset()
    _current().displays.clear()


def _reset() -> None:
    """Back to the warmed state, if there is one; what the worker itself imported since stays warm."""
    from . import kernel_state

    if kernel_state.snapshotted():
        kernel_state.adopt_loaded(exclude=_imported)
        kernel_state.restore()


#: Modules the last notebook's cells imported (dropped again by the next reset).
_imported: frozenset[str] = frozenset()


def notebook_done(before: set[str]) -> None:
    """After a notebook's cells: remember what they imported (``before``: ``sys.modules`` at the start)."""
    global _imported
    _imported = frozenset(set(sys.modules) - before)


def warm(extra: tuple[str, ...] | list[str] = ()) -> list[str]:
    """Make this process ready to run templates: the engine registered, the shell created, the
    worksheet libraries imported and the state snapshotted. Returns imports that failed."""
    from . import kernel_state

    register()
    shell()
    _reset()  # warming again (another document's settings): from the last warm state, not a participant's
    problems = kernel_state.warm(extra)
    kernel_state.snapshot()
    return problems


def _build_engine() -> type:
    from papermill.engines import Engine

    class InProcessEngine(Engine):  # type: ignore[misc]  # papermill ships no types
        """papermill engine: the cells run on this process's IPython shell (see the module docstring)."""

        @classmethod
        def execute_managed_notebook(cls, nb_man: Any, kernel_name: str | None,
                                     execution_timeout: float | None = None, **kwargs: Any) -> Any:
            new_notebook()
            before = set(sys.modules)
            try:
                cls._run_cells(nb_man, execution_timeout)
            finally:
                notebook_done(before)
            return nb_man.nb

        @staticmethod
        def _run_cells(nb_man: Any, execution_timeout: float | None) -> None:
            for index, cell in enumerate(nb_man.nb.cells):
                nb_man.cell_start(cell, index)
                try:
                    if cell.cell_type != "code" or not cell.source.strip():
                        continue
                    tags = cell.metadata.get("tags", [])
                    if "skip-execution" in tags:
                        continue
                    timing = cell.metadata["execution"] = {"iopub.status.busy": _now()}
                    timing["iopub.execute_input"] = timing["iopub.status.busy"]
                    cell.outputs = []
                    count, failed, timed_out = run_cell(cell.source, cell.outputs, execution_timeout)
                    cell.execution_count = count
                    timing["shell.execute_reply"] = timing["iopub.status.idle"] = _now()
                    if timed_out:
                        raise CellTimeout(f"cell {index} ran longer than {execution_timeout:g} s "
                                          "(--timeout) and was stopped")
                    if failed and "raises-exception" not in tags:
                        nb_man.cell_exception(cell, cell_index=index)
                        break
                finally:
                    nb_man.cell_complete(cell, cell_index=index)

    return InProcessEngine


def register() -> None:
    """Make ``engine_name="mentorkit-inprocess"`` known to papermill in this process."""
    from papermill.engines import papermill_engines

    if ENGINE_NAME not in papermill_engines._engines:
        papermill_engines.register(ENGINE_NAME, _build_engine())
