"""Worksheets for a whole cohort: papermill template in, ipynb + HTML + PDF per participant out.

Modules, by role:

* :mod:`.sheet` runs *inside the kernel*: the worksheet template calls it to show each section as
  escaped HTML (participants' text is never read as markup) and charts as static SVG.
* :mod:`.engine` is the papermill engine ``mentorkit-warm`` (entry point ``papermill.engine``): it
  runs a notebook on a warm kernel instead of starting one.
* :mod:`.kernel` starts and warms a kernel and resets it between participants.
* :mod:`.worker` renders one participant (execute, HTML, PDF, atomic writes); :mod:`.pool` runs
  workers in parallel processes; :mod:`.distributed` runs the same per-participant task on any
  ``concurrent.futures.Executor`` (dask.distributed workers with a warm kernel each).
* :mod:`.html` and :mod:`.pdf` turn an executed notebook into a print-styled page and a PDF.
* :mod:`.plan` decides who needs rendering (resume); :mod:`.report` writes ``report.csv``.
* :mod:`.cli` is ``mentorkit render``.

This package's ``__init__`` imports nothing: the engine module is loaded whenever papermill is.
"""
