"""The small form that asks who the participant is when no environment variable says so."""

from __future__ import annotations

import ipywidgets as W
from IPython.display import display

from ..errors import MentorkitError
from ..ids import slugify
from ..session import LiveWorkbook


def show_chooser(live: LiveWorkbook) -> W.Widget:
    """Display a 'who are you' form; loading the workbook releases the exercises waiting on it."""
    code = W.Text(
        description="Your participant code",
        placeholder="e.g. ana-lima (from your facilitator)",
        style={"description_width": "initial"},
        layout=W.Layout(width="420px"),
    )
    go = W.Button(description="Open my workbook", button_style="primary")
    message = W.HTML()
    form = W.VBox([W.HTML("<b>Who are you?</b>"), W.HBox([code, go]), message])

    def choose(_=None) -> None:
        pid = slugify(code.value)
        if not pid:
            message.value = "Please type the code your facilitator gave you."
            return
        known = live.cohort.ids()
        if known and pid not in known:
            message.value = (
                f"No workbook called <code>{pid}</code> in this workshop yet. Check the spelling, "
                "or press the button again to start a new one."
            )
            if getattr(choose, "_last", None) != pid:
                choose._last = pid  # type: ignore[attr-defined]
                return
        try:
            live.load(pid)
        except MentorkitError as exc:
            message.value = f"Could not open it: {exc}"
            return
        form.children = [W.HTML(f"Working as <code>{pid}</code>. Your answers save as you type.")]

    go.on_click(choose)
    display(form)
    return form
