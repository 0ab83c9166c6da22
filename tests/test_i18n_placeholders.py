"""Translations keep the machinery of the English: every non-empty ``msgstr`` of every shipped
language's catalog (all domains) has the same ``{placeholders}``, ``%``-formats, HTML tags and
Markdown link targets as its ``msgid``.

Empty translations pass (the completeness test is ``mentorkit.i18n check``'s business); a dropped,
renamed or invented marker fails, naming the file, the entry's place and what differs.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message

from mentorkit.i18n.catalogs import LOCALE_DIR, languages, load

# ``{name}``, ``{0}``, ``{}``, ``{count:,}``, ``{x!r}`` -- not ``{{`` / ``}}`` (literal braces).
BRACE = re.compile(r"(?<!\{)\{[A-Za-z0-9_.\[\]]*(?:![rsa])?(?::[^{}]*)?\}(?!\})")
# ``%s``, ``%d``, ``%(name)s``, ``%.1f``, ``%%`` -- not the "%" of "90% de" (no space flag).
PERCENT = re.compile(r"%(?:\([A-Za-z_]\w*\))?[-#0+]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrs%]")
# Real HTML elements only, so prose such as ``workbooks/<your code>.json`` is not a "tag".
HTML_ELEMENTS = (
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
    "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "footer", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hr", "i", "img", "input", "ins", "kbd", "label", "li", "mark", "nav",
    "ol", "p", "pre", "q", "s", "samp", "section", "small", "span", "strong", "style", "sub", "summary",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
)
TAG = re.compile(r"</?(?:" + "|".join(HTML_ELEMENTS) + r")(?=[\s/>])[^<>]*>", re.IGNORECASE)
# ``[text](target "title")``, ``![alt](src)``, ``[text](<target with spaces>)`` and ``[ref]: target``.
LINK = re.compile(r"\]\(\s*(<[^>]*>|[^)\s]+)")
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(\S+)", re.MULTILINE)

KINDS = {
    "placeholders": lambda text: BRACE.findall(text),
    "%-formats": lambda text: PERCENT.findall(text),
    "HTML tags": lambda text: TAG.findall(text),
    "link targets": lambda text: LINK.findall(text) + REFERENCE.findall(text),
}


def markers(text: str) -> dict[str, set[str]]:
    """What a translation must keep from ``text``, by kind."""
    return {kind: set(find(text)) for kind, find in KINDS.items()}


def entry_problems(message: Message) -> list[str]:
    """How ``message``'s translation differs from its English in markers (none when untranslated).

    Plural entries: each form may use only markers of the English forms (a Spanish singular may
    drop ``{count}``, as an English singular may), and the forms together keep all of them.
    """
    ids = [message.id] if isinstance(message.id, str) else list(message.id)
    strings = [message.string] if isinstance(message.string, str) else list(message.string or ())
    strings = [s for s in strings if s]
    if not strings:
        return []
    wanted = {kind: set().union(*(markers(i)[kind] for i in ids)) for kind in KINDS}
    found = {kind: set().union(*(markers(s)[kind] for s in strings)) for kind in KINDS}
    problems = []
    for kind in KINDS:
        if isinstance(message.id, str) or not message.pluralizable:
            if wanted[kind] != found[kind]:
                problems.append(f"{kind}: English {sorted(wanted[kind])}, "
                                f"translation {sorted(found[kind])}")
            continue
        extra = [sorted(markers(s)[kind] - wanted[kind]) for s in strings]
        if found[kind] != wanted[kind] or any(extra):
            problems.append(f"{kind}: English {sorted(wanted[kind])}, translation forms "
                            f"{[sorted(markers(s)[kind]) for s in strings]}")
    return problems


def catalog_problems(catalog: Catalog, name: str = "") -> list[str]:
    """Every entry of ``catalog`` whose translation lost, changed or invented a marker."""
    found = []
    for message in catalog:
        if not message.id:
            continue
        for problem in entry_problems(message):
            place = message.context or (message.id if isinstance(message.id, str) else message.id[0])
            found.append(f"{name}:{message.lineno or 0} [{place}] {problem}")
    return found


def shipped_catalogs() -> list[Path]:
    return sorted(path for lang in languages() for path in (LOCALE_DIR / lang / "LC_MESSAGES").glob("*.po"))


def test_there_are_shipped_catalogs() -> None:
    assert shipped_catalogs(), f"no .po catalogs under {LOCALE_DIR}"


@pytest.mark.parametrize("path", shipped_catalogs(),
                         ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_translations_keep_placeholders_tags_and_links(path: Path) -> None:
    catalog = load(path, path.parent.parent.name)
    problems = catalog_problems(catalog, str(path.relative_to(LOCALE_DIR)))
    assert not problems, "translations that differ from the English in markers:\n" + "\n".join(problems)


# -- the check itself catches what it should (small in-memory catalogs) --------------------------------
def _catalog(*messages: tuple[object, object]) -> Catalog:
    catalog = Catalog(locale="es")
    for number, (msgid, msgstr) in enumerate(messages):
        catalog.add(msgid, msgstr, context=f"entry[{number}]")
    return catalog


GOOD = [
    ("Checked on {day}.", "Revisado el {day}."),
    ("{count} / {limit} {unit}", "{count} / {limit} {unit}"),
    ("Hello %s, you have %(n)d goals", "Hola %s, tienes %(n)d objetivos"),
    ("<b>Done</b> <span style='color:#2e7d32'>✓</span>", "<b>Hecho</b> <span style='color:#2e7d32'>✓</span>"),
    ("See [the guide](https://example.org/guide) and [notes][n].\n\n[n]: notes.md",
     "Consulta [la guía](https://example.org/guide) y [las notas][n].\n\n[n]: notes.md"),
    ("workbooks/<your code>.json", "workbooks/<tu código>.json"),
    ("90% of goals pass", "El 90 % de los objetivos pasa"),
    ("Literal {{braces}}", "Llaves {{literales}}"),
    ("Untranslated {name}", ""),
    (("one goal", "{count} goals"), ("un objetivo", "{count} de objetivos", "{count} objetivos")),
]

BAD = [
    ("Checked on {day}.", "Revisado el {dia}."),  # placeholder translated
    ("Page {number} of {total}", "Página {number}"),  # placeholder dropped
    ("Hello %s", "Hola"),  # %-format dropped
    ("Hello %(name)s", "Hola %(nombre)s"),  # %-format renamed
    ("<b>Done</b>", "Hecho"),  # tags dropped
    ("<a href='x.html'>here</a>", "<a href='y.html'>aquí</a>"),  # attribute changed
    ("See [the guide](guide.md)", "Consulta [la guía](guia.md)"),  # link target translated
    ("[n]: notes.md", "[n]: notas.md"),  # reference target translated
    ("Done", "Hecho {extra}"),  # placeholder invented
    (("one goal", "{count} goals"), ("un objetivo", "objetivos", "objetivos")),  # plural lost {count}
    (("one goal", "{count} goals"), ("{n} objetivo", "{count} objetivos", "{count} objetivos")),
]


def test_good_translations_pass() -> None:
    assert catalog_problems(_catalog(*GOOD), "good") == []


@pytest.mark.parametrize("msgid, msgstr", BAD, ids=[f"bad{n}" for n in range(len(BAD))])
def test_a_broken_entry_fails(msgid: object, msgstr: object) -> None:
    problems = catalog_problems(_catalog(*GOOD, (msgid, msgstr)), "broken")
    assert len(problems) == 1, problems
    assert f"[entry[{len(GOOD)}]]" in problems[0]
