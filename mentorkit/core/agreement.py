"""The mentoring agreement: completeness checks, printable text and meeting dates.

Checks, keyed: ``goals`` (1–3 of the workbook's goals chosen), ``frequency``, ``mode``,
``meeting_minutes``, ``dates`` (start before end; a warning outside 4–12 months),
``confidentiality``, ``feedback``, ``ground_rules`` (at least one concrete rule), ``checkpoints`` (at
least one, inside the agreement's dates), ``ending`` (a no-fault way to end), the clauses from both
sides of :mod:`mentorkit.core.expectations` (keyed by their field, e.g. ``reply_time``) and
``signatures`` (both names). The written clauses are read by :func:`clause_verdict`: "missing" (empty,
"TBD"), "vague" (nothing one could act on: "Be respectful", "Standard confidentiality applies") or
"ok"; a vague or missing clause fails with a concrete suggestion. The rules are in ``agreement.toml
[clauses]`` and are measured against ``tests/data/agreement_corpus.toml``.
The calendar export, :func:`calendar_ics`, uses the small writer in :mod:`mentorkit.core.ics`.
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from ..content import Content, bundled
from ..model import Agreement, Workbook
from . import ics
from .checks import Check, CheckResult, advice, advice_texts
from .expectations import check_clauses, clause_sections
from .text import fold, has_phrase, normalise, words

KEYS = (
    "goals",
    "frequency",
    "mode",
    "meeting_minutes",
    "dates",
    "confidentiality",
    "feedback",
    "ground_rules",
    "checkpoints",
    "ending",
    "signatures",
)


@dataclass
class AgreementReport(CheckResult):
    """Completeness of an agreement; see the module docstring for the keys."""


@dataclass(frozen=True)
class Choice:
    """A frequency or mode the agreement offers."""

    key: str
    label: str
    step: str = ""
    aliases: tuple[str, ...] = ()


def _data(content: Content | None) -> Mapping[str, Any]:
    return (content or bundled()).get("agreement")


OK, VAGUE, MISSING = "ok", "vague", "missing"


def _clauses(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """The clause rules from the parsed ``agreement.toml`` (the one place they are read)."""
    clauses: Mapping[str, Any] = data.get("clauses", {})
    return clauses


def clause_verdict(field: str, text: str, *, content: Content | None = None) -> str:
    """``"ok"``, ``"vague"`` or ``"missing"`` for one written clause.

    ``field`` is ``confidentiality``, ``feedback``, ``ending`` or ``ground_rule``.
    """
    return _verdict(_clauses(_data(content)), field, text)


def _folded(phrases: Any) -> list[str]:
    return [fold(str(p)) for p in phrases]


def _verdict(rules: Mapping[str, Any], field: str, text: str) -> str:
    """The clause read without accents on both sides ("sesión" = "sesion"), in every language."""
    text = fold(text)
    plain = " ".join(words(text))
    blanks = {normalise(b).strip() for b in _folded(rules.get("blanks", []))}
    if not plain or normalise(text).strip() in blanks or (
        text.strip() and not any(ch.isalnum() for ch in text)
    ):
        return MISSING
    if has_phrase(text, _folded(rules.get("hedges", []))):
        return VAGUE
    own = rules.get(field, {})
    if field == "ending":
        who = has_phrase(text, _folded(own.get("who", [])))
        how = has_phrase(text, _folded(own.get("how", [])))
        return OK if who and how else VAGUE
    cues = _folded(own.get("needs_any", []))
    concrete = has_phrase(text, cues) or has_phrase(text.replace("'", " "), cues)
    if field == "ground_rule" and any(ch.isdigit() for ch in text):
        return OK
    return OK if concrete else VAGUE


def _clause_check(
    key: str, field: str, text: str, rules: Mapping[str, Any], texts: Mapping[str, Any]
) -> Check:
    own = rules.get(field, {})
    verdict = _verdict(rules, field, text)
    if verdict == OK:
        return Check(key, True, advice(texts, "clause_agreed"))
    example = own.get("example", "")
    what = own.get("what", texts["clause_what"])
    if verdict == MISSING:
        return Check(key, False, advice(texts, "clause_missing", what=what, example=example))
    shown = text.strip()[:60]
    return Check(key, False, advice(texts, "clause_vague", text=shown, what=what, example=example))


def _choices(table: str, content: Content | None) -> list[Choice]:
    return [
        Choice(
            str(item["key"]),
            str(item.get("label", item["key"])),
            str(item.get("step", "")),
            tuple(str(a) for a in item.get("aliases", [])),
        )
        for item in _data(content).get(table, [])
    ]


def frequencies(content: Content | None = None) -> list[Choice]:
    """Meeting frequencies on offer (weekly, twice a month, monthly)."""
    return _choices("frequencies", content)


def modes(content: Content | None = None) -> list[Choice]:
    """Meeting modes on offer (in person, video, phone)."""
    return _choices("modes", content)


def options(content: Content | None = None) -> dict[str, Any]:
    """Everything a UI needs to offer: frequencies, modes, lengths, suggested clauses, limits."""
    data = _data(content)
    return {
        "frequencies": frequencies(content),
        "modes": modes(content),
        "meeting_minutes": list(data.get("choices", {}).get("meeting_minutes", [30, 45, 60])),
        "default_months": int(data.get("choices", {}).get("default_months", 6)),
        "suggested": dict(data.get("suggested", {})),
        "limits": dict(data.get("limits", {})),
    }


def _norm(text: str) -> str:
    return " ".join(text.replace("_", " ").replace("-", " ").casefold().split())


def find_choice(text: str, choices: list[Choice]) -> Choice | None:
    """The choice whose key, label or alias matches ``text`` (any case), or None."""
    wanted = _norm(text)
    for choice in choices:
        if wanted and wanted in {_norm(choice.key), _norm(choice.label), *map(_norm, choice.aliases)}:
            return choice
    return None


def months_between(start: date, end: date) -> float:
    """Length of a period in (average) months."""
    return (end - start).days / 30.44


def add_months(day: date, months: int, anchor_day: int | None = None) -> date:
    """``day`` plus whole months, kept on ``anchor_day`` (default ``day.day``) or the month's end."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = _calendar.monthrange(year, month)[1]
    return date(year, month, min(anchor_day or day.day, last))


