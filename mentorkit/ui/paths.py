"""Exercise 5, career advancement: two or three career paths held against values and skills."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as W

from ..core import paths as core_paths
from ..model import PathLook
from ..present import Item, bullet_list
from ..session import LiveWorkbook
from .common import Exercise, area, button, dropdown, esc, heading, labelled, labels, on_value, text


def career_paths(live: LiveWorkbook) -> Exercise:
    """Suggested paths with reasons, and a short list of paths to look at with notes and a next step."""
    return Exercise(live, "mk-paths", lambda lw: PathsView(lw).widgets())


class PathsView:
    """Path looks bound by id to ``live.workbook.career_paths``."""

    def __init__(self, live: LiveWorkbook):
        self.live = live
        self.t = labels("paths", live)
        self.data = live.content.get("career_paths")
        self.all = {p.key: p for p in core_paths.career_paths(self.data)}
        self.suggested = W.HTML()
        self.suggested.add_class("mk-paths-suggested")
        self.looks = W.VBox()

    def widgets(self) -> list[W.Widget]:
        t = self.t
        again = button(t["refresh"], "mk-paths-refresh", icon="refresh")
        again.on_click(lambda _b: self._suggest())
        choose = dropdown([(p.label, p.key) for p in self.all.values()], next(iter(self.all), ""),
                          "mk-path-choose", width="min(460px, 100%)")
        add = button(t["add"], "mk-path-add", style="primary", icon="plus")

        def look(_b: object = None) -> None:
            if choose.value and choose.value not in {p.path for p in self.live.workbook.career_paths}:
                wb = self.live.workbook
                wb.career_paths = [*wb.career_paths, PathLook(path=choose.value)]
                self.live.changed()
                self._render()

        add.on_click(look)
        self._suggest()
        self._render()
        return [
            heading(t["title"], t["hint"]),
            labelled(W.VBox([self.suggested, again]), t["suggested"]),
            W.HBox([labelled(choose, t["choose"]), W.VBox([W.HTML("&nbsp;"), add])],
                   layout=W.Layout(flex_flow="row wrap")),
            heading(t["looks_title"]),
            self.looks,
        ]

    def _fit(self, key: str) -> core_paths.PathFit:
        wb = self.live.workbook
        return core_paths.fit(self.all[key], wb.values, wb.skills, self.data)

    def _suggest(self) -> None:
        fits = core_paths.suggest_paths(self.live.workbook, self.data)
        if not fits:
            need = self.data.get("reading", {}).get("need_values", "")
            self.suggested.value = f"<i>{esc(need)}</i>"
            return
        self.suggested.value = bullet_list(
            [Item(f"— {f.path.summary}", label=f.path.label, note="; ".join(f.reasons) + ".",
                  css="mk-path-suggestion") for f in fits],
            ordered=True, inline=True).markup

    def _render(self) -> None:
        looks = [p for p in self.live.workbook.career_paths if p.path in self.all]
        empty = W.HTML(f"<i>{esc(self.t['looks_empty'])}</i>")
        self.looks.children = [self._look(p) for p in looks] or [empty]

    def _look(self, item: PathLook) -> W.Widget:
        t, lid = self.t, item.id
        fit = self._fit(item.path)
        notes = area(item.notes, "mk-path-notes", rows=2, width="min(720px, 100%)")
        step = text(item.next_step, "mk-path-next", fit.path.try_, width="min(720px, 100%)")
        remove = button(t["remove"], "mk-path-remove", icon="trash")

        def update(field: str) -> Callable[[Any], None]:
            def store(value: str) -> None:
                found = next((p for p in self.live.workbook.career_paths if p.id == lid), None)
                if found is not None:
                    setattr(found, field, value)
                    self.live.changed()
            return store

        def drop(_b: object = None) -> None:
            self.live.workbook.career_paths = [p for p in self.live.workbook.career_paths if p.id != lid]
            self.live.changed()
            self._render()

        on_value(notes, update("notes"))
        on_value(step, update("next_step"))
        remove.on_click(drop)
        head = W.HTML(
            f"<b>{esc(fit.path.label)}</b> — {esc(fit.path.summary)}"
            f"<div class='mk-hint'>{esc(t['why'])}: {esc('; '.join(fit.reasons))}.</div>"
            f"<div class='mk-hint'>{esc(t['try'])}: {esc(fit.path.try_)}</div>"
        )
        card = W.VBox([head, labelled(notes, t["notes"]), labelled(step, t["next_step"]), remove],
                      layout=W.Layout(border="1px solid #ddd", padding="6px 10px", margin="6px 0"))
        card.add_class("mk-path-look")
        return card
