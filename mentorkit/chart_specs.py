"""The worksheet's charts as plain Vega-Lite dicts: no altair, no pandas.

A worksheet kernel draws three charts per participant (skills gap, who covers which need, "you at the
centre"). Building them with altair meant importing altair and pandas in every kernel (about 85 MB
and a second of CPU each) only to call ``to_dict()``. These functions write the same Vega-Lite specs
directly; :func:`mentorkit.present.chart_svg` draws them. :mod:`mentorkit.charts` keeps the altair
versions for the live widgets; ``tests/test_chart_specs.py`` checks that both draw the same SVG.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from .content import Category, Content, bundled
from .core.mentor_map import contact_label, contact_needs
from .model import Workbook

Spec = dict[str, Any]

WIDTH = 420
RATING_COLOURS = ["#4c78a8", "#e45756"]
#: altair's default theme: every top-level spec it writes carries this ``config.view``.
VIEW = {"continuousWidth": 300, "continuousHeight": 300}


def _field(name: str, kind: str = "", **extra: Any) -> dict[str, Any]:
    """An encoding channel: ``{"field": name, "type": kind, ...}`` (``kind`` empty for x2/y2)."""
    channel: dict[str, Any] = {"field": name, **extra}
    if kind:
        channel["type"] = kind
    return channel


def _top(spec: Spec, view: dict[str, Any] | None = None) -> Spec:
    return {"config": {"view": dict(view or VIEW)}, **spec}


def nothing_yet(message: str, width: int = WIDTH, height: int = 120) -> Spec:
    """A chart that just says ``message``: what to do to see something here."""
    return _top({
        "data": {"values": [{"text": message}]},
        "mark": {"type": "text", "color": "#666", "fontSize": 14},
        "encoding": {"text": _field("text", "nominal")},
        "height": height,
        "width": width,
    })


def _words(content: Content | None, chart: str) -> dict[str, str]:
    """The words of one chart (``[skills]``, ``[map]`` of ``charts.toml``) in ``content``'s language."""
    return {str(k): str(v) for k, v in (content or bundled()).get("charts").get(chart, {}).items()}


def skills_gap_spec(wb: Workbook, *, content: Content | None = None) -> Spec:
    """Current vs target rating (1–5) per skill: a line from where you are to where you aim.

    Only what was answered: a line where both ratings exist, a point for each rating given. The words
    are in ``content``'s language (English without it).
    """
    t = _words(content, "skills")
    now, aim, rating = t["current"], t["target"], t["rating"]
    rows = [{"skill": s.name, now: s.current, aim: s.target}
            for s in wb.skills if s.current is not None or s.target is not None]
    if not rows:
        return nothing_yet(t["empty"])
    skills = [str(name) for name in dict.fromkeys(r["skill"] for r in rows)]
    scale = {"domain": [1, 5]}
    # whole ratings in other languages: vega writes "1.5" with an English decimal point
    english = (content or bundled()).locale == "en"
    ticks: dict[str, Any] = {} if english else {"axis": {"values": [1, 2, 3, 4, 5]}}
    y = _field("skill", "nominal", sort=skills, title=None)
    both = [r for r in rows if r[now] is not None and r[aim] is not None]
    points = [{"skill": r["skill"], rating: kind, "value": r[kind]}
              for kind in (now, aim) for r in rows if r[kind] is not None]
    return _top({
        "layer": [
            {"data": {"values": both}, "mark": {"type": "rule", "color": "#bbb", "strokeWidth": 3},
             "encoding": {"x": _field(now, "quantitative", scale=scale, title=t["axis"], **ticks),
                          "x2": _field(aim), "y": y}},
            {"data": {"values": points}, "mark": {"type": "point", "filled": True, "size": 120},
             "encoding": {
                 "color": _field(rating, "nominal", scale={"domain": [now, aim], "range": RATING_COLOURS}),
                 "tooltip": [_field("skill", "nominal"), _field(rating, "nominal"),
                             _field("value", "quantitative")],
                 "x": _field("value", "quantitative", scale=scale, title=t["axis"], **ticks),
                 "y": y}},
        ],
        "title": t["title"],
        "width": WIDTH,
    })


def map_rows(wb: Workbook, categories: Sequence[Category]) -> list[dict[str, Any]]:
    """One row per (person, need they cover): ``contact``, ``need`` (its label) and ``key``."""
    labels = {c.key: c.label for c in categories}
    rows = []
    for index, contact in enumerate(wb.contacts):
        if contact.kind != "person":
            continue  # prospects and places cover nothing until met (as in analyse_map)
        for key in contact_needs(contact, categories):
            if key in labels:
                rows.append({"contact": contact_label(contact, index), "need": labels[key], "key": key})
    return rows


def map_heatmap_spec(wb: Workbook, categories: Sequence[Category], *,
                     content: Content | None = None) -> Spec:
    """Contacts × needs: a filled cell where a person covers a need; empty columns are gaps."""
    t = _words(content, "map")
    rows = map_rows(wb, categories)
    if not rows:
        return nothing_yet(t["empty"])
    needs = [c.label for c in categories]
    contacts = list(dict.fromkeys(r["contact"] for r in rows))
    covered = {(r["contact"], r["need"]) for r in rows}
    grid = [{"contact": p, "need": n, "covers": t["covers_yes"] if (p, n) in covered else t["covers_no"]}
            for p in contacts for n in needs]
    return _top({
        "data": {"values": grid},
        "mark": {"type": "rect", "stroke": "white"},
        "encoding": {
            "color": _field("covers", "nominal", legend={"title": t["covers"]},
                            scale={"domain": [t["covers_yes"], t["covers_no"]],
                                   "range": ["#54a24b", "#eeeeee"]}),
            "tooltip": [_field("contact", "nominal"), _field("need", "nominal"), _field("covers", "nominal")],
            "x": _field("need", "nominal", axis={"labelAngle": -40}, sort=needs, title=None),
            "y": _field("contact", "nominal", sort=contacts, title=None),
        },
        "title": t["heatmap_title"],
    })


