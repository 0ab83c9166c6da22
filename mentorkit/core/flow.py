"""The participant's way through the six notebooks: where they are and the link to the next page.

Pure functions (no Jupyter, no environment): the UI layer says whether it runs in Voilà and who the
participant is. In Voilà a link carries the participant code in its query string
(``01_goals.ipynb?participant=ana-lima``), so the code is typed once, on the first page; Voilà hands
the query string to the page's kernel (``QUERY_STRING``), where :func:`participant_from_query` reads
it. In JupyterLab the link is the bare relative file name, which JupyterLab opens as a notebook.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import parse_qs, quote

from ..ids import slugify

#: The query-string key that carries the participant code from page to page (Voilà).
QUERY_KEY = "participant"


@dataclass(frozen=True)
class Page:
    """One notebook of the flow: its file stem (``01_goals``) and its short title."""

    notebook: str
    title: str


@dataclass(frozen=True)
class Place:
    """Where a notebook sits in the flow: ``number`` of ``total`` (from 1), and its neighbours."""

    page: Page
    number: int
    total: int
    previous: Page | None
    next: Page | None


def pages_from(rows: Sequence[Sequence[str]]) -> list[Page]:
    """Pages from ``[notebook, title]`` rows (the ``[nav] pages`` list of ``ui.toml``)."""
    return [Page(str(row[0]), str(row[1])) for row in rows]


def place_of(notebook: str, pages: Sequence[Page]) -> Place:
    """Where ``notebook`` (a stem such as ``02_mentor_map``; ``.ipynb`` is ignored) sits in ``pages``.

    Raises ``KeyError`` naming the notebook and the known ones if it is not a page of the flow.
    """
    stem = notebook.removesuffix(".ipynb")
    for index, page in enumerate(pages):
        if page.notebook == stem:
            return Place(
                page=page,
                number=index + 1,
                total=len(pages),
                previous=pages[index - 1] if index > 0 else None,
                next=pages[index + 1] if index + 1 < len(pages) else None,
            )
    known = ", ".join(p.notebook for p in pages)
    raise KeyError(f"{notebook!r} is not a page of the workshop (pages: {known})")


def page_href(page: Page, participant: str | None = None, app: bool = False) -> str:
    """The relative link to ``page``: ``NB.ipynb``, and in an app (Voilà) ``NB.ipynb?participant=ID``.

    The participant code is slugified (a participant id is always a slug) and URL-quoted, so a link
    never carries anything but ``a-z``, ``0-9`` and ``-``.
    """
    href = f"{quote(page.notebook)}.ipynb"
    code = slugify(participant or "")
    if app and code:
        href += f"?{QUERY_KEY}={quote(code)}"
    return href


def participant_from_query(query: str | None) -> str | None:
    """The participant code in a query string (``token=..&participant=ana-lima``), as an id, or None."""
    if not query:
        return None
    values = parse_qs(query.lstrip("?"), keep_blank_values=False).get(QUERY_KEY) or []
    for value in values:
        code = slugify(value)
        if code:
            return code
    return None
