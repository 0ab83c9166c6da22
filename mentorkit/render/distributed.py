"""The render on any ``concurrent.futures.Executor``: dask.distributed workers, or a process pool.

One task per participant: :func:`render_task` takes plain data (:class:`Settings`, :class:`Task`),
reads the workbook from and writes the outputs to paths every worker can reach (a shared
filesystem), and returns only a small :class:`ParticipantResult`. Inside each worker process one warm
:class:`Renderer` (kernel, exporters, WeasyPrint) is kept in a process-global cache keyed by the
settings, made on first use (or ahead of time by :class:`MentorkitRenderPlugin` on dask workers)
and closed when the worker goes away. A Python template runs in the worker process itself
(:mod:`mentorkit.render.inprocess`, reset between participants); any other kernel is replaced every
``settings.recycle_after`` participants (whole worker processes are the executor's to recycle: dask's
``--lifetime``). Every
kernel operation happens on one dedicated thread per process, whatever thread the executor runs
the task on; HTML and PDF are made on a second one. With one executor thread per worker (dask's
``threads_per_worker=1``) a participant is executed, then converted; with two, one participant's
notebook runs on the kernel while the previous one is converted, as in the local pool.

:class:`ExecutorRunner` is the driver in the main process, with the same ``run(tasks, on_result)``
as the local :class:`~mentorkit.render.pool.WorkerPool`: it keeps about one participant per worker
thread in flight, and applies the pool's rule to workers that die: the participants they held get
one more try, and one that kills a worker twice is reported as failed.

:func:`open_executor` turns ``--scheduler tcp://HOST:8786`` or ``--scheduler local:N`` into an
executor (dask's ``Client.get_executor()``), printing dask's dashboard link.
"""

from __future__ import annotations

import atexit
import concurrent.futures as cf
import contextlib
import gc
import os
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import BrokenExecutor
from dataclasses import dataclass, replace
from typing import Any, TextIO

from ..errors import UnusableInput
from .heap import trim_heap
from .report import ParticipantResult, one_line
from .worker import Executed, Renderer, Settings, Task

PLUGIN_NAME = "mentorkit-render"

#: Scheduler settings for a cluster we start: a worker death is reported to us at once (we retry
#: once ourselves, as the local pool does), and a worker holds only the participant it renders.
LOCAL_SCHEDULER_CONFIG = {
    "distributed.scheduler.allowed-failures": 0,
    "distributed.scheduler.worker-saturation": 1.0,
}


# -- inside a worker process -----------------------------------------------------------------------
@dataclass
class _Slot:
    renderer: Renderer | None = None
    done: int = 0
    error: str = ""  # the renderer could not start: tasks fail fast with this for a while
    error_at: float = 0.0

#: After a renderer failed to start, tasks fail fast for this long, then the worker tries again.
START_RETRY_SECONDS = 60.0


_slots: dict[Settings, _Slot] = {}
_thread: cf.ThreadPoolExecutor | None = None
_convert_thread: cf.ThreadPoolExecutor | None = None
_thread_lock = threading.Lock()


def _render_thread() -> cf.ThreadPoolExecutor:
    """The one thread of this process that starts, uses and stops kernels (their event loop lives there)."""
    global _thread, _convert_thread
    with _thread_lock:
        if _thread is None:
            _thread = cf.ThreadPoolExecutor(max_workers=1, thread_name_prefix="mentorkit-render")
            _convert_thread = cf.ThreadPoolExecutor(max_workers=1, thread_name_prefix="mentorkit-convert")
            atexit.register(shutdown_renderers)
            with contextlib.suppress(Exception):  # a multiprocessing child skips atexit; this runs
                from multiprocessing.util import Finalize

                Finalize(None, shutdown_renderers, exitpriority=10)
        return _thread


