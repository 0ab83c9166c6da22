"""Step 2 beyond the people you know: where to look for each open need, prospects, the shape of the
network (peer / near-peer / senior / sponsor) and realistic dates for asks.

Every function takes the parsed ``channels`` content (``content/channels.toml``) as ``data``; nothing
here reads files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ..model import Ask, Contact, ContactKind, NetworkRole, TieStrength, Workbook
from .checks import Check, CheckResult
from .dates import day_text

DEFAULT_DAYS = 14
MIN_DAYS = 7


@dataclass(frozen=True)
class Channel:
    """A place to find new mentors (an association, an event, an alumni network ...)."""

    key: str
    label: str
    how: str = ""
    first_step: str = ""
    needs: tuple[str, ...] = ()
    prospect: str = ""


@dataclass(frozen=True)
class Role:
    """One of the four roles of a mentoring network."""

    key: str
    label: str
    definition: str = ""
    missing: str = ""
    #: "{count} peer" / "{count} peers": how many of the map's people fill the role.
    one: str = ""
    many: str = ""

    def counted(self, count: int) -> str:
        """``2 peers``: the count with the role's singular or plural from the content."""
        return (self.one if count == 1 else self.many).format(count=count)


@dataclass
class NetworkShape(CheckResult):
    """Which network roles the map has (``present``: role -> names), which it lacks, and prospects.

    Checks are keyed by role (``peer``, ``near_peer``, ``senior``, ``sponsor``) and ``size``.
    """

    present: dict[str, list[str]] = field(default_factory=dict)
    missing_roles: list[str] = field(default_factory=list)
    prospects: list[str] = field(default_factory=list)
    reading: str = ""


def channels(data: Mapping[str, Any]) -> list[Channel]:
    """The channels of the content file, in order."""
    return [
        Channel(
            str(item["key"]),
            str(item.get("label", item["key"])),
            " ".join(str(item.get("how", "")).split()),
            str(item.get("first_step", "")),
            tuple(str(n) for n in item.get("needs", [])),
            str(item.get("prospect", "")) or str(item.get("label", item["key"])),
        )
        for item in data.get("channels", [])
        if isinstance(item, Mapping) and item.get("key")
    ]


def roles(data: Mapping[str, Any]) -> list[Role]:
    """The network roles of the content file (peer, near-peer, senior, sponsor)."""
    found = []
    for r in data.get("roles", []):
        if not isinstance(r, Mapping) or not r.get("key"):
            continue
        label = str(r.get("label", r["key"]))
        # a cohort's own channels.toml from before `one`/`many`: the English "peer" / "peers"
        one = str(r.get("one", "{count} " + label.lower().replace("{", "{{").replace("}", "}}")))
        many = str(r.get("many", one + "s"))
        found.append(Role(str(r["key"]), label, str(r.get("definition", "")), str(r.get("missing", "")),
                          one, many))
    return found


def channels_for(needs: list[str], data: Mapping[str, Any], limit: int = 4) -> dict[str, list[Channel]]:
    """For each need key, up to ``limit`` channels good for it, the best first.

    A channel ranks higher for a need the earlier that need appears in the channel's own list.
    """
    every = channels(data)
    result: dict[str, list[Channel]] = {}
    for need in needs:
        fitting = [c for c in every if need in c.needs]
        fitting.sort(key=lambda c: c.needs.index(need))
        result[need] = fitting[:limit]
    return result


def open_needs(gaps: list[str], priority_gaps: list[str], workbook: Workbook) -> list[str]:
    """Needs still to look for: the map's gaps (priorities first) that no prospect is lined up for."""
    lined_up = {n for c in workbook.contacts if c.kind != ContactKind.person for n in c.needs}
    ordered = priority_gaps + [g for g in gaps if g not in priority_gaps]
    return [g for g in ordered if g not in lined_up]


def new_prospect(channel: Channel, need: str, name: str = "") -> Contact:
    """A prospect from ``channel`` for ``need``: a named person if ``name`` is given, else a place.

    The contact is returned, not added; append it to ``workbook.contacts`` to keep it. Later exercises
    (outreach, conversation) treat it like any other contact.
    """
    named = name.strip()
    return Contact(
        name=named or channel.prospect,
        relation=channel.label,
        needs=[need] if need else [],
        strength=TieStrength.weak,
        kind=ContactKind.prospect if named else ContactKind.place,
        channel=channel.key,
    )


def _join(items: list[str], text: Mapping[str, Any]) -> str:
    """``a, b and c`` with the separator and last joiner of the content's ``[reading]``."""
    if len(items) <= 1:
        return "".join(items)
    last = str(text.get("last_separator", " and "))
    return str(text.get("separator", ", ")).join(items[:-1]) + last + items[-1]


