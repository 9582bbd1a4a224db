"""The wizard's modules form no import cycle: screens talk up with messages (issue 13).

Every ``import`` in ``src/formhelper/tui`` is read, function-level ones included
(a cycle hidden inside a function is still a cycle), and the graph between the
wizard's own modules must be acyclic; only the app imports the app.
"""

from __future__ import annotations

import ast
from pathlib import Path

TUI = Path(__file__).parent.parent / "src" / "formhelper" / "tui"


def tui_imports() -> dict[str, set[str]]:
    """Module name -> the ``formhelper.tui`` modules it imports, anywhere in the file."""
    graph: dict[str, set[str]] = {}
    for path in sorted(TUI.glob("*.py")):
        name = f"formhelper.tui.{path.stem}"
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module == "formhelper.tui":
                    found |= {f"formhelper.tui.{a.name}" for a in node.names}
                elif node.module.startswith("formhelper.tui."):
                    found.add(node.module)
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.startswith("formhelper.tui.")}
        graph[name] = found - {name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a list of modules, or ``None``."""
    state: dict[str, int] = {}
    trail: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        trail.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*trail[trail.index(nxt):], nxt]
            if state.get(nxt) is None and (cycle := visit(nxt)) is not None:
                return cycle
        state[node] = 2
        trail.pop()
        return None

    for node in sorted(graph):
        if state.get(node) is None and (cycle := visit(node)) is not None:
            return cycle
    return None


def test_the_finder_sees_a_cycle() -> None:
    """The check itself: a two-module cycle (app <-> a screen, as before issue 13) is found."""
    graph = {"app": {"screen"}, "screen": {"app"}, "other": set()}
    assert find_cycle(graph) == ["app", "screen", "app"]
    assert find_cycle({"app": {"screen"}, "screen": set()}) is None


def test_no_import_cycle_in_the_wizard() -> None:
    graph = tui_imports()
    assert "formhelper.tui.app" in graph and "formhelper.tui.messages" in graph
    assert find_cycle(graph) is None


def test_only_the_app_imports_the_app() -> None:
    importers = sorted(m for m, deps in tui_imports().items() if "formhelper.tui.app" in deps)
    assert importers == []
