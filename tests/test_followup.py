"""Schema v2 and outreach follow-through: statuses the participant sets, notes saved as edited,
the follow-up offered when it is due, and older workbook files migrated."""

from __future__ import annotations

import base64
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

import mentorkit.ui as ui
from mentorkit.cli import main
from mentorkit.core.outreach import follow_up_due, status_labels
from mentorkit.export import message_text, split_message
from mentorkit.facilitator.aggregate import OUTREACH_STAGES, outreach_stage, summarise, summarise_cohort
from mentorkit.migrations import MIGRATIONS, migrate
from mentorkit.model import (
    SCHEMA_VERSION,
    Contact,
    ContactKind,
    OutreachDraft,
    OutreachStatus,
    Profile,
    Workbook,
)
from mentorkit.render.sheet import Worksheet
from mentorkit.session import LiveWorkbook
from mentorkit.store import Cohort, WorkbookError, parse_workbook, read_workbook

DATA = Path(__file__).parent / "data"
V1_FILE = DATA / "workbook_v1.json"
PID = "ana-lima"


# -- migration ----------------------------------------------------------------------------------------
def test_the_current_schema_is_version_2() -> None:
    assert SCHEMA_VERSION == 2
    assert Workbook(profile=Profile(id="x", name="X")).model_dump(mode="json")["schema_version"] == 2
    assert set(MIGRATIONS) == {0, 1}


def test_a_hand_written_v1_file_migrates_and_loads() -> None:
    raw = json.loads(V1_FILE.read_text(encoding="utf-8"))
    assert raw["schema_version"] == 1
    wb = read_workbook(V1_FILE)
    assert wb.schema_version == 2
    # statuses: "drafted" meant "a draft was typed"; in v2 the participant sets the status
    assert {c.name: c.outreach_status for c in wb.contacts} == {
        "Sister Hanne Brodeur": OutreachStatus.not_contacted,
        "Dr. Tomasz Reyne": OutreachStatus.sent,
        "Ayo Lindqvist": OutreachStatus.replied,
        "Mei Castellan": OutreachStatus.meeting_set,
        "Jonas Ferreira": OutreachStatus.declined,
        "Priya Halvorsen": OutreachStatus.not_contacted,
    }
    # nothing else is lost, and the v2 fields take their defaults
    assert wb.profile.extra == {"cohort_group": "Tuesday"} and wb.profile.languages == []
    assert wb.goals[0].text.startswith("Lead two teaching sessions") and wb.asks[0].contact_id == ""
    assert wb.outreach[0].sent_on == date(2026, 2, 2) and wb.outreach[0].thank_you == ""
    assert wb.outreach[1].follow_up == "" and wb.agreement.ground_rules == ["Start on time",
                                                                           "Cancel at least a day ahead"]
    assert wb.agreement.reply_time == "" and wb.contacts[0].kind == ContactKind.person
    assert wb.snapshots[0].wins == 0 and wb.proposed_mentor is None and wb.wins == []
    assert wb.reflections[0].text == "Asking was easier than I expected."
    # the file itself is left as it was until a save
    assert json.loads(V1_FILE.read_text(encoding="utf-8")) == raw


def test_a_v1_file_in_a_cohort_is_written_back_as_v2(cohort: Cohort) -> None:
    path = cohort.path_for("wren-okafor")
    shutil.copyfile(V1_FILE, path)
    live = LiveWorkbook(cohort, "wren-okafor", debounce=0)
    live.workbook.values = [*live.workbook.values, "Courage"]
    live.changed()
    assert live.flush()
    disk = json.loads(path.read_text(encoding="utf-8"))
    assert disk["schema_version"] == 2 and disk["values"] == ["Care", "Fairness", "Courage"]
    assert [c["outreach_status"] for c in disk["contacts"]] == [
        "not_contacted", "sent", "replied", "meeting_set", "declined", "not_contacted"]
    assert disk["outreach"][0]["thank_you"] == ""


def test_a_v0_file_migrates_through_v1_to_v2() -> None:
    v0 = {"id": "oskar-lund", "name": "Oskar Lund", "stage": "postdoc", "skills": {"Writing": 3},
          "goals": ["Publish two papers"], "network": [{"name": "Dr. Vera Holm", "needs": ["sponsorship"]}]}
    one = MIGRATIONS[0](v0)
    assert one["schema_version"] == 1
    raw = migrate(v0)
    assert raw["schema_version"] == 2
    wb = parse_workbook(v0)
    assert wb.schema_version == 2 and wb.profile.career_stage == "postdoc"
    assert wb.contacts[0].name == "Dr. Vera Holm"
    assert wb.contacts[0].outreach_status == OutreachStatus.not_contacted


