"""Errors that mentorkit reports to people: each says what went wrong and where, in one line."""

from __future__ import annotations

from pathlib import Path


class MentorkitError(Exception):
    """Base class for errors shown to the user as a readable line (no traceback)."""

    exit_code = 2


class WorkbookError(MentorkitError):
    """A workbook file that cannot be read or does not validate.

    ``problems`` holds one ``(field path, message)`` pair per problem; ``str()`` gives one line each,
    prefixed with the file.
    """

    exit_code = 1

    def __init__(self, path: Path | str | None, problems: list[tuple[str, str]]):
        self.path = Path(path) if path is not None else None
        self.problems = problems
        super().__init__(str(self))

    def lines(self) -> list[str]:
        where = str(self.path) if self.path is not None else "<workbook>"
        return [f"{where}: {field or '(top level)'}: {msg}" for field, msg in self.problems]

    def __str__(self) -> str:
        return "\n".join(self.lines())


class UnusableInput(MentorkitError):
    """An input file that cannot be used at all (missing, unreadable, no name column ...)."""

    exit_code = 2
