"""mentorkit.present: the one escape, table, check list, list and chart → SVG of the package."""

from __future__ import annotations

import re
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from mentorkit import present
from mentorkit.core.checks import Check
from mentorkit.present import Block, Cell, ChartBlock, bullet_list, check_list, esc, records_table, table

HOSTILE = "<script>alert('x')</script> & \"quoted\""


def bar_chart() -> alt.Chart:
    return alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_bar().encode(x="x:Q")


def test_esc_neutralises_markup_and_quotes() -> None:
    assert esc("<b onclick='x'>&") == "&lt;b onclick=&#x27;x&#x27;&gt;&amp;"
    assert esc(None) == "" and esc(3) == "3"


def test_table_escapes_every_cell_and_has_a_plain_twin() -> None:
    block = table(("Name", "<th>"), [(HOSTILE, None), ("Bo", 2)])
    assert "<script>" not in block.markup and esc(HOSTILE) in block.markup
    assert block.markup.startswith('<table class="mk-table"><thead><tr><th>Name</th><th>&lt;th&gt;</th>')
    assert block.markup.count("<tr>") == 3 and '<td dir="auto"></td>' in block.markup  # None is an empty cell
    assert block.plain.splitlines() == ["Name | <th>", f"{HOSTILE} | ", "Bo | 2"]


def test_table_cells_carry_classes_and_styles_and_inline_padding_for_widgets() -> None:
    block = table(None, [("a", Cell("done", css="mk-x", style="color:#2e7d32"))], css="", inline=True)
    assert "<thead>" not in block.markup and block.markup.startswith("<table><tbody>")
    done = r'<td dir="auto" class="mk-x" style="[^"]*padding:2px 8px;color:#2e7d32">done</td>'
    assert re.search(done, block.markup)
    empty = table(("a",), [], empty="No participants yet.")
    assert empty.markup == '<p dir="auto" class="mk-empty">No participants yet.</p>'


def test_records_table_uses_the_keys_as_headers() -> None:
    block = records_table([{"name": "<Ana>", "done": 2}, {"name": "Bo", "done": 0}])
    assert "<th>name</th><th>done</th>" in block.markup and "&lt;Ana&gt;" in block.markup
    assert records_table([], empty="nothing to show").plain == "nothing to show"


def test_check_list_marks_pass_and_fail_escaped_with_stable_classes() -> None:
    block = check_list([Check("a", True, "fine <i>"), (False, "missing")])
    assert '<li dir="auto" class="mk-check mk-ok">✓ fine &lt;i&gt;</li>' in block.markup
    assert '<li dir="auto" class="mk-check mk-todo">✗ missing</li>' in block.markup
    assert block.markup.startswith('<ul class="mk-checks">')
    assert block.plain == "ok: fine <i>\ntodo: missing"
    styled = check_list([(False, "x")], todo_mark="→", item_css="mk-missing-item", inline=True).markup
    assert 'class="mk-check mk-todo mk-missing-item" style="margin:3px 0;color:#a4262c">→ x' in styled
    assert not check_list([]) and check_list([]).markup == ""


def test_bullet_list_and_join() -> None:
    block = bullet_list(["<b>up</b>", "down"])
    assert block.markup == '<ul><li dir="auto">&lt;b&gt;up&lt;/b&gt;</li><li dir="auto">down</li></ul>'
    assert block.plain == "- <b>up</b>\n- down"
    assert not bullet_list([])
    joined = Block.join([present.paragraph("a <b>"), Block("", ""), block])
    assert joined.markup.startswith('<p dir="auto">a &lt;b&gt;</p><ul>')
    assert joined.plain == "a <b>\n- <b>up</b>\n- down"


def test_blocks_display_as_html_with_plain_text() -> None:
    block = present.paragraph("hi", "mk-empty")
    html = '<p dir="auto" class="mk-empty">hi</p>'
    assert block._repr_mimebundle_() == {"text/html": html, "text/plain": "hi"}


