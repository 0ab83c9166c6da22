"""The SMART check of one goal: specific, measurable, achievable, relevant, time-bound.

The verdict is advice, never a gate: ``SmartResult.score`` says how many of the five parts a
careful reader would find, and every failing check says what to add, with an example built from
the participant's own words. The rules were tuned against the labelled corpus in
``tests/data/goals_corpus.csv`` (see ``benchmarks/checker_agreement.py``).

* **specific** – there is no verb list. A goal is specific unless something makes it vague: an
  improvement verb without a number or a concrete means ("improve", "grow", "learn", "work on"),
  a state instead of an action ("be more confident", "get fit", "become a better listener"), a
  comparative without a number ("network more", "get better grades"), an abstract or generic
  object ("develop my skills", "get a job") or no object at all. A concrete second step rescues a
  vague head: "Improve my presentation skills by giving three talks". Verbs are compared by their
  lemma (``lemminflect``), so "submitted" is "submit".
* **measurable** – ``goal.measure`` is filled, or the text has a quantity (a number that is not
  part of a name such as "Python 3", "Windows 11", "chapter 3", and not part of the deadline), or
  it names one concrete thing to finish (a specific goal whose action is not an open-ended habit).
* **achievable** – the target date (if any) is not in the past and not more than ``max_months``
  away, and the text avoids all-or-nothing words ("perfect", "always", "world-class" ...).
* **relevant** – the goal uses the participant's own words: one of their values or a skill they
  want to grow (target above current). A ticked benefit counts only when the goal's words serve
  it (``[relevant.benefit_words]`` in ``smart.toml``): ticking "networking" on "Run a marathon"
  does not make it relevant.
* **time-bound** – ``goal.target_date`` is set, or the text names a deadline or time frame:
  dates, months, weekdays, holidays, quarters, semesters and terms, "next ...", "within the next
  ...", "until ...", "in a fortnight", "before my annual review". A frequency ("twice a month") is
  not a deadline.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from ..content import Content, bundled
from ..model import Goal, Workbook
from .checks import Check, CheckResult, advice, advice_texts
from .dates import day_text
from .morph import RuleMorphology, english_verb, lemmas
from .text import STOPWORDS, as_typed, fold, has_phrase, mentions, normalise, related, words

KEYS = ("specific", "measurable", "achievable", "relevant", "time_bound")


@dataclass
class SmartResult(CheckResult):
    """The SMART checks of one goal, keyed ``specific``, ``measurable``, ``achievable``,
    ``relevant`` and ``time_bound``. ``score`` (from :class:`CheckResult`) counts the parts found;
    ``advice`` is the first thing to add, or "" when all five are there."""

    goal_id: str = ""
    verb: str | None = None
    horizon: str | None = None
    ties: list[str] = field(default_factory=list)
    advice: str = ""


@dataclass(frozen=True)
class _Lists:
    vague_verbs: frozenset[str]
    state_verbs: frozenset[str]
    perception: frozenset[str]
    vague_phrases: tuple[str, ...]
    comparatives: frozenset[str]
    vague_roles: tuple[str, ...]
    abstract_objects: frozenset[str]
    abstract_verbs: frozenset[str]
    generic_objects: frozenset[str]
    wrappers: frozenset[str]
    name_nouns: frozenset[str]
    ongoing: frozenset[str]
    numbers: frozenset[str]
    number_phrases: tuple[str, ...]
    count_words: frozenset[str]
    overreach: tuple[str, ...]
    benefit_words: dict[str, tuple[str, ...]]
    horizon: re.Pattern[str]
    horizon_vocab: frozenset[str]
    max_months: int
    language: str = "en"
    #: Rule-based verbs for languages other than English (None: lemminflect).
    morph: RuleMorphology | None = None
    #: Compare without accents ("ingles" = "inglés"): the words are folded, the lists too.
    fold: bool = False
    grammar: _Grammar | None = None
    #: Quantities written as patterns ("de B1 a B2").
    number_patterns: re.Pattern[str] | None = None


@dataclass(frozen=True)
class _Grammar:
    """The little words a language's goal reader needs (``[grammar]`` of a rules file)."""

    stopwords: frozenset[str]
    articles: frozenset[str]
    determiners: frozenset[str]
    prepositions: frozenset[str]
    role_verbs: frozenset[str]
    role_links: frozenset[str]
    pre_adjectives: frozenset[str]
    joins: frozenset[str]
    not_heads: frozenset[str]
    proclitics: frozenset[str]


