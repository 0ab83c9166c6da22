"""What a participant should do next: exercises to come back to and dated steps, soonest first.

Pure: a function of the workbook, the cohort's content and today's date (shown in the worksheet's
"next steps" section).
"""

from __future__ import annotations

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


def ask_line(who: str, what: str) -> str:
    """``"Ask Ana: a call"``; an ask already worded as one ("Ask someone new about ...") is kept as it
    is, never "Ask someone new: Ask someone new about ..."."""
    who, what = who.strip(), what.strip()
    if what.casefold().startswith("ask ") or not who:
        return what or (f"Ask {who}" if who else "An ask")
    return f"Ask {who}: {what}" if what else f"Ask {who}"


def dated_steps(workbook: Workbook) -> list[tuple[date, str]]:
    """Dated things to do, soonest first: open asks, outreach follow-ups, agreement reviews, goal dates."""
    steps: list[tuple[date, str]] = []
    for a in workbook.asks:
        if a.by and not a.done:
            steps.append((a.by, ask_line(a.who, a.what)))
    names = {c.id: c.name for c in workbook.contacts}
    for d in workbook.outreach:
        follow = d.follow_up_on or (follow_up_date(d.sent_on) if d.sent_on else None)
        if follow:
            steps.append((follow, f"Follow up once with {names.get(d.contact_id) or 'your contact'}"))
    for day in workbook.agreement.checkpoints:
        steps.append((day, "Review the agreement together"))
    for g in workbook.goals:
        if g.target_date and g.text.strip() and g.status.value not in ("done", "dropped"):
            steps.append((g.target_date, f"Goal due: {g.text}"))
    steps.sort(key=lambda item: item[0])
    return steps


def next_steps(workbook: Workbook, content: Content, today: date) -> NextSteps:
    """The exercises not done yet (as of ``today``, judged with the cohort's ``content``) and the dated
    steps."""
    status = exercise_status(workbook, content, today=today)
    open_ = [exercise_name(key) for key, level in status.items() if level != "done"]
    return NextSteps(open_exercises=open_, dated=dated_steps(workbook))
