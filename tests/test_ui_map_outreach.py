"""Mentor map and outreach widgets: people, needs, asks and drafts reach the disk and come back."""

from __future__ import annotations

import base64
import json
import re
from datetime import date
from email import message_from_bytes
from email.policy import default as default_policy

import pytest

import mentorkit.ui as ui
from mentorkit.session import LiveWorkbook, open_workbook
from mentorkit.store import Cohort
from mentorkit.ui.common import find_all

PID = "ana-lima"


@pytest.fixture
def live(sample_cohort: Cohort) -> LiveWorkbook:
    return LiveWorkbook(sample_cohort, PID, debounce=0)


def on_disk(cohort: Cohort) -> dict:
    return json.loads(cohort.path_for(PID).read_text(encoding="utf-8"))


def reopen(cohort: Cohort) -> LiveWorkbook:
    return open_workbook(participant=PID, cohort=cohort.root)


def within(box, css: str) -> list:
    return list(find_all(box, css))


def link_bytes(html: str, css: str) -> bytes:
    match = re.search(rf"<a class='{css}' download='([^']+)' href='data:[^,]+base64,([^']+)'", html)
    assert match, f"no {css} link in {html[:200]}"
    return base64.b64decode(match.group(2))


def add_person(ex, name: str, needs: list[str], expertise: str = "") -> None:
    ex.one("mk-contact-new").value = name
    ex.one("mk-contact-add").click()
    card = ex.find("mk-contact-card")[-1]
    if expertise:
        within(card, "mk-contact-expertise")[0].value = expertise
    for key in needs:
        within(card, f"mk-contact-need-{key}")[0].value = True


def test_mentor_map_people_needs_gaps_and_concentration(live: LiveWorkbook, sample_cohort: Cohort) -> None:
    ex = ui.mentor_map(live)
    reading = ex.one("mk-map-reading")
    assert "✗ Nobody covers" in reading.value
    add_person(ex, "Maya Ortiz", ["sponsorship", "substantive_feedback", "accountability",
                                  "professional_development"], expertise="marine ecology")
    add_person(ex, "Tom <b>Reyes</b>", ["emotional_support"])
    contacts = on_disk(sample_cohort)["contacts"]
    assert [c["name"] for c in contacts] == ["Maya Ortiz", "Tom <b>Reyes</b>"]
    assert contacts[0]["needs"] == ["professional_development", "accountability", "sponsorship",
                                    "substantive_feedback"]
    assert "Too much rests on Maya Ortiz" in reading.value  # concentration, in plain words
    assert "<b>Reyes" not in reading.value and "Safe space" in reading.value
    assert ex.one("mk-map-heatmap").chart is not None and ex.one("mk-map-centre").chart is not None

    # un-press a need, and mark the participant's own priorities
    within(ex.find("mk-contact-card")[0], "mk-contact-need-accountability")[0].value = False
    ex.one("mk-my-need-safe_space").value = True
    disk = on_disk(sample_cohort)
    assert "accountability" not in disk["contacts"][0]["needs"] and "safe_space" in disk["needs"]

    again = ui.mentor_map(reopen(sample_cohort))
    card = again.find("mk-contact-card")[0]
    assert within(card, "mk-contact-name")[0].value == "Maya Ortiz"
    assert within(card, "mk-contact-need-sponsorship")[0].value is True
    assert within(card, "mk-contact-need-accountability")[0].value is False


def test_one_ask_per_gap_is_suggested_and_editable(live: LiveWorkbook, sample_cohort: Cohort) -> None:
    ex = ui.mentor_map(live)
    add_person(ex, "Maya Ortiz", ["sponsorship", "substantive_feedback"])
    ex.one("mk-ask-suggest").click()
    asks = on_disk(sample_cohort)["asks"]
    gaps = 10 - 2
    assert len(asks) == gaps and all(a["by"] and a["what"] and a["who"] for a in asks)
    assert len(ex.find("mk-ask-row")) == gaps
    ex.one("mk-ask-suggest").click()  # no duplicates for gaps that already have an open ask
    assert len(on_disk(sample_cohort)["asks"]) == gaps

    row = ex.find("mk-ask-row")[0]
    within(row, "mk-ask-who")[0].value = "Priya Nair"
    within(row, "mk-ask-by")[0].value = date(2031, 3, 31)
    within(row, "mk-ask-done")[0].value = True
    first = on_disk(sample_cohort)["asks"][0]
    assert (first["who"], first["by"], first["done"]) == ("Priya Nair", "2031-03-31", True)
    ex.find("mk-ask-remove")[-1].click()
    assert len(on_disk(sample_cohort)["asks"]) == gaps - 1

    again = ui.mentor_map(reopen(sample_cohort))
    assert within(again.find("mk-ask-row")[0], "mk-ask-who")[0].value == "Priya Nair"


