"""Worksheet sections, shown from inside the kernel that runs ``worksheets/worksheet.ipynb``.

Each section is built as a list of :class:`~mentorkit.present.Block` (HTML plus a plain-text twin, or
a chart drawn as SVG offline) by :meth:`Worksheet.blocks`, and shown by the ``display`` callable the
worksheet was made with (IPython's ``display`` by default). The template calls one method per
section (``ws.goals()``), which shows that section's blocks.

All markup comes from :mod:`mentorkit.present`, which escapes every piece of workbook text, so a goal
written as ``<script>`` or ``**bold**`` prints literally; nothing from a participant is ever passed on
as HTML or Markdown. Sections with no answers yet say so kindly instead of failing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from ..model import Workbook
from ..present import Block, Item, bullet_list, chart, check_list, esc, paragraph, table
from ..store import read_workbook

#: The sections of :class:`Worksheet`, in the order of the template.
SECTIONS = ("header", "goals", "skills", "mentor_map", "asks", "outreach", "agreement", "reflections",
            "next_steps")

Display = Callable[[Block], None]


def ipython_display(block: Block) -> None:
    """Show a block as a notebook output (the default ``display`` of a worksheet)."""
    from IPython.display import display

    display(block)


def _empty(message: str) -> Block:
    return paragraph(message, "mk-empty")


def _notes(checks: Iterable[Any]) -> Block:
    """Checker notes: a tick for what is fine, an arrow for what to improve."""
    return check_list(checks, todo_mark="→")


def _label(value: object) -> str:
    raw = getattr(value, "value", value)
    return str(raw).replace("_", " ") if raw is not None else ""


class Worksheet:
    """One participant's worksheet: the workbook, its cohort's content, today's date and how blocks are
    shown (``display``; IPython's by default)."""

    def __init__(self, workbook: Workbook, cohort_root: Path | None = None, today: date | None = None,
                 display: Display | None = None):
        from ..content import content_for

        self.workbook = workbook
        self.cohort_root = cohort_root
        self.today = today or date.today()
        self.content = content_for(cohort_root)
        self.categories = list(self.content.need_categories)
        self.display: Display = display or ipython_display

    @classmethod
    def load(cls, workbook_path: str | Path, display: Display | None = None) -> Worksheet:
        """Read the workbook (a clear error names the file if it cannot be used)."""
        if not workbook_path:
            raise ValueError("workbook_path is empty: pass -p workbook_path <cohort>/workbooks/<id>.json")
        path = Path(workbook_path)
        workbook = read_workbook(path)
        root = path.parent.parent if path.parent.name == "workbooks" else None
        return cls(workbook, root, display=display)

    def blocks(self, section: str) -> list[Block]:
        """The blocks of one section (one of :data:`SECTIONS`), built and not shown."""
        if section not in SECTIONS:
            raise ValueError(f"no worksheet section {section!r}; the sections are {', '.join(SECTIONS)}")
        blocks: list[Block] = getattr(self, f"_{section}")()
        return blocks

    def show(self, section: str) -> None:
        """Build one section and show each of its blocks."""
        for block in self.blocks(section):
            self.display(block)

    def render_all(self, show: bool = True) -> None:
        """Every section in order. ``show=False`` builds them, charts drawn, without showing: a warm-up."""
        for section in SECTIONS:
            if show:
                self.show(section)
            else:
                for block in self.blocks(section):
                    block.bundle()

    # -- one call per section, as the template uses them -------------------------------------------
    def header(self) -> None:
        """Name, role, values and the date."""
        self.show("header")

    def goals(self) -> None:
        """Each goal with its SMART notes."""
        self.show("goals")

    def skills(self) -> None:
        """The skills table and the gap chart."""
        self.show("skills")

    def mentor_map(self) -> None:
        """The map's reading and notes, and the heatmap."""
        self.show("mentor_map")

    def asks(self) -> None:
        """The participant's asks and up to three suggested ones."""
        self.show("asks")

    def outreach(self) -> None:
        """Each outreach draft with its checker notes and follow-up date."""
        self.show("outreach")

    def agreement(self) -> None:
        """What is still to agree, and the agreement text."""
        self.show("agreement")

    def reflections(self) -> None:
        """The reflections written so far."""
        self.show("reflections")

    def next_steps(self) -> None:
        """Exercises to come back to and dated next steps."""
        self.show("next_steps")

    # -- section builders ----------------------------------------------------------------------------
    def _header(self) -> list[Block]:
        p = self.workbook.profile
        facts = " · ".join(x for x in (p.role, p.field, p.career_stage) if x)
        values = ", ".join(self.workbook.values)
        markup = (
            f'<div class="mk-header"><p class="mk-name">{esc(p.name)}</p>'
            + (f'<p class="mk-facts">{esc(facts)}</p>' if facts else "")
            + (f'<p class="mk-values">What you value: {esc(values)}</p>' if values else "")
            + f'<p class="mk-date">Prepared on {self.today.isoformat()}</p></div>'
        )
        plain = "\n".join(x for x in (p.name, facts, values and f"What you value: {values}") if x)
        return [Block(markup, plain)]

    def _goals(self) -> list[Block]:
        from ..core.smart import check_goal

        goals = [g for g in self.workbook.goals if g.text.strip()]
        if not goals:
            return [_empty("You have not written any goals yet. Exercise 1 helps you start with one.")]
        parts, plain = [], []
        for number, goal in enumerate(goals, start=1):
            result = check_goal(goal, self.workbook, today=self.today, content=self.content)
            facts = [f"{_label(goal.kind)} goal", _label(goal.status), f"SMART {result.score} of 5"]
            if goal.target_date:
                facts.append(f"by {goal.target_date.isoformat()}")
            if goal.measure:
                facts.append(f"measure: {goal.measure}")
            notes = _notes(result.checks)
            parts.append(
                f'<div class="mk-item"><p class="mk-goal">{number}. {esc(goal.text)}</p>'
                f'<p class="mk-facts">{esc(" · ".join(facts))}</p>{notes.markup}</div>'
            )
            plain.append(f"{number}. {goal.text}\n{' · '.join(facts)}\n{notes.plain}".rstrip())
        return [Block("".join(parts), "\n\n".join(plain))]

    def _skills(self) -> list[Block]:
        from ..charts import skills_gap_chart

        skills = self.workbook.skills
        if not skills:
            return [_empty("No skills rated yet. Exercise 1 asks where you are and where you want to be.")]
        rows = []
        for s in skills:
            gap = s.target - s.current if s.target is not None and s.current is not None else None
            rows.append((s.name, s.current or "–", s.target or "–", gap if gap is not None else "–"))
        return [table(("Skill", "Now (1-5)", "Target (1-5)", "Gap"), rows),
                chart(skills_gap_chart(self.workbook))]

    def _mentor_map(self) -> list[Block]:
        from ..charts import map_heatmap
        from ..core.mentor_map import analyse_map

        blocks: list[Block] = []
        proposal = self.workbook.proposed_mentor
        if proposal is not None:
            who = proposal.name + (f" ({proposal.email})" if proposal.email else "")
            reasons = bullet_list(proposal.reasons)
            blocks.append(Block(
                f'<div class="mk-proposed-mentor"><p><b>Proposed by the programme:</b> {esc(who)}</p>'
                + reasons.markup + "</div>",
                "\n".join([f"Proposed by the programme: {who}", reasons.plain]).strip()))
        if not self.workbook.contacts:
            empty = _empty("Your mentor map is empty so far. Exercise 2 helps you put people on it.")
            return [*blocks, empty]
        report = analyse_map(self.workbook, self.categories, content=self.content)
        notes = _notes(report.checks)
        reading = f'<p class="mk-reading">{esc(report.reading)}</p>' if report.reading else ""
        return [*blocks, Block(reading + notes.markup, f"{report.reading}\n{notes.plain}".strip()),
                chart(map_heatmap(self.workbook, self.categories))]

    def _asks(self) -> list[Block]:
        from ..core.mentor_map import analyse_map, suggest_asks

        asks = list(self.workbook.asks)
        suggested = []
        if self.workbook.contacts:
            report = analyse_map(self.workbook, self.categories, content=self.content)
            suggested = suggest_asks(self.workbook, report, today=self.today, content=self.content)
        if not asks and not suggested:
            return [_empty("No asks yet. Pick one person and one small, specific ask for this month.")]
        labels = {c.key: c.label for c in self.categories}
        rows = [(labels.get(a.need, _label(a.need)), a.who, a.what, a.by.isoformat() if a.by else "",
                 "done" if a.done else "yours") for a in asks]
        rows += [(labels.get(a.need, _label(a.need)), a.who, a.what, a.by.isoformat() if a.by else "",
                  "suggested") for a in suggested[:3]]
        return [table(("Need", "Who", "Ask", "By", ""), rows)]

    def _outreach(self) -> list[Block]:
        from ..core.outreach import check_message, follow_up_date, status_labels
        from ..model import ContactKind

        drafts = [d for d in self.workbook.outreach if d.subject.strip() or d.body.strip()]
        people = [c for c in self.workbook.contacts if c.kind != ContactKind.place and c.name.strip()]
        shown = status_labels(self.content)
        statuses = [bullet_list([Item(text=shown[c.outreach_status.value], label=f"{c.name}:",
                                      css="mk-contact-status")
                                 for c in people], "mk-contact-statuses")] if people else []
        if not drafts:
            return [_empty("No outreach drafts yet. Exercise 3 helps you write a short first message."),
                    *statuses]
        contacts = {c.id: c for c in self.workbook.contacts}
        parts, plain = [], []
        for d in drafts:
            contact = contacts.get(d.contact_id)
            report = check_message(d.subject, d.body, contact, self.workbook, content=self.content)
            facts = [f"{report.word_count} words (aim for {report.limit} or fewer)"]
            if contact is not None and contact.name:
                facts.insert(0, f"to {contact.name}")
            if d.sent_on:
                follow = d.follow_up_on or follow_up_date(d.sent_on)
                facts.append(f"sent {d.sent_on.isoformat()}, follow up once on {follow.isoformat()}")
            notes = _notes(report.checks)
            parts.append(
                '<div class="mk-item mk-message">'
                f'<p class="mk-subject">Subject: {esc(d.subject) or "(no subject yet)"}</p>'
                f'<p class="mk-facts">{esc(" · ".join(facts))}</p>'
                f'<div class="mk-body">{esc(d.body)}</div>{notes.markup}</div>'
            )
            plain.append(f"Subject: {d.subject}\n{' · '.join(facts)}\n{d.body}\n{notes.plain}")
        return [Block("".join(parts), "\n\n".join(plain)), *statuses]

    def _agreement(self) -> list[Block]:
        from ..core.agreement import agreement_text, check_agreement
        from ..model import Agreement

        a = self.workbook.agreement
        if a == Agreement():
            return [_empty("No agreement drafted yet. Exercise 4 walks you through one to discuss "
                           "with your mentor.")]
        report = check_agreement(a, self.workbook, content=self.content)
        notes = _notes([c for c in report.checks if not c.ok or c.warning])
        intro = ("<p>Still to agree together:</p>" + notes.markup) if notes else \
            '<p class="mk-ok">Everything a mentoring agreement needs is there.</p>'
        body = agreement_text(self.workbook, content=self.content)
        markup = f'{intro}<div class="mk-agreement">{esc(body)}</div>'
        return [Block(markup, f"{notes.plain}\n{body}".strip())]

    def _reflections(self) -> list[Block]:
        items = [r for r in self.workbook.reflections if r.text.strip()]
        if not items:
            return [_empty("No reflections yet. After a conversation, note what you heard and "
                           "what you will try.")]
        parts = [
            f'<div class="mk-item"><p class="mk-facts">{esc(r.prompt)}</p>'
            f'<div class="mk-body">{esc(r.text)}</div></div>'
            for r in items
        ]
        return [Block("".join(parts), "\n\n".join(f"{r.prompt}\n{r.text}" for r in items))]

    def _next_steps(self) -> list[Block]:
        from ..core.next_steps import next_steps

        steps = next_steps(self.workbook, self.content, self.today)
        parts = []
        if steps.open_exercises:
            parts.append(paragraph("Exercises to come back to: " + ", ".join(steps.open_exercises) + "."))
        if steps.dated:
            parts.append(table(("When", "What"), [(day.isoformat(), what) for day, what in steps.dated]))
        else:
            parts.append(Block('<p class="mk-empty">No dated next steps yet: give your asks and goals a date '
                               "to see them here.</p>", "No dated next steps yet."))
        return [Block.join(parts)]


def load(workbook_path: str | Path, display: Display | None = None) -> Worksheet:
    """The worksheet of the workbook at ``workbook_path``."""
    return Worksheet.load(workbook_path, display=display)