def network_shape(workbook: Workbook, data: Mapping[str, Any]) -> NetworkShape:
    """Which of peer / near-peer / senior / sponsor the people on the map fill, and what is missing.

    Only people (not prospects or places) count towards a role; prospects are listed separately.
    """
    text = data.get("reading", {})
    all_roles = roles(data)
    present: dict[str, list[str]] = {r.key: [] for r in all_roles}
    prospects: list[str] = []
    people = 0
    for index, contact in enumerate(workbook.contacts):
        name = contact.name.strip() or str(text.get("unnamed", "Person {number}")).format(number=index + 1)
        if contact.kind != ContactKind.person:
            prospects.append(name)
            continue
        people += 1
        if contact.network_role != NetworkRole.unknown and contact.network_role.value in present:
            present[contact.network_role.value].append(name)
    missing = [r.key for r in all_roles if not present[r.key]]
    checks = [
        Check(r.key, bool(present[r.key]),
              f"{r.label}: {_join(present[r.key], text)}." if present[r.key] else r.missing)
        for r in all_roles
    ]
    big_enough = people >= 3
    size = str(text.get("size", "{count}")).format(count=people)
    checks.append(Check("size", big_enough, size if big_enough else str(text.get("small_network", ""))))
    shape = NetworkShape(checks=checks, present=present, missing_roles=missing, prospects=prospects)
    counted = {r.key: r.counted for r in all_roles}
    named = [counted[k](len(names)) for k, names in present.items() if names]
    if not named:
        parts = [str(text.get("empty", ""))]
    elif not missing:
        parts = [str(text.get("all_roles", ""))]
    else:
        parts = [str(text.get("some_roles", "")).format(present=_join(named, text))]
        parts += [r.missing for r in all_roles if r.key in missing]
    if not big_enough:
        parts.append(str(text.get("small_network", "")))
    if prospects:
        parts.append(str(text.get("prospects", "")).format(count=len(prospects)))
    shape.reading = " ".join(p for p in parts if p)
    return shape


# -- dates of asks -------------------------------------------------------------------------------
def _days(data: Mapping[str, Any], key: str, default: int) -> int:
    try:
        return max(1, int(data.get("asks", {}).get(key, default)))
    except (TypeError, ValueError):
        return default


def sensible_due(today: date, data: Mapping[str, Any] | None = None) -> date:
    """The date a suggested ask is due by default: two weeks from ``today`` (``asks.default_days``)."""
    data = data or {}
    days = max(_days(data, "default_days", DEFAULT_DAYS), _days(data, "min_days", MIN_DAYS))
    return today + timedelta(days=days)


def earliest_due(today: date, data: Mapping[str, Any] | None = None) -> date:
    """The earliest realistic due date: a week from ``today`` (``asks.min_days``)."""
    return today + timedelta(days=_days(data or {}, "min_days", MIN_DAYS))


def check_due(by: date | None, today: date, data: Mapping[str, Any], locale: str | None = None) -> Check:
    """Is the ask's date realistic? Keyed ``by``: missing, past, or under a week away fails.
    ``locale``: the language the dates in the message are written for (ISO dates for English)."""
    text = data.get("asks", {})
    earliest = earliest_due(today, data)
    if by is None:
        return Check("by", False, str(text.get("no_date", "Choose a date.")))
    if by < today:
        return Check("by", False, str(text.get("in_past", "")).format(date=day_text(by, locale)))
    if by < earliest:
        return Check("by", False, str(text.get("too_soon", "")).format(
            date=day_text(by, locale), earliest=day_text(earliest, locale)))
    return Check("by", True, str(text.get("fine", "")).format(date=day_text(by, locale),
                                                              days=(by - today).days))


def prospect_ask(prospect: Contact, channel: Channel, need: str, need_label: str, today: date,
                 data: Mapping[str, Any]) -> Ask:
    """The ask that goes with a new prospect, due :func:`sensible_due` days out: to approach the
    person, or, for a place, to find someone there."""
    text = data.get("asks", {})
    if prospect.kind == ContactKind.place:
        template = str(text.get("prospect_what", "Through {channel}: find one person about {need}."))
    else:
        template = str(text.get("person_what", "Ask {who} for a conversation about {need}."))
    what = template.format(channel=channel.label, need=need_label.lower(), who=prospect.name)
    return Ask(need=need, who=prospect.name, what=what, by=sensible_due(today, data), contact_id=prospect.id)


def reschedule(asks: list[Ask], today: date, data: Mapping[str, Any]) -> list[Ask]:
    """Open asks with no date, or due in less than a week, moved to :func:`sensible_due` (copies)."""
    earliest = earliest_due(today, data)
    result = []
    for ask in asks:
        if not ask.done and (ask.by is None or ask.by < earliest):
            ask = ask.model_copy(update={"by": sensible_due(today, data)})
        result.append(ask)
    return result
