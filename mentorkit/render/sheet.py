"""Worksheet sections, shown from inside the kernel that runs ``worksheets/worksheet.ipynb``.

Each section is built as a list of :class:`~mentorkit.present.Block` (HTML plus a plain-text twin, or
a chart drawn as SVG offline) by :meth:`Worksheet.blocks`, and shown by the ``display`` callable the
worksheet was made with (IPython's ``display`` by default). The template calls one method per
section (``ws.goals()``), which shows that section's blocks.

All markup comes from :mod:`mentorkit.present`, which escapes every piece of workbook text, so a goal
written as ``<script>`` or ``**bold**`` prints literally; nothing from a participant is ever passed on
as HTML or Markdown. A section with no answers yet prints as a form to fill in by hand (lines, tick
boxes, an empty grid), so the same template gives the blank handout for a room without laptops.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ..model import Workbook
from ..present import Block, Item, bullet_list, chart, check_list, esc, paragraph, table
from ..store import read_for_document

#: The sections of :class:`Worksheet`, in the order of the template.
SECTIONS = ("header", "next_30_days", "goals", "skills", "mentor_map", "where_to_look", "asks", "outreach",
            "conversations", "agreement", "feedback", "career_paths", "reflections", "next_steps")

#: Dates print like "3 March 2026" (babel's long format in this locale) unless a worksheet is given
#: another locale.
DATE_LOCALE = "en_GB"
#: How many characters of a both-sides clause the agreement's summary shows (then "…").
CLAUSE_LIMIT = 160
FORM_TABLE = "mk-table mk-form-table"
# Column widths (percent) of the printed tables: the page lays a table out from these alone.
WHEN_WHAT = (24, 76)
SKILL_COLUMNS = (46, 18, 18, 18)
ASK_COLUMNS = (19, 18, 35, 14, 14)
ASK_FORM_COLUMNS = (22, 20, 42, 16)
SUGGESTED_COLUMNS = (22, 22, 56)
AGREEMENT_COLUMNS = (28, 72)
WIN_COLUMNS = (22, 35, 43)
PATH_COLUMNS = (26, 37, 37)
#: At most this many suggested asks (and never more than the needs nobody covers).
MAX_SUGGESTED = 3
#: The participant id of the blank handout's workbook (``mentorkit render --blank``): its header has a
#: line for the name instead of a name.
BLANK_ID = "blank-handout"

Display = Callable[[Block], None]


def ipython_display(block: Block) -> None:
    """Show a block as a notebook output (the default ``display`` of a worksheet)."""
    from IPython.display import display

    display(block)


ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _notes(checks: Iterable[Any], day: Callable[[date], str] | None = None) -> Block:
    """Checker notes: a tick for what is fine, an arrow for what to improve; ISO dates in a message
    are printed with ``day``."""
    def readable(message: str) -> str:
        if day is None:
            return message

        def one(match: re.Match[str]) -> str:
            try:
                return day(date(int(match[1]), int(match[2]), int(match[3])))
            except ValueError:
                return match[0]

        return ISO_DATE.sub(one, message)

    return check_list([(c.ok, readable(str(c.message))) for c in checks], todo_mark="→")


def _label(value: object) -> str:
    raw = getattr(value, "value", value)
    return str(raw).replace("_", " ") if raw is not None else ""


def _short(text: str, limit: int = CLAUSE_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- forms to fill in by hand (a section without answers) ------------------------------------------
def _field(label: str, lines: int = 1) -> Block:
    """A label and ``lines`` ruled lines to write on."""
    extra = '<div class="mk-fill-line"></div>' * (lines - 1)
    return Block(f'<div class="mk-field"><span class="mk-field-label">{esc(label)}</span>'
                 f'<span class="mk-fill"></span></div>{extra}', f"{label} ____" + "\n____" * (lines - 1))


def _ticks(labels: Iterable[str]) -> Block:
    """Boxes to tick by hand, one per label."""
    labels = [str(x) for x in labels]
    boxes = "".join(f'<span class="mk-tick">☐ {esc(x)}</span>' for x in labels)
    return Block(f'<p class="mk-ticks">{boxes}</p>', "  ".join(f"[ ] {x}" for x in labels))


def _form(intro: str, *parts: Block) -> Block:
    """A section printed as a form: a short instruction, then the fields."""
    inner = Block.join([paragraph(intro, "mk-form-intro"), *parts])
    return Block(f'<div class="mk-form">{inner.markup}</div>', inner.plain)


def _blank_rows(count: int, columns: int) -> list[list[str]]:
    return [[""] * columns for _ in range(count)]


class Worksheet:
    """One participant's worksheet: the workbook, its cohort's content, today's date, the locale dates
    are printed in and how blocks are shown (``display``; IPython's by default).

    A section with answers prints them; a section without any prints the same section as a form to
    fill in by hand, so a blank workbook gives the paper handout (``mentorkit render --blank``).
    """

    def __init__(self, workbook: Workbook, cohort_root: Path | None = None, today: date | None = None,
                 display: Display | None = None, locale: str = DATE_LOCALE):
        from ..content import content_for

        self.workbook = workbook
        self.cohort_root = cohort_root
        self.today = today or date.today()
        #: The language of the texts; dates in English print as in ``en_GB`` ("3 March 2026").
        self.locale = DATE_LOCALE if locale in ("", "en") else locale
        self.content = content_for(cohort_root, self.locale)
        self.tr = self.content.tr
        self.categories = list(self.content.need_categories)
        self.forms: Mapping[str, Any] = self.content.get("worksheet").get("forms", {})
        self.display: Display = display or ipython_display

    @classmethod
    def load(cls, workbook_path: str | Path, display: Display | None = None, locale: str = "") -> Worksheet:
        """Read the workbook (a clear error names the file if it cannot be used); ``locale`` empty:
        the participant's language (their choice, else the cohort's, else English)."""
        workbook, root, lang = read_for_document(workbook_path, locale)
        return cls(workbook, root, display=display, locale=lang)

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

    def day(self, value: date) -> str:
        """A date as people read it ("3 March 2026" in ``en_GB``, "3 de marzo de 2026" in ``es``)."""
        from babel.dates import format_date

        return str(format_date(value, format="long", locale=self.locale))

    def listing(self, items: Iterable[str]) -> str:
        """Items joined as a list reads in this language ("a, b and c"; "a, b y c")."""
        from ..i18n.formats import format_list

        return format_list(items, self.locale)

    def number(self, value: float) -> str:
        """A number written for this language."""
        from ..i18n.formats import format_number

        return format_number(value, self.locale)

    def _choice(self, section: str, key: str, value: object) -> str:
        """An enum value (a goal's kind or status) as shown: in English as stored ("in progress"),
        in another language the label ``ui.toml`` gives it."""
        raw = str(getattr(value, "value", value) or "")
        if self.content.locale == "en":
            return _label(value)
        for label, key_value in self.content.ui(section).get(key, ()):
            if key_value == raw:
                return str(label)
        return _label(value)

    def _option(self, table_name: str, value: str) -> str:
        """A stored frequency or mode: in English as stored, in another language its label in
        ``agreement.toml`` (when the value is one of its keys or labels)."""
        if self.content.locale == "en":
            return value
        from ..content import bundled

        english = {str(i.get("key")): i for i in bundled().get("agreement").get(table_name, ())}
        english.update({str(i.get("label")): i for i in english.copy().values()})
        value = str(english[value].get("key", value)) if value in english else value
        for item in self.content.get("agreement").get(table_name, ()):
            if item.get("key") == value:
                return str(item.get("label", value))
        return value

    def _form_text(self, key: str, default: str = "") -> str:
        return str(self.forms.get(key, default))

    def _form_count(self, key: str, default: int) -> int:
        try:
            return max(1, int(self.forms.get(key, default)))
        except (TypeError, ValueError):
            return default

    # -- one call per section, as the template uses them -------------------------------------------
    def header(self) -> None:
        """Name, role, values and the date."""
        self.show("header")

    def next_30_days(self) -> None:
        """The three most important dated actions of the next 30 days."""
        self.show("next_30_days")

    def goals(self) -> None:
        """Each goal with its SMART notes."""
        self.show("goals")

    def skills(self) -> None:
        """The skills table and the gap chart."""
        self.show("skills")

    def mentor_map(self) -> None:
        """The map's reading and notes, the heatmap and "you at the centre"."""
        self.show("mentor_map")

    def where_to_look(self) -> None:
        """The network's shape (peer, near-peer, senior, sponsor) and the prospects."""
        self.show("where_to_look")

    def asks(self) -> None:
        """The participant's asks, then suggested ones (at most one per open gap)."""
        self.show("asks")

    def outreach(self) -> None:
        """Each outreach draft with its checker notes and follow-up date."""
        self.show("outreach")

    def conversations(self) -> None:
        """Notes of the conversations held."""
        self.show("conversations")

    def agreement(self) -> None:
        """What is still to agree, and a summary of the agreement."""
        self.show("agreement")

    def feedback(self) -> None:
        """Changes linked to goals, and the wins log."""
        self.show("feedback")

    def career_paths(self) -> None:
        """Career paths looked at."""
        self.show("career_paths")

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
        values = self.listing(self.workbook.values)
        tr = self.tr
        if p.id != BLANK_ID:
            name = f'<p class="mk-name">{esc(p.name)}</p>'
            prepared = tr("Prepared on {day}").format(day=self.day(self.today))
            when = f'<p class="mk-date">{esc(prepared)}</p>'
        else:  # the blank handout: a line for the name (it also goes into the page footer)
            name = f'<p class="mk-name mk-name-blank">{esc(self._form_text("name_line", tr("Name:")))}</p>'
            date_label = tr("Date:")
            when = f'<p class="mk-date">{esc(date_label)} <span class="mk-fill mk-fill-short"></span></p>'
        markup = (
            f'<div class="mk-header">{name}'
            + (f'<p class="mk-facts">{esc(facts)}</p>' if facts else "")
            + (f'<p class="mk-values">{esc(tr("What you value: {values}").format(values=values))}</p>'
               if values else "")
            + f"{when}</div>"
        )
        who = p.name if p.id != BLANK_ID else tr("Name:") + " ____"
        valued = tr("What you value: {values}").format(values=values) if values else ""
        plain = "\n".join(x for x in (who, facts, valued) if x)
        return [Block(markup, plain)]

    def _next_30_days(self) -> list[Block]:
        from ..core.next_steps import dated_steps

        tr = self.tr
        horizon = self.today + timedelta(days=30)
        soon = [(d, what) for d, what in dated_steps(self.workbook, self.content) if d <= horizon][:3]
        if not soon:
            rows = _blank_rows(self._form_count("next30_rows", 3), 2)
            box = _form(self._form_text("next30_intro"),
                        table((tr("When"), tr("What")), rows, css=FORM_TABLE, widths=WHEN_WHAT))
        else:
            overdue = tr(" (overdue)")
            lines = [(self.day(d) + (overdue if d < self.today else ""), what) for d, what in soon]
            box = table((tr("When"), tr("What")), lines, widths=WHEN_WHAT)
        title = tr("Your next 30 days")
        return [Block(f'<div class="mk-next30"><p class="mk-next30-title">{esc(title)}</p>{box.markup}'
                      "</div>", f"{title}\n{box.plain}")]

    def _goals(self) -> list[Block]:
        from ..core.smart import check_goal

        tr = self.tr
        goals = [g for g in self.workbook.goals if g.text.strip()]
        if not goals:
            smart = self.forms.get("smart", ())
            one = [Block.join([_field(tr("Goal {number}:").format(number=n), 2), _field(tr("Measure:")),
                               _field(tr("By (date):")),
                               _ticks(smart)])
                   for n in range(1, self._form_count("goal_count", 3) + 1)]
            items = [Block(f'<div class="mk-item mk-form-item">{b.markup}</div>', b.plain) for b in one]
            return [_form(self._form_text("goals_intro"), *items)]
        parts, plain = [], []
        for number, goal in enumerate(goals, start=1):
            result = check_goal(goal, self.workbook, today=self.today, content=self.content)
            facts = [tr("{kind} goal").format(kind=self._choice("goals", "kinds", goal.kind)),
                     self._choice("goals", "statuses", goal.status),
                     tr("SMART {score} of 5").format(score=self.number(result.score))]
            if goal.target_date:
                facts.append(tr("by {day}").format(day=self.day(goal.target_date)))
            if goal.measure:
                facts.append(tr("measure: {measure}").format(measure=goal.measure))
            notes = _notes(result.checks, self.day)
            parts.append(
                f'<div class="mk-item"><p class="mk-goal">{number}. {esc(goal.text)}</p>'
                f'<p class="mk-facts">{esc(" · ".join(facts))}</p>{notes.markup}</div>'
            )
            plain.append(f"{number}. {goal.text}\n{' · '.join(facts)}\n{notes.plain}".rstrip())
        return [Block("".join(parts), "\n\n".join(plain))]

    def _skills(self) -> list[Block]:
        from ..chart_specs import skills_gap_spec as skills_gap_chart

        skills = self.workbook.skills
        tr = self.tr
        headers = (tr("Skill"), tr("Now (1-5)"), tr("Target (1-5)"), tr("Gap"))
        if not skills:
            blank = _blank_rows(self._form_count("skill_rows", 5), 4)
            form = table(headers, blank, css=FORM_TABLE, widths=SKILL_COLUMNS)
            return [_form(self._form_text("skills_intro"), form)]
        rows: list[Sequence[object]] = []
        for s in skills:
            gap = s.target - s.current if s.target is not None and s.current is not None else None
            rows.append((s.name, s.current or "–", s.target or "–", gap if gap is not None else "–"))
        return [table(headers, rows, widths=SKILL_COLUMNS),
                chart(skills_gap_chart(self.workbook, content=self.content))]

    def _mentor_map(self) -> list[Block]:
        from ..chart_specs import map_centre_spec as map_centre_chart
        from ..chart_specs import map_heatmap_spec as map_heatmap
        from ..core.mentor_map import analyse_map

        blocks: list[Block] = []
        proposal = self.workbook.proposed_mentor
        if proposal is not None:
            who = proposal.name + (f" ({proposal.email})" if proposal.email else "")
            reasons = bullet_list(proposal.reasons)
            proposed = self.tr("Proposed by the programme:")
            blocks.append(Block(
                f'<div class="mk-proposed-mentor"><p><b>{esc(proposed)}</b> <bdi>{esc(who)}</bdi></p>'
                + reasons.markup + "</div>",
                "\n".join([f"{proposed} {who}", reasons.plain]).strip()))
        people = [c for c in self.workbook.contacts if c.kind == "person"]
        if not people:
            columns = [self.tr("Need")] + [self.tr("Name:")] * self._form_count("map_people", 4)
            rows = [[c.label] + [""] * (len(columns) - 1) for c in self.categories]
            others = (100 - 34) / (len(columns) - 1)
            grid = table(columns, rows, css="mk-table mk-form-table mk-map-grid",
                         widths=(34, *[round(others, 2)] * (len(columns) - 1)))
            return [*blocks, _form(self._form_text("map_intro"), grid),
                    chart(map_centre_chart(self.workbook, self.categories, content=self.content))]
        report = analyse_map(self.workbook, self.categories, content=self.content)
        notes = _notes(report.checks)
        reading = f'<p class="mk-reading">{esc(report.reading)}</p>' if report.reading else ""
        return [*blocks, Block(reading + notes.markup, f"{report.reading}\n{notes.plain}".strip()),
                chart(map_heatmap(self.workbook, self.categories, content=self.content)),
                chart(map_centre_chart(self.workbook, self.categories, content=self.content))]

    def _where_to_look(self) -> list[Block]:
        from ..core.where_to_look import network_shape, roles

        data = self.content.get("channels")
        if not self.workbook.contacts:
            fields = [_field(f"{r.label}:") for r in roles(data)]
            return [_form(self._form_text("look_intro"), *fields, _field(self.tr("People to look for:"), 2))]
        shape = network_shape(self.workbook, data)
        parts = [paragraph(shape.reading, "mk-reading"), _notes(shape.checks)]
        if shape.prospects:
            parts.append(paragraph(self.tr("Prospects to meet: {names}.").format(
                names=self.listing(shape.prospects))))
        return [Block.join(parts)]

    def _asks(self) -> list[Block]:
        from ..core.mentor_map import analyse_map, suggest_asks

        tr = self.tr
        labels = {c.key: c.label for c in self.categories}
        headers = (tr("Need"), tr("Who"), tr("Ask"), tr("By"), tr("Status"))
        asks = list(self.workbook.asks)
        suggested = []
        if self.workbook.contacts:
            report = analyse_map(self.workbook, self.categories, content=self.content)
            open_gaps = [g for g in report.gaps if g not in {a.need for a in asks if not a.done}]
            suggested = suggest_asks(self.workbook, report, today=self.today, content=self.content)
            suggested = suggested[:min(len(open_gaps), MAX_SUGGESTED)]
        blocks: list[Block] = []
        if asks:
            rows = [(labels.get(a.need, _label(a.need)), a.who, a.what, self.day(a.by) if a.by else "",
                     tr("done") if a.done else tr("open")) for a in asks]
            blocks.append(table(headers, rows, widths=ASK_COLUMNS))
        else:
            blank = _blank_rows(self._form_count("ask_rows", 3), 4)
            blocks.append(_form(self._form_text("asks_intro"),
                                table(headers[:4], blank, css=FORM_TABLE, widths=ASK_FORM_COLUMNS)))
        if suggested:
            ideas = [(labels.get(a.need, _label(a.need)), a.who, a.what) for a in suggested]
            blocks.append(Block.join([
                paragraph(tr("Suggested asks, one per need nobody covers yet (ideas, not yours until you "
                             "take them up):"), "mk-suggested-title"),
                table((tr("Need"), tr("Who"), tr("Suggested ask")), ideas, css="mk-table mk-suggested",
                      widths=SUGGESTED_COLUMNS)]))
        return blocks

    def _outreach(self) -> list[Block]:
        from ..core.outreach import check_message, follow_up_date, status_labels
        from ..model import ContactKind

        tr = self.tr
        drafts = [d for d in self.workbook.outreach if d.subject.strip() or d.body.strip()]
        people = [c for c in self.workbook.contacts if c.kind != ContactKind.place and c.name.strip()]
        shown = status_labels(self.content)
        statuses = [bullet_list([Item(text=shown[c.outreach_status.value], label=f"{c.name}:",
                                      css="mk-contact-status")
                                 for c in people], "mk-contact-statuses")] if people else []
        if not drafts:
            checklist = self.forms.get("outreach_checklist", ())
            box = Block('<div class="mk-draft-box"></div>', tr("(write your message here)"))
            return [_form(self._form_text("outreach_intro"), _field(tr("To:")), _field(tr("Subject:")), box,
                          _ticks(checklist)), *statuses]
        contacts = {c.id: c for c in self.workbook.contacts}
        parts, plain = [], []
        for d in drafts:
            contact = contacts.get(d.contact_id)
            report = check_message(d.subject, d.body, contact, self.workbook, content=self.content)
            facts = [tr("{words} words (aim for {limit} or fewer)").format(
                words=self.number(report.word_count), limit=self.number(report.limit))]
            if contact is not None and contact.name:
                facts.insert(0, tr("to {name}").format(name=contact.name))
            if d.sent_on:
                follow = d.follow_up_on or follow_up_date(d.sent_on)
                facts.append(tr("sent {day}, follow up once on {follow_up}").format(
                    day=self.day(d.sent_on), follow_up=self.day(follow)))
            notes = _notes(report.checks, self.day)
            extra = self._after_notes(d, self.tr)
            subject_label, no_subject = tr("Subject:"), tr("(no subject yet)")
            parts.append(
                '<div class="mk-item mk-message">'
                f'<p class="mk-subject">{esc(subject_label)} '
                f'<bdi>{esc(d.subject) or esc(no_subject)}</bdi></p>'
                f'<p class="mk-facts">{esc(" · ".join(facts))}</p>'
                f'<div class="mk-body" dir="auto">{esc(d.body)}</div>{notes.markup}{extra.markup}</div>'
            )
            plain.append(f"{tr('Subject:')} {d.subject}\n{' · '.join(facts)}\n{d.body}\n{notes.plain}\n"
                         f"{extra.plain}".rstrip())
        return [Block("".join(parts), "\n\n".join(plain)), *statuses]

    @staticmethod
    def _after_notes(draft: Any, tr: Callable[[str], str] = str) -> Block:
        """The thank-you and follow-up notes of a draft, where the workbook has them."""
        parts = []
        titles = (("thank_you", tr("Thank-you note")), ("follow_up", tr("Follow-up note")))
        for attr, title in titles:
            text = str(getattr(draft, attr, "") or "").strip()
            if text:
                parts.append(Block(f'<p class="mk-note-title">{esc(title)}</p>'
                                   f'<div class="mk-body" dir="auto">{esc(text)}</div>', f"{title}:\n{text}"))
        return Block.join(parts)

    def _conversations(self) -> list[Block]:
        from ..core.conversation import conversation_notes

        notes = [n for n in conversation_notes(self.workbook, self.content)
                 if n["notes"] or n["follow_up"] or n["date"]]
        if not notes:
            fields = [_field(f"{name}:", 2) for name in self.forms.get("conversation_fields", ())]
            return [_form(self._form_text("conversation_intro"), *fields)]
        tr = self.tr
        held = {c.held_on.isoformat(): c.held_on for c in self.workbook.conversations if c.held_on}
        parts, plain = [], []
        for n in notes:
            when = self.day(held[n["date"]]) if n["date"] in held else tr("date not noted")
            head = tr("With {name}, {day}").format(name=n["who"], day=when)
            pairs = ((tr("What I heard:"), n["notes"]), (tr("Next:"), n["follow_up"]))
            body = "".join(f"<p><b>{esc(label)}</b> <bdi>{esc(text)}</bdi></p>"
                           for label, text in pairs if text)
            parts.append(f'<div class="mk-item"><p class="mk-subject">{esc(head)}</p>{body}</div>')
            plain.append("\n".join(x for x in (head, n["notes"],
                                               n["follow_up"] and f"{tr('Next:')} {n['follow_up']}") if x))
        return [Block("".join(parts), "\n\n".join(plain))]

    def _agreement(self) -> list[Block]:
        from ..core.agreement import check_agreement
        from ..core.expectations import clause_sections
        from ..model import Agreement

        tr = self.tr
        a = self.workbook.agreement
        if a == Agreement():
            fields = [_field(f"{name}:") for name in self.forms.get("agreement_fields", ())]
            mentee, mentor = tr("Mentee signature"), tr("Mentor signature")
            signatures = Block(f'<div class="mk-signatures"><p>{esc(mentee)} <span class="mk-line"></span>'
                               f'</p><p>{esc(mentor)} <span class="mk-line"></span></p></div>',
                               f"{mentee} ____\n{mentor} ____")
            return [_form(self._form_text("agreement_intro"), *fields, signatures)]
        report = check_agreement(a, self.workbook, content=self.content)
        notes = _notes([c for c in report.checks if not c.ok or c.warning], self.day)
        still = tr("Still to agree together:")
        intro = Block(f"<p>{esc(still)}</p>" + notes.markup, notes.plain) if notes \
            else paragraph(tr("Everything a mentoring agreement needs is there."), "mk-ok")
        goals = {g.id: g.text for g in self.workbook.goals}
        minutes = tr("{minutes} minutes").format(minutes=self.number(a.meeting_minutes)) \
            if a.meeting_minutes else ""
        meetings = ", ".join(x for x in (self._option("frequencies", a.frequency),
                                         self._option("modes", a.mode), minutes) if x)
        span = tr(" to ").join(self.day(d) for d in (a.start, a.end) if d)
        rows = [
            (tr("Between"), self.listing([x for x in (a.mentee_name, a.mentor_name) if x])),
            (tr("Goals"), "; ".join(goals[g] for g in a.goal_ids if g in goals)),
            (tr("Meetings"), meetings),
            (tr("From / until"), span),
            (tr("Confidentiality"), a.confidentiality),
            (tr("Feedback"), a.feedback),
            (tr("Ground rules"), "; ".join(a.ground_rules)),
            (tr("Checkpoints"), self.listing([self.day(d) for d in a.checkpoints])),
            (tr("Ending"), a.ending),
        ]
        rows += [(heading, _short(text)) for heading, text in
                 clause_sections(a, self.content.get("agreement"), blank="")]
        summary = table(None, [(k, v) for k, v in rows if str(v).strip()], css="mk-table mk-agreement",
                        widths=AGREEMENT_COLUMNS)
        title = paragraph(tr("Mentoring agreement (summary)"), "mk-subject")
        return [Block.join([intro, title, summary])]

    def _feedback(self) -> list[Block]:
        from ..core.feedback_practice import changes_by_goal, wins_reading

        tr = self.tr
        groups = changes_by_goal(self.workbook, self.content.get("feedback"))
        wins = [w for w in self.workbook.wins if w.text.strip()]
        if not groups and not wins:
            fields = [_field(f"{name}:", 2) for name in self.forms.get("feedback_fields", ())]
            return [_form(self._form_text("feedback_intro"), *fields)]
        parts: list[Block] = []
        for goal, changes in groups:
            items = bullet_list([c.text + (tr(" (done)") if c.done else "") for c in changes])
            head = tr("For: {goal}").format(goal=goal)
            parts.append(Block(f'<div class="mk-item"><p class="mk-subject">{esc(head)}</p>'
                               f"{items.markup}</div>", f"{head}\n{items.plain}"))
        if wins:
            parts.append(paragraph(wins_reading(self.workbook, self.content.get("feedback")), "mk-reading"))
            parts.append(table((tr("When"), tr("Win"), tr("What it shows")),
                               [(self.day(w.day) if w.day else "", w.text, w.shows) for w in wins],
                               widths=WIN_COLUMNS))
        return [Block.join(parts)]

    def _career_paths(self) -> list[Block]:
        from ..core.paths import career_paths

        headers = (self.tr("Path"), self.tr("What I noticed"), self.tr("One step to learn more"))
        looks = [p for p in self.workbook.career_paths if p.path.strip() or p.notes.strip()]
        if not looks:
            blank = _blank_rows(self._form_count("path_rows", 3), 3)
            form = table(headers, blank, css=FORM_TABLE, widths=PATH_COLUMNS)
            return [_form(self._form_text("paths_intro"), form)]
        labels = {p.key: p.label for p in career_paths(self.content.get("career_paths"))}
        rows = [(labels.get(p.path, p.path), p.notes, p.next_step) for p in looks]
        return [table(headers, rows, widths=PATH_COLUMNS)]

    def _reflections(self) -> list[Block]:
        items = [r for r in self.workbook.reflections if r.text.strip()]
        if not items:
            return [_form(self._form_text("reflections_intro"), _field(self.tr("What I heard:"), 2),
                          _field(self.tr("What I will try:"), 2))]
        parts = [
            f'<div class="mk-item"><p class="mk-facts">{esc(r.prompt)}</p>'
            f'<div class="mk-body" dir="auto">{esc(r.text)}</div></div>'
            for r in items
        ]
        return [Block("".join(parts), "\n\n".join(f"{r.prompt}\n{r.text}" for r in items))]

    def _next_steps(self) -> list[Block]:
        from ..core.next_steps import next_steps

        tr = self.tr
        steps = next_steps(self.workbook, self.content, self.today)
        parts = []
        if steps.open_exercises:
            parts.append(paragraph(tr("Exercises to come back to: {exercises}.").format(
                exercises=self.listing(steps.open_exercises))))
        if steps.dated:
            parts.append(table((tr("When"), tr("What")),
                               [(self.day(day), what) for day, what in steps.dated], widths=WHEN_WHAT))
        else:
            parts.append(_form(tr("Give your asks and goals a date; write the next ones here."),
                               table((tr("When"), tr("What")), _blank_rows(3, 2), css=FORM_TABLE,
                                     widths=WHEN_WHAT)))
        return [Block.join(parts)]


def blank_workbook() -> Workbook:
    """The workbook of the blank handout: no answers, so every section prints as a form."""
    from ..model import Profile

    return Workbook(profile=Profile(id=BLANK_ID, name="Blank worksheet"))


def load(workbook_path: str | Path, display: Display | None = None, locale: str = "") -> Worksheet:
    """The worksheet of the workbook at ``workbook_path`` (``locale`` empty: the participant's language)."""
    return Worksheet.load(workbook_path, display=display, locale=locale)
