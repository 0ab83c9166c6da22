"""Altair charts drawn from a workbook. Every chart works on an empty workbook ("nothing yet").

Imported only where charts are drawn (never by ``import mentorkit``): altair and pandas load here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import altair as alt
import pandas as pd

from .content import Category, Content, bundled
from .core.mentor_map import contact_label, contact_needs
from .model import Snapshot, Workbook

WIDTH = 420
RATING_COLOURS = ["#4c78a8", "#e45756"]
KIND_COLOURS = {"career": "#4c78a8", "skill": "#f58518", "project": "#54a24b"}


def _tips(*fields: str) -> list[alt.Tooltip]:
    """Tooltip channels as objects: a plain string makes altair search its whole schema for the class
    (``from_dict``), which costs more than drawing the chart; the spec comes out the same."""
    return [alt.Tooltip(f) for f in fields]


def nothing_yet(message: str, width: int = WIDTH, height: int = 120) -> alt.Chart:
    """A chart that just says ``message``: what to do to see something here."""
    chart: alt.Chart = (
        alt.Chart(pd.DataFrame({"text": [message]}))
        .mark_text(fontSize=14, color="#666")
        .encode(text=alt.Text("text:N"))
        .properties(width=width, height=height)
    )
    return chart


def _words(content: Content | None, chart: str) -> dict[str, str]:
    """The words of one chart (``[skills]``, ``[map]`` of ``charts.toml``) in ``content``'s language."""
    return {str(k): str(v) for k, v in (content or bundled()).get("charts").get(chart, {}).items()}


def skills_gap_chart(wb: Workbook, *, content: Content | None = None) -> alt.Chart | alt.LayerChart:
    """Current vs target rating (1–5) per skill: a line from where you are to where you aim (the words
    in ``content``'s language, English without it)."""
    t = _words(content, "skills")
    rows = [
        {"skill": s.name, t["current"]: s.current, t["target"]: s.target}
        for s in wb.skills
        if s.current is not None or s.target is not None
    ]
    if not rows:
        return nothing_yet(t["empty"])
    skills = [str(name) for name in dict.fromkeys(r["skill"] for r in rows)]
    df = pd.DataFrame(rows)
    scale = alt.Scale(domain=[1, 5])
    # whole ratings in other languages: vega writes "1.5" with an English decimal point
    english = (content or bundled()).locale == "en"
    ticks: dict[str, Any] = {} if english else {"axis": alt.Axis(values=[1, 2, 3, 4, 5])}
    # only what was answered: a line where both ratings exist, a point for each rating given
    both = df.dropna(subset=[t["current"], t["target"]])
    gap = alt.Chart(both).mark_rule(strokeWidth=3, color="#bbb").encode(
        y=alt.Y("skill:N", sort=skills, title=None),
        x=alt.X(field=t["current"], type="quantitative", scale=scale, title=t["axis"], **ticks),
        x2=alt.X2(field=t["target"]),
    )
    long = df.melt(id_vars="skill", value_vars=[t["current"], t["target"]], var_name=t["rating"],
                   value_name="value")
    long = long.dropna(subset=["value"])
    points = (
        alt.Chart(long)
        .mark_point(filled=True, size=120)
        .encode(
            y=alt.Y("skill:N", sort=skills, title=None),
            x=alt.X("value:Q", scale=scale, title=t["axis"], **ticks),
            color=alt.Color(field=t["rating"], type="nominal",
                            scale=alt.Scale(domain=[t["current"], t["target"]], range=RATING_COLOURS)),
            tooltip=[alt.Tooltip("skill:N"), alt.Tooltip(field=t["rating"], type="nominal"),
                     alt.Tooltip("value:Q")],
        )
    )
    chart: alt.Chart | alt.LayerChart = (
        (gap + points).properties(width=WIDTH, title=t["title"])
    )
    return chart


