"""Where mentorkit's folders are, independent of the working directory.

The default cohort is the same from a terminal, JupyterLab (whose kernels start in the notebook's
folder), Voilà and papermill:

1. ``MENTORKIT_COHORT`` when set (a relative value is taken from the working directory, as any path);
2. else, when mentorkit runs from a source checkout (the folder above the package holds
   ``pyproject.toml``), ``<checkout>/mentorkit-data`` — where ``make demo`` puts the sample cohort;
3. else the user data folder ``$XDG_DATA_HOME/mentorkit/mentorkit-data``
   (``~/.local/share/mentorkit/mentorkit-data`` when ``XDG_DATA_HOME`` is not set).

No imports beyond the standard library: the command line reads this before anything heavy.
"""

from __future__ import annotations

import os
from pathlib import Path

COHORT_DIRNAME = "mentorkit-data"
_PACKAGE_DIR = Path(__file__).resolve().parent


def project_dir() -> Path | None:
    """The source checkout mentorkit runs from, or None for an installed wheel."""
    root = _PACKAGE_DIR.parent
    if (root / "pyproject.toml").is_file() and (root / "mentorkit").is_dir():
        return root
    return None


def user_data_dir() -> Path:
    """``$XDG_DATA_HOME/mentorkit`` (default ``~/.local/share/mentorkit``)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base).expanduser() / "mentorkit"


def default_cohort_dir() -> Path:
    """The cohort used when ``MENTORKIT_COHORT`` is not set (rules 2 and 3 above), absolute."""
    project = project_dir()
    return (project if project is not None else user_data_dir()) / COHORT_DIRNAME


def cohort_dir(cohort: Path | str | None = None) -> Path:
    """The cohort folder: ``cohort``, else ``MENTORKIT_COHORT``, else :func:`default_cohort_dir`."""
    chosen = cohort or os.environ.get("MENTORKIT_COHORT")
    return Path(chosen).expanduser() if chosen else default_cohort_dir()


def notebooks_dir() -> Path | None:
    """The participant notebooks (``notebooks/`` of a source checkout), or None if not found."""
    project = project_dir()
    if project is not None and (project / "notebooks" / "00_start_here.ipynb").is_file():
        return project / "notebooks"
    return None
