"""The worksheet as one print-styled HTML page: no code, no scripts, nothing fetched from elsewhere.

nbconvert's HTML exporter with mentorkit's own template (``templates/mentorkit_print``): code cells
and prompts are hidden, charts are embedded as ``data:`` SVG images, the CSS is inline and written for
paper (A4 or Letter). The page prints from a browser as it is, and WeasyPrint turns it into the PDF.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "mentorkit_print"
PAPER_SIZES = {"a4": "A4", "letter": "letter"}


def print_css(document: str = "worksheet") -> str:
    """The page's stylesheet: ``print.css``, then ``<document>.css`` where a document has its own."""
    static = TEMPLATES / TEMPLATE_NAME / "static"
    css = (static / "print.css").read_text(encoding="utf-8")
    extra = static / f"{document}.css"
    if document != "print" and extra.is_file():
        css += "\n" + extra.read_text(encoding="utf-8")
    return css


def _css_string(text: str) -> str:
    """``text`` as a quoted CSS string (quotes, backslashes, line breaks and ``<`` escaped)."""
    escaped = "".join(f"\\{ord(c):X} " if c in '"\\<>\n\r' else c for c in text)
    return f'"{escaped}"'


def page_footer(language: str) -> str:
    """The CSS ``content`` of the page-number footer in ``language`` ("Página 1 de 5"), or "" for
    English, which ``print.css`` words itself ("Page 1 of 5")."""
    if language in ("", "en"):
        return ""
    from ..content import content_for

    text = content_for(None, language).tr("Page {page} of {pages}")
    parts = []
    for piece in re.split(r"(\{page\}|\{pages\})", text):
        if piece == "{page}":
            parts.append("counter(page)")
        elif piece == "{pages}":
            parts.append("counter(pages)")
        elif piece:
            parts.append(_css_string(piece))
    return " ".join(parts)


class PageRenderer:
    """Turns executed worksheet notebooks into HTML pages; build once, use for many notebooks."""

    def __init__(self, paper: str = "a4", document: str = "worksheet"):
        from nbconvert import HTMLExporter

        if paper.lower() not in PAPER_SIZES:
            raise ValueError(f"paper must be one of {', '.join(PAPER_SIZES)}, not {paper!r}")
        self.paper = PAPER_SIZES[paper.lower()]
        self.css = print_css(document)
        self.exporter = HTMLExporter(
            extra_template_basedirs=[str(TEMPLATES)],
            template_name=TEMPLATE_NAME,
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            # the notebook is validated once after all preprocessors, not after each of them (about
            # a dozen, most disabled): the same page, for a fifth of the export's time
            optimistic_validation=True,
        )

    def render(self, nb: Any, title: str = "Mentorship worksheet", language: str = "en") -> str:
        """The HTML page of one executed notebook (``title`` is escaped by the template); the page
        numbers in the footer are worded in ``language``."""
        resources = {"mentorkit": {"title": title, "paper": self.paper, "css": self.css,
                                   "language": language, "page_footer": page_footer(language)}}
        body, _ = self.exporter.from_notebook_node(nb, resources=resources)
        return body
