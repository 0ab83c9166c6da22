"""Shared pieces of the exercise widgets: labelled fields, the quiet save indicator, chart areas,
download links and the "wait for a participant" wrapper.

Participant text is never rendered as HTML or Markdown: everything typed by a person goes through
:func:`mentorkit.present.esc` (re-exported here as ``esc``) before it reaches an ``HTML`` widget, and
tables, check lists and chart SVGs come from :mod:`mentorkit.present`. Widget *descriptions* are
rendered as plain text by ipywidgets, so they need no escaping.
"""

from __future__ import annotations

import asyncio
import base64
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime
from typing import Any

import ipywidgets as W

from ..present import chart_bundle, check_list, table
from ..present import esc as esc  # re-exported: the exercises escape with ``common.esc``
from ..session import LiveWorkbook, WorkbookHandle

#: Width of the exercise column; the layout is checked in a 1280-px browser window.
PAGE_WIDTH = "min(1180px, 100%)"
FIELD_WIDTH = "min(560px, 100%)"


def when(live: LiveWorkbook, value: date | datetime, english: str, width: str = "long") -> str:
    """A date (or moment) for this participant: in English as ``strftime(english)``, in another
    language Babel's ``width`` format for it ("lunes, 3 de marzo de 2026")."""
    if live.locale == "en":
        return value.strftime(english)
    from ..i18n.formats import format_date, format_datetime

    if isinstance(value, datetime):
        return format_datetime(value, live.locale, "medium")
    return format_date(value, live.locale, width)


def labels(section: str, live: LiveWorkbook) -> dict[str, Any]:
    """The UI texts of one exercise from the cohort's ``ui.toml`` (labels, hints, headings)."""
    return dict(live.content.ui(section))


# -- fields -----------------------------------------------------------------------------------------
def _label(text: str, hint: str = "") -> W.HTML:
    body = f"<span class='mk-label-text'>{esc(text)}</span>" if text else ""
    if hint:
        body += ("<br>" if body else "") + f"<span class='mk-hint'>{esc(hint)}</span>"
    return W.HTML(body, layout=W.Layout(margin="6px 0 0 0"))


#: Widgets a participant types into or picks from: each needs a name a screen reader announces.
_FIELDS = (W.Text, W.Textarea, W.Dropdown, W.Combobox, W.Select, W.IntText, W.FloatText)


def name_fields(widget: W.Widget, label: str) -> None:
    """Give ``widget`` (or, for a box, every unnamed field inside it) ``label`` as accessible name.

    ipywidgets renders a field's ``tooltip`` as the ``title`` of its ``<input>``/``<textarea>``/
    ``<select>``, which screen readers announce when the field has no ``description``.
    """
    if isinstance(widget, W.Box):
        for child in widget.children:
            name_fields(child, label)
    elif isinstance(widget, _FIELDS) and not widget.description and not widget.tooltip:
        widget.tooltip = label


def labelled(widget: W.Widget, label: str, hint: str = "") -> W.VBox:
    """``widget`` with a visible label (and optional hint) above it.

    The label is also the accessible name of the field(s): set as tooltip (the field's ``title``),
    and for a date field, whose ``<input>`` ipywidgets gives no title, as its ``description``: a real
    ``<label for=...>`` shown next to the field instead of above it.
    """
    if isinstance(widget, W.DatePicker) and not widget.description:
        widget.description = label
        widget.style.description_width = "initial"
        return W.VBox([_label("", hint), widget] if hint else [widget],
                      layout=W.Layout(margin="6px 12px 4px 0"))
    name_fields(widget, label)
    return W.VBox([_label(label, hint), widget], layout=W.Layout(margin="0 12px 4px 0"))


def text(value: str, css: str, placeholder: str = "", width: str = FIELD_WIDTH) -> W.Text:
    """A one-line text box that reports every keystroke."""
    box = W.Text(value=value or "", placeholder=placeholder, continuous_update=True,
                 layout=W.Layout(width=width))
    box.add_class(css)
    return box


def area(value: str, css: str, placeholder: str = "", rows: int = 3, width: str = FIELD_WIDTH) -> W.Textarea:
    """A multi-line text box that reports every keystroke."""
    box = W.Textarea(value=value or "", placeholder=placeholder, rows=rows, continuous_update=True,
                     layout=W.Layout(width=width))
    box.add_class(css)
    return box


