"""Translation catalogs: extraction by place, updates that mark changed English fuzzy, completeness."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from mentorkit.content import bundled, thaw
from mentorkit.content.localize import translate
from mentorkit.i18n import catalogs
from mentorkit.i18n.extract import (
    join_blocks,
    notebook_messages,
    placeholders,
    split_blocks,
    toml_messages,
)
from mentorkit.i18n.keys import compile_pattern, leaves, parse_policy, policy
from mentorkit.i18n.notebooks import translate_notebook

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "mentorkit" / "content"


def marked(text: str) -> str:
    """A fake translation that keeps the placeholders: easy to find, easy to tell from English."""
    return "«" + text + "»"


# -- which keys are prose ------------------------------------------------------------------------------
def test_key_patterns_cover_a_key_and_everything_below_it() -> None:
    pattern = compile_pattern("clauses.*.needs_any")
    assert pattern.fullmatch("clauses.feedback.needs_any[3]")
    assert pattern.fullmatch("clauses.feedback.needs_any")
    assert not pattern.fullmatch("clauses.feedback.example")
    assert compile_pattern("goals.kinds[*][1]").fullmatch("goals.kinds[2][1]")
    assert not compile_pattern("goals.kinds[*][1]").fullmatch("goals.kinds[2][0]")
    assert compile_pattern("**").fullmatch("horizon.months[0]")
    with pytest.raises(ValueError, match="bad key pattern"):
        compile_pattern("a..b[")


def test_every_declared_rule_and_fixed_pattern_names_an_existing_key() -> None:
    """A typo in i18n.toml would silently send a word list to the translators: each pattern must match."""
    keys = policy()
    for kind, table in (("rules", keys.rules), ("fixed", keys.fixed)):
        for file, patterns in table.items():
            paths = [path for path, _ in leaves(bundled().get(file))]
            for pattern in patterns.patterns:
                regex = compile_pattern(pattern)
                assert any(regex.fullmatch(p) for p in paths), f"{kind}.{file}: {pattern} matches no key"


def test_rules_and_ids_are_not_extracted_but_prose_is() -> None:
    outreach = (CONTENT / "outreach.toml").read_text(encoding="utf-8")
    found = {ctx: msgid for _line, _fn, (ctx, msgid), _comments in toml_messages(outreach, "outreach", "o")}
    assert found["templates[0].label"] == "Email to a potential mentor"
    assert "Dear {contact_name}" in found["templates[0].body"]
    assert not any(ctx.startswith(("phrases", "placeholders", "limits")) for ctx in found)
    assert not any(ctx.endswith((".key", ".channel")) for ctx in found)
    smart = (CONTENT / "smart.toml").read_text(encoding="utf-8")
    assert list(toml_messages(smart, "smart", "s")) == []  # all of smart.toml is rules
    ui = (CONTENT / "ui.toml").read_text(encoding="utf-8")
    ui_found = {ctx for _l, _f, (ctx, _m), _c in toml_messages(ui, "ui", "u")}
    assert "goals.kinds[0][0]" in ui_found and "goals.kinds[0][1]" not in ui_found  # label yes, value no


def test_a_policy_file_with_a_bad_pattern_says_where() -> None:
    with pytest.raises(ValueError, match=r"i18n-test.toml: rules.ui: bad key pattern"):
        parse_policy('[rules]\nui = ["a[x"]\n', "i18n-test.toml")


# -- extraction round trip -----------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(p.stem for p in CONTENT.glob("*.toml") if p.name != "i18n.toml"))
def test_toml_round_trip_every_prose_string_comes_back_translated(name: str) -> None:
    text = (CONTENT / f"{name}.toml").read_text(encoding="utf-8")
    table = {(ctx, msgid): marked(msgid) for _l, _f, (ctx, msgid), _c in toml_messages(text, name, name)}
    original = thaw(bundled().get(name))
    translated = translate(name, original, table)
    keys = policy()
    for (path, before), (path_after, after) in zip(leaves(original), leaves(translated), strict=True):
        assert path == path_after
        if keys.is_prose(name, path, before):
            assert after == marked(before), path
            assert placeholders(after) == placeholders(before)
        else:
            assert after == before, path  # rules, ids and numbers are never touched


@pytest.mark.parametrize("path", [*sorted((REPO / "notebooks").glob("0*.ipynb")),
                                  *sorted((REPO / "worksheets").glob("*.ipynb"))], ids=lambda p: p.stem)
def test_notebook_round_trip_translates_every_paragraph_and_keeps_the_code(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    nb = json.loads(raw)
    messages = list(notebook_messages(raw, str(path)))
    table = {(ctx, msgid): marked(msgid) for _l, _f, (ctx, msgid), _c in messages}
    out = translate_notebook(nb, table, "xx")
    assert out["metadata"]["mentorkit"]["locale"] == "xx"
    for before, after in zip(nb["cells"], out["cells"], strict=True):
        source = "".join(before["source"])
        if before["cell_type"] == "code":
            assert after["source"] == before["source"]
            continue
        blocks = split_blocks(source)
        assert join_blocks(blocks).strip() == "\n\n".join(b for b in blocks).strip()
        for block in blocks:
            if any(msgid == block for _l, _f, (_c, msgid), _x in messages):
                assert marked(block) in after["source"]
    # the same notebook with no translations keeps every paragraph's words
    same = translate_notebook(nb, {}, "xx")
    for before, after in zip(nb["cells"], same["cells"], strict=True):
        assert split_blocks("".join(before["source"])) == split_blocks("".join(after["source"]))


def test_blocks_keep_a_fenced_code_block_whole() -> None:
    text = "Intro line\n\n```\nmentorkit dashboard\n\n--out x\n```\n\nAfter."
    assert split_blocks(text) == ["Intro line", "```\nmentorkit dashboard\n\n--out x\n```", "After."]


# -- updating catalogs -----------------------------------------------------------------------------------
@pytest.fixture
def source_tree(tmp_path: Path) -> Path:
    """A copy of the sources to extract from: two content files and one notebook."""
    (tmp_path / "mentorkit" / "content").mkdir(parents=True)
    for name in ("outreach.toml", "benefits.toml"):
        shutil.copy(CONTENT / name, tmp_path / "mentorkit" / "content" / name)
    (tmp_path / "notebooks").mkdir()
    shutil.copy(REPO / "notebooks" / "01_goals.ipynb", tmp_path / "notebooks")
    (tmp_path / "worksheets").mkdir()
    return tmp_path


def _entry(locale_dir: Path, domain: str, context: str):  # noqa: ANN202 - a babel Message
    catalog = catalogs.load(catalogs.po_path("es", domain, locale_dir), "es")
    found = [m for m in catalog if m.context == context]
    assert len(found) == 1, context
    return found[0]


def test_changed_english_makes_its_entry_fuzzy_new_is_empty_removed_is_dropped(source_tree: Path) -> None:
    locale = source_tree / "locale"
    written = catalogs.update(["es"], source_tree, locale)
    assert catalogs.pot_path("content-outreach", locale) in written
    po = catalogs.po_path("es", "content-outreach", locale)
    catalog = catalogs.load(po, "es")
    assert all(not m.string for m in catalog if m.id)  # a new language starts empty
    for message in catalog:
        if message.context in ("templates[0].label", "templates[1].label"):
            message.string = "Traducción de " + str(message.id)
    po.write_bytes(catalogs.render(catalog))
    assert catalogs.update(["es"], source_tree, locale) == []  # nothing changed: nothing written

    toml = source_tree / "mentorkit" / "content" / "outreach.toml"
    text = toml.read_text(encoding="utf-8")
    text = text.replace('label = "Email to a potential mentor"', 'label = "An e-mail to someone you admire"')
    text = text.replace('label = "Thank-you note (send within 24 hours)"\n', "")
    text += '\n[extra]\nnote = "A brand new sentence for the translators."\n'
    toml.write_text(text, encoding="utf-8")
    catalogs.update(["es"], source_tree, locale)

    changed = _entry(locale, "content-outreach", "templates[0].label")
    assert changed.id == "An e-mail to someone you admire" and changed.fuzzy
    assert changed.string == "Traducción de Email to a potential mentor"  # kept for the translator
    assert "#| msgid \"Email to a potential mentor\"" in po.read_text(encoding="utf-8")
    kept = _entry(locale, "content-outreach", "templates[1].label")
    assert kept.string == "Traducción de LinkedIn connection note" and not kept.fuzzy
    new = _entry(locale, "content-outreach", "extra.note")
    assert new.string == "" and not new.fuzzy
    assert not [m for m in catalogs.load(po, "es") if m.context == "templates[3].label"]  # removed
    problems = {(p.context, p.what.split(" ")[0]) for p in catalogs.check("es", locale)}
    assert ("templates[0].label", "fuzzy") in problems and ("extra.note", "not") in problems
    assert ("templates[1].label", "fuzzy") not in problems


def test_a_notebook_paragraph_edit_makes_only_that_paragraph_fuzzy(source_tree: Path) -> None:
    locale = source_tree / "locale"
    catalogs.update(["es"], source_tree, locale)
    po = catalogs.po_path("es", "notebook-01_goals", locale)
    catalog = catalogs.load(po, "es")
    for message in catalog:
        if message.id:
            message.string = "ES " + str(message.id)
    po.write_bytes(catalogs.render(catalog))
    path = source_tree / "notebooks" / "01_goals.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"][0]["source"] = ["# Step 1 — Name your goals\n", "\n"] + nb["cells"][0]["source"][2:]
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    catalogs.update(["es"], source_tree, locale)
    fuzzy = [m.context for m in catalogs.load(po, "es") if m.fuzzy]
    assert fuzzy == ["080d1549:1"]


def test_placeholders_that_differ_are_reported() -> None:
    from babel.messages.catalog import Message

    assert catalogs.message_problems(Message("Due {date}", "Para el {fecha}", context="c")) == [
        "placeholders differ: English ['date'], translation ['fecha']"]
    assert catalogs.message_problems(Message("Due {date}", "Para el {date}", context="c")) == []


# -- the shipped catalogs --------------------------------------------------------------------------------
def test_committed_templates_are_up_to_date(tmp_path: Path) -> None:
    """`make i18n` was run after the last change of an English text (templates match the sources)."""
    catalogs.update([], catalogs.REPO_DIR, tmp_path)
    for fresh in sorted((tmp_path / "templates").glob("*.pot")):
        committed = catalogs.pot_path(fresh.stem)
        assert committed.is_file(), f"{committed} missing: run `make i18n`"
        assert committed.read_bytes() == fresh.read_bytes(), f"{committed} is out of date: run `make i18n`"
    assert {p.stem for p in (catalogs.LOCALE_DIR / "templates").glob("*.pot")} == {
        p.stem for p in (tmp_path / "templates").glob("*.pot")}


def test_spanish_is_shipped_with_one_catalog_per_domain() -> None:
    assert "es" in catalogs.languages()
    domains = {p.stem for p in (catalogs.LOCALE_DIR / "templates").glob("*.pot")}
    assert {"content-ui", "content-outreach", "notebook-00_start_here", "notebook-worksheet",
            "python"} <= domains
    for lang in catalogs.languages():
        assert {p.stem for p in (catalogs.LOCALE_DIR / lang / "LC_MESSAGES").glob("*.po")} == domains


@pytest.mark.parametrize("lang", catalogs.languages())
def test_shipped_catalogs_are_complete(lang: str) -> None:
    """Every entry translated, none fuzzy, placeholders kept (fails until the translators are done)."""
    problems = catalogs.check(lang)
    shown = "\n".join(str(p) for p in problems[:20])
    assert not problems, f"{len(problems)} entries to do in {lang}, for example:\n{shown}"