def _slot(settings: Settings) -> _Slot:
    """The warm renderer for ``settings`` (render thread only); other settings' renderers are closed."""
    for other in [s for s in _slots if s != settings]:
        _close(_slots.pop(other))
    slot = _slots.setdefault(settings, _Slot())
    if slot.renderer is not None and slot.renderer.kernel is not None \
            and slot.done >= max(1, settings.recycle_after):
        _close(slot)  # a fresh kernel and converters every recycle_after participants: flat memory
        slot.done = 0
    if slot.error and time.monotonic() - slot.error_at > START_RETRY_SECONDS:
        slot.error = ""
    if slot.renderer is None and not slot.error:
        renderer = Renderer(settings)
        try:
            renderer.start()
        except BaseException as exc:
            renderer.close()
            slot.error, slot.error_at = one_line(f"{type(exc).__name__}: {exc}"), time.monotonic()
        else:
            slot.renderer = renderer
            gc.collect()
    return slot


def _close(slot: _Slot) -> None:
    if slot.renderer is not None:
        from .kernel import set_active

        slot.renderer.close()
        slot.renderer = None
        set_active(None)  # papermill's warm engine must not find a closed kernel in this process
        gc.collect()


def _execute(settings: Settings, task: Task) -> tuple[Renderer | None, Executed | ParticipantResult]:
    """On the render thread: the notebook run on the warm kernel (or why it cannot run)."""
    slot = _slot(settings)
    if slot.renderer is None:
        return None, ParticipantResult.failure(task.participant_id,
                                               f"not rendered: the worker could not start: {slot.error}")
    slot.done += 1
    return slot.renderer, slot.renderer.execute(task)


def _finish(renderer: Renderer, executed: Executed) -> ParticipantResult:
    """On the convert thread: HTML, PDF and the atomic writes, stamp last."""
    try:
        return renderer.finish(executed)
    finally:
        gc.collect()  # WeasyPrint's boxes form cycles: free them now
        trim_heap()


def render_task(settings: Settings, task: Task, attempt: int = 0) -> ParticipantResult:
    """Render one participant in this worker process with its warm renderer; picklable, for any executor.

    ``attempt`` only makes a retried task a new task for executors that cache by arguments (dask).
    Never raises for a participant's problem: the result says what failed.
    """
    renderer, step = _render_thread().submit(_execute, settings, task).result()
    if renderer is None or not isinstance(step, Executed):
        return step  # type: ignore[return-value]
    assert _convert_thread is not None
    return _convert_thread.submit(_finish, renderer, step).result()


def warm_renderer(settings: Settings) -> cf.Future[Any]:
    """Start this process's renderer for ``settings`` in the background (kernel launched and warmed)."""
    return _render_thread().submit(_slot, settings)


def _shutdown_on_thread() -> None:
    while _slots:
        _close(_slots.popitem()[1])


def shutdown_renderers(timeout: float = 30.0) -> None:
    """Shut every kernel of this process down (worker teardown, process exit)."""
    if _thread is None:
        return
    try:
        _thread.submit(_shutdown_on_thread).result(timeout=timeout)
    except RuntimeError:  # the interpreter is exiting and the thread is gone: from here, best effort
        with contextlib.suppress(Exception):
            _shutdown_on_thread()
    except Exception:  # the render thread is stuck in a participant: the kernel dies with the process
        pass


try:  # the plugin is a real dask WorkerPlugin when dask is installed; mentorkit does not need dask
    from distributed.diagnostics.plugin import WorkerPlugin as _PluginBase
except ImportError:  # pragma: no cover - exercised only without the [dask] extra
    _PluginBase = object  # type: ignore[assignment,misc]


class MentorkitRenderPlugin(_PluginBase):
    """A dask ``WorkerPlugin``: warm the worker's renderer at setup, shut its kernel down at teardown."""

    name = PLUGIN_NAME

    def __init__(self, settings: Settings):
        self.settings = settings

    def setup(self, worker: Any) -> None:
        warm_renderer(self.settings)  # in the background: the worker is ready while the kernel warms

    def teardown(self, worker: Any) -> None:
        shutdown_renderers()


# -- in the main process ---------------------------------------------------------------------------
def dask_client(executor: cf.Executor) -> Any:
    """The dask ``Client`` behind ``client.get_executor()``, or None for other executors."""
    client = getattr(executor, "_client", None)
    return client if type(client).__name__ == "Client" else None


