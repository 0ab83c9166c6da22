"""A participant without a browser: the HTTP and kernel-websocket traffic a Voilà page makes.

A room's participants each bring their own computer, so a load test that runs 30 Chromiums on the
server's own two cores measures the browsers. :func:`run_sessions` instead speaks the protocol a
Voilà page speaks, for many sessions at once on one asyncio loop:

1. ``GET /voila/render/<page>``: the whole page, with the notebook executed in a real kernel; its
   page config names that kernel.
2. The kernel websocket ``/api/kernels/<id>/channels`` (Jupyter's JSON message protocol): open the
   ``jupyter.widget.control`` comm and ask for every widget's state (``request_states``), as the
   page's widget manager does. The participant-code box among them is the **first widget**.
3. Type: an ``update`` of the code box's ``value``, a ``click`` on "Open my workbook", then, once the
   kernel has opened the profile's text boxes (``comm_open``), an ``update`` of role and field.

What it does not measure is the browser's own work (downloading and running Voilà's scripts,
drawing the widgets); the browser sessions of the load test measure that.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import struct
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import WebSocketClientConnection, websocket_connect

CODE_CLASS = "mk-chooser-code"
OPEN_CLASS = "mk-chooser-open"
PROFILE_CLASSES = ("mk-profile-role", "mk-profile-field")
#: ipywidgets' control-comm protocol version, sent with the comm_open as the page's widget manager does.
CONTROL_PROTOCOL = "1.0.0"
#: Seconds to wait for the widget states before asking again.
REQUEST_AGAIN = 5.0
KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')


@dataclass
class SessionResult:
    """One protocol session: its timings (seconds from its GET), what it typed, what went wrong."""

    index: int
    participant: str
    first_byte_s: float | None = None
    html_s: float | None = None
    first_widget_s: float | None = None
    typed_s: float | None = None
    typed: tuple[str, str] | None = None
    error: str | None = None
    kernel_id: str = ""


@dataclass
class _Kernel:
    """A websocket to one kernel, with the widget states seen on it (model id -> state)."""

    ws: WebSocketClientConnection
    session: str = field(default_factory=lambda: uuid.uuid4().hex)
    states: dict[str, dict[str, Any]] = field(default_factory=dict)

    async def send(self, msg_type: str, content: dict[str, Any],
                   metadata: dict[str, Any] | None = None) -> None:
        header = {"msg_id": uuid.uuid4().hex, "username": "participant", "session": self.session,
                  "msg_type": msg_type, "version": "5.3", "date": ""}
        message = {"header": header, "parent_header": {}, "metadata": metadata or {}, "content": content,
                   "channel": "shell", "buffers": []}
        await self.ws.write_message(json.dumps(message))

    async def comm(self, comm_id: str, data: dict[str, Any]) -> None:
        await self.send("comm_msg", {"comm_id": comm_id, "data": data})

    async def receive(self, until: Callable[[], bool], timeout: float) -> None:
        """Read messages, noting widget states, until ``until()`` holds; TimeoutError otherwise."""
        deadline = time.monotonic() + timeout
        while not until():
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            raw = await asyncio.wait_for(self.ws.read_message(), left)
            if raw is None:
                raise ConnectionError("the kernel websocket closed")
            self._note(_decode(raw))

    def _note(self, msg: dict[str, Any]) -> None:
        kind, content = msg.get("msg_type") or msg["header"]["msg_type"], msg.get("content", {})
        data = content.get("data") or {}
        if kind == "comm_open" and content.get("target_name") == "jupyter.widget":
            self.states[content["comm_id"]] = dict(data.get("state", {}))
        elif kind == "comm_msg" and data.get("method") == "update_states":
            for model_id, model in data.get("states", {}).items():
                self.states[model_id] = dict(model.get("state", {}))
        elif kind == "comm_msg" and data.get("method") in ("update", "echo_update"):
            self.states.setdefault(content["comm_id"], {}).update(data.get("state", {}))

    def find(self, css: str) -> str | None:
        """The model id of the widget carrying the CSS class ``css``, if the kernel has shown one."""
        for model_id, state in self.states.items():
            if css in (state.get("_dom_classes") or ()):
                return model_id
        return None


def _decode(raw: str | bytes) -> dict[str, Any]:
    """A message from the websocket: JSON text, or Jupyter's binary framing (JSON part first)."""
    if isinstance(raw, str):
        return dict(json.loads(raw))
    count = struct.unpack("!I", raw[:4])[0]
    offsets = struct.unpack(f"!{count}I", raw[4:4 + 4 * count])
    end = offsets[1] if count > 1 else len(raw)
    return dict(json.loads(raw[offsets[0]:end].decode("utf-8")))


