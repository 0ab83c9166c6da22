"""The papermill engine ``mentorkit-warm``: run a notebook on a warm, reset kernel.

Registered under the ``papermill.engine`` entry point, so it is loaded whenever papermill is
imported: this module imports only the standard library at import time, and papermill's own classes
inside the methods (importing them here would be circular while papermill is loading).

Use it like any papermill engine::

    papermill.execute_notebook(nb, out, parameters=..., engine_name="mentorkit-warm")
    papermill -E mentorkit-warm worksheets/worksheet.ipynb out.ipynb -p workbook_path wb.json

Inside ``mentorkit render`` each worker process sets its own kernel (see
:func:`mentorkit.render.kernel.set_active`) and resets it before every participant. Used on its own,
the engine starts one kernel on first use and keeps it for the life of the process, resetting it
before each notebook.
"""

from __future__ import annotations

from typing import Any

ENGINE_NAME = "mentorkit-warm"


class WarmKernelEngine:
    """A papermill engine (same interface as ``papermill.engines.Engine``) using a kept-alive kernel."""

    @classmethod
    def execute_notebook(
        cls,
        nb: Any,
        kernel_name: str | None,
        output_path: str | None = None,
        progress_bar: bool = False,
        log_output: bool = False,
        autosave_cell_every: int = 30,
        **kwargs: Any,
    ) -> Any:
        """Run ``nb`` with papermill's execution manager (metadata, timings, error marking)."""
        from papermill.engines import NotebookExecutionManager

        nb_man = NotebookExecutionManager(
            nb,
            output_path=output_path,
            progress_bar=progress_bar,
            log_output=log_output,
            autosave_cell_every=autosave_cell_every,
        )
        nb_man.notebook_start()
        try:
            cls.execute_managed_notebook(nb_man, kernel_name, log_output=log_output, **kwargs)
        finally:
            nb_man.cleanup_pbar()
            nb_man.notebook_complete()
        return nb_man.nb

    @classmethod
    def execute_managed_notebook(
        cls,
        nb_man: Any,
        kernel_name: str | None,
        log_output: bool = False,
        stdout_file: Any = None,
        stderr_file: Any = None,
        start_timeout: int = 60,
        execution_timeout: float | None = None,
        reset: bool = True,
        **kwargs: Any,
    ) -> Any:
        """Execute every cell on the active warm kernel, as papermill's nbclient engine would."""
        from papermill.clientwrap import PapermillNotebookClient
        from papermill.log import logger

        from .kernel import active_kernel

        kernel = active_kernel(kernel_name)
        if reset:
            kernel.reset()
        for unused in ("input_path", "timeout", "startup_timeout", "kernel_name"):
            kwargs.pop(unused, None)
        client = PapermillNotebookClient(
            nb_man,
            km=kernel.km,
            timeout=execution_timeout,
            startup_timeout=start_timeout,
            kernel_name=kernel.kernel_name,
            log=logger,
            log_output=log_output,
            stdout_file=stdout_file,
            stderr_file=stderr_file,
            **kwargs,
        )
        client.kc = kernel.kc
        kernel.runs += 1
        return client.execute()

    @classmethod
    def nb_kernel_name(cls, nb: Any, name: str | None = None) -> str:
        from papermill.utils import nb_kernel_name

        return nb_kernel_name(nb, name)

    @classmethod
    def nb_language(cls, nb: Any, language: str | None = None) -> str:
        from papermill.utils import nb_language

        return nb_language(nb, language)
