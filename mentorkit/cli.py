"""The ``mentorkit`` command line: import, validate, schema, demo (and more as the project grows).

Errors print as one readable line; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .errors import MentorkitError, WorkbookError
from .facilitator.cli import add_dashboard, add_match
from .render.cli import add_render

Handler = Callable[[argparse.Namespace], int]


def _print_err(line: str) -> None:
    print(line, file=sys.stderr)


# -- import ----------------------------------------------------------------------------------------
def cmd_import(args: argparse.Namespace) -> int:
    from .roster import import_roster, load_column_map

    column_map = load_column_map(args.columns) if args.columns else None
    result = import_roster(args.roster, args.cohort, column_map)
    for note in result.notes:
        _print_err(f"{args.roster}: note: {note}")
    for line in result.skipped_files:
        _print_err(line)
    for report in result.reports:
        _print_err(str(report))
    print(f"{args.roster}: {result.summary()} -> {Path(args.cohort) / 'workbooks'}")
    return result.exit_code


def add_import(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import",
        help="import a roster (CSV/XLSX intake export) into a cohort folder",
        description="Import a roster into a cohort folder. Exit 0: all rows imported; 1: some rows "
        "rejected or existing workbook files skipped (the rest imported; each named on stderr); 2: the "
        "file cannot be used.",
    )
    p.add_argument("roster", type=Path, help="CSV or XLSX export of the intake form")
    p.add_argument("--cohort", type=Path, required=True, help="cohort folder (created if missing)")
    p.add_argument("--columns", type=Path, help="TOML file mapping other headers to our columns")
    p.set_defaults(handler=cmd_import)


# -- validate --------------------------------------------------------------------------------------
def cmd_validate(args: argparse.Namespace) -> int:
    from .store import Cohort, check_file_id, read_workbook

    problems = 0
    checked = 0
    for target in args.paths:
        if target.is_dir():
            root = target if (target / "workbooks").is_dir() else None
            if root is None and target.name == "workbooks":
                root = target.parent
            if root is not None:
                scan = Cohort(root).scan()
                checked += len(scan.entries) + len(scan.skipped)
                problems += len(scan.skipped)
                for error in scan.errors():
                    for line in error.lines():
                        _print_err(line)
                if not scan.entries and not scan.skipped:
                    _print_err(f"{target}: no workbook files found")
                    problems += 1
                continue
            files = sorted(target.glob("*.json"))
            if not files:
                _print_err(f"{target}: no workbook files found")
                problems += 1
        else:
            files = [target]
        for path in files:
            checked += 1
            try:
                workbook = read_workbook(path)
                if path.parent.name == "workbooks":
                    check_file_id(workbook, path)
            except WorkbookError as exc:
                problems += 1
                for line in exc.lines():
                    _print_err(line)
    print(f"{checked} workbook(s) checked, {problems} with problems")
    return 1 if problems else 0


def add_validate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validate", help="check workbook files or cohort folders",
        description="Check workbook files or cohort folders. Exit 0: all usable; 1: some files have "
        "problems (each named with its reason on stderr).",
    )
    p.add_argument("paths", nargs="+", type=Path, help="workbook JSON files or cohort folders")
    p.set_defaults(handler=cmd_validate)


# -- schema ------------------------------------------------------------------------------------------
def cmd_schema(args: argparse.Namespace) -> int:
    from .model import json_schema

    print(json.dumps(json_schema(), indent=2))
    return 0


def add_schema(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("schema", help="print the workbook's JSON Schema")
    p.set_defaults(handler=cmd_schema)


# -- demo ------------------------------------------------------------------------------------------
def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import run_demo

    return run_demo(args.cohort)


def add_demo(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="import the bundled fictional sample cohort and show results")
    p.add_argument("--cohort", type=Path, default=Path("mentorkit-data"),
                   help="where to put the sample cohort (default: ./mentorkit-data)")
    p.set_defaults(handler=cmd_demo)


COMMANDS = [add_import, add_validate, add_schema, add_demo, add_match, add_dashboard, add_render]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mentorkit",
        description="Run a mentorship workshop from Jupyter notebooks: import a cohort, check "
        "workbooks, render worksheets.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    sub = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND")
    for add in COMMANDS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return args.handler(args)
    except MentorkitError as exc:
        if args.debug:
            raise
        _print_err(f"mentorkit {args.command}: {exc}")
        return exc.exit_code
    except KeyboardInterrupt:
        _print_err("interrupted")
        return 130
    except Exception as exc:  # a bug or an unexpected environment problem
        if args.debug:
            raise
        _print_err(f"mentorkit {args.command}: unexpected {type(exc).__name__}: {exc} "
                   "(run with --debug for details)")
        return 2


if __name__ == "__main__":
    sys.exit(main())
