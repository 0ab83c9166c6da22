"""The checkers agree with a careful reader on the labelled corpora in tests/data/.

Fails below 95% agreement overall or below 90% on the parts the rules were never tuned on (the
held-out ~30% and, where it has at least 30 items, the "fresh" set written after the rules were
frozen), per criterion. The same gates hold for Spanish (tests/data/es/, checked with the Spanish
rules of mentorkit/content/rules/es/).
Figures: ``python benchmarks/checker_agreement.py``.
"""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path

import pytest

from mentorkit.tomlfile import parse_toml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


def _benchmark():
    path = ROOT / "benchmarks" / "checker_agreement.py"
    spec = importlib.util.spec_from_file_location("checker_agreement", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


BENCHMARK = _benchmark()
RESULTS = BENCHMARK.measure()
CASES = [(corpus, key) for corpus, tallies in RESULTS.items() for key in tallies]
ES_RESULTS = BENCHMARK.measure("es")
ES_CASES = [(corpus, key) for corpus, tallies in ES_RESULTS.items() for key in tallies]


@pytest.mark.parametrize("corpus, key", CASES)
def test_agreement_per_criterion(corpus, key):
    tally = RESULTS[corpus][key]
    assert tally.overall >= 0.95, f"{corpus}/{key}: {tally.agree}/{tally.total} overall"
    assert tally.held_total and tally.held_out >= 0.90, (
        f"{corpus}/{key}: {tally.held_agree}/{tally.held_total} held out")
    if tally.fresh_total >= 30:  # smaller fresh sets are reported by the benchmark, not gated
        assert tally.fresh >= 0.90, f"{corpus}/{key}: {tally.fresh_agree}/{tally.fresh_total} fresh"


def test_corpus_sizes_and_splits():
    with open(DATA / "goals_corpus.csv", encoding="utf-8", newline="") as fh:
        goals = list(csv.DictReader(fh))
    drafts = parse_toml((DATA / "outreach_corpus.toml").read_text(encoding="utf-8"), "o")["draft"]
    clauses = parse_toml((DATA / "agreement_corpus.toml").read_text(encoding="utf-8"), "a")["clause"]
    assert len(goals) >= 250 and len(drafts) >= 60 and len(clauses) >= 40
    for rows in (goals, drafts, clauses):
        share = sum(r["split"] in ("held_out", "fresh") for r in rows) / len(rows)  # never tuned on
        assert 0.25 <= share <= 0.4, share
        assert {r["split"] for r in rows} <= {"dev", "held_out", "fresh"}
    assert all(r[k] in ("0", "1") for r in goals for k in ("specific", "measurable", "time_bound"))
    assert {d["kind"] for d in drafts} == {"email", "linkedin", "introduction", "follow_up", "thank_you"}
    assert {c["label"] for c in clauses} == {"ok", "vague", "missing"}


@pytest.mark.parametrize("corpus, key", ES_CASES)
def test_spanish_agreement_per_criterion(corpus, key):
    tally = ES_RESULTS[corpus][key]
    assert tally.overall >= 0.95, f"es {corpus}/{key}: {tally.agree}/{tally.total} overall"
    assert tally.held_total and tally.held_out >= 0.90, (
        f"es {corpus}/{key}: {tally.held_agree}/{tally.held_total} held out")
    if tally.fresh_total >= 30:
        assert tally.fresh >= 0.90, f"es {corpus}/{key}: {tally.fresh_agree}/{tally.fresh_total} fresh"


def test_spanish_corpus_sizes_and_splits():
    es = DATA / "es"
    with open(es / "goals_corpus.csv", encoding="utf-8", newline="") as fh:
        goals = list(csv.DictReader(fh))
    drafts = parse_toml((es / "outreach_corpus.toml").read_text(encoding="utf-8"), "o")["draft"]
    clauses = parse_toml((es / "agreement_corpus.toml").read_text(encoding="utf-8"), "a")["clause"]
    assert len(goals) >= 120 and len(drafts) >= 30 and len(clauses) >= 30
    for rows in (goals, drafts, clauses):
        # about 30% put aside before tuning (less once a fresh set is measured and folded into dev)
        held = sum(r["split"] == "held_out" for r in rows) / len(rows)
        never_tuned = sum(r["split"] in ("held_out", "fresh") for r in rows) / len(rows)
        assert 0.2 <= held <= 0.35 and never_tuned <= 0.45, (held, never_tuned)
        assert {r["split"] for r in rows} <= {"dev", "held_out", "fresh"}
    assert all(r[k] in ("0", "1") for r in goals for k in ("specific", "measurable", "time_bound"))
    assert {d["kind"] for d in drafts} == {"email", "linkedin", "introduction", "follow_up", "thank_you"}
    assert {c["label"] for c in clauses} == {"ok", "vague", "missing"}
    assert {c["field"] for c in clauses} == {"confidentiality", "feedback", "ending", "ground_rule"}
