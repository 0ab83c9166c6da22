"""What a participant should do next: exercises to come back to and dated steps, soonest first.

Pure: a function of the workbook, the cohort's content and today's date (shown in the worksheet's
"next steps" section).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..content import Content, bundled
from ..model import Workbook
from .outreach import follow_up_date
from .progress import exercise_status


@dataclass(frozen=True)
class NextSteps:
    """``open_exercises``: names of exercises not done yet ("goals", "mentor map" ...), in workshop
    order, in the content's language; ``dated``: ``(day, what to do)`` pairs, soonest first."""

    open_exercises: list[str] = field(default_factory=list)
    dated: list[tuple[date, str]] = field(default_factory=list)


def exercise_name(key: str, content: Content | None = None) -> str:
    """``"02_mentor_map"`` → ``"mentor map"`` (the name ``worksheet.toml`` gives it in ``content``'s
    language, else the key's words)."""
    names = _texts(content).get("exercises", {})
    return str(names.get(key) or key.split("_", 1)[-1].replace("_", " "))


def _texts(content: Content | None) -> Mapping[str, Any]:
    """``[next_steps]`` of ``worksheet.toml``: the wording of the steps."""
    texts: Mapping[str, Any] = (content or bundled()).get("worksheet").get("next_steps", {})
    return texts


def ask_line(who: str, what: str, content: Content | None = None) -> str:
    """``"Ask Ana: a call"``; an ask already worded as one ("Ask someone new about ...") is kept as it
    is, never "Ask someone new: Ask someone new about ..."."""
    t = _texts(content)
    who, what = who.strip(), what.strip()
    worded = tuple(str(w).casefold() for w in t.get("worded_asks", ("ask ",)))
    if what.casefold().startswith(worded) or not who:
        return what or (str(t["ask_who"]).format(who=who) if who else str(t["ask_nobody"]))
    return str(t["ask"]).format(who=who, what=what) if what else str(t["ask_who"]).format(who=who)


def dated_steps(workbook: Workbook, content: Content | None = None) -> list[tuple[date, str]]:
    """Dated things to do, soonest first: open asks, outreach follow-ups, agreement reviews, goal dates;
    worded in ``content``'s language (English without it)."""
    t = _texts(content)
    steps: list[tuple[date, str]] = []
    for a in workbook.asks:
        if a.by and not a.done:
            steps.append((a.by, ask_line(a.who, a.what, content)))
    names = {c.id: c.name for c in workbook.contacts}
    for d in workbook.outreach:
        follow = d.follow_up_on or (follow_up_date(d.sent_on) if d.sent_on else None)
        if follow:
            name = names.get(d.contact_id) or str(t["your_contact"])
            steps.append((follow, str(t["follow_up"]).format(name=name)))
    for day in workbook.agreement.checkpoints:
        steps.append((day, str(t["review"])))
    for g in workbook.goals:
        if g.target_date and g.text.strip() and g.status.value not in ("done", "dropped"):
            steps.append((g.target_date, str(t["goal_due"]).format(goal=g.text)))
    steps.sort(key=lambda item: item[0])
    return steps


def next_steps(workbook: Workbook, content: Content, today: date) -> NextSteps:
    """The exercises not done yet (as of ``today``, judged with the cohort's ``content``) and the dated
    steps."""
    status = exercise_status(workbook, content, today=today)
    open_ = [exercise_name(key, content) for key, level in status.items() if level != "done"]
    return NextSteps(open_exercises=open_, dated=dated_steps(workbook, content))
