"""Worker processes, each warm (libraries imported, the template's Python ready), fed two
participants at a time.

A Python template runs in the worker's own interpreter (:mod:`.inprocess`): the worker executes a
participant's notebook, then makes its HTML and PDF, in one thread, while the next participant
already waits in its inbox. With any other kernel (or ``--isolated``), one thread runs a participant's
notebook on the kernel while another makes the HTML and PDF of the previous one, so a worker keeps
two processes busy (kernel and converter).

The main process stays light: it hands out tasks over a pipe per worker and collects results, so it
always knows which participants each worker holds. A worker that dies (killed, out of memory, a
crash in a native library) does not stop the cohort: a replacement takes over, the participants the
dead worker held get one more try (alone), and one that kills a worker twice is reported as failed.
When the main process goes away, each worker sees its pipe close, stops and shuts its kernel (if it
has one) down (ipykernel also exits when its parent does).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import queue
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from .heap import trim_heap
from .report import ParticipantResult, one_line
from .worker import Executed, Renderer, Settings, Task, same_kernel, stamp_name

#: Participants handed to a worker at a time: one runs on the kernel while the other is converted.
PER_WORKER = 2
#: Seconds past ``--timeout`` after which an export that ignored its time limit (stuck inside a C
#: library, where the ``SIGALRM`` cannot reach it) is given up: the worker reports the participant as
#: failed and exits, and the pool replaces it.
STUCK_GRACE = 30.0
#: The exit status of a worker that gave up a stuck export.
STUCK_EXIT = 86


class _Watchdog:
    """Ends the worker process when one participant's export runs far past the time limit."""

    def __init__(self, conn: Connection, settings: Settings, renderer: Renderer | None = None):
        self.conn = conn
        self.renderer = renderer
        self.stamp = stamp_name(settings.document)
        self.limit = settings.timeout + STUCK_GRACE if settings.timeout and settings.timeout > 0 else None
        self.lock = threading.Lock()
        self.current: tuple[Executed, float] | None = None
        if self.limit is not None:
            threading.Thread(target=self._watch, name="watchdog", daemon=True).start()

    def finish(self, renderer: Renderer, done: Executed) -> None:
        """``renderer.finish(done)`` under watch; then send its result."""
        self.current = (done, time.monotonic())
        result = renderer.finish(done)
        with self.lock:
            self.current = None
            self.conn.send(("done", result))

    def _watch(self) -> None:
        assert self.limit is not None
        while True:
            time.sleep(min(1.0, self.limit / 4))
            current = self.current
            if current is None or time.monotonic() - current[1] < self.limit:
                continue
            with self.lock:
                if self.current is not current:
                    continue  # it finished after all
                done = current[0]
                stamp = stamp_name(self.renderer.settings.document) if self.renderer else self.stamp
                if done.folder is not None:  # no stamp may claim an earlier render is current
                    with contextlib.suppress(OSError):
                        (done.folder / stamp).unlink()
                message = (f"making the HTML and PDF did not stop within {self.limit:g} s "
                           "(--timeout plus a grace period); the worker was replaced")
                with contextlib.suppress(OSError):
                    self.conn.send(("done", ParticipantResult.failure(
                        done.task.participant_id, message, "ExportTimeout",
                        seconds=round(time.perf_counter() - done.started, 3))))
                os._exit(STUCK_EXIT)


