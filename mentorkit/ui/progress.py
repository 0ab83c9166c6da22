"""Where the participant is: each exercise not started, started or done (from mentorkit.core)."""

from __future__ import annotations

import ipywidgets as W

from .. import present
from ..session import LiveWorkbook, WorkbookHandle
from .common import Exercise, button, esc, labels


def progress(live: WorkbookHandle) -> Exercise:
    """A small table of the six notebooks and how far the participant got in each."""
    return Exercise(live, "mk-progress", _build)


def _build(live: LiveWorkbook) -> list[W.Widget]:
    t = labels("progress", live)
    table = W.HTML()
    table.add_class("mk-progress-table")
    colours = {"done": "#2e7d32", "started": "#8a6d00", "not_started": "#666"}

    def show() -> None:
        from ..core.progress import exercise_status

        status = exercise_status(live.workbook, live.content)
        rows = [
            (name, present.Cell(t.get(status.get(key, "not_started"), ""), css=f"mk-progress-{key}",
                                style=f"color:{colours.get(status.get(key, ''), '#666')}"))
            for key, name in t["exercises"]
        ]
        table.value = present.table(None, rows, css="", inline=True).markup

    again = button(t["refresh"], "mk-progress-refresh", icon="refresh")

    def refresh(_: object = None) -> None:
        live.reload()  # answers saved from the other notebooks
        show()

    again.on_click(refresh)
    show()
    return [W.HTML(f"<div class='mk-hint'>{esc(t['hint'])}</div>"), table, again]
