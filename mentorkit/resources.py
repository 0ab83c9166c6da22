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


def kit_file(checkout_path: str) -> Path:
    """A notebook of the facilitator's kit (``worksheets/certificate.ipynb``,
    ``notebooks/facilitator/slides.ipynb`` ...): bundled in the wheel as ``_bundled/<file name>``, or at
    ``checkout_path`` in a source checkout."""
    name = Path(checkout_path).name
    bundled = _PACKAGE_DIR / "_bundled" / name
    if bundled.is_file():
        return bundled
    checkout = _PACKAGE_DIR.parent / checkout_path
    if checkout.is_file():
        return checkout
    raise FileNotFoundError(f"{name} is missing: expected mentorkit/_bundled/{name} (wheel) or "
                            f"{checkout_path} (source checkout)")
