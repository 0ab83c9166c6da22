"""The end of every participant page: where the participant is and the link to the next page.

``mentorkit.ui.nav(wb, "01_goals")`` shows "Page 2 of 6: Goals", a row of links to every page (the
current one in bold) and "Next: Mentor map and where to look →". In Voilà the links carry the
participant code (``02_mentor_map.ipynb?participant=ana-lima``) once it is known, so a participant
types it once, on the first page; in JupyterLab they are plain relative links to the notebook, which
JupyterLab opens in a new tab. Texts are in ``ui.toml`` (``[nav]``).

In JupyterLab the links are an HTML *output* in an ``Output`` widget, which JupyterLab hands to its
own link handler (the notebook opens inside JupyterLab); in Voilà they are in an ``HTML`` widget,
plain links that open the next page in the same tab (Voilà's output renderer would open a new one).

Stable CSS classes: ``mk-nav`` (the box), ``mk-nav-where`` ("Page n of 6"), ``a.mk-nav-next``,
``a.mk-nav-page`` (one per other page, plus ``mk-nav-page-<notebook>``), ``mk-nav-current``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import ipywidgets as W

from ..core.flow import QUERY_KEY, Page, page_href, pages_from, place_of
from ..i18n.locales import SOURCE, display_name
from ..i18n.notebooks import page_locale, page_path
from ..ids import slugify
from ..present import esc
from ..session import LiveWorkbook, WorkbookHandle
from .common import _in_kernel

_LINK = "color:#1565c0;text-decoration:none"
_NEXT = ("display:inline-block;margin:8px 0;padding:6px 14px;border-radius:4px;background:#1565c0;"
         "color:#fff;text-decoration:none;font-weight:600")


def in_app() -> bool:
    """Whether this kernel runs a Voilà page (Voilà puts its request details in the kernel's env)."""
    return any(key in os.environ for key in ("VOILA_KERNEL_ID", "VOILA_REQUEST_URL", "VOILA_BASE_URL"))


def language_href(notebook: str, lang: str, here: str, participant: str | None = None,
                  app: bool = False) -> str:
    """The relative link from a page in language ``here`` to ``notebook`` in ``lang``."""
    href = ("../" if here != SOURCE else "") + page_path(notebook, lang)
    code = slugify(participant or "")
    return href + (f"?{QUERY_KEY}={code}" if app and code else "")


def switch_link(live: LiveWorkbook, notebook: str, here: str | None = None, app: bool | None = None) -> str:
    """HTML: a link to ``notebook`` in the participant's language, or "" if this page is in it."""
    here = page_locale(Path.cwd()) if here is None else here
    lang = live.locale
    if lang == here:
        return ""
    t = live.content.get("start").get("language", {})
    href = language_href(notebook, lang, here, live.participant_id, in_app() if app is None else app)
    text = str(t.get("open", "Open this page in {language}")).format(language=display_name(lang))
    return (f"<a class='mk-language-open' href='{esc(href)}' lang='{esc(lang)}' "
            f"style='color:#1565c0;font-weight:600'>{esc(text)} →</a>")


class Nav(W.VBox):
    """Where the participant is, and the links on (class ``mk-nav``); ``markup`` is the HTML shown."""

    def __init__(self, source: WorkbookHandle, notebook: str, app: bool | None = None,
                 render: bool | None = None):
        super().__init__(layout=W.Layout(width="min(1180px, 100%)", margin="16px 0 4px 0"))
        self.add_class("mk-nav")
        self.app = in_app() if app is None else app
        self.render = _in_kernel() if render is None else render
        self.view: W.HTML | W.Output = W.HTML() if self.app else W.Output()
        self.children = [self.view]
        self.notebook = notebook
        self.t: dict[str, Any] = dict(source.content.ui("nav"))
        self.pages = pages_from(self.t["pages"])
        self.place = place_of(notebook, self.pages)  # a wrong name fails loudly, in the notebook
        self.participant: str | None = None
        self.switch = ""  # the link to this page in the participant's language, if not this one
        self.markup = ""
        self._show()
        source.when_ready(self._ready)

    def href(self, page: Page) -> str:
        """The link to ``page``, with the participant code in an app once it is known."""
        return page_href(page, self.participant, self.app)

    @property
    def next_href(self) -> str | None:
        return self.href(self.place.next) if self.place.next is not None else None

    def _ready(self, live: LiveWorkbook) -> None:
        self.participant = live.participant_id
        self.t = dict(live.content.ui("nav"))
        self.pages = pages_from(self.t["pages"])
        self.place = place_of(self.notebook, self.pages)
        self.switch = switch_link(live, self.notebook, app=self.app)
        self._show()

    def _show(self) -> None:
        t, place = self.t, self.place
        where = t["where"].format(number=place.number, total=place.total, title=place.page.title)
        crumbs = []
        for number, page in enumerate(self.pages, start=1):
            label = f"{number}. {page.title}"
            if page == place.page:
                crumbs.append(f"<b class='mk-nav-current'>{esc(label)}</b>")
            else:
                crumbs.append(f"<a class='mk-nav-page mk-nav-page-{esc(page.notebook)}' "
                              f"href='{esc(self.href(page))}' style='{_LINK}'>{esc(label)}</a>")
        parts = [f"<div>{self.switch}</div>"] if self.switch else []
        parts += [f"<div class='mk-nav-where' style='font-weight:600'>{esc(where)}</div>",
                 "<div style='font-size:90%;margin:4px 0'>" + " · ".join(crumbs) + "</div>"]
        if place.next is not None:
            parts.append(f"<a class='mk-nav-next' href='{esc(self.href(place.next))}' style='{_NEXT}'>"
                         f"{esc(t['next'].format(title=place.next.title))}</a>")
            if self.app and self.participant:
                parts.append(f"<div class='mk-hint' style='font-size:90%;color:#666'>"
                             f"{esc(t['code_carried'].format(code=self.participant))}</div>")
        else:
            first = self.pages[0]
            parts.append(f"<div>{esc(t['last'])} <a class='mk-nav-start' href='{esc(self.href(first))}' "
                         f"style='{_LINK}'>{esc(t['back_to_start'])}</a></div>")
        self.markup = ("<div style='border-top:1px solid #ddd;padding-top:8px'>" + "".join(parts)
                       + "</div>")
        if isinstance(self.view, W.HTML):
            self.view.value = self.markup
        elif self.render:
            self.view.outputs = ({"output_type": "display_data",
                                  "data": {"text/html": self.markup, "text/plain": where}, "metadata": {}},)


def nav(live: WorkbookHandle, notebook: str) -> Nav:
    """The page's place in the workshop and the link to the next page (see the module docstring)."""
    return Nav(live, notebook)