def executor_slots(executor: cf.Executor, default: int = 1) -> int:
    """How many tasks the executor runs at once: dask worker threads, or a pool's ``max_workers``."""
    client = dask_client(executor)
    if client is not None:
        try:
            return max(1, int(sum(client.nthreads().values())))
        except Exception:
            return max(1, default)
    return max(1, int(getattr(executor, "_max_workers", 0) or default))


def _worker_deaths(exc: BaseException) -> int:
    """How many worker deaths an exception stands for (0: it is not about a dead worker)."""
    if type(exc).__name__ == "KilledWorker":  # dask gave up after allowed_failures + 1 workers died
        return int(getattr(exc, "allowed_failures", 0)) + 1
    return 0


class ExecutorRunner:
    """Renders tasks with ``fn(settings, task, attempt)`` on an executor; results go to ``on_result``."""

    def __init__(self, executor: cf.Executor, settings: Settings,
                 fn: Callable[..., ParticipantResult] = render_task,
                 jobs: int = 0, poll: float = 1.0):
        self.executor = executor
        self.settings = settings
        self.fn = fn
        self.jobs = jobs
        self.poll = poll
        self.problems: list[str] = []
        self.workers: list[Any] = []  # nothing for the caller to terminate on Ctrl-C: see run()
        self.max_in_flight = 0
        self._tries: dict[str, int] = {}
        self._slots_checked = 0.0
        self._slots = 1

    def slots(self) -> int:
        """Tasks to keep in flight: one per worker thread (re-read every few seconds: workers come and go)."""
        now = time.monotonic()
        if now - self._slots_checked > 5.0:
            self._slots = executor_slots(self.executor, self.jobs or os.cpu_count() or 1)
            self._slots_checked = now
        return self._slots

    def run(self, tasks: Iterable[Task], on_result: Callable[[ParticipantResult], None]) -> None:
        """Render every task; returns when all have a result. Ctrl-C cancels what has not started."""
        pending = deque(tasks)
        if not pending:
            return
        self.settings = shared_template(self.settings)
        client = dask_client(self.executor)
        if client is not None:
            self._register_plugin(client)
        running: dict[cf.Future[Any], tuple[Task, int]] = {}
        try:
            while pending or running:
                while pending and len(running) < self.slots():
                    task = pending.popleft()
                    attempt = self._tries.get(task.participant_id, 0)
                    try:
                        future = self.executor.submit(self.fn, self.settings, task, attempt)
                    except Exception as exc:  # a shut-down or broken executor
                        on_result(ParticipantResult.failure(
                            task.participant_id, f"not rendered: {one_line(f'{type(exc).__name__}: {exc}')}"))
                        continue
                    running[future] = (task, attempt)
                self.max_in_flight = max(self.max_in_flight, len(running))
                if not running:
                    continue
                done, _ = cf.wait(running, timeout=self.poll, return_when=cf.FIRST_COMPLETED)
                for future in done:
                    task, _attempt = running.pop(future)
                    self._collect(future, task, pending, on_result)
        except BaseException:
            for future in running:
                future.cancel()
            raise
        finally:
            if client is not None:
                with contextlib.suppress(Exception):
                    client.unregister_worker_plugin(PLUGIN_NAME)

    def _collect(self, future: cf.Future[Any], task: Task, pending: deque[Task],
                 on_result: Callable[[ParticipantResult], None]) -> None:
        pid = task.participant_id
        try:
            result = future.result()
        except BaseException as exc:
            deaths = _worker_deaths(exc)
            if isinstance(exc, BrokenExecutor):  # a process pool whose worker died cannot go on
                on_result(ParticipantResult.failure(
                    pid, f"not rendered: the executor broke (a worker process died): "
                    f"{one_line(f'{type(exc).__name__}: {exc}')}"))
                return
            if not deaths:  # the task itself raised: never for a participant's problem, so report it
                on_result(ParticipantResult.failure(pid, one_line(f"{type(exc).__name__}: {exc}")))
                return
            self._tries[pid] = self._tries.get(pid, 0) + deaths
            if self._tries[pid] >= 2:
                times = "twice" if self._tries[pid] == 2 else f"{self._tries[pid]} times"
                on_result(ParticipantResult.failure(pid, f"the worker process died while rendering, {times}"))
            else:
                pending.appendleft(task)  # one more try, first in line
            return
        if not isinstance(result, ParticipantResult):
            result = ParticipantResult.failure(
                pid, f"the task returned {type(result).__name__}, not a ParticipantResult")
        on_result(result)

    def _register_plugin(self, client: Any) -> None:
        try:
            client.register_plugin(MentorkitRenderPlugin(self.settings), name=PLUGIN_NAME)
        except Exception as exc:  # tasks still work: each worker warms up on its first participant
            self.problems.append(f"could not register the dask worker plugin: {one_line(str(exc))}")


