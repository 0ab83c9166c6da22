"""Steps 2-5 widgets: where to look, the conversation guide, expectations from both sides, feedback
practice, wins and career paths. Each is typed into and clicked, and the answers are read back from
the workbook file on disk and from a fresh widget."""

from __future__ import annotations

import json
from datetime import date, timedelta

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
    return open_workbook(participant=PID, cohort=cohort.root, ask=False)


def within(box, css: str) -> list:
    return list(find_all(box, css))


def test_where_to_look_adds_prospects_with_realistic_dates(live: LiveWorkbook, sample_cohort: Cohort) -> None:
    ex = ui.where_to_look(live)
    cards = ex.find("mk-look-need")
    # Ana's map is empty; her three priority needs come first
    assert [c._dom_classes[1] for c in cards[:3]] == [
        "mk-look-need-accountability", "mk-look-need-sponsorship", "mk-look-need-substantive_feedback"]
    sponsorship = cards[1]
    assert "Sponsors are senior people" in within(sponsorship, "mk-look-need")[0].children[0].value
    within(sponsorship, "mk-prospect-channel")[0].value = "introductions"
    within(sponsorship, "mk-prospect-name")[0].value = "Dr. Lena Brandt"  # Enter in the box adds

    saved = on_disk(sample_cohort)
    prospect = saved["contacts"][-1]
    assert prospect["name"] == "Dr. Lena Brandt" and prospect["kind"] == "prospect"
    assert prospect["needs"] == ["sponsorship"] and prospect["channel"] == "introductions"
    ask = saved["asks"][-1]
    assert ask["contact_id"] == prospect["id"] and ask["who"] == "Dr. Lena Brandt"
    assert date.fromisoformat(ask["by"]) - date.today() == timedelta(days=14)
    assert "mk-look-need-sponsorship" not in {c._dom_classes[1] for c in ex.find("mk-look-need")}

    # the participant moves the date to tomorrow: flagged, not refused
    ex.one("mk-prospect-by").value = date.today() + timedelta(days=1)
    assert "less than a week away" in ex.one("mk-ask-dates").value
    assert on_disk(sample_cohort)["asks"][-1]["by"] == (date.today() + timedelta(days=1)).isoformat()

    # a place, added with the button and no name
    first = ex.find("mk-look-need")[0]
    within(first, "mk-prospect-add")[0].click()
    kinds = [c["kind"] for c in on_disk(sample_cohort)["contacts"]]
    assert kinds.count("place") == 1 and len(ex.find("mk-prospect-row")) == 2

    ex.find("mk-prospect-remove")[1].click()
    assert [c["kind"] for c in on_disk(sample_cohort)["contacts"]].count("place") == 0
    assert len(on_disk(sample_cohort)["asks"]) == 1
    assert ex.find("mk-contact-role") == []  # a prospect has no role in the network yet

    # met: the prospect becomes one of the people on the map, with a role to choose
    ex.one("mk-prospect-kind").value = "person"
    assert ex.find("mk-prospect-row") == [] and len(ex.find("mk-contact-role")) == 1
    assert on_disk(sample_cohort)["contacts"][-1]["kind"] == "person"
    ex.one("mk-contact-role").value = "sponsor"
    assert "Sponsor: Dr. Lena Brandt" in ex.one("mk-network-reading").value

    again = ui.where_to_look(reopen(sample_cohort))
    assert again.one("mk-contact-role").value == "sponsor"


def test_network_roles_are_saved_and_read(live: LiveWorkbook, sample_cohort: Cohort) -> None:
    mentor_map = ui.mentor_map(live)
    for name in ("Lee Park", "Maya Ortiz"):
        mentor_map.one("mk-contact-new").value = name
        mentor_map.one("mk-contact-add").click()
    ex = ui.where_to_look(live)
    assert "Peer" in ex.one("mk-network-roles").value and "Sponsor" in ex.one("mk-network-roles").value
    roles = ex.find("mk-contact-role")
    roles[0].value = "peer"
    roles[1].value = "sponsor"
    reading = ex.one("mk-network-reading").value
    assert "1 peer and 1 sponsor" in reading and "No near-peer yet" in reading
    assert [c["network_role"] for c in on_disk(sample_cohort)["contacts"]] == ["peer", "sponsor"]


