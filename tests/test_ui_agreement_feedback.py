"""Agreement and feedback widgets: every part saves, missing parts clear, the calendar file is real."""

from __future__ import annotations

import base64
import json
import re
from datetime import date

import ipywidgets as W
import pytest

import mentorkit.ui as ui
from mentorkit.model import OutreachDraft
from mentorkit.session import LiveWorkbook, open_workbook
from mentorkit.store import Cohort

PID = "ana-lima"


@pytest.fixture
def live(sample_cohort: Cohort) -> LiveWorkbook:
    return LiveWorkbook(sample_cohort, PID, debounce=0)


def on_disk(cohort: Cohort) -> dict:
    return json.loads(cohort.path_for(PID).read_text(encoding="utf-8"))


def reopen(cohort: Cohort) -> LiveWorkbook:
    return open_workbook(participant=PID, cohort=cohort.root)


def ics_text(html: str) -> str:
    match = re.search(r"<a class='mk-ics-download' download='([^']+\.ics)' href='data:text/calendar[^,]*"
                      r"base64,([^']+)'", html)
    assert match, html[:300]
    return base64.b64decode(match.group(2)).decode("utf-8")


def test_agreement_fills_up_until_nothing_is_missing(live: LiveWorkbook, sample_cohort: Cohort) -> None:
    live.workbook.outreach = [OutreachDraft(contact_id="x", subject="Hello", sent_on=date(2030, 3, 1),
                                            follow_up_on=date(2030, 3, 12))]
    live.changed()
    ex = ui.agreement(live)
    missing = ex.one("mk-agreement-missing")
    assert missing.value.count("mk-missing-item") == 18  # every part still to agree, 7 from both sides

    ex.find("mk-agreement-goal")[0].value = True
    ex.one("mk-agreement-frequency").value = "monthly"
    ex.one("mk-agreement-mode").value = "Video call"
    ex.one("mk-agreement-minutes").value = 45
    ex.one("mk-agreement-start").value = date(2030, 4, 1)
    ex.one("mk-agreement-end").value = date(2030, 9, 30)
    assert missing.value.count("mk-missing-item") == 13
    for field in ("confidentiality", "feedback", "ground_rules", "ending", "roles_mentee", "roles_mentor",
                  "between_meetings", "reply_time", "preparation", "disagreements"):
        ex.one(f"mk-agreement-default-{field}").click()
    ex.one("mk-agreement-mentor_expectations").value = "Candid updates, and an agenda two days ahead."
    ex.one("mk-agreement-checkpoint-add").click()
    ex.one("mk-agreement-mentee_name").value = "Ana Lima"
    assert "mentor" in missing.value and missing.value.count("mk-missing-item") == 1
    ex.one("mk-agreement-mentor_name").value = "Dr. Maya Ortiz"
    assert "mk-missing-item" not in missing.value and "ready to sign" in missing.value

    saved = on_disk(sample_cohort)["agreement"]
    assert saved["frequency"] == "monthly" and saved["meeting_minutes"] == 45
    assert saved["checkpoints"] == ["2030-07-01"]  # halfway
    assert len(saved["ground_rules"]) >= 2 and "without blame" in saved["ending"]
    assert saved["goal_ids"] == [live.workbook.goals[0].id]

    preview = ex.one("mk-agreement-preview").value
    assert "Dr. Maya Ortiz" in preview and "(to agree)" not in preview

    ics = ics_text(ex.one("mk-agreement-downloads").value)
    assert ics.startswith("BEGIN:VCALENDAR") and ics.rstrip().endswith("END:VCALENDAR")
    assert "FREQ=MONTHLY" in ics and "COUNT=6" in ics
    assert "DTSTART;VALUE=DATE:20300701" in ics  # the review checkpoint
    assert "DTSTART;VALUE=DATE:20300312" in ics  # the outreach follow-up
    assert "\r\n" in ics

    again = ui.agreement(reopen(sample_cohort))
    assert again.one("mk-agreement-mode").value == "Video call"
    assert again.one("mk-agreement-end").value == date(2030, 9, 30)
    assert [w.value for w in again.find("mk-agreement-checkpoint")] == [date(2030, 7, 1)]
    assert "ready to sign" in again.one("mk-agreement-missing").value


def test_agreement_checkpoint_edit_and_remove(live: LiveWorkbook, sample_cohort: Cohort) -> None:
    ex = ui.agreement(live)
    ex.one("mk-agreement-checkpoint-add").click()
    ex.one("mk-agreement-checkpoint-add").click()
    ex.find("mk-agreement-checkpoint")[1].value = date(2031, 1, 15)
    assert on_disk(sample_cohort)["agreement"]["checkpoints"][1] == "2031-01-15"
    ex.find("mk-agreement-checkpoint-remove")[0].click()
    assert on_disk(sample_cohort)["agreement"]["checkpoints"] == ["2031-01-15"]
    assert len(ex.find("mk-agreement-checkpoint")) == 1


def test_agreement_preview_escapes_participant_text(live: LiveWorkbook) -> None:
    ex = ui.agreement(live)
    ex.one("mk-agreement-mentor_name").value = "<img src=x onerror=alert(1)>"
    assert "<img" not in ex.one("mk-agreement-preview").value
    assert "&lt;img" in ex.one("mk-agreement-preview").value


def test_reflection_log_and_snapshots(live: LiveWorkbook, sample_cohort: Cohort) -> None:
    ex = ui.feedback(live)
    assert "No snapshots yet" in ex.one("mk-snapshot-diff").value
    prompt = ex.one("mk-reflection-prompt")
    prompt.value = prompt.options[2][1]
    ex.one("mk-reflection-add").click()
    ex.find("mk-reflection-text")[0].value = "I asked for <b>blunt</b> comments on chapter 2."
    saved = on_disk(sample_cohort)["reflections"]
    assert len(saved) == 1 and saved[0]["prompt"] == prompt.value and "chapter 2" in saved[0]["text"]
    entry = ex.one("mk-reflection-entry")
    head = entry.children[0]
    assert isinstance(head, W.HTML) and "What kind of feedback" in head.value
    assert "<b>blunt" not in head.value  # participant text only ever sits in text boxes

    ex.one("mk-snapshot-label").value = "first session"
    ex.one("mk-snapshot-take").click()
    snaps = on_disk(sample_cohort)["snapshots"]
    assert len(snaps) == 1 and snaps[0]["label"] == "first session" and len(snaps[0]["skills"]) == 6
    # improve a skill and finish a goal: "now" differs from the snapshot
    live.workbook.skills[0].current = 4
    live.workbook.goals[0].status = "done"
    live.changed()
    ex.one("mk-snapshot-compare").click()
    diff = ex.one("mk-snapshot-diff").value
    assert "Public speaking: up from 2 to 4" in diff and "1 more goal(s) done" in diff
    assert ex.one("mk-snapshot-chart").chart is not None

    again = ui.feedback(reopen(sample_cohort))
    assert again.find("mk-reflection-text")[0].value.startswith("I asked for")
    assert "first session" in again.one("mk-snapshot-before").options[0][0]
    again.find("mk-reflection-remove")[0].click()
    assert again.live.flush()
    assert on_disk(sample_cohort)["reflections"] == []
