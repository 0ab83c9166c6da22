"""Exercise 5, confidence: a wins log — what went well, and what it shows about you."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import ipywidgets as W

from ..core.feedback_practice import wins_reading
from ..model import Win
from ..present import bullet_list
from ..session import LiveWorkbook
from .common import Exercise, button, date_picker, esc, heading, labelled, labels, on_value, text
from .entry import entry


def wins(live: LiveWorkbook) -> Exercise:
    """Add wins (Enter or the button), each with a date and what it shows; newest first."""
    return Exercise(live, "mk-wins", lambda lw: WinsView(lw).widgets())


class WinsView:
    """Wins bound by id to ``live.workbook.wins``."""

    def __init__(self, live: LiveWorkbook):
        self.live = live
        self.t = labels("wins", live)
        self.data = live.content.get("feedback")
        self.rows = W.VBox()
        self.reading = W.HTML()
        self.reading.add_class("mk-wins-reading")

    def widgets(self) -> list[W.Widget]:
        t = self.t
        prompts = W.HTML(bullet_list(self.data.get("wins", {}).get("prompts", []), inline=True).markup)
        prompts.add_class("mk-win-prompts")
        new, add = entry("mk-win-new", t["add"], "mk-win-add", self._add, t["new_placeholder"],
                         width="min(520px, 100%)")
        self._render()
        return [
            heading(t["title"], str(self.data.get("wins", {}).get("hint", ""))),
            labelled(prompts, t["prompts"]),
            W.HBox([labelled(new, t["new"]), W.VBox([W.HTML("&nbsp;"), add])]),
            self.reading,
            self.rows,
        ]

    def _add(self, words: str) -> None:
        self.live.workbook.wins = [*self.live.workbook.wins, Win(day=date.today(), text=words)]
        self.live.changed()
        self._render()

    def _render(self) -> None:
        self.rows.children = [self._row(w) for w in reversed(self.live.workbook.wins)]  # newest first
        self.reading.value = f"<p>{esc(wins_reading(self.live.workbook, self.data))}</p>"

    def _row(self, win: Win) -> W.Widget:
        t, wid = self.t, win.id
        day = date_picker(win.day, "mk-win-date")
        words = text(win.text, "mk-win-text", width="min(420px, 100%)")
        shows = text(win.shows, "mk-win-shows", str(self.data.get("wins", {}).get("shows_hint", "")),
                     width="min(420px, 100%)")
        remove = button(t["remove"], "mk-win-remove", icon="trash")

        def update(field: str) -> Callable[[Any], None]:
            def store(value: Any) -> None:
                found = next((w for w in self.live.workbook.wins if w.id == wid), None)
                if found is not None:
                    setattr(found, field, value)
                    self.live.changed()
                    self.reading.value = f"<p>{esc(wins_reading(self.live.workbook, self.data))}</p>"
            return store

        def drop(_b: object = None) -> None:
            self.live.workbook.wins = [w for w in self.live.workbook.wins if w.id != wid]
            self.live.changed()
            self._render()

        for widget, field in ((day, "day"), (words, "text"), (shows, "shows")):
            on_value(widget, update(field))
        remove.on_click(drop)
        row = W.HBox([labelled(day, t["day"]), labelled(words, t["text"]), labelled(shows, t["shows"]),
                      W.VBox([W.HTML("&nbsp;"), remove])],
                     layout=W.Layout(flex_flow="row wrap", border_bottom="1px solid #eee"))
        row.add_class("mk-win-row")
        return row
