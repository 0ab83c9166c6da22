"""The facilitator's kit: forms, e-mails, evaluation round trip."""

from __future__ import annotations

import csv
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from mentorkit.facilitator.aggregate import summarise
from mentorkit.facilitator.dashboard_html import dashboard_html
from mentorkit.facilitator.emails import follow_up, pre_workshop
from mentorkit.facilitator.evaluation import load_evaluation, read_evaluation, save_evaluation
from mentorkit.facilitator.forms import evaluation_header, intake_header, intake_text
from mentorkit.model import Profile, Workbook
from mentorkit.roster import import_roster
from mentorkit.store import Cohort


def test_intake_template_imports_as_intended(tmp_path: Path) -> None:
    header = intake_header()
    assert "How confident are you today? [Public speaking]" in header
    text = intake_text()
    assert all(h in text for h in header[:7]) and "Public speaking" in text
    path = tmp_path / "intake.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerow(["Mira Solberg", "mira@example.org", "postdoc", "ecology", "Publish a review",
                    "sponsorship; accountability", "Curiosity", "Yes", "4", "2", "3", "1", "5"])
    result = import_roster(path, tmp_path / "c")
    assert result.exit_code == 0 and not result.reports
    mira = Cohort(tmp_path / "c").load(Cohort(tmp_path / "c").ids()[0])
    # every question of the template has a meaning; the consent answer is kept for the briefing
    assert mira.profile.extra == {"Share with mentor": "Yes"}
    assert mira.profile.career_stage == "postdoc" and mira.profile.field == "ecology"
    assert len(mira.skills) == 5 and [g.text for g in mira.goals] == ["Publish a review"]


def _book() -> Workbook:
    return Workbook(profile=Profile(id="mira-solberg", name="Mira Sølberg", email="mira@example.org"))


def test_pre_workshop_email_parses_back() -> None:
    message, notes = pre_workshop(_book(), link="https://hub.example.org/mentoring")
    assert notes == []
    parsed = message_from_bytes(message.as_bytes(), policy=policy.default)
    assert parsed["To"].addresses[0].display_name == "Mira Sølberg"
    body = parsed.get_body().get_content()
    assert "Your participant code: mira-solberg" in body
    assert "https://hub.example.org/mentoring" in body and "- a laptop" in body
    assert parsed["X-Unsent"] == "1"


def test_follow_up_attaches_the_worksheet_or_says_it_follows(tmp_path: Path) -> None:
    pdf = tmp_path / "worksheet.pdf"
    pdf.write_bytes(b"%PDF-1.4 fictional")
    message, _ = follow_up(_book(), worksheet=pdf, link="https://hub.example.org")
    parsed = message_from_bytes(message.as_bytes(), policy=policy.default)
    attachments = list(parsed.iter_attachments())
    assert [a.get_filename() for a in attachments] == ["worksheet-mira-solberg.pdf"]
    assert attachments[0].get_content() == b"%PDF-1.4 fictional"
    assert "is attached" in parsed.get_body(("plain",)).get_content()
    html = tmp_path / "worksheet.html"
    html.write_text("<p>sheet</p>")
    linked, _ = follow_up(_book(), worksheet=html)
    parsed = message_from_bytes(linked.as_bytes(), policy=policy.default)
    assert not list(parsed.iter_attachments()) and str(html) in parsed.get_body().get_content()
    missing, _ = follow_up(Workbook(profile=Profile(id="x", name="X")))
    assert "will follow" in missing.get_body().get_content()


