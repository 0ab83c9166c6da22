"""The participant notebooks stay handouts: no outputs, hidden code of 1-3 lines, one call each."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

import mentorkit.ui as ui

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("0*.ipynb"))


def test_the_six_notebooks_exist() -> None:
    assert [p.stem for p in NOTEBOOKS] == [
        "00_start_here", "01_goals", "02_mentor_map", "03_outreach", "04_expectations", "05_feedback",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_a_handout(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    assert code[0].source == "import mentorkit\n\nwb = mentorkit.open_workbook()"
    for cell in code:
        assert cell.outputs == [] and cell.execution_count is None, "commit notebooks without outputs"
        assert len([line for line in cell.source.splitlines() if line.strip()]) <= 3
        assert cell.metadata.get("jupyter", {}).get("source_hidden") is True
    for cell in code[1:]:
        call = cell.source.strip()
        assert call.startswith("mentorkit.ui.") and call.endswith(")")
        assert hasattr(ui, call.removeprefix("mentorkit.ui.").split("(")[0])