_PREPOSITIONS = frozenset(
    [
        "for",
        "with",
        "in",
        "at",
        "on",
        "of",
        "to",
        "about",
        "from",
        "by",
        "into",
        "as",
        "through",
        "across",
        "within",
        "between",
        "during",
        "after",
    ]
)
_DETERMINERS = frozenset(
    [
        "a",
        "an",
        "the",
        "my",
        "our",
        "your",
        "their",
        "his",
        "her",
        "its",
        "this",
        "that",
        "these",
        "those",
        "some",
    ]
)


def _set(items: Iterable[object]) -> frozenset[str]:
    return frozenset(str(i).casefold() for i in items)


def _alt(items: list[str]) -> str:
    ordered = sorted({normalise(i).strip() for i in items if str(i).strip()}, key=len, reverse=True)
    return "|".join(re.escape(i) for i in ordered)


def _lists(content: Content | None) -> _Lists:
    """The compiled word lists and deadline pattern of ``smart.toml``, built once per Content object."""
    return (content or bundled()).derived("smart.lists", lambda c: _build_lists(c.get("smart")))


def _build_lists(data: Mapping[str, Any]) -> _Lists:
    if "morphology" in data:
        return _build_rule_lists(data)
    sp = data.get("specific", {})
    hz = data.get("horizon", {})
    months, weekdays = _alt(hz.get("months", [])), _alt(hz.get("weekdays", []))
    periods, holidays = _alt(hz.get("periods", [])), _alt(hz.get("holidays", []))
    events, leads = _alt(hz.get("events", [])), _alt(hz.get("lead_words", []))
    units, unit_leads = _alt(hz.get("units", [])), _alt(hz.get("unit_lead_words", []))
    fixed = _alt(hz.get("phrases", []))
    qty = (
        r"\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|eighteen"
        r"|twenty|thirty|few|a few|couple of|a couple of|the next|next"
    )
    things = "|".join(x for x in (months, weekdays, periods, holidays) if x)
    ordinal = r"(?:first|second|third|fourth|last|final|1st|2nd|3rd|4th)"
    parts = []
    if leads and things:
        parts.append(
            rf"(?:{leads}) (?:the |this |next |my |our |coming )?(?:early |mid |late )?(?:{things})"
            rf"(?:'s)?(?: \d{{4}})?"
        )
    if months:
        parts += [
            rf"\d{{1,2}}(?:st|nd|rd|th)? (?:of )?(?:{months})",
            rf"(?:{months}) \d{{1,2}}(?:st|nd|rd|th)?\b",
            rf"of (?:{months})",
            rf"{ordinal} (?:week|weekend|day|{weekdays or 'monday'}) (?:of|in) (?:{months})",
        ]
    if this_next := "|".join(x for x in (periods, weekdays, holidays) if x):
        parts.append(rf"(?:this|next|coming) (?:{this_next})")
    parts.append(
        r"(?:by |before |until |till |at |from |in )?(?:the )?(?:end|start|beginning|middle) of "
        r"(?:the |this |next |my |our )?[a-z0-9]+"
    )
    parts.append(r"(?:by|before|until|at|from|after) (?:the |my |our )?next [a-z0-9]+")
    parts.append(r"(?:by|before|until|in|during|after) (?:week|wk) \d+")
    parts.append(r"(?:by|before|in|until|during|end of|from) (?:19|20)\d\d")
    parts.append(r"(?:19|20)\d\d \d{1,2} \d{1,2}|\d{1,2} \d{1,2} (?:19|20)\d\d")
    if unit_leads and units:
        parts.append(rf"(?:{unit_leads}) (?:(?:{qty}) )?(?:(?:{qty}) )?(?:{units})")
    if events:
        parts.append(
            rf"(?:before|by|until) (?:my |our |the |your )?(?:next )?(?:[a-z0-9']+ ){{0,2}}(?:{events})"
        )
    parts.append(r"before (?:i|we) [a-z]+")
    parts.append(r"(?:by|before|until|on|after) (?:the )?[a-z']+ day")
    if fixed:
        parts.append(rf"(?:{fixed})")
    pattern = re.compile(r" (?:" + "|".join(f"(?:{p})" for p in parts) + r")(?= )")
    vocab = {
        w
        for key in ("months", "weekdays", "periods", "holidays", "lead_words", "units", "unit_lead_words")
        for item in hz.get(key, [])
        for w in words(str(item))
        if len(w) >= 6
    }
    numbers = [str(n) for n in data.get("number_words", [])]
    lists = _Lists(
        vague_verbs=_set(sp.get("vague_verbs", [])),
        state_verbs=_set(sp.get("state_verbs", [])),
        perception=_set(sp.get("perception_verbs", [])),
        vague_phrases=tuple(sp.get("vague_phrases", [])),
        comparatives=_set(sp.get("comparatives", [])),
        vague_roles=tuple(sp.get("vague_roles", [])),
        abstract_objects=_set(w for item in sp.get("abstract_objects", []) for w in words(item)),
        abstract_verbs=_set(sp.get("abstract_verbs", [])),
        generic_objects=_set(w for item in sp.get("generic_objects", []) for w in words(item)),
        wrappers=_set(sp.get("wrappers", [])),
        name_nouns=_set(sp.get("name_nouns", [])),
        ongoing=_set(sp.get("ongoing_verbs", [])),
        numbers=_set(n for n in numbers if " " not in n),
        number_phrases=tuple(n for n in numbers if " " in n),
        count_words=_set(data.get("count_words", [])),
        overreach=tuple(data.get("overreach_words", [])),
        benefit_words={
            str(k): tuple(v) for k, v in data.get("relevant", {}).get("benefit_words", {}).items()
        },
        horizon=pattern,
        horizon_vocab=frozenset(vocab),
        max_months=int(data.get("limits", {}).get("max_months", 24)),
    )
    return lists


