"""Reading the TOML files people write (column maps, weights, cohort settings, content overrides)."""

from __future__ import annotations

from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from .errors import UnusableInput


def parse_toml(text: str, origin: str) -> dict:
    """Parse TOML ``text``; a syntax error names ``origin`` and the line."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UnusableInput(f"{origin}: not valid TOML: {exc}") from None


def read_toml(path: Path | str, what: str) -> dict:
    """Read the TOML file at ``path``; ``what`` names it in errors ("column map", "weights file")."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UnusableInput(f"{path}: {what} not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UnusableInput(f"{path}: cannot read {what}: {exc}") from None
    return parse_toml(text, f"{path}: {what}")