def meeting_dates(agreement: Agreement, content: Content | None = None) -> list[date]:
    """Every meeting from start to end (inclusive) at the agreed frequency.

    Empty when the start, the end or a known frequency is missing. Monthly meetings keep the
    start's day of the month, moved to the month's last day where that day does not exist.
    """
    choice = find_choice(agreement.frequency, frequencies(content))
    if choice is None or agreement.start is None or agreement.end is None or not choice.step:
        return []
    unit, _, amount = choice.step.partition(":")
    step = max(1, int(amount or 1))
    dates: list[date] = []
    n = 0
    while True:
        if unit == "months":
            day = add_months(agreement.start, n * step, agreement.start.day)
        else:
            day = agreement.start + timedelta(weeks=n * step)
        if day > agreement.end:
            return dates
        dates.append(day)
        n += 1


def check_agreement(
    agreement: Agreement, workbook: Workbook | None = None, *, content: Content | None = None
) -> AgreementReport:
    """Check that the agreement holds everything a mentoring agreement should (see module docs)."""
    data = _data(content)
    texts = advice_texts(content, "agreement")
    limits = data.get("limits", {})
    max_goals = int(limits.get("max_goals", 3))
    checks: list[Check] = []

    goal_ids = list(dict.fromkeys(agreement.goal_ids))
    known = {g.id for g in workbook.goals} if workbook is not None else None
    unknown = [g for g in goal_ids if known is not None and g not in known]
    count = len(goal_ids)
    if not goal_ids:
        checks.append(Check("goals", False, advice(texts, "no_goals")))
    elif unknown:
        checks.append(Check("goals", False, advice(texts, "unknown_goal")))
    elif count > max_goals:
        message = advice(texts, "too_many_goals", count=count, max_goals=max_goals)
        checks.append(Check("goals", False, message))
    else:
        checks.append(Check("goals", True, advice(texts, "goals_chosen", count=count)))

    freq = find_choice(agreement.frequency, frequencies(content))
    if freq:
        checks.append(Check("frequency", True, advice(texts, "frequency", frequency=freq.label.lower())))
    elif agreement.frequency.strip():
        typed = agreement.frequency.strip()
        checks.append(Check("frequency", True, advice(texts, "frequency", frequency=typed), warning=True))
    else:
        checks.append(Check("frequency", False, advice(texts, "no_frequency")))

    if agreement.mode.strip():
        checks.append(Check("mode", True, advice(texts, "mode", mode=agreement.mode.strip().lower())))
    else:
        checks.append(Check("mode", False, advice(texts, "no_mode")))

    minutes = agreement.meeting_minutes
    lo, hi = int(limits.get("min_minutes", 15)), int(limits.get("max_minutes", 120))
    if minutes is None:
        checks.append(Check("meeting_minutes", False, advice(texts, "no_minutes")))
    elif not lo <= minutes <= hi:
        message = advice(texts, "unusual_minutes", minutes=minutes)
        checks.append(Check("meeting_minutes", True, message, warning=True))
    else:
        checks.append(Check("meeting_minutes", True, advice(texts, "minutes", minutes=minutes)))

    checks.append(_dates_check(agreement, limits, texts))

    clause_rules = _clauses(data)
    for key in ("confidentiality", "feedback", "ending"):
        checks.append(_clause_check(key, key, getattr(agreement, key), clause_rules, texts))
    checks.append(_ground_rules_check(agreement.ground_rules, clause_rules, texts))
    checks.append(_checkpoints_check(agreement, texts))
    # keep the documented order: ... feedback, ground_rules, checkpoints, ending, signatures
    mentee, mentor = agreement.mentee_name.strip(), agreement.mentor_name.strip()
    if mentee and mentor:
        checks.append(Check("signatures", True, advice(texts, "signed")))
    else:
        missing = "unsigned_mentor" if mentee else "unsigned_mentee" if mentor else "unsigned_both"
        checks.append(Check("signatures", False, advice(texts, missing)))
    order = {key: i for i, key in enumerate(KEYS)}
    checks.sort(key=lambda c: order[c.key])
    checks[-1:-1] = check_clauses(agreement, data)  # both sides' clauses, before the signatures
    return AgreementReport(checks=checks)


