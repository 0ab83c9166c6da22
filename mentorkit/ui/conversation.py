"""Exercise 3, second part: a guide for the first 20–30 minute conversation, and notes afterwards."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as W

from ..core import conversation as conv
from ..model import ContactKind, Conversation
from ..present import bullet_list
from ..session import LiveWorkbook
from .common import (
    Exercise,
    area,
    button,
    checks_markup,
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

ALL_GOALS = ""


def conversation(live: LiveWorkbook) -> Exercise:
    """Prepare a conversation with a contact (opening, questions, offer, closing); notes afterwards."""
    return Exercise(live, "mk-conversation", lambda lw: ConversationView(lw).widgets())


def _list(items: list[str], css: str) -> W.HTML:
    box = W.HTML(bullet_list(items, inline=True).markup)
    box.add_class(css)
    return box


class ConversationView:
    """Conversations bound by id to ``live.workbook.conversations``."""

    def __init__(self, live: LiveWorkbook):
        self.live = live
        self.t = labels("conversation", live)
        self.data = live.content.get("conversation")
        self.cards = W.VBox()

    def _contact_options(self) -> list[tuple[str, str]]:
        options = []
        for index, c in enumerate(self.live.workbook.contacts):
            name = c.name.strip() or f"Person {index + 1}"
            if c.kind != ContactKind.person:
                name += f" ({self.t['prospect']})"
            options.append((name, c.id))
        return options

    def widgets(self) -> list[W.Widget]:
        t, wb = self.t, self.live.workbook
        contacts = self._contact_options()
        who = dropdown(contacts or [(t["no_contacts"], "")], contacts[0][1] if contacts else "",
                       "mk-conversation-contact", width="300px")
        goals = [(g.text.strip()[:70], g.id) for g in wb.goals if g.text.strip()]
        goal = dropdown([(t["all_goals"], ALL_GOALS), *goals], ALL_GOALS, "mk-conversation-goal",
                        width="420px")
        start = button(t["start"], "mk-conversation-start", style="primary", icon="plus")

        def prepare(_b: object = None) -> None:
            contacts_now = self._contact_options()
            who.options = contacts_now or [(t["no_contacts"], "")]
            if not who.value:
                return
            contact = next((c for c in self.live.workbook.contacts if c.id == who.value), None)
            goal_ids = [goal.value] if goal.value else None
            questions = conv.questions(self.live.workbook, contact, self.data, goal_ids, self.live.content.tr)
            item = Conversation(contact_id=who.value, goal_id=goal.value, questions=questions)
            self.live.workbook.conversations = [*self.live.workbook.conversations, item]
            self.live.changed()
            self._render()

        start.on_click(prepare)
        self._render()
        return [
            heading(t["title"], t["hint"]),
            W.HBox([labelled(who, t["contact"]), labelled(goal, t["goal"]),
                    W.VBox([W.HTML("&nbsp;"), start])], layout=W.Layout(flex_flow="row wrap")),
            self.cards,
        ]

    def _get(self, conv_id: str) -> Conversation | None:
        return next((c for c in self.live.workbook.conversations if c.id == conv_id), None)

    def _render(self) -> None:
        items = self.live.workbook.conversations
        empty = W.HTML(f"<i>{esc(self.t['empty'])}</i>")
        self.cards.children = [self._card(c) for c in reversed(items)] or [empty]

    def _card(self, item: Conversation) -> W.Widget:
        t, wb, conv_id = self.t, self.live.workbook, item.id
        contact = next((c for c in wb.contacts if c.id == item.contact_id), None)
        guide = conv.guide(wb, contact, self.data, [item.goal_id] if item.goal_id else None,
                           self.live.content.tr)
        suggested = list(dict.fromkeys([*item.questions, *guide.questions]))
        boxes: list[W.Checkbox] = []
        question_box = W.VBox()
        checks = W.HTML()
        checks.add_class("mk-conversation-checks")

        def refreshchecks_markup() -> None:
            current = self._get(conv_id)
            if current is not None:
                result = conv.check_conversation(current, self.data, self.live.content.tr)
                checks.value = checks_markup(result.checks)

        def store_questions(_v: object = None) -> None:
            current = self._get(conv_id)
            if current is not None:
                current.questions = [b.description for b in boxes if b.value]
                self.live.changed()
                refreshchecks_markup()

        def add_box(question: str, on: bool) -> None:
            box = W.Checkbox(value=on, description=question, indent=False,
                             layout=W.Layout(width="min(900px, 100%)"))
            box.add_class("mk-conversation-question")
            on_value(box, store_questions)
            boxes.append(box)

        for q in suggested:
            add_box(q, q in item.questions)
        question_box.children = list(boxes)

        def own(question: str) -> None:
            if question not in [b.description for b in boxes]:
                add_box(question, True)
                question_box.children = list(boxes)
                store_questions()

        own_box, own_btn = entry("mk-conversation-own-question", t["add_question"],
                                 "mk-conversation-question-add", own, t["own_question_placeholder"],
                                 width="420px")
        offer = W.Combobox(value=item.offer, options=guide.offers, placeholder=t["offer_placeholder"],
                           ensure_option=False, layout=W.Layout(width="min(720px, 100%)"))
        offer.add_class("mk-conversation-offer")
        held = date_picker(item.held_on, "mk-conversation-date")
        notes = area(item.notes, "mk-conversation-notes", "\n".join(guide.notes_prompts), rows=5,
                     width="min(720px, 100%)")
        follow = text(item.follow_up, "mk-conversation-follow-up", self.data.get("guide", {}).get(
            "follow_up_hint", ""), width="min(720px, 100%)")
        remove = button(t["remove"], "mk-conversation-remove", icon="trash")

        def update(field: str) -> Callable[[Any], None]:
            def store(value: Any) -> None:
                current = self._get(conv_id)
                if current is not None:
                    setattr(current, field, value)
                    self.live.changed()
                    refreshchecks_markup()
            return store

        for widget, field in ((offer, "offer"), (held, "held_on"), (notes, "notes"), (follow, "follow_up")):
            on_value(widget, update(field))

        def drop(_b: object = None) -> None:
            wb_now = self.live.workbook
            wb_now.conversations = [c for c in wb_now.conversations if c.id != conv_id]
            self.live.changed()
            self._render()

        remove.on_click(drop)
        refreshchecks_markup()
        name = (contact.name.strip() if contact else "") or "?"
        card = W.VBox(
            [
                W.HTML(f"<b>{esc(name)}</b> <span class='mk-hint'>· {guide.minutes} min</span>"),
                labelled(_list(guide.opening, "mk-conversation-opening"), t["opening"]),
                labelled(question_box, t["questions"]),
                W.HBox([labelled(own_box, t["own_question"]), W.VBox([W.HTML("&nbsp;"), own_btn])]),
                labelled(offer, t["offer"]),
                labelled(_list(guide.closing, "mk-conversation-closing"), t["closing"]),
                labelled(held, t["held_on"]),
                labelled(notes, t["notes"]),
                labelled(follow, t["follow_up"]),
                labelled(checks, t["checks"]),
                remove,
            ],
            layout=W.Layout(border="1px solid #ddd", padding="6px 10px", margin="6px 0"),
        )
        card.add_class("mk-conversation-card")
        return card
