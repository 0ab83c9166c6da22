"""Shared fixtures: temporary cohorts built from the bundled fictional sample."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorkit.resources import sample_roster
from mentorkit.roster import import_roster
from mentorkit.store import Cohort


@pytest.fixture
def cohort(tmp_path: Path) -> Cohort:
    """An empty cohort folder."""
    return Cohort(tmp_path / "cohort").ensure()


@pytest.fixture
def sample_cohort(tmp_path: Path) -> Cohort:
    """A cohort with the 12 fictional sample participants imported."""
    cohort = Cohort(tmp_path / "sample")
    result = import_roster(sample_roster(), cohort)
    assert result.exit_code == 0, [str(r) for r in result.reports]
    return cohort


# -- the hostile suite's counts ----------------------------------------------------------------------
HOSTILE_COUNTS = {"files": 0, "rows": 0}
#: The stress loops' counts (``make stress``): SIGKILLs survived, saves checked, renders killed.
STRESS_COUNTS = {"kills": 0, "saves": 0, "render_kills": 0}


@pytest.fixture
def hostile_counts() -> dict[str, int]:
    """Add to ``files`` (hostile files tried) and ``rows`` (roster rows fed in); printed at the end."""
    return HOSTILE_COUNTS


@pytest.fixture
def stress_counts() -> dict[str, int]:
    """Add to ``kills``, ``saves`` and ``render_kills``; printed at the end of the run."""
    return STRESS_COUNTS


def pytest_sessionstart(session: pytest.Session) -> None:
    import time

    session.config._mentorkit_started = time.perf_counter()  # type: ignore[attr-defined]


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ANN001
    import resource
    import time

    seconds = time.perf_counter() - getattr(config, "_mentorkit_started", time.perf_counter())
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
               resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) // 1024  # KiB -> MiB (Linux)
    if HOSTILE_COUNTS["files"] or HOSTILE_COUNTS["rows"]:
        terminalreporter.write_line(
            f"hostile inputs: {HOSTILE_COUNTS['files']} files tried, {HOSTILE_COUNTS['rows']} rows, "
            f"{seconds:.1f} s, peak memory {peak} MiB (largest process)"
        )
    if any(STRESS_COUNTS.values()):
        terminalreporter.write_line(
            f"stress: {STRESS_COUNTS['kills']} SIGKILLs during saves survived, {STRESS_COUNTS['saves']} "
            f"concurrent saves checked, {STRESS_COUNTS['render_kills']} renders SIGKILLed and finished; "
            f"{seconds:.1f} s, peak memory {peak} MiB (largest process)"
        )
