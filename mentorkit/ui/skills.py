"""Exercise 1a: values and a skills self-assessment (now and target, 1–5) with a gap chart."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as W

from ..model import Skill
from ..session import LiveWorkbook, WorkbookHandle
from .common import (
    ChartArea,
    Debounced,
    Exercise,
    area,
    button,
    dropdown,
    esc,
    heading,
    labelled,
    labels,
    lines,
    on_value,
    text,
)
from .entry import entry


def skills(live: WorkbookHandle) -> Exercise:
    """Values (one per line) and an editable list of skills rated now and target, with a gap chart."""
    return Exercise(live, "mk-skills", lambda lw: SkillsView(lw).widgets())


class SkillsView:
    """Builds and keeps the skills rows in step with ``live.workbook.skills``."""

    def __init__(self, live: LiveWorkbook):
        self.live = live
        self.t = labels("skills", live)
        self.rows = W.VBox()
        self.chart = ChartArea("mk-skills-chart", words=live.content.get("charts")["text"])
        self.redraw = Debounced(self._draw)

    def widgets(self) -> list[W.Widget]:
        t = self.t
        values = area("\n".join(self.live.workbook.values), "mk-values", "curiosity\nfairness", rows=4,
                      width="320px")
        on_value(values, self._set_values)
        def add_skill(name: str) -> None:
            if not name or any(s.name.casefold() == name.casefold() for s in self.live.workbook.skills):
                return
            self.live.workbook.skills = [*self.live.workbook.skills, Skill(name=name)]
            self.live.changed()
            self._render()

        # Enter in the box adds, like the button.
        new_name, add = entry("mk-skill-new", t["add"], "mk-skill-add", add_skill,
                              t["new_skill_placeholder"], width="280px")
        self._render()
        return [
            heading(t["values_title"]),
            labelled(values, t["values"], t["values_hint"]),
            heading(t["skills_title"], t["skills_hint"]),
            self.rows,
            W.HBox([labelled(new_name, t["new_skill"]), W.VBox([W.HTML("&nbsp;"), add])]),
            heading(t["chart_title"]),
            self.chart,
        ]

    def _set_values(self, value: str) -> None:
        self.live.workbook.values = lines(value)
        self.live.changed()

    def _render(self) -> None:
        t = self.t
        header = W.HTML(
            "<div style='display:flex;font-weight:600'>"
            f"<span style='width:288px'>{esc(t['skill_name'])}</span>"
            f"<span style='width:128px'>{esc(t['current'])}</span>"
            f"<span style='width:128px'>{esc(t['target'])}</span></div>"
        )
        rows = [self._row(i, s) for i, s in enumerate(self.live.workbook.skills)]
        self.rows.children = [header, *rows] if rows else []
        self.redraw.now()

    def _row(self, index: int, skill: Skill) -> W.Widget:
        t = self.t
        # 0 stands for "not rated" (a dropdown cannot show None as a choice)
        ratings = [(t["not_rated"], 0), *[(str(n), n) for n in range(1, 6)]]
        name = text(skill.name, "mk-skill-name", width="280px")
        current = dropdown(ratings, skill.current or 0, "mk-skill-current", width="120px")
        target = dropdown(ratings, skill.target or 0, "mk-skill-target", width="120px")
        for widget, label in ((name, t["skill_name"]), (current, t["current"]), (target, t["target"])):
            widget.tooltip = label
        remove = button(t["remove"], "mk-skill-remove", icon="trash")

        def skill_at() -> Skill | None:
            found = self.live.workbook.skills
            return found[index] if index < len(found) else None

        def set_name(value: str) -> None:
            if value.strip() and (s := skill_at()) is not None:
                s.name = value.strip()
                self.live.changed()
                self.redraw()

        def set_rating(field: str) -> Callable[[Any], None]:
            def store(value: int | None) -> None:
                if (s := skill_at()) is not None:
                    setattr(s, field, value or None)
                    self.live.changed()
                    self.redraw()

            return store

        def drop(_: object = None) -> None:
            skills = list(self.live.workbook.skills)
            if index < len(skills):
                del skills[index]
                self.live.workbook.skills = skills
                self.live.changed()
                self._render()

        on_value(name, set_name)
        on_value(current, set_rating("current"))
        on_value(target, set_rating("target"))
        remove.on_click(drop)
        row = W.HBox([name, current, target, remove], layout=W.Layout(align_items="center"))
        row.add_class("mk-skill-row")
        return row

    def _draw(self) -> None:
        from ..charts import skills_gap_chart

        self.chart.draw(skills_gap_chart(self.live.workbook, content=self.live.content))