def _ground_rules_check(
    rules: list[str], clause_rules: Mapping[str, Any], texts: Mapping[str, Any]
) -> Check:
    written = [r.strip() for r in rules if r.strip()]
    verdicts = {r: _verdict(clause_rules, "ground_rule", r) for r in written}
    good = [r for r, v in verdicts.items() if v == OK]
    vague = [r for r, v in verdicts.items() if v == VAGUE]
    own = clause_rules.get("ground_rule", {})
    example = own.get("example", texts["ground_rule_example"])
    if not good and not vague:
        return Check("ground_rules", False, advice(texts, "no_ground_rule", example=example))
    if not good:
        what = own.get("what", texts["ground_rule_what"])
        return Check("ground_rules", False,
                     advice(texts, "ground_rules_vague", text=vague[0][:60], what=what, example=example))
    if vague:
        message = advice(texts, "ground_rules_some_vague", count=len(good), text=vague[0][:60])
        return Check("ground_rules", True, message, warning=True)
    return Check("ground_rules", True, advice(texts, "ground_rules", count=len(good)))


def _dates_check(agreement: Agreement, limits: Mapping[str, Any], texts: Mapping[str, Any]) -> Check:
    start, end = agreement.start, agreement.end
    if start is None or end is None:
        return Check("dates", False, advice(texts, "no_dates"))
    if end <= start:
        return Check("dates", False, advice(texts, "end_before_start"))
    months = months_between(start, end)
    lo, hi = int(limits.get("min_months", 4)), int(limits.get("max_months", 12))
    if months < lo - 0.1:
        return Check("dates", True, advice(texts, "short", months=f"{months:.0f}", low=lo, high=hi),
                     warning=True)
    if months > hi + 0.5:
        return Check("dates", True, advice(texts, "long", months=f"{months:.0f}", low=lo, high=hi),
                     warning=True)
    return Check("dates", True, advice(texts, "length", months=round(months)))


