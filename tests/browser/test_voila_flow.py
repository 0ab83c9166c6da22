"""The participant's way through the workshop in Voilà, as a room without JupyterHub serves it.

One Voilà serves the whole folder with no participant set (``voila_without_participant``): the start
page asks for the participant code, and from there the "next" links carry it
(``01_goals.ipynb?participant=ana-lima``), so the code is typed once. The second test opens pages with
that link form directly and completes the new parts of steps 2-5 by typing and clicking; the
workbook JSON on disk is polled (bounded) for the answers.
"""

from __future__ import annotations

import re
import time
from datetime import date, timedelta

from playwright.sync_api import expect

PID = "ana-lima"
STEMS = ["00_start_here", "01_goals", "02_mentor_map", "03_outreach", "04_expectations", "05_feedback"]
#: The exercise each page must show without asking for the code again.
EXERCISE = {"01_goals": ".mk-goals", "02_mentor_map": ".mk-where-to-look", "03_outreach": ".mk-conversation",
            "04_expectations": ".mk-agreement", "05_feedback": ".mk-wins"}


def wait_for_page(page, voila, stem: str) -> None:
    """The page of ``stem`` is open: its navigation at the end rendered, no cell failed."""
    started = time.monotonic()
    page.wait_for_url(re.compile(rf"/{stem}\.ipynb(\?|$)"), wait_until="commit", timeout=90_000)
    page.locator(".mk-nav-where").wait_for(state="visible", timeout=90_000)
    print(f"[timing] {stem}: link followed to navigation shown {time.monotonic() - started:.2f} s")
    voila.assert_healthy(page)


def workbooks(workspace) -> list[str]:
    return sorted(p.name for p in (workspace.cohort / "workbooks").glob("*.json"))


def open_with_code(page, voila, rel_path: str, code: str = PID) -> None:
    """Open a page the way a "next" link does: ``?participant=<code>`` in the address."""
    page.goto(f"{voila.url(rel_path)}&participant={code}", wait_until="commit")
    wait_for_page(page, voila, rel_path.rsplit("/", 1)[-1].removesuffix(".ipynb"))


def test_walk_00_to_05_typing_the_code_once(page, voila_without_participant, workspace):
    voila = voila_without_participant
    for stem in STEMS:
        workspace.add(f"{stem}.ipynb")
    before = workbooks(workspace)
    voila.open(page, f"{workspace.rel}/00_start_here.ipynb")

    # The start page asks once; the privacy note is there from the start.
    expect(page.locator(".mk-privacy")).to_contain_text("Who sees what")
    expect(page.locator(".mk-privacy")).to_contain_text("workbooks/<your code>.json")
    page.locator(".mk-chooser-code input").fill(PID)
    page.locator("button.mk-chooser-open").click()
    expect(page.locator(".mk-profile-name input")).to_have_value("Ana Lima")
    expect(page.locator(".mk-privacy")).to_contain_text(f"workbooks/{PID}.json")
    expect(page.locator(".mk-nav-where")).to_contain_text("Page 1 of 6")
    page.locator("button.mk-profile-confirm").click()
    expect(page.locator(".mk-profile-confirmed")).to_contain_text("Checked on")
    workspace.wait_for_workbook(lambda d: d["profile"].get("confirmed_on") == date.today().isoformat(),
                                "the confirmed profile")

    for number, stem in enumerate(STEMS[1:], start=2):
        link = page.locator("a.mk-nav-next")
        expect(link).to_have_attribute("href", f"{stem}.ipynb?participant={PID}")
        link.click()
        wait_for_page(page, voila, stem)
        expect(page.locator(".mk-nav-where")).to_contain_text(f"Page {number} of 6")
        expect(page.locator(EXERCISE[stem]).first).to_be_visible()
        # never asked again: no code form, and no exercise waiting for a code
        expect(page.locator(".mk-chooser")).to_have_count(0)
        expect(page.locator(".mk-exercise").first).not_to_contain_text("Type your participant code")
        if stem == "01_goals":  # Enter in the "add a skill" box adds it, as the button does
            rows = page.locator(".mk-skill-row")
            count = rows.count()
            page.locator(".mk-skill-new input").fill("Science communication")
            page.locator(".mk-skill-new input").press("Enter")
            expect(rows).to_have_count(count + 1)
            expect(rows.last.locator(".mk-skill-name input")).to_have_value("Science communication")

    # The last page links back to the start and shows the start page done.
    expect(page.locator("a.mk-nav-next")).to_have_count(0)
    expect(page.locator("a.mk-nav-start")).to_have_attribute("href", f"00_start_here.ipynb?participant={PID}")
    expect(page.locator(".mk-progress-00_start_here")).to_have_text("done ✓")
    data = workspace.wait_for_workbook(
        lambda d: any(s["name"] == "Science communication" for s in d["skills"]),
        "the skill added with Enter")
    assert data["profile"]["name"] == "Ana Lima"
    assert workbooks(workspace) == before  # nothing new was started on the way


