"""Files a participant takes away: a message as ``.txt`` or as an RFC 5322 ``.eml`` draft.

Pure functions (no Jupyter): the widgets turn their results into download links.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid

from .model import Workbook

#: Used when the participant gave no email address: ``.invalid`` never resolves (RFC 2606).
PLACEHOLDER_DOMAIN = "example.invalid"


def safe_filename(stem: str, suffix: str) -> str:
    """A file name made only of letters, digits and dashes, e.g. ``message-to-maya-ortiz.eml``."""
    slug = re.sub(r"[^a-z0-9]+", "-", stem.casefold()).strip("-")[:60] or "mentorkit"
    return f"{slug}{suffix}"


def message_text(subject: str, body: str) -> str:
    """The message as plain text: the subject line, a blank line, the body."""
    head = f"Subject: {subject.strip()}\n\n" if subject.strip() else ""
    return head + body.strip() + "\n"


def split_message(text: str) -> tuple[str, str]:
    """``(subject, body)`` of a plain-text message, the inverse of :func:`message_text`."""
    text = (text or "").lstrip("\n")
    first, sep, rest = text.partition("\n")
    if first.casefold().startswith("subject:"):
        return first[len("subject:"):].strip(), rest.strip("\n") + ("\n" if rest.strip() else "")
    return "", text


def _sender(workbook: Workbook) -> Address:
    name = workbook.profile.name.strip()
    email = workbook.profile.email.strip()
    if email and "@" in email and " " not in email:
        user, _, domain = email.rpartition("@")
        return Address(display_name=name, username=user, domain=domain)
    return Address(display_name=name, username=workbook.id, domain=PLACEHOLDER_DOMAIN)


def eml_bytes(
    subject: str,
    body: str,
    workbook: Workbook,
    to_name: str = "",
    to_email: str = "",
    now: datetime | None = None,
) -> bytes:
    """An unsent email draft (RFC 5322, UTF-8, CRLF line ends) that mail programs open.

    Without a recipient address the ``To`` header is the empty group ``undisclosed-recipients:;``,
    which is valid and lets the person type the address in their mail program.
    """
    msg = EmailMessage(policy=SMTP)
    sender = _sender(workbook)
    msg["From"] = sender
    if to_email and "@" in to_email:
        user, _, domain = to_email.strip().rpartition("@")
        msg["To"] = Address(display_name=to_name.strip(), username=user, domain=domain)
    else:
        msg["To"] = "undisclosed-recipients:;"
    msg["Subject"] = subject.strip()
    msg["Date"] = format_datetime(now or datetime.now(timezone.utc))
    msg["Message-ID"] = make_msgid(domain=sender.domain)
    msg["X-Unsent"] = "1"  # Outlook and others open it as a draft ready to send
    msg.set_content(body.strip() + "\n", charset="utf-8")
    return msg.as_bytes()
