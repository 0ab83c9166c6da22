"""A room at once: N participant sessions open `mentorkit serve` together and type answers.

`make test` runs the short form (6 sessions); `make loadtest` the full one (30, or
``LOAD_SESSIONS=N``). One browser context (own cookies and storage) per participant, three per Chromium,
all pages opened before any is waited for. Each session waits for the code field (time to first
widget), signs in with its own participant code and types its role and field into the profile on
00_start_here, with a real kernel behind every page.

Printed: time to first widget (median, p95, max), errors, and the memory and CPU of the server and
its kernels. Asserted (never times): no errors, and every workbook on disk holds what its session
typed. ``MENTORKIT_LOAD_REPORT=path.json`` also writes the figures to a file.
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
from serve_room import FIRST_FIELD, Room, start_room

from mentorkit.roster import import_roster

SESSIONS = int(os.environ.get("MENTORKIT_LOAD_SESSIONS") or 6)
PER_BROWSER = 3
PAGE = "00_start_here.ipynb"
ERROR_OUTPUT = ", ".join(
    f".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.{kind}']" for kind in ("stderr", "error")
)


def participant(index: int) -> str:
    return f"load-tester-{index:03d}"


@pytest.fixture(scope="module")
def load_room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Room, Path]]:
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
    room = start_room(cohort, state, preheat=2, max_kernels=SESSIONS + 30)
    try:
        room.wait_warm()
        yield room, cohort
    finally:
        left = room.stop()
        assert not left, f"processes left after SIGTERM: {left}"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


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
    load_room: tuple[Room, Path], record_timing: Any,
) -> None:
    room, cohort = load_room
    kernels_before = {p.pid for p in room.kernels()}
    errors: list[str] = []
    contexts, pages = [], []
    # One Chromium holds at most 6 connections to one host across all its contexts (HTTP/1.1), and
    # a Voila page keeps one open while its notebook runs: a run of 30 in one browser starved the
    # pages' script downloads (webpack chunk timeouts). A room has one browser per person; here
    # every PER_BROWSER sessions share one Chromium.
    browsers = [browser] + [browser_type.launch(**browser_type_launch_args)
                            for _ in range((SESSIONS - 1) // PER_BROWSER)]
    for i in range(SESSIONS):
        context = browsers[i // PER_BROWSER].new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(120_000)
        page = context.new_page()
        page.on("pageerror", lambda exc, i=i: errors.append(f"session {i}: page error: {exc}"))
        page.on("response",
                lambda r, i=i: r.status >= 500 and errors.append(f"session {i}: {r.status} {r.url}"))
        contexts.append(context)
        pages.append(page)

    # Everyone opens the start page at once; then wait for each page's first field.
    started: dict[int, float] = {}
    for i, page in enumerate(pages):
        started[i] = time.monotonic()
        page.goto(room.url(PAGE), wait_until="commit", timeout=120_000)
    first_widget: dict[int, float] = {}
    deadline = time.monotonic() + 300
    while len(first_widget) < SESSIONS and time.monotonic() < deadline:
        for i, page in enumerate(pages):
            if i not in first_widget and page.locator(FIRST_FIELD).is_visible():
                first_widget[i] = time.monotonic() - started[i]
        time.sleep(0.05)  # polling interval across all pages
    missing = sorted(set(range(SESSIONS)) - set(first_widget))
    errors += [f"session {i}: no code field after 300 s" for i in missing]
    room.remember()

    # Each session signs in as its own participant and types two answers.
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
            role, field = f"Role typed by session {i}", f"Field of session {i}"
            page.locator(".mk-profile-role input").fill(role)
            page.locator(".mk-profile-field input").fill(field)
            typed[participant(i)] = (role, field)
        except Exception as exc:  # noqa: BLE001 - every failure is counted and reported below
            errors.append(f"session {i}: could not type: {str(exc).splitlines()[0]}")
    for i, page in enumerate(pages):
        failed = [t for t in page.locator(ERROR_OUTPUT).all_inner_texts() if "Error" in t or "Traceback" in t]
        errors += [f"session {i}: cell error: {t[-300:]}" for t in failed]

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

    server_mb, kernels_mb, kernel_count = room.memory_mb()
    kernels = room.kernels()
    session_kernels = [p for p in kernels if p.pid not in kernels_before]
    times = [first_widget[i] for i in sorted(first_widget)]
    report = {
        "sessions": SESSIONS,
        "first_widget_s": {"median": round(statistics.median(times), 2) if times else None,
                           "p95": round(_percentile(times, 0.95), 2) if times else None,
                           "max": round(max(times), 2) if times else None},
        "errors": len(errors),
        "answers_lost": len(lost),
        "server_mb": round(server_mb),
        "kernels": kernel_count,
        "kernels_mb": round(kernels_mb),
        "mb_per_kernel": round(kernels_mb / kernel_count, 1) if kernel_count else None,
        "cpu_s_per_session_kernel": round(_cpu_seconds(session_kernels) / len(session_kernels), 2)
        if session_kernels else None,
        "cpu_s_server": round(_cpu_seconds([p for p in room.processes() if p not in kernels]), 1),
        "cpus": psutil.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 1),
    }
    print(f"\n[load] {json.dumps(report)}")
    for i in sorted(first_widget):
        record_timing(f"load: session {i:3d} of {SESSIONS} opening {PAGE} at once", first_widget[i])
    if os.environ.get("MENTORKIT_LOAD_REPORT"):
        Path(os.environ["MENTORKIT_LOAD_REPORT"]).write_text(json.dumps(report, indent=2) + "\n")
    for context in contexts:
        context.close()
    for extra in browsers[1:]:
        extra.close()
    assert not errors, "\n".join(errors[:30])
    assert not lost, f"answers not on disk for {len(lost)} of {len(typed)}: {lost}"
    assert len(typed) == SESSIONS