async def run_session(client: AsyncHTTPClient, base: str, page: str, index: int, participant: str,
                      answers: tuple[str, str], timeout: float) -> SessionResult:
    """Open ``page`` as one participant, sign in with ``participant`` and type ``answers``."""
    result = SessionResult(index, participant)
    started = time.monotonic()
    step = "open the page"
    try:
        def first_byte(_: str) -> None:
            if result.first_byte_s is None:
                result.first_byte_s = time.monotonic() - started

        response = await client.fetch(HTTPRequest(f"{base}/voila/render/{page}", request_timeout=timeout,
                                                  header_callback=first_byte), raise_error=False)
        if response.code != 200:
            raise RuntimeError(f"HTTP {response.code}")
        html = response.body.decode("utf-8", errors="replace")
        result.html_s = time.monotonic() - started
        found = KERNEL_ID.search(html)
        if not found:
            raise RuntimeError("no kernel id in the page")
        result.kernel_id = found.group(1)
        step = "connect to the kernel"
        ws_base = base.replace("http://", "ws://", 1)
        ws = await websocket_connect(
            f"{ws_base}/api/kernels/{result.kernel_id}/channels?session_id={uuid.uuid4().hex}",
            connect_timeout=timeout, max_message_size=64 * 2**20)
        kernel = _Kernel(ws)
        try:
            step = "receive the widgets"
            control = uuid.uuid4().hex
            await kernel.send("comm_open", {"comm_id": control, "target_name": "jupyter.widget.control",
                                            "data": {}}, {"version": CONTROL_PROTOCOL})
            # ipykernel may take the request before the comm_open it follows ("No such comm"):
            # ask again every few seconds until the states arrive, as a reconnecting page would.
            deadline = time.monotonic() + timeout
            while kernel.find(CODE_CLASS) is None:
                await kernel.comm(control, {"method": "request_states"})
                with contextlib.suppress(TimeoutError):
                    await kernel.receive(lambda: kernel.find(CODE_CLASS) is not None,
                                         min(REQUEST_AGAIN, max(0.1, deadline - time.monotonic())))
                if time.monotonic() > deadline:
                    raise TimeoutError("no widget states")
            result.first_widget_s = time.monotonic() - started
            step = "sign in"
            code, button = kernel.find(CODE_CLASS), kernel.find(OPEN_CLASS)
            assert code and button
            await kernel.comm(code, {"method": "update", "state": {"value": participant}, "buffer_paths": []})
            await kernel.comm(button, {"method": "custom", "content": {"event": "click"}})
            await kernel.receive(lambda: all(kernel.find(c) for c in PROFILE_CLASSES), timeout)
            step = "type the answers"
            for css, value in zip(PROFILE_CLASSES, answers, strict=True):
                model = kernel.find(css)
                assert model
                await kernel.comm(model, {"method": "update", "state": {"value": value}, "buffer_paths": []})
            result.typed = answers
            result.typed_s = time.monotonic() - started
            # Let the kernel take the updates before the socket closes (its echo says it has).
            await kernel.receive(lambda: all(kernel.states[kernel.find(c) or ""].get("value") == v
                                             for c, v in zip(PROFILE_CLASSES, answers, strict=True)), timeout)
        finally:
            ws.close()
    except Exception as exc:  # noqa: BLE001 - every failure is reported with the step it happened in
        result.error = f"session {index}: could not {step}: {type(exc).__name__}: {exc}"[:400]
    return result


async def _run_all(base: str, page: str, sessions: list[tuple[int, str, tuple[str, str]]],
                   timeout: float) -> list[SessionResult]:
    client = AsyncHTTPClient(force_instance=True, max_clients=max(10, len(sessions)))
    try:
        return list(await asyncio.gather(*(run_session(client, base, page, i, pid, answers, timeout)
                                           for i, pid, answers in sessions)))
    finally:
        client.close()


def start_sessions(base: str, page: str, sessions: list[tuple[int, str, tuple[str, str]]],
                   timeout: float = 300.0) -> Future[list[SessionResult]]:
    """Run all ``sessions`` (index, participant, answers) at once on a loop in a thread of its own.

    Returns at once; the future's result is one :class:`SessionResult` per session.
    """
    future: Future[list[SessionResult]] = Future()

    def work() -> None:
        try:
            future.set_result(asyncio.run(_run_all(base, page, sessions, timeout)))
        except BaseException as exc:  # noqa: BLE001 - handed to whoever waits on the future
            future.set_exception(exc)

    threading.Thread(target=work, name="room-client", daemon=True).start()
    return future
