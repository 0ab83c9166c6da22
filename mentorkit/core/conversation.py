"""Step 3, the first conversation: opening, 5–8 questions drawn from the participant's goals and the
contact's expertise, what to offer back, how to close, and a check of the plan and notes.

Every function takes the parsed ``conversation`` content (``content/conversation.toml``) as ``data``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..content import Content
from ..model import Contact, Conversation, Goal, GoalStatus, Workbook
from .checks import Check, CheckResult


@dataclass
class Guide:
    """The filled-in guide for one conversation."""

    opening: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    offers: list[str] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    notes_prompts: list[str] = field(default_factory=list)
    minutes: int = 25


def _lower_first(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _same(text: str) -> str:
    return text


#: Turns an English string written here into the participant's language (``Content.tr``).
Translate = Callable[[str], str]


def _fill(template: str, contact: Contact | None, goal: Goal | None, workbook: Workbook,
          tr: Translate = _same) -> str:
    expertise = (contact.expertise.strip() if contact else "") or tr("your field")
    name = (contact.name.strip() if contact else "") or tr("there")
    return template.format(
        name=name,
        expertise=expertise,
        goal=_lower_first(goal.text) if goal else tr("my next step"),
        field=workbook.profile.field.strip() or tr("my field"),
    )


def _bank(data: Mapping[str, Any], about: str, kind: str | None = None) -> list[str]:
    found = []
    for q in data.get("questions", []):
        if not isinstance(q, Mapping) or q.get("about") != about or not q.get("text"):
            continue
        kinds = list(q.get("kinds", []))
        if kind is None or not kinds or kind in kinds:
            found.append(str(q["text"]))
    return found


def active_goals(workbook: Workbook, goal_ids: list[str] | None = None) -> list[Goal]:
    """The goals a conversation is about: those chosen, else every written goal not done or dropped."""
    goals = [g for g in workbook.goals if g.text.strip()]
    if goal_ids:
        chosen = [g for g in goals if g.id in goal_ids]
        if chosen:
            return chosen
    return [g for g in goals if g.status not in (GoalStatus.done, GoalStatus.dropped)]


def questions(
    workbook: Workbook, contact: Contact | None, data: Mapping[str, Any], goal_ids: list[str] | None = None,
    tr: Translate = _same,
) -> list[str]:
    """Between ``min_questions`` and ``max_questions`` (5–8) questions for this contact, in asking order.

    The mix: their path first, then one question per goal (up to three goals, matched to the goal's
    kind), one on the contact's expertise when it is known, then "whom else should I talk to";
    general questions fill up to the minimum.
    """
    guide = data.get("guide", {})
    lo, hi = int(guide.get("min_questions", 5)), int(guide.get("max_questions", 8))
    chosen: list[str] = []

    def take(template: str, goal: Goal | None = None) -> None:
        text = _fill(template, contact, goal, workbook, tr)
        if text not in chosen and len(chosen) < hi:
            chosen.append(text)

    path = _bank(data, "path")
    for template in path[:2]:
        take(template)
    used: dict[str, int] = {}
    for goal in active_goals(workbook, goal_ids)[:3]:
        bank = _bank(data, "goal", goal.kind.value)
        if bank:
            n = used.get(goal.kind.value, 0)
            take(bank[n % len(bank)], goal)
            used[goal.kind.value] = n + 1
    if contact is not None and contact.expertise.strip():
        for template in _bank(data, "expertise")[:1]:
            take(template)
    network = _bank(data, "network")
    closing_question = _fill(network[0], contact, None, workbook, tr) if network else None
    fillers = _bank(data, "advice") + path[2:] + _bank(data, "expertise")[1:] + network[1:]
    for template in fillers:
        if len(chosen) >= max(lo - (1 if closing_question else 0), 0):
            break
        take(template)
    if closing_question and closing_question not in chosen:
        if len(chosen) >= hi:
            chosen[-1] = closing_question
        else:
            chosen.append(closing_question)
    return chosen


def guide(
    workbook: Workbook, contact: Contact | None, data: Mapping[str, Any], goal_ids: list[str] | None = None,
    tr: Translate = _same,
) -> Guide:
    """The whole guide for a conversation with ``contact``: opening, questions, offers, closing."""
    g = data.get("guide", {})
    return Guide(
        opening=[_fill(line, contact, None, workbook, tr) for line in g.get("opening", [])],
        questions=questions(workbook, contact, data, goal_ids, tr),
        offers=[str(o) for o in g.get("offers", [])],
        closing=[str(line) for line in g.get("closing", [])],
        notes_prompts=[str(p) for p in g.get("notes_prompts", [])],
        minutes=int(g.get("minutes", 25)),
    )


def check_conversation(conversation: Conversation, data: Mapping[str, Any],
                       tr: Translate = _same) -> CheckResult:
    """Is the plan ready (a contact, 5–8 questions, something to offer) and, once held, noted?

    Keys: ``contact``, ``questions``, ``offer``, ``notes`` (only required once the date is set),
    ``follow_up``.
    """
    g = data.get("guide", {})
    lo, hi = int(g.get("min_questions", 5)), int(g.get("max_questions", 8))
    n = len([q for q in conversation.questions if q.strip()])
    checks = [
        Check("contact", bool(conversation.contact_id), tr("Who you will talk to.") if conversation.contact_id
              else tr("Choose who the conversation is with.")),
        Check("questions", lo <= n <= hi, tr("{n} questions ready.").format(n=n) if lo <= n <= hi
              else tr("{n} questions: choose {lo} to {hi}; you will not get through more in 25 minutes.")
              .format(n=n, lo=lo, hi=hi)
              if n > hi else tr("{n} questions: choose at least {lo}.").format(n=n, lo=lo)),
        Check("offer", bool(conversation.offer.strip()),
              tr("Something to offer back.") if conversation.offer.strip()
              else tr("Note one thing you can offer back.")),
    ]
    if conversation.held_on is not None:
        has_notes = len(conversation.notes.split()) >= 5
        checks.append(Check("notes", has_notes, tr("Notes written.") if has_notes
                            else tr("Write a few lines of notes while you still remember.")))
        has_next = bool(conversation.follow_up.strip())
        checks.append(Check("follow_up", has_next, tr("Next step noted.") if has_next
                            else tr("Write what you will send or do next, and when.")))
    return CheckResult(checks=checks)


def conversation_notes(workbook: Workbook, content: Content | None = None) -> list[dict[str, str]]:
    """Held conversations with notes, newest first, as plain rows for step 5 and the worksheet:
    ``who`` (in ``content``'s language when the contact has no name), ``date`` (ISO), ``notes``,
    ``follow_up``."""
    someone = content.tr("a contact") if content is not None else "a contact"
    names = {c.id: c.name.strip() or someone for c in workbook.contacts}
    held = [c for c in workbook.conversations if c.held_on is not None or c.notes.strip()]
    held.sort(key=lambda c: (c.held_on is not None, c.held_on), reverse=True)
    return [
        {
            "who": names.get(c.contact_id, someone),
            "date": c.held_on.isoformat() if c.held_on else "",
            "notes": c.notes.strip(),
            "follow_up": c.follow_up.strip(),
        }
        for c in held
    ]
