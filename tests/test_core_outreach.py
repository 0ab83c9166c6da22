"""Outreach checker, follow-up date and templates."""

from __future__ import annotations

from datetime import date

import pytest

from mentorkit.core.outreach import (
    WORD_LIMIT,
    check_message,
    fill_template,
    follow_up_date,
    templates,
)
from mentorkit.errors import MentorkitError
from mentorkit.model import Contact, Goal, Profile, Workbook

GOOD_SUBJECT = "Biology PhD student asking about marine fieldwork: 20-minute call?"
GOOD_BODY = """Dear Dr. Holt,

I am Ana, a PhD candidate in biology. Your work on kelp forest restoration is the reason I am
writing: I hope to move into marine ecology after my degree.

Would you be open to a 20-minute call in the next few weeks? I would ask two or three questions
about how you chose your first postdoc.

Thank you for considering it.

Best regards,
Ana Lima
"""
KEYS = ["length", "subject", "why_you", "small_ask", "no_job_request", "polite_close"]


@pytest.fixture
def wb() -> Workbook:
    return Workbook(profile=Profile(id="ana-lima", name="Ana Lima", role="PhD candidate", field="Biology"))


@pytest.fixture
def holt() -> Contact:
    return Contact(name="Dr. Maren Holt", expertise="kelp forest restoration")


def test_good_message_passes(wb, holt):
    report = check_message(GOOD_SUBJECT, GOOD_BODY, holt, wb)
    assert [c.key for c in report.checks] == KEYS
    assert report.ok, report.missing
    assert report.limit == WORD_LIMIT == 150
    assert 50 < report.word_count < 80


def test_empty_message_fails_everything_but_job_check():
    report = check_message("", "")
    assert report.word_count == 0
    assert {c.key for c in report.missing} == set(KEYS) - {"no_job_request"}


def test_length_limit():
    long_body = GOOD_BODY + " more" * 100
    assert not check_message(GOOD_SUBJECT, long_body).keys_ok["length"]
    assert check_message(GOOD_SUBJECT, "word " * 150).keys_ok["length"]
    assert not check_message(GOOD_SUBJECT, "word " * 151).keys_ok["length"]


@pytest.mark.parametrize(
    "subject, ok",
    [
        ("Hi", False),
        ("Question", False),
        ("Quick question", False),
        ("mentorship request", False),
        ("Hello!", False),
        (GOOD_SUBJECT, True),
        ("Advice on moving into data journalism", True),
    ],
)
def test_subject(subject, ok):
    assert check_message(subject, GOOD_BODY).keys_ok["subject"] is ok


def test_linkedin_has_no_subject():
    assert check_message("", GOOD_BODY, channel="linkedin").keys_ok["subject"]


def test_why_you_phrase_or_expertise(holt):
    plain = "Dear Dr. Holt,\nCould we have a 20-minute call?\nThanks, Ana"
    assert not check_message(GOOD_SUBJECT, plain).keys_ok["why_you"]
    assert not check_message(GOOD_SUBJECT, plain, holt).keys_ok["why_you"]  # name alone is not why
    with_expertise = plain.replace("Could", "I am starting out in kelp restoration. Could")
    assert check_message(GOOD_SUBJECT, with_expertise, holt).keys_ok["why_you"]
    with_phrase = plain.replace("Could", "I read your article on field safety. Could")
    assert check_message(GOOD_SUBJECT, with_phrase).keys_ok["why_you"]


@pytest.mark.parametrize(
    "ask, ok",
    [
        ("Would you have 20 minutes for a call?", True),
        ("Could we have a 20–30 minute conversation?", True),
        ("Could I buy you a coffee chat some time?", True),
        ("Would you be my mentor?", False),
        ("Could we meet every week for 20 minutes?", False),
        ("Could we talk for an hour?", False),
        ("Let me know your thoughts.", False),
    ],
)
def test_small_ask(ask, ok):
    body = f"Your work on soils inspires me. {ask} Thank you, Ana"
    assert check_message(GOOD_SUBJECT, body).keys_ok["small_ask"] is ok


@pytest.mark.parametrize(
    "sentence, ok",
    [
        ("Are you hiring at the moment?", False),
        ("Is there a position in your lab?", False),
        ("Could you give me a referral?", False),
        ("I saw the vacancy on your site.", False),
        ("I would love to hear about your path.", True),
    ],
)
def test_no_job_request(sentence, ok):
    assert check_message(GOOD_SUBJECT, GOOD_BODY + sentence).keys_ok["no_job_request"] is ok


def test_job_request_in_subject_fails():
    assert not check_message("Job at your company for a biologist", GOOD_BODY).keys_ok["no_job_request"]


def test_polite_close_and_signature(wb):
    no_close = GOOD_BODY.replace("Thank you for considering it.", "").replace("Best regards,", "")
    assert not check_message(GOOD_SUBJECT, no_close).keys_ok["polite_close"]
    unsigned = GOOD_BODY.replace("Ana Lima", "")
    assert check_message(GOOD_SUBJECT, unsigned).keys_ok["polite_close"]  # no workbook: name not checked
    assert not check_message(GOOD_SUBJECT, unsigned, workbook=wb).keys_ok["polite_close"]


@pytest.mark.parametrize(
    "sent, expected",
    [
        (date(2025, 3, 3), date(2025, 3, 12)),  # Monday -> Wednesday next week
        (date(2025, 3, 7), date(2025, 3, 18)),  # Friday -> Tuesday after next
        (date(2025, 3, 8), date(2025, 3, 18)),  # Saturday counts from Monday
    ],
)
def test_follow_up_date(sent, expected):
    assert follow_up_date(sent) == expected
    assert expected.weekday() < 5


def test_templates_listed():
    keys = [t.key for t in templates()]
    assert {"email", "linkedin", "introduction", "thank_you"} <= set(keys)
    assert all(t.label and t.body.strip() for t in templates())


@pytest.mark.parametrize("key", ["email", "linkedin", "introduction", "thank_you", "follow_up"])
def test_filled_templates_are_short_and_personal(key, wb, holt):
    goal = Goal(text="Land a postdoc in marine ecology by June")
    subject, body = fill_template(key, wb, holt, goal)
    assert "{" not in subject + body and "}" not in subject + body
    assert "Ana" in body
    assert "Holt" in body or "Maren" in body
    assert "kelp forest restoration" in body
    report = check_message(subject, body, holt, wb, channel="linkedin" if key == "linkedin" else "email")
    assert report.word_count <= 150
    expected_fail = {"small_ask"} if key == "thank_you" else set()
    assert {c.key for c in report.missing} == expected_fail


def test_email_template_passes_the_checker(wb, holt):
    subject, body = fill_template("email", wb, holt, Goal(text="Land a postdoc in marine ecology"))
    assert check_message(subject, body, holt, wb).ok
    assert "a PhD candidate" in body  # acronyms keep their case


def test_template_with_missing_parts_leaves_visible_hints(wb):
    subject, body = fill_template("email", wb, None, None)
    assert "[their name]" in body and "[your goal]" in body
    # Without the contact's expertise the topic falls back to the participant's field, not a hint.
    assert "[topic]" not in subject and wb.profile.field.casefold() in subject.casefold()
    wb.profile.field = ""
    assert "[topic]" in fill_template("email", wb, None, None)[0]


def test_unknown_template(wb):
    with pytest.raises(MentorkitError):
        fill_template("telegram", wb)
