"""The participant-code form: the UI side of :func:`mentorkit.session.open_workbook`.

``mentorkit.open_workbook()`` (this module's :func:`open_workbook`) injects :func:`ask_in_form` as the
session's ``ask`` step. The form says which cohort folder it uses; a code that is not in the cohort is
reported as "not found" with how to get the right one, and only the explicit "I am new" button
starts an empty workbook.

Stable CSS classes: ``mk-chooser`` (the form), ``mk-chooser-cohort`` (the folder line),
``mk-chooser-code`` (text box), ``mk-chooser-open`` and ``mk-chooser-new`` (buttons; "I am new" is
hidden until a code was not found), ``mk-chooser-message``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import threading
from pathlib import Path

import ipywidgets as W
from IPython.display import display

from ..core.flow import participant_from_query
from ..errors import MentorkitError
from ..i18n.locales import SOURCE
from ..i18n.notebooks import page_locale
from ..ids import slugify
from ..session import DEBOUNCE_SECONDS, LiveWorkbook, PendingWorkbook, UnknownParticipant, WorkbookHandle
from ..session import open_workbook as _open_session
from .common import esc

_HIDDEN = "none"
log = logging.getLogger(__name__)


def texts(source: WorkbookHandle) -> dict[str, str]:
    """The form's texts (``start.toml`` ``[chooser]``) in the page's language, else the cohort's."""
    lang = page_locale(Path.cwd())
    content = source.cohort.content_in(lang) if lang != SOURCE else source.content
    return {str(k): str(v) for k, v in content.get("start").get("chooser", {}).items()}


def fill(template: str, **markup: str) -> str:
    """``template`` escaped, with ``{name}`` placeholders replaced by ready-made ``markup``."""
    return esc(template).format(**markup)


class Chooser(W.VBox):
    """'Who are you?': resolves a :class:`PendingWorkbook` from a typed participant code."""

    def __init__(self, pending: PendingWorkbook):
        super().__init__(layout=W.Layout(padding="4px 0"))
        self.add_class("mk-chooser")
        self.pending = pending
        self.t = texts(pending)
        t = self.t
        folder = f"<code>{esc(pending.cohort.root.resolve())}</code>"
        self.where = W.HTML(f"<span class='mk-hint'>{fill(t['folder'], folder=folder)}</span>")
        self.where.add_class("mk-chooser-cohort")
        self.code = W.Text(
            description=t["code"],
            placeholder=t["code_placeholder"],
            style={"description_width": "initial"},
            layout=W.Layout(width="420px"),
        )
        self.code.add_class("mk-chooser-code")
        self.open_button = W.Button(description=t["open"], button_style="primary")
        self.open_button.add_class("mk-chooser-open")
        self.new_button = W.Button(description=t["new"], layout=W.Layout(display=_HIDDEN, width="auto"))
        self.new_button.add_class("mk-chooser-new")
        self.message = W.HTML()
        self.message.add_class("mk-chooser-message")
        self.open_button.on_click(lambda _: self.submit())
        self.new_button.on_click(lambda _: self.start_new())
        self.children = [
            W.HTML(f"<b>{esc(t['title'])}</b>"),
            self.where,
            W.HBox([self.code, self.open_button]),
            self.message,
            self.new_button,
        ]
        if pending.suggested:  # named by the environment, but not in this cohort
            self.code.value = pending.suggested
            self.submit()

    @property
    def participant_id(self) -> str:
        """The typed code as a participant id (empty if nothing usable was typed)."""
        return slugify(self.code.value)

    def submit(self) -> LiveWorkbook | None:
        """Open the typed participant's workbook; say "not found" and offer "I am new" if missing."""
        pid = self.participant_id
        if not pid:
            self._say(esc(self.t["empty"]))
            return None
        try:
            return self._done(self.pending.resolve(pid))
        except UnknownParticipant:
            self._not_found(pid)
        except MentorkitError as exc:
            self._say(esc(self.t["cannot_open"].format(error=exc)))
        return None

    def start_new(self) -> LiveWorkbook | None:
        """The explicit "I am new": start an empty workbook for the typed code."""
        pid = self.participant_id
        if not pid:
            self._say(esc(self.t["empty_new"]))
            return None
        try:
            return self._done(self.pending.resolve(pid, new=True))
        except MentorkitError as exc:
            self._say(esc(self.t["cannot_start"].format(error=exc)))
        return None

    def _not_found(self, pid: str) -> None:
        folder = f"<code>{esc(Path(self.pending.cohort.root).resolve())}</code>"
        code = f"<code>{esc(pid)}</code>"
        self._say(
            f"<span style='color:#a4262c'>{fill(self.t['not_found'], code=code, folder=folder)}</span><br>"
            + fill(self.t["not_found_help"], code=code)
        )
        self.new_button.description = self.t["new_as"].format(code=pid)
        self.new_button.layout.display = None

    def _say(self, html: str) -> None:
        self.message.value = html
        self.new_button.layout.display = _HIDDEN

    def _done(self, live: LiveWorkbook) -> LiveWorkbook:
        self.children = [W.HTML(fill(
            texts(live)["working_as"], code=f"<code>{esc(live.participant_id)}</code>",
            folder=f"<code>{esc(live.cohort.root.resolve())}</code>"))]
        return live


