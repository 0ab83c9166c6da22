"""Dashboard aggregates (checked by hand on a tiny cohort), small-group folding, the static page."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

import pytest

from mentorkit.cli import main
from mentorkit.facilitator.aggregate import OTHER, CohortSummary, fold_small, summarise
from mentorkit.facilitator.dashboard_html import dashboard_html
from mentorkit.model import (
    Agreement,
    Benefit,
    Contact,
    Goal,
    GoalKind,
    OutreachDraft,
    OutreachStatus,
    Profile,
    Skill,
    Workbook,
)


# -- folding -----------------------------------------------------------------------------------------
def test_fold_small_moves_small_groups_into_other():
    assert fold_small({"a": 5, "b": 1, "c": 2, "d": 0}) == {"a": 5, "d": 0, OTHER: 3}


def test_fold_small_grows_other_until_it_is_big_enough():
    # b alone would make a group of 1 called "other": the smallest remaining group joins it.
    assert fold_small({"a": 5, "b": 1, "c": 4}) == {"a": 5, OTHER: 5}
    assert fold_small({"a": 2, "b": 1}) == {OTHER: 3}


def test_fold_small_keeps_order_and_respects_min_group():
    assert list(fold_small({"z": 3, "y": 4}, order=["y", "z"])) == ["y", "z"]
    assert fold_small({"a": 1, "b": 1}, min_group=1) == {"a": 1, "b": 1}
    assert fold_small({"a": 4, "b": 4, "c": 1}, min_group=5) == {OTHER: 9}


def test_fold_small_never_leaves_a_group_under_the_minimum():
    import random

    rnd = random.Random(0)
    for _ in range(300):
        counts = {f"k{i}": rnd.randint(0, 6) for i in range(rnd.randint(1, 6))}
        folded = fold_small(counts, 3)
        assert sum(folded.values()) == sum(counts.values())
        if sum(counts.values()) >= 3:
            assert all(v == 0 or v >= 3 for v in folded.values()), (counts, folded)


# -- a tiny cohort, counted by hand ---------------------------------------------------------------------
def person(pid: str, confirmed: bool = False, **parts) -> Workbook:
    day = date(2025, 3, 1) if confirmed else None
    return Workbook(profile=Profile(id=pid, name=f"Person {pid.upper()}", confirmed_on=day), **parts)


def tiny_cohort() -> list[Workbook]:
    a = person(
        "a",
        confirmed=True,
        values=["Curiosity"],
        skills=[Skill(name="Writing", current=2), Skill(name="Speaking", current=4, target=5)],
        needs=["sponsorship", "accountability"],
        contacts=[Contact(name="Dr Xavier Quill", needs=["sponsorship"],
                          outreach_status=OutreachStatus.sent)],
        goals=[Goal(text="Publish a paper", kind=GoalKind.career,
                    benefits=[Benefit.guidance, Benefit.networking])],
        agreement=Agreement(mentee_name="Person A", mentor_name="Dr Xavier Quill"),
    )
    b = person(
        "b",
        confirmed=True,
        values=["Care"],
        skills=[Skill(name="writing", current=2)],
        needs=["sponsorship"],
        goals=[Goal(text="Learn R", kind=GoalKind.skill, benefits=[Benefit.skill_development])],
        agreement=Agreement(frequency="monthly"),
    )
    c = person("c", skills=[Skill(name="Writing", current=3)], needs=["sponsorship", "safe_space"],
               goals=[Goal(text="New job", kind=GoalKind.career, benefits=[Benefit.guidance])])
    d = person("d")
    e = person("e", skills=[Skill(name="Writing", current=2)], needs=["accountability"],
               goals=[Goal(text="Lead a team", benefits=[Benefit.guidance])],
               outreach=[OutreachDraft(subject="Hello", body="Could we talk?")])
    return [a, b, c, d, e]


@pytest.fixture(scope="module")
def exact() -> CohortSummary:
    return summarise(tiny_cohort(), names=True)


def test_progress_counts(exact):
    assert exact.participants == 5
    # 00_start_here: done = profile confirmed on the start page (a, b); nobody else has been there
    assert exact.count("progress", exercise="00_start_here", status="done") == 2
    assert exact.count("progress", exercise="00_start_here", status="started") == 0
    assert exact.count("progress", exercise="00_start_here", status="not_started") == 3
    # 03_outreach: only e has a draft
    assert exact.count("progress", exercise="03_outreach", status="not_started") == 4
    for ex in {r["exercise"] for r in exact.progress}:
        assert sum(r["people"] for r in exact.progress if r["exercise"] == ex) == 5


def test_skill_heatmap_counts(exact):
    # Writing (any case): a 2, b 2, c 3, e 2; Speaking: a 4. Gaps: Writing a, b, e; Speaking a.
    assert exact.count("skills", skill="Writing", rating="2") == 3
    assert exact.count("skills", skill="Writing", rating="3") == 1
    assert exact.count("skills", skill="Speaking", rating="4") == 1
    writing = next(r for r in exact.skills if r["skill"] == "Writing")
    assert writing["gap_people"] == 3 and writing["rank"] == 0  # biggest gap first


def test_needs_goal_kinds_benefits(exact):
    # a covers sponsorship through a contact; open: a accountability, b sponsorship,
    # c sponsorship + safe space, e accountability
    assert exact.count("open_needs", need="Sponsorship") == 2
    assert exact.count("open_needs", need="Accountability") == 2
    assert exact.count("open_needs", need="Safe space") == 1
    assert "Sponsorship" not in exact.uncovered_needs
    assert "Accountability" in exact.uncovered_needs and len(exact.uncovered_needs) == 9
    assert exact.count("goal_kinds", kind="Career move") == 3  # a, c, e
    assert exact.count("goal_kinds", kind="Skill") == 1  # b
    assert exact.count("benefits", benefit="Guidance and support") == 3
    assert exact.count("benefits", benefit="Networking") == 1
    assert exact.benefits[0]["benefit"] == "Guidance and support"  # most wanted first


def test_outreach_and_agreement(exact):
    assert exact.count("outreach", stage="sent") == 1  # a's contact
    assert exact.count("outreach", stage="drafted") == 1  # e's draft
    assert exact.count("outreach", stage="no contact yet") == 3
    assert exact.count("agreement", state="signed") == 1
    assert exact.count("agreement", state="in progress") == 1
    assert exact.count("agreement", state="not started") == 3


def test_names_only_when_asked(exact):
    first = exact.follow_up[:2]  # least progress first: C (nothing done) and D (nothing at all)
    assert [r["name"] for r in first] == ["Person C", "Person D"]
    assert first[1]["next exercise"] == "0 Start here" and first[1]["exercises done"] == 0
    anonymous = summarise(tiny_cohort())
    assert anonymous.follow_up is None
    text = repr(dataclasses.asdict(anonymous))
    for name in ["Person", "Xavier", "Quill"]:
        assert name not in text


def test_anonymised_view_folds_groups_under_three():
    books = tiny_cohort() + [person(f"a{i}", **{k: getattr(tiny_cohort()[0], k) for k in
                                                 ("values", "skills", "needs", "contacts", "goals")})
                             for i in range(3)]
    summary = summarise(books)  # 8 people
    for table in ("progress", "skills", "open_needs", "goal_kinds", "benefits", "outreach", "agreement"):
        for record in getattr(summary, table):
            assert record["people"] == 0 or record["people"] >= 3, (table, record)
    # outreach: sent 4 (a and 3 copies), drafted 1 and no contact 3 -> drafted is folded with the
    # next smallest group so that "other" is not a group of one
    assert {r["stage"]: r["people"] for r in summary.outreach if r["people"]} == {"sent": 4, OTHER: 4}
    assert summary.count("skills", skill="Speaking", rating="4") == 4
    # Writing: 6 rated 2 and 1 rated 3: the lone 3 is hidden in its own column, never an "other" column
    assert summary.count("skills", skill="Writing", rating="2") == 6
    assert summary.count("skills", skill="Writing", rating="3") == 0
    lone = next(r for r in summary.skills if r["skill"] == "Writing" and r["rating"] == "3")
    assert lone["hidden"] and lone["shown"] == "<3"
    assert {r["rating"] for r in summary.skills} == {"1", "2", "3", "4", "5"}
    exact = summarise(books, names=True)
    assert exact.count("outreach", stage="drafted") == 1


def test_rare_skills_share_one_row_when_anonymised():
    books = tiny_cohort()
    books[3].skills = [Skill(name="Ana's thesis defence", current=1)]  # only D rated this one
    anonymous = summarise(books)
    assert not any("thesis" in r["skill"] for r in anonymous.skills)
    other = [r for r in anonymous.skills if r["skill"].startswith("other skills")]
    # Speaking (a) and the thesis skill (d): 2 ratings, folded together
    assert sum(r["people"] for r in other) == 0 and sum(r["hidden"] for r in other) == 2
    assert other[0]["rank"] == max(r["rank"] for r in anonymous.skills)  # last row
    assert summarise(books, names=True).count("skills", skill="Ana's thesis defence", rating="1") == 1


def test_sample_cohort_summary(sample_cohort):
    books, errors = sample_cohort.load_all()
    summary = summarise(books, sample_cohort.content)
    assert not errors and summary.participants == 12
    # Nobody in the sample has a mentor map yet, so every category is uncovered.
    assert len(summary.uncovered_needs) == 10
    # Sample roster: Sponsorship is named by Ana, Ben, Elif, Ivan and Lucia.
    assert summary.count("open_needs", need="Sponsorship") == 5
    # All 12 imported goals are career goals by default.
    assert summary.count("goal_kinds", kind="Career move") == 12
    negotiation = [r for r in summary.skills if r["skill"] == "Negotiation"]
    assert [r["rating"] for r in negotiation] == ["1", "2", "3", "4", "5"]
    shown = sum(r["people"] for r in negotiation)
    hidden = [r for r in negotiation if r["hidden"]]
    assert 12 - 2 * len(hidden) <= shown <= 12 - len(hidden)
    exact = summarise(books, sample_cohort.content, names=True)
    assert sum(r["people"] for r in exact.skills if r["skill"] == "Negotiation") == 12


# -- the static page --------------------------------------------------------------------------------------
def test_static_page_is_self_contained_and_escaped():
    books = tiny_cohort()
    books[0].skills = books[0].skills + [Skill(name="<script>alert('x')</script>", current=1)]
    books[1].skills = books[1].skills + [Skill(name="<script>alert('x')</script>", current=1)]
    books[2].skills = books[2].skills + [Skill(name="<script>alert('x')</script>", current=1)]
    page = dashboard_html(summarise(books), title="Spring <cohort> & co")
    assert "<script" not in page.lower()
    assert "&lt;script&gt;" in page
    assert "<title>Spring &lt;cohort&gt; &amp; co</title>" in page
    assert page.count("<svg") == 7
    # nothing is fetched from elsewhere: no src/href/url() pointing anywhere
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page, re.IGNORECASE)
    assert not re.search(r"url\((?!#)", page) and "@import" not in page  # url(#gradient) is local
    assert "Person" not in page and "Xavier" not in page


def test_static_page_says_when_it_was_made_as_people_read_dates():
    from datetime import datetime, timezone

    made = datetime(2026, 11, 29, 17, 1, 52, tzinfo=timezone.utc)
    page = dashboard_html(summarise(tiny_cohort()), generated=made)
    assert "generated 29 November 2026, 17:01 UTC" in page
    assert "2026-11-29" not in page


def test_static_page_with_names_has_follow_up_list():
    page = dashboard_html(summarise(tiny_cohort(), names=True))
    assert "Follow-up list" in page and "Person D" in page


def test_dashboard_command(sample_cohort, tmp_path, capsys):
    out = tmp_path / "report" / "dash.html"
    assert main(["dashboard", "--cohort", str(sample_cohort.root), "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "12 participants" in page and "Ana Lima" not in page
    assert "anonymised" in capsys.readouterr().out
    assert main(["dashboard", "--cohort", str(tmp_path / "nowhere"), "--out", str(out)]) == 2
    assert "not a cohort folder" in capsys.readouterr().err


def test_dashboard_skips_unreadable_workbooks(sample_cohort, tmp_path, capsys):
    (sample_cohort.workbooks_dir / "broken.json").write_text("{not json", encoding="utf-8")
    out = tmp_path / "d.html"
    assert main(["dashboard", "--cohort", str(sample_cohort.root), "--out", str(out)]) == 1
    assert "broken.json" in capsys.readouterr().err
    assert "12 participants" in out.read_text(encoding="utf-8")


def test_future_dates_do_not_matter_for_agreement_state():
    wb = person("x", agreement=Agreement(start=date(2030, 1, 1)))
    assert summarise([wb], names=True).count("agreement", state="in progress") == 1


def test_empty_cohort_still_draws():
    summary = summarise([])
    assert summary.participants == 0 and len(summary.uncovered_needs) == 10
    page = dashboard_html(summary)
    # every chart without data says so in words instead of drawing empty axes
    assert "0 participants" in page and page.count("<svg") == 0
    assert page.count("No data yet") == 6 and "No open needs" in page and "No evaluation results" in page


def test_proposed_mentor_alone_is_no_signature():
    from mentorkit.model import ProposedMentor

    proposed = ProposedMentor(name="Rosa Quint", proposed_on=date(2026, 11, 2))
    applied = person("x", agreement=Agreement(mentor_name="Rosa Quint"))
    applied.proposed_mentor = proposed
    assert summarise([applied], names=True).count("agreement", state="not started") == 1
    half = person("y", agreement=Agreement(mentor_name="Rosa Quint", frequency="monthly"))
    half.proposed_mentor = proposed
    assert summarise([half], names=True).count("agreement", state="in progress") == 1
    both = person("z", agreement=Agreement(mentor_name="Rosa Quint", mentee_name="Zed Ash"))
    both.proposed_mentor = proposed
    mentee_only = person("w", agreement=Agreement(mentee_name="Wim Ash"))
    summary = summarise([both, mentee_only], names=True)
    assert summary.count("agreement", state="signed") == 1
    assert summary.count("agreement", state="in progress") == 1


def test_a_chart_with_data_is_drawn():
    page = dashboard_html(summarise(tiny_cohort(), names=True))
    assert page.count("<svg") == 7 and "No data yet" not in page and "No evaluation results" in page
