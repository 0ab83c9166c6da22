"""Every participant notebook as a Voilà app, driven in Chromium the way a participant would use it.

Each test opens one notebook from its own copy of the sample cohort (participant ``ana-lima``), types,
picks and clicks, watches the live feedback change, and then checks that the workbook JSON on disk
holds the answers. The workbook saves ~0.6 s after the last change, so the disk is polled (bounded)
rather than slept on.
"""

from __future__ import annotations

import base64
import re
from datetime import date, timedelta

from playwright.sync_api import expect


def test_00_start_here_profile(page, voila, workspace):
    voila.open(page, workspace.add("00_start_here.ipynb"))
    profile = page.locator(".mk-profile")
    # The sample roster's answers are shown, ready to correct.
    expect(profile.locator(".mk-profile-name input")).to_have_value("Ana Lima")
    expect(profile.locator(".mk-profile-role input")).to_have_value("PhD candidate")
    expect(page.locator(".mk-profile .mk-save-status")).to_contain_text("save as you type")

    role = profile.locator(".mk-profile-role input")
    role.fill("")
    role.press_sequentially("Postdoctoral researcher")
    profile.locator(".mk-profile-field input").fill("Marine ecology")
    profile.locator(".mk-profile-career_stage select").select_option(label="postdoc")

    data = workspace.wait_for_workbook(
        lambda d: (
            d["profile"]["role"] == "Postdoctoral researcher"
            and d["profile"]["field"] == "Marine ecology"
            and d["profile"]["career_stage"] == "postdoc"
        ),
        "the new role, field and career stage",
    )
    voila.expect_saved(page)
    assert data["profile"]["name"] == "Ana Lima"
    assert data["profile"]["email"] == "ana.lima@example.org"
    # The five benefits of mentorship are shown as cards.
    benefits = page.locator(".mk-benefits")
    for label in ("Guidance", "Skill development", "Networking", "Confidence", "Career advancement"):
        expect(benefits).to_contain_text(re.compile(label, re.IGNORECASE))


def test_01_goals_skills_and_smart_goal(page, voila, workspace):
    voila.open(page, workspace.add("01_goals.ipynb"))

    # Skills: a target for a skill already rated, a new skill, one more value.
    speaking = page.locator(".mk-skill-row").first  # the roster's first skill
    expect(speaking.locator(".mk-skill-name input")).to_have_value("Public speaking")
    speaking.locator(".mk-skill-target select").select_option(label="4")
    page.locator(".mk-skill-new input").fill("Science communication")
    page.locator("button.mk-skill-add").click()
    new_row = page.locator(".mk-skill-row").last
    expect(new_row.locator(".mk-skill-name input")).to_have_value("Science communication")
    new_row.locator(".mk-skill-current select").select_option(label="2")
    new_row.locator(".mk-skill-target select").select_option(label="4")
    values = page.locator(".mk-values textarea")
    values.press("End")
    values.press_sequentially("\nFairness")

    # Goals: a new card, typed; the SMART check follows the typing.
    cards = page.locator(".mk-goal-card")
    before = cards.count()
    page.locator("button.mk-goal-add").click()
    expect(cards).to_have_count(before + 1)
    card = cards.last
    smart = card.locator(".mk-smart-status")
    card.locator(".mk-goal-text textarea").press_sequentially(
        "Present my coral reef results at two conferences"
    )
    expect(smart).to_contain_text("3 of 5")  # not yet relevant or time-bound
    expect(smart).not_to_contain_text("complete")
    card.locator(".mk-goal-text textarea").press_sequentially(" within 9 months")
    expect(smart).to_contain_text("4 of 5")
    # Relevant: a ticked benefit the goal's words serve (talks at conferences: networking), not any box.
    card.locator(".mk-goal-benefit-networking input[type='checkbox']").check()
    expect(smart).to_contain_text("complete")
    card.locator(".mk-goal-kind select").select_option(label="Skill to build")
    due = date.today() + timedelta(days=270)
    card.locator(".mk-goal-date input[type='date']").fill(due.isoformat())

    def answered(d: dict) -> bool:
        goal = next((g for g in d["goals"] if g["text"].startswith("Present my coral reef")), None)
        skills = {s["name"]: s for s in d["skills"]}
        return (
            goal is not None
            and goal["target_date"] == due.isoformat()
            and goal["kind"] == "skill"
            and skills.get("Science communication", {}).get("target") == 4
            and skills["Public speaking"]["target"] == 4
            and "Fairness" in d["values"]
        )

    data = workspace.wait_for_workbook(answered, "the new goal, skill targets and value")
    voila.expect_saved(page)
    goal = next(g for g in data["goals"] if g["text"].startswith("Present"))
    assert goal["text"] == "Present my coral reef results at two conferences within 9 months"
    assert goal["benefits"] == ["networking"]
    skills = {s["name"]: s for s in data["skills"]}
    assert skills["Science communication"] == {"name": "Science communication", "current": 2, "target": 4}
    assert skills["Public speaking"]["current"] == 2
    assert data["values"] == ["Curiosity", "Collaboration", "Fairness"]
    assert len(data["goals"]) == before + 1  # the roster's goals are kept


