"""The facilitator widgets drive the same functions: controls change results, exports land on disk."""

from __future__ import annotations

import csv
import re

from mentorkit.facilitator.matching import load_config
from mentorkit.facilitator.widgets import Dashboard, MatchingDesk
from mentorkit.resources import sample_mentors


def test_matching_desk_sliders_rules_and_export(sample_cohort):
    desk = MatchingDesk(sample_cohort, sample_mentors())
    desk.run()
    assert len(desk.result.pairs) == 12
    desk.rules["same_field"].value = True  # observed: re-runs with the rule as a hard filter
    assert desk.result.config.must_have[-1] == "same_field"
    assert all(p.mentee.field == p.mentor.field for p in desk.result.pairs)
    assert len(desk.result.pairs) < 12
    desk.rules["same_field"].value = False
    desk.sliders["stage"].value = 0
    assert all(p.points("stage") == 0 for p in desk.result.pairs)
    path = desk.export()
    rows = list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))
    assert len(rows) == 12 and path.parent == sample_cohort.root
    saved = load_config(override=desk.save_config())
    assert saved.weights["stage"] == 0 and saved.must_have == desk.result.config.must_have


def test_dashboard_names_switch_and_export(sample_cohort):
    board = Dashboard(sample_cohort)
    board.refresh()
    assert board.summary.follow_up is None and board.summary.anonymised
    assert "12 participants" in board.status.value
    page = board.export().read_text(encoding="utf-8")
    assert "Ana Lima" not in page
    board.names.value = True  # observed: refreshes with names
    assert board.summary.follow_up is not None
    assert "Names are on" in board.status.value
    assert board.auto.value is False and board._handle is None  # auto-refresh starts off


def test_auto_refresh_schedules_on_the_event_loop_and_stops(sample_cohort):
    import asyncio

    async def scenario() -> None:
        board = Dashboard(sample_cohort, refresh_seconds=5)
        board.auto.value = True
        handle = board._handle
        assert handle is not None and not handle.cancelled()
        board._tick()  # what the loop calls when the time is up: refresh, then schedule again
        assert board.summary.participants == 12 and board._handle is not handle
        board.auto.value = False
        assert board._handle is None

    asyncio.run(scenario())


def test_dashboard_widget_and_page_show_the_same_sections(sample_cohort):
    from mentorkit.present import Block, ChartBlock

    shown: list[Block] = []
    board = Dashboard(sample_cohort, display=shown.append)
    board.names.value = True  # observed: refreshes with names (and the follow-up list)
    page = board.export().read_text(encoding="utf-8")
    titles = [s.title for s in board.sections]
    assert titles[0] == "Progress through the exercises" and titles[-1] == "Follow-up list"
    assert [b.plain for b in shown if b.markup.startswith("<h3>")] == titles
    assert re.findall(r"<h2>(.*?)</h2>", page) == titles
    charts = [b for b in shown if isinstance(b, ChartBlock)]
    empty = [b for b in shown if 'class="mk-empty"' in b.markup]
    assert len(charts) + len(empty) == 8 and page.count("<svg") == len(charts)
    for block in shown:  # every note, list, table and chart of the widget is on the page, as it is
        if not block.markup.startswith("<h3>"):
            assert block.markup in page
    assert "Ana Lima" in page  # names on: the follow-up table


def test_matching_desk_applies_the_reviewed_pairs(sample_cohort):
    desk = MatchingDesk(sample_cohort, sample_mentors())
    desk.run()
    desk.apply_button.click()
    assert "12 workbook(s) given their proposed mentor" in desk.message.value
    pairs = {p.mentee.id: p.mentor.name for p in desk.result.pairs}
    assert all(sample_cohort.load(pid).proposed_mentor.name == name for pid, name in pairs.items())
    assert desk.apply().unchanged == sorted(pairs)  # again: nothing to change
