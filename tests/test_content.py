"""One Content object per cohort: every view of "is this exercise done" agrees, edits are seen,
parsing is cached."""

from __future__ import annotations

import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

import mentorkit.ui as ui
from mentorkit.content import bundled, content_for, loader
from mentorkit.core.smart import check_goal
from mentorkit.errors import MentorkitError, UnusableInput
from mentorkit.facilitator.aggregate import summarise_cohort
from mentorkit.model import Benefit, Goal, GoalKind, Profile, Skill, Workbook
from mentorkit.render.sheet import Block, Worksheet
from mentorkit.session import LiveWorkbook
from mentorkit.store import Cohort

PID = "lior-amsel"
BUNDLED = Path(__file__).resolve().parents[1] / "mentorkit" / "content"


def bundled_text(name: str) -> str:
    return (BUNDLED / f"{name}.toml").read_text(encoding="utf-8")


def override(cohort: Cohort, name: str, text: str) -> Path:
    folder = cohort.root / "content"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def ten_month_goal() -> Goal:
    """A goal that passes every SMART check with the bundled content (target date ~10 months away)."""
    return Goal(
        text="Submit two grant applications to the regional research council",
        measure="two applications submitted",
        kind=GoalKind.skill,
        target_date=date.today() + timedelta(days=300),
        benefits=[Benefit.skill_development],
    )


def goals_done_workbook() -> Workbook:
    return Workbook(
        profile=Profile(id=PID, name="Lior Amsel"),
        values=["Curiosity"],
        skills=[Skill(name="Grant writing", current=2, target=4)],
        goals=[ten_month_goal()],
    )


# -- (a) every view agrees ------------------------------------------------------------------------
def _widget_says_done(live: LiveWorkbook) -> bool:
    status = ui.goals(live).one("mk-smart-status").value
    return live.cohort.content.ui("goals")["smart_complete"] in status


def _progress_table_says_done(live: LiveWorkbook) -> bool:
    table = ui.progress(live).one("mk-progress-table").value
    cell = re.search(r"class=[\"']mk-progress-01_goals[\"'][^>]*>([^<]*)<", table)
    assert cell is not None, table
    return cell.group(1) == live.cohort.content.ui("progress")["done"]


def _worksheet_says_done(cohort: Cohort) -> bool:
    shown: list[Block] = []
    ws = Worksheet(cohort.load(PID), cohort.root, display=shown.append)
    ws.next_steps()
    lines = shown[0].plain.splitlines()
    come_back = next((line for line in lines if line.startswith("Exercises to come")), "")
    return "goals" not in come_back


def _dashboard_says_done(cohort: Cohort) -> bool:
    summary, errors = summarise_cohort(cohort.root, names=True)
    assert not errors
    return summary.count("progress", exercise="01_goals", status="done") == 1


def _worksheet_says_smart(cohort: Cohort) -> bool:
    shown: list[Block] = []
    Worksheet(cohort.load(PID), cohort.root, display=shown.append).goals()
    return "SMART 5 of 5" in "\n".join(b.plain for b in shown)


def _dashboard_says_smart(cohort: Cohort) -> bool:
    summary, errors = summarise_cohort(cohort.root, names=True)
    assert not errors and summary.goals_written == 1
    return summary.smart_goals == 1


def _smart_views(cohort: Cohort) -> list[bool]:
    """The SMART verdict (advice) as the goals widget, the worksheet and the dashboard show it."""
    live = LiveWorkbook(cohort, PID, debounce=0)
    return [_widget_says_done(live), _worksheet_says_smart(cohort), _dashboard_says_smart(cohort)]


def _done_views(cohort: Cohort) -> list[bool]:
    """"Goals exercise done" as the progress table, the worksheet's next steps and the dashboard say."""
    live = LiveWorkbook(cohort, PID, debounce=0)
    return [_progress_table_says_done(live), _worksheet_says_done(cohort), _dashboard_says_done(cohort)]


def test_a_smart_override_gives_the_same_answer_in_widget_progress_worksheet_and_dashboard(
    cohort: Cohort,
) -> None:
    cohort.create(goals_done_workbook())
    assert _smart_views(cohort) == [True, True, True]  # bundled content: 10 months is reachable
    assert _done_views(cohort) == [True, True, True]

    strict = bundled_text("smart").replace("max_months = 24", "max_months = 6")
    assert strict != bundled_text("smart")
    override(cohort, "smart", strict)
    assert _smart_views(cohort) == [False, False, False]  # the cohort allows 6 months at most
    # The checker advises, it never gates: the exercise is done in every view all the same.
    assert _done_views(cohort) == [True, True, True]

    wb = cohort.load(PID)
    goal = wb.goals[0]
    assert check_goal(goal, wb, today=date.today(), content=bundled()).ok  # the bundled answer is unchanged
    assert not check_goal(goal, wb, today=date.today(), content=cohort.content).ok


