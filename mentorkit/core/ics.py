"""A tiny RFC 5545 (iCalendar) writer: text escaping, 75-octet line folding, CRLF line ends."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

PRODID = "-//mentorkit//mentorkit workshop toolkit//EN"
CRLF = "\r\n"
MAX_OCTETS = 75


def escape_text(text: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and newlines (RFC 5545 §3.3.11)."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold one content line into physical lines of at most 75 octets (UTF-8 sequences kept whole)."""
    out: list[str] = []
    current, size, limit = "", 0, MAX_OCTETS
    for char in line:
        n = len(char.encode("utf-8"))
        if size + n > limit:
            out.append(current)
            current, size, limit = " ", 1, MAX_OCTETS
        current += char
        size += n
    out.append(current)
    return CRLF.join(out)


def format_date(day: date) -> str:
    return day.strftime("%Y%m%d")


def format_utc(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


@dataclass
class Event:
    """An all-day event (the agreement fixes days, not times). ``rrule`` is an RRULE value or ""."""

    uid: str
    day: date
    summary: str
    description: str = ""
    rrule: str = ""
    categories: list[str] = field(default_factory=list)

    def lines(self, stamp: datetime) -> list[str]:
        lines = [
            "BEGIN:VEVENT",
            f"UID:{self.uid}",
            f"DTSTAMP:{format_utc(stamp)}",
            f"DTSTART;VALUE=DATE:{format_date(self.day)}",
            f"DTEND;VALUE=DATE:{format_date(self.day + timedelta(days=1))}",
            f"SUMMARY:{escape_text(self.summary)}",
        ]
        if self.description:
            lines.append(f"DESCRIPTION:{escape_text(self.description)}")
        if self.categories:
            lines.append("CATEGORIES:" + ",".join(escape_text(c) for c in self.categories))
        if self.rrule:
            lines.append(f"RRULE:{self.rrule}")
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
        return lines


def render(events: Iterable[Event], name: str = "", now: datetime | None = None) -> str:
    """A complete VCALENDAR with ``events``: CRLF line ends, folded lines, escaped text."""
    stamp = now or datetime.now(timezone.utc)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    for event in events:
        lines += event.lines(stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
