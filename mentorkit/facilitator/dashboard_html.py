"""The cohort dashboard as one self-contained HTML page: inline SVG charts, inline CSS, no scripts.

Nothing on the page loads from elsewhere, so it works offline, in an email attachment and in print.
Every piece of text that came from a workbook or a content file is HTML-escaped.
"""

from __future__ import annotations

from datetime import datetime, timezone
from html import escape

from .aggregate import CohortSummary
from .charts import panels, to_svg

CSS = """
body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 2rem auto; max-width: 60rem;
       color: #222; padding: 0 1rem; }
h1 { margin-bottom: .2rem; } .meta { color: #555; margin-top: 0; }
section { break-inside: avoid; margin: 1.5rem 0; } section p { color: #444; margin: .2rem 0 .6rem; }
.chart svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; font-size: .9rem; }
td, th { border: 1px solid #ccc; padding: .25rem .5rem; }
th { background: #f3f3f3; text-align: left; } .warn { background: #fff4e5; padding: .5rem; }
"""


def _list(items: list[str]) -> str:
    if not items:
        return "<p>Every need category is covered by someone in the room.</p>"
    return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"


def _table(records: list[dict]) -> str:
    if not records:
        return "<p>No participants yet.</p>"
    head = "".join(f"<th>{escape(str(k))}</th>" for k in records[0])
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in r.values()) + "</tr>" for r in records
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def dashboard_html(summary: CohortSummary, title: str = "Cohort dashboard",
                   generated: datetime | None = None) -> str:
    """The whole page as text."""
    generated = generated or datetime.now(timezone.utc).replace(microsecond=0)
    privacy = (
        f"Anonymised: no names; groups of fewer than {summary.min_group} people are folded into 'other'."
        if summary.anonymised
        else "Names are switched on: this page identifies people. Keep it to yourself."
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{summary.participants} participants &middot; generated '
        f"{escape(generated.isoformat())} &middot; {escape(privacy)}</p>",
    ]
    for panel in panels(summary):
        parts.append(f'<section id="{escape(panel.key)}"><h2>{escape(panel.title)}</h2>'
                     f"<p>{escape(panel.note)}</p>")
        parts.append(f'<div class="chart">{to_svg(panel.chart)}</div>')
        if panel.key == "needs":
            parts.append("<h3>Need categories nobody in the room has covered yet</h3>")
            parts.append(_list(summary.uncovered_needs))
        parts.append("</section>")
    if summary.follow_up is not None:
        parts.append('<section id="follow-up"><h2>Follow-up list</h2>'
                     '<p class="warn">Named on purpose, for the facilitator only.</p>')
        parts.append(_table(summary.follow_up))
        parts.append("</section>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
