"""Progress over time: snapshots of the measurable parts, their differences, exercise status."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from ..content import Category, Content
from ..model import Agreement, GoalStatus, Snapshot, Workbook, utcnow
from .mentor_map import contact_needs
from .smart import check_goal

EXERCISES = ("00_start_here", "01_goals", "02_mentor_map", "03_outreach", "04_expectations", "05_feedback")
NOT_STARTED, STARTED, DONE = "not_started", "started", "done"


@dataclass(frozen=True)
class SkillChange:
    """One skill's self-rating before and after (None = not rated then)."""

    name: str
    before: int | None
    after: int | None
    target: int | None = None

    @property
    def change(self) -> int:
        """After minus before; 0 when either rating is missing."""
        return (self.after - self.before) if self.before is not None and self.after is not None else 0


@dataclass
class SnapshotDiff:
    """What changed between two snapshots, with plain-language ``summary`` lines."""

    skills: list[SkillChange] = field(default_factory=list)
    coverage: dict[str, tuple[int, int]] = field(default_factory=dict)
    needs_covered_before: int = 0
    needs_covered_after: int = 0
    goals_done_before: int = 0
    goals_done_after: int = 0
    goals_total_before: int = 0
    goals_total_after: int = 0
    summary: list[str] = field(default_factory=list)
    steps_summary: list[str] = field(default_factory=list)

    @property
    def goals_done_change(self) -> int:
        return self.goals_done_after - self.goals_done_before

    @property
    def coverage_change(self) -> int:
        """Change in the number of needs with at least one person."""
        return self.needs_covered_after - self.needs_covered_before


def take_snapshot(
    workbook: Workbook, categories: Sequence[Category], label: str = "", now: datetime | None = None
) -> Snapshot:
    """A dated copy of skills, per-need contact counts and goal counts (dropped goals excluded).

    The snapshot is returned, not stored: append it to ``workbook.snapshots`` to keep it.
    """
    counts = {c.key: 0 for c in categories}
    for contact in workbook.contacts:
        if contact.kind != "person":
            continue  # prospects and places cover nothing until met (as in analyse_map)
        for key in contact_needs(contact, categories):
            if key in counts:
                counts[key] += 1
    goals = [g for g in workbook.goals if g.text.strip() and g.status != GoalStatus.dropped]
    return Snapshot(
        taken_at=now or utcnow(),
        label=label,
        skills=[s.model_copy() for s in workbook.skills],
        needs_covered=counts,
        goals_total=len(goals),
        goals_done=sum(1 for g in goals if g.status == GoalStatus.done),
        changes_total=sum(1 for c in workbook.changes if c.text.strip()),
        changes_done=sum(1 for c in workbook.changes if c.text.strip() and c.done),
        wins=sum(1 for w in workbook.wins if w.text.strip()),
    )


def diff_snapshots(before: Snapshot, after: Snapshot, tr: Callable[[str], str] = str) -> SnapshotDiff:
    """Per-skill change, need coverage change and goals-done change, with summary lines."""
    old = {s.name: s for s in before.skills}
    new = {s.name: s for s in after.skills}
    names = [s.name for s in before.skills] + [n for n in new if n not in old]
    skills = [
        SkillChange(
            name,
            old[name].current if name in old else None,
            new[name].current if name in new else None,
            (new.get(name) or old[name]).target,
        )
        for name in names
    ]
    keys = list(dict.fromkeys([*before.needs_covered, *after.needs_covered]))
    coverage = {k: (before.needs_covered.get(k, 0), after.needs_covered.get(k, 0)) for k in keys}
    diff = SnapshotDiff(
        skills=skills,
        coverage=coverage,
        needs_covered_before=sum(1 for b, _ in coverage.values() if b),
        needs_covered_after=sum(1 for _, a in coverage.values() if a),
        goals_done_before=before.goals_done,
        goals_done_after=after.goals_done,
        goals_total_before=before.goals_total,
        goals_total_after=after.goals_total,
    )
    diff.steps_summary = _steps_summary(before, after, tr)
    diff.summary = _summary(diff, tr)
    return diff


def _steps_summary(before: Snapshot, after: Snapshot, tr: Callable[[str], str] = str) -> list[str]:
    """Lines on "what I will change" entries and the wins log (step 5), when there are any."""
    lines = []
    if after.changes_total or before.changes_total:
        planned = tr("Changes you planned: {total} ({done} done; {done_then} of {total_then} then).")
        lines.append(planned.format(
            total=after.changes_total, done=after.changes_done, done_then=before.changes_done,
            total_then=before.changes_total))
    if after.wins > before.wins:
        lines.append(tr("Wins logged: {wins}, {more} more than then.").format(
            wins=after.wins, more=after.wins - before.wins))
    elif after.wins:
        lines.append(tr("Wins logged: {wins}.").format(wins=after.wins))
    return lines