def test_new_parts_completed_by_typing_and_clicking(page, voila_without_participant, workspace):
    voila = voila_without_participant
    soon = date.today() + timedelta(days=10)

    # -- 02: a person added with Enter; where to look: a prospect with a date of one's own ------------
    open_with_code(page, voila, workspace.add("02_mentor_map.ipynb"))
    expect(page.locator(".mk-need-legend")).to_contain_text("Sponsorship")  # visible, no hovering
    page.locator(".mk-contact-new input").fill("Dr. Maya Ortiz")
    page.locator(".mk-contact-new input").press("Enter")
    card = page.locator(".mk-contact-card")
    expect(card).to_have_count(1)
    expect(card.locator(".mk-contact-name input")).to_have_value("Dr. Maya Ortiz")
    card.locator(".mk-contact-expertise input").fill("marine ecology")
    page.locator("button.mk-look-refresh").click()
    sponsorship = page.locator(".mk-look-need-sponsorship")
    expect(sponsorship.locator("li.mk-channel").first).to_be_visible()
    sponsorship.locator(".mk-prospect-name input").fill("Dr. Lena Brandt")
    sponsorship.locator(".mk-prospect-name input").press("Enter")
    row = page.locator(".mk-prospect-row")
    expect(row).to_have_count(1)
    expect(row.locator(".mk-prospect-row-name input")).to_have_value("Dr. Lena Brandt")
    row.locator(".mk-prospect-by input[type='date']").fill(soon.isoformat())
    workspace.wait_for_workbook(
        lambda d: any(a["who"] == "Dr. Lena Brandt" and a["by"] == soon.isoformat() for a in d["asks"])
        and any(c["name"] == "Dr. Maya Ortiz" and c["expertise"] == "marine ecology" for c in d["contacts"]),
        "the person, the prospect and its date")
    voila.expect_saved(page)

    # -- 03: a contact added with Enter; the first conversation planned, then notes -------------------
    open_with_code(page, voila, workspace.add("03_outreach.ipynb"))
    page.locator(".mk-outreach-new-contact input").fill("Dr. Lena Fischer")
    page.locator(".mk-outreach-new-contact input").press("Enter")
    expect(page.locator(".mk-outreach-contact select option:checked")).to_have_text("Dr. Lena Fischer")
    page.locator(".mk-conversation-contact select").select_option(label="Dr. Maya Ortiz")
    page.locator("button.mk-conversation-start").click()
    talk = page.locator(".mk-conversation-card")
    expect(talk).to_have_count(1)
    expect(talk.locator(".mk-conversation-opening")).to_contain_text("Maya Ortiz")
    questions = talk.locator(".mk-conversation-question input[type='checkbox']")
    expect(questions.first).to_be_checked()
    assert 5 <= questions.count() <= 8
    own = "How do you choose which projects to say yes to?"
    talk.locator(".mk-conversation-own-question input").fill(own)
    talk.locator(".mk-conversation-own-question input").press("Enter")
    talk.locator(".mk-conversation-offer input").fill("A short summary of what we discussed.")
    talk.locator(".mk-conversation-date input[type='date']").fill(date.today().isoformat())
    notes = "Apply to the summer school first; ask Dr. Brandt about the reef survey."
    talk.locator(".mk-conversation-notes textarea").fill(notes)
    talk.locator(".mk-conversation-follow-up input").fill("Send the summary on Friday")

    def planned(d: dict) -> bool:
        c = d.get("conversations") or [{}]
        return (c[0].get("notes") == notes and own in c[0].get("questions", [])
                and c[0].get("held_on") == date.today().isoformat()
                and c[0].get("follow_up") == "Send the summary on Friday"
                and any(x["name"] == "Dr. Lena Fischer" for x in d["contacts"]))

    data = workspace.wait_for_workbook(planned, "the conversation plan and notes")
    maya = next(c for c in data["contacts"] if c["name"] == "Dr. Maya Ortiz")
    assert data["conversations"][0]["contact_id"] == maya["id"]
    assert data["conversations"][0]["offer"] == "A short summary of what we discussed."
    voila.expect_saved(page)

    # -- 04: expectations from both sides, in the participant's and the mentor's words ----------------
    open_with_code(page, voila, workspace.add("04_expectations.ipynb"))
    expect(page.locator(".mk-before-sign")).to_contain_text("?")
    clauses = {
        "roles_mentee": "I set the agenda and send notes within two days.",
        "roles_mentor": "Honest advice and one introduction when it helps.",
        "reply_time": "E-mails answered within a week.",
        "mentor_expectations": "Come with one question and be candid about progress.",
    }
    for key, words in clauses.items():
        page.locator(f".mk-agreement-{key} textarea").fill(words)
    expect(page.locator(".mk-agreement-preview")).to_contain_text("candid about progress")
    workspace.wait_for_workbook(lambda d: all(d["agreement"][k] == v for k, v in clauses.items()),
                                "the both-sides clauses")
    voila.expect_saved(page)

    # -- 05: feedback practice, wins, career paths, a snapshot named with Enter -----------------------
    open_with_code(page, voila, workspace.add("05_feedback.ipynb"))
    page.locator(".mk-feedback-who input").fill("Dr. Maya Ortiz")
    page.locator(".mk-feedback-about input").fill("the first five minutes of my lab talk")
    expect(page.locator(".mk-feedback-script")).to_contain_text("the first five minutes of my lab talk")
    page.locator("button.mk-feedback-request-add").click()
    request = page.locator(".mk-feedback-request")
    expect(request).to_have_count(1)
    request.locator(".mk-feedback-heard textarea").fill("The opening was slow; start with the question.")
    request.locator("button.mk-feedback-to-change").click()
    change = page.locator(".mk-change-row")
    expect(change).to_have_count(1)
    change.locator(".mk-change-text textarea").fill("I will open every talk with the research question")
    change.locator(".mk-change-goal select").select_option(index=1)
    page.locator(".mk-change-new input").fill("Practise the opening twice aloud")
    page.locator(".mk-change-new input").press("Enter")
    expect(change).to_have_count(2)

    page.locator(".mk-win-new input").fill("Asked a question at the department seminar")
    page.locator(".mk-win-new input").press("Enter")
    win = page.locator(".mk-win-row")
    expect(win).to_have_count(1)
    win.locator(".mk-win-shows input").fill("I can speak up in a room of seniors")

    choose = page.locator(".mk-path-choose select")
    path_label = choose.locator("option").nth(1).inner_text()
    choose.select_option(index=1)
    page.locator("button.mk-path-add").click()
    look = page.locator(".mk-path-look")
    expect(look).to_have_count(1)
    look.locator(".mk-path-notes textarea").fill("Attracts me: evidence used for decisions.")
    look.locator(".mk-path-next input").fill("Talk to Chiara about her fellowship")

    page.locator(".mk-snapshot-label input").fill("After the workshop")
    page.locator(".mk-snapshot-label input").press("Enter")
    expect(page.locator(".mk-snapshot-before select option:checked")).to_contain_text("After the workshop")

    def practised(d: dict) -> bool:
        req = d.get("feedback_requests") or [{}]
        changes = d.get("changes") or []
        return (
            req[0].get("heard", "").startswith("The opening was slow")
            and [c["text"] for c in changes] == ["I will open every talk with the research question",
                                                  "Practise the opening twice aloud"]
            and bool(changes[0]["goal_id"])
            and [w.get("shows") for w in d.get("wins", [])] == ["I can speak up in a room of seniors"]
            and [p.get("next_step") for p in d.get("career_paths", [])]
            == ["Talk to Chiara about her fellowship"]
            and [s["label"] for s in d["snapshots"]] == ["After the workshop"]
        )

    data = workspace.wait_for_workbook(practised, "the request, the changes, the win, the path, the snapshot")
    voila.expect_saved(page)
    req = data["feedback_requests"][0]
    assert req["who"] == "Dr. Maya Ortiz" and req["about"] == "the first five minutes of my lab talk"
    assert data["changes"][0]["from_feedback"] == req["id"]
    assert data["changes"][0]["goal_id"] in {g["id"] for g in data["goals"]}
    assert data["wins"][0]["text"] == "Asked a question at the department seminar"
    assert data["wins"][0]["day"] == date.today().isoformat()
    assert data["career_paths"][0]["notes"] == "Attracts me: evidence used for decisions."
    assert path_label.strip()
    assert data["snapshots"][0]["changes_total"] == 2 and data["snapshots"][0]["wins"] == 1
