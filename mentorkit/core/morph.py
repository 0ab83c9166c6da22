"""Word shapes the goal checker needs, per language: is this word a verb, and which one?

English uses ``lemminflect``'s lemma table (its data ships in the wheel; :class:`LemmaTable` reads
it). Other languages use :class:`RuleMorphology`, a small rule-based normaliser built from the
``[morphology]`` table of the language's rules file: infinitive endings, conjugation endings mapped
back to the infinitive, clitic pronouns, irregular forms and words that only look like verbs.
Nothing is downloaded.

Words reach these functions lower-cased and, where the rules say so, without accents.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .text import STOPWORDS


class LemmaTable:
    """lemminflect's English lemma lookup, kept as its own sorted text instead of as dicts.

    ``lemminflect.getAllLemmas`` loads its table (about 80,000 lines of ``word,category,lemmas``)
    into one dict per word: 48 MB and 0.4 CPU-s in every kernel that checks a goal. This keeps the
    decompressed file (under 2 MB) and the start of each line, and finds a word by binary search (the
    file is sorted by word). :meth:`lookup` answers exactly what ``getAllLemmas(word)`` answers
    (overrides and capitalisation included); a test compares the two on every word of the table.
    """

    def __init__(self, table: bytes, overrides: Mapping[str, Mapping[str, tuple[str, ...]]]):
        from array import array

        self._data = table
        starts = array("I", [0])
        at = table.find(b"\n")
        while at >= 0 and at + 1 < len(table):
            starts.append(at + 1)
            at = table.find(b"\n", at + 1)
        self._starts = starts
        self._overrides = overrides

    @classmethod
    def from_lemminflect(cls) -> LemmaTable:
        """The table and overrides lemminflect ships in its wheel (nothing is downloaded).

        Read from the installed package's folder without importing it: importing lemminflect
        imports numpy for its out-of-vocabulary models, 15 MB that the lookup does not need."""
        import gzip
        import importlib.util

        spec = importlib.util.find_spec("lemminflect")
        if spec is None or not spec.submodule_search_locations:
            raise ModuleNotFoundError("lemminflect is not installed")
        resources = Path(next(iter(spec.submodule_search_locations))) / "resources"
        with gzip.open(resources / "lemma_lu.csv.gz", "rb") as handle:
            table = handle.read()
        overrides: dict[str, dict[str, tuple[str, ...]]] = {}
        for line in (resources / "lemma_overrides.csv").read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                word, upos, lemma = line.split(",")
                overrides.setdefault(word, {})[upos] = (lemma,)
        return cls(table, overrides)

    def _word_at(self, i: int) -> bytes:
        start = self._starts[i]
        return self._data[start:self._data.index(b",", start)]

    def lookup(self, word: str) -> dict[str, tuple[str, ...]]:
        """The lemmas of ``word`` by part of speech, as ``lemminflect.getAllLemmas(word)``."""
        key = word.lower()
        wanted = key.encode()
        lo, hi = 0, len(self._starts)
        while lo < hi:  # the first line whose word is not before ``key``
            mid = (lo + hi) // 2
            if self._word_at(mid) < wanted:
                lo = mid + 1
            else:
                hi = mid
        found: dict[str, tuple[str, ...]] = {}
        while lo < len(self._starts) and self._word_at(lo) == wanted:
            start = self._starts[lo]
            end = self._data.find(b"\n", start)
            _, category, forms = self._data[start:end if end >= 0 else None].decode().strip().split(",")
            upos = category.upper()
            found["AUX" if upos == "MODAL" else upos] = tuple(forms.split("/"))
            lo += 1
        found.update(self._overrides.get(key, {}))
        return {upos: tuple(_same_caps(f, word) for f in forms) for upos, forms in found.items()}


def _same_caps(form: str, word: str) -> str:
    """``form`` in the capitalisation of ``word`` (all upper, first upper or lower), as lemminflect."""
    if word.isupper():
        return form.upper()
    if word[:1].isupper():
        return form.capitalize()
    return form.lower()


@lru_cache(maxsize=1)
def english_lemmas() -> LemmaTable:
    """The process's one :class:`LemmaTable`, loaded on first use."""
    return LemmaTable.from_lemminflect()


@lru_cache(maxsize=4096)
def lemmas(word: str) -> dict[str, tuple[str, ...]]:
    """lemminflect's lemmas of an English word by part of speech (``{"VERB": ("submit",)}``)."""
    return english_lemmas().lookup(word)


def english_verb(word: str) -> str | None:
    """The verb lemma of ``word`` ("submitted" -> "submit"), the word itself when it is unknown to
    the lemmatiser (a typo such as "finsh"), or None when it is known but never a verb."""
    lem = lemmas(word)
    if "VERB" in lem:
        return lem["VERB"][0].casefold()
    if lem or word in STOPWORDS or word.isdigit():
        return None
    return word


def _set(items: Iterable[object]) -> frozenset[str]:
    return frozenset(str(i).casefold() for i in items)