def _summary(diff: SnapshotDiff, tr: Callable[[str], str] = str) -> list[str]:
    lines = []
    up = [s for s in diff.skills if s.change > 0]
    down = [s for s in diff.skills if s.change < 0]
    for s in up:
        lines.append(tr("{skill}: up from {before} to {after}.").format(skill=s.name, before=s.before,
                                                                       after=s.after))
    for s in down:
        lines.append(tr("{skill}: down from {before} to {after}; ratings often drop as you learn more.")
                     .format(skill=s.name, before=s.before, after=s.after))
    if diff.skills and not up and not down:
        lines.append(tr("Your skill ratings have not changed yet."))
    if diff.coverage_change > 0:
        lines.append(tr("Your mentor map grew: {covered} needs covered, {more} more.").format(
            covered=diff.needs_covered_after, more=diff.coverage_change))
    elif diff.coverage_change < 0:
        lines.append(tr("{lost} need(s) lost their person on your mentor map.").format(
            lost=-diff.coverage_change))
    else:
        lines.append(tr("Needs covered on your mentor map: still {covered}.").format(
            covered=diff.needs_covered_after))
    if diff.goals_done_change > 0:
        done, total = diff.goals_done_after, diff.goals_total_after
        lines.append(tr("{more} more goal(s) done: {done} of {total}.").format(
            more=diff.goals_done_change, done=done, total=total))
    else:
        lines.append(tr("Goals done: {done} of {total}.").format(done=diff.goals_done_after,
                                                                total=diff.goals_total_after))
    lines += diff.steps_summary
    return lines


def exercise_status(workbook: Workbook, content: Content, today: date | None = None) -> dict[str, str]:
    """``not_started`` / ``started`` / ``done`` for each workshop exercise, judged with ``content``
    (the cohort's content: the same checks the exercises show).

    An exercise is done when the participant has done it, never when a heuristic is satisfied:
    the SMART, outreach and agreement checkers are advice (see :func:`smart_summary` for the
    separate "goals with all five SMART parts" figure).

    * ``00_start_here`` – done: the participant confirmed their profile on the start page
      (``profile.confirmed_on``, set by its button or by editing a detail); otherwise not started.
      What a roster import fills in (role, field, values, ratings) never counts: the participant
      has not been there yet.
    * ``01_goals`` – started: a value, a goal with text or a skill with a target; done: at least one
      goal written (not dropped) and at least one skill with both current and target ratings.
    * ``02_mentor_map`` – started: a contact or an ask; done: a contact covering at least one
      need and an ask with who, what and a date. A mentor the programme proposed does not count.
    * ``03_outreach`` – started: an outreach draft with a subject or body; done: a draft with a
      body (written and saved) or one that was sent.
    * ``04_expectations`` – started: any agreement field filled (other than the proposed mentor's name
      the programme filled in); done: every part of the agreement filled in (goals, how often, how,
      how long, dates, the three clauses, a ground rule, a checkpoint and both names), whatever the
      checker thinks of the wording.
    * ``05_feedback`` – started: a snapshot or a reflection; done: a reflection with text.
    """
    wb = workbook
    status: dict[str, str] = {}

    confirmed = wb.profile.confirmed_on is not None
    status["00_start_here"] = _level(confirmed, confirmed)

    started = (any(v.strip() for v in wb.values) or any(g.text.strip() for g in wb.goals)
               or any(s.target is not None for s in wb.skills))
    written = any(g.text.strip() and g.status != GoalStatus.dropped for g in wb.goals)
    rated = any(s.current is not None and s.target is not None for s in wb.skills)
    status["01_goals"] = _level(started, written and rated)

    own = [c for c in wb.contacts if c.source != "programme"]  # a proposed mentor is not their work
    started = bool(own or wb.asks)
    done = any(c.needs for c in own) and any(a.who and a.what and a.by for a in wb.asks)
    status["02_mentor_map"] = _level(started, done)

    drafts = [d for d in wb.outreach if d.subject.strip() or d.body.strip()]
    done = any(d.sent_on is not None or d.body.strip() for d in drafts)
    status["03_outreach"] = _level(bool(drafts), done)

    a = wb.agreement
    mine = a
    if wb.proposed_mentor is not None and mine.mentor_name == wb.proposed_mentor.name:
        mine = mine.model_copy(update={"mentor_name": ""})  # filled in by the programme, not by them
    started = mine != Agreement()
    filled = all([
        a.goal_ids, a.frequency.strip(), a.mode.strip(), a.meeting_minutes, a.start, a.end,
        a.confidentiality.strip(), a.feedback.strip(), a.ending.strip(),
        any(r.strip() for r in a.ground_rules), a.checkpoints, a.mentee_name.strip(), a.mentor_name.strip(),
    ])
    status["04_expectations"] = _level(started, filled)

    started = bool(wb.snapshots or wb.reflections)
    status["05_feedback"] = _level(started, any(r.text.strip() for r in wb.reflections))
    return status


def smart_summary(workbook: Workbook, content: Content, today: date | None = None) -> tuple[int, int]:
    """``(complete, written)``: goals with all five SMART parts (checked with the cohort's ``content``),
    of the goals written (not dropped).

    For the dashboard's separate "goals with all five SMART parts" figure; progress does not use it.
    """
    goals = [g for g in workbook.goals if g.text.strip() and g.status != GoalStatus.dropped]
    return sum(1 for g in goals if check_goal(g, workbook, today=today, content=content).ok), len(goals)


def _level(started: bool, done: bool) -> str:
    return DONE if done else STARTED if started else NOT_STARTED
