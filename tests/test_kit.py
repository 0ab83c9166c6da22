"""The facilitator's kit: forms, e-mails, evaluation round trip."""

from __future__ import annotations

import csv
from email import message_from_bytes, policy
from pathlib import Path

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
                    "sponsorship; accountability", "Curiosity", "4", "2", "3", "1", "5"])
    result = import_roster(path, tmp_path / "c")
    assert result.exit_code == 0 and not result.reports
    mira = Cohort(tmp_path / "c").load(Cohort(tmp_path / "c").ids()[0])
    assert mira.profile.extra == {}  # every question of the template has a meaning
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