@dataclass(frozen=True)
class RuleMorphology:
    """Verbs recognised by their endings (Spanish and languages built like it).

    * an infinitive (``-ar``/``-er``/``-ir``), alone or with clitics (``sacarme``, ``pedirle``);
    * a conjugated form whose ending maps back to an infinitive ending (``presentaré`` ->
      ``presentar``, ``aprobando`` -> ``aprobar``); where an ending fits two infinitives
      (``-iendo``: ``-er`` or ``-ir``) the one among ``known`` verbs wins;
    * an irregular form listed in ``irregular`` (``haré`` -> ``hacer``).

    A reflexive clitic (``me``, ``te``, ``se`` ...) makes the lemma reflexive: ``ponerme`` ->
    ``ponerse``, so that "ponerse en forma" (a state) and "poner en marcha" (an action) differ.
    """

    infinitives: tuple[str, ...]
    endings: tuple[tuple[str, tuple[str, ...]], ...]
    gerunds: tuple[str, ...]
    participles: tuple[str, ...]
    clitics: tuple[str, ...]
    reflexive: frozenset[str]
    irregular: Mapping[str, str]
    not_verbs: frozenset[str]
    adjective_endings: tuple[str, ...]
    known: frozenset[str]
    min_stem: int = 2

    @classmethod
    def from_rules(cls, data: Mapping[str, Any], known: Iterable[str]) -> RuleMorphology:
        """Build from the ``[morphology]`` table of a rules file; ``known`` are the verbs the
        word lists name (they settle ambiguous endings)."""
        by_length = sorted(data.get("endings", []), key=lambda e: len(str(e[0])), reverse=True)
        return cls(
            infinitives=tuple(str(e) for e in data.get("infinitive_endings", [])),
            endings=tuple((str(e[0]), tuple(str(x) for x in e[1:])) for e in by_length),
            gerunds=tuple(str(e) for e in data.get("gerund_endings", [])),
            participles=tuple(str(e) for e in data.get("participle_endings", [])),
            clitics=tuple(sorted((str(c) for c in data.get("clitics", [])), key=len, reverse=True)),
            reflexive=_set(data.get("reflexive_clitics", [])),
            irregular={str(k): str(v) for k, v in data.get("irregular", {}).items()},
            not_verbs=_set(data.get("not_verbs", [])),
            adjective_endings=tuple(str(e) for e in data.get("adjective_endings", [])),
            known=_set(known),
            min_stem=int(data.get("min_stem", 2)),
        )

    def _unclitic(self, word: str) -> tuple[str, bool]:
        """``sacarme`` -> (``sacar``, True); ``preguntarles`` -> (``preguntar``, False)."""
        reflexive = False
        for _ in range(2):  # at most two clitics: "dármelo"
            for clitic in self.clitics:
                stem = word[: -len(clitic)]
                if word.endswith(clitic) and len(stem) > self.min_stem + 1 and (
                    stem.endswith(self.infinitives) or stem.endswith(self.gerunds)
                ):
                    reflexive = reflexive or clitic in self.reflexive
                    word = stem
                    break
            else:
                break
        return word, reflexive

    def verb(self, word: str) -> str | None:
        """The infinitive of ``word`` if it reads as a verb form, else None."""
        if not word or word in self.not_verbs or word.isdigit() or not word.isalpha():
            return None
        if word in self.irregular:
            return self.irregular[word]
        base, reflexive = self._unclitic(word)
        lemma = None
        if base.endswith(self.infinitives) and len(base) > self.min_stem + 1:
            lemma = base
        else:
            for ending, replacements in self.endings:
                stem = base[: -len(ending)]
                if base.endswith(ending) and len(stem) >= self.min_stem:
                    options = [stem + r for r in replacements]
                    lemma = next((o for o in options if o in self.known), options[0])
                    break
        if lemma is None:
            return None
        return lemma + "se" if reflexive and not lemma.endswith("se") else lemma

    def is_verb(self, word: str) -> bool:
        """True when ``word`` reads as a verb form."""
        return self.verb(word) is not None

    def is_infinitive(self, word: str) -> bool:
        """``terminar``, ``inscribirme``: a verb in its dictionary form."""
        base, _ = self._unclitic(word)
        long_enough = len(base) > self.min_stem + 1
        return word not in self.not_verbs and base.endswith(self.infinitives) and long_enough

    def is_gerund(self, word: str) -> bool:
        """``aprobando``, ``haciéndolo``: the form that names a means ("by doing")."""
        base, _ = self._unclitic(word)
        return (
            word not in self.not_verbs
            and any(base.endswith(g) and len(base) > len(g) for g in self.gerunds)  # "dando": dar
        )

    def is_participle(self, word: str) -> bool:
        """``ascendido``, ``contratada``: after "ser", a passive (something that happens)."""
        return word not in self.not_verbs and any(
            word.endswith(p) and len(word) - len(p) >= self.min_stem for p in self.participles
        )

    def is_adjective(self, word: str) -> bool:
        """``puntual``, ``feliz``, ``amable``: an adjective by its ending (a quality, not a role)."""
        return word.endswith(self.adjective_endings) and not self.is_participle(word)
