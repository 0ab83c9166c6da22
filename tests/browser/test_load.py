"""A room at once: N participant sessions open `mentorkit serve`'s start page together and type answers.

`make test` runs the short form (6 sessions); `make loadtest` the full one (30, or
``LOAD_SESSIONS=N``). In a real room everyone brings their own computer, so most sessions here are
**protocol sessions** (tests/browser/room_client.py: the page's HTTP request and its kernel websocket
with the widget messages a browser sends, all on one asyncio loop), and ``LOAD_BROWSERS`` of them
(default 2) are **browser sessions** in Chromium, one Chromium each. Ten Chromiums on the server's
own two cores measured the browsers, not the server (the first version of this test did: 90-157 s,
and 21 of 30 pages never showed a field in 300 s).

Every session has a real kernel that executed 00_start_here; each signs in with its own participant
code and types its role and field into the profile. The server is started as a facilitator would,
with ``--room-size N``.

Printed (``[load]``), never asserted: time to first widget for each kind of session (median, p95,
max; protocol: page received and the code box among the kernel's widgets; browser: the code box
visible), the memory of the server and of its kernels, CPU-seconds per ready kernel (start and
render) and per session (everything the server and its kernels did while the room arrived and
typed, including starting the ready kernels that replace theirs), and the machine's load
average. Asserted: no errors, and every workbook on disk holds what
its session typed. Memory and CPU are taken after the server has replaced the ready kernels the room
took (``room_and_refill_s``). ``MENTORKIT_LOAD_REPORT=path.json`` also writes the figures to a file.
"""

from __future__ import annotations

import csv
import json
import os
import statistics
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest
from room_client import SessionResult, start_sessions
from serve_room import FIRST_FIELD, Room, start_room

from mentorkit.roster import import_roster
from mentorkit.serve import DEFAULT_PRESTART

SESSIONS = int(os.environ.get("MENTORKIT_LOAD_SESSIONS") or 6)
BROWSERS = min(SESSIONS, int(os.environ.get("MENTORKIT_LOAD_BROWSERS") or 2))
PAGE = "00_start_here.ipynb"
#: Ready kernels for each page after the start page (the short form keeps start-up short).
OTHER_PAGES_READY = 1 if SESSIONS <= 10 else DEFAULT_PRESTART
WAIT = 300.0
ERROR_OUTPUT = ", ".join(
    f".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.{kind}']" for kind in ("stderr", "error")
)


def participant(index: int) -> str:
    return f"load-tester-{index:03d}"


def answers(index: int) -> tuple[str, str]:
    return f"Role typed by session {index}", f"Field of session {index}"


@pytest.fixture(scope="module")
def load_room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Room, Path, dict[str, float]]]:
    state = tmp_path_factory.mktemp("load-room")
    roster = state / "roster.csv"
    with roster.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "email", "role"])
        for i in range(SESSIONS):
            writer.writerow([participant(i), f"Load Tester {i:03d}", f"load.tester.{i:03d}@example.org",
                             "Postdoc"])
    cohort = state / "cohort"
    assert import_roster(roster, cohort).exit_code == 0
    room = start_room(cohort, state, preheat=OTHER_PAGES_READY, room_size=SESSIONS,
                      max_kernels=2 * SESSIONS + 6 * OTHER_PAGES_READY + 10)
    try:
        warm_s = room.wait_warm(timeout=max(400.0, 12.0 * SESSIONS))
        # Once every page is ready, serve says so with the memory it measured.
        deadline = time.monotonic() + 30
        while "Every page has its ready kernels:" not in room.output():
            assert time.monotonic() < deadline, room.output()[-2000:]
            time.sleep(0.5)  # serve checks its log once a second
        said = room.output().split("Every page has its ready kernels:")[1].splitlines()[0]
        print(f"\n[serve] ready kernels:{said}")
        kernels = room.kernels()
        server = [p for p in room.processes() if p not in kernels]
        warm = {"warm_s": warm_s, "ready_kernels": len(kernels), "cpu_s_server": _cpu_seconds(server),
                "cpu_s_kernels": _cpu_seconds(kernels)}
        yield room, cohort, warm
    finally:
        left = room.stop()
        assert not left, f"processes left after SIGTERM: {left}"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def _summary(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"median": None, "p95": None, "max": None}
    return {"median": round(statistics.median(values), 2), "p95": round(_percentile(values, 0.95), 2),
            "max": round(max(values), 2)}


