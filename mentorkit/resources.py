"""Files mentorkit needs at run time, found both in a wheel install and in a source checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def sample_roster() -> Path:
    """The bundled fictional sample cohort's intake export (CSV)."""
    return Path(str(resources.files("mentorkit").joinpath("samples/roster.csv")))


def sample_mentors() -> Path:
    """The bundled fictional mentor pool (CSV)."""
    return Path(str(resources.files("mentorkit").joinpath("samples/mentors.csv")))


def worksheet_template(document: str = "worksheet") -> Path:
    """A document's template notebook (``worksheet``, ``agreement``): bundled in the wheel, or
    ``worksheets/`` of a source checkout."""
    bundled = _PACKAGE_DIR / "_bundled" / f"{document}.ipynb"
    if bundled.is_file():
        return bundled
    checkout = _PACKAGE_DIR.parent / "worksheets" / f"{document}.ipynb"
    if checkout.is_file():
        return checkout
    raise FileNotFoundError(
        f"the {document} template is missing: expected mentorkit/_bundled/{document}.ipynb "
        f"(wheel) or worksheets/{document}.ipynb (source checkout)"
    )
