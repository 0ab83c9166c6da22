"""One render at a time per output folder: an exclusive ``flock`` on ``OUT/.render.lock``.

A second render on the same folder does not wait: it refuses at once with :class:`OutputLocked`
("another render is writing OUT since <time> (pid N)"), before it touches anything, so the first run
is never damaged. The lock belongs to the open file, so the operating system releases it when its
process ends however it ends (even ``kill -9``): there is never a stale lock to delete by hand. The
lock file stays in place between runs and records the last holder's pid and start time.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

from ..errors import MentorkitError

LOCK_NAME = ".render.lock"


class OutputLocked(MentorkitError):
    """Another render holds the output folder; try again when it has finished."""

    exit_code = 75  # EX_TEMPFAIL: a temporary condition, the same command will work later

    def __init__(self, out: Path | str, pid: int | None = None, since: str = ""):
        self.out = Path(out)
        self.pid = pid
        self.since = since
        when = f" since {since}" if since else ""
        who = f" (pid {pid})" if pid else ""
        super().__init__(f"another render is writing {self.out}{when}{who}; wait for it to finish, "
                         "then run this command again")


def _holder(fd: int) -> tuple[int | None, str]:
    """(pid, start time) written by the process that holds the lock, as far as it can be read."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        info = json.loads(os.read(fd, 4096).decode("utf-8"))
        pid = info.get("pid")
        return (pid if isinstance(pid, int) else None), str(info.get("since", ""))
    except (OSError, ValueError, AttributeError):
        return None, ""


@contextlib.contextmanager
def output_lock(out: Path, mode: int = 0o600) -> Iterator[Path]:
    """Hold the lock on ``out`` (an existing folder) for the ``with`` block; yields the lock file.

    Raises :class:`OutputLocked` when another process holds it. The lock file is opened without
    following a symlink planted in its place.
    """
    path = Path(out) / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, mode)
    except OSError as exc:
        raise _unusable(path, exc) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid, since = _holder(fd)
            raise OutputLocked(out, pid, since) from None
        os.ftruncate(fd, 0)
        since = time.strftime("%Y-%m-%d %H:%M:%S %Z")
        os.pwrite(fd, (json.dumps({"pid": os.getpid(), "since": since}) + "\n").encode("utf-8"), 0)
        try:
            yield path
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _unusable(path: Path, exc: OSError) -> MentorkitError:
    from ..errors import UnusableInput

    return UnusableInput(f"{path}: cannot open the render lock: {exc.strerror or exc}")
