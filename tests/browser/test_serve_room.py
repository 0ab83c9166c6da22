"""The room as `mentorkit serve` runs it: first page speed, accessibility (axe-core), keyboard only.

One `mentorkit serve` for the module with one pre-started kernel per page, warm (every page's pool
filled) before the first test. Each test opens pages as a participant would: no token, the code form
first. The time from opening a page to its first usable field is printed in the timing summary
(aim: under 3 s on a warm server).

Accessibility: axe-core (axe-playwright-python, on the same Chromium) runs the WCAG 2.0/2.1 A and AA
rules on every participant page with the exercise showing; any serious or critical violation fails,
except the rules in ``UPSTREAM`` (problems in ipywidgets' or Voilà's own markup that this project
cannot change; each with its reason, also listed in the README).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from serve_room import FIRST_FIELD, PAGES, Room, start_room

from mentorkit.resources import sample_roster
from mentorkit.roster import import_roster

PARTICIPANT = "ana-lima"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: Serious/critical axe rules caused by upstream markup we cannot change, with the reason.
UPSTREAM: dict[str, str] = {}
#: Upstream problems inside a given part of the page only: (rule id, CSS class the nodes sit in) -> why.
UPSTREAM_IN: dict[tuple[str, str], str] = {
    ("summary-name", ".vega-embed"): "JupyterLab's Vega-Lite renderer (vega-embed) draws its '...' action "
    "menu as a <details> whose <summary> holds only an icon; mentorkit's own summaries are named",
}


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Room]:
    state = tmp_path_factory.mktemp("room")
    cohort = state / "cohort"
    result = import_roster(sample_roster(), cohort)
    assert result.exit_code == 0
    server = start_room(cohort, state, preheat=1, room_size=2)
    try:
        server.wait_warm()
        yield server
    finally:
        left = server.stop()
        assert not left, f"processes left after SIGTERM: {left}"


def open_page(page: Any, room: Room, name: str, record_timing: Any) -> float:
    """Open a page as a participant; seconds until the code field can be typed into (recorded)."""
    started = time.monotonic()
    page.goto(room.url(name), wait_until="commit")
    page.locator(FIRST_FIELD).wait_for(state="visible", timeout=90_000)
    seconds = time.monotonic() - started
    record_timing(f"serve (warm) {name}", seconds)
    room.remember()
    return seconds


def sign_in(page: Any, code: str = PARTICIPANT) -> None:
    page.locator(FIRST_FIELD).fill(code)
    page.locator("button.mk-chooser-open").click()
    page.locator(".mk-save-status").first.wait_for(state="visible", timeout=90_000)


def serious(results: Any) -> list[dict[str, Any]]:
    found = results.response["violations"]
    bad = []
    for v in found:
        if v.get("impact") not in ("serious", "critical") or v["id"] in UPSTREAM:
            continue
        inside = [css for (rule, css) in UPSTREAM_IN if rule == v["id"]]
        nodes = [n for n in v.get("nodes", []) if not any(css in " ".join(map(str, n.get("target", [])))
                                                         for css in inside)]
        if nodes:
            bad.append({**v, "nodes": nodes})
    return bad


_WIDGET_OF = """sel => {
    const el = document.querySelector(sel);
    const widget = el && el.closest('.jupyter-widgets');
    return (el ? el.tagName.toLowerCase() + ' ' : '') + (widget ? widget.className : '');
}"""


def describe(page: Any, violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} - {len(v['nodes'])} element(s)")
        for node in v["nodes"][:8]:
            where = page.evaluate(_WIDGET_OF, node["target"][0]) if len(node["target"]) == 1 else ""
            lines.append(f"    {node['target']} in {where!r}: {node.get('failureSummary', '')[:160]!r}")
    return "\n".join(lines)


@pytest.mark.parametrize("name", PAGES)
def test_page_is_fast_and_passes_axe(page: Any, room: Room, name: str, record_timing: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    open_page(page, room, name, record_timing)
    sign_in(page)
    time.sleep(1.0)  # let the first chart redraw (it is drawn after the cell) before axe looks
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    bad = serious(results)
    assert not bad, f"{name}: serious or critical WCAG 2.1 AA violations:\n{describe(page, bad)}"
    # Every chart drawn has a text alternative with it: its data as a table under a named summary.
    drawn = page.locator(".mk-chart-area:has(.jp-OutputArea-output)")
    for index in range(drawn.count()):
        area = drawn.nth(index)
        classes = area.get_attribute("class")
        area.locator(".mk-chart-text summary").first.wait_for(state="attached", timeout=30_000)
        assert area.locator(".mk-chart-text summary").first.inner_text().strip(), classes


def test_live_feedback_is_announced_politely(page: Any, room: Room, record_timing: Any) -> None:
    open_page(page, room, "01_goals.ipynb", record_timing)
    sign_in(page)
    for css in (".mk-save-status", ".mk-smart-status"):
        live = page.locator(f"{css} [aria-live='polite']")
        live.first.wait_for(state="attached", timeout=30_000)  # widgets appear one by one
        assert live.count() == page.locator(css).count(), f"not every {css} is a polite live region"


def test_an_exercise_with_the_keyboard_alone(page: Any, room: Room, record_timing: Any) -> None:
    """00 with only Tab, typing and Enter/Space: sign in, change the role, see it saved on disk."""
    open_page(page, room, "00_start_here.ipynb", record_timing)
    keyboard = page.keyboard

    def tab_to(selector: str, limit: int = 60) -> None:
        target = page.locator(selector).first
        for _ in range(limit):
            if target.evaluate("el => el === document.activeElement"):
                return
            keyboard.press("Tab")
        raise AssertionError(f"Tab never reached {selector}")

    tab_to(FIRST_FIELD)
    keyboard.type(PARTICIPANT)
    tab_to("button.mk-chooser-open")
    keyboard.press("Enter")
    page.locator(".mk-profile-role input").wait_for(state="visible", timeout=90_000)
    tab_to(".mk-profile-role input")
    keyboard.press("Control+A")
    keyboard.type("Keyboard-only tester")
    tab_to(".mk-profile-career_stage select")
    keyboard.press("ArrowDown")
    from playwright.sync_api import expect

    expect(page.locator(".mk-save-status").first).to_contain_text("Saved", timeout=30_000)
    workbook = Path(room.output().split("for the cohort ")[1].split(" ...")[0]) / "workbooks"
    deadline = time.monotonic() + 30
    while True:
        data = json.loads((workbook / f"{PARTICIPANT}.json").read_text(encoding="utf-8"))
        if data["profile"]["role"] == "Keyboard-only tester":
            break
        assert time.monotonic() < deadline, data["profile"]
        time.sleep(0.2)  # the save is debounced
    assert re.search(r"\S", data["profile"]["career_stage"] or "")


def test_a_ready_page_opened_from_a_next_link_asks_for_no_code(page: Any, room: Room) -> None:
    """A pre-heated page renders before anyone asks; the code its link carries is applied when asked."""
    from playwright.sync_api import expect

    for _ in range(2):  # the first from the ready pool, the second from its replacement
        page.goto(f"{room.url('01_goals.ipynb')}?participant={PARTICIPANT}", wait_until="commit")
        expect(page.locator(".mk-goals").first).to_be_visible(timeout=90_000)
        expect(page.locator(".mk-nav-next")).to_have_attribute(
            "href", f"02_mentor_map.ipynb?participant={PARTICIPANT}", timeout=30_000)
        expect(page.locator(".mk-chooser")).to_have_count(0)
        expect(page.locator(".mk-exercise").first).not_to_contain_text("Type your participant code")
    # Without a code in the link, the same page asks for it.
    page.goto(room.url("01_goals.ipynb"), wait_until="commit")
    expect(page.locator(FIRST_FIELD)).to_be_visible(timeout=90_000)