def _checkpoints_check(agreement: Agreement, texts: Mapping[str, Any]) -> Check:
    points = sorted(set(agreement.checkpoints))
    if not points:
        return Check("checkpoints", False, advice(texts, "no_checkpoints"))
    start, end = agreement.start, agreement.end
    if start and end and end <= start:
        start = end = None  # the dates check reports that; do not blame the checkpoints too
    outside = [p for p in points if (start and p < start) or (end and p > end)]
    if outside:
        return Check("checkpoints", False, advice(texts, "checkpoints_outside"))
    return Check("checkpoints", True, advice(texts, "checkpoints", count=len(points)))


def agreement_text(workbook: Workbook, *, content: Content | None = None, width: int = 78) -> str:
    """The agreement as plain text, as it will print (blank parts say "(to agree)")."""
    import textwrap

    a = workbook.agreement
    t = _data(content).get("text", {})
    blank = t.get("blank", "(to agree)")
    mentee = a.mentee_name.strip() or workbook.profile.name or blank
    mentor = a.mentor_name.strip() or blank
    tr, day = _wording(content)

    def wrap(text: str, indent: str = "") -> list[str]:
        pad = " " * len(indent)
        return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=pad) or [indent]

    def heading(text: str) -> list[str]:
        return ["", text, "-" * len(text)]

    title = t.get("title", "Mentoring agreement")
    lines = [title, "=" * len(title), *wrap(t.get("between", "").format(mentee=mentee, mentor=mentor))]

    goals = {g.id: g for g in workbook.goals}
    lines += heading(t.get("goals", "Goals"))
    chosen = [goals[g] for g in a.goal_ids if g in goals]
    for n, goal in enumerate(chosen, start=1):
        extra = tr(" (by {day})").format(day=day(goal.target_date)) if goal.target_date else ""
        lines += wrap(f"{goal.text.strip() or blank}{extra}", f"{n}. ")
    if not chosen:
        lines.append(blank)

    freq = find_choice(a.frequency, frequencies(content))
    lines += heading(t.get("meetings", "How we meet"))
    lines += wrap(
        t.get("meetings_line", "").format(
            frequency=(freq.label if freq else a.frequency.strip()) or blank,
            mode=a.mode.strip() or blank,
            minutes=a.meeting_minutes or blank,
            start=day(a.start) if a.start else blank,
            end=day(a.end) if a.end else blank,
        )
    )
    for key in ("confidentiality", "feedback"):
        lines += heading(t.get(key, key.title()))
        lines += wrap(getattr(a, key).strip() or blank)
    lines += heading(t.get("ground_rules", "Ground rules"))
    rules = [r.strip() for r in a.ground_rules if r.strip()]
    for rule in rules:
        lines += wrap(rule, "- ")
    if not rules:
        lines.append(blank)
    lines += heading(t.get("checkpoints", "Review checkpoints"))
    lines += [f"- {day(d)}" for d in sorted(set(a.checkpoints))] or [blank]
    lines += heading(t.get("ending", "Ending"))
    lines += wrap(a.ending.strip() or blank)
    for title_, body in clause_sections(a, _data(content), blank):  # expectations from both sides
        lines += heading(title_) + wrap(body)
    lines += heading(t.get("signatures", "Signatures"))
    line = t.get("signature_line", "{role}: {name}")
    lines += ["", line.format(role=tr("Mentee"), name=mentee), "",
              line.format(role=tr("Mentor"), name=mentor)]
    return "\n".join(lines) + "\n"


def _wording(content: Content | None) -> tuple[Callable[[str], str], Callable[[date], str]]:
    """The words (``tr``) and the date format of ``content``'s language: English keeps ISO dates."""
    if content is None or content.locale == "en":
        return (lambda text: text), (lambda day: day.isoformat())
    from ..i18n.formats import format_date

    lang = content.locale
    return content.tr, (lambda day: format_date(day, lang, "long"))


def _uid_part(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch == "-" else "-" for ch in text.casefold()).strip("-") or "x"


