"""The mentoring agreement as its own document, shown from inside the kernel that runs
``worksheets/agreement.ipynb``.

A form to bring to the first meeting: both names, the dates, the goals chosen for the mentoring, every
clause (written ones printed, missing ones as lines to fill in by hand) and signature lines at the end.
It holds nothing else from the workbook: no self-ratings, no reflections, no mentor map. Clauses are
kept whole on a page by ``agreement.css`` (``section.mk-clause``).

Every piece of workbook text is escaped (:mod:`mentorkit.present`); the only markup written here is
the form's own ``<section>``/``<div>``/``<span>`` scaffolding.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from ..content import Content
from ..model import Workbook
from ..present import Block, bullet_list, check_list, esc, paragraph
from ..store import read_for_document

#: The parts of :class:`AgreementDoc`, in the order of the template.
PARTS = ("header", "goals", "meetings", "clauses", "open_points", "signatures")

Display = Callable[[Block], None]

#: Keys of :func:`~mentorkit.core.agreement.check_agreement` that the form itself covers with blanks.
_FORM_KEYS = {"signatures"}
#: Check keys that are not the name of the agreement field they look at.
_FIELDS = {"goals": "goal_ids", "dates": "start"}


def blank_line(css: str = "mk-fill") -> Block:
    """A line to write on by hand (an empty span drawn as a rule)."""
    return Block(f'<span class="{esc(css)}"></span>', "____________________")


def blank_lines(count: int = 3) -> Block:
    """``count`` full-width lines to write a clause by hand."""
    lines = "".join('<span class="mk-fill mk-fill-wide"></span>' for _ in range(count))
    return Block(f'<div class="mk-fill-lines">{lines}</div>', "\n".join(["_" * 60] * count))


def field(label: str, value: str) -> Block:
    """``label: value``, or ``label:`` and a line to fill in when ``value`` is empty."""
    shown = f"<bdi>{esc(value)}</bdi>" if value.strip() else blank_line().markup  # a name in any script
    return Block(f'<p class="mk-field"><span class="mk-field-label">{esc(label)}</span> {shown}</p>',
                 f"{label} {value.strip() or '____________________'}")


def clause(heading: str, body: Block) -> Block:
    """One clause: a heading and its text, never split across pages."""
    return Block(f'<section class="mk-clause"><h3>{esc(heading)}</h3>{body.markup}</section>',
                 f"{heading}\n{body.plain}")


class AgreementDoc:
    """One participant's agreement form: the workbook and its cohort's content."""

    def __init__(self, workbook: Workbook, cohort_root: Path | None = None, display: Display | None = None,
                 locale: str = "en"):
        from ..content import content_for

        self.workbook = workbook
        self.locale = locale or "en"
        self.content: Content = content_for(cohort_root, self.locale)
        self.tr = self.content.tr
        self.data: Mapping[str, Any] = self.content.get("agreement")
        self.text: Mapping[str, Any] = self.data.get("text", {})
        self.display: Display = display or _ipython_display

    @classmethod
    def load(cls, workbook_path: str | Path, display: Display | None = None,
             locale: str = "") -> AgreementDoc:
        """Read the workbook (a clear error names the file if it cannot be used); ``locale`` empty:
        the participant's language."""
        workbook, root, lang = read_for_document(workbook_path, locale)
        return cls(workbook, root, display=display, locale=lang)

    def blocks(self, part: str) -> list[Block]:
        """The blocks of one part (one of :data:`PARTS`), built and not shown."""
        if part not in PARTS:
            raise ValueError(f"no agreement part {part!r}; the parts are {', '.join(PARTS)}")
        built: list[Block] = getattr(self, f"_{part}")()
        return built

    def show(self, part: str) -> None:
        for block in self.blocks(part):
            self.display(block)

    def document(self) -> Block:
        """The whole form as one block (for tests and previews)."""
        return Block.join(b for part in PARTS for b in self.blocks(part))

    def day(self, day: date | None) -> str:
        """A date as people of this language write it ("3 March 2026", "3 de marzo de 2026")."""
        from ..i18n.formats import format_date

        return format_date(day, self.locale) if day else ""

    # -- the parts ---------------------------------------------------------------------------------
    @property
    def names(self) -> tuple[str, str]:
        a = self.workbook.agreement
        return a.mentee_name.strip() or self.workbook.profile.name.strip(), a.mentor_name.strip()

    def _header(self) -> list[Block]:
        a = self.workbook.agreement
        mentee, mentor = self.names
        tr = self.tr
        title = str(self.text.get("title", "Mentoring agreement"))
        rows = [(tr("Mentee"), mentee or "", tr("Mentor"), mentor or ""),
                (tr("From"), self.day(a.start), tr("To"), self.day(a.end))]
        cells = "".join(
            '<div class="mk-party-row">'
            + field(f"{left}:", lv).markup + field(f"{right}:", rv).markup
            + "</div>"
            for left, lv, right, rv in rows
        )
        head = Block(f'<header class="mk-agreement-head"><h1>{esc(title)}</h1>'
                     f'<div class="mk-parties">{cells}</div></header>',
                     f"{title}\n{tr('Mentee')}: {mentee}  {tr('Mentor')}: {mentor}\n"
                     f"{tr('From')} {self.day(a.start)} {tr('To')} {self.day(a.end)}")
        return [head]

    def _goals(self) -> list[Block]:
        a = self.workbook.agreement
        goals = {g.id: g for g in self.workbook.goals}
        chosen = [goals[g] for g in dict.fromkeys(a.goal_ids) if g in goals and goals[g].text.strip()]
        by = self.tr(" (by {day})")
        lines = [g.text.strip() + (by.format(day=self.day(g.target_date)) if g.target_date else "")
                 for g in chosen]
        body = bullet_list(lines, "mk-agreement-goals", ordered=True) if lines else blank_lines(3)
        return [clause(str(self.text.get("goals", "Goals we will work on")), body)]

    def _meetings(self) -> list[Block]:
        from ..core.agreement import find_choice, frequencies, meeting_dates

        a = self.workbook.agreement
        freq = find_choice(a.frequency, frequencies(self.content))
        tr = self.tr
        how = Block.join([
            field(tr("How often:"), (freq.label if freq else a.frequency).strip()),
            field(tr("How we meet:"), self._mode(a.mode).strip()),
            field(tr("Each meeting lasts (minutes):"), str(a.meeting_minutes or "")),
        ])
        dates = meeting_dates(a, self.content)
        if dates:
            shown = ", ".join(self.day(d) for d in dates[:12]) + (" …" if len(dates) > 12 else "")
            how = Block.join([how, paragraph(tr("Meetings: {dates}").format(dates=shown), "mk-hint")])
        points = sorted(set(a.checkpoints))
        reviews = (paragraph(", ".join(self.day(d) for d in points)) if points
                   else Block.join([field(tr("First review:"), ""), field(tr("Second review:"), "")]))
        return [clause(str(self.text.get("meetings", "How we meet")), how),
                clause(str(self.text.get("checkpoints", "Review checkpoints")), reviews)]

    def _clauses(self) -> list[Block]:
        from ..core.expectations import clause_sections

        a = self.workbook.agreement
        out: list[Block] = []
        for key in ("confidentiality", "feedback"):
            out.append(self._written(str(self.text.get(key, key.title())), getattr(a, key)))
        rules = [r.strip() for r in a.ground_rules if r.strip()]
        out.append(clause(str(self.text.get("ground_rules", "Ground rules")),
                          bullet_list(rules) if rules else blank_lines(3)))
        out.append(self._written(str(self.text.get("ending", "A no-fault way to end")), a.ending))
        for heading, body in clause_sections(a, dict(self.data), ""):  # both sides' expectations
            out.append(self._written(heading, body))
        return out

    def _mode(self, value: str) -> str:
        """A stored meeting mode as shown: its label in this language when it is one of the keys."""
        for item in self.data.get("modes", ()):
            if value and item.get("key") == value and self.locale != "en":
                return str(item.get("label", value))
        return value

    def _written(self, heading: str, text: str) -> Block:
        return clause(heading, paragraph(text.strip()) if text.strip() else blank_lines(2))

    def _open_points(self) -> list[Block]:
        """Written clauses the check finds vague or inconsistent: worth another look together.

        Clauses not written at all are not listed: they are already blanks on the form.
        """
        from ..core.agreement import check_agreement

        a = self.workbook.agreement
        report = check_agreement(a, self.workbook, content=self.content)
        todo = [c for c in report.checks
                if not c.ok and c.key not in _FORM_KEYS and getattr(a, _FIELDS.get(c.key, c.key), None)]
        if not todo:
            return []
        return [clause(self.tr("Worth another look together"),
                       check_list(todo, todo_mark="☐", css="mk-open"))]

    def _signatures(self) -> list[Block]:
        tr = self.tr
        mentee, mentor = self.names
        heading = str(self.text.get("signatures", "Signatures"))
        rows = [(role, name) for role, name in ((tr("Mentee"), mentee), (tr("Mentor"), mentor))]
        signature, day = tr("Signature:"), tr("Date:")
        signs = "".join(
            '<div class="mk-signature">'
            + field(f"{role}:", name).markup
            + f'<p class="mk-field"><span class="mk-field-label">{esc(signature)}</span> '
            + '<span class="mk-fill mk-fill-sign"></span></p>'
            + f'<p class="mk-field"><span class="mk-field-label">{esc(day)}</span> '
            + '<span class="mk-fill"></span></p>'
            + "</div>"
            for role, name in rows
        )
        plain = "\n".join(f"{role}: {name or '____'}  {signature} ____________  {day} ________"
                          for role, name in rows)
        note = paragraph(tr("Talk it through, change what does not fit, then both sign and keep a copy."),
                         "mk-hint")
        return [Block(f'<section class="mk-clause mk-signatures"><h3>{esc(heading)}</h3>{note.markup}'
                      f"{signs}</section>", f"{heading}\n{plain}")]

    # -- one method per template cell ----------------------------------------------------------------
    def header(self) -> None:
        self.show("header")

    def goals(self) -> None:
        self.show("goals")

    def meetings(self) -> None:
        self.show("meetings")

    def clauses(self) -> None:
        self.show("clauses")

    def open_points(self) -> None:
        self.show("open_points")

    def signatures(self) -> None:
        self.show("signatures")


def _ipython_display(block: Block) -> None:
    from IPython.display import display

    display(block)


def load(workbook_path: str | Path, locale: str = "") -> AgreementDoc:
    """:meth:`AgreementDoc.load` with IPython's display (what the template calls)."""
    return AgreementDoc.load(workbook_path, locale=locale)


__all__ = ["PARTS", "AgreementDoc", "blank_line", "blank_lines", "clause", "field", "load"]
