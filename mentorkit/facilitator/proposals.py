"""Write reviewed match proposals into the cohort: each matched participant gets their mentor.

``mentorkit match --apply`` calls :func:`apply_proposals`. For each pair the participant's workbook
gets a ``proposed_mentor`` section (name, email, the reasons in plain words, the date) and the mentor
as a contact on the mentor map with ``source = "programme"``, so the mentor map, outreach and
expectations exercises show them as proposed by the programme. The agreement's mentor name is filled
in only when it is empty.

Saving goes through :meth:`mentorkit.store.Cohort.save` with the version read just before, so the
store's three-way merge keeps anything the participant saved meanwhile. Applying the same proposals
again changes nothing (no second contact, same date). A new proposal for someone who had another
mentor proposed replaces it; the old contact is removed only if the participant has not used it yet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date
from pathlib import Path
from typing import Any

from ..content import content_for, thaw
from ..errors import MentorkitError, UnusableInput
from ..model import Contact, OutreachStatus, ProposedMentor, TieStrength, Workbook
from ..store import Cohort
from .matching import Pair, _fold


def one_line(text: str) -> str:
    """Text on one line: line breaks, tabs and other control characters become single spaces."""
    return " ".join("".join(c if c.isprintable() else " " for c in str(text)).split())


def join_items(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def fill(template: str, values: Mapping[str, str], where: str) -> str:
    """``template`` with ``{placeholders}`` filled in; an unknown placeholder names the template."""
    try:
        return template.format_map(dict(values))
    except KeyError as exc:
        raise UnusableInput(f"{where}: unknown placeholder {{{exc.args[0]}}}; use "
                            f"{', '.join('{' + k + '}' for k in values)}") from None
    except (ValueError, IndexError) as exc:
        raise UnusableInput(f"{where}: {exc} (write {{{{ and }}}} for literal braces)") from None


def intro_content(cohort: Path | str | None = None) -> dict[str, Any]:
    """``introductions.toml``: the cohort's own copy if it has one, else the bundled file."""
    data: dict[str, Any] = thaw(content_for(cohort).get("introductions"))
    for section in ("programme", "proposal", "reasons", "email"):
        if not isinstance(data.get(section), dict):
            raise MentorkitError(f"content file introductions.toml: needs a [{section}] table")
    return data


def pair_values(pair: Pair) -> dict[str, str]:
    """The names and addresses of a pair, each on one line, for templates."""
    mentee, mentor = one_line(pair.mentee.name), one_line(pair.mentor.name)
    return {
        "mentee": mentee,
        "mentor": mentor,
        "mentee_first": mentee.split(" ")[0] if mentee else "",
        "mentor_first": _first_name(mentor),
        "mentee_email": one_line(pair.mentee.email),
        "mentor_email": one_line(pair.mentor.email),
    }


_TITLES = {"dr", "dr.", "prof", "prof.", "professor", "mr", "mr.", "ms", "ms.", "mrs", "mrs.", "mx", "mx."}


def _first_name(name: str) -> str:
    words = name.split(" ")
    while len(words) > 1 and words[0].casefold() in _TITLES:
        words = words[1:]
    return words[0] if words else ""


def plain_reasons(pair: Pair, labels: Mapping[str, str] | None = None,
                  content: Mapping[str, Any] | None = None) -> list[str]:
    """The reasons for a pair as sentences (from ``[reasons]`` in introductions.toml), in score order."""
    labels = labels or {}
    texts = (content or intro_content())["reasons"]
    values = pair_values(pair)
    mentee, mentor = pair.mentee, pair.mentor
    out: list[str] = []
    for reason in pair.reasons:
        extra: dict[str, str] = {}
        key = reason.factor
        if key == "needs":
            offered = set(mentor.needs)
            needs = [n for n in dict.fromkeys(mentee.needs) if n in offered]
            extra["items"] = join_items([labels.get(n, n) for n in needs])
        elif key == "skills":
            helps = {_fold(s) for s in mentor.skills}
            extra["items"] = join_items([s for s in dict.fromkeys(mentee.skill_gaps) if _fold(s) in helps])
        elif key == "field":
            key = "same_field" if _fold(mentee.field) == _fold(mentor.field) else "adjacent_field"
            extra.update(field=mentor.field, mentee_field=mentee.field, mentor_field=mentor.field)
        elif key == "stage":
            extra.update(mentor_stage=mentor.career_stage, mentee_stage=mentee.career_stage)
        elif key == "language":
            mine = {_fold(x) for x in mentee.languages}
            extra["items"] = join_items([x for x in mentor.languages if _fold(x) in mine])
        template = texts.get(key)
        if not isinstance(template, str) or not template.strip():
            continue  # a facilitator may drop a sentence from their copy
        filled = {**values, **{k: one_line(v) for k, v in extra.items()}}
        out.append(one_line(fill(template, filled, f"introductions.toml: reasons.{key}")))
    return out