def test_conversation_guide_plan_then_notes(live: LiveWorkbook, sample_cohort: Cohort) -> None:
    mentor_map = ui.mentor_map(live)
    mentor_map.one("mk-contact-new").value = "Dr. Maya Ortiz"
    mentor_map.one("mk-contact-add").click()
    mentor_map.one("mk-contact-expertise").value = "marine ecology"

    ex = ui.conversation(live)
    assert ex.one("mk-conversation-contact").label == "Dr. Maya Ortiz"
    ex.one("mk-conversation-start").click()
    card = ex.one("mk-conversation-card")
    boxes = within(card, "mk-conversation-question")
    assert 5 <= len(boxes) <= 8 and all(b.value for b in boxes)
    assert any("marine ecology" in b.description for b in boxes)
    assert "Dr. Maya Ortiz" in within(card, "mk-conversation-opening")[0].value
    boxes[1].value = False
    within(card, "mk-conversation-own-question")[0].value = "How do you choose which projects to say yes to?"
    within(card, "mk-conversation-offer")[0].value = "A short summary of what we discussed."
    checks = within(card, "mk-conversation-checks")[0]
    assert "✗" not in checks.value

    saved = on_disk(sample_cohort)["conversations"][0]
    assert saved["contact_id"] == on_disk(sample_cohort)["contacts"][0]["id"]
    assert boxes[1].description not in saved["questions"]
    assert saved["questions"][-1] == "How do you choose which projects to say yes to?"
    assert saved["offer"] == "A short summary of what we discussed."

    within(card, "mk-conversation-date")[0].value = date(2030, 3, 4)
    assert "Write a few lines of notes" in checks.value
    within(card, "mk-conversation-notes")[0].value = "Apply to the summer school first; talk to Dr. Brandt."
    within(card, "mk-conversation-follow-up")[0].value = "Send the summary on Friday"
    assert "✗" not in checks.value
    saved = on_disk(sample_cohort)["conversations"][0]
    assert saved["held_on"] == "2030-03-04" and "summer school" in saved["notes"]

    again = ui.conversation(reopen(sample_cohort))
    assert again.one("mk-conversation-notes").value.startswith("Apply to the summer school")
    ticked = [b.description for b in again.find("mk-conversation-question") if b.value]
    assert ticked == saved["questions"]
    again.one("mk-conversation-remove").click()
    again.live.flush()
    assert on_disk(sample_cohort)["conversations"] == []


def test_agreement_has_both_sides_clauses(live: LiveWorkbook, sample_cohort: Cohort) -> None:
    ex = ui.agreement(live)
    missing = ex.one("mk-agreement-missing")
    assert "How soon each of you" not in missing.value
    assert "reply" in missing.value and missing.value.count("mk-missing-item") == 18
    for key in ("roles_mentee", "roles_mentor", "between_meetings", "reply_time", "preparation",
                "disagreements"):
        ex.one(f"mk-agreement-default-{key}").click()
    assert missing.value.count("mk-missing-item") == 12
    assert "Ask your mentor what they expect" in missing.value
    ex.one("mk-agreement-mentor_expectations").value = "Come with one question and be candid about progress."
    assert missing.value.count("mk-missing-item") == 11
    assert "What made you say yes" in ex.one("mk-before-sign").value
    saved = on_disk(sample_cohort)["agreement"]
    assert "three working days" in saved["reply_time"] and "candid" in saved["mentor_expectations"]
    preview = ex.one("mk-agreement-preview").value
    assert "Reply times" in preview and "candid about progress" in preview


