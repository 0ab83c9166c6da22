"""Fake render workers for the pool tests: the real pool and processes, no kernel, no rendering.

A fake worker speaks :func:`mentorkit.render.pool.worker_main`'s protocol and acts on the
participant id it is given:

* ``ok-*``: rendered; the one output names the worker process (``<id>/by-<pid>``);
* ``fail-*``: a failure in cell 2 (``ValueError``), as a real failing notebook reports it;
* ``die-*``: the worker process dies (``os._exit``) every time it gets this participant;
* ``dieonce-*``: the worker dies the first time only (a marker file in ``settings.out`` remembers).

With ``settings.kernel_name == "fatal"`` the worker reports that it cannot start.
It lives in its own small module so spawned worker processes import it quickly.
"""

from __future__ import annotations

import os
from multiprocessing.connection import Connection

from mentorkit.render.report import ParticipantResult
from mentorkit.render.worker import Settings, Task

DEATH_EXIT_CODE = 7


def fake_worker_main(worker_id: int, conn: Connection, settings: Settings) -> None:
    if settings.kernel_name == "fatal":
        conn.send(("fatal", "KernelError: no kernel here"))
        return
    conn.send(("ready", ["fake warm-up note"]))
    while True:
        try:
            task: Task | None = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        conn.send(("done", fake_result(task, settings)))


def fake_result(task: Task, settings: Settings) -> ParticipantResult:
    pid = task.participant_id
    if pid.startswith("die-"):
        os._exit(DEATH_EXIT_CODE)
    if pid.startswith("dieonce-"):
        marker = settings.out / f"{pid}.died"
        if not marker.exists():
            marker.touch()
            os._exit(DEATH_EXIT_CODE)
    if pid.startswith("fail-"):
        return ParticipantResult.failure(pid, "bad value", "ValueError", cell_index=2, execution_count=2,
                                         seconds=0.01)
    return ParticipantResult(pid, "ok", seconds=0.01, outputs=[f"{pid}/by-{os.getpid()}"])


class _FakePage:
    """Stands in for the HTML exporter; a ``stuck-*`` participant's page hangs where no signal reaches."""

    def render(self, nb: object, title: str) -> str:
        if "stuck-" in title:
            import signal
            import time

            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # as deep inside a C library
            time.sleep(600)
        return f"<html>{title}</html>"


def stuck_export_worker_main(worker_id: int, conn: Connection, settings: Settings) -> None:
    """The real :func:`~mentorkit.render.pool.worker_main` (threads, messages, watchdog) with the
    kernel and the exporters replaced by fakes, and a one-second grace after the time limit."""
    import time

    import nbformat

    from mentorkit.render import pool
    from mentorkit.render.worker import Executed, Renderer

    def execute(self: Renderer, task: Task) -> Executed:
        folder = self.settings.out / task.participant_id
        folder.mkdir(exist_ok=True)
        return Executed(task, time.perf_counter(), folder, nbformat.v4.new_notebook())

    def start_converters(self: Renderer) -> None:
        self.page = _FakePage()

    Renderer.start_kernel = lambda self: None  # type: ignore[method-assign]
    Renderer.start_converters = start_converters  # type: ignore[method-assign]
    Renderer.execute = execute  # type: ignore[method-assign]
    pool.STUCK_GRACE = 1.0
    pool.worker_main(worker_id, conn, settings)
