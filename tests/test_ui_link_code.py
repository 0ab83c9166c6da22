"""A pre-heated Voilà page: the form is shown at once, and the code its link carries is used later."""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
from concurrent.futures import Future

import pytest
from tornado.ioloop import IOLoop
from tornado.web import Application
from tornado.websocket import WebSocketHandler

from mentorkit import ui
from mentorkit.session import PendingWorkbook
from mentorkit.store import Cohort
from mentorkit.ui.chooser import Chooser, open_workbook, use_link_code


def test_the_code_in_the_link_opens_the_workbook_and_hides_the_form(sample_cohort: Cohort) -> None:
    pending = PendingWorkbook(sample_cohort, debounce=0)
    exercise = ui.profile(pending)
    form = Chooser(pending)
    use_link_code(form, "token=x&participant=ana-lima")
    assert pending.ready and exercise.one("mk-profile-name").value == "Ana Lima"
    assert form.layout.display == "none" and "mk-chooser" not in form._dom_classes


def test_an_unknown_or_missing_code_leaves_the_form_asking(sample_cohort: Cohort) -> None:
    pending = PendingWorkbook(sample_cohort, debounce=0)
    form = Chooser(pending)
    use_link_code(form, "")
    use_link_code(form, None)
    assert form.code.value == "" and not pending.ready
    use_link_code(form, "participant=ana-lim")  # a typo in the link: "not found", never a new workbook
    assert not pending.ready and "not found in" in form.message.value
    assert form.layout.display != "none" and "mk-chooser" in form._dom_classes
    assert not sample_cohort.path_for("ana-lim").exists()


def test_a_code_already_typed_is_not_replaced_by_the_link(sample_cohort: Cohort) -> None:
    pending = PendingWorkbook(sample_cohort, debounce=0)
    form = Chooser(pending)
    form.code.value = "someone-typing"
    use_link_code(form, "participant=ana-lima")
    assert form.code.value == "someone-typing" and not pending.ready


class _RequestInfo(WebSocketHandler):
    """Voilà's ``/voila/query/<kernel id>`` as the server speaks it: the request's details, sent when
    the page is asked for (here: ``DELAY`` seconds after the kernel connects)."""

    DELAY = 2.0

    def open(self, kernel_id: str) -> None:  # type: ignore[override]
        payload = json.dumps({"QUERY_STRING": f"participant=ana-lima&kernel={kernel_id}"})
        IOLoop.current().call_later(self.DELAY, self.write_message, payload)


def _query_server() -> tuple[int, IOLoop]:
    """A real websocket server for the request's details, on its own thread and loop."""
    ready: Future[tuple[int, IOLoop]] = Future()

    def run() -> None:
        async def main() -> None:
            server = Application([(r"/voila/query/(.*)", _RequestInfo)]).listen(0, "127.0.0.1")
            port = next(iter(server._sockets.values())).getsockname()[1]
            ready.set_result((port, IOLoop.current()))
            await asyncio.Event().wait()

        with contextlib.suppress(RuntimeError):
            asyncio.run(main())

    threading.Thread(target=run, daemon=True).start()
    return ready.result(timeout=10)


def test_a_pre_heated_page_shows_the_form_at_once_and_opens_the_linked_workbook_when_asked(
    sample_cohort: Cohort, monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("MENTORKIT_PARTICIPANT", "JUPYTERHUB_USER", "QUERY_STRING"):
        # set first, so that undoing removes what voila.utils.wait_for_request writes into os.environ
        # (a QUERY_STRING left behind would reach every later test's servers and kernels)
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    port, server_loop = _query_server()
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setenv("VOILA_APP_PORT", str(port))
    monkeypatch.setenv("VOILA_KERNEL_ID", "kernel-1")

    async def page() -> tuple[PendingWorkbook, float, float]:  # a kernel runs its cells in its loop
        started = time.monotonic()
        handle = open_workbook(cohort=sample_cohort.root, debounce=0)
        shown = time.monotonic() - started
        assert isinstance(handle, PendingWorkbook) and not handle.ready
        while not handle.ready and time.monotonic() - started < 20:
            await asyncio.sleep(0.05)  # the kernel's loop stays free meanwhile
        return handle, shown, time.monotonic() - started

    try:
        handle, shown, opened = asyncio.run(page())
    finally:
        server_loop.add_callback(server_loop.stop)
    assert shown < _RequestInfo.DELAY  # the page did not wait for its request
    assert handle.live is not None and handle.live.participant_id == "ana-lima"
    assert opened >= _RequestInfo.DELAY


def test_the_request_details_do_not_outlive_the_test() -> None:
    """The test above lets voila.utils write QUERY_STRING into this process's environment."""
    import os

    assert "participant=" not in os.environ.get("QUERY_STRING", "")