def pressed(toggle) -> None:
    expect(toggle).to_have_class(re.compile(r"\bmod-active\b"))


def test_02_mentor_map_people_needs_and_asks(page, voila, workspace):
    voila.open(page, workspace.add("02_mentor_map.ipynb"))
    reading = page.locator(".mk-map-reading")
    expect(reading).to_contain_text("Your map is empty so far")
    # The roster's needs are already pressed; add one more.
    pressed(page.locator("button.mk-my-need-sponsorship"))
    page.locator("button.mk-my-need-emotional_support").click()
    pressed(page.locator("button.mk-my-need-emotional_support"))

    def add_person(name: str, relation: str, strength: str, needs: list[str]):
        cards = page.locator(".mk-contact-card")
        count = cards.count()
        page.locator(".mk-contact-new input").fill(name)
        page.locator("button.mk-contact-add").click()
        expect(cards).to_have_count(count + 1)
        card = cards.last
        expect(card.locator(".mk-contact-name input")).to_have_value(name)
        card.locator(".mk-contact-relation input").fill(relation)
        card.locator(".mk-contact-strength select").select_option(label=strength)
        for need in needs:
            toggle = card.locator(f"button.mk-contact-need-{need}")
            toggle.click()
            pressed(toggle)
        return card

    supervisor_needs = ["sponsorship", "substantive_feedback", "accountability", "professional_development"]
    add_person("Prof. Ines Duarte", "PhD supervisor", "Close", supervisor_needs)
    # Live reading: coverage counted, and too much resting on one person is flagged.
    expect(reading).to_contain_text("4 of your 10 needs have at least one person")
    expect(reading).to_contain_text("A lot rests on Prof. Ines Duarte")
    add_person("Sam Okafor", "lab mate", "Some contact", ["emotional_support", "safe_space"])
    expect(reading).to_contain_text("6 of your 10 needs have at least one person")
    expect(reading).to_contain_text("Nobody covers intellectual community")
    # The map charts render (offline SVG) in the app.
    expect(page.locator(".mk-map-heatmap img, .mk-map-heatmap svg").first).to_be_visible()
    expect(page.locator(".mk-map-centre img, .mk-map-centre svg").first).to_be_visible()

    # One suggested ask per gap; make the first one specific.
    page.locator("button.mk-ask-suggest").click()
    rows = page.locator(".mk-ask-row")
    expect(rows).to_have_count(4)  # 10 needs, 6 covered
    first = rows.first
    first.locator(".mk-ask-who input").fill("Prof. Ines Duarte")
    first.locator(".mk-ask-what :is(input, textarea)").fill("Ask to join the reef ecology reading group")
    due = date.today() + timedelta(days=14)
    first.locator(".mk-ask-by input[type='date']").fill(due.isoformat())

    def answered(d: dict) -> bool:
        asks = d["asks"]
        return (
            len(d["contacts"]) == 2
            and {c["name"] for c in d["contacts"]} == {"Prof. Ines Duarte", "Sam Okafor"}
            and all(c["needs"] for c in d["contacts"])
            and len(asks) == 4
            and asks[0]["what"] == "Ask to join the reef ecology reading group"
            and asks[0]["by"] == due.isoformat()
        )

    data = workspace.wait_for_workbook(answered, "both people, their needs and the four asks")
    voila.expect_saved(page)
    assert set(data["needs"]) == {
        "sponsorship",
        "substantive_feedback",
        "accountability",
        "emotional_support",
    }
    people = {c["name"]: c for c in data["contacts"]}
    assert sorted(people["Prof. Ines Duarte"]["needs"]) == sorted(supervisor_needs)
    assert people["Prof. Ines Duarte"]["relation"] == "PhD supervisor"
    assert people["Prof. Ines Duarte"]["strength"] == "strong"
    assert sorted(people["Sam Okafor"]["needs"]) == ["emotional_support", "safe_space"]
    assert people["Sam Okafor"]["strength"] == "medium"
    assert {a["need"] for a in data["asks"]} == {
        "intellectual_community",
        "access_to_opportunities",
        "role_models",
        "networking",
    }
    assert data["asks"][0]["who"] == "Prof. Ines Duarte"


