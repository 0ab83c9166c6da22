"""Small, dependency-free text helpers shared by the checks: words, phrases, loose word matching."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

WORD = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿ]+(?:['’\-][0-9A-Za-zÀ-ÖØ-öø-ÿ]+)*")

#: Little words that never carry meaning on their own when comparing texts.
_STOP = (
    """a an and the of to in on for with by at from into about as or my our your their his her its i
    me we you they it is are be been am was were this that these those will would can could should
    than then so up out more most some any all each every per via over under"""
)
STOPWORDS = frozenset(_STOP.split())


def words(text: str) -> list[str]:
    """The words of ``text``, lower-cased (hyphenated words and contractions stay whole)."""
    return [w.casefold().replace("’", "'") for w in WORD.findall(text or "")]


_KEEP_MARKS = {"n\u0303", "N\u0303"}  # ñ and Ñ stay: "año" is not "ano"


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """``text`` without accents or diaeresis (``inglés`` -> ``ingles``, ``pingüino`` -> ``pinguino``),
    keeping ``ñ``; composed first, so one character stays one character."""
    out = []
    for ch in unicodedata.normalize("NFC", text or ""):
        base = unicodedata.normalize("NFD", ch)
        out.append(ch if len(base) == 1 or base in _KEEP_MARKS else base[0])
    return "".join(out)


def as_typed(phrase: str, text: str) -> str:
    """``phrase`` (lower-case words found in the folded ``text``) as the writer typed it: the span of
    ``text`` from its first word to its last, accents and capitals kept ("mas" -> "más"); the
    words skipped between them come back too ("aprobar examen b2 ingles" -> "aprobar el examen B2 de
    inglés"). ``phrase`` itself when it cannot be found."""
    typed = unicodedata.normalize("NFC", text or "")
    folded = fold(typed).lower()
    found = phrase.split()
    if not found or len(folded) != len(typed):
        return phrase
    first = re.search(rf"(?<!\w){re.escape(found[0])}(?!\w)", folded)
    if first is None:
        return phrase
    end = first.end()
    if len(found) > 1:
        last = re.search(rf"(?<!\w){re.escape(found[-1])}(?!\w)", folded[first.end():])
        if last is None:
            return phrase
        end = first.end() + last.end()
    return typed[first.start():end]


def word_count(text: str) -> int:
    """How many words ``text`` has, counted the way a reader would."""
    return len(WORD.findall(text or ""))


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Lower-case, straight quotes, single spaces, dashes as spaces: for phrase matching."""
    text = (text or "").casefold().replace("’", "'").replace("–", "-").replace("—", "-")
    return " " + " ".join(words(text.replace("-", " "))) + " "


def has_phrase(text: str, phrases: Iterable[str]) -> str | None:
    """The first phrase (whole words, any case) found in ``text``, or None."""
    haystack = normalise(text)
    for phrase in phrases:
        needle = normalise(phrase)
        if needle.strip() and needle in haystack:
            return phrase
    return None


def content_words(text: str) -> list[str]:
    """Words of ``text`` without stop words and without one- or two-letter words."""
    return [w for w in words(text) if w not in STOPWORDS and len(w) > 2]


def related(a: str, b: str) -> bool:
    """Loose match of two words sharing a root: ``collaborate``/``collaboration``, ``fair``/``fairness``.

    Two words match when one is a prefix of the other and the shorter has at least four letters,
    or when they share their first five letters.
    """
    a, b = a.casefold(), b.casefold()
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 4 and long_.startswith(short):
        return True
    return len(short) >= 5 and a[:5] == b[:5]


def mentions(text: str, topic: str) -> bool:
    """True when ``text`` shares a content word (loosely, see :func:`related`) with ``topic``."""
    topic_words = [w for w in content_words(topic) if len(w) >= 4]
    if not topic_words:
        return False
    text_words = content_words(text)
    return any(related(t, w) for t in topic_words for w in text_words)
