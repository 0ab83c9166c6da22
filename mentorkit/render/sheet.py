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
    """One participant's worksheet: the workbook, its cohort's content, and today's date."""

    def __init__(self, workbook: Workbook, cohort_root: Path | None = None, today: date | None = None):
        from ..content import need_categories

        self.workbook = workbook
        self.cohort_root = cohort_root
        self.today = today or date.today()
        self.categories = need_categories(cohort_root)
        self._show: Callable[[Block], None] = _display

    @classmethod
    def load(cls, workbook_path: str | Path) -> Worksheet:
        """Read the workbook (a clear error names the file if it cannot be used)."""
        if not workbook_path:
            raise ValueError("workbook_path is empty: pass -p workbook_path <cohort>/workbooks/<id>.json")
        path = Path(workbook_path)
        workbook = read_workbook(path)
        root = path.parent.parent if path.parent.name == "workbooks" else None
        return cls(workbook, root)

    def render_all(self, show: bool = True) -> None:
        """Every section in order (``show=False`` builds them without displaying: a warm-up)."""
        if not show:
            self._show = lambda block: None
        try:
            for section in SECTIONS:
                getattr(self, section)()
        finally:
            self._show = _display

    def _chart(self, chart: Any) -> None:
        if self._show is _display:
            show_chart(chart)
        else:
            chart_svg(chart)  # warm-up: convert, show nothing

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
        from ..core.smart import check_goal

        goals = [g for g in self.workbook.goals if g.text.strip()]
        if not goals:
            self._show(_empty("You have not written any goals yet. Exercise 1 helps you start with one."))
            return
        parts, plain = [], []
        for number, goal in enumerate(goals, start=1):
            result = check_goal(goal, self.workbook, today=self.today, cohort=self.cohort_root)
            facts = [f"{_label(goal.kind)} goal", _label(goal.status), f"SMART {result.score} of 5"]
            if goal.target_date:
                facts.append(f"by {goal.target_date.isoformat()}")
            if goal.measure:
                facts.append(f"measure: {goal.measure}")
            notes_html, notes_plain = _notes([(c.ok, c.message) for c in result.checks])
            parts.append(
                f'<div class="mk-item"><p class="mk-goal">{number}. {text(goal.text)}</p>'
                f'<p class="mk-facts">{text(" · ".join(facts))}</p>{notes_html}</div>'
            )
            plain.append(f"{number}. {goal.text}\n{' · '.join(facts)}\n{notes_plain}".rstrip())
        self._show(Block("".join(parts), "\n\n".join(plain)))

    def skills(self) -> None:
        from ..charts import skills_gap_chart

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
        self._chart(skills_gap_chart(self.workbook))

    def mentor_map(self) -> None:
        from ..charts import map_heatmap
        from ..core.mentor_map import analyse_map

        proposal = self.workbook.proposed_mentor
        if proposal is not None:
            who = proposal.name + (f" ({proposal.email})" if proposal.email else "")
            items = "".join(f"<li>{text(r)}</li>" for r in proposal.reasons)
            self._show(Block(
                f'<div class="mk-proposed-mentor"><p><b>Proposed by the programme:</b> {text(who)}</p>'
                + (f"<ul>{items}</ul>" if items else "") + "</div>",
                "\n".join([f"Proposed by the programme: {who}", *(f"- {r}" for r in proposal.reasons)])))
        if not self.workbook.contacts:
            self._show(_empty("Your mentor map is empty so far. Exercise 2 helps you put people on it."))
            return
        report = analyse_map(self.workbook, self.categories, self.cohort_root)
        notes_html, notes_plain = _notes([(c.ok, c.message) for c in report.checks])
        reading = f'<p class="mk-reading">{text(report.reading)}</p>' if report.reading else ""
        self._show(Block(reading + notes_html, f"{report.reading}\n{notes_plain}".strip()))
        self._chart(map_heatmap(self.workbook, self.categories))

    def asks(self) -> None:
        from ..core.mentor_map import analyse_map, suggest_asks

        asks = list(self.workbook.asks)
        suggested = []
        if self.workbook.contacts:
            report = analyse_map(self.workbook, self.categories, self.cohort_root)
            suggested = suggest_asks(self.workbook, report, today=self.today, cohort=self.cohort_root)
        if not asks and not suggested:
            self._show(_empty("No asks yet. Pick one person and one small, specific ask for this month."))
            return
        labels = {c.key: c.label for c in self.categories}
        rows = [(labels.get(a.need, _label(a.need)), a.who, a.what, a.by.isoformat() if a.by else "",
                 "done" if a.done else "yours") for a in asks]
        rows += [(labels.get(a.need, _label(a.need)), a.who, a.what, a.by.isoformat() if a.by else "",
                  "suggested") for a in suggested[:3]]
        markup, plain = _table(("Need", "Who", "Ask", "By", ""), rows)
        self._show(Block(markup, plain))

    def outreach(self) -> None:
        from ..core.outreach import check_message, follow_up_date

        drafts = [d for d in self.workbook.outreach if d.subject.strip() or d.body.strip()]
        if not drafts:
            self._show(_empty("No outreach drafts yet. Exercise 3 helps you write a short first message."))
            return
        contacts = {c.id: c for c in self.workbook.contacts}
        parts, plain = [], []
        for d in drafts:
            contact = contacts.get(d.contact_id)
            report = check_message(d.subject, d.body, contact, self.workbook, cohort=self.cohort_root)
            facts = [f"{report.word_count} words (aim for {report.limit} or fewer)"]
            if contact is not None and contact.name:
                facts.insert(0, f"to {contact.name}")
            if d.sent_on:
                follow = d.follow_up_on or follow_up_date(d.sent_on)
                facts.append(f"sent {d.sent_on.isoformat()}, follow up once on {follow.isoformat()}")
            notes_html, notes_plain = _notes([(c.ok, c.message) for c in report.checks])
            parts.append(
                '<div class="mk-item mk-message">'
                f'<p class="mk-subject">Subject: {text(d.subject) or "(no subject yet)"}</p>'
                f'<p class="mk-facts">{text(" · ".join(facts))}</p>'
                f'<div class="mk-body">{text(d.body)}</div>{notes_html}</div>'
            )
            plain.append(f"Subject: {d.subject}\n{' · '.join(facts)}\n{d.body}\n{notes_plain}")
        self._show(Block("".join(parts), "\n\n".join(plain)))

    def agreement(self) -> None:
        from ..core.agreement import agreement_text, check_agreement
        from ..model import Agreement

        a = self.workbook.agreement
        if a == Agreement():
            self._show(_empty("No agreement drafted yet. Exercise 4 walks you through one to discuss "
                              "with your mentor."))
            return
        report = check_agreement(a, self.workbook, cohort=self.cohort_root)
        todo = [(c.ok, c.message) for c in report.checks if not c.ok or c.warning]
        notes_html, notes_plain = _notes(todo)
        intro = ("<p>Still to agree together:</p>" + notes_html) if todo else \
            '<p class="mk-ok">Everything a mentoring agreement needs is there.</p>'
        body = agreement_text(self.workbook, self.cohort_root)
        self._show(Block(f'{intro}<div class="mk-agreement">{text(body)}</div>',
                         f"{notes_plain}\n{body}".strip()))

    def reflections(self) -> None:
        items = [r for r in self.workbook.reflections if r.text.strip()]
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
        from ..core.progress import exercise_status

        status = exercise_status(self.workbook, today=self.today)
        open_ = [name.split("_", 1)[1].replace("_", " ") for name, level in status.items() if level != "done"]
        steps = self.next_step_list()
        parts, plain = [], []
        if open_:
            line = "Exercises to come back to: " + ", ".join(open_) + "."
            parts.append(f"<p>{text(line)}</p>")
            plain.append(line)
        if steps:
            markup, table_plain = _table(("When", "What"), steps)
            parts.append(markup)
            plain.append(table_plain)
        else:
            parts.append('<p class="mk-empty">No dated next steps yet: give your asks and goals a date '
                         "to see them here.</p>")
            plain.append("No dated next steps yet.")
        self._show(Block("".join(parts), "\n".join(plain)))

    def next_step_list(self) -> list[tuple[str, str]]:
        """Dated things to do, soonest first: open asks, follow-ups, check-ins, goal dates."""
        from ..core.outreach import follow_up_date

        steps: list[tuple[date, str]] = []
        for a in self.workbook.asks:
            if a.by and not a.done:
                steps.append((a.by, f"Ask {a.who}: {a.what}".strip()))
        names = {c.id: c.name for c in self.workbook.contacts}
        for d in self.workbook.outreach:
            follow = d.follow_up_on or (follow_up_date(d.sent_on) if d.sent_on else None)
            if follow:
                steps.append((follow, f"Follow up once with {names.get(d.contact_id) or 'your contact'}"))
        for day in self.workbook.agreement.checkpoints:
            steps.append((day, "Review the agreement together"))
        for g in self.workbook.goals:
            if g.target_date and g.text.strip() and g.status.value not in ("done", "dropped"):
                steps.append((g.target_date, f"Goal due: {g.text}"))
        steps.sort(key=lambda item: item[0])
        return [(day.isoformat(), what) for day, what in steps]


def load(workbook_path: str | Path) -> Worksheet:
    """The worksheet of the workbook at ``workbook_path``."""
    return Worksheet.load(workbook_path)
