"""Outreach checker, follow-up date and templates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mentorkit.core.outreach import (
    WORD_LIMIT,
    check_message,
    fill_template,
    follow_up_date,
    templates,
)
from mentorkit.core.text import word_count
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
KEYS = ["length", "subject", "why_you", "small_ask", "no_job_request", "polite_close", "placeholders"]


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


def test_empty_message_fails_everything_but_job_and_blank_checks():
    report = check_message("", "")
    assert report.word_count == 0
    assert {c.key for c in report.missing} == set(KEYS) - {"no_job_request", "placeholders"}


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
    # their field named in a sentence about them says why; a field word inside the ask does not
    with_expertise = plain.replace("Could", "I am starting out in kelp restoration, which you know. Could")
    assert check_message(GOOD_SUBJECT, with_expertise, holt).keys_ok["why_you"]
    in_the_ask = plain.replace("Could we", "Could you look at my kelp restoration plan, and could we")
    assert not check_message(GOOD_SUBJECT, in_the_ask, holt).keys_ok["why_you"]
    loves = plain.replace("Could", "I love your work. Could")
    assert not check_message(GOOD_SUBJECT, loves).keys_ok["why_you"]
    with_talk = plain.replace("Could", "I watched your conference talk on seagrass. Could")
    assert check_message(GOOD_SUBJECT, with_talk).keys_ok["why_you"]
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
        ("Could you spare half an hour for a cup of tea?", True),  # holds "an hour", but is small
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


@pytest.mark.parametrize(
    "sentence",
    [
        "My goal is to find a training position in employment law.",  # a statement about the writer
        "I am applying for internships next year.",
        "I am not asking about vacancies, only how you prepared.",  # negated
    ],
)
def test_job_words_outside_the_ask_are_not_a_request(sentence):
    assert check_message(GOOD_SUBJECT, GOOD_BODY + sentence).keys_ok["no_job_request"]


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


def test_placeholders_of_every_shape_block_ready_to_send():
    for blank in ("[Name]", "{contact_name}", "<first name>", "___", "TBD", "XXX", "NAME", "xxx"):
        report = check_message(GOOD_SUBJECT, GOOD_BODY.replace("Dr. Holt", blank))
        assert not report.keys_ok["placeholders"], blank
        assert not report.ready_to_send and blank in report.placeholders
        assert blank in report["placeholders"].message
    report = check_message(GOOD_SUBJECT, GOOD_BODY)
    assert report.ready_to_send and report.placeholders == []
    # acronyms and ordinary capitals are not blanks
    acronyms = GOOD_BODY + " I work in the NHS on UX for SQE candidates."
    assert check_message(GOOD_SUBJECT, acronyms).ready_to_send


def test_linkedin_counts_characters_email_counts_words():
    note = "Hi Jo, I read your post on solar careers. Would you have 15 minutes for a quick call? Thanks!"
    report = check_message("", note, channel="linkedin")
    assert report.keys_ok["length"] and report.unit == "characters" and report.count == len(note)
    long_note = note + " " + "I have been an electrician for years." * 6  # still few words, > 300 characters
    assert word_count(long_note) < 150
    report = check_message("", long_note, channel="linkedin")
    assert not report.keys_ok["length"] and report.count > 300
    assert "300" in report["length"].message
    assert check_message(GOOD_SUBJECT, long_note).keys_ok["length"]  # as an e-mail it is short


def test_word_limit_is_configurable(tmp_path):
    import mentorkit.content
    from mentorkit.content import content_for

    (tmp_path / "content").mkdir()
    bundled_file = Path(mentorkit.content.__file__).parent / "outreach.toml"
    text = bundled_file.read_text(encoding="utf-8").replace("words = 150", "words = 60")
    (tmp_path / "content" / "outreach.toml").write_text(text, encoding="utf-8")
    report = check_message(GOOD_SUBJECT, GOOD_BODY + " more" * 10, content=content_for(tmp_path))
    assert report.limit == 60 and not report.keys_ok["length"]


PROFILES = [
    (Profile(id="ana-lima", name="Ana Lima", role="PhD candidate", field="Biology"),
     Contact(name="Dr. Maren Holt", expertise="kelp forest restoration"),
     Goal(text="Land a postdoc in marine ecology by June")),
    (Profile(id="kofi-mensah", name="Kofi Mensah", role="Procurement officer", field="local government"),
     Contact(name="Ingrid Lindqvist", expertise="policy advice for councils"),
     Goal(text="Apply for two policy internships and a graduate position next year")),
    (Profile(id="ama-owusu", name="Ama Owusu", role="Staff nurse", field="acute medicine"),
     Contact(name="Mr Daniel Reyes", expertise="nursing informatics"),
     Goal(text="Get better at Excel")),
    (Profile(id="leo-marsh", name="Leo Marsh", role="", field=""),
     Contact(name="Priyanka Rao", expertise="software architecture"),
     Goal(text="A career in cloud security")),
    (Profile(id="wen-zhou", name="Wen Zhou", role="Audit associate", field="accounting"),
     Contact(name="Ms Farah Shah", expertise="moving from audit into tax advisory at a large firm"),
     Goal(text="I want to sit the first CTA exam and find a job in tax within eighteen months")),
]
FILL = {
    "[name of the person who knows them]": "Jordan",
    "[the one thing you will do]": "read the two reports you mentioned",
    "[your role]": "career changer",
    "[your field]": "technology",
}


@pytest.mark.parametrize("key", ["email", "linkedin", "introduction", "thank_you", "follow_up"])
@pytest.mark.parametrize("profile, contact, goal", PROFILES)
def test_every_template_passes_every_check_once_filled(key, profile, contact, goal):
    wb = Workbook(profile=profile)
    subject, body = fill_template(key, wb, contact, goal)
    assert "{" not in subject + body and "}" not in subject + body
    for blank, value in FILL.items():
        body, subject = body.replace(blank, value), subject.replace(blank, value)
    channel = next(t.channel for t in templates() if t.key == key)
    report = check_message(subject, body, contact, wb, channel=channel, kind=key)
    assert report.ok, (key, report.missing, body)
    assert profile.name.split()[0] in body
    assert contact.expertise in body or key == "linkedin" and len(body) <= 300
    # the goal is rephrased, never pasted as it was typed
    assert goal.text not in body and goal.text.rstrip(".") not in body


def test_blanks_left_by_a_template_are_flagged(wb, holt):
    subject, body = fill_template("thank_you", wb, holt, Goal(text="Land a postdoc"))
    report = check_message(subject, body, holt, wb, kind="thank_you")
    assert report.keys_ok["small_ask"]  # a thank-you needs no ask
    assert not report.keys_ok["placeholders"] and "[the one thing you will do]" in report.placeholders


def test_email_template_rephrases_the_goal(wb, holt):
    subject, body = fill_template("email", wb, holt, Goal(text="Land a postdoc in marine ecology by June"))
    assert "working on landing a postdoc in marine ecology by June" in body
    assert check_message(subject, body, holt, wb).ok
    assert "a PhD candidate" in body  # acronyms keep their case


def test_template_with_missing_parts_leaves_visible_hints(wb):
    subject, body = fill_template("email", wb, None, None)
    assert "[their name]" in body and "[what you are working on]" in body
    assert not check_message(subject, body, None, wb).keys_ok["placeholders"]
    # Without the contact's expertise the topic falls back to the participant's field, not a hint.
    assert "[topic]" not in subject and wb.profile.field.casefold() in subject.casefold()
    wb.profile.field = ""
    assert "[topic]" in fill_template("email", wb, None, None)[0]


def test_unknown_template(wb):
    with pytest.raises(MentorkitError):
        fill_template("telegram", wb)
