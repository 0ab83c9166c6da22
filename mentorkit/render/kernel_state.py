"""Runs where templates run: import the heavy libraries once, then reset between participants.

:func:`warm` imports what worksheets need (vl-convert, the worksheet sections) and renders a
fictional example once, so vl-convert's engine and every lazily loaded module are ready.
:func:`snapshot` records the interpreter state after warming; :func:`restore` puts it back before each
participant:

* the IPython user namespace, output cache and execution counter (``reset(new_session=True)``), so
  the first cell is ``In [1]`` exactly as in a fresh kernel;
* ``builtins``, ``os.environ``, the working directory, ``sys.path`` and ``sys.argv``;
* module globals of the worksheet libraries (``mentorkit``, ``altair``, ``vl_convert`` ...), rebinding
  any name a notebook added or replaced;
* altair's active theme, renderer and data transformer;
* pandas options (``pd.set_option`` in one participant's notebook is undone before the next);
* modules of packages that were not loaded when warming are dropped from ``sys.modules`` (a
  template's own helper module is imported afresh for every participant), except packages with
  compiled extensions (numpy, pandas), which cannot be imported twice in one process: they stay
  loaded, and pandas' options go back to pandas' defaults.

The same reset serves both places templates run: a warm kernel (:mod:`mentorkit.render.kernel`) and
the render worker's own process (:mod:`mentorkit.render.inprocess`). In the worker, the globals of the
render machinery (:data:`RUNNER_MODULES`) are the worker's and are left alone, and modules the worker
itself imports between notebooks (the PDF writer's, on its first page) count as warmed
(:func:`adopt_loaded`): only what a notebook's cells imported is dropped.

What this cannot undo is in-place mutation deep inside a library object; ``mentorkit render
--isolated`` runs each participant in a fresh kernel for comparison.
"""

from __future__ import annotations

import builtins
import os
import sys
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

#: Packages whose modules' globals are snapshotted and restored between participants.
RESTORED_PACKAGES = ("mentorkit", "altair", "vl_convert")
#: Imported by :func:`warm` (plus whatever the template lists in ``metadata.mentorkit.warm_imports``).
#: The worksheet's charts are plain Vega-Lite dicts (:mod:`mentorkit.chart_specs`): no altair or pandas
#: here (a template that uses them lists them in its ``warm_imports``).
WARM_IMPORTS = ("vl_convert", "IPython.display", "mentorkit.core", "mentorkit.chart_specs",
                "mentorkit.render.sheet", "mentorkit.render.agreement_doc")


@dataclass
class _State:
    builtins: dict[str, Any]
    environ: dict[str, str]
    cwd: str
    path: list[str]
    argv: list[str]
    modules: set[str]
    packages: set[str]
    globals: dict[str, dict[str, Any]]
    altair: dict[str, str | None] = field(default_factory=dict)
    pandas: dict[str, Any] = field(default_factory=dict)


_state: _State | None = None


#: Modules of the render machinery itself: when templates run in the render worker's own process
#: (:mod:`mentorkit.render.inprocess`) their globals are the worker's state, never a notebook's.
RUNNER_MODULES = frozenset(f"mentorkit.render.{name}" for name in (
    "cli", "distributed", "engine", "heap", "html", "inprocess", "kernel", "kernel_state", "lock", "pdf",
    "plan", "pool", "report", "run", "worker"))


def _restorable(name: str) -> bool:
    top = name.partition(".")[0]
    return top in RESTORED_PACKAGES and name not in RUNNER_MODULES


def _altair_active() -> dict[str, str | None]:
    alt = sys.modules.get("altair")
    if alt is None:
        return {}
    active: dict[str, str | None] = {}
    for registry in ("theme", "renderers", "data_transformers"):
        reg = getattr(alt, registry, None)
        if reg is not None and hasattr(reg, "active"):
            active[registry] = reg.active
    return active


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _pandas_options() -> dict[str, Any]:
    """Every pandas option's current value (``{}`` when pandas is not loaded)."""
    if "pandas" not in sys.modules:
        return {}
    try:
        from pandas._config import config
    except ImportError:
        return {}
    return _flatten(config._global_config)


def _pandas_defaults() -> dict[str, Any]:
    """Every pandas option's default (``{}`` when pandas is not loaded): what a notebook that loaded
    pandas after warming found when it first imported it."""
    if "pandas" not in sys.modules:
        return {}
    try:
        from pandas._config import config
    except ImportError:
        return {}
    return {key: option.defval for key, option in config._registered_options.items()}


def _compiled(package: str) -> bool:
    """Whether any loaded module of top-level ``package`` is a compiled extension."""
    from importlib.machinery import EXTENSION_SUFFIXES

    for name, module in list(sys.modules.items()):
        if name == package or name.startswith(package + "."):
            path = getattr(module, "__file__", None) or ""
            if path.endswith(tuple(EXTENSION_SUFFIXES)):
                return True
    return False