def _evaluation_csv(path: Path) -> Path:
    header = ["Timestamp", *evaluation_header()]
    rows = [
        ["t1", "ana", "2", "4", "5", "4", "3", "4", "5", "Loved the map"],
        ["t2", "ben", "1", "4", "4", "4", "3", "4", "five", ""],
        ["t3", "cai", "2", "5", "5", "4", "3", "4", "4", "More time please"],
        ["t4", "ana", "2", "5", "5", "4", "3", "4", "5", "Loved the map, really"],
    ]
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def test_evaluation_round_trips_into_the_dashboard(tmp_path: Path) -> None:
    cohort = Cohort(tmp_path / "c")
    cohort.ensure()
    imported = read_evaluation(_evaluation_csv(tmp_path / "eval.csv"))
    assert len(imported.responses) == 3  # ana answered twice: the later answer is kept
    messages = [str(r) for r in imported.reports]
    assert any("row 3" in m and "'five'" in m and "[Feedback]" in m for m in messages)
    save_evaluation(cohort, imported.responses)
    responses = load_evaluation(cohort)
    assert responses is not None and [r.after for r in responses] == [5, 4, 5]
    assert responses[1].usefulness == {"Goals": 4, "Mentor map": 4, "Outreach": 3, "Expectations": 4}
    anonymous = summarise([], evaluation=responses)
    assert anonymous.evaluation_responses == 3 and anonymous.comments is None
    assert anonymous.count("evaluation", question="Useful: Goals", rating="4") == 0  # 1 and 2: hidden
    assert anonymous.count("evaluation", question="Useful: Outreach", rating="3") == 3
    assert {r["rating"] for r in anonymous.evaluation} == {"1", "2", "3", "4", "5"}
    page = dashboard_html(anonymous)
    assert "Evaluation" in page and "Loved the map" not in page and "3 responses" in page
    named = summarise([], names=True, evaluation=responses)
    assert named.count("evaluation", question="Confidence after", rating="5") == 2
    assert "Loved the map, really" in dashboard_html(named) and "More time please" in dashboard_html(named)


# -- slides, timer ---------------------------------------------------------------------------------
def test_slides_html_loads_nothing_from_outside() -> None:
    import re

    from mentorkit.facilitator.slides import slides_html
    from mentorkit.resources import kit_file

    page = slides_html(kit_file("notebooks/facilitator/slides.ipynb"))
    assert not re.search(r"""<(script|link|img|iframe)[^>]+(src|href)\s*=\s*["']?(https?:)?//""", page, re.I)
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", page, re.I)
    assert "https://" not in page and "http://" not in page
    # one section per step, with its timing and its discussion prompt
    for step in ("Step 1: Identify your goals (8–25 min)", "Step 4: Establish expectations (80–86 min)"):
        assert step in page
    assert "Would someone who knows you well have guessed that?" in page
    assert page.count("<section") >= 10 and "mk-current" in page  # the inline slide script


def test_breakout_timer_counts_down_without_blocking() -> None:
    import asyncio

    from mentorkit.facilitator.timer import BreakoutTimer, clock

    assert clock(65) == "01:05" and clock(0.2) == "00:01" and clock(-3) == "00:00"
    timer = BreakoutTimer(minutes=1, tick=0.01)
    assert "01:00" in timer.display.value

    async def scenario() -> None:
        timer.left = 0.05
        timer.start()  # returns at once: the countdown is a task on the running loop
        assert timer.running and timer.start_button.description == "Pause"
        await asyncio.sleep(0)
        assert not timer.finished
        assert timer.task is not None
        await timer.task

    asyncio.run(scenario())
    assert timer.finished and "Time is up" in timer.display.value and not timer.running
    timer.reset()
    assert "01:00" in timer.display.value and not timer.finished


# -- briefings and the kit command ---------------------------------------------------------------------
def _small_cohort(tmp_path: Path) -> Cohort:
    from datetime import date

    from mentorkit.model import Goal, ProposedMentor

    cohort = Cohort(tmp_path / "c")
    cohort.ensure()
    people = [("ana-lima", "Ana Lima", "Yes", "Rosa Quint"), ("ben-okafor", "Ben Okafor", "No", "Ida Verne"),
              ("cai-dunn", "Cai Dunn", "", "")]
    for pid, name, share, mentor in people:
        wb = Workbook(profile=Profile(id=pid, name=name, email=f"{pid}@example.org",
                                      extra={"Share with mentor": share} if share else {}),
                      goals=[Goal(text=f"{name}: publish one review article by June")],
                      needs=["sponsorship"])
        if mentor:
            wb.proposed_mentor = ProposedMentor(name=mentor, email="m@example.org",
                                                proposed_on=date(2026, 11, 2))
        cohort.create(wb)
    return cohort


