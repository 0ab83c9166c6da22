"""How often the goal, outreach and agreement checkers agree with a careful reader, per language.

Reads the labelled corpora in tests/data/ (English) and tests/data/<lang>/ (other languages, checked
with ``with_rules(bundled(), lang)``) and prints, per criterion, the share of items where the
checker's verdict equals the label: overall and on the held-out part (the ~30% of each corpus the
rules were never tuned on), one column group per language. English goals also have a "fresh"
part, written after the rules were frozen; it counts in "overall" and is printed on its own.
``--show dev`` lists the disagreements on the tuning part only; ``--lang es`` one language.

    PYTHONPATH=$PWD python benchmarks/checker_agreement.py [--show dev] [--lang es]
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from mentorkit.content import Content, bundled
from mentorkit.content.overlay import with_rules
from mentorkit.core.agreement import clause_verdict
from mentorkit.core.outreach import check_message
from mentorkit.core.smart import check_goal
from mentorkit.model import Contact, Goal
from mentorkit.tomlfile import parse_toml

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
#: The languages with a labelled corpus: English in tests/data/, the others in tests/data/<lang>/.
LANGUAGES = ("en", "es")


def data_dir(lang: str) -> Path:
    """Where the labelled corpora of ``lang`` are."""
    return DATA if lang == "en" else DATA / lang


def content_for_language(lang: str) -> Content:
    """The bundled content with the checker rules of ``lang`` laid over it."""
    return with_rules(bundled(), lang)
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


def goals(lang: str = "en") -> dict[str, Tally]:
    """Agreement of the SMART check on the goals corpus, per criterion."""
    with open(data_dir(lang) / "goals_corpus.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        row["_labels"] = {k: row[k] == "1" for k in GOAL_KEYS}
        row["_show"] = row["text"]
    content = content_for_language(lang)

    def verdicts(row: dict) -> dict:
        return check_goal(Goal(text=row["text"]), content=content).keys_ok

    return _tally(rows, GOAL_KEYS, verdicts, "goal")


def outreach(lang: str = "en") -> dict[str, Tally]:
    """Agreement of the outreach check on the drafts corpus, per check."""
    path = data_dir(lang) / "outreach_corpus.toml"
    rows = parse_toml(path.read_text(encoding="utf-8"), path.name)["draft"]
    for row in rows:
        row["_labels"] = {v: bool(row[k]) for k, v in OUTREACH_KEYS.items()}
        row["_show"] = (row["subject"] + " / " + row["body"][:70]).replace("\n", " ")
    content = content_for_language(lang)

    def verdicts(row: dict) -> dict:
        contact = Contact(name="", expertise=row.get("expertise", ""))
        return check_message(row["subject"], row["body"], contact, channel=row["channel"],
                             content=content).keys_ok

    return _tally(rows, OUTREACH_KEYS.values(), verdicts, "draft")


def agreement(lang: str = "en") -> dict[str, Tally]:
    """Agreement of the clause check on the agreement corpus (ok / vague / missing), per field."""
    path = data_dir(lang) / "agreement_corpus.toml"
    rows = parse_toml(path.read_text(encoding="utf-8"), path.name)["clause"]
    fields = sorted({r["field"] for r in rows})
    tallies = {f: Tally() for f in fields}
    content = content_for_language(lang)
    for row in rows:
        got = clause_verdict(row["field"], row["text"], content=content)
        tallies[row["field"]].add(got == row["label"], row["split"],
                                  f"clause {row['field']}: {row['text']!r} "
                                  f"label={row['label']} checker={got}")
    return tallies


def measure(lang: str = "en") -> dict[str, dict[str, Tally]]:
    """Every corpus's tallies in ``lang``: ``{"goals": {...}, "outreach": {...}, "agreement": {...}}``."""
    return {"goals": goals(lang), "outreach": outreach(lang), "agreement": agreement(lang)}


def measure_all(langs: Iterable[str] = LANGUAGES) -> dict[str, dict[str, dict[str, Tally]]]:
    """``{lang: measure(lang)}`` for every language with a corpus."""
    return {lang: measure(lang) for lang in langs}


def _cell(agree: int, total: int) -> str:
    return f"{agree / total:>6.1%} ({agree}/{total})" if total else "-"


def _checker_totals(tallies: dict[str, Tally]) -> Tally:
    """All criteria of one checker pooled: every (item, criterion) verdict counts once."""
    pooled = Tally()
    for t in tallies.values():
        pooled.agree += t.agree
        pooled.total += t.total
        pooled.held_agree += t.held_agree
        pooled.held_total += t.held_total
        pooled.fresh_agree += t.fresh_agree
        pooled.fresh_total += t.fresh_total
    return pooled


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", choices=["dev"], help="list disagreements on the tuning (dev) part")
    parser.add_argument("--lang", choices=LANGUAGES, action="append",
                        help="measure only this language (repeatable; default: all)")
    args = parser.parse_args(argv)
    results = measure_all(args.lang or LANGUAGES)
    langs = list(results)
    first = results[langs[0]]
    header = f"{'corpus':<10} {'criterion':<16}"
    for lang in langs:
        header += f" | {lang + ' overall':<17} {lang + ' held-out':<15} {lang + ' fresh':<15}"
    print(header)
    for corpus in first:
        rows = [*first[corpus], "(all)"]
        for key in rows:
            line = f"{corpus:<10} {key:<16}"
            for lang in langs:
                tallies = results[lang][corpus]
                t = _checker_totals(tallies) if key == "(all)" else tallies.get(key)
                if t is None:
                    line += f" | {'-':<17} {'-':<15} {'-':<15}"
                    continue
                line += (f" | {_cell(t.agree, t.total):<17} {_cell(t.held_agree, t.held_total):<15}"
                         f" {_cell(t.fresh_agree, t.fresh_total):<15}")
            print(line)
    if args.show:
        for lang, corpora in results.items():
            for tallies in corpora.values():
                for t in tallies.values():
                    for miss in t.misses:
                        print(f"   [{lang}]", miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
