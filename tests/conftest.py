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
