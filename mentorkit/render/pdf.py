"""PDF from the worksheet's HTML page with WeasyPrint: no LaTeX, no browser, no network.

The page carries everything inline (CSS, ``data:`` SVG charts). The fetcher given to WeasyPrint
refuses every URL that is not a ``data:`` URL and records it, so a stray link can never cause a
request to another host.
"""

from __future__ import annotations

from typing import Any


def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher

    class OfflineFetcher(URLFetcher):
        """Serves ``data:`` URLs only; every other URL is refused and remembered."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols={"data"})
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith("data:"):
                self.refused.append(url)
                raise ValueError(f"worksheets render offline; refused to fetch {url}")
            return super().fetch(url, headers)

    return OfflineFetcher


class PdfWriter:
    """Turns worksheet HTML pages into PDF bytes; build once, use for many pages."""

    def __init__(self) -> None:
        import weasyprint

        self._weasyprint = weasyprint
        self._fetcher = _fetcher_class()
        self.refused: list[str] = []

    def render(self, page: str) -> bytes:
        """The PDF of one HTML page. URLs that were refused are in :attr:`refused` afterwards."""
        fetcher = self._fetcher()
        pdf = self._weasyprint.HTML(string=page, url_fetcher=fetcher, base_url=None).write_pdf()
        self.refused = list(fetcher.refused)
        return pdf

    def render_copies(self, page: str, copies: int) -> tuple[bytes, int]:
        """One PDF holding ``copies`` copies of one HTML page, and the page count of one copy."""
        return repeat_pdf(self.render(page), copies)


def repeat_pdf(one: bytes, copies: int) -> tuple[bytes, int]:
    """``copies`` copies of the PDF ``one`` in one PDF, and the page count of one copy.

    The page is laid out and drawn once; pypdf repeats its pages (sharing fonts and images), so 30
    copies cost about what one does and each copy keeps its page numbers ("Page 1 of 5")."""
    import io

    import pypdf

    if copies < 1:
        raise ValueError(f"copies must be 1 or more, not {copies}")
    reader = pypdf.PdfReader(io.BytesIO(one))
    if copies == 1:
        return one, len(reader.pages)
    writer = pypdf.PdfWriter()
    for _ in range(copies):
        writer.append(reader)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(reader.pages)