def dropdown(options: Iterable[Any], value: Any, css: str, width: str = "260px") -> W.Dropdown:
    """A dropdown; ``options`` are values or ``(label, value)`` pairs."""
    options = list(options)
    values = [o[1] if isinstance(o, tuple) else o for o in options]
    box = W.Dropdown(options=options, value=value if value in values else values[0],
                     layout=W.Layout(width=width))
    box.add_class(css)
    return box


def date_picker(value: date | None, css: str) -> W.DatePicker:
    """A date field (the browser's own date input)."""
    box = W.DatePicker(value=value, layout=W.Layout(width="200px"))
    box.add_class(css)
    return box


def button(description: str, css: str, style: str = "", icon: str = "") -> W.Button:
    """A button whose visible text is its label."""
    btn = W.Button(description=description, button_style=style, icon=icon,
                   layout=W.Layout(width="auto", align_self="flex-start"), tooltip=description)
    btn.add_class(css)
    return btn


def heading(title: str, hint: str = "") -> W.HTML:
    """A small section heading inside an exercise."""
    body = f"<h4 class='mk-heading' style='margin:14px 0 2px 0'>{esc(title)}</h4>"
    if hint:
        body += f"<div class='mk-hint'>{esc(hint)}</div>"
    return W.HTML(body)


def on_value(widget: W.Widget, handler: Callable[[Any], None]) -> None:
    """Call ``handler(new_value)`` whenever the widget's value changes."""
    widget.observe(lambda change: handler(change["new"]), names="value")


class KeyedCheckbox(W.Checkbox):
    """A checkbox standing for one item of a list: ``item_key`` is the item's id or key."""

    def __init__(self, item_key: str, **kwargs: Any):
        super().__init__(**kwargs)
        self.item_key = item_key


class KeyedToggle(W.ToggleButton):
    """A toggle button standing for one item of a list: ``item_key`` is the item's id or key."""

    def __init__(self, item_key: str, **kwargs: Any):
        super().__init__(**kwargs)
        self.item_key = item_key


def lines(value: str) -> list[str]:
    """Non-empty, stripped lines of a text box (for 'one per line' fields)."""
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


# -- saving -----------------------------------------------------------------------------------------
_STATUS_TEXT = {
    "idle": "Your answers save as you type.",
    "editing": "Editing…",
    "saving": "Saving…",
    "saved": "Saved",
    "error": "Not saved: {detail} — please tell your facilitator.",
    "waiting": "Type your participant code above to start this exercise.",
}
#: Typed text in any direction: each field and answer takes the direction of its own first letters,
#: so Arabic or Hebrew answers read right to left inside an English or Spanish page.
BIDI_CSS = ("<style>.mk-exercise input, .mk-exercise textarea, .mk-exercise td, .mk-exercise li "
            "{unicode-bidi: plaintext;}</style>")


def live_region(html: str) -> str:
    """``html`` inside a polite live region: screen readers read changes when the user pauses.

    Use for feedback that changes as the participant types (save note, SMART notes, word counts).
    """
    return f"<div class='mk-live' role='status' aria-live='polite'>{html}</div>"


class SaveStatus(W.HTML):
    """The quiet save indicator (CSS class ``mk-save-status``): Editing… / Saving… / Saved."""

    def __init__(self, live: LiveWorkbook, **kwargs: Any):
        super().__init__(**kwargs)
        self.add_class("mk-save-status")
        self.state = "idle"
        self.texts = {**_STATUS_TEXT, **{str(k): str(v) for k, v in live.content.get("start").get("save", {})
                                        .items()}}
        live.on_status(self._show)

    def _show(self, state: str, detail: str) -> None:
        self.state = state
        if state == "error":
            said = self.texts["error"].replace("{detail}", detail)
            self.value = live_region(f"<span style='color:#a4262c'>{esc(said)}</span>")
            return
        colour = "#2e7d32" if state == "saved" else "#666"
        mark = "✓ " if state == "saved" else ""
        self.value = live_region(
            f"<span style='color:{colour};font-size:90%'>{mark}{esc(self.texts.get(state, ''))}</span>")