# -- applying ------------------------------------------------------------------------------------
def _same_mentor(proposal: ProposedMentor, pair: Pair) -> bool:
    if proposal.email and pair.mentor.email:
        return _fold(proposal.email) == _fold(pair.mentor.email)
    return _fold(proposal.name) == _fold(pair.mentor.name)


def _untouched(contact: Contact, workbook: Workbook) -> bool:
    """True when the participant has not started working with a programme contact."""
    used = any(d.contact_id == contact.id for d in workbook.outreach)
    return contact.outreach_status == OutreachStatus.not_contacted and not used


def propose(workbook: Workbook, pair: Pair, reasons: list[str], today: date,
            relation: str = "mentor proposed by the programme") -> Workbook:
    """A copy of ``workbook`` with ``pair``'s mentor proposed (see the module docstring)."""
    wb = workbook.model_copy(deep=True)
    mentor = pair.mentor
    name = one_line(mentor.name)
    old = wb.proposed_mentor
    if old is not None and _same_mentor(old, pair):
        if old.reasons != reasons or old.email != mentor.email or old.name != name:
            wb.proposed_mentor = old.model_copy(update={"reasons": reasons, "email": mentor.email,
                                                        "name": name})
        return wb
    if old is not None:
        stale = next((c for c in wb.contacts if c.id == old.contact_id and c.source == "programme"), None)
        if stale is not None and _untouched(stale, wb):
            wb.contacts = [c for c in wb.contacts if c.id != stale.id]
        if _fold(wb.agreement.mentor_name) == _fold(old.name):
            wb.agreement.mentor_name = ""
    offered = set(mentor.needs)
    known = next((c for c in wb.contacts if _fold(c.name) == _fold(name)), None)
    if known is None:
        expertise = "; ".join(x for x in [mentor.field, ", ".join(mentor.skills)] if x)
        known = Contact(source="programme", name=name, relation=relation, expertise=one_line(expertise),
                        needs=[n for n in dict.fromkeys(pair.mentee.needs) if n in offered],
                        strength=TieStrength.weak)
        wb.contacts = [*wb.contacts, known]
    wb.proposed_mentor = ProposedMentor(name=name, email=mentor.email, reasons=reasons, proposed_on=today,
                                        contact_id=known.id)
    if not wb.agreement.mentor_name.strip():
        wb.agreement.mentor_name = name
    return wb


@dataclass
class ApplyReport:
    """What ``--apply`` did: participant ids written, already up to date, and problems."""

    written: list[str] = dc_field(default_factory=list)
    unchanged: list[str] = dc_field(default_factory=list)
    problems: list[str] = dc_field(default_factory=list)

    def summary(self) -> str:
        return (f"{len(self.written)} workbook(s) given their proposed mentor, {len(self.unchanged)} "
                f"already up to date, {len(self.problems)} not written")


def apply_pair(cohort: Cohort, pair: Pair, reasons: list[str], today: date,
               relation: str = "mentor proposed by the programme", base: Workbook | None = None) -> bool:
    """Write one proposal through the store's merge. Returns False when nothing had to change.

    ``base`` is the version the proposal is made from (default: read now); whatever was saved on
    disk since then is kept by :meth:`Cohort.save`'s three-way merge.
    """
    base = base if base is not None else cohort.load(pair.mentee.id)
    mine = propose(base, pair, reasons, today, relation)
    if mine == base:
        return False
    cohort.save(mine, base=base)
    return True


def apply_proposals(cohort: Cohort, pairs: list[Pair],
                    labels: Mapping[str, str] | None = None, today: date | None = None) -> ApplyReport:
    """Write every pair's proposal into its participant's workbook; problems are reported, not raised."""
    content = intro_content(cohort.root)
    relation = one_line(content["proposal"].get("relation", "mentor proposed by the programme"))
    today = today or date.today()
    report = ApplyReport()
    for pair in pairs:
        try:
            reasons = plain_reasons(pair, labels, content)
            changed = apply_pair(cohort, pair, reasons, today, relation)
        except MentorkitError as exc:
            report.problems.append(f"{pair.mentee.id}: not written: {str(exc).splitlines()[0]}")
            continue
        (report.written if changed else report.unchanged).append(pair.mentee.id)
    return report
