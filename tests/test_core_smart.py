"""SMART goal check: which criteria pass or fail for given goals (wording-independent)."""

from __future__ import annotations

from datetime import date

import pytest

from mentorkit.core.smart import KEYS, check_goal, find_horizon
from mentorkit.model import Benefit, Goal, Profile, Skill, Workbook

TODAY = date(2025, 3, 10)


@pytest.fixture
def wb() -> Workbook:
    return Workbook(
        profile=Profile(id="ana-lima", name="Ana Lima"),
        values=["Curiosity", "Collaboration"],
        skills=[
            Skill(name="Academic writing", current=3, target=5),
            Skill(name="Public speaking", current=2, target=4),
            Skill(name="Negotiation", current=4, target=4),
        ],
    )


def result(text: str, wb: Workbook | None = None, **kw) -> dict[str, bool]:
    return check_goal(Goal(text=text, **kw), wb, today=TODAY).keys_ok


def test_all_five_keys_in_order(wb):
    res = check_goal(Goal(text="x"), wb, today=TODAY)
    assert [c.key for c in res.checks] == list(KEYS)
    assert all(c.message for c in res.checks)


def test_strong_goal_passes_everything(wb):
    res = check_goal(
        Goal(text="Submit two academic writing samples to my supervisor by June"), wb, today=TODAY
    )
    assert res.ok, res.missing
    assert res.missing == []
    assert res.verb == "submit"
    assert res.horizon == "by june"


def test_empty_goal_fails_all_but_nothing_crashes(wb):
    res = check_goal(Goal(text=""), wb, today=TODAY)
    assert not res.ok
    assert {c.key for c in res.missing} == set(KEYS)


@pytest.mark.parametrize(
    "text, specific",
    [
        ("Lead a small project team", True),
        ("Write a grant proposal", True),
        ("submitted the paper", True),  # inflected verb
        ("get better", False),  # verb but vague object
        ("lead", False),  # verb without an object
        ("A career in marine ecology", False),  # no action verb
    ],
)
def test_specific(text, specific):
    assert result(text)["specific"] is specific


@pytest.mark.parametrize(
    "text, measure, measurable",
    [
        ("Give three talks", "", True),
        ("Run 4 team meetings", "", True),
        ("Submit my first-author paper", "", True),  # observable result
        ("Become a better listener", "", False),
        ("Become a better listener", "my team says so in the next review", True),
        ("Grow my confidence within 12 months", "", False),  # the horizon number does not count
    ],
)
def test_measurable(text, measure, measurable):
    assert result(text, measure=measure)["measurable"] is measurable


def test_achievable_rules():
    assert result("Publish a paper", target_date=date(2025, 9, 1))["achievable"]
    assert not result("Publish a paper", target_date=date(2024, 9, 1))["achievable"]  # in the past
    assert not result("Publish a paper", target_date=date(2028, 1, 1))["achievable"]  # > 24 months
    assert not result("Write the perfect thesis by June")["achievable"]
    assert not result("Become world-class at everything next year")["achievable"]


def test_relevant_values_skills_benefits(wb):
    assert result("Start a collaborative reading group by May", wb)["relevant"]  # value Collaboration
    assert result("Improve my public speaking by May", wb)["relevant"]  # skill gap 2 -> 4
    assert not result("Take a negotiation course by May", wb)["relevant"]  # no gap: 4 -> 4
    assert not result("Run a marathon by May", wb)["relevant"]
    # a ticked benefit alone is not a reason: the goal's words must serve it
    assert not result("Run a marathon by May", wb, benefits=[Benefit.confidence])["relevant"]
    assert result("Give a talk at the lab meeting by May", wb, benefits=[Benefit.confidence])["relevant"]
    assert result("Meet two alumni in consulting by May", benefits=[Benefit.networking])["relevant"]
    # without a workbook only a chosen benefit can tie the goal
    assert not result("Improve my public speaking by May")["relevant"]
    res = check_goal(Goal(text="Run a marathon by May", benefits=[Benefit.networking]), wb, today=TODAY)
    assert "networking" in res["relevant"].message and "Run a marathon by May" in res["relevant"].message


def test_relevant_lists_ties(wb):
    res = check_goal(Goal(text="Write a curious essay on academic writing"), wb, today=TODAY)
    assert len(res.ties) == 2


@pytest.mark.parametrize(
    "text, bound",
    [
        ("Submit the paper by June", True),
        ("Lead a team within 12 months", True),
        ("Give a talk this autumn", True),
        ("Publish a paper next year", True),
        ("Apply for a postdoc in six months", True),
        ("Finish the report by 2026", True),
        ("Finish the report on 2026-03-01", True),
        ("Finish the report by the end of the year", True),
        ("Finish the report", False),
        ("Write 12 pages", False),
        ("Lead the may festival team", False),  # a month name without a deadline word
    ],
)
def test_time_bound_from_text(text, bound):
    assert result(text)["time_bound"] is bound


def test_time_bound_from_target_date():
    assert result("Finish the report", target_date=date(2025, 6, 1))["time_bound"]


def test_find_horizon_returns_phrase():
    assert find_horizon("Lead a small project team within 12 months") == "within 12 months"
    assert find_horizon("no time here") is None


def test_content_override(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "smart.toml").write_text(
        'number_words = []\noverreach_words = []\n[specific]\nvague_verbs = ["frobnicate"]\n'
        '[horizon]\nphrases = ["someday soon"]\n',
        encoding="utf-8",
    )
    res = check_goal(Goal(text="Write the widget someday soon"), today=TODAY, cohort=tmp_path)
    assert res.keys_ok["specific"] and res.keys_ok["time_bound"]
    res = check_goal(Goal(text="Frobnicate the widget by June"), today=TODAY, cohort=tmp_path)
    assert not res.keys_ok["specific"] and not res.keys_ok["time_bound"]  # "by June" is not in the override
    assert check_goal(Goal(text="Frobnicate the widget"), today=TODAY).keys_ok["specific"]
