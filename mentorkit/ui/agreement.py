"""Exercise 4: the mentoring agreement — every part, what is missing, a print preview, a calendar."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import ipywidgets as W

from ..export import safe_filename
from ..model import Agreement
from ..present import check_list
from ..session import LiveWorkbook, WorkbookHandle
from .common import (
    Debounced,
    Exercise,
    KeyedCheckbox,
    area,
    button,
    date_picker,
    download_link,
    dropdown,
    esc,
    heading,
    labelled,
    labels,
    lines,
    on_value,
    text,
)
from .expectations import both_sides

TEXT_FIELDS = ("confidentiality", "feedback", "ending")


def agreement(live: WorkbookHandle) -> Exercise:
    """The agreement form with a live list of missing parts, a preview and an ``.ics`` download."""
    return Exercise(live, "mk-agreement", lambda lw: AgreementView(lw).widgets())


class AgreementView:
    """Binds every agreement field to ``live.workbook.agreement``."""

    def __init__(self, live: LiveWorkbook):
        from ..core.agreement import options

        self.live = live
        self.t = labels("agreement", live)
        self.opts = options(live.content)
        self.missing = W.HTML()
        self.missing.add_class("mk-agreement-missing")
        self.preview = W.HTML()
        self.preview.add_class("mk-agreement-preview")
        self.links = W.HTML()
        self.links.add_class("mk-agreement-downloads")
        self.checkpoints = W.VBox()
        self.refresh = Debounced(self._refresh)

    @property
    def a(self) -> Agreement:
        return self.live.workbook.agreement

    def _set(self, field: str, value: Any) -> None:
        setattr(self.a, field, value)
        self.live.changed()
        self.refresh()

    def widgets(self) -> list[W.Widget]:
        t, a, wb = self.t, self.a, self.live.workbook
        # goals
        goal_boxes: list[KeyedCheckbox] = []
        for g in wb.goals:
            if not g.text.strip() and g.id not in a.goal_ids:
                continue  # an empty goal card from notebook 01 is nothing to agree on
            box = KeyedCheckbox(g.id, value=g.id in a.goal_ids, description=g.text.strip() or "(empty goal)",
                                indent=False, layout=W.Layout(width="min(900px, 100%)"))
            box.add_class("mk-agreement-goal")
            goal_boxes.append(box)

        def store_goals(_v: bool) -> None:
            self._set("goal_ids", [b.item_key for b in goal_boxes if b.value])

        for box in goal_boxes:
            on_value(box, store_goals)
        goals_part = W.VBox(goal_boxes) if goal_boxes else W.HTML(f"<i>{esc(t['no_goals'])}</i>")

        # how you meet
        freq_opts = [("—", "")] + [(c.label, c.key) for c in self.opts["frequencies"]]
        from ..core.agreement import find_choice

        freq_now = find_choice(a.frequency, self.opts["frequencies"])
        frequency = dropdown(freq_opts, freq_now.key if freq_now else "", "mk-agreement-frequency", "200px")
        mode_labels = [c.label for c in self.opts["modes"]]
        mode_now = find_choice(a.mode, self.opts["modes"])
        mode = dropdown([("—", ""), *[(m, m) for m in mode_labels]], mode_now.label if mode_now else "",
                        "mk-agreement-mode", "200px")
        minutes_opts = [("—", 0)] + [(f"{m} minutes", m) for m in self.opts["meeting_minutes"]]
        if a.meeting_minutes and a.meeting_minutes not in self.opts["meeting_minutes"]:
            minutes_opts.append((f"{a.meeting_minutes} minutes", a.meeting_minutes))
        minutes = dropdown(minutes_opts, a.meeting_minutes or 0, "mk-agreement-minutes", "160px")
        start = date_picker(a.start, "mk-agreement-start")
        end = date_picker(a.end, "mk-agreement-end")
        on_value(frequency, lambda v: self._set("frequency", v))
        on_value(mode, lambda v: self._set("mode", v))
        on_value(minutes, lambda v: self._set("meeting_minutes", v or None))  # 0 = not chosen
        on_value(start, lambda v: self._set("start", v))
        on_value(end, lambda v: self._set("end", v))

        # clauses
        suggested = self.opts["suggested"]

        def clause(field: str) -> W.Widget:
            box = area(getattr(a, field), f"mk-agreement-{field}", rows=3, width="min(720px, 100%)")
            on_value(box, lambda v: self._set(field, v.strip()))
            parts: list[W.Widget] = [box]
            if suggested.get(field):
                use = button(t["use_default"], f"mk-agreement-default-{field}")
                use.on_click(lambda _b: setattr(box, "value", " ".join(str(suggested[field]).split())))
                parts.append(use)
            return labelled(W.VBox(parts), t[field])

        rules = area("\n".join(a.ground_rules), "mk-agreement-ground_rules", rows=4, width="min(720px, 100%)")
        on_value(rules, lambda v: self._set("ground_rules", lines(v)))
        rules_parts: list[W.Widget] = [rules]
        if suggested.get("ground_rules"):
            use_rules = button(t["use_default"], "mk-agreement-default-ground_rules")
            use_rules.on_click(lambda _b: setattr(rules, "value", "\n".join(suggested["ground_rules"])))
            rules_parts.append(use_rules)

        add_point = button(t["add_checkpoint"], "mk-agreement-checkpoint-add", icon="plus")
        add_point.on_click(self._add_checkpoint)
        self._render_checkpoints()

        mentee = text(a.mentee_name, "mk-agreement-mentee_name", wb.profile.name, width="300px")
        mentor = text(a.mentor_name, "mk-agreement-mentor_name", width="300px")
        on_value(mentee, lambda v: self._set("mentee_name", v.strip()))
        on_value(mentor, lambda v: self._set("mentor_name", v.strip()))
        proposed = ""
        if wb.proposed_mentor is not None:
            proposed = t.get("mentor_proposed", "Proposed by the programme: {name}").replace(
                "{name}", wb.proposed_mentor.name)

        self.refresh.now()
        form = W.VBox(
            [
                heading(t["title"]),
                labelled(goals_part, t["goals"]),
                W.HBox([labelled(frequency, t["frequency"]), labelled(mode, t["mode"]),
                        labelled(minutes, t["minutes"]), labelled(start, t["start"]),
                        labelled(end, t["end"])],
                       layout=W.Layout(flex_flow="row wrap")),
                clause("confidentiality"),
                clause("feedback"),
                labelled(W.VBox(rules_parts), t["ground_rules"]),
                labelled(W.VBox([self.checkpoints, add_point]), t["checkpoints"], t["checkpoints_hint"]),
                clause("ending"),
                both_sides(a, self._set, self.live),
                W.HBox([labelled(mentee, t["mentee_name"]), labelled(mentor, t["mentor_name"], proposed)],
                       layout=W.Layout(flex_flow="row wrap")),
            ],
            layout=W.Layout(flex="1 1 640px"),
        )
        side = W.VBox([heading(t["missing_title"]), self.missing],
                      layout=W.Layout(flex="0 1 360px", padding="0 0 0 16px"))
        return [
            W.HBox([form, side], layout=W.Layout(flex_flow="row wrap", align_items="flex-start")),
            heading(t["preview_title"]),
            self.preview,
            heading(t["calendar_title"]),
            self.links,
        ]

    # -- checkpoints -----------------------------------------------------------------------------
    def _render_checkpoints(self) -> None:
        rows = []
        for index, day in enumerate(self.a.checkpoints):
            picker = date_picker(day, "mk-agreement-checkpoint")
            remove = button(self.t["remove_checkpoint"], "mk-agreement-checkpoint-remove", icon="trash")

            def store(value: date | None, index: int = index) -> None:
                points = list(self.a.checkpoints)
                if value is None or index >= len(points):
                    return
                points[index] = value
                self._set("checkpoints", points)

            def drop(_b: object, index: int = index) -> None:
                points = list(self.a.checkpoints)
                if index < len(points):
                    del points[index]
                    self._set("checkpoints", points)
                    self._render_checkpoints()

            on_value(picker, store)
            remove.on_click(drop)
            rows.append(W.HBox([picker, remove]))
        self.checkpoints.children = rows

    def _add_checkpoint(self, _: object = None) -> None:
        """Add a review date: halfway through the agreement if its dates are set, else in 3 months."""
        a = self.a
        if a.start and a.end and a.end > a.start:
            day = a.start + (a.end - a.start) / 2
        else:
            day = date.today() + timedelta(days=91)
        while day in a.checkpoints:
            day += timedelta(days=7)
        self._set("checkpoints", [*a.checkpoints, day])
        self._render_checkpoints()

    # -- feedback --------------------------------------------------------------------------------
    def _refresh(self) -> None:
        from ..core.agreement import agreement_text, calendar_ics, check_agreement

        wb, t = self.live.workbook, self.t
        content = self.live.content
        report = check_agreement(self.a, wb, content=content)
        self.report = report
        if report.ok:
            self.missing.value = f"<b style='color:#2e7d32'>✓ {esc(t['complete'])}</b>"
        else:
            self.missing.value = check_list(report.missing, item_css="mk-missing-item", inline=True).markup
        warnings = "".join(f"<div style='color:#8a6d00'>⚠ {esc(c.message)}</div>" for c in report.warnings)
        self.missing.value += warnings
        printed = agreement_text(wb, content=content)
        self.text = printed
        self.preview.value = (
            "<pre style='white-space:pre-wrap;line-height:1.35;border:1px solid #ccc;padding:10px 14px;"
            "max-width:760px;"
            f"background:#fafafa;font-size:90%'>{esc(printed)}</pre>"
        )
        self.ics = calendar_ics(wb, content=content)
        who = wb.profile.name or wb.id
        self.links.value = download_link(
            safe_filename(f"mentoring {who}", ".ics"), self.ics, "text/calendar", t["ics"], "mk-ics-download"
        ) + download_link(
            safe_filename(f"mentoring agreement {who}", ".txt"), printed, "text/plain", t["txt"],
            "mk-agreement-txt",
        )
