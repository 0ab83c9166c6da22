"""The first message to a potential mentor: a checker, the follow-up date and filled templates.

Checks, keyed:

* ``length`` – the body has some words and at most ``limit`` (150) of them;
* ``subject`` – a subject of at least three words that is not a generic "Hi" / "Question";
* ``why_you`` – the body says why this person: a "your work on ..." style phrase, or a word of
  the contact's expertise (a name in the greeting alone does not say why);
* ``small_ask`` – one small, specific ask (a 15–30 minute call, a coffee) and no oversized ask
  ("be my mentor", "an hour", "every week");
* ``no_job_request`` – no job, position, vacancy or referral request;
* ``polite_close`` – thanks or a sign-off; when the workbook is given, also the sender's first name
  in the last lines.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..content import Content, bundled
from ..errors import MentorkitError
from ..model import Contact, Goal, Workbook
from .checks import Check, CheckResult
from .text import content_words, has_phrase, mentions, word_count, words

WORD_LIMIT = 150
FOLLOW_UP_BUSINESS_DAYS = 7


@dataclass
class OutreachReport(CheckResult):
    """Checks of one outreach message, with its ``word_count`` and the ``limit`` it is held to."""

    word_count: int = 0
    limit: int = WORD_LIMIT


@dataclass(frozen=True)
class Template:
    """One outreach template from ``outreach.toml``."""

    key: str
    label: str
    channel: str
    subject: str
    body: str


def _data(content: Content | None) -> Mapping[str, Any]:
    return (content or bundled()).get("outreach")


def check_message(
    subject: str,
    body: str,
    contact: Contact | None = None,
    workbook: Workbook | None = None,
    *,
    content: Content | None = None,
    channel: str = "email",
) -> OutreachReport:
    """Check a first-outreach draft (see the module docstring for what each check looks for).

    ``channel="linkedin"`` skips the subject check (connection notes have no subject). Thank-you
    notes are not first outreach: they will, rightly, fail ``small_ask``.
    """
    data = _data(content)
    phrases = data.get("phrases", {})
    limits = data.get("limits", {})
    limit = int(limits.get("words", WORD_LIMIT))
    count = word_count(body)
    checks: list[Check] = []

    if count == 0:
        checks.append(Check("length", False, "Write the message first."))
    elif count > limit:
        checks.append(Check("length", False, f"{count} words: cut it to {limit} or fewer for a phone."))
    else:
        checks.append(Check("length", True, f"{count} words: short enough to read on a phone."))

    subject_words = words(subject)
    generic = {" ".join(words(g)) for g in phrases.get("generic_subjects", [])}
    if channel == "linkedin":
        checks.append(Check("subject", True, "LinkedIn notes have no subject; keep under 300 characters."))
    elif not subject_words:
        checks.append(Check("subject", False, "Add a subject line that says what you are asking for."))
    elif " ".join(subject_words) in generic or len(subject_words) < int(limits.get("subject_min_words", 3)):
        checks.append(Check("subject", False, "Make the subject descriptive: who you are and what you ask."))
    else:
        checks.append(Check("subject", True, "The subject says what the message is about."))

    why = has_phrase(body, phrases.get("why_you", []))
    expertise = contact is not None and contact.expertise.strip() and mentions(body, contact.expertise)
    if why or expertise:
        checks.append(Check("why_you", True, "You say why you are writing to this person."))
    else:
        checks.append(
            Check("why_you", False, "Say why them: their work, talk or experience that made you write.")
        )

    small = has_phrase(body, phrases.get("small_asks", []))
    big = has_phrase(body, phrases.get("big_asks", []))
    if big:
        checks.append(Check("small_ask", False, f'"{big}" is too big for a first note; ask for 20 minutes.'))
    elif small:
        checks.append(Check("small_ask", True, "One small, specific ask."))
    else:
        checks.append(Check("small_ask", False, "Ask for one small thing: a 20–30 minute conversation."))

    job = has_phrase(f"{subject}\n{body}", phrases.get("job_requests", []))
    if job:
        checks.append(Check("no_job_request", False, f'Leave out "{job}": ask for advice, not a job.'))
    else:
        checks.append(Check("no_job_request", True, "No job request: the ask is about advice."))

    tail = "\n".join([line for line in body.strip().splitlines() if line.strip()][-4:])
    close = has_phrase(body, phrases.get("closes", []))
    names = workbook.profile.name.split() if workbook is not None else []
    first = names[0] if names else ""
    signed = not first or first.casefold() in [w for w in words(tail)]
    if close and signed:
        checks.append(Check("polite_close", True, "A polite close."))
    elif close:
        checks.append(Check("polite_close", False, "Sign the message with your name."))
    else:
        checks.append(Check("polite_close", False, "Close with thanks and your name."))

    return OutreachReport(checks=checks, word_count=count, limit=limit)


def follow_up_date(sent: date, business_days: int = FOLLOW_UP_BUSINESS_DAYS) -> date:
    """The date ``business_days`` working days (Monday–Friday) after ``sent``."""
    day, left = sent, business_days
    while left > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


def templates(content: Content | None = None) -> list[Template]:
    """The outreach templates (email, LinkedIn note, introduction request, thank-you, follow-up)."""
    result = []
    for item in _data(content).get("templates", []):
        result.append(
            Template(
                key=str(item["key"]),
                label=str(item.get("label", item["key"])),
                channel=str(item.get("channel", "email")),
                subject=str(item.get("subject", "")),
                body=str(item.get("body", "")).strip() + "\n",
            )
        )
    return result


class _Blanks(dict):
    def __missing__(self, key: str) -> str:
        return f"[{key.replace('_', ' ')}]"


def _lower_first(text: str) -> str:
    """``Software engineer`` -> ``software engineer``; ``PhD candidate`` stays as it is."""
    first = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if first[1:].islower() else text


def _article(text: str) -> str:
    if not text:
        return "[your role]"
    return ("an " if text[0].casefold() in "aeiou" else "a ") + _lower_first(text)


def _short_goal(text: str) -> str:
    text = text.strip().rstrip(".")
    if not text:
        return "[your goal]"
    return _lower_first(text)


def placeholders(workbook: Workbook, contact: Contact | None, goal: Goal | None) -> dict[str, str]:
    """The values templates can use, taken from the workbook; missing ones are [bracketed hints]."""
    p = workbook.profile
    name = contact.name.strip() if contact else ""
    expertise = contact.expertise.strip() if contact else ""
    goal_text = goal.text.strip().rstrip(".") if goal else ""
    # The topic names their field of work; a goal's words ("submit paper") read badly after "about".
    topic_words = content_words(expertise) or content_words(p.field)
    values = {
        "mentee_name": p.name,
        "mentee_first": p.name.split()[0] if p.name.split() else p.name,
        "mentee_role": p.role.strip() or "[your role]",
        "mentee_role_article": _article(p.role.strip()),
        "mentee_field": p.field.strip() or "[your field]",
        "contact_name": name or "[their name]",
        "contact_first": _first_name(name) or "[their first name]",
        "contact_expertise": expertise or "[their area of work]",
        "contact_relation": (contact.relation.strip() if contact else "") or "[how you know them]",
        "goal": _short_goal(goal_text) if goal_text else "[your goal]",
        "goal_short": _short_goal(goal_text),
        "topic": " ".join(topic_words[:3]) if topic_words else "[topic]",
    }
    return values


def _first_name(name: str) -> str:
    parts = [w for w in name.split() if not re.fullmatch(r"(?i)(dr|prof|mr|mrs|ms|mx)\.?", w)]
    return parts[0] if parts else ""


def fill_template(
    template_key: str,
    workbook: Workbook,
    contact: Contact | None = None,
    goal: Goal | None = None,
    *,
    content: Content | None = None,
) -> tuple[str, str]:
    """``(subject, body)`` of a template filled from the workbook, contact and goal."""
    for template in templates(content):
        if template.key == template_key:
            values = _Blanks(placeholders(workbook, contact, goal))
            subject = template.subject.format_map(values)
            return subject[:1].upper() + subject[1:], template.body.format_map(values)
    known = ", ".join(t.key for t in templates(content))
    raise MentorkitError(f"no outreach template {template_key!r}; known: {known}")