def _restore_pandas_options(saved: dict[str, Any]) -> None:
    """Set back, through ``pd.set_option`` (validators and callbacks run), every option that changed."""
    if not saved:
        return
    current = _pandas_options()
    changed = {k: v for k, v in saved.items() if k in current and current[k] is not v and current[k] != v}
    if changed:
        import warnings

        import pandas as pd

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # deprecated option names still restore
            for key, value in changed.items():
                pd.set_option(key, value)


def warm(extra: tuple[str, ...] | list[str] = ()) -> list[str]:
    """Import the worksheet libraries and render an example once; return modules that failed."""
    import importlib

    from ..speedups import skip_rfc3987_grammar

    skip_rfc3987_grammar()  # jsonschema's optional "iri" check costs about a second per kernel
    failed = []
    for name in (*WARM_IMPORTS, *extra):
        try:
            importlib.import_module(name)
        except Exception as exc:  # a missing optional library must not stop the kernel
            failed.append(f"{name}: {type(exc).__name__}: {exc}")
    try:
        from .examples import example_workbook
        from .sheet import Worksheet

        Worksheet(example_workbook(0)).render_all(show=False)
    except Exception as exc:
        failed.append(f"example worksheet: {type(exc).__name__}: {exc}")
    return failed


def snapshot() -> None:
    """Record the warmed state that :func:`restore` returns to.

    The warmed objects are then frozen out of the garbage collector's view (``gc.freeze``): IPython's
    reset runs a full collection, which would otherwise walk every altair schema class each time.
    """
    global _state
    import gc

    modules = set(sys.modules)
    _state = _State(
        builtins=dict(builtins.__dict__),
        environ=dict(os.environ),
        cwd=os.getcwd(),
        path=list(sys.path),
        argv=list(sys.argv),
        modules=modules,
        packages={name.partition(".")[0] for name in modules},
        globals={
            name: dict(mod.__dict__)
            for name, mod in list(sys.modules.items())
            if isinstance(mod, ModuleType) and _restorable(name)
        },
        altair=_altair_active(),
        pandas=_pandas_options(),
    )
    gc.collect()
    gc.freeze()


def adopt_loaded(exclude: set[str] | frozenset[str] = frozenset()) -> None:
    """Count every module loaded now, except ``exclude`` (what notebooks imported), as warmed."""
    if _state is None:
        raise RuntimeError("kernel_state.adopt_loaded() called before snapshot()")
    loaded = set(sys.modules) - set(exclude)
    _state.modules |= loaded
    _state.packages |= {name.partition(".")[0] for name in loaded} - {
        name.partition(".")[0] for name in exclude}


def snapshotted() -> bool:
    """Whether :func:`snapshot` ran in this process."""
    return _state is not None


def _restore_dict(current: dict[str, Any], saved: dict[str, Any], package: str = "") -> bool:
    if current.keys() == saved.keys() and all(current[k] is v for k, v in saved.items()):
        return False
    # a package keeps the submodules imported since (``mentorkit.render.pdf`` stays reachable)
    keep = {k: v for k, v in current.items() if k not in saved and isinstance(v, ModuleType)
            and v.__name__ == f"{package}.{k}"} if package else {}
    current.clear()
    current.update(saved)
    current.update(keep)
    return True


def restore() -> None:
    """Return the interpreter to the snapshot (see the module docstring for what that covers)."""
    if _state is None:
        raise RuntimeError("kernel_state.restore() called before snapshot()")
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:
        shell.reset(new_session=True)
    _restore_dict(builtins.__dict__, _state.builtins)
    if dict(os.environ) != _state.environ:
        os.environ.clear()
        os.environ.update(_state.environ)
    if os.getcwd() != _state.cwd:
        os.chdir(_state.cwd)
    sys.path[:] = _state.path
    sys.argv[:] = _state.argv
    new = [n for n in sys.modules if n not in _state.modules and n.partition(".")[0] not in _state.packages]
    # a package with compiled extensions (numpy, pandas) cannot be imported twice in one process: once a
    # notebook loaded one it stays, and counts as warmed from now on
    _state.packages.update(top for top in {n.partition(".")[0] for n in new} if _compiled(top))
    for name in new:
        if name.partition(".")[0] not in _state.packages:
            del sys.modules[name]
    for name, saved in _state.globals.items():
        module = sys.modules.get(name)
        if module is not None:
            _restore_dict(module.__dict__, saved, name if hasattr(module, "__path__") else "")
    alt = sys.modules.get("altair")
    if alt is not None:
        for registry, active in _state.altair.items():
            reg = getattr(alt, registry, None)
            if reg is not None and active is not None and reg.active != active:
                reg.enable(active)
    _restore_pandas_options(_state.pandas or _pandas_defaults())
    from .heap import trim_heap

    trim_heap()  # what the last participant's cells freed goes back to the system, not kept for later
