"""A kernel kept alive across many notebooks: started and warmed once, reset between participants.

Starting a kernel and importing altair costs seconds; the worksheet itself takes a few hundredths.
A :class:`WarmKernel` pays the start-up once per worker. Before each participant the worker calls
:meth:`WarmKernel.reset`, which runs :func:`mentorkit.render.kernel_state.restore` in the kernel.

The worker process sets the kernel it owns with :func:`set_active`; the papermill engine
(:mod:`mentorkit.render.engine`) runs notebooks on :func:`active_kernel`.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import MentorkitError

DEFAULT_KERNEL = "python3"


class KernelError(MentorkitError):
    """The warm kernel could not be started, warmed or reset."""


class WarmKernel:
    """One Jupyter kernel (an ``AsyncKernelManager`` and its client) reused for many notebooks."""

    def __init__(
        self,
        kernel_name: str = DEFAULT_KERNEL,
        cwd: Path | str | None = None,
        startup_timeout: float = 120.0,
        warm_imports: Sequence[str] = (),
    ):
        self.kernel_name = kernel_name or DEFAULT_KERNEL
        self.cwd = str(cwd) if cwd is not None else None
        self.startup_timeout = startup_timeout
        self.warm_imports = list(warm_imports)
        self.km: Any = None
        self.kc: Any = None
        self.runs = 0
        self.warm_problems: list[str] = []

    # -- life cycle ------------------------------------------------------------------------------
    def launch(self) -> WarmKernel:
        """Start the kernel process without waiting for it (do other imports meanwhile)."""
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        self.km = AsyncKernelManager(kernel_name=self.kernel_name)
        run_sync(self.km.start_kernel)(
            extra_arguments=["--HistoryManager.hist_file=:memory:"],
            cwd=self.cwd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return self

    def ready(self) -> WarmKernel:
        """Connect, wait until the kernel answers, import the libraries and take the snapshot."""
        if self.km is None:
            self.launch()
        try:
            self._connect_and_warm()
        except BaseException:
            self.shutdown()  # leave no half-started kernel behind: ``started`` is False again
            raise
        return self

    def _connect_and_warm(self) -> None:
        from jupyter_core.utils import run_sync

        self.kc = self.km.client()
        self.kc.start_channels()
        try:
            run_sync(self.kc.wait_for_ready)(timeout=self.startup_timeout)
        except RuntimeError as exc:
            raise KernelError(f"kernel {self.kernel_name!r} did not start: {exc}") from None
        self.kc.allow_stdin = False
        printed = self.run(
            "from mentorkit.render import kernel_state as _mk_state\n"
            f"print('\\n'.join(_mk_state.warm({json.dumps(self.warm_imports)})))\n"
            "_mk_state.snapshot()\n"
            "del _mk_state\n"
        )
        self.warm_problems = [line for line in printed.splitlines() if line.strip()]

    def start(self) -> WarmKernel:
        """Launch and warm in one go."""
        return self.launch().ready()

    @property
    def started(self) -> bool:
        return self.kc is not None

    def is_alive(self) -> bool:
        from jupyter_core.utils import run_sync

        return self.km is not None and bool(run_sync(self.km.is_alive)())

    def shutdown(self) -> None:
        """Stop the kernel (quietly if it is already gone)."""
        from jupyter_core.utils import run_sync

        if self.kc is not None:
            with contextlib.suppress(Exception):  # best effort on the way out
                self.kc.stop_channels()
            self.kc = None
        if self.km is not None:
            try:
                if run_sync(self.km.is_alive)():
                    run_sync(self.km.shutdown_kernel)(now=True)
                run_sync(self.km.cleanup_resources)()
            except Exception:
                pass
            self.km = None

    def restart(self) -> WarmKernel:
        """A new kernel in place of this one (after a timeout or a crash)."""
        self.shutdown()
        self.runs = 0
        return self.start()

    # -- running code ----------------------------------------------------------------------------
    def reset(self) -> None:
        """Put the kernel back to its warmed state (namespace, builtins, environment, modules ...)."""
        self.run("__import__('mentorkit.render.kernel_state', fromlist=['restore']).restore()", silent=True)

    def run(self, code: str, timeout: float = 120.0, silent: bool = False) -> str:
        """Run control code (not part of any notebook); return what it printed, raise on error."""
        from jupyter_core.utils import run_sync

        if self.kc is None:
            raise KernelError("the kernel is not started")
        return run_sync(self._run)(code, timeout, silent)

    async def _run(self, code: str, timeout: float, silent: bool) -> str:
        msg_id = self.kc.execute(code, silent=silent, store_history=False, allow_stdin=False)
        deadline = time.monotonic() + timeout
        printed: list[str] = []
        error = None
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise KernelError(f"the kernel did not finish control code within {timeout:.0f} s")
            try:
                msg = await self.kc.get_iopub_msg(timeout=min(remaining, 1.0))
            except Exception:  # queue.Empty: check the kernel is still there
                if not self.is_alive():
                    raise KernelError("the kernel died") from None
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                printed.append(content["text"])
            elif kind == "error":
                error = f"{content['ename']}: {content['evalue']}"
            elif kind == "status" and content["execution_state"] == "idle":
                break
        while True:  # take this request's reply off the shell channel
            reply = await self.kc.get_shell_msg(timeout=max(1.0, deadline - time.monotonic()))
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        if error:
            raise KernelError(f"kernel control code failed: {error}")
        return "".join(printed)


_active: WarmKernel | None = None
_own: dict[str, WarmKernel] = {}


def set_active(kernel: WarmKernel | None) -> None:
    """Make ``kernel`` the one the ``mentorkit-warm`` engine uses in this process."""
    global _active
    _active = kernel


def active_kernel(kernel_name: str | None = None) -> WarmKernel:
    """The warm kernel for ``kernel_name`` (default ``python3``).

    The worker's own kernel (:func:`set_active`) when its name matches; otherwise one of that name
    started on first use and kept (and reset between notebooks) for the life of the process.
    """
    name = kernel_name or (_active.kernel_name if _active is not None else DEFAULT_KERNEL)
    if _active is not None and _active.kernel_name == name:
        return _active
    kernel = _own.get(name)
    if kernel is None or not kernel.started:
        kernel = _own[name] = WarmKernel(name).start()
        atexit.register(kernel.shutdown)
    return kernel