def calendar_ics(
    workbook: Workbook,
    follow_up: date | None = None,
    now: datetime | None = None,
    *,
    content: Content | None = None,
) -> str:
    """The agreement as an iCalendar file (RFC 5545): meetings, review checkpoints, follow-ups.

    Meetings are one recurring all-day event (RRULE with COUNT) when the series can be expressed
    exactly, otherwise one event per meeting. Follow-ups come from ``follow_up`` or, if not given,
    from outreach drafts that were sent and still wait for an answer. UIDs are stable, so
    importing the file again updates the same events instead of duplicating them.
    """
    a = workbook.agreement
    pid = _uid_part(workbook.profile.id)
    tr, _ = _wording(content)
    mentor = a.mentor_name.strip() or tr("your mentor")
    mentee = a.mentee_name.strip() or workbook.profile.name
    events: list[ics.Event] = []

    dates = meeting_dates(a, content)
    if dates:
        freq = find_choice(a.frequency, frequencies(content))
        details = [tr("{minutes} minutes").format(minutes=a.meeting_minutes) if a.meeting_minutes else "",
                   a.mode.strip()]
        goals = {g.id: g.text for g in workbook.goals}
        chosen = [goals[g] for g in a.goal_ids if g in goals and goals[g].strip()]
        description = ", ".join(d for d in details if d)
        if chosen:
            goals_line = tr("Goals: {goals}").format(goals="; ".join(chosen))
            description += ("\n" if description else "") + goals_line
        summary = tr("Mentoring: {mentee} and {mentor}").format(mentee=mentee, mentor=mentor)
        rule = _rrule(freq, dates) if freq else ""
        if rule:
            uid = f"meetings-{pid}@mentorkit"
            events.append(ics.Event(uid, dates[0], summary, description, rule, ["Mentoring"]))
        else:
            events += [
                ics.Event(f"meeting-{pid}-{d:%Y%m%d}@mentorkit", d, summary, description, "", ["Mentoring"])
                for d in dates
            ]
    for day in sorted(set(a.checkpoints)):
        events.append(
            ics.Event(
                f"checkpoint-{pid}-{day:%Y%m%d}@mentorkit",
                day,
                tr("Mentoring review with {mentor}").format(mentor=mentor),
                tr("How is it going? Look at the goals, the rhythm and what to change."),
                categories=["Mentoring"],
            )
        )
    events += _follow_ups(workbook, follow_up, pid, content)
    return ics.render(events, name=tr("Mentoring – {mentee}").format(mentee=mentee), now=now)


def _rrule(freq: Choice, dates: list[date]) -> str:
    unit, _, amount = freq.step.partition(":")
    step = max(1, int(amount or 1))
    if unit == "weeks":
        return f"FREQ=WEEKLY;INTERVAL={step};COUNT={len(dates)}"
    if unit == "months" and dates[0].day <= 28:
        return f"FREQ=MONTHLY;INTERVAL={step};BYMONTHDAY={dates[0].day};COUNT={len(dates)}"
    return ""  # e.g. monthly on the 31st: one event per meeting instead


def _follow_ups(workbook: Workbook, follow_up: date | None, pid: str,
                content: Content | None = None) -> list[ics.Event]:
    tr, day = _wording(content)
    if follow_up is not None:
        return [
            ics.Event(
                f"follow-up-{pid}-{follow_up:%Y%m%d}@mentorkit",
                follow_up,
                tr("Follow up on your outreach message"),
                tr("No answer yet? Send one short, friendly follow-up."),
                categories=["Outreach"],
            )
        ]
    names = {c.id: c for c in workbook.contacts}
    waiting = {"not_contacted", "sent", "no_answer"}
    events = []
    for draft in workbook.outreach:
        contact = names.get(draft.contact_id)
        if draft.follow_up_on is None or draft.sent_on is None:
            continue
        if contact is not None and contact.outreach_status.value not in waiting:
            continue
        who = contact.name.strip() if contact and contact.name.strip() else tr("your contact")
        events.append(
            ics.Event(
                f"follow-up-{pid}-{_uid_part(draft.id)}@mentorkit",
                draft.follow_up_on,
                tr("Follow up with {name}").format(name=who),
                tr("You wrote on {day}: {subject}").format(day=day(draft.sent_on),
                                                          subject=draft.subject).strip(),
                categories=["Outreach"],
            )
        )
    return events
