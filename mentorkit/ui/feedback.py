"""Exercise 5: be open to feedback — a reflection log with prompts, and then-and-now snapshots."""

from __future__ import annotations

import ipywidgets as W

from ..model import Reflection, Snapshot
from ..present import bullet_list
from ..session import LiveWorkbook, WorkbookHandle
from .common import (
    ChartArea,
    Exercise,
    area,
    button,
    dropdown,
    esc,
    heading,
    labelled,
    labels,
    on_value,
)
from .common import when as common_when
from .entry import entry

NOW = "now"


def feedback(live: WorkbookHandle) -> Exercise:
    """A reflection log (newest first, edited in place) and a before/after snapshot comparison."""
    return Exercise(live, "mk-feedback", lambda lw: FeedbackView(lw).widgets())


def _snapshot_name(snap: Snapshot) -> str:
    when = snap.taken_at.strftime("%d %b %Y %H:%M UTC")
    return f"{snap.label.strip()} ({when})" if snap.label.strip() else when


class FeedbackView:
    """Reflections bound by id; snapshots appended to ``live.workbook.snapshots``."""

    def __init__(self, live: LiveWorkbook):
        self.live = live
        self.t = labels("feedback", live)
        self.categories = list(live.content.need_categories)
        self.log = W.VBox()
        self.log.add_class("mk-reflection-log")
        self.before = dropdown([("—", -1)], -1, "mk-snapshot-before", width="300px")
        self.after = dropdown([(self.t["now"], NOW)], NOW, "mk-snapshot-after", width="300px")
        self.diff = W.HTML()
        self.diff.add_class("mk-snapshot-diff")
        self.chart = ChartArea("mk-snapshot-chart", words=live.content.get("charts")["text"])

    def widgets(self) -> list[W.Widget]:
        t = self.t
        prompt_list = list(self.live.content.prompts)
        prompt = dropdown([(p, p) for p in prompt_list], prompt_list[0] if prompt_list else "",
                          "mk-reflection-prompt", width="min(720px, 100%)")
        add = button(t["add"], "mk-reflection-add", style="primary", icon="plus")

        def start(_: object = None) -> None:
            entry = Reflection(prompt=prompt.value)
            self.live.workbook.reflections = [entry, *self.live.workbook.reflections]
            self.live.changed()
            self._render_log()

        add.on_click(start)

        def snap(name: str) -> None:
            from ..core.progress import take_snapshot

            shot = take_snapshot(self.live.workbook, self.categories, label=name)
            self.live.workbook.snapshots = [*self.live.workbook.snapshots, shot]
            self.live.changed()
            self._snapshot_options()

        # Enter in the name box takes the snapshot, like the button (which also takes an unnamed one).
        label, take = entry("mk-snapshot-label", t["snap_take"], "mk-snapshot-take", snap,
                            t["snap_label_placeholder"], width="300px", icon="camera", allow_empty=True)
        compare = button(t["compare"], "mk-snapshot-compare", icon="refresh")

        def fresh(_: object = None) -> None:
            self.live.reload()  # pick up what other notebooks saved since this one opened
            self._compare()

        compare.on_click(fresh)
        on_value(self.before, lambda _v: self._compare())
        on_value(self.after, lambda _v: self._compare())
        self._render_log()
        self._snapshot_options()
        return [
            heading(t["reflect_title"], t["reflect_hint"]),
            W.HBox([labelled(prompt, t["prompt"]), W.VBox([W.HTML("&nbsp;"), add])],
                   layout=W.Layout(flex_flow="row wrap")),
            heading(t["log_title"]),
            self.log,
            heading(t["snap_title"], t["snap_hint"]),
            W.HBox([labelled(label, t["snap_label"]), W.VBox([W.HTML("&nbsp;"), take])]),
            W.HBox([labelled(self.before, t["before"]), labelled(self.after, t["after"]),
                    W.VBox([W.HTML("&nbsp;"), compare])], layout=W.Layout(flex_flow="row wrap")),
            self.diff,
            self.chart,
        ]

    # -- reflections -----------------------------------------------------------------------------
    def _render_log(self) -> None:
        entries = self.live.workbook.reflections
        if not entries:
            self.log.children = [W.HTML(f"<i>{esc(self.t['log_empty'])}</i>")]
            return
        self.log.children = [self._entry(r) for r in entries]

    def _entry(self, reflection: Reflection) -> W.Widget:
        rid = reflection.id
        box = area(reflection.text, "mk-reflection-text", rows=4, width="min(720px, 100%)")
        remove = button(self.t["remove"], "mk-reflection-remove", icon="trash")

        def store(value: str) -> None:
            found = next((r for r in self.live.workbook.reflections if r.id == rid), None)
            if found is not None:
                found.text = value
                self.live.changed()

        def drop(_: object = None) -> None:
            self.live.workbook.reflections = [r for r in self.live.workbook.reflections if r.id != rid]
            self.live.changed()
            self._render_log()

        on_value(box, store)
        remove.on_click(drop)
        when = common_when(self.live, reflection.created_at.date(), "%d %b %Y", "medium")
        title = esc(reflection.prompt) or "&nbsp;"
        head = W.HTML(f"<b>{title}</b> <span class='mk-hint'>· {esc(when)}</span>")
        card = W.VBox([head, labelled(box, self.t["text"]), remove],
                      layout=W.Layout(border="1px solid #ddd", padding="6px 10px", margin="6px 0"))
        card.add_class("mk-reflection-entry")
        return card

    # -- snapshots -------------------------------------------------------------------------------
    def _snapshot_options(self) -> None:
        snaps = self.live.workbook.snapshots
        named = [(_snapshot_name(s), i) for i, s in enumerate(snaps)]
        self.before.options = named or [("—", -1)]
        self.before.value = named[0][1] if named else -1
        self.after.options = [(self.t["now"], NOW), *named]
        self.after.value = NOW
        self._compare()

    def _snapshot(self, value: object) -> Snapshot | None:
        from ..core.progress import take_snapshot

        if value == NOW:
            return take_snapshot(self.live.workbook, self.categories, label=self.t["now"])
        snaps = self.live.workbook.snapshots
        return snaps[value] if isinstance(value, int) and 0 <= value < len(snaps) else None

    def _compare(self) -> None:
        from ..charts import snapshot_chart
        from ..core.progress import diff_snapshots

        before, after = self._snapshot(self.before.value), self._snapshot(self.after.value)
        if before is None or after is None:
            self.diff.value = f"<i>{esc(self.t['no_snapshots'])}</i>"
            return
        diff = diff_snapshots(before, after, self.live.content.tr)
        self.diff.value = bullet_list(diff.summary).markup
        self.chart.draw(snapshot_chart(before, after, content=self.live.content))