def test_a_v2_file_stays_as_it_is() -> None:
    wb = Workbook(profile=Profile(id="x", name="X"),
                  contacts=[Contact(name="Lee", outreach_status=OutreachStatus.met)])
    raw = wb.model_dump(mode="json")
    assert migrate(raw) == raw
    assert parse_workbook(raw) == wb


def test_a_file_claiming_version_3_is_refused_clearly(tmp_path: Path) -> None:
    raw = Workbook(profile=Profile(id="x", name="X")).model_dump(mode="json")
    raw["schema_version"] = 3
    path = tmp_path / "x.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(WorkbookError) as err:
        read_workbook(path)
    assert str(err.value) == (f"{path}: schema_version: schema_version 3 is newer than this mentorkit "
                              "understands (2); upgrade mentorkit")


def test_a_negative_version_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WorkbookError, match="schema_version -1 is not a version"):
        parse_workbook({"schema_version": -1, "profile": {"id": "x", "name": "X"}}, tmp_path / "x.json")


def test_v2_statuses_and_notes_are_in_the_schema_command(capsys) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "mentorkit workbook v2"
    assert "versions 0 to 1 are migrated" in schema["description"]
    assert schema["properties"]["schema_version"]["const"] == 2
    statuses = schema["$defs"]["OutreachStatus"]["enum"]
    assert statuses == ["not_contacted", "sent", "replied", "meeting_set", "met", "declined", "no_answer"]
    assert {"thank_you", "follow_up"} <= set(schema["$defs"]["OutreachDraft"]["properties"])


# -- core -------------------------------------------------------------------------------------------
def test_follow_up_is_due_from_its_date_while_no_answer_has_come() -> None:
    draft = OutreachDraft(sent_on=date(2030, 3, 1), follow_up_on=date(2030, 3, 12))
    waiting = Contact(name="Maya", outreach_status=OutreachStatus.sent)
    assert not follow_up_due(draft, waiting, date(2030, 3, 11))
    assert follow_up_due(draft, waiting, date(2030, 3, 12))
    assert follow_up_due(draft, waiting, date(2030, 4, 1))
    assert follow_up_due(draft, None, date(2030, 3, 12))
    assert follow_up_due(draft, Contact(outreach_status=OutreachStatus.no_answer), date(2030, 3, 12))
    for answered in (OutreachStatus.replied, OutreachStatus.meeting_set, OutreachStatus.met,
                     OutreachStatus.declined):
        assert not follow_up_due(draft, Contact(outreach_status=answered), date(2030, 3, 12))
    assert not follow_up_due(OutreachDraft(body="not sent"), waiting, date(2030, 3, 12))
    assert not follow_up_due(None, waiting, date(2030, 3, 12))
    # a draft without a stored follow-up date gets the usual seven working days
    assert follow_up_due(OutreachDraft(sent_on=date(2030, 3, 1)), waiting, date(2030, 3, 12))
    assert not follow_up_due(OutreachDraft(sent_on=date(2030, 3, 1)), waiting, date(2030, 3, 11))


def test_status_labels_cover_every_status() -> None:
    labels = status_labels()
    assert list(labels) == [s.value for s in OutreachStatus]
    assert labels["meeting_set"] == "Meeting set" and labels["no_answer"] == "No answer"


def test_split_message_inverts_message_text() -> None:
    assert split_message(message_text("Thanks for today", "Dear Maya,\n\nThank you.\n")) == (
        "Thanks for today", "Dear Maya,\n\nThank you.\n")
    assert split_message("Dear Maya,\nThanks.\n") == ("", "Dear Maya,\nThanks.\n")


# -- the exercise -------------------------------------------------------------------------------------
def data_link(html: str, css: str) -> str:
    match = re.search(rf"<a class='{css}' download='[^']+' href='data:[^,]+base64,([^']+)'", html)
    assert match, f"no {css} link in {html[:300]}"
    return base64.b64decode(match.group(1)).decode("utf-8")


def copied(html: str, css: str) -> str:
    match = re.search(rf"<button type='button' class='{css} jupyter-button' data-text='([^']*)'", html)
    assert match, f"no {css} button in {html[:300]}"
    return base64.b64decode(match.group(1)).decode("utf-8")


