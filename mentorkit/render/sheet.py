"""Worksheet sections, shown from inside the kernel that runs ``worksheets/worksheet.ipynb``.

Each section method displays one block of HTML. Every piece of text that comes from a workbook
goes through :func:`text` (HTML-escaped), so a goal written as ``<script>`` or ``**bold**`` prints
literally; nothing from a participant is ever passed on as HTML or Markdown. Charts are converted to
SVG here (vl-convert, no browser, no network) so they show offline, in HTML and in PDF.

Sections with no answers yet say so kindly instead of failing.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ..model import Workbook
from ..store import read_workbook

#: The section methods of :class:`Worksheet`, in the order of the template.
SECTIONS = ("header", "goals", "skills", "mentor_map", "asks", "outreach", "agreement", "reflections",
            "next_steps")


def text(value: object) -> str:
    """``value`` as HTML-escaped text; ``None`` becomes an empty string."""
    return "" if value is None else html.escape(str(value), quote=True)


class Block:
    """A piece of worksheet: HTML for the page, plain text for terminals and ``.ipynb`` viewers."""

    def __init__(self, markup: str, plain: str):
        self.markup = markup
        self.plain = plain

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/html": self.markup, "text/plain": self.plain}

    def __repr__(self) -> str:
        return self.plain


def _display(block: Block) -> None:
    from IPython.display import display

    display(block)


def _empty(message: str) -> Block:
    return Block(f'<p class="mk-empty">{text(message)}</p>', message)


def _table(headers: Sequence[str], rows: Iterable[Sequence[object]], css: str = "") -> tuple[str, str]:
    rows = [list(r) for r in rows]
    head = "".join(f"<th>{text(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{text(c)}</td>" for c in r) + "</tr>" for r in rows)
    markup = f'<table class="mk-table {css}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    plain = "\n".join(" | ".join("" if c is None else str(c) for c in r) for r in [headers, *rows])
    return markup, plain


def _notes(notes: Sequence[tuple[bool, str]]) -> tuple[str, str]:
    """Checker notes as a list: a tick for what is fine, an arrow for what to improve."""
    if not notes:
        return "", ""
    items = "".join(
        f'<li class="{"mk-ok" if ok else "mk-todo"}">{"✓" if ok else "→"} {text(msg)}</li>'
        for ok, msg in notes
    )
    plain = "\n".join(f"{'ok' if ok else 'todo'}: {msg}" for ok, msg in notes)
    return f'<ul class="mk-notes">{items}</ul>', plain


def _label(value: object) -> str:
    raw = getattr(value, "value", value)
    return str(raw).replace("_", " ") if raw is not None else ""


def chart_svg(chart: Any) -> str:
    """An altair chart as an SVG document, rendered offline by vl-convert."""
    import altair as alt
    import vl_convert as vlc

    vl_version = "_".join(alt.SCHEMA_VERSION.split(".")[:2])
    return vlc.vegalite_to_svg(chart.to_dict(validate=False), vl_version=vl_version)


def show_chart(chart: Any) -> None:
    """Display an altair chart as a static SVG image (nothing to load from the network)."""
    from IPython.display import display

    if chart is None:
        return
    display({"image/svg+xml": chart_svg(chart), "text/plain": "[chart]"}, raw=True)


class Worksheet:
    """One participant's worksheet: the workbook plus where its cohort's content lives."""

    def __init__(self, workbook: Workbook, cohort_root: Path | None = None, today: date | None = None):
        self.workbook = workbook
        self.cohort_root = cohort_root
        self.today = today or date.today()
        self._show: Callable[[Block], None] = _display

    def render_all(self, show: bool = True) -> None:
        """Every section in order (``show=False`` builds them without displaying: a warm-up)."""
        if not show:
            self._show = lambda block: None
        try:
            for section in SECTIONS:
                getattr(self, section)()
        finally:
            self._show = _display

    @classmethod
    def load(cls, workbook_path: str | Path) -> Worksheet:
        """Read the workbook (a clear error names the file if it cannot be used)."""
        if not workbook_path:
            raise ValueError("workbook_path is empty: pass -p workbook_path <cohort>/workbooks/<id>.json")
        path = Path(workbook_path)
        workbook = read_workbook(path)
        root = path.parent.parent if path.parent.name == "workbooks" else None
        return cls(workbook, root)

    # -- sections --------------------------------------------------------------------------------
    def header(self) -> None:
        p = self.workbook.profile
        facts = " · ".join(x for x in (p.role, p.field, p.career_stage) if x)
        values = ", ".join(self.workbook.values)
        markup = (
            f'<div class="mk-header"><p class="mk-name">{text(p.name)}</p>'
            + (f'<p class="mk-facts">{text(facts)}</p>' if facts else "")
            + (f'<p class="mk-values">What you value: {text(values)}</p>' if values else "")
            + f'<p class="mk-date">Prepared on {self.today.isoformat()}</p></div>'
        )
        plain = "\n".join(x for x in (p.name, facts, values and f"What you value: {values}") if x)
        self._show(Block(markup, plain))

    def goals(self) -> None:
        goals = self.workbook.goals
        if not goals:
            self._show(_empty("You have not written any goals yet. Exercise 1 helps you start with one."))
            return
        parts, plain = [], []
        for number, goal in enumerate(goals, start=1):
            facts = [f"type: {_label(goal.kind)}", f"status: {_label(goal.status)}"]
            if goal.target_date:
                facts.append(f"by {goal.target_date.isoformat()}")
            if goal.measure:
                facts.append(f"measure: {goal.measure}")
            notes_html, notes_plain = _notes(self.goal_notes(goal))
            parts.append(
                f'<div class="mk-item"><p class="mk-goal">{number}. {text(goal.text) or "(no text)"}</p>'
                f'<p class="mk-facts">{text(" · ".join(facts))}</p>{notes_html}</div>'
            )
            plain.append(f"{number}. {goal.text}\n{' · '.join(facts)}\n{notes_plain}".rstrip())
        self._show(Block("".join(parts), "\n\n".join(plain)))

    def goal_notes(self, goal: Any) -> list[tuple[bool, str]]:
        """What the SMART check says about one goal (what is there, what to add)."""
        notes = []
        notes.append((bool(goal.measure), "measurable" if goal.measure else "add how you will measure it"))
        notes.append(
            (goal.target_date is not None,
             "has a date" if goal.target_date else "add a date to make it time-bound")
        )
        return notes

    def skills(self) -> None:
        skills = self.workbook.skills
        if not skills:
            self._show(_empty("No skills rated yet. Exercise 1 asks where you are and where you want to be."))
            return
        rows = []
        for s in skills:
            gap = s.target - s.current if s.target is not None and s.current is not None else None
            rows.append((s.name, s.current or "–", s.target or "–", gap if gap is not None else "–"))
        markup, plain = _table(("Skill", "Now (1-5)", "Target (1-5)", "Gap"), rows)
        self._show(Block(markup, plain))

    def mentor_map(self) -> None:
        contacts = self.workbook.contacts
        needs = self.workbook.needs
        if not contacts and not needs:
            self._show(_empty("Your mentor map is empty so far. Exercise 2 helps you draw it."))
            return
        parts, plain = [], []
        if needs:
            parts.append(f'<p>What you need most: {text(", ".join(_label(n) for n in needs))}</p>')
            plain.append("What you need most: " + ", ".join(needs))
        if contacts:
            rows = [(c.name, c.relation, ", ".join(_label(n) for n in c.needs), _label(c.strength))
                    for c in contacts]
            markup, table_plain = _table(("Person", "Relation", "Covers", "Tie"), rows)
            parts.append(markup)
            plain.append(table_plain)
            covered = {n for c in contacts for n in c.needs}
            gaps = [n for n in needs if n not in covered]
            if gaps:
                gap_text = text(", ".join(_label(g) for g in gaps))
                parts.append(f'<p class="mk-todo">Nobody covers yet: {gap_text}</p>')
                plain.append("Nobody covers yet: " + ", ".join(gaps))
        else:
            parts.append('<p class="mk-empty">No people on your map yet.</p>')
            plain.append("No people on your map yet.")
        self._show(Block("".join(parts), "\n".join(plain)))

    def asks(self) -> None:
        asks = self.workbook.asks
        if not asks:
            self._show(_empty("No asks yet. Pick one person and one small, specific ask for this month."))
            return
        rows = [(a.need and _label(a.need), a.who, a.what, a.by.isoformat() if a.by else "",
                 "done" if a.done else "") for a in asks]
        markup, plain = _table(("Need", "Who", "Ask", "By", ""), rows)
        self._show(Block(markup, plain))

    def outreach(self) -> None:
        drafts = self.workbook.outreach
        if not drafts:
            self._show(_empty("No outreach drafts yet. Exercise 3 helps you write a short first message."))
            return
        names = {c.id: c.name for c in self.workbook.contacts}
        parts, plain = [], []
        for d in drafts:
            who = names.get(d.contact_id, "")
            words = len(d.body.split())
            facts = [f"{words} words"]
            if who:
                facts.insert(0, f"to {who}")
            if d.sent_on:
                facts.append(f"sent {d.sent_on.isoformat()}")
            if d.follow_up_on:
                facts.append(f"follow up on {d.follow_up_on.isoformat()}")
            parts.append(
                '<div class="mk-item mk-message">'
                f'<p class="mk-subject">Subject: {text(d.subject) or "(no subject)"}</p>'
                f'<p class="mk-facts">{text(" · ".join(facts))}</p>'
                f'<div class="mk-body">{text(d.body)}</div></div>'
            )
            plain.append(f"Subject: {d.subject}\n{' · '.join(facts)}\n{d.body}")
        self._show(Block("".join(parts), "\n\n".join(plain)))

    def agreement(self) -> None:
        a = self.workbook.agreement
        goals = {g.id: g.text for g in self.workbook.goals}
        rows = [
            ("Goals", "; ".join(goals.get(i, "") for i in a.goal_ids if goals.get(i))),
            ("How often", a.frequency),
            ("How", a.mode),
            ("Length", f"{a.meeting_minutes} minutes" if a.meeting_minutes else ""),
            ("From", a.start.isoformat() if a.start else ""),
            ("Until", a.end.isoformat() if a.end else ""),
            ("Confidentiality", a.confidentiality),
            ("Feedback", a.feedback),
            ("Ground rules", "; ".join(a.ground_rules)),
            ("Check-ins", ", ".join(d.isoformat() for d in a.checkpoints)),
            ("Ending", a.ending),
        ]
        if not any(value for _, value in rows):
            self._show(_empty("No agreement drafted yet. Exercise 4 walks you through one with your mentor."))
            return
        markup, plain = _table(("", "Agreed"), [(k, v or "to agree") for k, v in rows], "mk-agreement")
        signatures = (
            '<div class="mk-signatures">'
            f'<p>Mentee: {text(a.mentee_name) or "&nbsp;"} <span class="mk-line"></span></p>'
            f'<p>Mentor: {text(a.mentor_name) or "&nbsp;"} <span class="mk-line"></span></p></div>'
        )
        self._show(Block(markup + signatures, plain + f"\nMentee: {a.mentee_name}\nMentor: {a.mentor_name}"))

    def reflections(self) -> None:
        items = self.workbook.reflections
        if not items:
            self._show(_empty("No reflections yet. After a conversation, note what you heard and "
                              "what you will try."))
            return
        parts = [
            f'<div class="mk-item"><p class="mk-facts">{text(r.prompt)}</p>'
            f'<div class="mk-body">{text(r.text)}</div></div>'
            for r in items
        ]
        self._show(Block("".join(parts), "\n\n".join(f"{r.prompt}\n{r.text}" for r in items)))

    def next_steps(self) -> None:
        steps = self.next_step_list()
        if not steps:
            self._show(_empty("No dated next steps yet: give your asks and goals a date to see them here."))
            return
        markup, plain = _table(("When", "What"), steps)
        self._show(Block(markup, plain))

    def next_step_list(self) -> list[tuple[str, str]]:
        """Dated things to do, soonest first: open asks, follow-ups, check-ins, goal dates."""
        steps: list[tuple[date, str]] = []
        for a in self.workbook.asks:
            if a.by and not a.done:
                steps.append((a.by, f"Ask {a.who}: {a.what}".strip()))
        names = {c.id: c.name for c in self.workbook.contacts}
        for d in self.workbook.outreach:
            if d.follow_up_on:
                steps.append((d.follow_up_on, f"Follow up with {names.get(d.contact_id, 'your contact')}"))
        for day in self.workbook.agreement.checkpoints:
            steps.append((day, "Review the agreement together"))
        for g in self.workbook.goals:
            if g.target_date and g.status.value not in ("done", "dropped"):
                steps.append((g.target_date, f"Goal due: {g.text}"))
        steps.sort(key=lambda item: item[0])
        return [(day.isoformat(), what) for day, what in steps]


def load(workbook_path: str | Path) -> Worksheet:
    """The worksheet of the workbook at ``workbook_path``."""
    return Worksheet.load(workbook_path)
