"""Take-away files: the .eml draft is a valid RFC 5322 message; names and text files are safe."""

from __future__ import annotations

from datetime import datetime, timezone
from email import message_from_bytes
from email.policy import default as default_policy
from email.utils import parsedate_to_datetime

from mentorkit.export import PLACEHOLDER_DOMAIN, eml_bytes, message_text, safe_filename
from mentorkit.model import Profile, Workbook


def _wb(email: str = "ana.lima@example.org") -> Workbook:
    return Workbook(profile=Profile(id="ana-lima", name="Ana Lima", email=email))


def test_eml_is_a_parseable_rfc5322_message_with_unicode() -> None:
    when = datetime(2030, 3, 1, 9, 30, tzinfo=timezone.utc)
    body = "Dear Zoë,\n\nCould we talk for 20 minutes? " + "word " * 300 + "\n\nThank you,\nAna"
    raw = eml_bytes("Künstliche Intelligenz: a 20-minute call?", body, _wb(), "Zoë Brandt",
                    "zoe.brandt@example.org", now=when)
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")  # CRLF line ends only
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))  # RFC 5322 line length limit
    raw.decode("ascii")  # headers and body are transfer-encoded: 7-bit clean
    msg = message_from_bytes(raw, policy=default_policy)
    assert msg["Subject"] == "Künstliche Intelligenz: a 20-minute call?"
    assert msg["From"].addresses[0].addr_spec == "ana.lima@example.org"
    assert msg["To"].addresses[0].display_name == "Zoë Brandt"
    assert parsedate_to_datetime(msg["Date"]) == when
    assert msg["Message-ID"].startswith("<") and msg["X-Unsent"] == "1"
    assert msg.get_content_type() == "text/plain"
    assert msg.get_content().replace("\r\n", "\n").rstrip("\n") == body.strip()


def test_eml_without_addresses_stays_valid() -> None:
    msg = message_from_bytes(eml_bytes("Hello there friend", "Hi", _wb(email="")), policy=default_policy)
    assert msg["From"].addresses[0].domain == PLACEHOLDER_DOMAIN
    assert msg["To"].groups[0].display_name == "undisclosed-recipients"
    assert msg["To"].addresses == ()


def test_message_text_and_file_names() -> None:
    assert message_text("  Hi  ", "Body\n\n") == "Subject: Hi\n\nBody\n"
    assert message_text("", "Body") == "Body\n"
    assert safe_filename("message to Dr. Zoë O'Brien/../x", ".eml") == "message-to-dr-zo-o-brien-x.eml"
    assert safe_filename("***", ".txt") == "mentorkit.txt"
