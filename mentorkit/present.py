"""One presentation layer: escaping, tables, check lists, lists and chart → SVG, as display blocks.

The worksheet (:mod:`mentorkit.render.sheet`), the exercise widgets (:mod:`mentorkit.ui`) and the
facilitator dashboard (widget and static page) build their HTML here and nowhere else:

* :func:`esc` is the one HTML escape. Every piece of participant or content text that reaches markup
  goes through it, so ``<script>`` or ``**bold**`` typed by a person shows literally.
* :class:`Block` is a piece of output: HTML for pages and widgets plus a plain-text twin for terminals
  and ``.ipynb`` viewers. :class:`ChartBlock` is an altair chart shown as a static SVG.
* :func:`table`, :func:`check_list`, :func:`bullet_list` and :func:`paragraph` build blocks; cells
  and messages are escaped here, never by the caller.
* :func:`chart_svg` is the one chart → SVG conversion (vl-convert: no browser, no network) with one
  Vega-Lite version policy (:func:`vegalite_version`), settled once per process.

No ipywidgets or IPython imports: showing a block is the caller's business (``display(block)`` in a
notebook, ``W.HTML(block.markup)`` in a widget, ``block.markup`` in a page).
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "VEGALITE_MIME",
    "VEGALITE_SCHEMA",
    "Block",
    "Cell",
    "ChartBlock",
    "bullet_list",
    "chart",
    "chart_bundle",
    "chart_svg",
    "check_list",
    "esc",
    "paragraph",
    "records_table",
    "table",
    "vegalite_version",
]

#: Colours of pass / fail lines where there is no stylesheet (widgets); pages style the classes.
OK_COLOUR = "#2e7d32"
TODO_COLOUR = "#a4262c"
_CELL_STYLE = "text-align:left;vertical-align:top;padding:2px 8px"


def esc(value: object) -> str:
    """``value`` as HTML-escaped text (quotes too); ``None`` becomes an empty string."""
    return "" if value is None else html.escape(str(value), quote=True)


# -- blocks -----------------------------------------------------------------------------------------
class Block:
    """A piece of output: ``markup`` (HTML) and ``plain`` (the same content as plain text)."""

    __slots__ = ("_markup", "plain")

    def __init__(self, markup: str, plain: str):
        self._markup = markup
        self.plain = plain

    @property
    def markup(self) -> str:
        """The block as HTML (participant text in it is escaped)."""
        return self._markup

    def bundle(self) -> dict[str, str]:
        """The MIME bundle a notebook shows for this block."""
        return {"text/html": self.markup, "text/plain": self.plain}

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return self.bundle()

    def __repr__(self) -> str:
        return self.plain

    def __bool__(self) -> bool:
        return bool(self.markup or self.plain)

    @classmethod
    def join(cls, blocks: Iterable[Block], sep: str = "\n") -> Block:
        """Several text blocks as one (markup concatenated, plain text joined with ``sep``)."""
        blocks = [b for b in blocks if b]
        return cls("".join(b.markup for b in blocks), sep.join(b.plain for b in blocks if b.plain))


class ChartBlock(Block):
    """An altair chart, shown as a static SVG. The SVG is drawn on first use, then kept."""

    __slots__ = ("_svg", "chart")

    def __init__(self, chart: Any, plain: str = "[chart]"):
        self.chart = chart
        self.plain = plain
        self._svg: str | None = None

    @property
    def svg(self) -> str:
        """The chart as an SVG document (see :func:`chart_svg`)."""
        if self._svg is None:
            self._svg = chart_svg(self.chart)
        return self._svg

    @property
    def markup(self) -> str:
        """The SVG inline, for a self-contained HTML page."""
        return f'<div class="mk-chart">{self.svg}</div>'

    def bundle(self) -> dict[str, str]:
        return {"image/svg+xml": self.svg, "text/plain": self.plain}

    def __bool__(self) -> bool:
        return True


def chart(chart: Any) -> ChartBlock:
    """An altair chart as a block (converted to SVG only when shown)."""
    return ChartBlock(chart)


@dataclass(frozen=True)
class Cell:
    """A table cell with its own CSS class or inline style (the text is escaped like any cell)."""

    text: object
    css: str = ""
    style: str = ""


def _cell_text(value: object) -> str:
    value = value.text if isinstance(value, Cell) else value
    return "" if value is None else str(value)


def _cell(tag: str, value: object, inline: bool) -> str:
    css = value.css if isinstance(value, Cell) else ""
    styles = [s for s in (_CELL_STYLE if inline else "", value.style if isinstance(value, Cell) else "") if s]
    # a cell may hold a participant's words, in any direction
    attrs = (' dir="auto"' if tag == "td" else "") + (f' class="{esc(css)}"' if css else "")
    attrs += f' style="{esc(";".join(styles))}"' if styles else ""
    return f"<{tag}{attrs}>{esc(_cell_text(value))}</{tag}>"


def paragraph(text: object, css: str = "") -> Block:
    """One escaped paragraph, in the direction of its own text (``dir="auto"``)."""
    attrs = f' class="{esc(css)}"' if css else ""
    return Block(f'<p dir="auto"{attrs}>{esc(text)}</p>', _cell_text(text))


def table(headers: Sequence[object] | None, rows: Iterable[Sequence[object]], css: str = "mk-table",
          inline: bool = False, empty: str = "", widths: Sequence[float] = ()) -> Block:
    """An HTML table (every cell escaped) and its plain-text twin (``a | b`` lines).

    ``headers=None`` leaves out the head row. A cell may be a :class:`Cell` to carry a class or style.
    ``inline=True`` adds inline cell padding for places without a stylesheet (widgets). With no rows
    and an ``empty`` text, that text is shown instead of an empty table. ``widths`` are the columns'
    shares of the table's width in percent: on paper the table is laid out from them alone (the
    print stylesheet's fixed table layout) instead of measuring every cell's text first.
    """
    rows = [list(r) for r in rows]
    if not rows and empty:
        return paragraph(empty, "mk-empty")
    head = ""
    if headers is not None:
        head = "<thead><tr>" + "".join(_cell("th", h, inline) for h in headers) + "</tr></thead>"
    body = "".join("<tr>" + "".join(_cell("td", c, inline) for c in r) + "</tr>" for r in rows)
    attrs = f' class="{esc(css)}"' if css else ""
    if widths:
        head = "<colgroup>" + "".join(f'<col style="width:{w:g}%">' for w in widths) + "</colgroup>" + head
    lines = [r for r in ([list(headers)] if headers is not None else []) + rows]
    plain = "\n".join(" | ".join(_cell_text(c) for c in r) for r in lines)
    return Block(f"<table{attrs}>{head}<tbody>{body}</tbody></table>", plain)


def records_table(records: Sequence[Mapping[str, object]], css: str = "mk-table", inline: bool = False,
                  empty: str = "") -> Block:
    """:func:`table` of dicts that share their keys (the keys are the headers)."""
    if not records:
        return table((), [], css, inline, empty)
    return table(list(records[0]), [list(r.values()) for r in records], css, inline, empty)


def _finding(item: Any) -> tuple[bool, str]:
    if isinstance(item, tuple):
        return bool(item[0]), str(item[1])
    return bool(item.ok), str(item.message)


def check_list(checks: Iterable[Any], todo_mark: str = "✗", css: str = "", item_css: str = "",
               inline: bool = False) -> Block:
    """Pass/fail findings as a ✓ / ``todo_mark`` list, escaped; plain text ``ok: …`` / ``todo: …``.

    ``checks`` are anything with ``ok`` and ``message`` (core ``Check``) or ``(ok, message)`` pairs.
    Each line is ``li.mk-check`` plus ``mk-ok`` or ``mk-todo`` (and ``item_css``); the list is
    ``ul.mk-checks``. ``inline=True`` adds colours for places without a stylesheet (widgets).
    No findings give an empty block.
    """
    findings = [_finding(c) for c in checks]
    if not findings:
        return Block("", "")
    items = []
    for ok, message in findings:
        classes = " ".join(x for x in ("mk-check", "mk-ok" if ok else "mk-todo", item_css) if x)
        style = f' style="margin:3px 0;color:{OK_COLOUR if ok else TODO_COLOUR}"' if inline else ""
        items.append(f'<li dir="auto" class="{esc(classes)}"{style}>{"✓" if ok else esc(todo_mark)} '
                     f"{esc(message)}</li>")
    ul_style = ' style="list-style:none;padding-left:0;margin:4px 0"' if inline else ""
    ul_css = " ".join(x for x in ("mk-checks", css) if x)
    plain = "\n".join(f"{'ok' if ok else 'todo'}: {message}" for ok, message in findings)
    return Block(f'<ul class="{esc(ul_css)}"{ul_style}>{"".join(items)}</ul>', plain)


@dataclass(frozen=True)
class Item:
    """A list line with a bold ``label`` before its ``text`` and a quieter ``note`` under it (each
    optional), and a class of its own (``css``)."""

    text: str = ""
    label: str = ""
    note: str = ""
    css: str = ""


def _item(value: object, inline: bool) -> tuple[str, str]:
    if not isinstance(value, Item):
        line = _cell_text(value)
        return f'<li dir="auto">{esc(line)}</li>', line
    parts = [f"<b>{esc(value.label)}</b>"] if value.label else []
    parts += [f"<bdi>{esc(value.text)}</bdi>"] if value.text else []
    markup = " ".join(parts) + (f'<br><span class="mk-hint">{esc(value.note)}</span>' if value.note else "")
    attrs = ' dir="auto"' + (f' class="{esc(value.css)}"' if value.css else "")
    attrs += ' style="margin:4px 0"' if inline else ""
    plain = " ".join(x for x in (value.label, value.text) if x) + (f" ({value.note})" if value.note else "")
    return f"<li{attrs}>{markup}</li>", plain


def bullet_list(items: Iterable[object], css: str = "", *, ordered: bool = False,
                inline: bool = False) -> Block:
    """A bulleted (or, ``ordered``, numbered) list of escaped lines; plain text ``- …`` lines.

    An item is text, or an :class:`Item` (bold label, text, note, class). ``inline=True`` adds
    spacing for places without a stylesheet (widgets). No items: an empty block.
    """
    rendered = [_item(i, inline) for i in items]
    if not rendered:
        return Block("", "")
    tag = "ol" if ordered else "ul"
    attrs = (f' class="{esc(css)}"' if css else "") + (
        ' style="margin:4px 0;padding-left:22px;max-width:900px"' if inline else "")
    markup = f"<{tag}{attrs}>" + "".join(m for m, _ in rendered) + f"</{tag}>"
    return Block(markup, "\n".join(f"- {line}" for _, line in rendered))


# -- charts -----------------------------------------------------------------------------------------
#: The Vega-Lite mimetype JupyterLab 4 and Voilà 0.5 render (interactive, Vega bundled, no CDN). They
#: have no renderer for Vega-Lite 6, which altair 6 emits, and would fall back to altair's HTML, which
#: loads Vega from a CDN. mentorkit's charts use nothing Vega-Lite 5 lacks (all five were checked in
#: JupyterLab 4.6 and Voilà 0.5.13), so they are offered under the v5 mimetype. This is what the
#: *browser* draws; the SVG is always drawn with :func:`vegalite_version`.
VEGALITE_MIME = "application/vnd.vegalite.v5+json"
VEGALITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"


@functools.cache
def vegalite_version() -> str:
    """The Vega-Lite version every SVG is drawn with, settled once per process.

    The policy: the version altair writes its specs for (``altair.SCHEMA_VERSION``, major.minor) if
    vl-convert bundles it, else the newest version vl-convert bundles with the same major version.
    A vl-convert without that major version is an installation error, named as such.
    """
    import vl_convert as vlc

    major, minor = altair_schema_version().lstrip("v").split(".")[:2]
    available = list(vlc.get_vegalite_versions())
    wanted = f"{major}.{minor}"
    if wanted in available:
        return wanted
    same_major = sorted((v for v in available if v.split(".")[0] == major),
                        key=lambda v: tuple(int(p) for p in v.split(".")))
    if not same_major:
        raise RuntimeError(f"vl-convert draws Vega-Lite {', '.join(available)}, but altair "
                           f"writes Vega-Lite {wanted}: install versions that match")
    return same_major[-1]


_SCHEMA_VERSION = re.compile(r'^SCHEMA_VERSION\s*=\s*["\'](v[0-9.]+)["\']', re.MULTILINE)


def altair_schema_version() -> str:
    """The Vega-Lite version altair writes specs for (``"v6.4.1"``), without importing altair.

    A worksheet kernel builds its specs as plain dicts (:mod:`mentorkit.chart_specs`) and never
    imports altair (about 1 CPU-s and 45 MB); the version is then read from altair's schema module
    file, which is what ``altair.SCHEMA_VERSION`` is.
    """
    import sys

    loaded = sys.modules.get("altair")
    if loaded is not None:
        return str(loaded.SCHEMA_VERSION)
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("altair")
    if spec is not None and spec.origin:
        schemas = sorted(Path(spec.origin).parent.glob("vegalite/v*/schema/__init__.py"))
        for path in reversed(schemas):
            found = _SCHEMA_VERSION.search(path.read_text(encoding="utf-8"))
            if found:
                return found.group(1)
    import altair as alt  # an unusual layout: ask altair itself

    return str(alt.SCHEMA_VERSION)


#: Defaults for every SVG (a chart's own config wins): text is measured in the font the printed page
#: draws it with (DejaVu Sans, first in print.css), so a label never runs past the edge it was sized
#: for, and no axis or legend label is cut short (no ``labelLimit``).
SVG_CONFIG: dict[str, Any] = {
    "font": "DejaVu Sans",
    "axis": {"labelLimit": 0},
    "legend": {"labelLimit": 0, "titleLimit": 0},
}


def chart_svg(chart: Any) -> str:
    """An altair chart (or a Vega-Lite spec dict) as an SVG document.

    Drawn by vl-convert with :func:`vegalite_version`, offline: a chart that would fetch data from a
    URL is refused rather than fetched (mentorkit's charts carry their data inline).
    """
    import vl_convert as vlc

    spec = chart if isinstance(chart, dict) else chart.to_dict(validate=False)
    return vlc.vegalite_to_svg(spec, vl_version=vegalite_version(), config=SVG_CONFIG, allowed_base_urls=[])


def chart_bundle(chart: Any) -> dict[str, Any]:
    """What a live chart area displays: the Vega-Lite spec (interactive) plus the static SVG.

    Frontends pick the richest type they can render; one without a Vega renderer shows the SVG,
    drawn on the server, instead of altair's CDN-loading HTML (blank when offline).
    """
    spec = chart.to_dict(validate=False)
    svg = chart_svg(spec)
    spec["$schema"] = VEGALITE_SCHEMA
    return {VEGALITE_MIME: spec, "image/svg+xml": svg, "text/plain": "<chart>"}
