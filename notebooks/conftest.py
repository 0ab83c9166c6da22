"""For `pytest --nbval-lax notebooks/`: run every notebook as a preset fictional participant.

The kernels nbval starts inherit this process's environment, so setting MENTORKIT_COHORT and
MENTORKIT_PARTICIPANT here makes `mentorkit.open_workbook()` find a workbook without a person.
"""

from __future__ import annotations

import os

import pytest

from mentorkit.resources import sample_roster
from mentorkit.roster import import_roster

SAMPLE_PARTICIPANT = "ana-lima"


@pytest.fixture(scope="session", autouse=True)
def _sample_participant(tmp_path_factory: pytest.TempPathFactory):
    cohort = tmp_path_factory.mktemp("notebook-cohort")
    import_roster(sample_roster(), cohort)
    saved = {k: os.environ.get(k) for k in ("MENTORKIT_COHORT", "MENTORKIT_PARTICIPANT")}
    os.environ["MENTORKIT_COHORT"] = str(cohort)
    os.environ["MENTORKIT_PARTICIPANT"] = SAMPLE_PARTICIPANT
    yield cohort
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