def words_shown(word_count) -> int:
    match = re.match(r"\s*(\d+)\s*/\s*150 words", word_count.inner_text())
    assert match, word_count.inner_text()
    return int(match.group(1))


def test_03_outreach_draft_word_count_and_follow_up(page, voila, workspace):
    voila.open(page, workspace.add("03_outreach.ipynb"))
    word_count = page.locator(".mk-word-count")
    expect(word_count).to_have_text("0 / 150 words")

    # Nobody on the map yet: add the person right here.
    page.locator(".mk-outreach-new-contact input").fill("Dr. Lena Fischer")
    page.locator("button.mk-outreach-add-contact").click()
    expect(page.locator(".mk-outreach-contact select")).to_have_value(re.compile(".+"))
    expect(page.locator(".mk-outreach-contact select option:checked")).to_have_text("Dr. Lena Fischer")

    # A first draft from the workbook, then the participant's own sentence.
    page.locator("button.mk-outreach-fill").click()
    subject = page.locator(".mk-outreach-subject input")
    body = page.locator(".mk-outreach-body textarea")
    expect(subject).not_to_have_value("")
    expect(body).to_have_value(re.compile("Lena Fischer"))
    expect(word_count).not_to_have_text("0 / 150 words")
    drafted = words_shown(word_count)
    assert 20 < drafted <= 150, drafted
    body.press("Control+End")
    body.press_sequentially(" I read your paper on seagrass recovery.")
    expect(word_count).to_have_text(f"{drafted + 7} / 150 words")
    expect(page.locator(".mk-outreach-checks")).to_contain_text("✓")

    # Too long for a phone screen: the counter turns red as it happens, and back when cut again.
    counter = word_count.locator("b")
    expect(counter).to_have_css("color", "rgb(46, 125, 50)")  # green: within the limit
    kept = body.input_value()
    extra = 150 - (drafted + 7) + 5
    body.press("Control+End")
    body.press_sequentially(" more" * extra)
    expect(word_count).to_have_text(f"{150 + 5} / 150 words")
    expect(counter).to_have_css("color", "rgb(164, 38, 44)")  # red: over the limit
    body.select_text()
    body.press("Delete")
    expect(word_count).to_have_text("0 / 150 words")
    body.fill(kept)  # the participant pastes their message back
    expect(word_count).to_have_text(f"{drafted + 7} / 150 words")
    expect(counter).to_have_css("color", "rgb(46, 125, 50)")

    sent = date.today()
    page.locator(".mk-outreach-sent input[type='date']").fill(sent.isoformat())
    expect(page.locator(".mk-follow-up")).to_contain_text("Follow up once on")
    expect(page.locator(".mk-thank-you textarea")).not_to_have_value("")
    eml = page.locator("a.mk-outreach-eml")
    expect(eml).to_have_attribute("href", re.compile(r"^data:message/rfc822"))
    subject_text = subject.input_value()
    body_text = body.input_value()

    def answered(d: dict) -> bool:
        drafts = d["outreach"]
        return (
            len(drafts) == 1
            and drafts[0]["body"] == body_text
            and drafts[0]["sent_on"] == sent.isoformat()
            and d["contacts"]
            and d["contacts"][0]["outreach_status"] == "sent"
        )

    data = workspace.wait_for_workbook(answered, "the sent draft")
    voila.expect_saved(page)
    draft = data["outreach"][0]
    assert draft["subject"] == subject_text
    assert draft["body"].endswith("I read your paper on seagrass recovery.")
    assert draft["follow_up_on"] > sent.isoformat()
    assert draft["contact_id"] == data["contacts"][0]["id"]
    assert data["contacts"][0]["name"] == "Dr. Lena Fischer"


