"""mentorkit: Jupyter notebooks and a small package for mentorship and career-development workshops.

``import mentorkit`` is kept light: pandas, altair, papermill and ipywidgets load only where used.
``mentorkit.open_workbook()`` is the notebook entry point (:mod:`mentorkit.ui.chooser`: it shows the
participant-code form when needed, so it loads ipywidgets); code without Jupyter uses
:func:`mentorkit.session.open_workbook`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["open_workbook", "Cohort", "Workbook", "__version__"]

if TYPE_CHECKING:
    from .model import Workbook
    from .store import Cohort
    from .ui.chooser import open_workbook

_LAZY = {
    "open_workbook": ("ui.chooser", "open_workbook"),
    "LiveWorkbook": ("session", "LiveWorkbook"),
    "Cohort": ("store", "Cohort"),
    "Workbook": ("model", "Workbook"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        module, attr = _LAZY[name]
        value = getattr(import_module(f".{module}", __name__), attr)
        globals()[name] = value
        return value
    if name == "ui":
        from importlib import import_module

        return import_module(".ui", __name__)
    raise AttributeError(f"module 'mentorkit' has no attribute {name!r}")
