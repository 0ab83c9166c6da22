"""The cohort dashboard as one self-contained HTML page: inline SVG charts, inline CSS, no scripts.

Nothing on the page loads from elsewhere, so it works offline, in an email attachment and in print.
The sections are those of the live dashboard (:mod:`.sections`); their markup, like every piece of
text on the page, is escaped by :mod:`mentorkit.present`.
"""

from __future__ import annotations

from datetime import datetime, timezone

from ..present import esc
from .aggregate import CohortSummary
from .sections import Section, dashboard_sections, privacy_note

CSS = """
body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 2rem auto; max-width: 60rem;
       color: #222; padding: 0 1rem; }
h1 { margin-bottom: .2rem; } .meta { color: #555; margin-top: 0; }
section { break-inside: avoid; margin: 1.5rem 0; } section p { color: #444; margin: .2rem 0 .6rem; }
.mk-chart svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; font-size: .9rem; }
td, th { border: 1px solid #ccc; padding: .25rem .5rem; }
th { background: #f3f3f3; text-align: left; } .warn { background: #fff4e5; padding: .5rem; }
"""


def readable_time(moment: datetime) -> str:
    """``29 November 2026, 17:01 UTC``: as people read it, not ISO 8601."""
    zone = moment.tzname() or ""
    return f"{moment.day} {moment:%B %Y}, {moment:%H:%M} {zone}".rstrip()


def dashboard_html(summary: CohortSummary, title: str = "Cohort dashboard",
                   generated: datetime | None = None, sections: list[Section] | None = None) -> str:
    """The whole page as text; ``sections`` already built for the live view are reused (charts are
    not drawn twice), otherwise they are built from ``summary``."""
    generated = generated or datetime.now(timezone.utc).replace(microsecond=0)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
        f'<p class="meta">{summary.participants} participants &middot; generated '
        f"{esc(readable_time(generated))} &middot; {esc(privacy_note(summary))}</p>",
    ]
    for section in sections or dashboard_sections(summary):
        parts.append(f'<section id="{esc(section.key)}"><h2>{esc(section.title)}</h2>')
        parts.extend(block.markup for block in section.blocks)
        parts.append("</section>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
