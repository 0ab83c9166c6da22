"""Server-side pieces of ``mentorkit serve``, loaded inside the Voilà process it starts.

- :class:`RoomIdentityProvider`: participants need no token for the exercise pages; everything under
  the ``facilitator/`` folder (render, tree, files) needs the server's token (query ``?token=``, the
  ``Authorization: token`` header, or the login cookie the first tokened request sets). Without it the
  answer is 403, not a login form.
- :class:`RoomKernelManager`: Voilà's kernel manager with a ceiling on the number of kernels; a page
  that would start one more gets 503 "the room is full" instead of slowing everyone down.

Kernel websockets (``/api/kernels/<id>/channels``) stay open to participants, as in plain Voilà: a
kernel id is a random UUID that only the page that started the kernel knows (Voilà lists no
kernels), and Voilà's websocket accepts only widget messages, never code to execute.
"""

from __future__ import annotations

import posixpath
import re
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


class RoomKernelManager(AsyncMappingKernelManager):
    """A kernel manager that refuses to start more than ``max_kernels`` kernels (0: no limit)."""

    max_kernels = Int(0, config=True, help="Most kernels running at once, pre-started ones included.")

    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]
        limit = int(self.max_kernels)
        if kwargs.get("kernel_id") is None and limit > 0 and len(self.list_kernel_ids()) >= limit:
            self.log.warning("mentorkit serve: %d kernels running, the limit; refusing one more", limit)
            raise web.HTTPError(503, f"the room is full ({limit} pages open); close a tab or ask the "
                                     "facilitator to raise --max-kernels")
        kernel_id: str = await super().start_kernel(*args, **kwargs)
        return kernel_id