def goals_timeline_chart(wb: Workbook, today: date | None = None, *,
                         content: Content | None = None) -> alt.Chart | alt.LayerChart:
    """Goals with a target date on a 6–12-month timeline from today, coloured by kind (the words in
    ``content``'s language, English without it)."""
    t = _words(content, "timeline")
    # the kinds as the goals exercise names them ("Career move"), in the same colours
    kinds = {str(value): str(label) for label, value in (content or bundled()).get("ui")["goals"]["kinds"]}
    today = today or date.today()
    rows = [
        {
            "goal": g.text if len(g.text) <= 48 else g.text[:47] + "…",
            "kind": kinds.get(g.kind.value, g.kind.value),
            "start": today.isoformat(),
            "target": g.target_date.isoformat(),
            "status": g.status.value.replace("_", " "),
        }
        for g in wb.goals
        if g.target_date is not None and g.text.strip() and g.status.value != "dropped"
    ]
    if not rows:
        return nothing_yet(t["empty"])
    last = max(date.fromisoformat(r["target"]) for r in rows)
    end = max(today + timedelta(days=183), min(last, today + timedelta(days=730)))
    if end < last:
        end = last
    domain = [today.isoformat(), (end + timedelta(days=14)).isoformat()]
    scale = alt.Scale(domain=domain)
    base = alt.Chart(pd.DataFrame(rows)).encode(y=alt.Y("goal:N", sort=None, title=None))
    colour = alt.Color(
        "kind:N",
        scale=alt.Scale(domain=[kinds.get(k, k) for k in KIND_COLOURS], range=list(KIND_COLOURS.values())),
        title=t["kind"],
    )
    bars = base.mark_bar(opacity=0.35, height=6).encode(
        x=alt.X("start:T", scale=scale, title=None), x2=alt.X2("target:T"), color=colour
    )
    ends = base.mark_point(filled=True, size=120).encode(
        x=alt.X("target:T"), color=colour, tooltip=_tips("goal:N", "kind:N", "target:T", "status:N")
    )
    now_rule = alt.Chart(pd.DataFrame({"today": [today.isoformat()]})).mark_rule(strokeDash=[4, 4]).encode(
        x=alt.X("today:T")
    )
    chart: alt.Chart | alt.LayerChart = (
        (bars + ends + now_rule).properties(width=WIDTH, title=t["title"])
    )
    return chart


def _map_rows(wb: Workbook, categories: Sequence[Category]) -> list[dict[str, Any]]:
    labels = {c.key: c.label for c in categories}
    rows = []
    for index, contact in enumerate(wb.contacts):
        if contact.kind != "person":
            continue  # prospects and places cover nothing until met (as in analyse_map)
        for key in contact_needs(contact, categories):
            if key in labels:
                rows.append({"contact": contact_label(contact, index), "need": labels[key], "key": key})
    return rows


def map_heatmap(wb: Workbook, categories: Sequence[Category], *, content: Content | None = None) -> alt.Chart:
    """Contacts × needs: a filled cell where a person covers a need; empty columns are gaps."""
    t = _words(content, "map")
    rows = _map_rows(wb, categories)
    if not rows:
        return nothing_yet(t["empty"])
    needs = [c.label for c in categories]
    contacts = list(dict.fromkeys(r["contact"] for r in rows))
    grid = pd.DataFrame(
        [
            {
                "contact": p,
                "need": n,
                "covers": t["covers_yes"] if any(r["contact"] == p and r["need"] == n for r in rows)
                else t["covers_no"],
            }
            for p in contacts
            for n in needs
        ]
    )
    chart: alt.Chart = (
        alt.Chart(grid)
        .mark_rect(stroke="white")
        .encode(
            x=alt.X("need:N", sort=needs, title=None, axis=alt.Axis(labelAngle=-40)),
            y=alt.Y("contact:N", sort=contacts, title=None),
            color=alt.Color(
                "covers:N",
                scale=alt.Scale(domain=[t["covers_yes"], t["covers_no"]], range=["#54a24b", "#eeeeee"]),
                legend=alt.Legend(title=t["covers"]),
            ),
            tooltip=_tips("contact:N", "need:N", "covers:N"),
        )
        .properties(title=t["heatmap_title"])
    )
    return chart