_LIST_NAME = re.compile(r"\{([a-z_]+)\}")


def _compiled(patterns: list[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def _build_rule_lists(data: Mapping[str, Any]) -> _Lists:
    """The lists of a rules file for another language (one with a ``[morphology]`` table).

    Its deadline patterns are written in the file (``[horizon] patterns``), with ``{name}`` standing
    for the alternation of the ``[horizon]`` list ``name``; its words are folded (no accents) when
    ``fold_accents`` is true, so "ingles" matches "inglés".
    """
    folding = bool(data.get("fold_accents", False))

    def f(item: object) -> str:
        text = str(item).casefold()
        return fold(text) if folding else text

    def fset(items: Iterable[object]) -> frozenset[str]:
        return frozenset(f(i) for i in items)

    sp = data.get("specific", {})
    hz = data.get("horizon", {})
    gr = data.get("grammar", {})
    lists_by_name = {
        str(k): [f(i) for i in v] for k, v in hz.items() if isinstance(v, tuple) and k != "patterns"
    }

    def expand(template: str) -> str:
        def one(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in lists_by_name:
                raise ValueError(f"smart rules: [horizon] patterns name an unknown list {{{name}}}")
            return "(?:" + _alt(lists_by_name[name]) + ")"

        return _LIST_NAME.sub(one, template)

    # the patterns' own words are folded like the text ("próximo"); not lower-cased (\D is not \d)
    parts = [expand(fold(str(p)) if folding else str(p)) for p in hz.get("patterns", [])]
    pattern = re.compile(r" (?:" + "|".join(f"(?:{p})" for p in parts) + r")(?= )" if parts else r"(?!x)x")
    numbers = [f(n) for n in data.get("number_words", [])]
    verb_lists = ("vague_verbs", "state_verbs", "abstract_verbs", "ongoing_verbs", "role_verbs")
    known = {f(v) for key in verb_lists for v in (*sp.get(key, ()), *gr.get(key, ()))}
    def deep(value: Any) -> Any:
        if isinstance(value, str):
            return f(value)
        if isinstance(value, Mapping):
            return {f(k): deep(v) for k, v in value.items()}
        if isinstance(value, tuple):
            return tuple(deep(v) for v in value)
        return value

    morph = RuleMorphology.from_rules(deep(data.get("morphology", {})), known)
    grammar = _Grammar(
        stopwords=fset(gr.get("stopwords", [])),
        articles=fset(gr.get("articles", [])),
        determiners=fset(gr.get("determiners", [])),
        prepositions=fset(gr.get("prepositions", [])),
        role_verbs=fset(gr.get("role_verbs", [])),
        role_links=fset(gr.get("role_links", [])),
        pre_adjectives=fset(gr.get("pre_adjectives", [])),
        joins=fset(gr.get("joins", [])),
        not_heads=fset(gr.get("not_heads", [])),
        proclitics=fset(gr.get("proclitics", [])),
    )
    number_patterns = [fold(str(p)) if folding else str(p) for p in data.get("number_patterns", [])]
    benefits = data.get("relevant", {}).get("benefit_words", {})
    return _Lists(
        vague_verbs=fset(sp.get("vague_verbs", [])),
        state_verbs=fset(sp.get("state_verbs", [])),
        perception=fset(sp.get("perception_verbs", [])),
        vague_phrases=tuple(f(p) for p in sp.get("vague_phrases", [])),
        comparatives=fset(sp.get("comparatives", [])),
        vague_roles=tuple(f(r) for r in sp.get("vague_roles", [])),
        abstract_objects=fset(w for item in sp.get("abstract_objects", []) for w in words(f(item))),
        abstract_verbs=fset(sp.get("abstract_verbs", [])),
        generic_objects=fset(w for item in sp.get("generic_objects", []) for w in words(f(item))),
        wrappers=fset(sp.get("wrappers", [])),
        name_nouns=fset(sp.get("name_nouns", [])),
        ongoing=fset(sp.get("ongoing_verbs", [])),
        numbers=frozenset(n for n in numbers if " " not in n),
        number_phrases=tuple(n for n in numbers if " " in n),
        count_words=fset(data.get("count_words", [])),
        overreach=tuple(f(o) for o in data.get("overreach_words", [])),
        benefit_words={str(k): tuple(f(c) for c in v) for k, v in benefits.items()},
        horizon=pattern,
        horizon_vocab=frozenset(),
        max_months=int(data.get("limits", {}).get("max_months", 24)),
        language=str(data.get("language", "en")),
        morph=morph,
        fold=folding,
        grammar=grammar,
        number_patterns=_compiled(number_patterns),
    )


# --- words ------------------------------------------------------------------------------------


_lemmas = lemmas
_verb = english_verb


def _matchable(text: str, lists: _Lists) -> str:
    """``text`` as the word lists see it: without accents when the rules fold them."""
    return fold(text) if lists.fold else text


def _is_comparative(word: str) -> bool:
    """"clearer", "bigger", "healthier": an adjective in its -er form (lemma differs)."""
    lem = _lemmas(word).get("ADJ")
    return bool(lem and word.endswith("er") and lem[0] != word)


def _is_adjective(word: str) -> bool:
    lem = _lemmas(word)
    return "ADJ" in lem and not ("VERB" in lem and lem["VERB"][0] != word)


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _fix_typos(norm: str, lists: _Lists) -> str:
    """Deadline words with one typo ("befor", "semster") read as the word meant (English only:
    without a dictionary, a rule-based language cannot tell a typo from a word it does not list)."""
    if lists.morph is not None:
        return norm
    out = []
    for token in norm.split():
        if len(token) >= 5 and token not in lists.horizon_vocab and not _lemmas(token):
            token = next((v for v in lists.horizon_vocab if _one_edit(token, v)), token)
        out.append(token)
    return " " + " ".join(out) + " "


def find_horizon(text: str, *, content: Content | None = None) -> str | None:
    """The time-frame phrase in ``text`` ("by June", "within 12 months", "by Tuesday" ...), or None."""
    return _horizon(text, _lists(content))


def _horizon(text: str, lists: _Lists) -> str | None:
    match = lists.horizon.search(_fix_typos(normalise(_matchable(text, lists)), lists))
    return match.group(0).strip() if match else None


def _without_horizons(text: str, lists: _Lists) -> str:
    return lists.horizon.sub(" ", _fix_typos(normalise(_matchable(text, lists)), lists))


_NAME_NUMBER = re.compile(r"(?<=\S )([A-Z][A-Za-z+#.]*)\s+(\d+(?:[.:]\d+)?)\b")


def _quantities(text: str, tokens: list[str], lists: _Lists) -> tuple[list[str], list[str]]:
    """``(numbers, counts)``: the quantities in the goal (not names such as "Windows 11" or
    "chapter 3", not years or clock times) and count words such as "each"."""
    named = [m.group(2).split(".")[0].split(":")[0] for m in _NAME_NUMBER.finditer(text.strip())]
    numbers, counts = [], []
    for i, token in enumerate(tokens):
        prev = tokens[i - 1] if i else ""
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if token.isdigit():
            if token in named:
                named.remove(token)
                continue
            if (
                prev in lists.name_nouns
                or nxt in ("am", "pm")
                or (len(token) == 4 and token[:2] in ("19", "20"))
            ):
                continue
            numbers.append(token)
        elif token in lists.numbers and not (token == "one" and nxt in ("day", "of")):
            numbers.append(token)
        elif token in lists.count_words:
            counts.append(token)
    body = " " + " ".join(tokens) + " "
    numbers += [p for p in lists.number_phrases if f" {normalise(p).strip()} " in body]
    if lists.number_patterns is not None:
        numbers += [m.group(0) for m in lists.number_patterns.finditer(body)]
    return numbers, counts


# --- specific ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Reading:
    ok: bool
    verb: str | None = None
    object: str = ""
    problem: str = (
        ""  # "empty", "no_verb", "vague", "state", "comparative", "abstract", "generic", "no_object"
    )
    detail: str = ""


def _clauses(body: str) -> list[str]:
    """Split "Improve X by giving three talks" / "Reach B2 and pass the exam" into steps."""
    tokens = body.split()
    clauses: list[str] = []
    current: list[str] = []
    for i, token in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        joins = token in ("and", "then", "by", "through", "via") and nxt and current
        if joins and (
            (nxt.endswith("ing") and _verb(nxt) not in (None, nxt))
            or (token in ("and", "then") and "VERB" in _lemmas(nxt) and "NOUN" not in _lemmas(nxt))
        ):
            clauses.append(" ".join(current))
            current = []
            continue
        current.append(token)
    if current:
        clauses.append(" ".join(current))
    return clauses


def _read_clause(clause: str, text: str, lists: _Lists) -> _Reading:
    tokens = clause.split()
    numbers, _ = _quantities(text, tokens, lists)
    phrase = has_phrase(clause, lists.vague_phrases)
    if phrase and not numbers:
        return _Reading(False, tokens[0] if tokens else None, problem="vague", detail=phrase)
    while (
        len(tokens) > 1
        and tokens[0] in lists.wrappers
        and (tokens[1] in lists.wrappers or "VERB" in _lemmas(tokens[1]))
    ):
        tokens = tokens[1:]
    if not tokens:
        return _Reading(False, problem="empty")
    head, rest = tokens[0], tokens[1:]
    verb = _verb(head)
    if verb is None:
        return _Reading(False, problem="no_verb", detail=head)
    comparative = next((t for t in tokens if t in lists.comparatives or _is_comparative(t)), None)
    if comparative and not numbers:
        return _Reading(False, verb, problem="comparative", detail=comparative)
    if verb in lists.state_verbs:
        nxt = rest[0] if rest else ""
        if not nxt:
            return _Reading(False, verb, problem="no_object")
        if nxt in ("a", "an") and verb in ("be", "become"):
            role = " ".join(rest[1:])
            if has_phrase(role, lists.vague_roles) or any(
                _is_adjective(w) and w in lists.comparatives for w in rest
            ):
                return _Reading(False, verb, problem="state", detail=f"{head} {' '.join(rest[:3])}")
            return _Reading(True, verb, role)
        lem = _lemmas(nxt)
        if "VERB" in lem and lem["VERB"][0] != nxt and nxt.endswith(("ed", "en", "wn")):
            if lem["VERB"][0] in lists.perception:  # "be seen as a leader": how others see you
                return _Reading(False, verb, problem="state", detail=f"{head} {nxt}")
            return _Reading(True, verb, " ".join(rest))  # passive: be promoted, get certified
        if verb != "get" or (nxt not in _DETERMINERS and _is_adjective(nxt)):
            return _Reading(False, verb, problem="state", detail=f"{head} {nxt}")
    if verb in lists.vague_verbs and not numbers:
        return _Reading(False, verb, problem="vague", detail=head)
    obj = [t for t in rest if t not in STOPWORDS or t.isdigit()]
    if not obj:
        return _Reading(False, verb, problem="no_object")
    if all(t in lists.generic_objects for t in obj):
        return _Reading(False, verb, problem="generic", detail=" ".join(obj))
    if verb in lists.abstract_verbs and not numbers:
        phrase_words: list[str] = []
        after: list[str] = []
        for i, t in enumerate(rest):
            if t in _PREPOSITIONS and phrase_words:
                after = [w for w in rest[i + 1 :] if w not in STOPWORDS]
                break
            if t not in _DETERMINERS and t not in _PREPOSITIONS:
                phrase_words.append(t)
        if phrase_words and _abstract_phrase(phrase_words, after, lists):
            return _Reading(False, verb, problem="abstract", detail=" ".join(phrase_words))
    return _Reading(True, verb, " ".join(obj))


def _abstract_phrase(phrase: list[str], after: list[str], lists: _Lists) -> bool:
    """True when the object's head noun is abstract or generic and nothing narrows it down:
    "my personal brand", "a leadership role", "relationships with stakeholders" are abstract;
    "a junior developer job", "a training plan" and "a course on negotiation" are not (a generic
    head such as "course" or "job" is narrowed by what follows; an abstract one is not)."""
    *modifiers, head = phrase
    vague = lists.abstract_objects | lists.generic_objects
    if head not in vague:
        return False
    narrowing = [m for m in modifiers if m not in vague and set(_lemmas(m)) == {"NOUN"}]
    if narrowing:
        return False
    return head not in lists.generic_objects or not [w for w in after if w not in vague]


# --- specific, for languages read by rules (Spanish) -------------------------------------------


def _rule_clauses(body: str, morph: RuleMorphology, grammar: _Grammar) -> list[str]:
    """Split "Mejorar mi inglés aprobando el B2" / "Hacer un bootcamp y terminar el proyecto" into
    steps: a gerund (the means) or a join word before an infinitive starts a new step."""
    tokens = body.split()
    clauses: list[str] = []
    current: list[str] = []
    for i, token in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if current and morph.is_gerund(token):
            clauses.append(" ".join(current))
            current = [token]
            continue
        if current and token in grammar.joins and nxt and morph.is_infinitive(nxt):
            clauses.append(" ".join(current))
            current = []
            continue
        current.append(token)
    if current:
        clauses.append(" ".join(current))
    return clauses


def _in(verb: str, verbs: frozenset[str]) -> bool:
    """``verb`` or, for a reflexive lemma ("cambiarse"), its plain form is in ``verbs``."""
    return verb in verbs or (verb.endswith("se") and verb[:-2] in verbs)


def _read_rule_clause(clause: str, text: str, lists: _Lists) -> _Reading:
    """One step of a goal in a language whose noun phrases put the head first ("un curso de
    negociación") and whose verbs are recognised by their endings; the same criteria as
    :func:`_read_clause`."""
    assert lists.morph is not None and lists.grammar is not None
    morph, gr = lists.morph, lists.grammar
    tokens = clause.split()
    numbers, _ = _quantities(text, tokens, lists)
    phrase = has_phrase(clause, lists.vague_phrases)
    if phrase and not numbers:
        return _Reading(False, tokens[0] if tokens else None, problem="vague", detail=phrase)
    while (
        len(tokens) > 1
        and tokens[0] in lists.wrappers
        and (tokens[1] in lists.wrappers or morph.is_verb(tokens[1]) or tokens[0] in gr.proclitics)
    ):  # "quiero terminar", "me gustaría aprender", "que me asciendan": the verb comes later
        tokens = tokens[1:]
    if not tokens:
        return _Reading(False, problem="empty")
    head, rest = tokens[0], tokens[1:]
    verb = None if head in gr.not_heads or head in lists.comparatives else morph.verb(head)
    if verb is None:
        if head in gr.not_heads or head in gr.stopwords or head in lists.comparatives or head.isdigit():
            return _Reading(False, problem="no_verb", detail=head)
        verb = head  # a verb the endings do not know, or a typo ("termnar"): read it as one
    comparative = next((t for t in tokens if t in lists.comparatives), None)
    if comparative and not numbers:
        return _Reading(False, verb, problem="comparative", detail=comparative)
    if _in(verb, lists.state_verbs):
        after = list(rest)
        while after and (after[0] in gr.role_links or after[0] in gr.articles):
            after = after[1:]
        if not after:
            return _Reading(False, verb, problem="no_object")
        nxt = after[0]
        detail = f"{head} {' '.join(rest[:3])}".strip()
        if nxt in lists.perception:  # ser vista como líder: how others see you
            return _Reading(False, verb, problem="state", detail=detail)
        if morph.is_participle(nxt):  # ser ascendida, ser contratado: something that happens
            return _Reading(True, verb, " ".join(after))
        if not _in(verb, gr.role_verbs):
            return _Reading(False, verb, problem="state", detail=detail)
        if has_phrase(" ".join(after), lists.vague_roles) or morph.is_adjective(nxt):
            return _Reading(False, verb, problem="state", detail=detail)
        return _Reading(True, verb, " ".join(after))  # ser jefa de servicio: a role
    if _in(verb, lists.vague_verbs) and not numbers:
        return _Reading(False, verb, problem="vague", detail=head)
    obj = [t for t in rest if t not in gr.stopwords or t.isdigit()]
    if not obj:
        return _Reading(False, verb, problem="no_object")
    if all(t in lists.generic_objects for t in obj):
        return _Reading(False, verb, problem="generic", detail=" ".join(obj))
    if _in(verb, lists.abstract_verbs) and not numbers:
        phrase_words: list[str] = []
        after_words: list[str] = []
        for i, t in enumerate(rest):
            if t in gr.prepositions and phrase_words:
                after_words = [w for w in rest[i + 1 :] if w not in gr.stopwords]
                break
            if t not in gr.determiners and t not in gr.prepositions:
                phrase_words.append(t)
        heads = [w for w in phrase_words if w not in gr.pre_adjectives]
        if heads and _abstract_head(heads[0], after_words, lists):
            return _Reading(False, verb, problem="abstract", detail=" ".join(phrase_words))
    return _Reading(True, verb, " ".join(obj))


def _abstract_head(head: str, after: list[str], lists: _Lists) -> bool:
    """True when a head-first object is abstract ("mis habilidades de liderazgo") or generic with
    nothing narrowing it ("un curso" yes, "un curso de negociación" no)."""
    vague = lists.abstract_objects | lists.generic_objects
    if head not in vague:
        return False
    return head not in lists.generic_objects or not [w for w in after if w not in vague]


def _read(body: str, text: str, lists: _Lists) -> _Reading:
    if lists.morph is not None and lists.grammar is not None:
        clauses = [c for c in _rule_clauses(body.strip(), lists.morph, lists.grammar) if c.strip()]
        reader = _read_rule_clause
    else:
        clauses = [c for c in _clauses(body.strip()) if c.strip()]
        reader = _read_clause
    if not clauses:
        return _Reading(False, problem="empty")
    readings = [reader(c, text, lists) for c in clauses]
    return next((r for r in readings if r.ok), readings[0])


# --- the check --------------------------------------------------------------------------------


def _core(text: str) -> str:
    core = " ".join(text.split()).rstrip(".!;, ")
    return core[:1].upper() + core[1:]


def _split_core(core: str, horizon: str | None, folded: bool = False) -> tuple[str, str]:
    """``(goal without its deadline, " " + the deadline as typed)`` for building examples.
    ``folded``: the deadline was found without accents (it is looked up the same way)."""
    if not horizon:
        return core, ""
    pattern = r"\W+".join(re.escape(w) for w in horizon.split())
    if folded:
        core = unicodedata.normalize("NFC", core)
    match = re.search(rf"(?i)\b{pattern}\b", fold(core) if folded else core)
    if not match:
        return core, ""
    body = (core[: match.start()] + core[match.end() :]).strip(" ,;")
    return " ".join(body.split()), " " + core[match.start() : match.end()]


def _as_typed(text: str, horizon: str | None, limit: int = 12) -> str:
    """The goal in the participant's own words (as typed, without its deadline) to quote back."""
    said = _split_core(" ".join(text.split()).rstrip(".!;, "), horizon)[0]
    words = said.split()
    return said if len(words) <= limit else " ".join(words[:limit]) + "…"


def _specific_message(reading: _Reading, body: str, tail: str, texts: Mapping[str, Any]) -> str:
    p, d = reading.problem, reading.detail
    values = {"goal": body, "deadline": tail, "what": d, "step": texts["step"]}
    if p == "no_verb":
        return advice(texts, "no_verb", goal_lower=body.lower(), deadline=tail)
    if p == "no_object":
        if reading.verb:
            return advice(texts, "no_object", verb=reading.verb, **values)
        return advice(texts, "no_object_without_verb", **values)
    if p in ("generic", "abstract", "comparative", "state"):
        return advice(texts, p, **values)
    return advice(texts, "vague", **values)


def check_goal(
    goal: Goal,
    workbook: Workbook | None = None,
    today: date | None = None,
    *,
    content: Content | None = None,
) -> SmartResult:
    """Check one goal against the five SMART criteria (see the module docstring for the rules).

    ``content`` is the cohort's content (default: the bundled files).
    """
    lists = _lists(content)
    texts = advice_texts(content, "smart")
    your_goal = str(texts["your_goal"])
    today = today or date.today()
    text = goal.text or ""
    core = _core(text)
    horizon = _horizon(text, lists)
    body_core, tail = _split_core(core, horizon, lists.fold)
    if lists.fold and tail:  # found without accents: show it as typed ("el próximo trimestre")
        horizon = tail.strip()
    body = _without_horizons(text, lists)
    tokens = words(body)
    checks: list[Check] = []

    # specific
    plain = _matchable(text, lists)
    reading = _read(" ".join(tokens), plain, lists) if text.strip() else _Reading(False, problem="empty")
    if lists.fold:  # read without accents: quote the words as typed ("más", not "mas")
        reading = replace(reading, object=as_typed(reading.object, text),
                          detail=as_typed(reading.detail, text))
    if not text.strip():
        checks.append(Check("specific", False, advice(texts, "empty")))
    elif reading.ok:
        checks.append(Check("specific", True, advice(texts, "clear_step", goal=_as_typed(text, horizon))))
    else:
        checks.append(Check("specific", False, _specific_message(reading, body_core, tail, texts)))

    # measurable
    numbers, counts = _quantities(_matchable(text, lists), tokens, lists)
    if goal.measure.strip():
        measure = goal.measure.strip()
        checks.append(Check("measurable", True, advice(texts, "measure_given", measure=measure)))
    elif numbers:
        checks.append(Check("measurable", True, advice(texts, "has_quantity", quantity=numbers[0])))
    elif reading.ok and (counts or reading.verb not in lists.ongoing):
        checks.append(Check("measurable", True, advice(texts, "one_thing")))
    else:
        message = advice(texts, "not_measurable", goal=body_core or your_goal, deadline=tail)
        checks.append(Check("measurable", False, message))

    # achievable
    problems = []
    if goal.target_date is not None:
        if goal.target_date < today:
            problems.append(advice(texts, "date_passed"))
        elif (goal.target_date - today).days / 30.44 > lists.max_months:
            problems.append(advice(texts, "date_too_far", max_months=lists.max_months))
    overreach = has_phrase(_matchable(text, lists), lists.overreach)
    if overreach and lists.fold:
        overreach = as_typed(overreach, text)
    if overreach:
        problems.append(advice(texts, "overreach", words=overreach))
    if not text.strip():
        problems.append(advice(texts, "no_goal"))
    if problems:
        joined = str(texts["problem_separator"]).join(problems)
        checks.append(Check("achievable", False, advice(texts, "not_reachable", problems=joined)))
    else:
        checks.append(Check("achievable", True, advice(texts, "reachable")))

    # relevant
    ties, unserved = _ties(goal, workbook, lists, texts)
    separator = str(texts["tie_separator"])
    if ties:
        checks.append(Check("relevant", True, advice(texts, "tied", ties=separator.join(ties))))
    elif unserved:
        message = advice(texts, "benefit_unserved", benefits=separator.join(unserved), goal=core or your_goal)
        checks.append(Check("relevant", False, message))
    else:
        checks.append(Check("relevant", False, advice(texts, "not_relevant", goal=core or your_goal)))

    # time-bound
    if goal.target_date is not None:
        shown = day_text(goal.target_date, content.locale if content is not None else None)
        checks.append(Check("time_bound", True, advice(texts, "target_date", date=shown)))
    elif horizon:
        checks.append(Check("time_bound", True, advice(texts, "time_frame", horizon=horizon)))
    else:
        checks.append(Check("time_bound", False, advice(texts, "no_deadline", goal=core or your_goal)))

    result = SmartResult(checks=checks, goal_id=goal.id, verb=reading.verb, horizon=horizon, ties=ties)
    result.advice = result.missing[0].message if result.missing else ""
    return result


def _ties(
    goal: Goal, workbook: Workbook | None, lists: _Lists, texts: Mapping[str, Any]
) -> tuple[list[str], list[str]]:
    """What links the goal to the participant (values, skill gaps, benefits its words serve), and
    the ticked benefits its words do not serve."""
    text = f"{goal.text} {goal.measure}"
    ties: list[str] = []
    if workbook is not None:
        ties += [
            advice(texts, "tie_value", value=v) for v in workbook.values if v.strip() and mentions(text, v)
        ]
        for skill in workbook.skills:
            gap = skill.target is not None and (skill.current is None or skill.target > skill.current)
            if gap and mentions(text, skill.name):
                ties.append(advice(texts, "tie_skill", skill=skill.name))
    plain = _matchable(text, lists)
    goal_words = words(normalise(plain))
    verb = lists.morph.verb if lists.morph is not None else _verb
    unserved: list[str] = []
    names: Mapping[str, Any] = texts.get("benefit_names", {})
    for benefit in goal.benefits:
        name = str(names.get(benefit.value, benefit.value.replace("_", " ")))
        label = advice(texts, "tie_benefit", benefit=name)
        cues = lists.benefit_words.get(benefit.value, ())
        served = has_phrase(plain, [c for c in cues if " " in c]) or any(
            related(cue, w) or verb(w) == cue for cue in cues if " " not in cue for w in goal_words
        )
        (ties if served else unserved).append(label)
    return ties, unserved
