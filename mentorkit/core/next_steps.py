"""What a participant should do next: exercises to come back to and dated steps, soonest first.

Pure: a function of the workbook, the cohort's content and today's date (shown in the worksheet's
"next steps" section).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from ..content import Content
from ..model import Workbook
from .outreach import follow_up_date
from .progress import exercise_status


@dataclass(frozen=True)
class NextSteps:
    """``open_exercises``: names of exercises not done yet ("goals", "mentor map" ...), in workshop
    order; ``dated``: ``(day, what to do)`` pairs, soonest first."""

    open_exercises: list[str] = field(default_factory=list)
    dated: list[tuple[date, str]] = field(default_factory=list)


def exercise_name(key: str) -> str:
    """``"02_mentor_map"`` → ``"mentor map"``."""
    return key.split("_", 1)[-1].replace("_", " ")


def _english(text: str) -> str:
    return text


def ask_line(who: str, what: str, tr: Callable[[str], str] = _english) -> str:
    """``"Ask Ana: a call"``; an ask already worded as one ("Ask someone new about ...") is kept as it
    is, never "Ask someone new: Ask someone new about ..."; ``tr`` gives the words in a language."""
    who, what = who.strip(), what.strip()
    if what.casefold().startswith(("ask ", tr("Ask {who}").split("{")[0].casefold())) or not who:
        return what or (tr("Ask {who}").format(who=who) if who else tr("An ask"))
    return tr("Ask {who}: {what}").format(who=who, what=what) if what else tr("Ask {who}").format(who=who)


def dated_steps(workbook: Workbook, content: Content | None = None) -> list[tuple[date, str]]:
    """Dated things to do, soonest first: open asks, outreach follow-ups, agreement reviews, goal dates
    (worded in ``content``'s language; English without it)."""
    tr = content.tr if content is not None else _english
    steps: list[tuple[date, str]] = []
    for a in workbook.asks:
        if a.by and not a.done:
            steps.append((a.by, ask_line(a.who, a.what, tr)))
    names = {c.id: c.name for c in workbook.contacts}
    for d in workbook.outreach:
        follow = d.follow_up_on or (follow_up_date(d.sent_on) if d.sent_on else None)
        if follow:
            who = names.get(d.contact_id) or tr("your contact")
            steps.append((follow, tr("Follow up once with {name}").format(name=who)))
    for day in workbook.agreement.checkpoints:
        steps.append((day, tr("Review the agreement together")))
    for g in workbook.goals:
        if g.target_date and g.text.strip() and g.status.value not in ("done", "dropped"):
            steps.append((g.target_date, tr("Goal due: {goal}").format(goal=g.text)))
    steps.sort(key=lambda item: item[0])
    return steps


def next_steps(workbook: Workbook, content: Content, today: date) -> NextSteps:
    """The exercises not done yet (as of ``today``, judged with the cohort's ``content``) and the dated
    steps."""
    status = exercise_status(workbook, content, today=today)
    titles = {str(k): str(v) for k, v in content.ui("nav").get("pages", ())} if content.locale != "en" else {}
    open_ = [titles.get(key) or exercise_name(key) for key, level in status.items() if level != "done"]
    return NextSteps(open_exercises=open_, dated=dated_steps(workbook, content))
