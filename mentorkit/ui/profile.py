"""Exercise 0: who you are (profile) and the five benefits of mentorship."""

from __future__ import annotations

from datetime import date

import ipywidgets as W

from ..present import Item, bullet_list
from ..session import LiveWorkbook, WorkbookHandle
from .common import Exercise, button, dropdown, esc, labelled, labels, on_value, text, when

FIELDS = ("name", "email", "role", "field")


def profile(live: WorkbookHandle) -> Exercise:
    """Name, email, role, career stage and field, saved as they are typed."""
    return Exercise(live, "mk-profile", _build)


def _build(live: LiveWorkbook) -> list[W.Widget]:
    t = labels("profile", live)
    prof = live.workbook.profile
    rows: list[W.Widget] = []  # the notebook's own heading says "About you"
    confirmed = W.HTML()
    confirmed.add_class("mk-profile-confirmed")

    def show_confirmed() -> None:
        day = live.workbook.profile.confirmed_on
        if day is None:
            confirmed.value = f"<span class='mk-hint'>{esc(t['confirm_hint'])}</span>"
        else:
            note = t["confirmed"].format(day=when(live, day, "%Y-%m-%d", "long"))
            confirmed.value = f"<span style='color:#2e7d32'>{esc(note)}</span>"

    def confirm(_: object = None) -> None:
        live.workbook.profile.confirmed_on = date.today()
        live.changed()
        show_confirmed()

    def bind(field: str, widget: W.Widget) -> None:
        def store(value: str) -> None:
            value = value.strip() if field == "name" else value
            if field == "name" and not value:  # a name is required; keep the last one
                return
            setattr(live.workbook.profile, field, value)
            confirm()  # editing the details is looking at them

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
    ok = button(t["confirm"], "mk-profile-confirm", style="success", icon="check")
    ok.on_click(confirm)
    show_confirmed()
    return [*rows, W.HBox([ok, confirmed], layout=W.Layout(align_items="center", margin="8px 0 0 0"))]


def benefits(live: WorkbookHandle | None = None) -> W.HTML:
    """The five benefits of mentorship as small cards (workshop content, not participant text).

    With ``live`` the cards come from its cohort's content, else from the bundled content.
    """
    from ..content import bundled

    content = live.content if live is not None else bundled()
    cards = "".join(
        "<div style='flex:1 1 200px;border:1px solid #ddd;border-radius:6px;padding:8px 10px;margin:4px'>"
        f"<b>{i}. {esc(b.label)}</b><br><span style='font-size:92%'>{esc(b.help)}</span></div>"
        for i, b in enumerate(content.benefits, start=1)
    )
    box = W.HTML(f"<div style='display:flex;flex-wrap:wrap;max-width:1180px'>{cards}</div>")
    box.add_class("mk-benefits")
    return box


def privacy(source: WorkbookHandle) -> W.HTML:
    """A short, plain note on what is stored, where, and who can see what (class ``mk-privacy``).

    Texts are in ``ui.toml`` (``[privacy]``); the note names the participant's own workbook file once
    the participant is known, and says whether this cohort uses group sharing.
    """
    cohort = source.cohort
    t = dict(source.content.ui("privacy"))
    box = W.HTML()
    box.add_class("mk-privacy")

    def show(participant: str | None) -> None:
        file = f"workbooks/{participant}.json" if participant else t["your_file"]
        items = []
        for key, label, body in t["points"]:
            note = ""
            if key == "group":  # the group-mode point says how this workshop is set
                note = t["group_on"] if cohort.group_shared else t["group_off"]
            items.append(Item(text=str(body).replace("{file}", file), label=f"{label}:", note=note,
                              css="mk-privacy-point"))
        box.value = (f"<div style='max-width:900px'><b>{esc(t['title'])}</b>"
                     + bullet_list(items, inline=True).markup + "</div>")

    show(None)
    source.when_ready(lambda live: show(live.participant_id))
    return box
