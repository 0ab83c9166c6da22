"""The shared result shape of every check in the core: a list of named pass/fail findings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..content import Content, bundled


@dataclass(frozen=True)
class Check:
    """One finding. ``message`` says in plain words what is good or what is missing.

    ``warning`` marks a passed check that still deserves a second look (for example an agreement
    that runs for 18 months); it never makes ``ok`` false.
    """

    key: str
    ok: bool
    message: str
    warning: bool = False


@dataclass
class CheckResult:
    """A list of :class:`Check` with the conveniences every report shares."""

    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every check passed."""
        return all(check.ok for check in self.checks)

    @property
    def missing(self) -> list[Check]:
        """The checks that did not pass, in order."""
        return [check for check in self.checks if not check.ok]

    @property
    def passed(self) -> list[Check]:
        """The checks that passed, in order."""
        return [check for check in self.checks if check.ok]

    @property
    def warnings(self) -> list[Check]:
        """Passed checks that carry a warning."""
        return [check for check in self.checks if check.ok and check.warning]

    @property
    def keys_ok(self) -> dict[str, bool]:
        """``{key: ok}`` for every check, handy in tests and dashboards."""
        return {check.key: check.ok for check in self.checks}

    def __getitem__(self, key: str) -> Check:
        for check in self.checks:
            if check.key == key:
                return check
        raise KeyError(key)

    @property
    def score(self) -> int:
        """How many checks passed."""
        return len(self.passed)


def advice_texts(content: Content | None, checker: str) -> Mapping[str, Any]:
    """The advice texts of one checker (``[smart]`` ... of ``checks.toml``)."""
    texts: Mapping[str, Any] = (content or bundled()).get("checks").get(checker, {})
    return texts


def advice(texts: Mapping[str, Any], key: str, **values: object) -> str:
    """The advice text ``key`` with its ``{blanks}`` filled from ``values``."""
    return str(texts[key]).format(**values)