def map_centre_chart(wb: Workbook, categories: Sequence[Category], *,
                     content: Content | None = None) -> alt.LayerChart | alt.Chart:
    """"You at the centre": needs on an inner ring, contacts on an outer ring, lines linking them.

    Needs nobody covers are drawn in red. Each contact sits at the average angle of its needs.
    """
    t = _words(content, "map")
    if not categories:
        return nothing_yet(t["no_categories"])
    rows = _map_rows(wb, categories)
    n = len(categories)
    need_pos = {}
    for i, cat in enumerate(categories):
        angle = math.pi / 2 - 2 * math.pi * i / n
        need_pos[cat.key] = (math.cos(angle), math.sin(angle))
    covered = {r["key"] for r in rows}
    # inline values, not DataFrames: this chart is drawn for every worksheet
    needs_values = [
        {"x": x, "y": y, "label": cat.label,
         "status": t["covered"] if cat.key in covered else t["nobody_yet"], "lx": x * 1.22, "ly": y * 1.22}
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
    centre = alt.Data(values=[{"x": 0.0, "y": 0.0, "label": t["you"]}])
    needs_data = alt.Data(values=needs_values)
    axis = alt.Scale(domain=[-2.8, 2.8])
    x = alt.X("x:Q", scale=axis, axis=None)
    y = alt.Y("y:Q", scale=axis, axis=None)
    # channel objects, not shorthand strings: altair turns each string into a channel through a slow
    # schema lookup, which made this chart the slowest part of a worksheet
    x2, y2 = alt.X2("x2:Q"), alt.Y2("y2:Q")
    layers = [
        alt.Chart(alt.Data(values=spokes)).mark_rule(color="#ddd").encode(x=x, y=y, x2=x2, y2=y2),
        alt.Chart(alt.Data(values=links)).mark_rule(color="#4c78a8", opacity=0.6 if rows else 0).encode(
            x=x, y=y, x2=x2, y2=y2, tooltip=[alt.Tooltip("contact:N"), alt.Tooltip("need:N")]
        ),
        alt.Chart(centre).mark_circle(size=900, color="#333").encode(x=x, y=y),
        alt.Chart(centre).mark_text(color="white", fontWeight="bold").encode(
            x=x, y=y, text=alt.Text("label:N")),
        alt.Chart(needs_data)
        .mark_circle(size=220)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "status:N",
                scale=alt.Scale(domain=[t["covered"], t["nobody_yet"]], range=["#54a24b", "#e45756"]),
                title=t["need"],
            ),
            tooltip=[alt.Tooltip("label:N"), alt.Tooltip("status:N")],
        ),
        alt.Chart(needs_data).mark_text(fontSize=10).encode(
            x=alt.X("lx:Q", scale=axis, axis=None), y=alt.Y("ly:Q", scale=axis, axis=None),
            text=alt.Text("label:N")
        ),
    ]
    if contacts:
        people = alt.Data(values=[{"x": px, "y": py, "name": name} for name, (px, py) in contact_pos.items()])
        layers += [
            alt.Chart(people).mark_square(size=160, color="#4c78a8").encode(
                x=x, y=y, tooltip=[alt.Tooltip("name:N")]),
            alt.Chart(people)
            .mark_text(dy=-14, fontSize=11, fontWeight="bold")
            .encode(x=x, y=y, text=alt.Text("name:N")),
        ]
    title = t["centre_title"] if contacts else t["centre_empty"]
    chart: alt.LayerChart | alt.Chart = (
        alt.layer(*layers).properties(width=WIDTH, height=WIDTH, title=title).configure_view(stroke=None)
    )
    return chart


def snapshot_chart(before: Snapshot | None, after: Snapshot | None, *,
                   content: Content | None = None) -> alt.Chart:
    """Skill ratings in two snapshots side by side ("before" and "after", in ``content``'s language)."""
    t = _words(content, "snapshot")
    order = [t["before"], t["after"]]
    rows = []
    for label, snap in ((t["before"], before), (t["after"], after)):
        if snap is None:
            continue
        rows += [
            {"skill": s.name, "when": label, "rating": s.current}
            for s in snap.skills
            if s.current is not None
        ]
    if not rows:
        return nothing_yet(t["empty"])
    chart: alt.Chart = (
        alt.Chart(pd.DataFrame(rows))
        .mark_bar()
        .encode(
            y=alt.Y("when:N", sort=order, title=None),
            x=alt.X("rating:Q", scale=alt.Scale(domain=[0, 5]), title=t["axis"]),
            row=alt.Row("skill:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left")),
            color=alt.Color("when:N", sort=order, scale=alt.Scale(range=["#bbb", "#4c78a8"])),
            tooltip=_tips("skill:N", "when:N", "rating:Q"),
        )
        .properties(width=WIDTH - 120, title=t["title"])
    )
    return chart
