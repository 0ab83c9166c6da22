"""A participant's workbook as used from a notebook: loaded once, saved shortly after each change.

:class:`LiveWorkbook` keeps the workbook in memory for the widgets, and writes it through
:meth:`Cohort.save` a moment after the last change (debounced), merging with whatever another kernel
of the same participant saved meanwhile. It has no Jupyter imports; :func:`open_workbook` asks for
the participant with a small widget only when neither environment variable names one.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import logging
import os
import threading
import weakref
from collections.abc import Callable
from pathlib import Path

from .errors import MentorkitError, WorkbookError
from .model import Profile, Workbook
from .store import Cohort, check_participant_id

log = logging.getLogger(__name__)

DEFAULT_COHORT = "mentorkit-data"
DEBOUNCE_SECONDS = 0.6

StatusListener = Callable[[str, str], None]

_live: weakref.WeakSet[LiveWorkbook] = weakref.WeakSet()


class LiveWorkbook:
    """One participant's workbook, kept in memory and saved (debounced) on change.

    Widgets edit ``live.workbook`` in place and call :meth:`changed`. Status listeners hear
    ``("saving"|"saved"|"error", detail)``; the detail never contains answer text.
    """

    def __init__(
        self,
        cohort: Cohort,
        participant_id: str | None,
        debounce: float = DEBOUNCE_SECONDS,
    ):
        self.cohort = cohort
        self.debounce = debounce
        self.participant_id: str | None = None
        self.workbook: Workbook | None = None
        self._base: Workbook | None = None
        self._lock = threading.RLock()
        self._timer: threading.Timer | asyncio.TimerHandle | None = None
        self._dirty = False
        self._status_listeners: list[StatusListener] = []
        self._ready_callbacks: list[Callable[[LiveWorkbook], None]] = []
        self.status = ("idle", "")
        if participant_id:
            self.load(participant_id)
        _live.add(self)

    def __repr__(self) -> str:
        return f"LiveWorkbook({self.participant_id!r} in {self.cohort.root})"

    # -- loading --------------------------------------------------------------------------
    @property
    def ready(self) -> bool:
        return self.workbook is not None

    def load(self, participant_id: str) -> Workbook:
        """Load (or, if the cohort has no workbook yet, start) the participant's workbook."""
        check_participant_id(participant_id)
        self.cohort.ensure()
        if self.cohort.exists(participant_id):
            workbook = self.cohort.load(participant_id)
        else:
            workbook = Workbook(profile=Profile(id=participant_id, name=participant_id))
            try:
                self.cohort.create(workbook)
            except MentorkitError:  # another kernel created it first
                workbook = self.cohort.load(participant_id)
        with self._lock:
            self.participant_id = participant_id
            self.workbook = workbook
            self._base = workbook.model_copy(deep=True)
        for callback in list(self._ready_callbacks):
            callback(self)
        self._ready_callbacks.clear()
        return workbook

    def when_ready(self, callback: Callable[[LiveWorkbook], None]) -> None:
        """Call ``callback(self)`` now if loaded, else once a participant is chosen."""
        if self.ready:
            callback(self)
        else:
            self._ready_callbacks.append(callback)

    def reload(self) -> Workbook:
        """Re-read from disk, keeping unsaved local changes on top (saves them first)."""
        self.flush()
        with self._lock:
            fresh = self.cohort.load(self._require_id())
            self._adopt(fresh)
            return self.workbook

    # -- saving ---------------------------------------------------------------------------
    def on_status(self, listener: StatusListener) -> None:
        self._status_listeners.append(listener)
        listener(*self.status)

    def _set_status(self, state: str, detail: str = "") -> None:
        self.status = (state, detail)
        for listener in list(self._status_listeners):
            try:
                listener(state, detail)
            except Exception:  # a broken listener must not stop saving
                log.exception("status listener failed")

    def changed(self) -> None:
        """Note that the workbook was edited; it is saved after ``debounce`` seconds of quiet."""
        with self._lock:
            self._dirty = True
            self._cancel_timer()
            self._set_status("editing")
            if self.debounce <= 0:
                self.flush()
                return
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                loop = None
            if loop is not None:  # inside a kernel: run on its event loop, in its thread
                self._timer = loop.call_later(self.debounce, self.flush)
            else:
                timer = threading.Timer(self.debounce, self.flush)
                timer.daemon = True
                timer.start()
                self._timer = timer

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def flush(self) -> bool:
        """Save now if there are unsaved changes. Returns True if the file is up to date."""
        with self._lock:
            self._cancel_timer()
            if not self._dirty or self.workbook is None:
                return True
            self._set_status("saving")
            try:
                merged = self.cohort.save(self.workbook, self._base)
            except WorkbookError as exc:
                self._set_status("error", f"not saved: {exc.path} could not be read")
                log.error("workbook not saved: %s", "; ".join(exc.lines()))
                return False
            except OSError as exc:
                self._set_status("error", f"not saved: {exc.strerror or exc}")
                return False
            self._dirty = False
            self._adopt(merged)
            self._set_status("saved")
            return True

    def _adopt(self, merged: Workbook) -> None:
        """Take sections from ``merged`` into the in-memory workbook without replacing the object."""
        assert self.workbook is not None
        for name in type(merged).model_fields:
            if getattr(self.workbook, name) != getattr(merged, name):
                setattr(self.workbook, name, getattr(merged, name))
        self._base = merged.model_copy(deep=True)

    def _require_id(self) -> str:
        if self.participant_id is None:
            raise MentorkitError("no participant chosen yet")
        return self.participant_id


@atexit.register
def _flush_all() -> None:
    for live in list(_live):
        with contextlib.suppress(Exception):  # best effort at interpreter exit
            live.flush()


def resolve_cohort(cohort: Path | str | None = None) -> Cohort:
    """The cohort folder: the argument, else ``MENTORKIT_COHORT``, else ``./mentorkit-data``."""
    root = cohort or os.environ.get("MENTORKIT_COHORT") or DEFAULT_COHORT
    return Cohort(Path(root).expanduser())


def resolve_participant(participant: str | None = None, cohort: Cohort | None = None) -> str | None:
    """The participant id: the argument, else ``MENTORKIT_PARTICIPANT``, else ``JUPYTERHUB_USER``.

    A JupyterHub login maps through :func:`mentorkit.ids.login_id` (via the cohort's e-mail
    addresses when given), so logins differing only by punctuation or accents never share a workbook.
    """
    from .ids import login_id, login_map, slugify

    for candidate in (participant, os.environ.get("MENTORKIT_PARTICIPANT")):
        if candidate and candidate.strip():
            return slugify(candidate) or None
    login = os.environ.get("JUPYTERHUB_USER")
    if login and login.strip():
        people = [(e.id, e.workbook.profile.email) for e in cohort.scan().entries] if cohort else []
        return login_id(login, login_map(people))
    return None


def open_workbook(
    participant: str | None = None,
    cohort: Path | str | None = None,
    ask: bool = True,
) -> LiveWorkbook:
    """Open the current participant's workbook for the exercises, without code edits.

    The participant comes from ``participant``, ``MENTORKIT_PARTICIPANT`` or ``JUPYTERHUB_USER``;
    if none is set and ``ask`` is true, a small form asks for it and the exercise widgets appear
    once it is answered.
    """
    folder = resolve_cohort(cohort)
    live = LiveWorkbook(folder, resolve_participant(participant, folder))
    if not live.ready and ask:
        from .ui.chooser import show_chooser

        show_chooser(live)
    return live