def on_disk(cohort: Cohort) -> dict:
    return json.loads(cohort.path_for(PID).read_text(encoding="utf-8"))


def start(cohort: Cohort, today: date = date(2030, 3, 5)):
    ex = ui.outreach(LiveWorkbook(cohort, PID, debounce=0), today=lambda: today)
    ex.one("mk-outreach-new-contact").value = "Dr. Maya Ortiz"
    ex.one("mk-outreach-add-contact").click()
    return ex


def test_thank_you_edits_survive_a_kernel_restart(sample_cohort: Cohort) -> None:
    ex = start(sample_cohort)
    note = ex.one("mk-thank-you")
    assert "Dear Dr. Maya Ortiz" in note.value and "[the one thing you will do]" in note.value
    assert "needs no ask" in ex.one("mk-thank-you-checks").value  # checked as a thank-you note
    assert "Fill in" in ex.one("mk-thank-you-checks").value
    edited = note.value.replace("[the one thing you will do]", "run a mock interview with a colleague")
    edited = edited.replace("[their area of work]", "kelp forest recovery")
    note.value = edited
    assert on_disk(sample_cohort)["outreach"][0]["thank_you"] == edited
    assert "Fill in" not in ex.one("mk-thank-you-checks").value
    # a new session: nothing in memory survives, only the file
    again = ui.outreach(LiveWorkbook(sample_cohort, PID, debounce=0), today=lambda: date(2030, 3, 5))
    assert again.one("mk-thank-you").value == edited
    html = again.one("mk-thank-you-links").value
    assert copied(html, "mk-thank-you-copy") == edited
    assert data_link(html, "mk-thank-you-txt") == edited


def test_an_unedited_thank_you_follows_the_chosen_goal_and_is_not_saved(sample_cohort: Cohort) -> None:
    ex = start(sample_cohort)
    ex.one("mk-outreach-body").value = "Dear Maya, could we talk for 20 minutes?"
    assert on_disk(sample_cohort)["outreach"][0]["thank_you"] == ""  # the template is not an edit
    before = ex.one("mk-thank-you").value
    assert "Ana" in before
    goals = ex.one("mk-outreach-goal")
    goals.value = goals.options[0][1]  # another goal: the unedited note is filled again
    assert ex.one("mk-thank-you").value.startswith("Subject: Thank you")
    assert on_disk(sample_cohort)["outreach"][0]["thank_you"] == ""


def test_follow_up_is_offered_when_its_date_arrives(sample_cohort: Cohort) -> None:
    ex = start(sample_cohort, today=date(2030, 3, 11))
    ex.one("mk-outreach-sent").value = date(2030, 3, 1)  # follow up on 12 March
    assert ex.one("mk-contact-status").value == "sent"
    assert ex.one("mk-follow-up-offer").layout.display == "none"
    assert "12 March 2030" in ex.one("mk-follow-up").value

    due = ui.outreach(LiveWorkbook(sample_cohort, PID, debounce=0), today=lambda: date(2030, 3, 12))
    assert due.one("mk-follow-up-offer").layout.display == ""
    assert "send this one polite follow-up" in due.one("mk-follow-up").value
    note = due.one("mk-follow-up-note")
    assert "I am following up on my note" in note.value and "Dr. Maya Ortiz" in note.value
    checks = due.one("mk-follow-up-checks").value
    assert checks.count("✗") == 1 and "✗ Fill in “[their area of work]”" in checks  # no expertise given
    edited = note.value.replace("in case it got buried", "in case it slipped past a busy week")
    note.value = edited
    assert on_disk(sample_cohort)["outreach"][0]["follow_up"] == edited

    later = ui.outreach(LiveWorkbook(sample_cohort, PID, debounce=0), today=lambda: date(2030, 3, 20))
    assert later.one("mk-follow-up-note").value == edited
    html = later.one("mk-follow-up-links").value
    assert copied(html, "mk-follow-up-copy") == edited and data_link(html, "mk-follow-up-txt") == edited

    later.one("mk-contact-status").value = "replied"  # they answered: no follow-up any more
    assert later.one("mk-follow-up-offer").layout.display == "none"
    assert "no follow-up needed" in later.one("mk-follow-up").value
    assert on_disk(sample_cohort)["contacts"][0]["outreach_status"] == "replied"
    later.one("mk-contact-status").value = "no_answer"
    assert later.one("mk-follow-up-offer").layout.display == ""


