"""Introduction e-mails: one ``.eml`` file per matched pair, to the mentor and the mentee.

The subject and body are templates in ``introductions.toml`` (the cohort's own copy if it has one);
the reasons for the match are the plain sentences of :func:`.proposals.plain_reasons`. Each file is
an RFC 5322 message built with the standard library's :mod:`email` package: UTF-8 names are encoded
as the standard says, the body is quoted-printable, lines end in CRLF, and a name containing line
breaks or other control characters is put on one line first, so it can never add a header. The file
carries ``X-Unsent: 1``, so mail programs such as Outlook and Thunderbird open it as a draft to
review and send.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import datetime, timezone
from email import policy
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses
from pathlib import Path
from typing import Any

from ..ids import slugify
from ..store import Cohort, write_atomic
from .matching import Pair
from .proposals import fill, intro_content, one_line, pair_values, plain_reasons

POLICY = policy.SMTP  # CRLF line ends, RFC 2047 encoded headers


def address(name: str, email: str) -> Address | None:
    """A header address with the display name on one line; None when the email is not usable."""
    email = one_line(email)
    if not email or any(c in email for c in ' <>",;()[]\\'):
        return None
    local, _, domain = email.rpartition("@")
    if not local or not domain:
        return None
    try:
        return Address(display_name=one_line(name), username=local, domain=domain)
    except (ValueError, HeaderParseError, IndexError):
        return None


def sender_address(sender: str) -> Address | None:
    """``Name <addr@example.org>`` (or a bare address) as an :class:`Address`."""
    parsed = getaddresses([one_line(sender)])
    if not parsed or not parsed[0][1]:
        return None
    return address(*parsed[0])


def introduction(pair: Pair, labels: Mapping[str, str] | None = None,
                 content: Mapping[str, Any] | None = None, sender: str | None = None,
                 when: datetime | None = None) -> tuple[EmailMessage, list[str]]:
    """The introduction e-mail of one pair, and notes about addresses that could not be used."""
    content = content if content is not None else intro_content()
    programme = content["programme"]
    email_text = content["email"]
    sender = sender if sender is not None else str(programme.get("sender", ""))
    from_address = sender_address(sender)
    reasons = plain_reasons(pair, labels, content)
    values = {
        **pair_values(pair),
        "programme": one_line(str(programme.get("name", "the mentoring programme"))),
        "reasons": "\n".join(f"- {r}" for r in reasons) or "- (no reasons recorded)",
        "sender": from_address.display_name or from_address.addr_spec if from_address else one_line(sender),
    }
    notes = []
    message = EmailMessage(policy=POLICY)
    recipients = []
    for who, name, email in (("mentee", pair.mentee.name, pair.mentee.email),
                             ("mentor", pair.mentor.name, pair.mentor.email)):
        found = address(name, email)
        if found is None:
            notes.append(f"{pair.mentee.id}: the {who} has no usable email address; "
                         "fill in the To: line before sending")
        else:
            recipients.append(found)
    if from_address is not None:
        message["From"] = from_address
    else:
        notes.append(f"{pair.mentee.id}: no usable sender address ({one_line(sender)!r}); "
                     "set one with --sender")
    if recipients:
        message["To"] = recipients
    message["Subject"] = one_line(fill(str(email_text.get("subject", "")), values,
                                       "introductions.toml: email.subject"))
    message["Date"] = format_datetime(when or datetime.now(timezone.utc))
    message["X-Unsent"] = "1"
    body = fill(str(email_text.get("body", "")), values, "introductions.toml: email.body")
    message.set_content(body, charset="utf-8", cte="quoted-printable")
    return message, notes


def eml_name(pair: Pair) -> str:
    """``<mentee id>--<mentor slug>.eml`` (safe characters only)."""
    return f"{pair.mentee.id}--{slugify(pair.mentor.name) or 'mentor'}.eml"


@dataclass
class IntroReport:
    """The files written and notes about pairs whose e-mail needs a hand edit."""

    files: list[Path] = dc_field(default_factory=list)
    notes: list[str] = dc_field(default_factory=list)


def write_introductions(folder: Path, pairs: list[Pair], cohort: Cohort,
                        labels: Mapping[str, str] | None = None, sender: str | None = None) -> IntroReport:
    """Write one ``.eml`` per pair into ``folder``; the files are readable by their owner only."""
    content = intro_content(cohort.root)
    cohort.make_dir(folder)
    report = IntroReport()
    when = datetime.now(timezone.utc)
    for pair in sorted(pairs, key=lambda p: p.mentee.id):
        message, notes = introduction(pair, labels, content, sender, when)
        path = folder / eml_name(pair)
        write_atomic(path, message.as_string(policy=POLICY), 0o600)  # names people, like matches.csv
        report.files.append(path)
        report.notes += notes
    return report
