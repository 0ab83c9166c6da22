"""The package's layering holds: no import cycles, and the core layers import nothing of Jupyter
(nor Altair or pandas: charts and tables belong to the skins).

The graph is read from the source with ``ast``: every ``import``/``from ... import`` inside
``mentorkit`` is an edge, at module level and inside functions alike (a lazy import still ties the two
modules together). Two kinds are left out, on purpose:

- imports under ``if TYPE_CHECKING:`` never run; they exist for the type checker, which handles
  cycles among annotations;
- the implicit import of a parent package (``mentorkit.ui.goals`` loads ``mentorkit.ui`` first): a
  package's ``__init__`` that re-exports its submodules would otherwise always form a "cycle".
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "mentorkit"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE_DIR.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []

    def walk(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child.test):
                for other in child.orelse:
                    walk(other)
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                found.append(child)
            walk(child)

    walk(tree)
    return found


def import_graph() -> dict[str, set[str]]:
    """Edges ``module -> imported mentorkit module`` for every module of the package."""
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        package = name if is_package else name.rpartition(".")[0]
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                if node.level:
                    base_parts = package.split(".")
                    base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                    base = ".".join(base_parts + ([node.module] if node.module else []))
                else:
                    base = node.module or ""
                # `from pkg import sub` imports the submodule if there is one, else pkg itself.
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
            for target in targets:
                while target and target not in modules:  # `import a.b.c` where c is an attribute
                    target = target.rpartition(".")[0]
                if target and target != name and target.split(".")[0] == "mentorkit":
                    graph[name].add(target)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle as a list of modules (first == last), or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_graph_sees_relative_lazy_and_package_imports() -> None:
    graph = import_graph()
    assert "mentorkit.session" in graph["mentorkit.ui.chooser"]  # from ..session import ...
    assert "mentorkit.store" in graph["mentorkit.session"]
    assert "mentorkit.ui.goals" in graph["mentorkit.ui"]  # from .goals import goals
    assert "mentorkit.demo" in graph["mentorkit.cli"]  # a lazy import inside a function


def test_find_cycle_reports_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycles_in_the_package() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


JUPYTER_FREE = ["mentorkit.model", "mentorkit.store", "mentorkit.session", "mentorkit.content",
                "mentorkit.core", *sorted(n for n in _modules() if n.startswith("mentorkit.core."))]
PROBE = """
import importlib, json, sys
importlib.import_module(sys.argv[1])
print(json.dumps(sorted(m for m in sys.modules
                        if m.split('.')[0] in ('ipywidgets', 'IPython', 'ipykernel', 'jupyter_client',
                                               'altair', 'pandas'))))
"""


@pytest.mark.parametrize("module", JUPYTER_FREE)
def test_core_layers_import_nothing_of_jupyter(module: str) -> None:
    proc = subprocess.run([sys.executable, "-c", PROBE, module], capture_output=True, text=True,
                          timeout=120, check=True)
    assert json.loads(proc.stdout) == [], f"{module} pulls in Jupyter, Altair or pandas modules"
