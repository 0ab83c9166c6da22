"""PDF from the worksheet's HTML page with WeasyPrint: no LaTeX, no browser, no network.

The page carries everything inline (CSS, ``data:`` SVG charts). The fetcher given to WeasyPrint
refuses every URL that is not a ``data:`` URL and records it, so a stray link can never cause a
request to another host.

A :class:`PdfWriter` keeps what does not change from page to page for its whole life: one font
configuration (fontconfig's font list and the fonts WeasyPrint has loaded) and each distinct page
stylesheet parsed once into a ``weasyprint.CSS``. The page's ``<style>`` element is taken out of the
HTML and given back as that parsed stylesheet, so the cascade is the same (the page's only other
styles are ``style`` attributes, which win either way, and the stylesheet has no ``!important``).
"""

from __future__ import annotations

from typing import Any


def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher

    class OfflineFetcher(URLFetcher):  # type: ignore[misc]  # weasyprint ships no types
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


STYLE_OPEN, STYLE_CLOSE = "<style>", "</style>"
#: At most this many distinct page stylesheets are kept parsed (one per paper size in practice).
MAX_STYLESHEETS = 8


def split_style(page: str) -> tuple[str, str | None]:
    """``page`` without its first ``<style>`` element (in the head), and that element's text.

    ``(page, None)`` when the head has no plain ``<style>`` element.
    """
    head_end = page.find("<body")
    start = page.find(STYLE_OPEN, 0, head_end if head_end >= 0 else len(page))
    end = page.find(STYLE_CLOSE, start)
    if start < 0 or end < 0:
        return page, None
    return page[:start] + page[end + len(STYLE_CLOSE):], page[start + len(STYLE_OPEN):end]


class PdfWriter:
    """Turns worksheet HTML pages into PDF bytes; build once, use for many pages."""

    def __init__(self) -> None:
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration

        self._weasyprint = weasyprint
        self._fetcher = _fetcher_class()
        self._fonts = FontConfiguration()
        self._sheets: dict[str, Any] = {}
        self.refused: list[str] = []

    def _stylesheet(self, text: str) -> Any:
        """``text`` parsed once (offline, with this writer's fonts) and kept."""
        sheet = self._sheets.get(text)
        if sheet is None:
            if len(self._sheets) >= MAX_STYLESHEETS:
                self._sheets.clear()
            sheet = self._weasyprint.CSS(string=text, url_fetcher=self._fetcher(), base_url=None,
                                         font_config=self._fonts)
            self._sheets[text] = sheet
        return sheet

    def render(self, page: str) -> bytes:
        """The PDF of one HTML page. URLs that were refused are in :attr:`refused` afterwards."""
        fetcher = self._fetcher()
        body, style = split_style(page)
        sheets = [self._stylesheet(style)] if style is not None else []
        html = self._weasyprint.HTML(string=body, url_fetcher=fetcher, base_url=None)
        pdf: bytes = html.write_pdf(stylesheets=sheets, font_config=self._fonts)
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
