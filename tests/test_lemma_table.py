"""The compact English lemma table answers exactly what lemminflect's own lookup answers."""

from __future__ import annotations

import gzip
import importlib.util
import subprocess
import sys
from pathlib import Path

from lemminflect import getAllLemmas

from mentorkit.core.morph import LemmaTable, english_lemmas


def _table_words() -> list[str]:
    spec = importlib.util.find_spec("lemminflect")
    assert spec is not None and spec.submodule_search_locations
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "lemma_lu.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return sorted({line.split(",", 1)[0] for line in handle})


def test_every_word_of_the_table_gets_lemminflects_answer() -> None:
    table = english_lemmas()
    words = _table_words()
    assert len(words) > 50_000
    extra = ["Submitted", "RUNNING", "Leading", "xyzzy", "", "zzzz", "a", "'d", "Ca", "teaching"]
    different = [w for w in [*words, *extra] if table.lookup(w) != getAllLemmas(w)]
    assert different == []


def test_words_before_the_first_and_after_the_last_entry_have_no_lemmas() -> None:
    table = LemmaTable(b"bee,noun,bee\nbees,noun,bee\nbees,verb,bee\n", {"bees": {"ADJ": ("beesy",)}})
    assert table.lookup("aardvark") == {} and table.lookup("zebra") == {}
    assert table.lookup("Bees") == {"NOUN": ("Bee",), "VERB": ("Bee",), "ADJ": ("Beesy",)}


def test_the_table_loads_without_importing_lemminflect_or_numpy() -> None:
    code = ("import sys; from mentorkit.core.morph import lemmas; assert lemmas('submitted') == "
            "{'VERB': ('submit',)}; print('lemminflect' in sys.modules, 'numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
