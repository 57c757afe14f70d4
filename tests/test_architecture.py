"""The package's shape: no import cycle between its modules, and no module over 400 lines.

Every ``import``/``from ... import`` anywhere in a module counts: at the top, inside a
function, under ``if TYPE_CHECKING:``. A cycle is reported with its modules in order.
"""
from __future__ import annotations

import ast
from pathlib import Path

from support import ROOT

PACKAGE = ROOT / "leaflets"
MAX_LINES = 400


def modules() -> dict[str, Path]:
    return {p.stem: p for p in sorted(PACKAGE.glob("*.py"))}


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules ``name`` imports, wherever in the file the import is."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == PACKAGE.name and len(parts) > 1:
                    found.add(parts[1])
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                parts = (node.module or "").split(".")
                if parts[0] != PACKAGE.name:
                    continue
                base = parts[1:]
            elif node.level == 1:
                base = (node.module or "").split(".") if node.module else []
            else:
                continue  # outside the package
            if base:
                found.add(base[0])
            else:  # from . import a, b
                found.update(a.name for a in node.names if a.name in known)
    found &= known
    found.discard("__init__")
    found.discard(name)
    return found


def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {name: imports(name, path, known) for name, path in mods.items()}


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as [a, b, ..., a], or None (depth-first search, three colours)."""
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_cycle_finder_finds_a_cycle_and_accepts_a_tree():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_imports_count_functions_and_type_checking(tmp_path):
    source = tmp_path / "m.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "from . import a, helper_name\n"
        "import leaflets.b\n"
        "if TYPE_CHECKING:\n    from .c import X\n"
        "def f():\n    from leaflets.d import Y\n    from .. import outside\n",
        encoding="utf-8")
    assert imports("m", source, {"a", "b", "c", "d", "m"}) == {"a", "b", "c", "d"}


def test_the_package_has_no_import_cycle():
    edges = graph()
    assert len(edges) > 10 and any(edges.values())  # the package was read
    cycle = find_cycle(edges)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_no_module_is_over_400_lines():
    long = {name: n for name, path in modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: " + ", ".join(f"leaflets/{m}.py ({n})" for m, n in long.items())
