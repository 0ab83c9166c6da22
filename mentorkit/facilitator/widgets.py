"""The thin ipywidgets skin for the facilitator notebooks: the live dashboard and the matching desk.

All the work happens in :mod:`.aggregate`, :mod:`.matching` and :mod:`.charts`; this module only
lays out controls, calls them, and shows the results.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from datetime import datetime
from html import escape
from pathlib import Path

import ipywidgets as W
from IPython.display import SVG, display

from ..session import resolve_cohort
from ..store import Cohort

REFRESH_DEFAULT = 30


def _html_table(records: list[dict]) -> str:
    if not records:
        return "<i>nothing to show</i>"
    head = "".join(f"<th style='text-align:left;padding:2px 8px'>{escape(str(k))}</th>" for k in records[0])
    rows = "".join(
        "<tr>" + "".join(f"<td style='padding:2px 8px;vertical-align:top'>{escape(str(v))}</td>"
                         for v in r.values()) + "</tr>"
        for r in records
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


# -- dashboard ------------------------------------------------------------------------------------
class Dashboard:
    """The live cohort view: refresh button, optional auto-refresh, deliberate names switch."""

    def __init__(self, cohort: Cohort, min_group: int = 3, refresh_seconds: int = REFRESH_DEFAULT):
        self.cohort = cohort
        self.min_group = min_group
        self.summary = None
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

    def refresh(self) -> None:
        """Re-read the cohort folder and redraw every chart."""
        from .aggregate import summarise_cohort
        from .charts import panels, to_svg

        summary, errors = summarise_cohort(self.cohort.root, names=self.names.value, min_group=self.min_group)
        self.summary = summary
        privacy = ("<b>Names are on</b> &ndash; switch them off before sharing your screen."
                   if self.names.value else f"Anonymised: groups under {summary.min_group} shown as 'other'.")
        unreadable = f" &middot; {len(errors)} unreadable workbook(s) skipped" if errors else ""
        self.status.value = (f"{summary.participants} participants &middot; refreshed "
                             f"{datetime.now().strftime('%H:%M:%S')}{unreadable} &middot; {privacy}")
        with self.output:
            self.output.clear_output(wait=True)
            for panel in panels(summary):
                display(W.HTML(f"<h3>{escape(panel.title)}</h3><p>{escape(panel.note)}</p>"))
                display(SVG(to_svg(panel.chart)))  # static: works offline, no CDN
                if panel.key == "needs":
                    items = "".join(f"<li>{escape(n)}</li>" for n in summary.uncovered_needs)
                    display(W.HTML("<b>Nobody in the room has covered yet:</b>"
                                   + (f"<ul>{items}</ul>" if items else " &ndash; every need is covered.")))
            if summary.follow_up is not None:
                display(W.HTML("<h3>Follow-up list (names on)</h3>" + _html_table(summary.follow_up)))

    def export(self, path: Path | None = None) -> Path:
        """Write the current view as a static HTML page in the cohort folder."""
        from ..store import write_atomic
        from .dashboard_html import dashboard_html

        if self.summary is None:
            self.refresh()
        path = path or self.cohort.root / "dashboard.html"
        write_atomic(path, dashboard_html(self.summary), self.cohort.file_mode)
        self.status.value += f" &middot; saved {escape(str(path))}"
        return path

    # auto-refresh runs on the kernel's event loop, between cells: nothing blocks.
    def _auto_changed(self, change: dict) -> None:
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
        from ..content import need_categories
        from .matching import RULES, WEIGHT_KEYS, load_config, mentee_from_workbook
        from .mentors import read_mentors

        self.cohort = cohort
        self.categories = need_categories(cohort.root)
        self.labels = {c.key: c.label for c in self.categories}
        self.config = load_config(cohort.root)
        self.pool = read_mentors(mentors, self.categories)
        books, self.errors = cohort.load_all()
        self.mentees = [mentee_from_workbook(b, self.categories) for b in books]
        self.result = None
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
        self.export_button.on_click(lambda _: self.export())
        self.save_weights.on_click(lambda _: self.save_config())
        self.message = W.HTML()
        self.output = W.Output()
        pool_notes = "".join(f"<li>{escape(str(r))}</li>" for r in self.pool.reports)
        header = W.HTML(
            f"<b>{len(self.mentees)}</b> mentees from <code>{escape(str(cohort.root))}</code>; "
            f"<b>{len(self.pool.mentors)}</b> mentors with <b>{self.pool.slots}</b> places from "
            f"<code>{escape(str(mentors))}</code>" + (f"<ul>{pool_notes}</ul>" if pool_notes else "")
        )
        self.widget = W.VBox([
            header,
            W.HTML("<b>Weights</b> (points per matching item)"),
            W.VBox([*self.sliders.values(), self.min_score]),
            W.HTML("<b>Must-haves</b> (pairs breaking one are never proposed)"),
            W.VBox(list(self.rules.values())),
            W.HBox([self.out_path, self.export_button, self.save_weights]),
            self.message,
            self.output,
        ])

    def current_config(self):  # noqa: ANN201 - MatchConfig
        from dataclasses import replace

        weights = {k: float(s.value) for k, s in self.sliders.items()}
        must = [r for r, box in self.rules.items() if box.value]
        return replace(self.config, weights=weights, must_have=must, min_score=float(self.min_score.value))

    def run(self) -> None:
        """Match with the current settings and redraw pairs, reasons and the chart."""
        from .charts import match_score_chart, to_svg
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
            display(W.HTML(f"<b>{escape(result.summary())}</b>"))
            if chart_rows:
                display(SVG(to_svg(match_score_chart(chart_rows))))
            display(W.HTML("<h4>Pairs and reasons</h4>" + _html_table(table)))
            if unmatched:
                display(W.HTML("<h4>Unmatched</h4>" + _html_table(unmatched)))

    def export(self) -> Path:
        """Write the pairs (and unmatched mentees) as a spreadsheet-safe CSV."""
        from ..csvsafe import write_safe_csv
        from ..store import make_dirs
        from .matching import MATCH_COLUMNS, match_rows

        if self.result is None:
            self.run()
        path = Path(self.out_path.value).expanduser()
        make_dirs(path.parent, self.cohort.dir_mode)
        write_safe_csv(path, MATCH_COLUMNS, match_rows(self.result), self.cohort.file_mode)
        self.message.value = f"Saved {len(self.result.pairs)} pairs to <code>{escape(str(path))}</code>"
        return path

    def save_config(self) -> Path:
        """Save the current weights and rules for ``mentorkit match --weights``."""
        from ..store import write_atomic
        from .matching import config_to_toml

        path = self.cohort.root / "matching-weights.toml"
        write_atomic(path, config_to_toml(self.current_config()), self.cohort.file_mode)
        self.message.value = (f"Weights saved to <code>{escape(str(path))}</code> (use with "
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
