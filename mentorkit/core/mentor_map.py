"""The mentor map: which of your needs are covered by whom, where the gaps and overloads are.

Two gaps matter (after NCFDD's mentor map):

* **gaps** – a need that nobody on the map covers;
* **concentration** – one person covering too many needs. A contact is *concentrated* when they
  cover at least :data:`CONCENTRATION_COUNT` needs, or at least :data:`CONCENTRATION_MIN` needs
  that are more than half of all covered needs.

Prospects and places (step 2's "where to look") are on the map but cover nothing until they are met.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from ..content import Category, Content, bundled, match_need
from ..i18n.formats import format_list
from ..model import Ask, Contact, ContactKind, Workbook
from .checks import Check, CheckResult
from .text import content_words, related
from .where_to_look import sensible_due

CONCENTRATION_COUNT = 4
CONCENTRATION_MIN = 3
SOMEONE_NEW = "someone new"


@dataclass
class MapReport(CheckResult):
    """Coverage of the need categories by contacts. Checks are keyed ``gaps`` and ``concentration``."""

    coverage: dict[str, list[str]] = field(default_factory=dict)
    gaps: list[str] = field(default_factory=list)
    priority_gaps: list[str] = field(default_factory=list)
    concentrated: list[tuple[str, int]] = field(default_factory=list)
    reading: str = ""
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def covered(self) -> int:
        """How many needs have at least one person."""
        return sum(1 for names in self.coverage.values() if names)


def contact_label(contact: Contact, index: int, unnamed: str = "Person {number}") -> str:
    """The name shown for a contact; unnamed contacts become "Person 1", "Person 2" ... (``unnamed``:
    the words for it in the participant's language)."""
    return contact.name.strip() or unnamed.format(number=index + 1)


def _unnamed(content: Content | None) -> str:
    return content.tr("Person {number}") if content is not None else "Person {number}"


def contact_needs(contact: Contact, categories: Sequence[Category]) -> list[str]:
    """The contact's needs as category keys (labels and odd spellings are matched), no repeats."""
    keys: list[str] = []
    for need in contact.needs:
        key = match_need(need, categories)
        if key and key not in keys:
            keys.append(key)
    return keys


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def analyse_map(
    workbook: Workbook, categories: Sequence[Category], *, content: Content | None = None
) -> MapReport:
    """Coverage, gaps and concentration of the workbook's mentor map over ``categories``."""
    labels = {c.key: c.label for c in categories}
    coverage: dict[str, list[str]] = {c.key: [] for c in categories}
    per_person: dict[str, int] = {}
    for index, contact in enumerate(workbook.contacts):
        if contact.kind != ContactKind.person:
            continue  # a prospect not met yet (or a place to look) covers nothing so far
        name = contact_label(contact, index, _unnamed(content))
        keys = [k for k in contact_needs(contact, categories) if k in coverage]
        for key in keys:
            if name not in coverage[key]:
                coverage[key].append(name)
        if keys:
            per_person[name] = per_person.get(name, 0) + len(keys)

    gaps = [key for key, names in coverage.items() if not names]
    wanted = [match_need(n, categories) for n in workbook.needs]
    priority_gaps = [key for key in gaps if key in wanted]
    covered = sum(1 for names in coverage.values() if names)
    concentrated = sorted(
        (
            (name, count)
            for name, count in per_person.items()
            if count >= CONCENTRATION_COUNT or (count >= CONCENTRATION_MIN and count > covered / 2)
        ),
        key=lambda item: (-item[1], item[0]),
    )

    gap_labels = [labels[g] for g in gaps]
    tr = content.tr if content is not None else str
    people = [tr("{name} ({count} needs)").format(name=n, count=c) for n, c in concentrated]
    checks = [
        Check("gaps", False, tr("Nobody covers: {needs}.").format(needs=", ".join(gap_labels)))
        if gaps
        else Check("gaps", True, tr("Every need has at least one person.")),
        Check("concentration", False, tr("Too much rests on {people}.").format(
            people=_join(people) if content is None or content.locale == "en" else format_list(
                people, content.locale, "standard")))
        if concentrated
        else Check("concentration", True, tr("No one person carries too many of your needs.")),
    ]
    report = MapReport(
        checks=checks,
        coverage=coverage,
        gaps=gaps,
        priority_gaps=priority_gaps,
        concentrated=concentrated,
        labels=labels,
    )
    report.reading = _reading(report, workbook, content)
    return report


def _listed(items: list[str], content: Content | None) -> str:
    """``a, b and c`` in English; in another language, a list written with Babel for it."""
    if content is None or content.locale == "en":
        return _join(items)
    return format_list(items, content.locale, "standard")


def _reading(report: MapReport, workbook: Workbook, content: Content | None) -> str:
    text = (content or bundled()).get("mentor_map").get("reading", {})
    if report.covered == 0:
        return str(text.get("empty", ""))
    parts = [text.get("covered", "").format(covered=report.covered, total=len(report.coverage))]
    if report.gaps:
        gap_labels = [report.labels[g].lower() for g in report.gaps]
        parts.append(text.get("gaps", "").format(gaps=_listed(gap_labels, content)))
        if report.priority_gaps:
            prio = [report.labels[g].lower() for g in report.priority_gaps]
            parts.append(text.get("priority_gaps", "").format(gaps=_listed(prio, content)))
    else:
        parts.append(text.get("no_gaps", ""))
    if report.concentrated:
        people = _listed([name for name, _ in report.concentrated], content)
        counts = ", ".join(str(count) for _, count in report.concentrated)
        parts.append(text.get("concentrated", "").format(people=people, counts=counts))
    else:
        parts.append(text.get("balanced", ""))
    if report.gaps:
        parts.append(text.get("next_step", ""))
    return " ".join(p for p in parts if p)


def end_of_month(day: date) -> date:
    """The last day of ``day``'s month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def best_contact(workbook: Workbook, need_key: str, hint_words: list[str], label: str,
                 unnamed: str = "Person {number}") -> str | None:
    """The contact whose relation/expertise is nearest to the need, or None when nobody fits.

    Scores loose word overlap of the contact's relation and expertise with the need's hint words
    and label; strong ties break even scores.
    """
    targets = [w.casefold() for w in hint_words] + content_words(label)
    strength_rank = {"strong": 2, "medium": 1, "weak": 0}
    best, best_score = None, (0, -1)
    for index, contact in enumerate(workbook.contacts):
        mine = content_words(f"{contact.relation} {contact.expertise}")
        score = sum(1 for t in targets if any(related(t, m) for m in mine))
        rank = (score, strength_rank.get(contact.strength.value, 0))
        if score > 0 and rank > best_score:
            best, best_score = contact_label(contact, index, unnamed), rank
    return best


def suggest_asks(
    workbook: Workbook,
    report: MapReport,
    today: date | None = None,
    *,
    content: Content | None = None,
) -> list[Ask]:
    """One suggested ask per gap (priority gaps first), due two weeks from ``today`` (never under one).

    ``who`` is the contact with the nearest relation/expertise (see :func:`best_contact`) or
    "someone new". Gaps that already have an open ask in the workbook are skipped. The asks are
    suggestions: they are returned, not added to the workbook.
    """
    today = today or date.today()
    data = (content or bundled()).get("mentor_map")
    default = data.get("default", {})
    per_need = data.get("asks", {})
    open_needs = {a.need for a in workbook.asks if not a.done}
    ordered = report.priority_gaps + [g for g in report.gaps if g not in report.priority_gaps]
    asks = []
    for key in ordered:
        if key in open_needs:
            continue
        entry = per_need.get(key, default)
        label = report.labels.get(key, key.replace("_", " "))
        who = best_contact(workbook, key, list(entry.get("words", [])), label, _unnamed(content)) or (
            content.tr("someone new") if content is not None else SOMEONE_NEW)
        template = entry.get("what") or default.get("what", "Ask {who} about {need}.")
        what = template.format(who=who, need=label.lower())
        due = sensible_due(today, (content or bundled()).get("channels"))
        asks.append(Ask(need=key, who=who, what=what, by=due))
    return asks
