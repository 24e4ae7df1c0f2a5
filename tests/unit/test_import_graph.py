"""The layers hold: no import cycle in kam_core, rules never use the store, the core never uses
Streamlit. Imports inside functions count too: a cycle hidden in a function is still a cycle."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "kam_core"
RULES = (
    "accounts",
    "stock",
    "promotions",
    "incentives",
    "visits",
    "data",
    "service",
    "relationships",
)


def _module_name(path: Path) -> str:
    parts = path.relative_to(CORE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@functools.cache
def _trees() -> dict[Path, ast.Module]:
    """Every module of kam_core parsed once for all the tests here (parsing is their cost)."""
    return {path: ast.parse(path.read_text()) for path in sorted(CORE.rglob("*.py"))}


@functools.cache
def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in _trees()}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(_trees()[path]):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                    base = f"{base}.{node.module}" if node.module else base
                targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
            graph[name] |= {t for t in targets if t in modules and t != name}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = 2
        path.pop()
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_kam_core_has_no_import_cycle() -> None:
    assert _cycle(_graph()) is None, " -> ".join(_cycle(_graph()) or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


@pytest.mark.parametrize("room", RULES)
def test_rules_never_use_the_store_charts_or_reports(room: str) -> None:
    higher = ("kam_core.store", "kam_core.charts", "kam_core.reports")
    used = {
        (module, target)
        for module, targets in _graph().items()
        if module.startswith(f"kam_core.{room}")
        for target in targets
        if target.startswith(higher)
    }
    assert not used


def test_the_core_never_imports_streamlit() -> None:
    users = [
        str(p.relative_to(CORE))
        for p, tree in _trees().items()
        if any(
            isinstance(n, (ast.Import, ast.ImportFrom))
            and any(
                (a.name if isinstance(n, ast.Import) else (n.module or "")).startswith("streamlit")
                for a in n.names
            )
            for n in ast.walk(tree)
        )
    ]
    assert users == []


def test_every_room_says_what_it_answers() -> None:
    rooms = [p for p in CORE.iterdir() if (p / "__init__.py").exists()]
    assert len(rooms) >= 9
    for room in rooms:
        doc = ast.get_docstring(ast.parse((room / "__init__.py").read_text()))
        assert doc, f"{room.name}/__init__.py has no docstring"
