"""Server-side pieces of ``mentorkit serve``, loaded inside the Voilà process it starts.

- :class:`RoomIdentityProvider`: participants need no token for the exercise pages; everything under
  the ``facilitator/`` folder (render, tree, files) needs the server's token (query ``?token=``, the
  ``Authorization: token`` header, or the login cookie the first tokened request sets). Without it the
  answer is 403, not a login form.
- :class:`RoomKernelManager`: Voilà's kernel manager with a ceiling on the number of kernels; a page
  that would start one more gets 503 "the room is full" instead of slowing everyone down. Ready
  (pre-started) kernels are started ``warm_parallel`` at a time, each until its notebook has run: when
  a room takes 30 ready pages at once, Voilà asks for 30 replacements a second later, and rendering
  them all at once on the server's one event loop would slow the pages the room is typing into.

Kernel websockets (``/api/kernels/<id>/channels``) stay open to participants, as in plain Voilà: a
kernel id is a random UUID that only the page that started the kernel knows (Voilà lists no
kernels), and Voilà's websocket accepts only widget messages, never code to execute.
"""

from __future__ import annotations

import asyncio
import posixpath
import re
from datetime import datetime, timezone
from typing import Any
from urllib.parse import unquote

from jupyter_server.auth.identity import IdentityProvider, User
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Int, Unicode

#: The folder (relative to the served notebooks) that only the facilitator may open.
FACILITATOR_FOLDER = "facilitator"
PARTICIPANT = User(username="participant", name="Participant", display_name="Participant")


def is_facilitator_path(path: str, base_url: str = "/", folder: str = FACILITATOR_FOLDER) -> bool:
    """True when a request path (raw, as the client sent it) reaches into the facilitator folder.

    The path is percent-decoded and normalised first, so ``%66acilitator`` or ``a/../facilitator``
    do not slip past.
    """
    clean = posixpath.normpath("/" + unquote(path).lstrip("/"))
    base = "/" + base_url.strip("/")
    if base != "/" and (clean == base or clean.startswith(base + "/")):
        clean = clean[len(base):] or "/"
    match = re.match(r"^/voila/(?:render|tree|files)(/.*)?$", clean)
    if not match:
        return False
    rest = posixpath.normpath(match.group(1) or "/").lstrip("/")
    return rest == folder or rest.startswith(folder + "/")


class RoomIdentityProvider(IdentityProvider):
    """Token for the facilitator's pages only; participants are let in as an anonymous user."""

    facilitator_folder = Unicode(FACILITATOR_FOLDER, config=True,
                                 help="Folder of the served tree that needs the token.")

    @property
    def auth_enabled(self) -> bool:
        return True

    async def _get_user(self, handler: web.RequestHandler) -> User | None:
        user: User | None = await super()._get_user(handler)
        if user is not None:
            return user  # the facilitator (token or its login cookie)
        base_url = str(handler.settings.get("base_url", "/"))
        if is_facilitator_path(handler.request.path, base_url, str(self.facilitator_folder)):
            # The error page reads the current user; without one set it fails with a second error.
            handler._jupyter_current_user = PARTICIPANT  # type: ignore[attr-defined]
            handler.current_user = PARTICIPANT
            raise web.HTTPError(403, "the facilitator's pages need the facilitator's token")
        return PARTICIPANT


#: Voilà marks the kernels it starts for its pool of ready pages with this environment variable.
PREHEAT_ENV = "VOILA_PREHEAT"
#: A ready kernel counts as warmed once it has been idle this long after running its notebook.
QUIET_SECONDS = 0.5
#: ... or after this long at most (a notebook that never goes quiet must not hold the gate).
WARM_TIMEOUT = 60.0


class RoomKernelManager(AsyncMappingKernelManager):
    """Refuses more than ``max_kernels`` kernels (0: no limit); warms ready kernels a few at a time."""

    max_kernels = Int(0, config=True, help="Most kernels running at once, pre-started ones included.")
    warm_parallel = Int(1, config=True, help="Ready (pre-started) kernels started and run at once; "
                        "0: no limit.")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)  # type: ignore[no-untyped-call]
        self._warm_gate: asyncio.Semaphore | None = None
        self._warming: set[asyncio.Task[None]] = set()

    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]
        env = kwargs.get("env") or {}
        if env.get(PREHEAT_ENV) != "True" or int(self.warm_parallel) <= 0:
            return await self._start_within_limit(*args, **kwargs)
        if self._warm_gate is None:
            self._warm_gate = asyncio.Semaphore(int(self.warm_parallel))
        gate = self._warm_gate
        await gate.acquire()
        try:
            kernel_id = await self._start_within_limit(*args, **kwargs)
        except BaseException:
            gate.release()
            raise
        task = asyncio.ensure_future(self._release_when_warm(kernel_id, gate))
        self._warming.add(task)
        task.add_done_callback(self._warming.discard)
        return kernel_id

    async def _release_when_warm(self, kernel_id: str, gate: asyncio.Semaphore) -> None:
        """Hold ``gate`` until the kernel has run its notebook (busy, then quiet) or WARM_TIMEOUT."""
        loop = asyncio.get_running_loop()
        started = loop.time()
        how = "timed out"
        try:
            first = getattr(self._kernels.get(kernel_id), "last_activity", None)
            while loop.time() < started + WARM_TIMEOUT:
                kernel = self._kernels.get(kernel_id)
                if kernel is None:
                    how = "gone"
                    return
                last = getattr(kernel, "last_activity", None)
                if (last is not None and last != first and getattr(kernel, "execution_state", "") == "idle"
                        and (datetime.now(timezone.utc) - last).total_seconds() >= QUIET_SECONDS):
                    how = "ready"
                    return
                await asyncio.sleep(0.1)  # polling interval; the kernel's activity is updated by its messages
        finally:
            gate.release()
            self.log.info("mentorkit serve: ready kernel %s %s after %.1f s", kernel_id, how,
                          loop.time() - started)

    async def _start_within_limit(self, *args: Any, **kwargs: Any) -> str:
        limit = int(self.max_kernels)
        if kwargs.get("kernel_id") is None and limit > 0 and len(self.list_kernel_ids()) >= limit:
            self.log.warning("mentorkit serve: %d kernels running, the limit; refusing one more", limit)
            raise web.HTTPError(503, f"the room is full ({limit} pages open); close a tab or ask the "
                                     "facilitator to raise --max-kernels")
        kernel_id: str = await super().start_kernel(*args, **kwargs)
        return kernel_id
