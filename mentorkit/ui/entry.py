"""An "add" field that acts on Enter as well as on its button (ipywidgets 8).

The text box does not report keystrokes (``continuous_update=False``): its value reaches the kernel
when Enter is pressed (or the box loses focus), and a non-empty value then does what the button
does. The button acts on the box's current text and ignores an empty box, so a click that follows
the focus leaving the box does not add the same thing twice. Where an empty box is a valid answer
(``allow_empty``), the button still adds, unless the box has just added something itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import ipywidgets as W

from .common import FIELD_WIDTH, button


def entry(css: str, label: str, css_button: str, on_add: Callable[[str], None], placeholder: str = "",
          width: str = FIELD_WIDTH, icon: str = "plus", allow_empty: bool = False) -> tuple[W.Text, W.Button]:
    """A text box (class ``css``) and its button (class ``css_button``); both call ``on_add(text)``."""
    box = W.Text(value="", placeholder=placeholder, continuous_update=False, layout=W.Layout(width=width))
    box.add_class(css)
    box.tooltip = label
    btn = button(label, css_button, icon=icon)
    state = {"busy": False, "last": -10.0}

    def submit(value: str, empty_ok: bool = False) -> None:
        value = (value or "").strip()
        if (not value and not empty_ok) or state["busy"]:
            return
        state["busy"] = True
        try:
            on_add(value)
            state["last"] = time.monotonic()
            box.value = ""
        finally:
            state["busy"] = False

    def click(_b: W.Button) -> None:
        if not box.value.strip() and time.monotonic() - state["last"] < 1.5:
            return  # the box added this a moment ago, as the focus left it for the button
        submit(box.value, empty_ok=allow_empty)

    box.observe(lambda change: submit(change["new"]), names="value")
    btn.on_click(click)
    return box, btn
