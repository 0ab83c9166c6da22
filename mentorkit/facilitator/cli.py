"""``mentorkit match`` and ``mentorkit dashboard``: the facilitator's commands.

Registered in :mod:`mentorkit.cli` through :func:`add_match` and :func:`add_dashboard`. Heavy
libraries load inside the handlers only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UnusableInput

if TYPE_CHECKING:  # imported lazily at run time: `mentorkit --help` stays light
    from ..store import Cohort
    from .mentors import PairOverride


def _err(line: str) -> None:
    print(line, file=sys.stderr)


def _cohort(path: Path) -> Cohort:
    from ..store import Cohort

    if not (path / "workbooks").is_dir():
        raise UnusableInput(f"{path}: not a cohort folder (no workbooks/ inside)")
    return Cohort(path)


# -- match ---------------------------------------------------------------------------------------
def cmd_match(args: argparse.Namespace) -> int:
    from ..csvsafe import write_safe_csv
    from ..store import make_dirs
    from .matching import MATCH_COLUMNS, load_config, match, match_rows, mentee_from_workbook
    from .mentors import read_exclusions, read_mentors, read_overrides

    cohort = _cohort(args.cohort)
    categories = list(cohort.content.need_categories)
    config = load_config(cohort.content, args.weights)
    pool = read_mentors(args.mentors, categories)
    problems = len(pool.rejected)
    for report in pool.reports:
        _err(f"{args.mentors}: {report}")
    exclusions: list[PairOverride] = []
    if args.exclude:
        exclusions, reports = read_exclusions(args.exclude)
        problems += len(reports)
        for report in reports:
            _err(f"{args.exclude}: {report}")
    overrides: list[PairOverride] = []
    if args.overrides:
        overrides, reports = read_overrides(args.overrides, default=None)
        problems += len(reports)
        for report in reports:
            _err(f"{args.overrides}: {report}")
    books, errors = cohort.load_all()
    for error in errors:
        problems += 1
        for line in error.lines():
            _err(f"{line} (skipped)")
    mentees = [mentee_from_workbook(b, categories) for b in books]
    labels = {c.key: c.label for c in categories}
    result = match(mentees, pool.mentors, config, exclusions, labels, overrides)
    for note in result.notes:
        _err(f"note: {note}")
    make_dirs(args.out.parent, cohort.dir_mode)
    write_safe_csv(args.out, MATCH_COLUMNS, match_rows(result))
    weights = ", ".join(f"{k}={v:g}" for k, v in config.weights.items())
    print(f"weights: {weights}; must-have: {', '.join(config.must_have) or 'none'}; "
          f"min score {config.min_score:g}")
    print(f"{len(pool.mentors)} mentors ({pool.slots} places): {result.summary()} -> {args.out}")
    for item in result.unmatched:
        print(f"  unmatched {item.mentee.id}: {item.why}")
    if args.apply:
        from .proposals import apply_proposals

        applied = apply_proposals(cohort, result.pairs, labels)
        problems += len(applied.problems)
        for line in applied.problems:
            _err(line)
        print(f"applied: {applied.summary()}")
    if args.intro_dir:
        from .introductions import write_introductions

        intros = write_introductions(args.intro_dir, result.pairs, cohort, labels, args.sender)
        for note in intros.notes:
            _err(f"note: {note}")
        print(f"{len(intros.files)} introduction e-mail(s) -> {args.intro_dir}")
    return 1 if problems else 0


def add_match(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "match",
        help="pair mentees with mentors (global optimum, with reasons) and write a CSV",
        description="Pair the cohort's participants with mentors. Each pair's score is a weighted sum "
        "(open needs the mentor offers, skill gaps they help with, same/adjacent field, career-stage "
        "gap); must-have rules and excluded pairs are hard filters; the pairs maximise the total score "
        "under each mentor's capacity. Pinned pairs (--overrides) come first; forbidden pairs, mentors "
        "a mentee asked to avoid and pairs with no shared language are never proposed. Review the CSV, "
        "then run again with --apply to give each participant their proposed mentor, and --intro-dir "
        "for one introduction e-mail per pair. Exit 0: all input rows used; 1: some rows or workbook "
        "files reported and skipped (each named on stderr); 2: unusable input.",
    )
    p.add_argument("--cohort", type=Path, required=True, help="cohort folder")
    p.add_argument("--mentors", type=Path, required=True,
                   help="mentor list (CSV/XLSX: name, email, capacity, needs, skills, field, career_stage, "
                   "languages)")
    p.add_argument("--out", type=Path, required=True, help="CSV to write (spreadsheet-safe)")
    p.add_argument("--weights", type=Path, help="TOML file changing weights and rules (see matching.toml)")
    p.add_argument("--exclude", type=Path, help="CSV/XLSX of pairs never to propose: mentee, mentor")
    p.add_argument("--overrides", type=Path,
                   help="CSV/XLSX of the facilitator's pairs: mentee, mentor, action (pin or forbid)")
    p.add_argument("--apply", action="store_true",
                   help="after review: write each proposed mentor into the participant's workbook")
    p.add_argument("--intro-dir", type=Path, help="folder for one introduction e-mail (.eml) per pair")
    p.add_argument("--sender", help="From: line of the introduction e-mails (default: introductions.toml)")
    p.set_defaults(handler=cmd_match)


# -- dashboard -------------------------------------------------------------------------------------
def cmd_dashboard(args: argparse.Namespace) -> int:
    from ..store import make_dirs, write_atomic
    from .aggregate import summarise
    from .dashboard_html import dashboard_html

    if args.min_group < 2 and not args.names:
        raise UnusableInput(f"--min-group {args.min_group}: must be at least 2, or a group of one person "
                            "would be shown on its own (use --names for a per-person list)")
    cohort = _cohort(args.cohort)
    books, errors = cohort.load_all()
    for error in errors:
        for line in error.lines():
            _err(f"{line} (skipped)")
    from .evaluation import load_evaluation

    summary = summarise(books, cohort.content, names=args.names, min_group=args.min_group,
                        evaluation=load_evaluation(cohort))
    make_dirs(args.out.parent, cohort.dir_mode)
    write_atomic(args.out, dashboard_html(summary, title=args.title), cohort.file_mode)
    shown = "with names" if args.names else f"anonymised, groups under {args.min_group} folded"
    print(f"{summary.participants} workbooks ({shown}) -> {args.out}")
    return 1 if errors else 0


def add_dashboard(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "dashboard",
        help="write the anonymised cohort dashboard as one static HTML page",
        description="Write the cohort dashboard as a single HTML file with static SVG charts (no "
        "outside requests). Anonymised: no names, and groups of fewer than --min-group people are "
        "folded into 'other'. Exit 0: every workbook used; 1: some workbook files skipped (each named "
        "on stderr); 2: unusable input (for example --min-group below 2).",
    )
    p.add_argument("--cohort", type=Path, required=True, help="cohort folder")
    p.add_argument("--out", type=Path, required=True, help="HTML file to write")
    p.add_argument("--title", default="Cohort dashboard", help="page title")
    p.add_argument("--min-group", type=int, default=3,
                   help="smallest group shown on its own (default 3, at least 2)")
    p.add_argument("--names", action="store_true",
                   help="deliberately include names: a per-person follow-up list, no folding")
    p.set_defaults(handler=cmd_dashboard)


# -- kit -------------------------------------------------------------------------------------------
def cmd_kit(args: argparse.Namespace) -> int:
    from .kit import run_kit

    _cohort(args.cohort)
    report = run_kit(args.cohort, args.moment, args.out, link=args.link or "", sender=args.sender,
                     evaluation=args.evaluation, jobs=args.jobs, render_documents=not args.no_documents)
    for item in report.items:
        if item.status in ("failed", "note"):
            where = " ".join(x for x in (item.item, item.participant, item.path) if x)
            _err(f"{item.status}: {where}: {item.message}")
    print(report.summary())
    print(f"report: {report.report_path}")
    return 1 if report.failed else 0


def add_kit(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "kit",
        help="produce everything for one moment of the workshop (before, room, after) into one folder",
        description="before: the intake form template and one pre-workshop e-mail per participant; "
        "room: offline slides, the breakout timer notebook and the anonymised dashboard; after: one "
        "follow-up e-mail per participant (worksheet attached when rendered), the evaluation form, a "
        "certificate per participant and a mentor's briefing per matched pair (PDF), and the dashboard "
        "(with --evaluation FILE: the form's results imported first). Resumable: what is up to date is "
        "left alone. OUT/<moment>/report.csv lists every item. Exit 0: everything made; 1: some items "
        "failed (named on stderr and in the report); 2: unusable input.",
    )
    p.add_argument("--cohort", type=Path, required=True, help="cohort folder")
    p.add_argument("--moment", choices=("before", "room", "after"), required=True)
    p.add_argument("--out", type=Path, help="kit folder (default COHORT/kit); files go to OUT/<moment>/")
    p.add_argument("--link", help="the workshop link for the e-mails (JupyterHub or Voila address)")
    p.add_argument("--sender", help="From: line of the e-mails (default: kit.toml)")
    p.add_argument("--evaluation", type=Path, help="after: the evaluation form's export (CSV/XLSX) to import")
    p.add_argument("--jobs", type=int, default=0, help="render workers for certificates and briefings")
    p.add_argument("--no-documents", action="store_true", help="after: skip certificates and briefings")
    p.set_defaults(handler=cmd_kit)