def ask_in_form(pending: PendingWorkbook) -> Chooser:
    """The ``ask`` step for :func:`mentorkit.session.open_workbook`: display the code form."""
    chooser = Chooser(pending)
    display(chooser)
    return chooser


def open_workbook(
    participant: str | None = None,
    cohort: Path | str | None = None,
    debounce: float = DEBOUNCE_SECONDS,
) -> LiveWorkbook | PendingWorkbook:
    """``mentorkit.open_workbook()``: the participant's loaded workbook, or the code form first.

    See :func:`mentorkit.session.open_workbook`; here the asking is the form above, and the
    exercises called with the returned handle appear once a code is accepted.
    """
    named = participant or os.environ.get("MENTORKIT_PARTICIPANT") or os.environ.get("JUPYTERHUB_USER")
    if not named and os.environ.get("VOILA_PREHEAT") == "True":  # the code may come with the page's link
        return _open_session(participant, cohort, ask=ask_and_follow_link, debounce=debounce)
    return _open_session(participant, cohort, ask=ask_in_form, debounce=debounce)


def ask_and_follow_link(pending: PendingWorkbook) -> Chooser:
    """The code form of a pre-heated Voilà page; the code its link carries is used once it is asked for.

    A pre-heated kernel (``--preheat_kernel=True``) runs the notebook before anyone asks for the page,
    and Voilà hands it the request's details (``QUERY_STRING``) only when someone does, through
    :func:`voila.utils.wait_for_request`. Waiting for that in the notebook would stop the page half
    rendered until the request, so the whole page would still be rendered while the participant
    waits (measured: a room of 30 on 2 cores waited 40-60 s). Instead the form is shown now, the
    request is awaited in a thread, and the link's ``?participant=`` code is then submitted on the
    kernel's own event loop, as if typed; a code that opens a workbook hides the form.
    """
    chooser = ask_in_form(pending)
    try:
        loop = asyncio.get_running_loop()  # the kernel's: a cell runs inside it
    except RuntimeError:  # not inside a running kernel loop: nothing to follow
        return chooser

    def wait() -> None:
        try:
            from voila.utils import wait_for_request

            wait_for_request()
        except Exception:  # no request info: the form asks for the code instead
            log.warning("could not read the Voilà request; the page will ask for the participant code",
                        exc_info=True)
            return
        with contextlib.suppress(RuntimeError):  # the kernel is shutting down: nobody to show it to
            loop.call_soon_threadsafe(use_link_code, chooser, os.environ.get("QUERY_STRING"))

    threading.Thread(target=wait, name="mentorkit-voila-request", daemon=True).start()
    return chooser


def use_link_code(chooser: Chooser, query: str | None) -> None:
    """Submit the participant code a page's link carries (``?participant=``), unless one was typed."""
    pid = participant_from_query(query)
    if not pid or chooser.participant_id:
        return
    chooser.code.value = pid
    if chooser.submit() is not None:  # opened: the page looks as if it had been opened with the code
        chooser.layout.display = _HIDDEN
        chooser.remove_class("mk-chooser")