# -- delayed work (chart redraws) ---------------------------------------------------------------------
class Debounced:
    """Run ``func`` once, ``delay`` seconds after the last :meth:`__call__`.

    Inside a kernel this uses the kernel's event loop (same thread as the widgets); outside one
    (tests, scripts) it runs at once, so results can be asserted without waiting.
    """

    def __init__(self, func: Callable[[], None], delay: float = 0.35):
        self.func = func
        self.delay = delay
        self._handle: asyncio.TimerHandle | None = None
        self._lock = threading.Lock()

    def __call__(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None or self.delay <= 0:
            self.func()
            return
        with self._lock:
            if self._handle is not None:
                self._handle.cancel()
            self._handle = loop.call_later(self.delay, self.func)

    def now(self) -> None:
        """Run at once, cancelling a pending run."""
        with self._lock:
            if self._handle is not None:
                self._handle.cancel()
                self._handle = None
        self.func()


class ChartArea(W.Output):
    """An output area that redraws one altair chart; ``.chart`` is the chart last drawn.

    The chart is set as the widget's ``outputs`` state rather than printed inside ``with area:``:
    a redraw that runs later (debounced, on the kernel's event loop) has no frontend request left to
    route printed output to, and JupyterLab and Voilà would silently drop it.
    Outside a kernel (tests, scripts) nothing is rendered unless ``render=True``.
    """

    def __init__(self, css: str, render: bool | None = None, words: Mapping[str, Any] | None = None,
                 **kwargs: Any):
        super().__init__(layout=W.Layout(max_width="100%", min_height="60px"), **kwargs)
        self.add_class(css)
        self.add_class("mk-chart-area")
        self.render = render
        #: the words of the chart's text alternative (``[text]`` of charts.toml, in the page's language)
        self.words = words
        self.chart: Any = None
        self.draws = 0

    def draw(self, chart: Any) -> None:
        """Show ``chart``. In a kernel the first drawing waits until the cell has finished, so the
        exercise's fields appear before the chart is rendered."""
        self.chart = chart
        self.draws += 1
        if not (_in_kernel() if self.render is None else self.render):
            return
        if self.draws == 1 and self.render is None:
            try:
                asyncio.get_running_loop().call_soon(self._show)
                return
            except RuntimeError:  # no event loop running: draw now
                pass
        self._show()

    def _show(self) -> None:
        bundle = chart_bundle(self.chart)
        outputs: list[dict[str, Any]] = [{"output_type": "display_data", "data": bundle, "metadata": {}}]
        words = chart_words(self.words)
        described = chart_text(self.chart, words)
        if described:
            outputs.append({"output_type": "display_data", "metadata": {},
                            "data": {"text/html": described, "text/plain": words["plain"]}})
        self.outputs = tuple(outputs)


#: Most rows of a chart's data shown in its text alternative.
CHART_TEXT_ROWS = 60


def chart_words(words: Mapping[str, Any] | None = None) -> dict[str, str]:
    """The words of a chart's text alternative: ``words`` (charts.toml ``[text]``) or the English."""
    if words is None:
        from ..content import bundled

        words = bundled().get("charts")["text"]
    return {str(k): str(v) for k, v in words.items()}


def chart_text(chart: Any, words: Mapping[str, str] | None = None) -> str:
    """The text alternative of a chart: its data as a table, folded under a named ``summary``.

    The table lists the data the chart draws (for a layered chart, the layer with the most rows); it
    is empty ("") when the chart has no tabular data.
    """
    candidates = [getattr(chart, "data", None)]
    candidates += [getattr(layer, "data", None) for layer in getattr(chart, "layer", None) or ()]
    frames: list[Any] = [d for d in candidates if hasattr(d, "columns") and hasattr(d, "to_dict")]
    data: Any = max(frames, key=len) if frames else None  # the layer that draws the most rows
    if data is None:  # no data frame (Vega-Lite inline values only)
        values = next((getattr(d, "values", None) for d in candidates
                       if isinstance(getattr(d, "values", None), list)), None)
        if not values or not isinstance(values[0], dict):
            return ""
        import pandas as pd

        data = pd.DataFrame(values)
    columns = [str(c) for c in data.columns if not str(c).startswith("_")]
    rows = data[columns].head(CHART_TEXT_ROWS).astype(str).values.tolist() if columns else []
    if not rows:
        return ""
    title = getattr(chart, "title", None)
    t = chart_words(words)
    name = title if isinstance(title, str) and title else t["untitled"]
    body = table(columns, rows, inline=True).markup
    return (f"<details class='mk-chart-text'><summary>{esc(t['summary'].format(name=name))}</summary>"
            f"{body}</details>")


def _in_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


# -- downloads and copying --------------------------------------------------------------------------
def download_link(filename: str, data: bytes | str, mime: str, label: str, css: str) -> str:
    """An ``<a download>`` link carrying ``data`` as a base64 data URL (no server needed)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    payload = base64.b64encode(data).decode("ascii")
    charset = ";charset=utf-8" if mime.startswith("text/") or mime == "message/rfc822" else ""
    return (
        f"<a class='{esc(css)}' download='{esc(filename)}' href='data:{mime}{charset};base64,{payload}'"
        " style='display:inline-block;margin:4px 12px 4px 0;padding:4px 10px;border:1px solid #1565c0;"
        f"border-radius:3px;color:#1565c0;text-decoration:none'>⬇ {esc(label)}</a>"
    )


def copy_button(text_value: str, label: str, css: str) -> str:
    """A small button that copies ``text_value`` to the clipboard in the browser.

    The text travels base64-encoded in a data attribute, so no participant text is ever part of the
    markup or the script. Where the browser refuses clipboard access the button says so and the text
    box next to it can be copied by hand (select all, Ctrl+C).
    """
    payload = base64.b64encode(text_value.encode("utf-8")).decode("ascii")
    script = (
        "var b=this;var t=new TextDecoder().decode(Uint8Array.from(atob(b.dataset.text),"
        "function(c){return c.charCodeAt(0)}));"
        "var ok=function(){b.textContent='Copied ✓'};"
        "var bad=function(){b.textContent='Select the text and press Ctrl+C'};"
        "if(navigator.clipboard&&window.isSecureContext){navigator.clipboard.writeText(t).then(ok,bad)}"
        "else{var a=document.createElement('textarea');a.value=t;document.body.appendChild(a);a.select();"
        "try{document.execCommand('copy')?ok():bad()}catch(e){bad()}document.body.removeChild(a)}"
    )
    return (
        f"<button type='button' class='{esc(css)} jupyter-button' data-text='{payload}' "
        f"onclick=\"{esc(script)}\" style='margin:4px 12px 4px 0'>{esc(label)}</button>"
    )


# -- exercises --------------------------------------------------------------------------------------
class Exercise(W.VBox):
    """The outer box of one exercise: a save indicator and the exercise's content.

    ``source`` is a loaded :class:`LiveWorkbook`, or the :class:`PendingWorkbook` the code form is
    resolving; ``build`` only ever receives a loaded workbook. While the participant is not chosen
    yet, the box says so and fills itself once the form has loaded the workbook.
    """

    def __init__(self, source: WorkbookHandle, css: str, build: Callable[[LiveWorkbook], list[W.Widget]]):
        super().__init__(layout=W.Layout(width=PAGE_WIDTH, padding="4px 0"))
        self.add_class("mk-exercise")
        self.add_class(css)
        self._live: LiveWorkbook | None = None
        self.status: SaveStatus | None = None
        waiting = str(source.content.get("start").get("save", {}).get("waiting", _STATUS_TEXT["waiting"]))
        self.children = [W.HTML(f"<i>{esc(waiting)}</i>")]
        self._build = build
        source.when_ready(self._fill)

    @property
    def live(self) -> LiveWorkbook:
        """The loaded workbook this exercise edits (LookupError before a participant is chosen)."""
        if self._live is None:
            raise LookupError("no participant chosen yet")
        return self._live

    def _fill(self, live: LiveWorkbook) -> None:
        self._live = live
        self.status = SaveStatus(live)
        bidi = W.HTML(BIDI_CSS, layout=W.Layout(height="0px", margin="0"))
        bidi.add_class("mk-bidi")
        self.children = [*self._build(live), self.status, bidi]

    def find(self, css: str) -> list[W.Widget]:
        """Every widget inside this exercise carrying the CSS class ``css`` (in display order)."""
        return list(find_all(self, css))

    def one(self, css: str) -> W.Widget:
        """The single widget with class ``css``; raises if there is none or more than one."""
        found = self.find(css)
        if len(found) != 1:
            raise LookupError(f"{len(found)} widgets with class {css!r}")
        return found[0]


def find_all(root: W.Widget, css: str) -> Iterator[W.Widget]:
    """Depth-first search of a widget tree for widgets with the CSS class ``css``."""
    if css in getattr(root, "_dom_classes", ()):
        yield root
    for child in getattr(root, "children", ()) or ():
        yield from find_all(child, css)


def checks_markup(checks: Iterable[Any]) -> str:
    """A checker's findings as the widget-styled check list (:func:`mentorkit.present.check_list`)."""
    return check_list(checks, inline=True).markup
