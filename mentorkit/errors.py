"""Errors that mentorkit reports to people: each says what went wrong and where, in one line.

Every error pickles with its extra fields (they cross process boundaries: render workers, executors),
whatever its ``__init__`` takes: :meth:`MentorkitError.__reduce__` rebuilds it without calling it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _rebuild(cls: type[BaseException], args: tuple[Any, ...], state: dict[str, Any]) -> BaseException:
    """Unpickle an error: ``args`` and attributes back, ``__init__`` not called."""
    exc = cls.__new__(cls, *args)
    exc.args = args
    exc.__dict__.update(state)
    return exc


class MentorkitError(Exception):
    """Base class for errors shown to the user as a readable line (no traceback)."""

    exit_code = 2

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


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
