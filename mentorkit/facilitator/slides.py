"""Slides for the room: ``notebooks/facilitator/slides.ipynb`` exported with nbconvert's reveal.js
slides exporter (:class:`nbconvert.SlidesExporter`, the cells' ``slideshow`` metadata makes the
sections) into one HTML file that opens offline.

nbconvert does not ship reveal.js: its reveal template loads reveal.js, jQuery and require.js from a
CDN. mentorkit's template (``slides_template/mentorkit_slides``) extends nbconvert's reveal template,
keeps its slide structure and replaces the head and the scripts with inline CSS and a small inline
slide script, so the file needs no network (checked by a test: no ``http(s)://`` script or link).
``reveal_url_prefix`` is set to a local folder name all the same, so nothing in the exporter falls
back to the CDN.
"""

from __future__ import annotations

from pathlib import Path

TEMPLATE_DIR = Path(__file__).resolve().parent / "slides_template"
TEMPLATE_NAME = "mentorkit_slides"


def slides_html(notebook: Path) -> str:
    """The slides of ``notebook`` as one self-contained HTML page."""
    import nbformat
    from nbconvert import SlidesExporter

    exporter = SlidesExporter(
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        template_name=TEMPLATE_NAME,
        reveal_url_prefix="reveal.js",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    nb = nbformat.read(str(notebook), as_version=4)  # type: ignore[no-untyped-call]
    body, _ = exporter.from_notebook_node(nb)
    return str(body)


def export_slides(notebook: Path, out: Path, mode: int = 0o644) -> Path:
    """Write the slides of ``notebook`` to ``out`` (atomically) and return ``out``."""
    from ..store import write_atomic

    write_atomic(out, slides_html(notebook), mode)
    return out
