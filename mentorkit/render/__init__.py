"""Worksheets for a whole cohort: papermill template in, ipynb + HTML + PDF per participant out.

Modules, by role:

* :mod:`.sheet` runs where the template's cells run: the worksheet template calls it to show each section as
  escaped HTML (participants' text is never read as markup) and charts as static SVG.
* :mod:`.engine` is the papermill engine ``mentorkit-warm`` (entry point ``papermill.engine``): it
  runs a notebook on a warm kernel instead of starting one.
* :mod:`.inprocess` is the papermill engine ``mentorkit-inprocess``: render workers run a Python
  template's cells on an IPython shell in their own process (no kernel, no messages).
* :mod:`.kernel` starts and warms a kernel and resets it between participants (other kernels,
  ``papermill -E mentorkit-warm``); :mod:`.kernel_state` is the reset, wherever cells run.
* :mod:`.run` is the library entry point, :func:`render_cohort`, returning a :class:`RenderReport`
  (:mod:`.report`: one :class:`ParticipantResult` per participant, and ``report.csv``).
* :mod:`.worker` renders one participant (execute, HTML, PDF, atomic writes; the picklable task
  :func:`~.worker.render_participant`); :mod:`.pool` runs workers in parallel processes;
  :mod:`.distributed` runs the same per-participant task on any ``concurrent.futures.Executor``
  (dask.distributed workers with a warm kernel each).
* :mod:`.lock` lets one render at a time write an output folder.
* :mod:`.html` and :mod:`.pdf` turn an executed notebook into a print-styled page and a PDF.
* :mod:`.plan` decides who needs rendering (resume).
* :mod:`.cli` is ``mentorkit render``: progress, summary, SIGTERM and exit status.

This package's ``__init__`` imports nothing up front (the engine module is loaded whenever papermill
is); the names below load on first use::

    from mentorkit.render import render_cohort
    report = render_cohort("cohort", formats=("ipynb", "pdf"))
    print(report.summary(), [r.error for r in report.failed])
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .lock import OutputLocked
    from .report import ParticipantResult, RenderReport
    from .run import BlankPack, RenderStart, render_blank, render_cohort
    from .worker import ExportTimeout, Settings, Task, render_participant

__all__ = ["BlankPack", "ExportTimeout", "OutputLocked", "ParticipantResult", "RenderReport", "RenderStart",
           "Settings", "Task", "render_blank", "render_cohort", "render_participant"]

_LAZY = {
    "render_cohort": "run", "render_blank": "run", "BlankPack": "run", "RenderStart": "run",
    "RenderReport": "report", "ParticipantResult": "report",
    "OutputLocked": "lock", "ExportTimeout": "worker", "Settings": "worker", "Task": "worker",
    "render_participant": "worker",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'mentorkit.render' has no attribute {name!r}")
