"""The PDF writer keeps its fonts and parsed stylesheets between pages, and the PDF stays the same."""

from __future__ import annotations

import weasyprint

from mentorkit.render.pdf import PdfWriter, _fetcher_class, split_style

PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title>'
    "<style>\n@page { size: A4; margin: 16mm; }\nh1 { color: #2e7d32; font-size: 20pt }\n"
    "td { padding: 4px 9px }\n</style></head><body><main><h1>Goals for {name}</h1>"
    '<table><tr><td>Public speaking</td><td style="color:#a4262c">2</td></tr></table>'
    "<p>&lt;style&gt; typed by a person stays text</p></main></body></html>"
)


def test_split_style_takes_the_head_style_only() -> None:
    body, style = split_style(PAGE.replace("{name}", "Ana"))
    assert style is not None and style.startswith("\n@page { size: A4") and "td {" in style
    assert "<style>" not in body and "h1 {" not in body and "Goals for Ana" in body
    assert "&lt;style&gt; typed" in body
    plain = "<html><head></head><body><p>no style</p><style>p{}</style></body></html>"
    assert split_style(plain) == (plain, None)  # a style element in the body is left where it is


def test_pdf_equals_a_fresh_weasyprint_render_and_reuses_the_parsed_stylesheet() -> None:
    writer = PdfWriter()
    for name in ("Ana", "Ben", "Chiara"):
        page = PAGE.replace("{name}", name)
        fresh = weasyprint.HTML(string=page, url_fetcher=_fetcher_class()(), base_url=None).write_pdf()
        assert writer.render(page) == fresh
    assert len(writer._sheets) == 1  # parsed once, used for all three pages
    letter = PAGE.replace("size: A4", "size: letter").replace("{name}", "Dario")
    assert writer.render(letter) == weasyprint.HTML(
        string=letter, url_fetcher=_fetcher_class()(), base_url=None).write_pdf()
    assert len(writer._sheets) == 2