# -- (b) edits are seen without a restart ---------------------------------------------------------
def test_an_edited_added_or_removed_override_is_seen_on_the_next_call(cohort: Cohort) -> None:
    wb = goals_done_workbook()
    goal = wb.goals[0]
    before = cohort.content
    assert before is bundled()  # no overrides: the bundled object itself
    path = override(cohort, "smart", bundled_text("smart").replace("max_months = 24", "max_months = 6"))
    six = cohort.content
    assert six is not before and six.get("smart")["limits"]["max_months"] == 6
    assert not check_goal(goal, wb, content=six).ok

    path.write_text(bundled_text("smart").replace("max_months = 24", "max_months = 12"), encoding="utf-8")
    twelve = cohort.content
    assert twelve.get("smart")["limits"]["max_months"] == 12
    assert check_goal(goal, wb, content=twelve).ok

    # same size, new time stamp (a save a moment later): still seen
    path.write_text(bundled_text("smart").replace("max_months = 24", "max_months = 11"), encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert cohort.content.get("smart")["limits"]["max_months"] == 11

    path.unlink()
    assert cohort.content is bundled()


# -- (c) ui.toml per cohort -----------------------------------------------------------------------
def test_a_ui_override_changes_a_widget_label(cohort: Cohort) -> None:
    cohort.create(goals_done_workbook())
    live = LiveWorkbook(cohort, PID, debounce=0)
    assert ui.goals(live).one("mk-goal-add").description == bundled().ui("goals")["add"]
    text = bundled_text("ui")
    original = bundled().ui("goals")["add"]
    override(cohort, "ui", text.replace(f'add = "{original}"', 'add = "Noch ein Ziel"', 1))
    assert ui.goals(live).one("mk-goal-add").description == "Noch ein Ziel"
    assert ui.progress(live).one("mk-progress-refresh").description == bundled().ui("progress")["refresh"]


def test_benefit_cards_come_from_the_cohort(cohort: Cohort) -> None:
    cohort.create(goals_done_workbook())
    override(cohort, "benefits", bundled_text("benefits").replace("Guidance", "Orientation", 1))
    live = LiveWorkbook(cohort, PID, debounce=0)
    assert "Orientation" in ui.benefits(live).value
    assert "Orientation" not in ui.benefits().value


# -- (d) parsed once ------------------------------------------------------------------------------
def test_content_is_parsed_once_and_derived_lists_built_once_per_object(cohort: Cohort) -> None:
    override(cohort, "smart", bundled_text("smart"))
    first = cohort.content
    parsed = loader.parse_count
    goal = ten_month_goal()
    for _ in range(50):
        assert cohort.content is first
        check_goal(goal, content=cohort.content)
    assert loader.parse_count == parsed  # one stat per call, no re-parse
    built = first.derived("smart.lists", lambda c: pytest.fail("rebuilt"))
    assert built is first.derived("smart.lists", lambda c: pytest.fail("rebuilt"))
    assert bundled() is bundled()


# -- content is data, read-only, with clear errors ------------------------------------------------
def test_content_is_read_only() -> None:
    smart = bundled().get("smart")
    with pytest.raises(TypeError):
        smart["limits"] = {}  # type: ignore[index]
    assert isinstance(smart["number_words"], tuple)
    with pytest.raises(MentorkitError, match="no content file nope.toml"):
        bundled().get("nope")


def test_a_broken_override_names_its_file_and_a_fix_is_picked_up(cohort: Cohort) -> None:
    path = override(cohort, "needs", "[[needs]\nkey = 'x'\n")
    with pytest.raises(UnusableInput, match=re.escape(str(path))):
        content_for(cohort.root)
    path.write_text("[[needs]]\nlabel = 'No key'\n", encoding="utf-8")
    with pytest.raises(MentorkitError, match=r"needs\.toml: needs #1 needs key and label"):
        _ = content_for(cohort.root).need_categories
    path.write_text("[[needs]]\nkey = 'care'\nlabel = 'Care work'\n", encoding="utf-8")
    assert [c.key for c in content_for(cohort.root).need_categories] == ["care"]
