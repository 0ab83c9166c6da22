"""Mentoring agreement: completeness checks, printable text, meeting dates and the .ics export."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import pytest

from mentorkit.core.agreement import (
    KEYS,
    add_months,
    agreement_text,
    calendar_ics,
    check_agreement,
    clause_verdict,
    meeting_dates,
    options,
)
from mentorkit.core.ics import escape_text, fold
from mentorkit.model import Agreement, Contact, Goal, OutreachDraft, OutreachStatus, Profile, Workbook

NOW = datetime(2025, 1, 15, 9, 30, tzinfo=timezone.utc)
#: The clauses agreed from both sides (mentorkit.core.expectations), checked before the signatures.
CLAUSES = ("roles_mentor", "roles_mentee", "between_meetings", "reply_time", "preparation",
           "mentor_expectations", "disagreements")
BOTH_SIDES = dict(
    roles_mentor="Honest advice from experience, and introductions where useful.",
    roles_mentee="Sets the agenda, books meetings, follows through.",
    between_meetings="E-mail for short questions only.",
    reply_time="Within three working days.",
    preparation="Agenda two days ahead.",
    mentor_expectations="Come prepared and be candid about progress.",
    disagreements="Raise it at the next meeting, openly.",
)


def complete_workbook() -> Workbook:
    goals = [
        Goal(id="g1", text="Submit first-author paper by June"),
        Goal(id="g2", text="Give two conference talks, this year"),
    ]
    agreement = Agreement(
        goal_ids=["g1", "g2"],
        frequency="Twice a month",
        mode="Video call",
        meeting_minutes=45,
        start=date(2025, 2, 3),
        end=date(2025, 7, 31),
        confidentiality="What we discuss stays between us.",
        feedback="Direct and kind, with examples; asked for first.",
        ground_rules=["24 hours' notice to move a meeting"],
        checkpoints=[date(2025, 4, 30)],
        ending="Either of us can end it, no blame, with a short note.",
        mentee_name="Ana Lima",
        mentor_name="Dr. Maren Holt",
        **BOTH_SIDES,
    )
    return Workbook(profile=Profile(id="ana-lima", name="Ana Lima"), goals=goals, agreement=agreement)


def test_complete_agreement_passes():
    wb = complete_workbook()
    report = check_agreement(wb.agreement, wb)
    assert sorted(c.key for c in report.checks) == sorted([*KEYS, *CLAUSES])
    assert report.checks[-1].key == "signatures"
    assert report.ok, report.missing
    assert report.warnings == []


def test_empty_agreement_fails_everything():
    wb = Workbook(profile=Profile(id="x", name="X"))
    report = check_agreement(wb.agreement, wb)
    assert {c.key for c in report.missing} == {*KEYS, *CLAUSES}


@pytest.mark.parametrize(
    "change, failing",
    [
        ({"goal_ids": []}, "goals"),
        ({"goal_ids": ["g1", "g2", "g1"]}, None),  # repeats count once
        ({"goal_ids": ["g1", "nope"]}, "goals"),
        ({"frequency": ""}, "frequency"),
        ({"mode": ""}, "mode"),
        ({"meeting_minutes": None}, "meeting_minutes"),
        ({"start": None}, "dates"),
        ({"end": date(2025, 1, 1)}, "dates"),  # end before start
        ({"confidentiality": ""}, "confidentiality"),
        ({"feedback": "ok"}, "feedback"),  # too thin to be a clause
        ({"ground_rules": ["  "]}, "ground_rules"),
        ({"checkpoints": []}, "checkpoints"),
        ({"checkpoints": [date(2026, 1, 1)]}, "checkpoints"),  # after the end
        ({"ending": ""}, "ending"),
        ({"mentor_name": ""}, "signatures"),
        ({"mentee_name": " "}, "signatures"),
        ({"reply_time": "soon"}, "reply_time"),  # too thin to be agreed
        *[({key: ""}, key) for key in CLAUSES],
    ],
)
def test_each_missing_part_fails_only_its_key(change, failing):
    wb = complete_workbook()
    for field, value in change.items():
        setattr(wb.agreement, field, value)
    report = check_agreement(wb.agreement, wb)
    assert [c.key for c in report.missing] == ([failing] if failing else [])


def test_more_than_three_goals_fails():
    wb = complete_workbook()
    wb.goals += [Goal(id="g3", text="c"), Goal(id="g4", text="d")]
    wb.agreement.goal_ids = ["g1", "g2", "g3", "g4"]
    assert not check_agreement(wb.agreement, wb).keys_ok["goals"]


@pytest.mark.parametrize(
    "end, warns",
    [
        (date(2025, 3, 15), True),  # ~6 weeks
        (date(2025, 6, 3), False),  # 4 months
        (date(2026, 2, 3), False),  # 12 months
        (date(2026, 8, 1), True),  # 18 months
    ],
)
def test_unusual_length_warns_but_passes(end, warns):
    wb = complete_workbook()
    wb.agreement.end = end
    wb.agreement.checkpoints = [date(2025, 3, 1)]
    report = check_agreement(wb.agreement, wb)
    assert report.keys_ok["dates"]
    assert report["dates"].warning is warns


def test_free_text_frequency_passes_with_warning():
    wb = complete_workbook()
    wb.agreement.frequency = "every third Tuesday"
    report = check_agreement(wb.agreement, wb)
    assert report["frequency"].ok and report["frequency"].warning
    assert meeting_dates(wb.agreement) == []


def test_options_come_from_content():
    opts = options()
    assert [f.key for f in opts["frequencies"]] == ["weekly", "twice_a_month", "monthly"]
    assert [m.key for m in opts["modes"]] == ["in_person", "video", "phone"]
    assert opts["meeting_minutes"] == [30, 45, 60]
    assert all(opts["suggested"][k] for k in ("confidentiality", "feedback", "ending", "ground_rules"))


def test_suggested_clauses_pass_the_check():
    wb = complete_workbook()
    s = options()["suggested"]
    wb.agreement.confidentiality, wb.agreement.feedback, wb.agreement.ending = (
        s["confidentiality"], s["feedback"], s["ending"]
    )
    wb.agreement.ground_rules = list(s["ground_rules"])
    assert check_agreement(wb.agreement, wb).ok


@pytest.mark.parametrize(
    "frequency, start, end, expected",
    [
        ("weekly", date(2025, 2, 3), date(2025, 3, 3), ["2025-02-03", "02-10", "02-17", "02-24", "03-03"]),
        ("fortnightly", date(2025, 2, 3), date(2025, 3, 16), ["2025-02-03", "02-17", "03-03"]),
        ("Monthly", date(2025, 1, 31), date(2025, 4, 30), ["2025-01-31", "02-28", "03-31", "04-30"]),
    ],
)
def test_meeting_dates(frequency, start, end, expected):
    agreement = Agreement(frequency=frequency, start=start, end=end)
    got = meeting_dates(agreement)
    assert got[0].isoformat() == expected[0]
    assert [d.strftime("%m-%d") for d in got[1:]] == expected[1:]


def test_meeting_dates_need_start_end_and_frequency():
    assert meeting_dates(Agreement(frequency="weekly", start=date(2025, 1, 1))) == []
    assert meeting_dates(Agreement(start=date(2025, 1, 1), end=date(2025, 6, 1))) == []


def test_add_months_keeps_anchor_day():
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2025, 2, 28), 1, anchor_day=31) == date(2025, 3, 31)
    assert add_months(date(2025, 11, 15), 3) == date(2026, 2, 15)


def test_agreement_text_holds_every_part():
    text = agreement_text(complete_workbook())
    for part in ("Ana Lima", "Dr. Maren Holt", "Submit first-author paper by June", "Twice a month",
                 "Video call", "45 minutes", "2025-02-03", "2025-07-31", "2025-04-30",
                 "stays between us", "24 hours' notice", "no blame", "three working days",
                 "Agenda two days ahead", "candid about progress", "The mentor's role"):
        assert part in " ".join(text.split()), part
    assert max(len(line) for line in text.splitlines()) <= 78
    assert "(to agree)" not in text


def test_agreement_text_of_empty_agreement_marks_blanks():
    text = agreement_text(Workbook(profile=Profile(id="x", name="Xia Chen")))
    assert "Xia Chen" in text
    assert text.count("(to agree)") >= 6


# --- iCalendar --------------------------------------------------------------------------------

PROP = re.compile(r"^(?P<name>[A-Z][A-Z0-9-]*)(?P<params>(?:;[A-Z-]+=[^;:]*)*):(?P<value>.*)$")


def parse_ics(text: str) -> list[dict]:
    """A strict reader: CRLF only, lines <= 75 octets, balanced BEGIN/END, well-formed properties."""
    assert text.endswith("\r\n")
    physical = text[:-2].split("\r\n")
    assert all("\n" not in line and "\r" not in line for line in physical)
    assert all(len(line.encode("utf-8")) <= 75 for line in physical)
    logical: list[str] = []
    for line in physical:
        if line.startswith((" ", "\t")):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    stack, components = [], []
    for line in logical:
        match = PROP.match(line)
        assert match, line
        name, value = match["name"], match["value"]
        if name == "BEGIN":
            stack.append({"_type": value})
        elif name == "END":
            component = stack.pop()
            assert component["_type"] == value
            components.append(component)
        else:
            stack[-1].setdefault(name, []).append((match["params"], value))
    assert not stack
    return components


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def test_ics_parses_and_has_required_properties():
    wb = complete_workbook()
    text = calendar_ics(wb, follow_up=date(2025, 1, 24), now=NOW)
    components = parse_ics(text)
    cal = components[-1]
    assert cal["_type"] == "VCALENDAR"
    assert cal["VERSION"][0][1] == "2.0" and cal["PRODID"]
    events = [c for c in components if c["_type"] == "VEVENT"]
    for event in events:
        for prop in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            assert prop in event, prop
        assert event["DTSTAMP"][0][1] == "20250115T093000Z"
    uids = [e["UID"][0][1] for e in events]
    assert len(uids) == len(set(uids))
    # one meeting series, one checkpoint, one follow-up
    assert len(events) == 3
    series = [e for e in events if "RRULE" in e]
    assert len(series) == 1
    rule = dict(part.split("=") for part in series[0]["RRULE"][0][1].split(";"))
    assert rule["FREQ"] == "WEEKLY" and rule["INTERVAL"] == "2"
    assert int(rule["COUNT"]) == len(meeting_dates(wb.agreement))
    assert series[0]["DTSTART"][0] == (";VALUE=DATE", "20250203")
    starts = {e["DTSTART"][0][1] for e in events}
    assert {"20250430", "20250124"} <= starts


def test_ics_expanded_series_matches_meeting_dates():
    wb = complete_workbook()
    series = [e for e in parse_ics(calendar_ics(wb, now=NOW)) if "RRULE" in e][0]
    rule = dict(part.split("=") for part in series["RRULE"][0][1].split(";"))
    first = datetime.strptime(series["DTSTART"][0][1], "%Y%m%d").date()
    expanded = [first + timedelta(weeks=int(rule["INTERVAL"]) * i) for i in range(int(rule["COUNT"]))]
    assert expanded == meeting_dates(wb.agreement)


def test_ics_monthly_on_31st_uses_single_events():
    wb = complete_workbook()
    wb.agreement.frequency, wb.agreement.start = "monthly", date(2025, 1, 31)
    events = [c for c in parse_ics(calendar_ics(wb, now=NOW)) if c["_type"] == "VEVENT"]
    meetings = [e for e in events if "Mentoring:" in e["SUMMARY"][0][1]]
    assert not any("RRULE" in e for e in meetings)
    expected = [d.strftime("%Y%m%d") for d in meeting_dates(wb.agreement)]
    assert [e["DTSTART"][0][1] for e in meetings] == expected


def test_ics_escapes_and_folds_long_text():
    wb = complete_workbook()
    wb.goals[0].text = "Finish the paper; revise, then submit\\send – by June, with Ørjan's notes " * 3
    components = parse_ics(calendar_ics(wb, now=NOW))
    series = [c for c in components if "RRULE" in c][0]
    description = unescape(series["DESCRIPTION"][0][1])
    assert wb.goals[0].text in description
    assert "\n" in description  # minutes/mode line, then goals line


def test_fold_and_escape_units():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = fold("X" * 200)
    assert [len(p) for p in folded.split("\r\n")] == [75, 75, 52]
    multibyte = fold("é" * 100)
    assert all(len(p.encode()) <= 75 for p in multibyte.split("\r\n"))
    assert multibyte.replace("\r\n ", "") == "é" * 100


def test_ics_follow_ups_from_sent_drafts():
    wb = complete_workbook()
    waiting = Contact(id="c1", name="Kai Moreno", outreach_status=OutreachStatus.sent)
    answered = Contact(id="c2", name="Rosa Baptiste", outreach_status=OutreachStatus.replied)
    wb.contacts = [waiting, answered]
    sent = {"sent_on": date(2025, 3, 3), "follow_up_on": date(2025, 3, 12)}
    wb.outreach = [
        OutreachDraft(contact_id="c1", subject="Hi", **sent),
        OutreachDraft(contact_id="c2", subject="Hi", **sent),
        OutreachDraft(contact_id="c1", subject="draft only"),
    ]
    events = [c for c in parse_ics(calendar_ics(wb, now=NOW)) if c["_type"] == "VEVENT"]
    follow = [e for e in events if "Follow up" in e["SUMMARY"][0][1]]
    assert len(follow) == 1
    assert "Kai Moreno" in follow[0]["SUMMARY"][0][1]
    assert follow[0]["DTSTART"][0][1] == "20250312"


def test_ics_of_empty_workbook_is_still_valid():
    components = parse_ics(calendar_ics(Workbook(profile=Profile(id="x", name="X")), now=NOW))
    assert [c["_type"] for c in components] == ["VCALENDAR"]


def test_ics_uids_are_stable():
    wb = complete_workbook()
    a = calendar_ics(wb, now=NOW)
    b = calendar_ics(wb, now=NOW + timedelta(days=3))
    uid = re.compile(r"^UID:.*$", re.M)
    assert uid.findall(a) == uid.findall(b)


@pytest.mark.parametrize(
    "field, text, verdict",
    [
        ("confidentiality", "What we discuss stays between us.", "ok"),
        ("confidentiality", "Confidential where possible.", "vague"),  # a hedge takes it back
        ("confidentiality", "TBD", "missing"),
        ("feedback", "Open and honest.", "vague"),  # no how or when
        ("feedback", "Written comments on drafts within a week.", "ok"),
        ("ending", "Mutual agreement", "vague"),
        ("ending", "Either of us can stop at any time with a short message.", "ok"),
        ("ground_rule", "Be respectful", "vague"),
        ("ground_rule", "48 hours' notice to reschedule", "ok"),
        ("ground_rule", "  ", "missing"),
    ],
)
def test_clause_verdict(field, text, verdict):
    assert clause_verdict(field, text) == verdict


@pytest.mark.parametrize("field", ["confidentiality", "feedback", "ending"])
def test_vague_clause_fails_with_a_concrete_suggestion(field):
    wb = complete_workbook()
    setattr(wb.agreement, field, "We will sort it out as we go")
    report = check_agreement(wb.agreement, wb)
    assert [c.key for c in report.missing] == [field]
    message = report[field].message
    assert "We will sort it out as we go" in message and "For example" in message
    assert options()["suggested"] and "“" in message


def test_ground_rules_all_vague_fail_some_vague_warn():
    wb = complete_workbook()
    wb.agreement.ground_rules = ["Be respectful", "Good communication"]
    report = check_agreement(wb.agreement, wb)
    assert not report.keys_ok["ground_rules"] and "Be respectful" in report["ground_rules"].message
    wb.agreement.ground_rules = ["Be respectful", "Agenda a day ahead"]
    report = check_agreement(wb.agreement, wb)
    assert report.keys_ok["ground_rules"] and report["ground_rules"].warning
