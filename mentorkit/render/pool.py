"""Worker processes, each with its own warm kernel, fed one participant at a time.

The main process stays light: it hands out tasks over a pipe per worker and collects results, so it
always knows which participant each worker holds. A worker that dies (killed, out of memory, a crash
in a native library) costs only its current participant, which is reported as failed, and a
replacement worker takes over the rest. When the main process goes away, each worker sees its pipe
close, stops and shuts its kernel down (ipykernel also exits when its parent does).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from .worker import Renderer, Result, Settings, Task, one_line


def worker_main(worker_id: int, conn: Connection, settings: Settings) -> None:
    """The body of one worker process: start, then render whatever the main process sends."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    try:
        renderer = Renderer(settings).start()
    except BaseException as exc:
        conn.send(("fatal", one_line(f"{type(exc).__name__}: {exc}")))
        return
    problems = renderer.kernel.warm_problems if renderer.kernel is not None else []
    try:
        conn.send(("ready", problems))
        while True:
            try:
                task = conn.recv()
            except (EOFError, OSError):
                break  # the main process is gone
            if task is None:
                break
            conn.send(("done", renderer.render(task)))
    except (BrokenPipeError, EOFError, OSError):
        pass
    finally:
        renderer.close()


@dataclass
class _Worker:
    worker_id: int
    process: Any
    conn: Connection
    task: Task | None = None
    ready: bool = False


class WorkerPool:
    """Renders tasks in ``jobs`` worker processes; results arrive through ``on_result``."""

    def __init__(self, settings: Settings, jobs: int):
        self.settings = settings
        self.jobs = max(1, jobs)
        self.context = multiprocessing.get_context("spawn")
        self.workers: list[_Worker] = []
        self.problems: list[str] = []
        self._next_id = 0
        self._deaths = 0

    def _spawn(self) -> _Worker:
        parent, child = self.context.Pipe(duplex=True)
        process = self.context.Process(
            target=worker_main, args=(self._next_id, child, self.settings),
            name=f"mentorkit-render-{self._next_id}", daemon=True,
        )
        process.start()
        child.close()
        worker = _Worker(self._next_id, process, parent)
        self._next_id += 1
        self.workers.append(worker)
        return worker

    def run(self, tasks: Iterable[Task], on_result: Callable[[Result], None]) -> None:
        """Render every task; returns when all have a result (or the pool cannot go on)."""
        pending = deque(tasks)
        if not pending:
            return
        for _ in range(min(self.jobs, len(pending))):
            self._spawn()
        fatal_starts = 0
        try:
            while self.workers:
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
                                on_result(Result(pending.popleft().participant_id, "failed", error=reason))
                        continue
                    if kind == "ready":
                        worker.ready = True
                        for problem in payload:
                            if problem not in self.problems:
                                self.problems.append(f"warming the kernel: {problem}")
                    elif kind == "done":
                        worker.task = None
                        on_result(payload)
                    self._feed(worker, pending)
        finally:
            self.close()

    def _receive(self, worker: _Worker) -> tuple[str, Any] | None:
        try:
            if worker.conn.poll():
                return worker.conn.recv()
        except (EOFError, OSError):
            return None
        return None if not worker.process.is_alive() else ("idle", None)

    def _feed(self, worker: _Worker, pending: deque[Task]) -> None:
        if not worker.ready or worker.task is not None:
            return
        if pending:
            worker.task = pending.popleft()
            worker.conn.send(worker.task)
        else:
            self._stop(worker)

    def _lost(self, worker: _Worker, pending: deque[Task], on_result: Callable[[Result], None]) -> None:
        worker.process.join(timeout=1)
        code = worker.process.exitcode
        self.workers.remove(worker)
        worker.conn.close()
        self._deaths += 1
        if worker.task is not None:
            on_result(Result(worker.task.participant_id, "failed",
                             error=f"the worker process died while rendering (exit code {code})"))
        if self._deaths > 2 * self.jobs + 2:  # something is wrong with every worker: stop trying
            reason = f"not rendered: worker processes keep dying (last exit code {code})"
            while pending:
                on_result(Result(pending.popleft().participant_id, "failed", error=reason))
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
