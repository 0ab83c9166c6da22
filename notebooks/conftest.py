"""For `pytest --nbval-lax notebooks/`: run every notebook as a preset fictional participant.

nbval starts each notebook's kernel while setting up the file, before any fixture runs, and the kernel
inherits this process's environment. So the cohort is made and MENTORKIT_COHORT /
MENTORKIT_PARTICIPANT are set when the session starts, and restored when it ends.
"""

from __future__ import annotations

import os
import shutil
import tempfile

from mentorkit.resources import sample_roster
from mentorkit.roster import import_roster

SAMPLE_PARTICIPANT = "ana-lima"
_KEYS = ("MENTORKIT_COHORT", "MENTORKIT_PARTICIPANT")
_saved: dict[str, str | None] = {}
_folder: list[str] = []


def pytest_sessionstart(session) -> None:
    folder = tempfile.mkdtemp(prefix="mentorkit-nb-")
    _folder.append(folder)
    import_roster(sample_roster(), folder)
    _saved.update({key: os.environ.get(key) for key in _KEYS})
    os.environ["MENTORKIT_COHORT"] = folder
    os.environ["MENTORKIT_PARTICIPANT"] = SAMPLE_PARTICIPANT


def pytest_sessionfinish(session, exitstatus) -> None:
    for key, value in _saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    for folder in _folder:
        shutil.rmtree(folder, ignore_errors=True)


def pytest_ignore_collect(collection_path, config) -> bool | None:
    """Skip the translated copies `mentorkit lab`/`serve` write (``es/`` ...; marked, never committed)."""
    if (collection_path / ".mentorkit-locale").is_file():
        return True
    return None
