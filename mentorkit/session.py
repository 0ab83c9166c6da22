"""A participant's workbook as used from a notebook: loaded once, saved shortly after each change.

:class:`LiveWorkbook` keeps a loaded workbook in memory for the widgets, and writes it through
:meth:`Cohort.save` a moment after the last change (debounced), merging with whatever another kernel
of the same participant saved meanwhile. When no participant is known yet, :func:`open_workbook`
returns a :class:`PendingWorkbook` and hands it to an injected ``ask`` callable (the UI layer's code
form, :mod:`mentorkit.ui.chooser`), which resolves it. This module imports nothing of Jupyter.

A participant code that is not in the cohort never becomes a new, empty workbook by itself: only
``resolve(code, new=True)`` (the form's "I am new" button) or ``LiveWorkbook(..., create=True)``
creates one.
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
from typing import TypeAlias

from .content import Content
from .errors import MentorkitError, WorkbookError
from .locations import cohort_dir
from .model import Profile, Workbook
from .store import Cohort, check_participant_id

log = logging.getLogger(__name__)

DEBOUNCE_SECONDS = 0.6

StatusListener = Callable[[str, str], None]

_live: weakref.WeakSet[LiveWorkbook] = weakref.WeakSet()


class UnknownParticipant(MentorkitError):
    """A participant code with no workbook in the cohort."""

    exit_code = 2

    def __init__(self, participant_id: str, cohort: Cohort | Path):
        self.participant_id = participant_id
        self.cohort_root = cohort.root if isinstance(cohort, Cohort) else Path(cohort)
        super().__init__(f"no workbook for participant {participant_id!r} in {self.cohort_root}")


class LiveWorkbook:
    """One participant's loaded workbook, kept in memory and saved (debounced) on change.

    Widgets edit ``live.workbook`` in place and call :meth:`changed`. Status listeners hear
    ``("saving"|"saved"|"error", detail)``; the detail never contains answer text.
    A participant without a workbook in the cohort raises :class:`UnknownParticipant`, unless
    ``create`` is true (then an empty workbook is started).
    """

    def __init__(
        self,
        cohort: Cohort,
        participant_id: str,
        debounce: float = DEBOUNCE_SECONDS,
        *,
        create: bool = False,
    ):
        self.cohort = cohort
        self.debounce = debounce
        self._lock = threading.RLock()
        self._timer: threading.Timer | asyncio.TimerHandle | None = None
        self._dirty = False
        self._status_listeners: list[StatusListener] = []
        self.status = ("idle", "")
        self.participant_id: str = check_participant_id(participant_id)
        self.workbook: Workbook = _load_or_create(cohort, self.participant_id, create)
        self._base: Workbook = self.workbook.model_copy(deep=True)
        _live.add(self)

    def __repr__(self) -> str:
        return f"LiveWorkbook({self.participant_id!r} in {self.cohort.root})"

    @property
    def locale(self) -> str:
        """The language this participant sees: their choice, else the cohort's default, else English."""
        return self.cohort.locale_for(self.workbook.profile.locale or None)

    @property
    def content(self) -> Content:
        """The cohort's content in this participant's language (see :attr:`locale`)."""
        return self.cohort.content_in(self.workbook.profile.locale or None)

    # -- loading --------------------------------------------------------------------------
    ready = True  # always loaded; a PendingWorkbook is the not-yet-loaded counterpart

    def when_ready(self, callback: Callable[[LiveWorkbook], None]) -> None:
        """Call ``callback(self)`` now (same interface as :meth:`PendingWorkbook.when_ready`)."""
        callback(self)

    def reload(self) -> Workbook:
        """Re-read from disk, keeping unsaved local changes on top (saves them first)."""
        self.flush()
        with self._lock:
            fresh = self.cohort.load(self.participant_id)
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
            if not self._dirty:
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
        for name in type(merged).model_fields:
            if getattr(self.workbook, name) != getattr(merged, name):
                setattr(self.workbook, name, getattr(merged, name))
        self._base = merged.model_copy(deep=True)


@atexit.register
def _flush_all() -> None:
    for live in list(_live):
        with contextlib.suppress(Exception):  # best effort at interpreter exit
            live.flush()


def _load_or_create(cohort: Cohort, participant_id: str, create: bool) -> Workbook:
    if cohort.exists(participant_id):
        return cohort.load(participant_id)
    if not create:
        raise UnknownParticipant(participant_id, cohort)
    cohort.ensure()
    workbook = Workbook(profile=Profile(id=participant_id, name=participant_id))
    try:
        return cohort.create(workbook)
    except MentorkitError:  # another kernel created it first
        return cohort.load(participant_id)