def test_briefing_shares_goals_only_with_consent(tmp_path: Path) -> None:
    from mentorkit.facilitator.documents import Document

    cohort = _small_cohort(tmp_path)
    shown = Document(cohort.load("ana-lima"), cohort.root)
    text = "\n".join(b.plain for b in shown.briefing_blocks())
    assert "Rosa Quint and Ana Lima" in text and "publish one review article" in text
    assert "Sponsorship" in text
    assert "Mentoring agreement" in text and "Let Ana walk you through their goals" in text
    private = "\n".join(b.plain for b in Document(cohort.load("ben-okafor"), cohort.root).briefing_blocks())
    assert "publish one review article" not in private and "Sponsorship" not in private
    assert "chosen to tell you about their goals" in private
    assert "no proposed mentor" in Document(cohort.load("cai-dunn"), cohort.root).briefing_blocks()[0].plain


def test_kit_before_writes_one_email_each_and_resumes(tmp_path: Path) -> None:
    from mentorkit.cli import main

    cohort = _small_cohort(tmp_path)
    out = tmp_path / "kit"
    assert main(["kit", "--cohort", str(cohort.root), "--moment", "before", "--out", str(out),
                 "--link", "https://hub.example.org/ws"]) == 0
    emails = sorted((out / "before" / "emails").glob("*.eml"))
    assert [p.stem for p in emails] == ["ana-lima", "ben-okafor", "cai-dunn"]
    parsed = message_from_bytes(emails[0].read_bytes(), policy=policy.default)
    assert "Your participant code: ana-lima" in parsed.get_body().get_content()
    assert (out / "before" / "intake-form.csv").read_text().splitlines()[0].startswith("Full name,")
    rows = list(csv.DictReader((out / "before" / "report.csv").open(encoding="utf-8")))
    assert {r["status"] for r in rows} == {"written"} and len(rows) == 5
    cohort.update("ben-okafor", lambda wb: setattr(wb, "values", ["Care"]))
    from mentorkit.facilitator.kit import run_kit

    again = run_kit(cohort.root, "before", out, link="https://hub.example.org/ws")
    assert [i.participant for i in again.items if i.status == "written"] == ["ben-okafor"]
    assert again.count("up to date") == 4


@pytest.mark.kernel
def test_kit_after_renders_certificates_and_one_briefing_per_pair(tmp_path: Path) -> None:
    from mentorkit.facilitator.kit import run_kit

    cohort = _small_cohort(tmp_path)
    out = tmp_path / "kit"
    report = run_kit(cohort.root, "after", out, evaluation=_evaluation_csv(tmp_path / "eval.csv"))
    assert not report.failed, [(i.item, i.participant, i.message) for i in report.failed]
    after = out / "after"
    certificates = sorted(p.relative_to(after).as_posix() for p in after.glob("certificates/*/*.pdf"))
    people = ("ana-lima", "ben-okafor", "cai-dunn")
    assert certificates == [f"certificates/{p}/certificate.pdf" for p in people]
    briefings = sorted(p.relative_to(after).as_posix() for p in after.glob("briefings/*/*.pdf"))
    assert briefings == ["briefings/ana-lima/briefing.pdf", "briefings/ben-okafor/briefing.pdf"]
    assert all(p.read_bytes().startswith(b"%PDF") for p in after.glob("*/*/*.pdf"))
    assert len(list((after / "emails").glob("*.eml"))) == 3
    assert "3 responses" in (after / "dashboard.html").read_text(encoding="utf-8")
    again = run_kit(cohort.root, "after", out)
    rendered = [i for i in again.items if i.item in ("certificate", "briefing")]
    assert len(rendered) == 5 and {i.status for i in rendered} == {"up to date"}


def test_shipped_form_templates_match_the_kit() -> None:
    from importlib import resources

    from mentorkit.csvsafe import csv_text
    from mentorkit.facilitator.forms import evaluation_text

    samples = resources.files("mentorkit").joinpath("samples")
    assert samples.joinpath("intake-form.csv").read_text(encoding="utf-8") == csv_text(intake_header(), [])
    assert samples.joinpath("intake-form.txt").read_text(encoding="utf-8") == intake_text()
    header = csv_text(evaluation_header(), [])
    assert samples.joinpath("evaluation-form.csv").read_text(encoding="utf-8") == header
    assert samples.joinpath("evaluation-form.txt").read_text(encoding="utf-8") == evaluation_text()
