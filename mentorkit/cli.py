"""The ``mentorkit`` command line: import, validate, schema, demo, lab (and more as the project grows).

Errors print as one readable line; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .errors import MentorkitError, WorkbookError
from .facilitator.cli import add_dashboard, add_kit, add_match
from .locations import cohort_dir, default_cohort_dir
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


def add_import(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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


def add_validate(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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


def add_schema(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from .schema_version import SCHEMA_VERSION

    p = sub.add_parser(
        "schema", help=f"print the workbook's JSON Schema (version {SCHEMA_VERSION})",
        description=f"Print the JSON Schema of workbook version {SCHEMA_VERSION}. Older files (versions 0 "
        f"to {SCHEMA_VERSION - 1}) are migrated when read; a newer version is refused.",
    )
    p.set_defaults(handler=cmd_schema)


# -- demo ------------------------------------------------------------------------------------------
def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import run_demo

    cohort = args.cohort if args.cohort is not None else default_cohort_dir()
    status = run_demo(cohort)
    print(lab_hint(cohort))
    return status


def _shown(path: Path) -> str:
    """``path`` relative to the working directory when it is inside it, else absolute."""
    path, here = path.resolve(), Path.cwd().resolve()
    return str(path.relative_to(here)) if path.is_relative_to(here) else str(path)


def lab_hint(cohort: Path) -> str:
    """The 'what next' lines after the demo: the one command that opens the exercises on it."""
    from .store import Cohort

    ids = Cohort(cohort).ids()
    sample = "ana-lima" if "ana-lima" in ids else (ids[0] if ids else "PARTICIPANT-ID")
    other = next((i for i in ids if i != sample), "OTHER-ID")
    script = Path(sys.executable).parent / "mentorkit"
    program = _shown(script) if script.is_file() else "mentorkit"
    return (
        "\nNext: do the exercises as a sample participant in JupyterLab (add --app for the Voila apps):\n"
        f"  {program} lab --cohort {_shown(Path(cohort))} --participant {sample}\n"
        f"  (from the project folder the same is `make lab`; another participant: "
        f"`make lab PARTICIPANT={other}`)"
    )


def add_demo(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("demo", help="import the bundled fictional sample cohort and show results")
    p.add_argument("--cohort", type=Path, default=None,
                   help=f"where to put the sample cohort (default: {default_cohort_dir()}, the folder "
                   "notebooks use when MENTORKIT_COHORT is not set)")
    p.set_defaults(handler=cmd_demo)


# -- lab -------------------------------------------------------------------------------------------
def cmd_lab(args: argparse.Namespace) -> int:
    from .lab import plan_lab, run_lab

    plan = plan_lab(cohort_dir(args.cohort), args.participant, app=args.app, port=args.port, token=args.token,
                    notebooks=args.notebooks, open_browser=not args.no_browser)
    if args.print_command:
        for key in ("MENTORKIT_COHORT", "MENTORKIT_PARTICIPANT"):
            if key in plan.env:
                print(f"{key}={shlex.quote(plan.env[key])}")
        print(" ".join(shlex.quote(a) for a in plan.argv))
        print(plan.url)
        return 0
    return run_lab(plan)


def add_lab(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "lab",
        help="open the participant exercises on a cohort in JupyterLab (or as Voila apps)",
        description="Start JupyterLab (or, with --app, Voila) on 127.0.0.1 serving the participant "
        "notebooks, with MENTORKIT_COHORT and MENTORKIT_PARTICIPANT set for every kernel, and open "
        "the start page (00_start_here.ipynb). Prints the address and how to switch participant; "
        "Ctrl+C stops the server.",
    )
    p.add_argument("--cohort", type=Path, default=None,
                   help="cohort folder with workbooks/ (default: MENTORKIT_COHORT, else "
                   f"{default_cohort_dir()})")
    p.add_argument("--participant", help="participant id to work as (default: each page asks)")
    p.add_argument("--app", action="store_true", help="serve the notebooks as Voila apps (no code shown)")
    p.add_argument("--port", type=int, help="port (default: first free from 8888, or 8866 with --app)")
    p.add_argument("--token", help="access token in the address (default: a random one)")
    p.add_argument("--notebooks", type=Path, help="folder with the notebooks (default: notebooks/ of "
                   "the source checkout)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser, just print the address")
    p.add_argument("--print-command", action="store_true",
                   help="print the environment, command line and address, and start nothing")
    p.set_defaults(handler=cmd_lab)


# -- serve -----------------------------------------------------------------------------------------
def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import plan_serve, run_serve

    plan = plan_serve(cohort_dir(args.cohort), ip=args.ip, port=args.port, preheat=args.preheat,
                      room_size=args.room_size, cull_idle=args.cull_idle, max_kernels=args.max_kernels,
                      notebooks=args.notebooks, qr_png=args.qr_png)
    if args.print_command:
        print(f"MENTORKIT_COHORT={shlex.quote(plan.env['MENTORKIT_COHORT'])}")
        print(" ".join(shlex.quote(a) for a in plan.argv))
        print(plan.room_url)
        return 0
    return run_serve(plan)


def add_serve(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from .serve import DEFAULT_CULL_IDLE, DEFAULT_PRESTART, DEFAULT_ROOM, SERVE_PORT

    p = sub.add_parser(
        "serve",
        help="run the room: the exercises as Voila apps and the facilitator's dashboard, on one port",
        description="Serve the participant exercises as Voila apps (no token; each page asks for the "
        "participant code) and the facilitator's dashboard (only with the secret token printed here) "
        "from one Voila process on one port. Prints the room link with a QR code (also saved as "
        "room-link.png in the cohort folder). Ctrl+C stops the server and every kernel it started.",
    )
    p.add_argument("--cohort", type=Path, default=None,
                   help="cohort folder with workbooks/ (default: MENTORKIT_COHORT, else "
                   f"{default_cohort_dir()})")
    p.add_argument("--ip", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1; 0.0.0.0: every network of this machine)")
    p.add_argument("--port", type=int, help=f"port (default: first free from {SERVE_PORT})")
    p.add_argument("--preheat", type=int, default=DEFAULT_PRESTART,
                   help=f"kernels kept ready per exercise page (default {DEFAULT_PRESTART}; 0: none)")
    p.add_argument("--room-size", type=int, default=None, metavar="N",
                   help="start pages kept ready for a room arriving at once (default: one per workbook "
                   f"in the cohort, else {DEFAULT_ROOM}, as far as --max-kernels allows); about 50-75 MB "
                   "each while ready")
    p.add_argument("--cull-idle", type=int, default=DEFAULT_CULL_IDLE, metavar="SECONDS",
                   help="shut down a kernel whose page is gone after this many idle seconds "
                   f"(default {DEFAULT_CULL_IDLE}; 0: never)")
    p.add_argument("--max-kernels", type=int, default=None,
                   help="most kernels at once, ready ones included (default: free memory / 200 MB, "
                   "10 to 300); one more page gets 'the room is full'")
    p.add_argument("--notebooks", type=Path, help="folder with the notebooks (default: notebooks/ of "
                   "the source checkout)")
    p.add_argument("--qr-png", type=Path, help="where to write the QR code picture (default: "
                   "COHORT/room-link.png)")
    p.add_argument("--print-command", action="store_true",
                   help="print the environment, command line and room link, and start nothing")
    p.set_defaults(handler=cmd_serve)


COMMANDS = [add_import, add_validate, add_schema, add_demo, add_lab, add_serve, add_match, add_dashboard,
            add_render, add_kit]


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
        code: int = args.handler(args)
        return code
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
