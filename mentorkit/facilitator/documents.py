"""The kit's rendered documents: a certificate of participation per participant and a mentor's
briefing per matched pair. Shown from inside the kernel that runs ``worksheets/certificate.ipynb`` or
``worksheets/briefing.ipynb`` (rendered by :func:`mentorkit.render.run.render_cohort` with
``document="certificate"`` / ``"briefing"``), like the worksheet's sections.

Every piece of workbook text goes through :mod:`mentorkit.present` (escaped). The briefing shows the
mentee's goals and needs only when the mentee agreed in the intake form (``kit.toml`` ``[briefing]``
``consent_column``); without that answer it says the mentee will share them in person.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from ..model import Workbook
from ..present import Block, bullet_list, esc, paragraph
from ..store import read_for_document
from .forms import kit_content
from .proposals import fill, one_line

Display = Callable[[Block], None]


def _ipython_display(block: Block) -> None:
    from IPython.display import display

    display(block)


def consented(workbook: Workbook, briefing: Mapping[str, Any]) -> bool:
    """Whether the mentee agreed to share goals and needs with their mentor (intake answer)."""
    column = str(briefing.get("consent_column", "")).casefold()
    yes = {str(x).casefold() for x in briefing.get("consent_yes", ())}
    answer = next((v for k, v in workbook.profile.extra.items() if k.strip().casefold() == column), "")
    return answer.strip().casefold() in yes


class Document:
    """A participant's certificate and, when they have a proposed mentor, the mentor's briefing."""

    def __init__(self, workbook: Workbook, cohort_root: Path | None = None, today: date | None = None,
                 display: Display | None = None, locale: str = "en"):
        from ..content import content_for

        self.workbook = workbook
        self.locale = locale or "en"
        self.content = content_for(cohort_root, self.locale)
        self.tr = self.content.tr
        self.kit = kit_content(self.content)
        self.today = today or date.today()
        self.display: Display = display or _ipython_display
        name = one_line(workbook.profile.name) or workbook.id
        mentor = workbook.proposed_mentor
        mentor_name = one_line(mentor.name) if mentor is not None else ""
        self.values = {
            "name": name, "mentee": name, "mentee_first": name.split(" ")[0], "mentor": mentor_name,
            "programme": one_line(str(self.kit["programme"].get("name", "the mentoring workshop"))),
        }

    @classmethod
    def load(cls, workbook_path: str | Path, display: Display | None = None, locale: str = "") -> Document:
        """Read the workbook (a clear error names the file if it cannot be used); ``locale`` empty:
        the participant's language."""
        workbook, root, lang = read_for_document(workbook_path, locale)
        return cls(workbook, root, display=display, locale=lang)

    def _fill(self, text: object, where: str) -> str:
        return fill(str(text), self.values, f"kit.toml: {where}")

    # -- certificate ---------------------------------------------------------------------------------
    def certificate_blocks(self) -> list[Block]:
        """Title, name, what they did, the date and who signs."""
        c = self.kit["certificate"]
        text = self._fill(c["text"], "certificate.text")
        signed = one_line(str(c.get("signed_by", "")))
        from ..i18n.formats import format_date

        day = format_date(self.today, self.locale)
        box = "text-align:center;border:3px double #1f4e79;padding:3em 2em;margin-top:4em"
        markup = (f'<div class="mk-certificate" style="{box}"><h1>{esc(c["title"])}</h1>'
                  f'<p class="mk-name" dir="auto" style="font-size:2em;margin:1em 0">'
                  f'{esc(self.values["name"])}</p>'
                  f'<p style="font-size:1.2em">{esc(text)}</p>'
                  f'<p class="mk-date" style="margin-top:2em">{esc(day)}</p>'
                  f'<p class="mk-signed">{esc(signed)}</p></div>')
        plain = "\n".join([str(c["title"]), self.values["name"], text, day, signed])
        return [Block(markup, plain)]

    def certificate(self) -> None:
        for block in self.certificate_blocks():
            self.display(block)

    # -- briefing ------------------------------------------------------------------------------------
    def briefing_blocks(self) -> list[Block]:
        """What mentoring here means, the mentee's goals and needs (if shared), the agreement draft and
        a first-meeting guide."""
        from ..core.agreement import agreement_text

        tr = self.tr
        b = self.kit["briefing"]
        wb = self.workbook
        if wb.proposed_mentor is None:
            return [paragraph(tr("{name} has no proposed mentor yet: no briefing.").format(
                name=self.values["name"]), "mk-empty")]
        title = tr("{title}: {mentor} and {mentee}").format(
            title=b["title"], mentor=self.values["mentor"], mentee=self.values["mentee"])
        here = tr("Mentoring in this programme")
        blocks = [Block(f"<h1>{esc(title)}</h1>", title), Block(f"<h2>{esc(here)}</h2>", here)]
        blocks += [paragraph(self._fill(p, "briefing.programme")) for p in b["programme"]]
        theirs = tr("{mentee}'s goals and needs").format(mentee=self.values["mentee"])
        blocks.append(Block(f"<h2>{esc(theirs)}</h2>", theirs))
        if consented(wb, b):
            labels = {c.key: c.label for c in self.content.need_categories}
            goals = [g.text for g in wb.goals if g.text.strip()]
            needs = [labels.get(n, n) for n in wb.needs]
            blocks.append(paragraph(tr("Goals:")))
            blocks.append(bullet_list(goals) or paragraph(tr("No goals written yet."), "mk-empty"))
            blocks.append(paragraph(tr("What they are looking for in mentors:")))
            blocks.append(bullet_list(needs) or paragraph(tr("No needs named yet."), "mk-empty"))
        else:
            blocks.append(paragraph(self._fill(b["not_shared"], "briefing.not_shared")))
        draft = tr("The agreement draft")
        blocks.append(Block(f"<h2>{esc(draft)}</h2>", draft))
        text = agreement_text(wb, content=self.content)
        blocks.append(Block(f'<div class="mk-agreement" dir="auto">{esc(text)}</div>', text))
        first = tr("Your first meeting")
        blocks.append(Block(f"<h2>{esc(first)}</h2>", first))
        blocks.append(bullet_list([self._fill(s, "briefing.first_meeting") for s in b["first_meeting"]],
                                  ordered=True))
        return blocks

    def briefing(self) -> None:
        for block in self.briefing_blocks():
            self.display(block)


def load(workbook_path: str | Path, display: Display | None = None, locale: str = "") -> Document:
    """:meth:`Document.load` for templates: ``doc = documents.load(workbook_path, locale=locale)``."""
    return Document.load(workbook_path, display, locale)