def test_outreach_draft_checks_follow_up_and_downloads(live: LiveWorkbook, sample_cohort: Cohort) -> None:
    ui.mentor_map(live)  # nobody on the map yet: outreach can add a person itself
    ex = ui.outreach(live)
    ex.one("mk-outreach-new-contact").value = "Dr. Maya Ortiz"
    ex.one("mk-outreach-add-contact").click()
    contact_id = on_disk(sample_cohort)["contacts"][0]["id"]
    assert ex.one("mk-outreach-contact").value == contact_id

    ex.one("mk-outreach-template").value = "email"
    ex.one("mk-outreach-fill").click()
    subject, body = ex.one("mk-outreach-subject"), ex.one("mk-outreach-body")
    assert "Dear Dr. Maya Ortiz" in body.value and subject.value
    assert re.search(r"\d+ / 150 words", ex.one("mk-word-count").value)

    body.value = "Hi. Can you give me a job? " * 40
    assert "280 / 150 words" in ex.one("mk-word-count").value
    checks = ex.one("mk-outreach-checks").value
    assert "✗" in checks and "job" in checks

    body.value = (
        "Dear Maya,\n\nI am Ana, a PhD candidate in biology. Your work on kelp forest recovery is why "
        "I am writing. Would you have 20 minutes for a short call next month?\n\nThank you,\nAna"
    )
    subject.value = "PhD candidate asking about kelp research: a 20-minute call?"
    checks = ex.one("mk-outreach-checks").value
    assert "✗" not in checks, checks
    draft = on_disk(sample_cohort)["outreach"][0]
    assert draft["contact_id"] == contact_id and draft["subject"] == subject.value
    # typing a draft sets no status: the participant sets it, or the sent date does
    assert on_disk(sample_cohort)["contacts"][0]["outreach_status"] == "not_contacted"

    ex.one("mk-outreach-sent").value = date(2030, 3, 1)  # a Friday
    draft = on_disk(sample_cohort)["outreach"][0]
    assert draft["follow_up_on"] == "2030-03-12"  # seven working days later
    assert "12 March 2030" in ex.one("mk-follow-up").value
    assert on_disk(sample_cohort)["contacts"][0]["outreach_status"] == "sent"
    assert ex.one("mk-contact-status").value == "sent"

    links = ex.one("mk-outreach-downloads").value
    assert link_bytes(links, "mk-outreach-txt").decode().startswith(f"Subject: {subject.value}\n\nDear Maya")
    msg = message_from_bytes(link_bytes(links, "mk-outreach-eml"), policy=default_policy)
    assert msg["Subject"] == subject.value and "Ana Lima" in msg["From"]
    assert "kelp forest" in msg.get_content()
    assert "mk-outreach-copy" in links
    assert "Ana" in ex.one("mk-thank-you").value

    again = ui.outreach(reopen(sample_cohort))
    assert again.one("mk-outreach-subject").value == subject.value
    assert again.one("mk-outreach-sent").value == date(2030, 3, 1)


def test_draft_typed_before_choosing_anyone_is_kept(live: LiveWorkbook, sample_cohort: Cohort) -> None:
    ex = ui.outreach(live)
    assert ex.one("mk-outreach-contact").value == ""
    ex.one("mk-outreach-body").value = "Dear Maya, thank you."
    assert on_disk(sample_cohort)["outreach"][0]["body"] == "Dear Maya, thank you."
    ex.one("mk-outreach-new-contact").value = "Maya Ortiz"
    ex.one("mk-outreach-add-contact").click()
    disk = on_disk(sample_cohort)
    assert disk["outreach"][0]["contact_id"] == disk["contacts"][0]["id"]
    assert ex.one("mk-outreach-body").value == "Dear Maya, thank you."


def test_outreach_does_not_undo_people_added_in_the_map_meanwhile(sample_cohort: Cohort) -> None:
    """02 and 03 open side by side: contacts added in the map survive the outreach notebook's saves."""
    map_tab = ui.mentor_map(LiveWorkbook(sample_cohort, PID, debounce=0))
    add_person(map_tab, "Maya Ortiz", ["sponsorship"])
    # opened now, so it knows Maya; a long debounce, like typing fast in a real session
    outreach_tab = ui.outreach(LiveWorkbook(sample_cohort, PID, debounce=60))
    add_person(map_tab, "Tom Reyes", ["safe_space"])  # added after the outreach tab opened
    outreach_tab.one("mk-outreach-body").value = "Dear Maya, thank you."
    outreach_tab.one("mk-contact-status").value = "replied"  # Maya answered
    outreach_tab.one("mk-outreach-new-contact").value = "Priya Nair"
    outreach_tab.one("mk-outreach-add-contact").click()
    assert outreach_tab.live.flush()
    contacts = {c["name"]: c for c in on_disk(sample_cohort)["contacts"]}
    assert set(contacts) == {"Maya Ortiz", "Tom Reyes", "Priya Nair"}
    assert contacts["Maya Ortiz"]["outreach_status"] == "replied"
    assert contacts["Tom Reyes"]["needs"] == ["safe_space"]