def test_feedback_practice_request_to_change(live: LiveWorkbook, sample_cohort: Cohort) -> None:
    ex = ui.feedback_practice(live)
    ex.one("mk-feedback-about").value = "my work"
    assert "Name one specific piece" in ex.one("mk-feedback-about-check").value
    ex.one("mk-feedback-who").value = "Dr. Maya Ortiz"
    ex.one("mk-feedback-about").value = "the first five minutes of my lab talk"
    script = ex.one("mk-feedback-script").value
    assert "Hi Dr. Maya Ortiz" in script and "the first five minutes of my lab talk?" in script
    assert "mk-feedback-script-copy" in script
    assert "Clarify" in ex.one("mk-receiving-steps").value
    ex.one("mk-feedback-request-add").click()
    ex.one("mk-feedback-heard").value = "The opening was slow; start with the question."
    request = on_disk(sample_cohort)["feedback_requests"][0]
    assert request["who"] == "Dr. Maya Ortiz" and request["heard"].startswith("The opening was slow")

    ex.one("mk-feedback-to-change").click()
    row = ex.one("mk-change-row")
    within(row, "mk-change-text")[0].value = "I will open every talk with the research question"
    goal_id = live.workbook.goals[0].id
    within(row, "mk-change-goal")[0].value = goal_id
    assert "✗" not in within(row, "mk-change-checks")[0].value
    change = on_disk(sample_cohort)["changes"][0]
    assert change["from_feedback"] == request["id"] and change["goal_id"] == goal_id

    # a second change typed into the add box: Enter adds it with the chosen goal
    ex.one("mk-change-new-goal").value = goal_id
    ex.one("mk-change-new").value = "Practise the opening twice aloud"
    ex.one("mk-change-add").click()  # the box already added it; an empty box adds nothing
    changes = on_disk(sample_cohort)["changes"]
    assert [c["text"] for c in changes][1:] == ["Practise the opening twice aloud"]
    ex.find("mk-change-done")[1].value = True
    assert on_disk(sample_cohort)["changes"][1]["done"] is True


def test_wins_log_enter_adds_and_edits_save(live: LiveWorkbook, sample_cohort: Cohort) -> None:
    ex = ui.wins(live)
    assert "empty" in ex.one("mk-wins-reading").value
    ex.one("mk-win-new").value = "Asked a question at the department seminar"
    assert ex.one("mk-win-new").value == ""
    ex.one("mk-win-new").value = "Sent my first outreach message"
    rows = ex.find("mk-win-row")
    assert len(rows) == 2 and "2 win(s)" in ex.one("mk-wins-reading").value
    within(rows[0], "mk-win-shows")[0].value = "I can reach out to people I admire"
    wins = on_disk(sample_cohort)["wins"]
    assert [w["text"] for w in wins] == ["Asked a question at the department seminar",
                                         "Sent my first outreach message"]  # shown newest first
    assert within(rows[0], "mk-win-text")[0].value == "Sent my first outreach message"
    assert wins[1]["shows"].startswith("I can reach out") and wins[1]["day"] == date.today().isoformat()
    ex.find("mk-win-remove")[1].click()
    assert [w["text"] for w in on_disk(sample_cohort)["wins"]] == ["Sent my first outreach message"]


def test_career_paths_suggest_and_keep_notes(live: LiveWorkbook, sample_cohort: Cohort) -> None:
    ex = ui.career_paths(live)
    suggested = ex.one("mk-paths-suggested").value
    assert suggested.count("mk-path-suggestion") == 3 and "curiosity" in suggested
    ex.one("mk-path-choose").value = "policy"
    ex.one("mk-path-add").click()
    ex.one("mk-path-add").click()  # the same path twice is kept once
    look = ex.one("mk-path-look")
    assert "Policy" in look.children[0].value
    within(look, "mk-path-notes")[0].value = "Attracts me: evidence used for decisions."
    within(look, "mk-path-next")[0].value = "Talk to Chiara about her policy fellowship"
    saved = on_disk(sample_cohort)["career_paths"]
    assert len(saved) == 1 and saved[0]["path"] == "policy" and saved[0]["next_step"].startswith("Talk to")
    again = ui.career_paths(reopen(sample_cohort))
    assert again.one("mk-path-notes").value.startswith("Attracts me")
    again.one("mk-path-remove").click()
    again.live.flush()
    assert on_disk(sample_cohort)["career_paths"] == []
