"""Exercise 0: who you are (profile) and the five benefits of mentorship."""

from __future__ import annotations

import ipywidgets as W

from ..session import LiveWorkbook, WorkbookHandle
from .common import Exercise, dropdown, esc, labelled, labels, on_value, text

FIELDS = ("name", "email", "role", "field")


def profile(live: WorkbookHandle) -> Exercise:
    """Name, email, role, career stage and field, saved as they are typed."""
    return Exercise(live, "mk-profile", _build)


def _build(live: LiveWorkbook) -> list[W.Widget]:
    t = labels("profile", live)
    prof = live.workbook.profile
    rows: list[W.Widget] = []  # the notebook's own heading says "About you"

    def bind(field: str, widget: W.Widget) -> None:
        def store(value: str) -> None:
            value = value.strip() if field == "name" else value
            if field == "name" and not value:  # a name is required; keep the last one
                return
            setattr(live.workbook.profile, field, value)
            live.changed()

        on_value(widget, store)

    for field in FIELDS:
        box = text(getattr(prof, field), f"mk-profile-{field}")
        bind(field, box)
        rows.append(labelled(box, t[field], t.get(f"{field}_hint", "")))

    stages = list(t["career_stages"])
    if prof.career_stage and prof.career_stage not in stages:
        stages.append(prof.career_stage)
    stage = dropdown([("—", ""), *[(s, s) for s in stages]], prof.career_stage, "mk-profile-career_stage")
    bind("career_stage", stage)
    rows.insert(3, labelled(stage, t["career_stage"]))
    return rows


def benefits(live: WorkbookHandle | None = None) -> W.HTML:
    """The five benefits of mentorship as small cards (workshop content, not participant text).

    With ``live`` the cards come from its cohort's content, else from the bundled content.
    """
    from ..content import bundled

    content = live.cohort.content if live is not None else bundled()
    cards = "".join(
        "<div style='flex:1 1 200px;border:1px solid #ddd;border-radius:6px;padding:8px 10px;margin:4px'>"
        f"<b>{i}. {esc(b.label)}</b><br><span style='font-size:92%'>{esc(b.help)}</span></div>"
        for i, b in enumerate(content.benefits, start=1)
    )
    box = W.HTML(f"<div style='display:flex;flex-wrap:wrap;max-width:1180px'>{cards}</div>")
    box.add_class("mk-benefits")
    return box