def map_centre_spec(wb: Workbook, categories: Sequence[Category], *,
                    content: Content | None = None) -> Spec:
    """"You at the centre": needs on an inner ring, contacts on an outer ring, lines linking them.

    Needs nobody covers are drawn in red. Each contact sits at the average angle of its needs.
    """
    t = _words(content, "map")
    if not categories:
        return nothing_yet(t["no_categories"])
    rows = map_rows(wb, categories)
    n = len(categories)
    need_pos = {}
    for i, cat in enumerate(categories):
        angle = math.pi / 2 - 2 * math.pi * i / n
        need_pos[cat.key] = (math.cos(angle), math.sin(angle))
    covered = {r["key"] for r in rows}
    needs_values = [
        {"x": x, "y": y, "label": cat.label,
         "status": t["covered"] if cat.key in covered else t["nobody_yet"],
         "lx": x * 1.22, "ly": y * 1.22}
        for cat, (x, y) in zip(categories, need_pos.values(), strict=True)
    ]
    contacts = list(dict.fromkeys(r["contact"] for r in rows))
    contact_pos = {}
    for j, name in enumerate(contacts):
        keys = [r["key"] for r in rows if r["contact"] == name]
        sx = sum(need_pos[k][0] for k in keys)
        sy = sum(need_pos[k][1] for k in keys)
        angle = math.atan2(sy, sx) if abs(sx) + abs(sy) > 1e-9 else 2 * math.pi * j / max(1, len(contacts))
        angle += (j % 3 - 1) * 0.12  # nudge neighbours apart
        contact_pos[name] = (2.1 * math.cos(angle), 2.1 * math.sin(angle))
    links = [
        {"x": contact_pos[r["contact"]][0], "y": contact_pos[r["contact"]][1],
         "x2": need_pos[r["key"]][0], "y2": need_pos[r["key"]][1],
         "contact": r["contact"], "need": r["need"]}
        for r in rows
    ] or [{"x": 0.0, "y": 0.0, "x2": 0.0, "y2": 0.0, "contact": "", "need": ""}]
    spokes = [{"x": 0.0, "y": 0.0, "x2": x, "y2": y} for x, y in need_pos.values()]
    centre = {"values": [{"x": 0.0, "y": 0.0, "label": t["you"]}]}
    scale = {"domain": [-2.8, 2.8]}
    x = _field("x", "quantitative", axis=None, scale=scale)
    y = _field("y", "quantitative", axis=None, scale=scale)
    x2, y2 = _field("x2"), _field("y2")
    layers: list[Spec] = [
        {"data": {"values": spokes}, "mark": {"type": "rule", "color": "#ddd"},
         "encoding": {"x": x, "x2": x2, "y": y, "y2": y2}},
        {"data": {"values": links},
         "mark": {"type": "rule", "color": "#4c78a8", "opacity": 0.6 if rows else 0},
         "encoding": {"tooltip": [_field("contact", "nominal"), _field("need", "nominal")],
                      "x": x, "x2": x2, "y": y, "y2": y2}},
        {"data": centre, "mark": {"type": "circle", "color": "#333", "size": 900},
         "encoding": {"x": x, "y": y}},
        {"data": centre, "mark": {"type": "text", "color": "white", "fontWeight": "bold"},
         "encoding": {"text": _field("label", "nominal"), "x": x, "y": y}},
        {"data": {"values": needs_values}, "mark": {"type": "circle", "size": 220},
         "encoding": {
             "color": _field("status", "nominal", title=t["need"],
                             scale={"domain": [t["covered"], t["nobody_yet"]],
                                    "range": ["#54a24b", "#e45756"]}),
             "tooltip": [_field("label", "nominal"), _field("status", "nominal")],
             "x": x, "y": y}},
        {"data": {"values": needs_values}, "mark": {"type": "text", "fontSize": 10},
         "encoding": {"text": _field("label", "nominal"),
                      "x": _field("lx", "quantitative", axis=None, scale=scale),
                      "y": _field("ly", "quantitative", axis=None, scale=scale)}},
    ]
    if contacts:
        people = {"values": [{"x": px, "y": py, "name": name} for name, (px, py) in contact_pos.items()]}
        layers += [
            {"data": people, "mark": {"type": "square", "color": "#4c78a8", "size": 160},
             "encoding": {"tooltip": [_field("name", "nominal")], "x": x, "y": y}},
            {"data": people, "mark": {"type": "text", "dy": -14, "fontSize": 11, "fontWeight": "bold"},
             "encoding": {"text": _field("name", "nominal"), "x": x, "y": y}},
        ]
    title = t["centre_title"] if contacts else t["centre_empty"]
    return _top({"layer": layers, "height": WIDTH, "title": title, "width": WIDTH},
                view={**VIEW, "stroke": None})
