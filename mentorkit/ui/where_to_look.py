"""Exercise 2, second part: where to look for open needs, prospects with realistic dates, and the
shape of the network (peer / near-peer / senior / sponsor)."""

from __future__ import annotations

from datetime import date

import ipywidgets as W

from ..core import where_to_look as look
from ..model import Ask, Contact, ContactKind, NetworkRole
from ..present import Item, bullet_list
from ..session import LiveWorkbook
from .common import (
    Exercise,
    button,
    checks_markup,
    date_picker,
    dropdown,
    esc,
    heading,
    labelled,
    labels,
    on_value,
)
from .entry import entry


def where_to_look(live: LiveWorkbook) -> Exercise:
    """Channels for each open need, prospects and their ask dates, and the network's shape."""
    return Exercise(live, "mk-where-to-look", lambda lw: LookView(lw).widgets())


class LookView:
    """Reads the map in ``live.workbook``; adds prospects as contacts with an ask each."""

    def __init__(self, live: LiveWorkbook):
        self.live = live
        self.t = labels("where_to_look", live)
        self.data = live.content.get("channels")
        self.categories = list(live.content.need_categories)
        self.labels = {c.key: c.label for c in self.categories}
        self.needs = W.VBox()
        self.prospects = W.VBox()
        self.dates = W.HTML()
        self.dates.add_class("mk-ask-dates")
        self.roles = W.VBox()
        self.reading = W.HTML()
        self.reading.add_class("mk-network-reading")

    def widgets(self) -> list[W.Widget]:
        t = self.t
        again = button(t["refresh"], "mk-look-refresh", icon="refresh")
        again.on_click(lambda _b: self.render())
        definitions = W.HTML(bullet_list(
            [Item(r.definition, label=f"{r.label}:") for r in look.roles(self.data)], inline=True).markup)
        definitions.add_class("mk-network-roles")
        self.render()
        return [
            heading(t["title"], t["hint"]), again, self.needs,
            heading(t["prospects_title"], t["prospects_hint"]), self.prospects,
            heading(t["asks_title"], t["asks_hint"]), self.dates,
            heading(t["network_title"], t["network_hint"]), definitions, self.roles, self.reading,
        ]

    def render(self) -> None:
        """Redraw every part from the workbook (after the map above changed)."""
        self._render_needs()
        self._render_prospects()
        self._render_roles()

    # -- open needs and their channels ---------------------------------------------------------
    def _render_needs(self) -> None:
        from ..core.mentor_map import analyse_map

        report = analyse_map(self.live.workbook, self.categories, content=self.live.content)
        needs = look.open_needs(report.gaps, report.priority_gaps, self.live.workbook)
        if not needs:
            self.needs.children = [W.HTML(f"<i>{esc(self.t['no_gaps'])}</i>")]
            return
        found = look.channels_for(needs, self.data)
        self.needs.children = [self._need_card(key, found[key]) for key in needs]

    def _need_card(self, key: str, channels: list[look.Channel]) -> W.Widget:
        t = self.t
        advice = str(self.data.get("advice", {}).get(key, ""))
        items = bullet_list(
            [Item(c.how, label=f"{c.label}.", note=f"{t['first_step']}: {c.first_step}", css="mk-channel")
             for c in channels], inline=True).markup
        body = W.HTML(
            f"<b>{esc(self.labels.get(key, key))}</b>"
            + (f"<div class='mk-hint'>{esc(advice)}</div>" if advice else "")
            + items
        )
        choice = dropdown([(c.label, c.key) for c in channels] or [("—", "")],
                          channels[0].key if channels else "", "mk-prospect-channel",
                          width="min(420px, 100%)")

        def add(name: str) -> None:
            channel = next((c for c in channels if c.key == choice.value), None)
            if channel is not None:
                self._add_prospect(channel, key, name)

        name, add_btn = entry("mk-prospect-name", t["add_prospect"], "mk-prospect-add", add,
                              t["prospect_name_placeholder"], width="300px", allow_empty=True)
        card = W.VBox(
            [body, W.HBox([labelled(choice, t["channel"]), labelled(name, t["prospect_name"]),
                           W.VBox([W.HTML("&nbsp;"), add_btn])], layout=W.Layout(flex_flow="row wrap"))],
            layout=W.Layout(border="1px solid #ddd", padding="6px 10px", margin="6px 0"),
        )
        card.add_class("mk-look-need")
        card.add_class(f"mk-look-need-{key}")
        return card

    def _add_prospect(self, channel: look.Channel, need: str, name: str) -> None:
        wb = self.live.workbook
        contact = look.new_prospect(channel, need, name)
        ask = look.prospect_ask(contact, channel, need, self.labels.get(need, need), date.today(), self.data)
        wb.contacts = [*wb.contacts, contact]
        wb.asks = [*wb.asks, ask]
        self.live.changed()
        self.render()

    # -- prospects and dates -------------------------------------------------------------------
    def _render_prospects(self) -> None:
        wb = self.live.workbook
        rows = [self._prospect_row(c.id) for c in wb.contacts if c.kind != ContactKind.person]
        self.prospects.children = rows or [W.HTML(f"<i>{esc(self.t['prospects_empty'])}</i>")]
        self._render_dates()

    def _prospect_row(self, cid: str) -> W.Widget:
        t, wb = self.t, self.live.workbook
        contact = next(c for c in wb.contacts if c.id == cid)
        ask = next((a for a in wb.asks if a.contact_id == cid), None)
        name = W.Text(value=contact.name, layout=W.Layout(width="280px"))
        name.add_class("mk-prospect-row-name")
        kind = dropdown([tuple(k) for k in t["kinds"]], contact.kind.value, "mk-prospect-kind", width="220px")
        by = date_picker(ask.by if ask else None, "mk-prospect-by")
        remove = button(t["remove"], "mk-prospect-remove", icon="trash")

        def store_name(value: str) -> None:
            c = self._contact(cid)
            if c is not None:
                c.name = value
                for a in wb.asks:
                    if a.contact_id == cid:
                        a.who = value
                self.live.changed()

        def store_kind(value: str) -> None:
            c = self._contact(cid)
            if c is not None:
                c.kind = ContactKind(value)
                self.live.changed()
                if c.kind == ContactKind.person:  # met: it leaves the prospects for the map's people
                    self.render()

        def store_by(value: date | None) -> None:
            a = next((a for a in self.live.workbook.asks if a.contact_id == cid), None)
            if a is None:
                a = Ask(need=(contact.needs or [""])[0], who=contact.name, contact_id=cid)
                self.live.workbook.asks = [*self.live.workbook.asks, a]
            a.by = value
            self.live.changed()
            self._render_dates()

        def drop(_b: object = None) -> None:
            self.live.workbook.contacts = [c for c in self.live.workbook.contacts if c.id != cid]
            self.live.workbook.asks = [a for a in self.live.workbook.asks if a.contact_id != cid]
            self.live.changed()
            self.render()

        on_value(name, store_name)
        on_value(kind, store_kind)
        on_value(by, store_by)
        remove.on_click(drop)
        need = ", ".join(self.labels.get(n, n) for n in contact.needs)
        row = W.HBox(
            [labelled(name, t["place"] if contact.kind == ContactKind.place else t["name"]),
             labelled(kind, t["kind"]), labelled(W.HTML(esc(need) or "—"), t["need"]),
             labelled(by, t["by"]), W.VBox([W.HTML("&nbsp;"), remove])],
            layout=W.Layout(flex_flow="row wrap", border_bottom="1px solid #eee"),
        )
        row.add_class("mk-prospect-row")
        return row

    def _contact(self, cid: str) -> Contact | None:
        return next((c for c in self.live.workbook.contacts if c.id == cid), None)

    def _render_dates(self) -> None:
        today = date.today()
        open_asks = [a for a in self.live.workbook.asks if not a.done]
        if not open_asks:
            self.dates.value = f"<i>{esc(self.t['asks_empty'])}</i>"
            return
        checks = []
        for a in open_asks:
            check = look.check_due(a.by, today, self.data, self.live.content.locale)
            who = a.who.strip() or self.labels.get(a.need, a.need) or "?"
            checks.append(type(check)(check.key, check.ok, f"{who}: {check.message}"))
        self.dates.value = checks_markup(checks)

    # -- network roles -------------------------------------------------------------------------
    def _render_roles(self) -> None:
        t, wb = self.t, self.live.workbook
        rows = []
        for index, contact in enumerate(wb.contacts):
            if contact.kind != ContactKind.person:
                continue
            cid = contact.id
            role = dropdown([tuple(r) for r in t["roles"]], contact.network_role.value, "mk-contact-role",
                            width="200px")

            def store(value: str, cid: str = cid) -> None:
                c = self._contact(cid)
                if c is not None:
                    c.network_role = NetworkRole(value)
                    self.live.changed()
                    self._read_network()

            on_value(role, store)
            name = contact.name.strip() or f"Person {index + 1}"
            rows.append(W.HBox([W.HTML(f"<b>{esc(name)}</b>", layout=W.Layout(width="240px")),
                                labelled(role, t["role"])]))
        self.roles.children = rows or [W.HTML(f"<i>{esc(t['no_people'])}</i>")]
        self._read_network()

    def _read_network(self) -> None:
        shape = look.network_shape(self.live.workbook, self.data)
        self.reading.value = (f"<p style='max-width:900px'>{esc(shape.reading)}</p>"
                              + checks_markup(shape.checks))
