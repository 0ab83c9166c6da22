"""Exercise 5, using feedback: ask about one specific thing, receive it (listen, thank, clarify,
decide), and write "what I will change", linked to a goal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import ipywidgets as W

from ..core import feedback_practice as fp
from ..model import Change, FeedbackRequest
from ..present import Item, bullet_list
from ..session import LiveWorkbook
from .common import (
    Exercise,
    area,
    button,
    checks_markup,
    copy_button,
    dropdown,
    esc,
    heading,
    labelled,
    labels,
    on_value,
    text,
)
from .common import when as common_when
from .entry import entry


def feedback_practice(live: LiveWorkbook) -> Exercise:
    """A request script, the four receiving steps, saved requests and "what I will change"."""
    return Exercise(live, "mk-feedback-practice", lambda lw: PracticeView(lw).widgets())


class PracticeView:
    """Requests and changes bound by id to the workbook."""

    def __init__(self, live: LiveWorkbook):
        self.live = live
        self.t = labels("feedback_practice", live)
        self.data = live.content.get("feedback")
        self.requests = W.VBox()
        self.changes = W.VBox()

    def _goal_options(self) -> list[tuple[str, str]]:
        goals = [(g.text.strip()[:70], g.id) for g in self.live.workbook.goals if g.text.strip()]
        return [(self.t["no_goal"], ""), *goals]

    def widgets(self) -> list[W.Widget]:
        t = self.t
        rules = W.HTML(bullet_list(self.data.get("asking", {}).get("rules", []), inline=True).markup)
        who = text("", "mk-feedback-who", t["who_placeholder"], width="260px")
        about = text("", "mk-feedback-about", t["about_placeholder"], width="min(520px, 100%)")
        check = W.HTML()
        check.add_class("mk-feedback-about-check")
        script = W.HTML()
        script.add_class("mk-feedback-script")
        save = button(t["save"], "mk-feedback-request-add", style="primary", icon="plus")

        def show(_v: object = None) -> None:
            check.value = checks_markup([fp.check_request(about.value, self.data)])
            words = fp.ask_script(who.value, about.value, self.data)
            script.value = (f"<blockquote style='max-width:720px;border-left:3px solid #1565c0;margin:4px 0;"
                            f"padding:4px 10px'>{esc(words)}</blockquote>"
                            + copy_button(words, t["copy"], "mk-feedback-script-copy"))

        def store(_b: object = None) -> None:
            if not about.value.strip():
                return
            item = FeedbackRequest(who=who.value.strip(), about=about.value.strip(), asked_on=date.today())
            self.live.workbook.feedback_requests = [*self.live.workbook.feedback_requests, item]
            self.live.changed()
            who.value = about.value = ""
            self._render_requests()

        on_value(who, show)
        on_value(about, show)
        save.on_click(store)
        show()

        steps = fp.receiving_steps(self.data)
        receive = W.HTML(bullet_list(
            [Item(s.do, label=f"{s.label}.", note=f"{t['receive_say']}: {s.say}") for s in steps],
            ordered=True, inline=True).markup)
        receive.add_class("mk-receiving-steps")

        goal = dropdown(self._goal_options(), "", "mk-change-new-goal", width="360px")

        def add_change(words: str) -> None:
            self._add_change(Change(text=words, goal_id=goal.value))

        new, add = entry("mk-change-new", t["add_change"], "mk-change-add", add_change,
                         t["new_change_placeholder"], width="min(520px, 100%)")
        prompts = W.HTML(bullet_list(self.data.get("changes", {}).get("prompts", []), inline=True).markup)
        prompts.add_class("mk-change-prompts")
        self._render_requests()
        self._render_changes()
        return [
            heading(t["ask_title"], t["ask_hint"]), rules,
            W.HBox([labelled(who, t["who"]), labelled(about, t["about"])],
                   layout=W.Layout(flex_flow="row wrap")),
            check, labelled(script, t["script"]), save,
            heading(t["receive_title"]), receive,
            heading(t["requests_title"]), self.requests,
            heading(t["changes_title"], str(self.data.get("changes", {}).get("hint", ""))),
            labelled(prompts, t["prompts"]),
            W.HBox([labelled(new, t["new_change"]), labelled(goal, t["goal"]),
                    W.VBox([W.HTML("&nbsp;"), add])], layout=W.Layout(flex_flow="row wrap")),
            self.changes,
        ]

    # -- requests ------------------------------------------------------------------------------
    def _render_requests(self) -> None:
        items = self.live.workbook.feedback_requests
        self.requests.children = [self._request(r) for r in reversed(items)] or [
            W.HTML(f"<i>{esc(self.t['requests_empty'])}</i>")]

    def _request(self, item: FeedbackRequest) -> W.Widget:
        t, rid = self.t, item.id
        heard = area(item.heard, "mk-feedback-heard", rows=3, width="min(720px, 100%)")
        clarify = text(item.clarify, "mk-feedback-clarify", width="min(720px, 100%)")
        to_change = button(t["to_change"], "mk-feedback-to-change", icon="arrow-down")
        remove = button(t["remove"], "mk-feedback-request-remove", icon="trash")

        def update(field: str) -> Callable[[Any], None]:
            def store(value: str) -> None:
                found = next((r for r in self.live.workbook.feedback_requests if r.id == rid), None)
                if found is not None:
                    setattr(found, field, value)
                    self.live.changed()
            return store

        def change(_b: object = None) -> None:
            self._add_change(Change(from_feedback=rid))

        def drop(_b: object = None) -> None:
            wb = self.live.workbook
            wb.feedback_requests = [r for r in wb.feedback_requests if r.id != rid]
            self.live.changed()
            self._render_requests()

        on_value(heard, update("heard"))
        on_value(clarify, update("clarify"))
        to_change.on_click(change)
        remove.on_click(drop)
        when = common_when(self.live, item.asked_on, "%Y-%m-%d", "medium") if item.asked_on else ""
        head = W.HTML(f"<b>{esc(item.about)}</b> "
                      f"<span class='mk-hint'>· {esc(item.who)} · {esc(when)}</span>")
        card = W.VBox([head, labelled(heard, t["heard"]), labelled(clarify, t["clarify"]),
                       W.HBox([to_change, remove])],
                      layout=W.Layout(border="1px solid #ddd", padding="6px 10px", margin="6px 0"))
        card.add_class("mk-feedback-request")
        return card

    # -- changes -------------------------------------------------------------------------------
    def _add_change(self, change: Change) -> None:
        self.live.workbook.changes = [*self.live.workbook.changes, change]
        self.live.changed()
        self._render_changes()

    def _render_changes(self) -> None:
        items = self.live.workbook.changes
        self.changes.children = [self._change(c) for c in items] or [
            W.HTML(f"<i>{esc(self.t['changes_empty'])}</i>")]

    def _change(self, item: Change) -> W.Widget:
        t, cid = self.t, item.id
        words = area(item.text, "mk-change-text", rows=2, width="min(520px, 100%)")
        options = self._goal_options()
        goal = dropdown(options, item.goal_id if item.goal_id in {v for _, v in options} else "",
                        "mk-change-goal", width="360px")
        done = W.Checkbox(value=item.done, description=t["change_done"], indent=False,
                          layout=W.Layout(width="auto"))
        done.add_class("mk-change-done")
        checks = W.HTML()
        checks.add_class("mk-change-checks")
        remove = button(t["remove"], "mk-change-remove", icon="trash")

        def found() -> Change | None:
            return next((c for c in self.live.workbook.changes if c.id == cid), None)

        def show() -> None:
            c = found()
            if c is not None:
                checks.value = checks_markup(fp.check_change(c, self.live.workbook, self.data).checks)

        def update(field: str) -> Callable[[Any], None]:
            def store(value: Any) -> None:
                c = found()
                if c is not None:
                    setattr(c, field, value)
                    self.live.changed()
                    show()
            return store

        def drop(_b: object = None) -> None:
            self.live.workbook.changes = [c for c in self.live.workbook.changes if c.id != cid]
            self.live.changed()
            self._render_changes()

        on_value(words, update("text"))
        on_value(goal, update("goal_id"))
        on_value(done, update("done"))
        remove.on_click(drop)
        show()
        source = next((r for r in self.live.workbook.feedback_requests if r.id == item.from_feedback), None)
        parts: list[W.Widget] = []
        if source is not None:
            parts.append(W.HTML(f"<span class='mk-hint'>↳ {esc(source.about)}</span>"))
        parts += [W.HBox([labelled(words, t["new_change"]), labelled(goal, t["goal"]),
                          W.VBox([W.HTML("&nbsp;"), done, remove])], layout=W.Layout(flex_flow="row wrap")),
                  checks]
        row = W.VBox(parts, layout=W.Layout(border_bottom="1px solid #eee", padding="4px 0"))
        row.add_class("mk-change-row")
        return row
