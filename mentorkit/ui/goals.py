"""Exercise 1b: SMART goals, checked as they are typed, typed career/skill/project, on a timeline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import ipywidgets as W

from ..model import Benefit, Goal, GoalKind, GoalStatus
from ..present import check_list
from ..session import LiveWorkbook, WorkbookHandle
from .common import (
    ChartArea,
    Debounced,
    Exercise,
    KeyedCheckbox,
    area,
    button,
    date_picker,
    dropdown,
    esc,
    heading,
    labelled,
    labels,
    live_region,
    on_value,
    text,
)


def goals(live: WorkbookHandle) -> Exercise:
    """Goal cards with a live SMART check, kinds, target dates, mentor benefits and a timeline."""
    return Exercise(live, "mk-goals", lambda lw: GoalsView(lw).widgets())


def smart_html(live: LiveWorkbook, goal: Goal, today: date | None = None) -> tuple[str, bool]:
    """The SMART feedback of one goal as escaped HTML, and whether all five checks pass."""
    from ..core.smart import check_goal

    t = labels("goals", live)
    result = check_goal(goal, live.workbook, today=today, content=live.content)
    status = result.keys_ok if hasattr(result, "keys_ok") else {c.key: c.ok for c in result.checks}
    badges = []
    for key, letter, name in t["smart_letters"]:
        ok = status.get(key, False)
        colour, mark = ("#2e7d32", "✓") if ok else ("#9e9e9e", "·")
        badges.append(
            f"<span title='{esc(name)}' style='display:inline-block;min-width:22px;text-align:center;"
            f"margin-right:4px;padding:1px 5px;border-radius:3px;color:#fff;background:{colour}'>"
            f"{esc(letter)}{mark}</span>"
        )
    if result.ok:
        summary = f"<b style='color:#2e7d32'>{esc(t['smart_complete'])}</b>"
        details = ""
    else:
        score = sum(1 for ok in status.values() if ok)
        summary = f"<b>{esc(t['smart_partial'].format(score=score))}</b>"
        details = check_list([(False, f"{_letter_name(t, c.key)}: {c.message}") for c in result.missing],
                             inline=True).markup
    return f"<div>{''.join(badges)} {summary}{details}</div>", result.ok


def _letter_name(t: dict[str, Any], key: str) -> str:
    return next((name for k, _, name in t["smart_letters"] if k == key), key)


class GoalsView:
    """Goal cards bound by goal id to ``live.workbook.goals``."""

    def __init__(self, live: LiveWorkbook):
        self.live = live
        self.t = labels("goals", live)
        self.cards = W.VBox()
        self.chart = ChartArea("mk-goals-chart", words=live.content.get("charts")["text"])
        self.redraw = Debounced(self._draw)

    def widgets(self) -> list[W.Widget]:
        add = button(self.t["add"], "mk-goal-add", style="primary", icon="plus")
        add.on_click(self._add)
        self._render()
        return [
            heading(self.t["title"], self.t["hint"]),
            self.cards,
            add,
            heading(self.t["chart_title"]),
            self.chart,
        ]

    def _goal(self, goal_id: str) -> Goal | None:
        return next((g for g in self.live.workbook.goals if g.id == goal_id), None)

    def _add(self, _: object = None) -> None:
        self.live.workbook.goals = [*self.live.workbook.goals, Goal()]
        self.live.changed()
        self._render()

    def _render(self) -> None:
        goals = self.live.workbook.goals
        if goals:
            self.cards.children = [self._card(i, g) for i, g in enumerate(goals)]
        else:
            self.cards.children = [W.HTML(f"<i>{esc(self.t['empty'])}</i>")]
        self.redraw.now()

    def _card(self, index: int, goal: Goal) -> W.Widget:
        t = self.t
        gid = goal.id
        goal_text = area(goal.text, "mk-goal-text", t["text_placeholder"], rows=2, width="min(720px, 100%)")
        kind = dropdown([tuple(k) for k in t["kinds"]], goal.kind.value, "mk-goal-kind", width="200px")
        measure = text(goal.measure, "mk-goal-measure", t["measure_placeholder"], width="340px")
        target = date_picker(goal.target_date, "mk-goal-date")
        statuses = [tuple(s) for s in t["statuses"]]
        status = dropdown(statuses, goal.status.value, "mk-goal-status", width="160px")
        smart = W.HTML()
        smart.add_class("mk-smart-status")
        boxes: list[KeyedCheckbox] = []
        for b in self.live.content.benefits:
            box = KeyedCheckbox(b.key, value=b.key in {x.value for x in goal.benefits}, description=b.label,
                                indent=False, layout=W.Layout(width="auto", margin="0 16px 0 0"))
            box.add_class("mk-goal-benefit")
            box.add_class(f"mk-goal-benefit-{b.key}")
            box.tooltip = b.help
            boxes.append(box)
        remove = button(t["remove"], "mk-goal-remove", icon="trash")

        def refresh_smart() -> None:
            g = self._goal(gid)
            if g is not None:
                html, _ = smart_html(self.live, g)
                smart.value = live_region(html)

        def update(
            field: str, convert: Callable[[Any], Any] = lambda v: v, chart: bool = True
        ) -> Callable[[Any], None]:
            def store(value: Any) -> None:
                g = self._goal(gid)
                if g is None:
                    return
                setattr(g, field, convert(value))
                self.live.changed()
                refresh_smart()
                if chart:
                    self.redraw()

            return store

        def store_benefits(_value: bool) -> None:
            g = self._goal(gid)
            if g is None:
                return
            g.benefits = [Benefit(b.item_key) for b in boxes if b.value]
            self.live.changed()
            refresh_smart()

        def drop(_: object = None) -> None:
            self.live.workbook.goals = [g for g in self.live.workbook.goals if g.id != gid]
            self.live.changed()
            self._render()

        on_value(goal_text, update("text"))
        on_value(kind, update("kind", GoalKind))
        on_value(measure, update("measure", chart=False))
        on_value(target, update("target_date"))
        on_value(status, update("status", GoalStatus))
        for box in boxes:
            on_value(box, store_benefits)
        remove.on_click(drop)
        refresh_smart()

        card = W.VBox(
            [
                W.HTML(f"<b>Goal {index + 1}</b>"),
                labelled(goal_text, t["text"]),
                smart,
                W.HBox(
                    [labelled(kind, t["kind"]), labelled(measure, t["measure"]),
                     labelled(target, t["target_date"]), labelled(status, t["status"])],
                    layout=W.Layout(flex_flow="row wrap"),
                ),
                labelled(W.HBox(boxes, layout=W.Layout(flex_flow="row wrap")), t["benefits"]),
                remove,
            ],
            layout=W.Layout(border="1px solid #ddd", padding="6px 10px", margin="6px 0"),
        )
        card.add_class("mk-goal-card")
        return card

    def _draw(self) -> None:
        from ..charts import goals_timeline_chart

        self.chart.draw(goals_timeline_chart(self.live.workbook, content=self.live.content))
