"""The papermill engine ``mentorkit-warm``: papermill's ``NBClientEngine`` on a warm, reset kernel.

Use it like any papermill engine::

    papermill.execute_notebook(nb, out, parameters=..., engine_name="mentorkit-warm")
    papermill -E mentorkit-warm worksheets/worksheet.ipynb out.ipynb -p workbook_path wb.json

:class:`WarmKernelEngine` subclasses papermill's ``NBClientEngine`` and changes one thing: the
notebook client is handed a kernel that is already running (reset to its warmed state first) instead
of starting one. Everything else — the execution manager, cell timings, error cells, timeouts — is
papermill's own code. The kernel is the one named by ``kernel_name`` (papermill passes the template's
kernel, or ``-k``): inside ``mentorkit render`` the worker's own kernel when the names agree;
otherwise a warm kernel of that name started on first use and kept for the life of the process.

Registered under the ``papermill.engine`` entry point, so this module is imported while papermill
is still loading: it imports only the standard library at import time, and the class (which needs
``papermill.engines``) is built on first access of :data:`WarmKernelEngine` (a module
``__getattr__``), which is how papermill's entry-point loader reads it.
"""

from __future__ import annotations

from typing import Any

ENGINE_NAME = "mentorkit-warm"


class _RunningKernel:
    """A kernel manager as nbclient sees it, for a kernel that is already running.

    nbclient starts a kernel only when ``km.has_kernel`` is false and asks ``km.client()`` for a
    client, which it then connects and waits for; here the client is the warm kernel's own, already
    connected and ready, so those two steps do nothing. Every other attribute is the real manager's.
    """

    def __init__(self, km: Any, kc: Any):
        self._km = km
        self._client = _ConnectedClient(kc)

    @property
    def has_kernel(self) -> bool:
        return True

    def client(self, **kwargs: Any) -> Any:
        return self._client

    def __getattr__(self, name: str) -> Any:
        return getattr(self._km, name)


class _ConnectedClient:
    """A kernel client that is already connected: starting channels and waiting for ready are no-ops."""

    def __init__(self, kc: Any):
        self._kc = kc

    def start_channels(self, *args: Any, **kwargs: Any) -> None:
        return None

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        return None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._kc, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "_kc":
            object.__setattr__(self, name, value)
        else:
            setattr(self._kc, name, value)


def _build_engine() -> type:
    from papermill.engines import NBClientEngine

    class WarmKernelEngine(NBClientEngine):  # type: ignore[misc]  # papermill ships no types
        """papermill's nbclient engine, run on a warm kernel that is reset before each notebook."""

        @classmethod
        def execute_managed_notebook(
            cls, nb_man: Any, kernel_name: str | None, reset: bool = True, **kwargs: Any
        ) -> Any:
            from .kernel import active_kernel

            kernel = active_kernel(kernel_name)
            if reset:
                kernel.reset()
            kernel.runs += 1
            kwargs["km"] = _RunningKernel(kernel.km, kernel.kc)
            return super().execute_managed_notebook(nb_man, kernel.kernel_name, **kwargs)

    WarmKernelEngine.__module__ = __name__
    WarmKernelEngine.__qualname__ = "WarmKernelEngine"  # found (and pickled) as engine.WarmKernelEngine
    return WarmKernelEngine


def __getattr__(name: str) -> Any:
    if name == "WarmKernelEngine":
        engine = _build_engine()
        globals()[name] = engine
        return engine
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