def test_04_expectations_agreement_complete(page, voila, workspace):
    voila.open(page, workspace.add("04_expectations.ipynb"))
    missing = page.locator(".mk-agreement-missing")
    items = missing.locator(".mk-missing-item")
    expect(items.first).to_be_visible()
    at_start = items.count()
    assert at_start >= 8, missing.inner_text()

    goals = page.locator(".mk-agreement-goal input[type='checkbox']")
    expect(goals).to_have_count(2)  # the two goals from the roster
    goals.nth(0).check()
    goals.nth(1).check()
    expect(items).to_have_count(at_start - 1)
    page.locator(".mk-agreement-frequency select").select_option(label="Twice a month")
    page.locator(".mk-agreement-mode select").select_option(label="Video call")
    page.locator(".mk-agreement-minutes select").select_option(label="45 minutes")
    start = date.today() + timedelta(days=7)
    end = start + timedelta(days=182)
    page.locator(".mk-agreement-start input[type='date']").fill(start.isoformat())
    page.locator(".mk-agreement-end input[type='date']").fill(end.isoformat())
    for part in ("confidentiality", "feedback", "ground_rules", "ending", "roles_mentee", "roles_mentor",
                 "between_meetings", "reply_time", "preparation", "disagreements"):
        page.locator(f"button.mk-agreement-default-{part}").click()
    # the mentor's expectations have no suggested wording: they are written in the mentor's words
    page.locator(".mk-agreement-mentor_expectations textarea").fill("One concrete question per meeting.")
    expect(page.locator(".mk-before-sign")).to_contain_text("Who else should I be talking to")
    page.locator("button.mk-agreement-checkpoint-add").click()
    expect(page.locator(".mk-agreement-checkpoint input[type='date']")).to_have_count(1)
    page.locator(".mk-agreement-mentee_name input").fill("Ana Lima")
    expect(missing).not_to_contain_text("Nothing missing")
    page.locator(".mk-agreement-mentor_name input").fill("Dr. Lena Fischer")
    expect(missing).to_contain_text("Nothing missing: the agreement is ready to sign.")
    expect(items).to_have_count(0)
    expect(page.locator(".mk-agreement-preview")).to_contain_text("Dr. Lena Fischer")

    # The calendar download carries the meetings as an iCalendar file.
    href = page.locator("a.mk-ics-download").get_attribute("href")
    assert href.startswith("data:text/calendar")
    ics = base64.b64decode(href.split("base64,", 1)[1]).decode("utf-8")
    assert "BEGIN:VCALENDAR" in ics
    assert start.strftime("%Y%m%d") in ics

    def answered(d: dict) -> bool:
        a = d["agreement"]
        return (
            a["mentor_name"] == "Dr. Lena Fischer"
            and a["mentee_name"] == "Ana Lima"
            and len(a["goal_ids"]) == 2
            and a["end"] == end.isoformat()
            and len(a["checkpoints"]) == 1
            and a["ending"]
            and a["mentor_expectations"] == "One concrete question per meeting."
            and "three working days" in a["reply_time"]
        )

    data = workspace.wait_for_workbook(answered, "the complete agreement")
    voila.expect_saved(page)
    a = data["agreement"]
    assert set(a["goal_ids"]) == {g["id"] for g in data["goals"]}
    assert a["mode"] == "Video call"
    assert a["meeting_minutes"] == 45
    assert a["start"] == start.isoformat()
    assert start.isoformat() < a["checkpoints"][0] < end.isoformat()
    assert len(a["confidentiality"].split()) >= 3 and len(a["feedback"].split()) >= 3
    assert a["ground_rules"]


def test_05_feedback_reflection_and_snapshot(page, voila, workspace):
    voila.open(page, workspace.add("05_feedback.ipynb"))
    log = page.locator(".mk-reflection-log")
    expect(log).to_contain_text("Your log is empty so far.")
    progress = page.locator(".mk-progress-05_feedback")
    expect(progress).to_have_text("not started")
    expect(page.locator(".mk-snapshot-diff")).to_contain_text("No snapshots yet")

    prompt = page.locator(".mk-reflection-prompt select")
    label = prompt.locator("option").nth(2).inner_text()
    prompt.select_option(label=label)
    third = label.replace("\xa0", " ")  # ipywidgets shows option spaces as no-break spaces
    page.locator("button.mk-reflection-add").click()
    entry = log.locator(".mk-reflection-entry")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text(third)
    reflection = "I want blunt comments on my methods chapter before the committee meeting."
    entry.locator(".mk-reflection-text textarea").press_sequentially(reflection)

    page.locator(".mk-snapshot-label input").fill("Start of the workshop")
    page.locator("button.mk-snapshot-take").click()
    expect(page.locator(".mk-snapshot-before select option:checked")).to_contain_text("Start of the workshop")
    expect(page.locator(".mk-snapshot-diff")).not_to_contain_text("No snapshots yet")

    def answered(d: dict) -> bool:
        return (
            len(d["reflections"]) == 1
            and d["reflections"][0]["text"] == reflection
            and len(d["snapshots"]) == 1
        )

    data = workspace.wait_for_workbook(answered, "the reflection and the snapshot")
    voila.expect_saved(page)
    page.locator("button.mk-progress-refresh").click()
    expect(progress).to_have_text("done ✓")
    assert data["reflections"][0]["prompt"] == third
    snap = data["snapshots"][0]
    assert snap["label"] == "Start of the workshop"
    assert [s["name"] for s in snap["skills"]][:2] == ["Public speaking", "Academic writing"]
    assert snap["goals_total"] == 2
