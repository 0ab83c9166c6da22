"""Stress: SIGKILL while saving, and two writers saving hundreds of times (``make stress``)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from mentorkit.model import Profile, Workbook
from mentorkit.store import Cohort
from tests.test_store import WRITER

pytestmark = pytest.mark.stress

KILLS = 200


def _save_forever(cohort: Cohort, start: int) -> None:
    """Child process body: save ever-increasing answers until killed."""
    n = start
    wb = cohort.load("kai")
    while True:
        n += 1
        wb.values = [f"answer {n}"]
        wb.reflections = []
        cohort.save(wb)


def test_sigkill_while_saving_never_leaves_a_broken_workbook(
    cohort: Cohort, stress_counts: dict[str, int]
) -> None:
    cohort.save(Workbook(profile=Profile(id="kai", name="Kai Moe"), values=["answer 0"]))
    rng = random.Random(20261125)
    last = 0
    survived = 0
    for _ in range(KILLS):
        pid = os.fork()
        if pid == 0:  # child
            try:
                _save_forever(cohort, last)
            finally:
                os._exit(1)
        time.sleep(rng.uniform(0.0, 0.03))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        wb = cohort.load("kai")  # always parses and validates
        (value,) = wb.values
        n = int(value.removeprefix("answer "))
        assert n >= last  # the old answers or newer ones, never older, never a mix
        last = n
        survived += 1
    print(f"\n{survived} SIGKILLs survived; {last} saves completed between them")
    assert survived == KILLS
    stress_counts["kills"] += survived
    # Killed saves leave only hidden temp files, never anything under a final name.
    assert cohort.ids() == ["kai"]


def test_two_writers_200_saves_each_lose_nothing(cohort: Cohort, stress_counts: dict[str, int]) -> None:
    cohort.save(Workbook(profile=Profile(id="tove", name="Tove Ek")))
    count = 200
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(cohort.root), part, str(count)])
        for part in ("asks", "contacts")  # 200 each: within the schema's caps (asks 500, contacts 200)
    ]
    assert [p.wait(timeout=300) for p in procs] == [0, 0]
    wb = cohort.load("tove")
    assert [a.what for a in wb.asks] == [f"ask {i}" for i in range(count)]
    assert [c.name for c in wb.contacts] == [f"contact {i}" for i in range(count)]
    print(f"\n{2 * count} concurrent saves checked, {len(wb.asks) + len(wb.contacts)} items present")
    stress_counts["saves"] += 2 * count