def _cpu_seconds(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            continue
    return total


def test_a_room_opens_at_once_and_keeps_every_answer(
    browser: Any, browser_type: Any, browser_type_launch_args: dict[str, Any],
    load_room: tuple[Room, Path, dict[str, float]], record_timing: Any,
) -> None:
    room, cohort, warm = load_room
    errors: list[str] = []
    load_before = os.getloadavg()
    # One Chromium per browser session, as in a room; contexts and pages made before anyone arrives.
    browsers = [browser] + [browser_type.launch(**browser_type_launch_args) for _ in range(BROWSERS - 1)]
    pages = []
    for i, owner in enumerate(browsers[:BROWSERS]):
        context = owner.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(120_000)
        page = context.new_page()
        page.on("pageerror", lambda exc, i=i: errors.append(f"browser session {i}: page error: {exc}"))
        page.on("response",
                lambda r, i=i: r.status >= 500 and errors.append(f"browser session {i}: {r.status} {r.url}"))
        pages.append(page)
    processes = room.processes()
    cpu_before = _cpu_seconds(processes)

    # Everyone at once: the protocol sessions start on their own loop, the browsers are sent to the
    # page without waiting for it (a blocking goto would open the pages one after another).
    started = time.monotonic()
    sessions = [(i, participant(i), answers(i)) for i in range(BROWSERS, SESSIONS)]
    protocol = start_sessions(room.base, PAGE, sessions, timeout=WAIT)
    opened: dict[int, float] = {}
    for i, page in enumerate(pages):
        opened[i] = time.monotonic()
        page.evaluate("url => setTimeout(() => { window.location.href = url; }, 0)", room.url(PAGE))
    first_widget: dict[int, float] = {}
    deadline = time.monotonic() + WAIT
    while len(first_widget) < len(pages) and time.monotonic() < deadline:
        for i, page in enumerate(pages):
            if i not in first_widget and page.locator(FIRST_FIELD).is_visible():
                first_widget[i] = time.monotonic() - opened[i]
        time.sleep(0.05)  # polling interval across the browser pages
    missing = sorted(set(range(len(pages))) - set(first_widget))
    errors += [f"browser session {i}: no code field after {WAIT:.0f} s" for i in missing]

    # The browser sessions sign in as their participants and type two answers.
    typed: dict[str, tuple[str, str]] = {}
    for i, page in enumerate(pages):
        if i in missing:
            continue
        page.locator(FIRST_FIELD).fill(participant(i))
        page.locator("button.mk-chooser-open").click()
    for i, page in enumerate(pages):
        if i in missing:
            continue
        try:
            page.locator(".mk-profile-role input").wait_for(state="visible", timeout=120_000)
            role, field = answers(i)
            page.locator(".mk-profile-role input").fill(role)
            page.locator(".mk-profile-field input").fill(field)
            typed[participant(i)] = (role, field)
        except Exception as exc:  # noqa: BLE001 - every failure is counted and reported below
            errors.append(f"browser session {i}: could not type: {str(exc).splitlines()[0]}")
    for i, page in enumerate(pages):
        failed = [t for t in page.locator(ERROR_OUTPUT).all_inner_texts() if "Error" in t or "Traceback" in t]
        errors += [f"browser session {i}: cell error: {t[-300:]}" for t in failed]

    results: list[SessionResult] = protocol.result(timeout=2 * WAIT + 60)
    errors += [r.error for r in results if r.error]
    typed.update({r.participant: r.typed for r in results if r.typed})

    # Every workbook on disk holds what its session typed (saves are debounced).
    deadline = time.monotonic() + 120
    lost: dict[str, Any] = {}
    while True:
        lost = {}
        for pid, (role, field) in typed.items():
            path = cohort / "workbooks" / f"{pid}.json"
            profile = json.loads(path.read_text(encoding="utf-8"))["profile"]
            if (profile["role"], profile["field"]) != (role, field):
                lost[pid] = (profile["role"], profile["field"])
        if not lost or time.monotonic() > deadline:
            break
        time.sleep(0.5)  # polling interval for the debounced saves
    room_s = time.monotonic() - started
    # Then the server replaces the ready kernels the room took (in the background, one at a time):
    # memory and CPU are counted once that is done (or the wait is over), as a room leaves them.
    deadline = time.monotonic() + 12.0 * SESSIONS
    while len(room.kernels()) < warm["ready_kernels"] + SESSIONS and time.monotonic() < deadline:
        time.sleep(1.0)  # polling interval for the refill
    time.sleep(2.0)  # the last replacement finishes running its notebook
    refill_s = time.monotonic() - started
    cpu_room = _cpu_seconds(room.processes()) - cpu_before  # kernels that ended meanwhile are not counted

    server_mb, kernels_mb, kernel_count = room.memory_mb()
    report = {
        "sessions": SESSIONS,
        "protocol_sessions": len(results),
        "browser_sessions": len(pages),
        "first_widget_s": {
            "protocol (page received + code box among the kernel's widgets)":
                _summary([r.first_widget_s for r in results if r.first_widget_s is not None]),
            "browser (code box visible in Chromium)": _summary(list(first_widget.values())),
        },
        "page_html_s": _summary([r.html_s for r in results if r.html_s is not None]),
        "errors": len(errors),
        "answers_lost": len(lost),
        "typed": len(typed),
        "server_mb": round(server_mb),
        "kernels": kernel_count,
        "kernels_mb": round(kernels_mb),
        "mb_per_kernel": round(kernels_mb / kernel_count, 1) if kernel_count else None,
        "ready_kernels_at_start": warm["ready_kernels"],
        "warm_up_s": round(warm["warm_s"], 1),
        "cpu_s_per_ready_kernel": {
            "server": round(warm["cpu_s_server"] / max(1, warm["ready_kernels"]), 2),
            "kernel": round(warm["cpu_s_kernels"] / max(1, warm["ready_kernels"]), 2)},
        "cpu_s_per_session": round(cpu_room / SESSIONS, 2),
        "room_s": round(room_s, 1),
        "room_and_refill_s": round(refill_s, 1),
        "cpus": psutil.cpu_count(),
        "load_average_1min_before_after": [round(load_before[0], 1), round(os.getloadavg()[0], 1)],
    }
    print(f"\n[load] {json.dumps(report)}")
    for i in sorted(first_widget):
        record_timing(f"load: browser session {i} of {SESSIONS} opening {PAGE} at once", first_widget[i])
    if os.environ.get("MENTORKIT_LOAD_REPORT"):
        Path(os.environ["MENTORKIT_LOAD_REPORT"]).write_text(json.dumps(report, indent=2) + "\n")
    for page in pages:
        page.context.close()
    for extra in browsers[1:]:
        extra.close()
    assert not errors, "\n".join(errors[:30])
    assert not lost, f"answers not on disk for {len(lost)} of {len(typed)}: {lost}"
    assert len(typed) == SESSIONS
