"""The package's import structure: no cycles, no reaching into another package's private modules,
and a small public API."""
from __future__ import annotations

import ast
import importlib
from pathlib import Path

import innoscope

SRC = Path(innoscope.__file__).resolve().parent


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports() -> dict[str, set[str]]:
    """Module → innoscope modules it imports, counting imports inside functions."""
    graph: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        mod = _module_name(path)
        pkg = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = pkg.split(".")
                    base = base[: len(base) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                if target.startswith("innoscope"):
                    found.add(target)
                    found.update(f"{target}.{a.name}" for a in node.names)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("innoscope"))
        graph[mod] = found
    modules = set(graph)
    return {m: {t for t in ts if t in modules and t != m} for m, ts in graph.items()}


def _package(mod: str) -> str:
    parts = mod.split(".")
    return ".".join(parts[:2])


def test_no_import_cycles_between_modules():
    graph = _imports()
    # a package's __init__ re-exports its modules: follow module → module edges only
    edges = {m: {t for t in ts if not (SRC / Path(*t.split(".")[1:]) / "__init__.py").exists()}
             for m, ts in graph.items()}
    state: dict[str, int] = {}
    cycles = []

    def visit(m, stack):
        state[m] = 1
        for t in edges.get(m, ()):
            if state.get(t) == 1:
                cycles.append(stack[stack.index(t):] + [t])
            elif t not in state:
                visit(t, stack + [t])
        state[m] = 2

    for m in sorted(edges):
        if m not in state:
            visit(m, [m])
    assert not cycles, cycles


def test_no_package_imports_another_packages_private_module():
    bad = []
    for mod, targets in _imports().items():
        for t in targets:
            last = t.rsplit(".", 1)[-1]
            if last.startswith("_") and not last.startswith("__") and _package(t) != _package(mod):
                if t.count(".") > 1:  # innoscope._output and the like are the top level's own
                    bad.append(f"{mod} → {t}")
    assert not bad, bad


def test_packages_do_not_import_each_other():
    """Between packages, arrows point one way (data → steps → index → analyses → outputs → faces)."""
    pkgs: dict[str, set[str]] = {}
    for mod, targets in _imports().items():
        for t in targets:
            a, b = _package(mod), _package(t)
            if a != b:
                pkgs.setdefault(a, set()).add(b)
    two_way = sorted(f"{a} ↔ {b}" for a, bs in pkgs.items() for b in bs
                     if a < b and a in pkgs.get(b, set()))
    assert not two_way, two_way


def test_public_api_is_small_and_importable():
    assert innoscope.__all__ == sorted([
        "Aggregate", "EvaluationResult", "Framework", "Impute", "Index", "IndexResult", "Normalise",
        "Panel", "Tier", "Treat", "Weight", "build_report", "dea", "evaluate", "load_framework",
        "load_study", "malmquist", "read_panel", "registry"])
    for name in innoscope.__all__:
        assert getattr(innoscope, name) is not None
    from innoscope.evaluation import run

    assert innoscope.evaluate is run
    importlib.import_module("innoscope.report")  # the submodule import leaves the function in place

    assert callable(innoscope.build_report) and innoscope.build_report.__name__ == "build_report"
