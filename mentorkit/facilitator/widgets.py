"""The thin ipywidgets skin for the facilitator notebooks: the live dashboard and the matching desk.

All the work happens in :mod:`.aggregate`, :mod:`.matching` and :mod:`.charts`; this module only
lays out controls, calls them, and shows the results.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as W
from IPython.display import display

from ..present import Block, ChartBlock, bullet_list, chart, esc, records_table
from ..session import resolve_cohort
from ..store import Cohort
from .sections import Section, dashboard_sections

if TYPE_CHECKING:  # imported lazily at run time
    from .aggregate import CohortSummary
    from .matching import MatchConfig, MatchResult
    from .proposals import ApplyReport

REFRESH_DEFAULT = 30


def _show(block: Block) -> None:
    """Show one block in the current output area: a chart as its SVG, anything else as HTML."""
    if isinstance(block, ChartBlock):
        display(block)  # static SVG: works offline, no CDN
    elif block:
        display(W.HTML(block.markup))


# -- dashboard ------------------------------------------------------------------------------------
class Dashboard:
    """The live cohort view: refresh button, optional auto-refresh, deliberate names switch.

    Each refresh builds the dashboard's sections once (:func:`.sections.dashboard_sections`), shows
    their blocks with ``display`` (default: into the output area) and keeps them as ``sections``;
    :meth:`export` writes the same sections as the static page.
    """

    def __init__(self, cohort: Cohort, min_group: int = 3, refresh_seconds: int = REFRESH_DEFAULT,
                 display: Callable[[Block], None] | None = None):
        self.cohort = cohort
        self.min_group = min_group
        self.summary: CohortSummary | None = None
        self.sections: list[Section] = []
        self.display = display or _show
        self._handle: asyncio.TimerHandle | None = None
        self.refresh_button = W.Button(description="Refresh", icon="refresh", button_style="primary")
        self.auto = W.Checkbox(value=False, description="auto-refresh every", indent=False,
                               layout=W.Layout(width="150px"))
        self.seconds = W.BoundedIntText(value=refresh_seconds, min=5, max=3600, layout=W.Layout(width="70px"))
        self.names = W.Checkbox(value=False, description="show names (my follow-up list)", indent=False)
        self.export_button = W.Button(description="Save as HTML", icon="download")
        self.status = W.HTML()
        self.output = W.Output()
        self.refresh_button.on_click(lambda _: self.refresh())
        self.export_button.on_click(lambda _: self.export())
        self.auto.observe(self._auto_changed, "value")
        self.names.observe(lambda _: self.refresh(), "value")
        controls = W.HBox([self.refresh_button, self.auto, self.seconds, W.HTML("&nbsp;seconds&nbsp;"),
                           self.names, self.export_button])
        self.widget = W.VBox([controls, self.status, self.output])

    def refresh(self) -> CohortSummary:
        """Re-read the cohort folder and redraw every chart; returns the new summary."""
        from .aggregate import summarise_cohort

        summary, errors = summarise_cohort(self.cohort.root, names=self.names.value, min_group=self.min_group)
        self.summary = summary
        privacy = ("<b>Names are on</b> &ndash; switch them off before sharing your screen."
                   if self.names.value else f"Anonymised: groups under {summary.min_group} shown as 'other'.")
        unreadable = f" &middot; {len(errors)} unreadable workbook(s) skipped" if errors else ""
        self.status.value = (f"{summary.participants} participants &middot; refreshed "
                             f"{datetime.now().strftime('%H:%M:%S')}{unreadable} &middot; {privacy}")
        self.sections = dashboard_sections(summary)
        with self.output:
            self.output.clear_output(wait=True)
            for section in self.sections:
                self.display(Block(f"<h3>{esc(section.title)}</h3>", section.title))
                for block in section.blocks:
                    self.display(block)
        return summary

    def export(self, path: Path | None = None) -> Path:
        """Write the current view as a static HTML page in the cohort folder."""
        from ..store import write_atomic
        from .dashboard_html import dashboard_html

        summary = self.summary if self.summary is not None else self.refresh()
        path = path or self.cohort.root / "dashboard.html"
        write_atomic(path, dashboard_html(summary, sections=self.sections), self.cohort.file_mode)
        self.status.value += f" &middot; saved {esc(str(path))}"
        return path

    # auto-refresh runs on the kernel's event loop, between cells: nothing blocks.
    def _auto_changed(self, change: dict[str, Any]) -> None:
        if change["new"]:
            self._schedule()
        elif self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _schedule(self) -> None:
        with contextlib.suppress(RuntimeError):
            loop = asyncio.get_event_loop()
            self._handle = loop.call_later(max(5, self.seconds.value), self._tick)

    def _tick(self) -> None:
        if not self.auto.value:
            return
        try:
            self.refresh()
        finally:
            self._schedule()


def dashboard(cohort: Path | str | None = None, min_group: int = 3,
              refresh_seconds: int = REFRESH_DEFAULT) -> Dashboard:
    """Show the live dashboard of ``cohort`` (default: ``MENTORKIT_COHORT``). Auto-refresh starts off."""
    board = Dashboard(resolve_cohort(cohort), min_group, refresh_seconds)
    display(board.widget)
    board.refresh()
    return board


# -- matching -------------------------------------------------------------------------------------
class MatchingDesk:
    """Weights as sliders, must-haves as checkboxes; pairs, reasons, a score chart and export."""

    def __init__(self, cohort: Cohort, mentors: Path):
        from .matching import RULES, WEIGHT_KEYS, load_config, mentee_from_workbook
        from .mentors import read_mentors

        self.cohort = cohort
        self.categories = list(cohort.content.need_categories)
        self.labels = {c.key: c.label for c in self.categories}
        self.config = load_config(cohort.content)
        self.pool = read_mentors(mentors, self.categories)
        books, self.errors = cohort.load_all()
        self.mentees = [mentee_from_workbook(b, self.categories) for b in books]
        self.result: MatchResult | None = None
        self.sliders = {
            key: W.FloatSlider(value=self.config.weights[key], min=0, max=10, step=0.5,
                               description=key.replace("_", " "), continuous_update=False)
            for key in WEIGHT_KEYS
        }
        self.min_score = W.FloatSlider(value=self.config.min_score, min=0, max=20, step=0.5,
                                       description="min score", continuous_update=False)
        self.rules = {
            rule: W.Checkbox(value=rule in self.config.must_have, description=f"{rule}: {text}",
                             indent=False, layout=W.Layout(width="auto"))
            for rule, text in RULES.items()
        }
        for control in [*self.sliders.values(), self.min_score, *self.rules.values()]:
            control.observe(lambda _: self.run(), "value")
        self.out_path = W.Text(value=str(cohort.root / "matches.csv"), description="export to",
                               layout=W.Layout(width="480px"))
        self.export_button = W.Button(description="Export CSV", icon="download", button_style="primary")
        self.save_weights = W.Button(description="Save weights", icon="save")
        self.apply_button = W.Button(description="Give participants their mentor", icon="user-plus",
                                     tooltip="after review: write each proposed mentor into the workbooks",
                                     layout=W.Layout(width="auto"))
        self.apply_button.on_click(lambda _: self.apply())
        self.export_button.on_click(lambda _: self.export())
        self.save_weights.on_click(lambda _: self.save_config())
        self.message = W.HTML()
        self.output = W.Output()
        pool_notes = bullet_list(self.pool.reports).markup
        header = W.HTML(
            f"<b>{len(self.mentees)}</b> mentees from <code>{esc(str(cohort.root))}</code>; "
            f"<b>{len(self.pool.mentors)}</b> mentors with <b>{self.pool.slots}</b> places from "
            f"<code>{esc(str(mentors))}</code>" + pool_notes
        )
        self.widget = W.VBox([
            header,
            W.HTML("<b>Weights</b> (points per matching item)"),
            W.VBox([*self.sliders.values(), self.min_score]),
            W.HTML("<b>Must-haves</b> (pairs breaking one are never proposed)"),
            W.VBox(list(self.rules.values())),
            W.HBox([self.out_path, self.export_button, self.save_weights, self.apply_button]),
            self.message,
            self.output,
        ])

    def current_config(self) -> MatchConfig:
        from dataclasses import replace

        weights = {k: float(s.value) for k, s in self.sliders.items()}
        must = [r for r, box in self.rules.items() if box.value]
        return replace(self.config, weights=weights, must_have=must, min_score=float(self.min_score.value))

    def run(self) -> MatchResult:
        """Match with the current settings and redraw pairs, reasons and the chart; returns the result."""
        from .charts import match_score_chart
        from .matching import FACTORS, match

        config = self.current_config()
        self.result = result = match(self.mentees, self.pool.mentors, config, labels=self.labels)
        pairs = sorted(result.pairs, key=lambda p: -p.score)
        chart_rows = [
            {"pair": f"{p.mentee.name} + {p.mentor.name}", "factor": f, "points": p.points(f),
             "total": p.score}
            for p in pairs for f in FACTORS if p.points(f)
        ]
        table = [{"mentee": p.mentee.name, "mentor": p.mentor.name, "score": f"{p.score:g}",
                  "reasons": "; ".join(str(r) for r in p.reasons)} for p in pairs]
        unmatched = [{"mentee": u.mentee.name, "why": u.why} for u in result.unmatched]
        with self.output:
            self.output.clear_output(wait=True)
            _show(Block(f"<b>{esc(result.summary())}</b>", result.summary()))
            if chart_rows:
                _show(chart(match_score_chart(chart_rows)))
            _show(Block("<h4>Pairs and reasons</h4>", "Pairs and reasons"))
            _show(records_table(table, inline=True, empty="nothing to show"))
            if unmatched:
                _show(Block("<h4>Unmatched</h4>", "Unmatched"))
                _show(records_table(unmatched, inline=True))
        return result

    def export(self) -> Path:
        """Write the pairs (and unmatched mentees) as a spreadsheet-safe CSV."""
        from ..csvsafe import write_safe_csv
        from ..store import make_dirs
        from .matching import MATCH_COLUMNS, match_rows

        result = self.result if self.result is not None else self.run()
        path = Path(self.out_path.value).expanduser()
        make_dirs(path.parent, self.cohort.dir_mode)
        write_safe_csv(path, MATCH_COLUMNS, match_rows(result), self.cohort.file_mode)
        self.message.value = f"Saved {len(result.pairs)} pairs to <code>{esc(str(path))}</code>"
        return path

    def apply(self) -> ApplyReport:
        """Write the current pairs into the participants' workbooks (like ``mentorkit match --apply``)."""
        from .proposals import apply_proposals

        result = self.result if self.result is not None else self.run()
        report = apply_proposals(self.cohort, result.pairs, self.labels)
        self.message.value = esc(report.summary()) + bullet_list(report.problems).markup
        return report

    def save_config(self) -> Path:
        """Save the current weights and rules for ``mentorkit match --weights``."""
        from ..store import write_atomic
        from .matching import config_to_toml

        path = self.cohort.root / "matching-weights.toml"
        write_atomic(path, config_to_toml(self.current_config()), self.cohort.file_mode)
        self.message.value = (f"Weights saved to <code>{esc(str(path))}</code> (use with "
                              "<code>mentorkit match --weights</code>)")
        return path


def matching(cohort: Path | str | None = None, mentors: Path | str | None = None) -> MatchingDesk:
    """Show the matching desk. Mentors: the argument, ``MENTORKIT_MENTORS``, else the bundled sample."""
    from ..resources import sample_mentors

    source = Path(mentors or os.environ.get("MENTORKIT_MENTORS") or sample_mentors())
    desk = MatchingDesk(resolve_cohort(cohort), source)
    display(desk.widget)
    desk.run()
    return desk