TEMPLATE_COPY = ".render-template.ipynb"


def shared_template(settings: Settings) -> Settings:
    """``settings`` with the template copied into OUT, so every worker reads the bytes checked here.

    The default template lives inside this machine's installation, at a path workers elsewhere
    need not have; OUT is on the filesystem they all reach.
    """
    copy = settings.out / (TEMPLATE_COPY if settings.document == "worksheet"
                           else TEMPLATE_COPY.replace("template", f"{settings.document}-template"))
    if settings.template == copy:
        return settings
    data = settings.template.read_bytes()
    fd, tmp = tempfile.mkstemp(dir=settings.out, prefix=f"{TEMPLATE_COPY}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, settings.file_mode)
        os.replace(tmp, copy)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return replace(settings, template=copy)


# -- --scheduler ------------------------------------------------------------------------------------
def parse_scheduler(text: str) -> tuple[str, int]:
    """``local:N`` -> ("local", N); ``local`` -> ("local", CPUs); an address -> (address, 0)."""
    text = text.strip()
    if text == "local" or text.startswith("local:"):
        count = text.partition(":")[2] or str(os.cpu_count() or 1)
        if not count.isdigit() or int(count) < 1:
            raise UnusableInput(f"--scheduler {text!r}: expected local:N with N a whole number >= 1")
        return "local", int(count)
    if not text:
        raise UnusableInput("--scheduler: give a scheduler address (tcp://HOST:8786) or local:N")
    return text, 0


@contextlib.contextmanager
def open_executor(scheduler: str, stream: TextIO, dashboard: str = ":0") -> Iterator[cf.Executor]:
    """A dask executor for ``--scheduler``: connect to ADDRESS, or start and later close a LocalCluster.

    The local cluster has ``N`` worker processes of one thread each (one warm kernel per worker).
    """
    where, count = parse_scheduler(scheduler)
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError:
        raise UnusableInput(
            "--scheduler needs dask.distributed: pip install 'mentorkit[dask]'"
        ) from None
    with contextlib.ExitStack() as stack:
        if where == "local":
            stack.enter_context(dask.config.set(LOCAL_SCHEDULER_CONFIG))
            try:
                cluster = stack.enter_context(LocalCluster(
                    n_workers=count, threads_per_worker=1, processes=True, dashboard_address=dashboard,
                ))
            except (OSError, RuntimeError) as exc:
                raise UnusableInput(f"--scheduler {scheduler}: the local dask cluster did not start: "
                                    f"{one_line(str(exc))}") from None
            client = stack.enter_context(Client(cluster))
            print(f"dask: started a local cluster of {count} worker process(es)", file=stream)
        else:
            try:
                client = stack.enter_context(Client(where, timeout="30s"))
            except OSError as exc:
                raise UnusableInput(f"--scheduler {where}: cannot connect: {one_line(str(exc))}") from None
            workers = len(client.scheduler_info().get("workers", {}))
            print(f"dask: connected to {where} ({workers} worker(s) now)", file=stream)
        print(f"dask dashboard: {dashboard_link(client)}", file=stream, flush=True)
        yield client.get_executor()


def dashboard_link(client: Any) -> str:
    """dask's dashboard address, or why there is none (it needs bokeh)."""
    with contextlib.suppress(Exception):
        if "dashboard" in client.scheduler_info().get("services", {}):
            return str(client.dashboard_link)
    return "not available (install bokeh>=3.1 where the scheduler runs)"
