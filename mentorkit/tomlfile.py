"""Reading the TOML files people write (column maps, weights, cohort settings, content overrides)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib

from .errors import UnusableInput


def parse_toml(text: str, origin: str) -> dict[str, Any]:
    """Parse TOML ``text``; a syntax error names ``origin`` and the line."""
    try:
        data: dict[str, Any] = tomllib.loads(text)
        return data
    except tomllib.TOMLDecodeError as exc:
        raise UnusableInput(f"{origin}: not valid TOML: {exc}") from None


def read_toml(path: Path | str, what: str) -> dict[str, Any]:
    """Read the TOML file at ``path``; ``what`` names it in errors ("column map", "weights file")."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UnusableInput(f"{path}: {what} not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UnusableInput(f"{path}: cannot read {what}: {exc}") from None
    return parse_toml(text, f"{path}: {what}")