def test_linkedin_notes_are_counted_in_characters(sample_cohort: Cohort) -> None:
    ex = start(sample_cohort)
    ex.one("mk-outreach-template").value = "linkedin"
    ex.one("mk-outreach-fill").click()
    assert re.search(r"\d+ / 300 characters", ex.one("mk-word-count").value)
    ex.one("mk-outreach-body").value = "x" * 301
    assert "301 / 300 characters" in ex.one("mk-word-count").value
    ex.one("mk-outreach-template").value = "email"
    assert "1 / 150 words" in ex.one("mk-word-count").value


def test_each_contact_has_its_own_status(sample_cohort: Cohort) -> None:
    ex = start(sample_cohort)
    status = ex.one("mk-contact-status")
    assert status.value == "not_contacted" and not status.disabled
    status.value = "meeting_set"
    ex.one("mk-outreach-new-contact").value = "Tom Reyes"
    ex.one("mk-outreach-add-contact").click()
    assert status.value == "not_contacted"
    status.value = "declined"
    contacts = {c["name"]: c["outreach_status"] for c in on_disk(sample_cohort)["contacts"]}
    assert contacts == {"Dr. Maya Ortiz": "meeting_set", "Tom Reyes": "declined"}
    maya = on_disk(sample_cohort)["contacts"][0]["id"]
    ex.one("mk-outreach-contact").value = maya
    assert status.value == "meeting_set"


# -- dashboard and worksheet ----------------------------------------------------------------------------
def book(pid: str, *statuses: OutreachStatus, drafts: list[OutreachDraft] | None = None) -> Workbook:
    return Workbook(profile=Profile(id=pid, name=pid.title()),
                    contacts=[Contact(name=f"C{i}", outreach_status=s) for i, s in enumerate(statuses)],
                    outreach=drafts or [])


def test_outreach_stage_is_the_furthest_status() -> None:
    assert OUTREACH_STAGES == ("no contact yet", "drafted", "sent", "replied", "meeting set", "met")
    assert outreach_stage(book("a")) == "no contact yet"
    assert outreach_stage(book("a", drafts=[OutreachDraft(body="Dear Maya")])) == "drafted"
    assert outreach_stage(book("a", OutreachStatus.declined)) == "sent"
    assert outreach_stage(book("a", OutreachStatus.no_answer, OutreachStatus.replied)) == "replied"
    assert outreach_stage(book("a", OutreachStatus.meeting_set, OutreachStatus.sent)) == "meeting set"
    assert outreach_stage(book("a", OutreachStatus.met, OutreachStatus.declined)) == "met"


def test_statuses_flow_into_the_dashboard_summary() -> None:
    books = [book("a", OutreachStatus.replied), book("b", OutreachStatus.meeting_set),
             book("c", OutreachStatus.met, OutreachStatus.sent), book("d", OutreachStatus.met),
             book("e", OutreachStatus.no_answer)]
    exact = summarise(books, names=True)
    counts = {r["stage"]: r["people"] for r in exact.outreach}
    assert counts == {"no contact yet": 0, "drafted": 0, "sent": 1, "replied": 1, "meeting set": 1, "met": 2}
    assert {r["id"]: r["outreach"] for r in exact.follow_up or []}["c"] == "met"


def test_a_status_set_in_the_exercise_reaches_the_dashboard(sample_cohort: Cohort) -> None:
    ex = start(sample_cohort)
    ex.one("mk-contact-status").value = "met"
    summary, errors = summarise_cohort(sample_cohort.root, names=True)
    assert errors == []
    assert summary.count("outreach", stage="met") == 1
    assert {r["id"]: r["outreach"] for r in summary.follow_up or []}[PID] == "met"


def test_the_worksheet_has_one_line_per_contact_with_status() -> None:
    wb = Workbook(profile=Profile(id="x", name="X"), contacts=[
        Contact(name="Maya Ortiz", outreach_status=OutreachStatus.meeting_set),
        Contact(name="Tom <b>Reyes</b>", outreach_status=OutreachStatus.no_answer),
        Contact(name="Alumni network", kind=ContactKind.place),
    ])
    blocks = Worksheet(wb).blocks("outreach")
    html = "".join(b.markup for b in blocks)
    plain = "\n".join(b.plain for b in blocks)
    assert html.count('class="mk-contact-status"') == 2
    assert "Maya Ortiz: Meeting set" in plain and "Tom <b>Reyes</b>: No answer" in plain
    assert "&lt;b&gt;Reyes" in html and "Alumni network" not in plain
    assert "Draft a first message" in plain
