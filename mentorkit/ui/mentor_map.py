"""Exercise 2: the mentor map — people against need categories, gaps, concentration and asks."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as W

from ..content import Category, match_need
from ..model import Ask, Contact, TieStrength
from ..present import Item, bullet_list, check_list
from ..session import LiveWorkbook, WorkbookHandle
from .common import (
    ChartArea,
    Debounced,
    Exercise,
    KeyedToggle,
    area,
    button,
    date_picker,
    dropdown,
    esc,
    heading,
    labelled,
    labels,
    on_value,
    text,
)
from .entry import entry

if TYPE_CHECKING:  # the core map analysis is imported lazily at run time
    from ..core.mentor_map import MapReport


def mentor_map(live: WorkbookHandle) -> Exercise:
    """Contacts and the needs they meet, the map charts, its reading, and one ask per gap."""
    return Exercise(live, "mk-mentor-map", lambda lw: MapView(lw).widgets())


def _toggle(category: Category, on: bool, css: str) -> KeyedToggle:
    btn = KeyedToggle(category.key, value=on, description=category.label, tooltip=category.help,
                      layout=W.Layout(width="auto", margin="2px 4px 2px 0"))
    btn.add_class(css)
    btn.add_class(f"{css}-{category.key}")

    def look(pressed: bool) -> None:
        btn.button_style = "info" if pressed else ""
        btn.icon = "check" if pressed else ""

    look(on)
    on_value(btn, look)
    return btn


class MapView:
    """The mentor map exercise, bound by contact id / ask id to the workbook."""

    def __init__(self, live: LiveWorkbook):
        self.live = live
        self.t = labels("mentor_map", live)
        self.categories = list(live.content.need_categories)
        self.people = W.VBox()
        self.asks = W.VBox()
        self.heatmap = ChartArea("mk-map-heatmap", words=live.content.get("charts")["text"])
        self.centre = ChartArea("mk-map-centre", words=live.content.get("charts")["text"])
        for chart in (self.heatmap, self.centre):
            chart.layout.flex = "0 1 auto"
            chart.layout.margin = "0 24px 0 0"
        self.reading = W.HTML()
        self.reading.add_class("mk-map-reading")
        self.report: MapReport | None = None
        self.who_boxes: list[W.Combobox] = []
        self.refresh = Debounced(self._analyse)

    # -- layout ----------------------------------------------------------------------------------
    def widgets(self) -> list[W.Widget]:
        t = self.t
        wanted = {match_need(n, self.categories) for n in self.live.workbook.needs}
        mine = [_toggle(c, c.key in wanted, "mk-my-need") for c in self.categories]

        def store_mine(_value: bool) -> None:
            self.live.workbook.needs = [b.item_key for b in mine if b.value]
            self.live.changed()
            self.refresh()

        for b in mine:
            on_value(b, store_mine)

        def add_person(name: str) -> None:
            self.live.workbook.contacts = [*self.live.workbook.contacts, Contact(name=name)]
            self.live.changed()
            self._render_people()

        # Enter in the box adds, like the button (an empty box still adds an unnamed card).
        new_name, add = entry("mk-contact-new", t["add"], "mk-contact-add", add_person,
                              "e.g. Dr. Maya Ortiz", width="280px", allow_empty=True)
        add.button_style = "primary"
        suggest = button(t["suggest"], "mk-ask-suggest", icon="lightbulb-o")
        suggest.on_click(self._suggest)
        self._render_people()
        self._render_asks()
        return [
            heading(t["my_needs_title"], t["my_needs_hint"]),
            W.HBox(mine, layout=W.Layout(flex_flow="row wrap")),
            self._legend(),
            heading(t["people_title"], t["people_hint"]),
            self.people,
            W.HBox([labelled(new_name, t["new_person"]), W.VBox([W.HTML("&nbsp;"), add])]),
            heading(t["charts_title"]),
            W.HBox([self.heatmap, self.centre],
                   layout=W.Layout(flex_flow="row wrap", align_items="flex-start")),
            heading(t["reading_title"]),
            self.reading,
            heading(t["asks_title"], t["asks_hint"]),
            suggest,
            self.asks,
        ]

    def _legend(self) -> W.HTML:
        """What each need means, always visible (no hovering on a tablet): class ``mk-need-legend``."""
        items = [Item(text=c.help, label=f"{c.label}:", css=f"mk-need-definition mk-need-definition-{c.key}")
                 for c in self.categories if c.help]
        legend = W.HTML(f"<div class='mk-hint'>{esc(self.t['legend_title'])}</div>"
                        + bullet_list(items, inline=True).markup)
        legend.add_class("mk-need-legend")
        return legend

    # -- people ----------------------------------------------------------------------------------
    def _contact(self, cid: str) -> Contact | None:
        return next((c for c in self.live.workbook.contacts if c.id == cid), None)

    def _render_people(self) -> None:
        contacts = self.live.workbook.contacts
        if contacts:
            self.people.children = [self._person(c) for c in contacts]
        else:
            self.people.children = [W.HTML(f"<i>{esc(self.t['empty'])}</i>")]
        self.refresh.now()

    def _person(self, contact: Contact) -> W.Widget:
        t = self.t
        cid = contact.id
        name = text(contact.name, "mk-contact-name", width="240px")
        relation = text(contact.relation, "mk-contact-relation", t["relation_placeholder"], width="240px")
        expertise = text(contact.expertise, "mk-contact-expertise", width="240px")
        strength = dropdown([tuple(s) for s in t["strengths"]], contact.strength.value,
                            "mk-contact-strength", width="190px")
        have = {match_need(n, self.categories) for n in contact.needs}
        toggles = [_toggle(c, c.key in have, "mk-contact-need") for c in self.categories]
        remove = button(t["remove"], "mk-contact-remove", icon="trash")
        top: list[W.Widget] = []
        proposal = self.live.workbook.proposed_mentor
        proposed = proposal is not None and proposal.contact_id == cid
        if contact.source == "programme" or proposed:
            why = proposal.reasons if proposal is not None and proposed else []
            note = W.HTML(f"<b>{esc(t.get('programme', 'Proposed by the programme'))}</b>"
                          + bullet_list(why).markup)
            note.add_class("mk-contact-programme")
            top.append(note)

        def update(
            field: str, convert: Callable[[Any], Any] = lambda v: v, analyse: bool = False
        ) -> Callable[[Any], None]:
            def store(value: Any) -> None:
                c = self._contact(cid)
                if c is not None:
                    setattr(c, field, convert(value))
                    self.live.changed()
                    if analyse:
                        self.refresh()

            return store

        def store_needs(_value: bool) -> None:
            c = self._contact(cid)
            if c is not None:
                c.needs = [b.item_key for b in toggles if b.value]
                self.live.changed()
                self.refresh()

        def drop(_: object = None) -> None:
            self.live.workbook.contacts = [c for c in self.live.workbook.contacts if c.id != cid]
            self.live.changed()
            self._render_people()

        on_value(name, update("name", analyse=True))
        on_value(relation, update("relation", analyse=True))
        on_value(expertise, update("expertise", analyse=True))
        on_value(strength, update("strength", TieStrength, analyse=True))
        for b in toggles:
            on_value(b, store_needs)
        remove.on_click(drop)
        card = W.VBox(
            [
                *top,
                W.HBox(
                    [labelled(name, t["name"]), labelled(relation, t["relation"]),
                     labelled(expertise, t["expertise"]), labelled(strength, t["strength"])],
                    layout=W.Layout(flex_flow="row wrap"),
                ),
                labelled(W.HBox(toggles, layout=W.Layout(flex_flow="row wrap")), t["needs"]),
                remove,
            ],
            layout=W.Layout(border="1px solid #ddd", padding="6px 10px", margin="6px 0"),
        )
        card.add_class("mk-contact-card")
        return card

    # -- analysis --------------------------------------------------------------------------------
    def _analyse(self) -> None:
        from ..charts import map_centre_chart, map_heatmap
        from ..core.mentor_map import analyse_map

        wb = self.live.workbook
        report = analyse_map(wb, self.categories, content=self.live.content)
        self.report = report
        reading = f"<p style='max-width:900px'>{esc(report.reading)}</p>"
        self.reading.value = reading + check_list(report.checks, inline=True).markup
        for who in self.who_boxes:  # people added since the asks were drawn can be picked too
            who.options = self._names()
        self.heatmap.draw(map_heatmap(wb, self.categories, content=self.live.content))
        self.centre.draw(map_centre_chart(wb, self.categories, content=self.live.content))

    # -- asks ------------------------------------------------------------------------------------
    def _suggest(self, _: object = None) -> None:
        from ..core.mentor_map import analyse_map, suggest_asks

        self.refresh.now()
        report = self.report or analyse_map(self.live.workbook, self.categories,
                                                 content=self.live.content)
        new = suggest_asks(self.live.workbook, report, content=self.live.content)
        if new:
            self.live.workbook.asks = [*self.live.workbook.asks, *new]
            self.live.changed()
        self._render_asks()
        if not report.gaps:
            self.asks.children = [W.HTML(f"<i>{esc(self.t['no_gaps'])}</i>"), *self.asks.children]

    def _ask(self, aid: str) -> Ask | None:
        return next((a for a in self.live.workbook.asks if a.id == aid), None)

    def _names(self) -> list[str]:
        return [c.name.strip() for c in self.live.workbook.contacts if c.name.strip()]

    def _render_asks(self) -> None:
        self.who_boxes = []
        self.asks.children = [self._ask_row(a) for a in self.live.workbook.asks]

    def _ask_row(self, ask: Ask) -> W.Widget:
        t = self.t
        aid = ask.id
        options = [(c.label, c.key) for c in self.categories]
        if ask.need and ask.need not in {k for _, k in options}:
            options.append((ask.need, ask.need))
        need = dropdown(options, ask.need, "mk-ask-need", width="210px")
        who = W.Combobox(value=ask.who, options=self._names(), ensure_option=False,
                         layout=W.Layout(width="180px"))
        who.add_class("mk-ask-who")
        self.who_boxes.append(who)
        what = area(ask.what, "mk-ask-what", rows=2, width="400px")
        by = date_picker(ask.by, "mk-ask-by")
        by.layout.width = "170px"
        done = W.Checkbox(value=ask.done, description=t["ask_done"], indent=False,
                          layout=W.Layout(width="auto"))
        done.add_class("mk-ask-done")
        remove = button(t["ask_remove"], "mk-ask-remove", icon="trash")

        def update(field: str) -> Callable[[Any], None]:
            def store(value: Any) -> None:
                a = self._ask(aid)
                if a is not None:
                    setattr(a, field, value)
                    self.live.changed()

            return store

        def drop(_: object = None) -> None:
            self.live.workbook.asks = [a for a in self.live.workbook.asks if a.id != aid]
            self.live.changed()
            self._render_asks()

        for widget, field in ((need, "need"), (who, "who"), (what, "what"), (by, "by"), (done, "done")):
            on_value(widget, update(field))
        remove.on_click(drop)
        row = W.HBox(
            [labelled(need, t["ask_need"]), labelled(who, t["ask_who"]), labelled(what, t["ask_what"]),
             labelled(by, t["ask_by"]), W.VBox([W.HTML("&nbsp;"), done, remove])],
            layout=W.Layout(flex_flow="row wrap", border_bottom="1px solid #eee"),
        )
        row.add_class("mk-ask-row")
        return row