def worker_main(worker_id: int, conn: Connection, settings: Settings) -> None:
    """One worker process: two threads, so one participant's notebook runs on the kernel while the
    previous one's HTML and PDF are made.

    The *executor* thread owns the kernel (starts, runs, restarts and stops it); this thread builds
    the converters, then turns executed notebooks into files and reports each result.

    The protocol with :class:`WorkerPool`: the worker receives :class:`Task` objects (``None``:
    stop; a :class:`Settings`: the tasks after it are another document of the same run, see
    :meth:`Renderer.use`) and sends ``("ready", [warnings])`` once, then ``("done", ParticipantResult)``
    per task in the order received, or ``("fatal", text)`` if it cannot start.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    renderer = Renderer(settings)
    if renderer.inprocess:
        return _inprocess_worker(conn, settings, renderer)
    inbox: queue.Queue[Task | Settings | None] = queue.Queue()
    executed: queue.Queue[Executed | None] = queue.Queue(maxsize=1)
    kernel_ready = threading.Event()
    kernel_failed: list[str] = []

    def execute_loop() -> None:
        try:
            renderer.start_kernel()
        except BaseException as exc:
            kernel_failed.append(one_line(f"{type(exc).__name__}: {exc}"))
            renderer.close()
            return
        finally:
            kernel_ready.set()
        try:
            while (task := inbox.get()) is not None:
                if isinstance(task, Settings):  # sent only while nothing is in flight
                    renderer.use(task)
                    continue
                executed.put(renderer.execute(task))
        finally:
            executed.put(None)
            renderer.close()

    def read_loop() -> None:
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                message = None  # the main process is gone
            inbox.put(message)
            if message is None:
                return

    executor = threading.Thread(target=execute_loop, name="execute", daemon=True)
    executor.start()
    try:
        renderer.start_converters()
    except BaseException as exc:
        conn.send(("fatal", one_line(f"{type(exc).__name__}: {exc}")))
        inbox.put(None)
        return
    kernel_ready.wait()
    if kernel_failed:
        conn.send(("fatal", kernel_failed[0]))
        return
    problems = renderer.warm_problems
    gc.collect()
    gc.freeze()  # what start-up loaded stays; each collection below only looks at one participant's
    try:
        conn.send(("ready", problems))
        threading.Thread(target=read_loop, name="read", daemon=True).start()
        watchdog = _Watchdog(conn, settings, renderer)
        while (done := executed.get()) is not None:
            watchdog.finish(renderer, done)
            gc.collect()  # WeasyPrint's boxes form cycles: free them now, not whenever gen 2 runs
            trim_heap()  # and give the pages back: the worker's memory stays flat across participants
    except (BrokenPipeError, EOFError, OSError):
        inbox.put(None)
    executor.join(timeout=60)


def _inprocess_worker(conn: Connection, settings: Settings, renderer: Renderer) -> None:
    """A worker whose template runs in its own Python (:mod:`.inprocess`): everything in this thread,
    one participant after the other (two threads would only take turns at the interpreter), so both a
    cell's and an export's time limit are ``SIGALRM`` timers that interrupt even a sleeping call."""
    try:
        renderer.start()
    except BaseException as exc:
        conn.send(("fatal", one_line(f"{type(exc).__name__}: {exc}")))
        renderer.close()
        return
    gc.collect()
    gc.freeze()
    try:
        conn.send(("ready", renderer.warm_problems))
        watchdog = _Watchdog(conn, settings, renderer)
        while True:
            try:
                task = conn.recv()
            except (EOFError, OSError):
                task = None  # the main process is gone
            if task is None:
                break
            if isinstance(task, Settings):  # sent only while nothing is in flight
                renderer.use(task)
                continue
            watchdog.finish(renderer, renderer.execute(task))
            gc.collect()
            trim_heap()
    except (BrokenPipeError, EOFError, OSError):
        pass
    finally:
        renderer.close()


@dataclass
class _Worker:
    worker_id: int
    process: Any
    conn: Connection
    tasks: list[Task] = field(default_factory=list)  # sent, not yet reported, oldest first
    ready: bool = False
    done: int = 0


class WorkerPool:
    """Renders tasks in ``jobs`` worker processes; results arrive through ``on_result``.

    ``target`` is the worker process's main function (``target(worker_id, conn, settings)``, see
    :func:`worker_main` for the messages it sends); tests give a fake one that renders nothing.

    ``keep_alive``: workers stay up after :meth:`run` (call :meth:`close` when done), so the next
    document of the same run (:meth:`use`, then :meth:`run`) starts on warm workers and kernels instead
    of starting new ones: ``mentorkit render`` makes the worksheet and the agreement this way.
    """

    def __init__(
        self, settings: Settings | None, jobs: int,
        target: Callable[[int, Connection, Settings], None] | None = None, keep_alive: bool = False,
    ):
        self._settings = settings
        self.target = target or worker_main
        self.keep_alive = keep_alive
        self.jobs = max(1, jobs)
        self.context = multiprocessing.get_context("spawn")
        self.workers: list[_Worker] = []
        self.problems: list[str] = []
        self._next_id = 0
        self._deaths = 0
        self._tries: dict[str, int] = {}

    def _spawn(self) -> _Worker:
        parent, child = self.context.Pipe(duplex=True)
        process = self.context.Process(
            target=self.target, args=(self._next_id, child, self.settings),
            name=f"mentorkit-render-{self._next_id}", daemon=True,
        )
        process.start()
        child.close()
        worker = _Worker(self._next_id, process, parent)
        self._next_id += 1
        self.workers.append(worker)
        return worker

    @property
    def settings(self) -> Settings:
        """What the workers render with (set by the constructor or :meth:`use`)."""
        if self._settings is None:
            raise RuntimeError("WorkerPool.use(settings, jobs) comes before run()")
        return self._settings

    def use(self, settings: Settings, jobs: int) -> None:
        """The next :meth:`run` renders with ``settings`` (another document) on up to ``jobs`` workers.

        Workers already running switch to it when their kernel fits (same kernel, warm imports,
        isolation and folder mode); otherwise they are stopped and fresh ones start.
        """
        if self._settings is not None and not same_kernel(settings, self._settings):
            for worker in list(self.workers):
                self._stop(worker)
        self._settings = settings
        self.jobs = max(1, jobs)

    def run(self, tasks: Iterable[Task], on_result: Callable[[ParticipantResult], None]) -> None:
        """Render every task; returns when all have a result (or the pool cannot go on)."""
        pending = deque(tasks)
        if not pending:
            return
        for warm in list(self.workers):  # warm from the previous document: switch and feed them
            try:
                warm.conn.send(self.settings)
            except (BrokenPipeError, OSError):
                self._stop(warm)
                continue
            self._feed(warm, pending)
        for _ in range(min(self.jobs - len(self.workers), len(pending))):
            self._spawn()
        fatal_starts = 0
        try:
            while self.workers and (pending or any(w.tasks for w in self.workers)):
                waitables: list[Any] = [w.conn for w in self.workers]
                waitables += [w.process.sentinel for w in self.workers]
                for ready in wait(waitables, timeout=5.0):
                    worker = next((w for w in self.workers if ready in (w.conn, w.process.sentinel)), None)
                    if worker is None:
                        continue
                    message = self._receive(worker)
                    if message is None:  # the worker process has ended
                        self._lost(worker, pending, on_result)
                        continue
                    kind, payload = message
                    if kind == "fatal":
                        fatal_starts += 1
                        self.problems.append(f"a worker could not start: {payload}")
                        self._stop(worker)
                        if fatal_starts >= self.jobs or not self.workers:
                            reason = f"not rendered: the worker could not start: {payload}"
                            while pending:
                                on_result(ParticipantResult.failure(pending.popleft().participant_id, reason))
                        continue
                    if kind == "ready":
                        worker.ready = True
                        for problem in payload:
                            if problem not in self.problems:
                                self.problems.append(f"warming the kernel: {problem}")
                    elif kind == "done":
                        worker.tasks = [t for t in worker.tasks if t.participant_id != payload.participant_id]
                        worker.done += 1
                        on_result(payload)
                    self._feed(worker, pending)
        finally:
            if not self.keep_alive:
                self.close()

    def _receive(self, worker: _Worker) -> tuple[str, Any] | None:
        try:
            if worker.conn.poll():
                message: tuple[str, Any] = worker.conn.recv()
                return message
        except (EOFError, OSError):
            return None
        return None if not worker.process.is_alive() else ("idle", None)

    def _feed(self, worker: _Worker, pending: deque[Task]) -> None:
        """Keep two participants with each worker: one on the kernel, one being converted."""
        if not worker.ready:
            return
        retiring = worker.done + len(worker.tasks) >= max(1, self.settings.recycle_after)
        if retiring:  # a fresh process (and kernel) every recycle_after participants: flat memory
            if not worker.tasks:
                self._stop(worker)
                if pending and len(self.workers) < self.jobs:
                    self._spawn()
            return
        while pending and len(worker.tasks) < PER_WORKER:
            # a participant that was with a worker when it died goes alone, so it takes no one along
            if worker.tasks and (pending[0].participant_id in self._tries
                                 or worker.tasks[-1].participant_id in self._tries):
                break
            task = pending.popleft()
            try:
                worker.conn.send(task)
            except (BrokenPipeError, OSError):  # it just died: the task never reached it
                pending.appendleft(task)
                return  # the next wait() sees the process end and replaces it
            worker.tasks.append(task)
        if not pending and not worker.tasks and not self.keep_alive:
            self._stop(worker)

    def _lost(
        self, worker: _Worker, pending: deque[Task], on_result: Callable[[ParticipantResult], None]
    ) -> None:
        """A worker process ended unexpectedly: its participants get one more try in a new worker."""
        worker.process.join(timeout=1)
        code = worker.process.exitcode
        self.workers.remove(worker)
        worker.conn.close()
        self._deaths += 1
        for task in reversed(worker.tasks):
            self._tries[task.participant_id] = self._tries.get(task.participant_id, 0) + 1
            if self._tries[task.participant_id] >= 2:
                on_result(ParticipantResult.failure(
                    task.participant_id, f"the worker process died while rendering, twice (exit code {code})"
                ))
            else:
                pending.appendleft(task)
        if self._deaths > 2 * self.jobs + 2:  # something is wrong with every worker: stop trying
            reason = f"not rendered: worker processes keep dying (last exit code {code})"
            while pending:
                on_result(ParticipantResult.failure(pending.popleft().participant_id, reason))
        if pending and len(self.workers) < self.jobs:
            self._spawn()

    def _stop(self, worker: _Worker) -> None:
        with contextlib.suppress(BrokenPipeError, OSError):
            worker.conn.send(None)
        worker.process.join(timeout=30)
        if worker.process.is_alive():
            worker.process.terminate()
            worker.process.join(timeout=5)
        worker.conn.close()
        if worker in self.workers:
            self.workers.remove(worker)

    def close(self) -> None:
        """Stop every worker (they shut their kernels down)."""
        for worker in list(self.workers):
            self._stop(worker)