class CountingChart:
    """An altair chart that counts how often it is turned into a spec (each SVG drawing does it once)."""

    def __init__(self) -> None:
        self.specs = 0

    def to_dict(self, validate: bool = True) -> dict:
        self.specs += 1
        return bar_chart().to_dict(validate=validate)


def test_chart_block_draws_its_svg_once_and_only_when_shown() -> None:
    source = CountingChart()
    block = present.chart(source)
    assert isinstance(block, ChartBlock) and source.specs == 0  # nothing drawn yet
    bundle = block.bundle()
    assert set(bundle) == {"image/svg+xml", "text/plain"}
    assert bundle["image/svg+xml"].lstrip().startswith("<svg")
    assert block.svg is bundle["image/svg+xml"] and source.specs == 1  # kept, not drawn again
    assert block.markup == f'<div class="mk-chart">{block.svg}</div>'


def test_one_vegalite_version_policy() -> None:
    import vl_convert

    version = present.vegalite_version()
    assert version in vl_convert.get_vegalite_versions()
    assert version.split(".")[0] == alt.SCHEMA_VERSION.lstrip("v").split(".")[0]
    assert present.vegalite_version() is version  # settled once per process
    expected = vl_convert.vegalite_to_svg(bar_chart().to_dict(), vl_version=version,
                                          config=present.SVG_CONFIG)
    assert present.chart_svg(bar_chart()) == expected
    assert 'font-family="DejaVu Sans"' in expected  # measured in the printed page's font


@pytest.mark.parametrize("altair_writes", ["v6.99.0", "v9.0.0"])
def test_vegalite_policy_falls_back_within_the_major_version(monkeypatch, altair_writes: str) -> None:
    import vl_convert

    monkeypatch.setattr(alt, "SCHEMA_VERSION", altair_writes)
    present.vegalite_version.cache_clear()
    try:
        if altair_writes.startswith("v9"):
            with pytest.raises(RuntimeError, match="writes Vega-Lite 9.0"):
                present.vegalite_version()
        else:
            sixes = [v for v in vl_convert.get_vegalite_versions() if v.startswith("6.")]
            assert present.vegalite_version() == max(sixes, key=lambda v: tuple(map(int, v.split("."))))
    finally:
        present.vegalite_version.cache_clear()


def test_chart_svg_never_fetches_data() -> None:
    spec = {"data": {"url": "https://example.invalid/data.csv"}, "mark": "bar"}
    with pytest.raises(ValueError, match="not allowed"):
        present.chart_svg(spec)


def test_chart_bundle_has_an_offline_svg_and_the_spec() -> None:
    bundle = present.chart_bundle(bar_chart())
    assert bundle["image/svg+xml"].lstrip().startswith("<svg")
    spec = bundle["application/vnd.vegalite.v5+json"]  # the version JupyterLab 4 renders
    assert spec["mark"]["type"] == "bar" and spec["$schema"].endswith("/v5.json")
    assert "text/html" not in bundle  # altair's HTML fallback would load Vega from a CDN


# -- no copies elsewhere ----------------------------------------------------------------------------
PACKAGE = Path(present.__file__).parent
#: What only mentorkit/present.py may contain: its own escaping, SVG conversion, tables and lists.
ONLY_IN_PRESENT = {
    "html escaping": re.compile(r"\bhtml\.escape\b|^\s*(from html import|import html\b)", re.MULTILINE),
    "vl-convert": re.compile(r"^\s*(import vl_convert|from vl_convert)|vegalite_to_", re.MULTILINE),
    "html tables": re.compile(r"<t(able|r|d|h)\b"),
    "html lists": re.compile(r"<(ul|ol|li)\b"),
}


@pytest.mark.parametrize("what", sorted(ONLY_IN_PRESENT))
def test_no_other_module_writes_its_own(what: str) -> None:
    pattern = ONLY_IN_PRESENT[what]
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "present.py" and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], f"{what} outside mentorkit/present.py: {offenders}"
    assert pattern.search((PACKAGE / "present.py").read_text(encoding="utf-8"))  # the pattern is live
