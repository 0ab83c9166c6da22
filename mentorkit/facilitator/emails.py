"""The kit's e-mails: one pre-workshop e-mail and one follow-up e-mail per participant (``.eml``).

Built like the introduction e-mails (:mod:`.introductions`): the standard library's :mod:`email`
package, SMTP policy (CRLF, encoded headers), names put on one line, ``X-Unsent: 1`` so mail programs
open the file as a draft. The texts are templates in ``kit.toml`` (``[before]`` and ``[after]``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from ..content import Content
from ..model import Workbook
from .forms import kit_content
from .introductions import POLICY, address, sender_address
from .proposals import fill, one_line

#: The largest worksheet attached to a follow-up e-mail; a larger one is linked instead.
MAX_ATTACHMENT = 10 * 1024 * 1024


def _values(workbook: Workbook, kit: Mapping[str, Any], link: str, sender: str) -> dict[str, str]:
    name = one_line(workbook.profile.name)
    found = sender_address(sender)
    return {
        "name": name,
        "first": name.split(" ")[0] if name else "",
        "code": workbook.id,
        "link": one_line(link) or "(the link will follow)",
        "programme": one_line(str(kit["programme"].get("name", "the mentoring workshop"))),
        "sender": (found.display_name or found.addr_spec) if found else one_line(sender),
    }


def _message(workbook: Workbook, sender: str, subject: str, body: str,
             when: datetime | None) -> tuple[EmailMessage, list[str]]:
    notes = []
    message = EmailMessage(policy=POLICY)
    found = sender_address(sender)
    if found is not None:
        message["From"] = found
    else:
        notes.append(f"{workbook.id}: no usable sender address ({one_line(sender)!r})")
    to = address(workbook.profile.name, workbook.profile.email)
    if to is not None:
        message["To"] = to
    else:
        notes.append(f"{workbook.id}: no usable email address; fill in the To: line before sending")
    message["Subject"] = one_line(subject)
    message["Date"] = format_datetime(when or datetime.now(timezone.utc))
    message["X-Unsent"] = "1"
    message.set_content(body, charset="utf-8", cte="quoted-printable")
    return message, notes


def pre_workshop(workbook: Workbook, content: Content | None = None, link: str = "",
                 sender: str | None = None, when: datetime | None = None) -> tuple[EmailMessage, list[str]]:
    """The pre-workshop e-mail (what to bring, the participant code, the link) and notes."""
    kit = kit_content(content)
    sender = sender if sender is not None else str(kit["programme"].get("sender", ""))
    before = kit["before"]
    values = _values(workbook, kit, link, sender)
    values["bring"] = "\n".join(f"- {item}" for item in before.get("bring", ()))
    subject = fill(str(before["subject"]), values, "kit.toml: before.subject")
    body = fill(str(before["body"]), values, "kit.toml: before.body")
    return _message(workbook, sender, subject, body, when)


def follow_up(workbook: Workbook, content: Content | None = None, link: str = "",
              worksheet: Path | None = None, sender: str | None = None,
              when: datetime | None = None) -> tuple[EmailMessage, list[str]]:
    """The follow-up e-mail: the worksheet attached (a PDF up to :data:`MAX_ATTACHMENT`) or linked."""
    kit = kit_content(content)
    sender = sender if sender is not None else str(kit["programme"].get("sender", ""))
    after = kit["after"]
    values = _values(workbook, kit, link, sender)
    attach = (worksheet is not None and worksheet.suffix.lower() == ".pdf" and worksheet.is_file()
              and worksheet.stat().st_size <= MAX_ATTACHMENT)
    if attach:
        sentence = str(after["worksheet_attached"])
    elif worksheet is not None and worksheet.is_file():
        sentence = str(after["worksheet_linked"])
    else:
        sentence = str(after["worksheet_missing"])
    values["worksheet"] = fill(sentence, {**values, "worksheet_path": str(worksheet)}, "kit.toml: after")
    subject = fill(str(after["subject"]), values, "kit.toml: after.subject")
    body = fill(str(after["body"]), values, "kit.toml: after.body")
    message, notes = _message(workbook, sender, subject, body, when)
    if attach and worksheet is not None:
        message.add_attachment(worksheet.read_bytes(), maintype="application", subtype="pdf",
                               filename=f"worksheet-{workbook.id}.pdf")
    return message, notes