class PendingWorkbook:
    """A workbook whose participant is not known yet; the UI (or a caller) resolves it.

    Exercises take either this or a :class:`LiveWorkbook` and build themselves in
    :meth:`when_ready`, so they only ever see a loaded workbook. ``suggested`` is a participant named
    by the environment but missing from the cohort (the form shows it as "not found").
    """

    def __init__(self, cohort: Cohort, suggested: str | None = None, debounce: float = DEBOUNCE_SECONDS):
        self.cohort = cohort
        self.suggested = suggested
        self.debounce = debounce
        self.live: LiveWorkbook | None = None
        self._callbacks: list[Callable[[LiveWorkbook], None]] = []

    @property
    def content(self) -> Content:
        """The participant's content once known, before that the cohort's default language."""
        return self.live.content if self.live is not None else self.cohort.content

    def __repr__(self) -> str:
        return f"PendingWorkbook(in {self.cohort.root}, resolved={self.live is not None})"

    @property
    def ready(self) -> bool:
        return self.live is not None

    def known(self, participant_id: str) -> bool:
        """Whether the cohort has a workbook for ``participant_id``."""
        return self.cohort.exists(participant_id)

    def resolve(self, participant_id: str, *, new: bool = False) -> LiveWorkbook:
        """Load the participant's workbook (start an empty one only if ``new``); run the waiters.

        Raises :class:`UnknownParticipant` for a code not in the cohort when ``new`` is false.
        """
        live = LiveWorkbook(self.cohort, participant_id, self.debounce, create=new)
        self.live = live
        callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback(live)
        return live

    def when_ready(self, callback: Callable[[LiveWorkbook], None]) -> None:
        """Call ``callback(live)`` once resolved (at once if it already is)."""
        if self.live is not None:
            callback(self.live)
        else:
            self._callbacks.append(callback)


#: What an exercise accepts: a loaded workbook, or one the code form will load.
WorkbookHandle: TypeAlias = "LiveWorkbook | PendingWorkbook"
#: The injected "asking" step: shows a form that eventually calls ``pending.resolve(...)``.
Asker = Callable[[PendingWorkbook], object]


def resolve_cohort(cohort: Path | str | None = None) -> Cohort:
    """The cohort: the argument, else ``MENTORKIT_COHORT``, else the default of
    :mod:`mentorkit.locations` (the same whatever the working directory)."""
    return Cohort(cohort_dir(cohort))


def resolve_participant(participant: str | None = None, cohort: Cohort | None = None) -> str | None:
    """The participant id: the argument, else ``MENTORKIT_PARTICIPANT``, else ``JUPYTERHUB_USER``,
    else the ``participant=`` of the page's query string (Voilà passes it to the kernel as
    ``QUERY_STRING``; the "next page" links carry it, so the code is typed once per session).

    A JupyterHub login maps through :func:`mentorkit.ids.login_id` (via the cohort's e-mail
    addresses when given), so logins differing only by punctuation or accents never share a workbook.
    A code from the query string is only a suggestion like the others: one that is not in the
    cohort is reported as "not found" by the form, never started as a new workbook.
    """
    from .core.flow import participant_from_query
    from .ids import login_id, login_map, slugify

    for candidate in (participant, os.environ.get("MENTORKIT_PARTICIPANT")):
        if candidate and candidate.strip():
            return slugify(candidate) or None
    login = os.environ.get("JUPYTERHUB_USER")
    if login and login.strip():
        people = [(e.id, e.workbook.profile.email) for e in cohort.scan().entries] if cohort else []
        return login_id(login, login_map(people))
    return participant_from_query(os.environ.get("QUERY_STRING"))


def open_workbook(
    participant: str | None = None,
    cohort: Path | str | None = None,
    ask: Asker | None = None,
    debounce: float = DEBOUNCE_SECONDS,
) -> LiveWorkbook | PendingWorkbook:
    """Open the current participant's workbook, without code edits.

    The participant comes from ``participant``, ``MENTORKIT_PARTICIPANT`` or ``JUPYTERHUB_USER``.
    If that participant has a workbook in the cohort, it is returned loaded. Otherwise a
    :class:`PendingWorkbook` is handed to ``ask`` (the UI's code form) and returned; without ``ask``
    a named participant missing from the cohort raises :class:`UnknownParticipant`, and with nobody
    named the pending handle is returned for the caller to resolve.
    """
    room = resolve_cohort(cohort)
    pid = resolve_participant(participant, room)
    if pid and room.exists(pid):
        return LiveWorkbook(room, pid, debounce)
    if pid and ask is None:
        raise UnknownParticipant(pid, room)
    pending = PendingWorkbook(room, suggested=pid, debounce=debounce)
    if ask is not None:
        ask(pending)
    return pending
