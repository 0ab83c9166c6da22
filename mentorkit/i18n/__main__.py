"""``python -m mentorkit.i18n update|check|init``: extract templates, update and check catalogs."""

from __future__ import annotations

import argparse
import sys

from . import catalogs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mentorkit.i18n", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    up = sub.add_parser("update", help="extract the templates and update every shipped language's catalogs")
    up.add_argument("--lang", action="append", help="only this language (repeatable)")
    init = sub.add_parser("init", help="start the catalogs of a new language (e.g. fr, pt_BR)")
    init.add_argument("lang")
    chk = sub.add_parser("check", help="list untranslated, fuzzy or broken entries; exit 1 if any")
    chk.add_argument("--lang", action="append", help="only this language (repeatable)")
    args = parser.parse_args(argv)
    if args.command in ("update", "init"):
        langs = [args.lang] if args.command == "init" else args.lang
        written = catalogs.update(langs)
        for path in written:
            shown = path.relative_to(catalogs.REPO_DIR) if path.is_relative_to(catalogs.REPO_DIR) else path
            print(f"wrote {shown}")
        shipped = ", ".join(langs or catalogs.languages()) or "none"
        print(f"{len(written)} file(s) changed; languages: {shipped}")
        return 0
    status = 0
    for lang in args.lang or catalogs.languages():
        problems = catalogs.check(lang)
        for problem in problems[:50]:
            print(problem)
        if len(problems) > 50:
            print(f"... and {len(problems) - 50} more")
        print(f"{lang}: {len(problems)} entr{'y' if len(problems) == 1 else 'ies'} to do")
        status = status or (1 if problems else 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
