"""How often the goal, outreach and agreement checkers agree with a careful reader.

Reads the labelled corpora in tests/data/ and prints, per criterion, the share of items where the
checker's verdict equals the label: overall and on the held-out part (the ~30% of each corpus the
rules were never tuned on). Goals also have a "fresh" part, written after the rules were frozen;
it counts in "overall" and is printed on its own. ``--show dev`` lists the disagreements on the
tuning part only.

    PYTHONPATH=$PWD python benchmarks/checker_agreement.py [--show dev]
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from mentorkit.core.agreement import clause_verdict
from mentorkit.core.outreach import check_message
from mentorkit.core.smart import check_goal
from mentorkit.model import Contact, Goal
from mentorkit.tomlfile import parse_toml

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
GOAL_KEYS = ("specific", "measurable", "time_bound")
OUTREACH_KEYS = {  # corpus field -> check key
    "length": "length",
    "subject_ok": "subject",
    "why_you": "why_you",
    "small_ask": "small_ask",
    "no_job_request": "no_job_request",
    "polite_close": "polite_close",
    "placeholders": "placeholders",
}


@dataclass
class Tally:
    """Agreement counts for one criterion, overall and on the held-out part."""

    agree: int = 0
    total: int = 0
    held_agree: int = 0
    held_total: int = 0
    fresh_agree: int = 0
    fresh_total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, split: str, item: str) -> None:
        self.total += 1
        self.agree += ok
        if split == "held_out":
            self.held_total += 1
            self.held_agree += ok
        elif split == "fresh":
            self.fresh_total += 1
            self.fresh_agree += ok
        elif not ok:
            self.misses.append(item)

    @property
    def overall(self) -> float:
        return self.agree / self.total if self.total else 1.0

    @property
    def held_out(self) -> float:
        return self.held_agree / self.held_total if self.held_total else 1.0

    @property
    def fresh(self) -> float:
        return self.fresh_agree / self.fresh_total if self.fresh_total else 1.0


def _tally(items: Iterable[dict], keys: Iterable[str], verdicts: Callable[[dict], dict], name: str) -> dict:
    tallies = {k: Tally() for k in keys}
    for row in items:
        got = verdicts(row)
        for key, tally in tallies.items():
            tally.add(got[key] == row["_labels"][key], row["split"], f"{name}: {row['_show']}"
                      f" | {key}: label={row['_labels'][key]} checker={got[key]}")
    return tallies


def goals() -> dict[str, Tally]:
    """Agreement of the SMART check on the goals corpus, per criterion."""
    with open(DATA / "goals_corpus.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        row["_labels"] = {k: row[k] == "1" for k in GOAL_KEYS}
        row["_show"] = row["text"]

    def verdicts(row: dict) -> dict:
        return check_goal(Goal(text=row["text"])).keys_ok

    return _tally(rows, GOAL_KEYS, verdicts, "goal")


def outreach() -> dict[str, Tally]:
    """Agreement of the outreach check on the drafts corpus, per check."""
    path = DATA / "outreach_corpus.toml"
    rows = parse_toml(path.read_text(encoding="utf-8"), path.name)["draft"]
    for row in rows:
        row["_labels"] = {v: bool(row[k]) for k, v in OUTREACH_KEYS.items()}
        row["_show"] = (row["subject"] + " / " + row["body"][:70]).replace("\n", " ")

    def verdicts(row: dict) -> dict:
        contact = Contact(name="", expertise=row.get("expertise", ""))
        return check_message(row["subject"], row["body"], contact, channel=row["channel"]).keys_ok

    return _tally(rows, OUTREACH_KEYS.values(), verdicts, "draft")


def agreement() -> dict[str, Tally]:
    """Agreement of the clause check on the agreement corpus (ok / vague / missing), per field."""
    path = DATA / "agreement_corpus.toml"
    rows = parse_toml(path.read_text(encoding="utf-8"), path.name)["clause"]
    fields = sorted({r["field"] for r in rows})
    tallies = {f: Tally() for f in fields}
    for row in rows:
        got = clause_verdict(row["field"], row["text"])
        tallies[row["field"]].add(got == row["label"], row["split"],
                                  f"clause {row['field']}: {row['text']!r} "
                                  f"label={row['label']} checker={got}")
    return tallies


def measure() -> dict[str, dict[str, Tally]]:
    """Every corpus's tallies: ``{"goals": {...}, "outreach": {...}, "agreement": {...}}``."""
    return {"goals": goals(), "outreach": outreach(), "agreement": agreement()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", choices=["dev"], help="list disagreements on the tuning (dev) part")
    args = parser.parse_args(argv)
    results = measure()
    print(f"{'corpus':<10} {'criterion':<16} {'overall':<17} {'held-out':<15} fresh")
    for corpus, tallies in results.items():
        for key, t in tallies.items():
            fresh = f"{t.fresh:.1%} ({t.fresh_agree}/{t.fresh_total})" if t.fresh_total else "-"
            print(f"{corpus:<10} {key:<16} {t.overall:>6.1%} ({t.agree}/{t.total})  "
                  f"{t.held_out:>6.1%} ({t.held_agree}/{t.held_total})  {fresh}")
    if args.show:
        for tallies in results.values():
            for t in tallies.values():
                for miss in t.misses:
                    print("  ", miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
