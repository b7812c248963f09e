"""The layers keep their dependencies pointing one way, and names stay in step across them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import diapo

SRC = Path(diapo.__file__).resolve().parent

# What each layer may import from diapo (besides itself).
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "agent": set(),
    "draft": {"errors"},
    "media": {"errors"},
    "music": {"errors", "draft"},
    "samples": {"errors"},
    "render": {"errors", "draft", "media", "music"},
    "chat": {"errors", "draft", "music", "render"},
}
TOP = {"service", "client", "cli", "web", "mcp_server"}


def _diapo_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "diapo" and len(parts) > 1:
                found.add(parts[1])
    return found


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_lower_layers_do_not_import_upper_ones(layer: str) -> None:
    target = SRC / layer
    files = [target.with_suffix(".py")] if not target.is_dir() else sorted(target.rglob("*.py"))
    for path in files:
        bad = _diapo_imports(path) - ALLOWED[layer] - {layer}
        assert not bad, f"{path.relative_to(SRC)} imports {sorted(bad)}"


def test_nothing_imports_the_top_layers_but_themselves() -> None:
    for path in SRC.rglob("*.py"):
        layer = path.relative_to(SRC).parts[0].removesuffix(".py")
        if layer in TOP or layer in ("__init__", "__main__"):
            continue
        assert not (_diapo_imports(path) & TOP), f"{path.relative_to(SRC)} imports a top layer"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def _target(name: str) -> str | None:
    """The diapo module that importing `name` loads (a name inside a module: that module)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _is_type_checking(node: ast.If) -> bool:
    return "TYPE_CHECKING" in ast.unparse(node.test)


def _imports(module: str, *, deferred: bool) -> set[str]:
    """The diapo modules `module` imports at its top level; with `deferred`, anywhere.

    Top level leaves out `if TYPE_CHECKING:` blocks, which never run; `deferred`
    counts them and the imports inside functions: imports written there to
    dodge a loop still close it.
    """
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.Import):
                found.update(t for a in node.names if (t := _target(a.name)))
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package
                    for _ in range(node.level - 1):
                        anchor = anchor.rpartition(".")[0]
                    base = f"{anchor}.{base}" if base else anchor
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    target = full if full in MODULES else _target(base)
                    if target:
                        found.add(target)
            elif isinstance(node, ast.If) and _is_type_checking(node) and not deferred:
                visit(node.orelse)
            elif deferred:
                visit([n for n in ast.iter_child_nodes(node) if isinstance(n, ast.stmt)])
            elif isinstance(node, ast.If | ast.Try | ast.With):
                # Module-level conditionals and guards still run at import time.
                for field in ("body", "orelse", "finalbody", "handlers"):
                    for child in getattr(node, field, []):
                        if isinstance(child, ast.ExceptHandler):
                            visit(child.body)
                        elif isinstance(child, ast.stmt):
                            visit([child])

    visit(tree.body)
    found.discard(module)
    return found


def _loops(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import loops: strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    loops: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                loops.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return loops


def _describe(loops: list[list[str]], graph: dict[str, set[str]]) -> str:
    return "\n".join(
        "; ".join(f"{a} -> {b}" for a in group for b in sorted(graph[a]) if b in group)
        for group in loops
    )


def test_no_import_loops_at_module_level() -> None:
    graph = {m: _imports(m, deferred=False) for m in MODULES}
    loops = _loops(graph)
    assert not loops, "modules import each other:\n" + _describe(loops, graph)


def test_no_import_loop_is_dodged_by_an_import_inside_a_function() -> None:
    graph = {m: _imports(m, deferred=True) for m in MODULES}
    loops = _loops(graph)
    assert not loops, "deferred imports close a loop:\n" + _describe(loops, graph)


def test_the_loop_finder_sees_a_loop_closed_by_a_deferred_import(tmp_path: Path) -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _loops(graph) == [["a", "b", "c"]]
    assert _loops({"a": {"b"}, "b": set()}) == []


def test_the_service_never_imports_the_cli() -> None:
    for module in MODULES:
        if module.startswith("diapo.service"):
            cli = {m for m in _imports(module, deferred=True) if m.startswith("diapo.cli")}
            assert not cli, f"{module} imports {sorted(cli)}"


def test_shared_service_types_live_in_their_own_modules() -> None:
    def classes(module: str) -> set[str]:
        tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
        return {n.name for n in tree.body if isinstance(n, ast.ClassDef)}

    assert "ServiceState" in classes("diapo.service.state")
    assert "ServiceState" not in classes("diapo.service.app")
    # The queue is handed the function that runs a job: it imports no job code
    # and keeps no process-wide context for it.
    jobs = "diapo.service.jobs"
    assert not _imports(jobs, deferred=True) & {"diapo.service.renderjob", "diapo.service.worker"}
    tree = ast.parse(MODULES[jobs].read_text(encoding="utf-8"))
    assert not [n for n in ast.walk(tree) if isinstance(n, ast.Global)]


def test_the_chat_parser_holds_no_shared_turn_types() -> None:
    # Context, Outcome and Handler are shared by the parser and its handlers, so
    # they live in a module of their own that both import.
    tree = ast.parse(MODULES["diapo.chat.parser"].read_text(encoding="utf-8"))
    defined = {n.name for n in tree.body if isinstance(n, ast.ClassDef)}
    assigned = {
        t.id
        for n in tree.body
        if isinstance(n, ast.Assign | ast.AnnAssign)
        for t in (n.targets if isinstance(n, ast.Assign) else [n.target])
        if isinstance(t, ast.Name)
    }
    assert not (defined | assigned) & {"Context", "Outcome", "Handler"}
    context = ast.parse(MODULES["diapo.chat.context"].read_text(encoding="utf-8"))
    assert {"Context", "Outcome"} <= {n.name for n in context.body if isinstance(n, ast.ClassDef)}


def test_service_does_not_touch_opencv_or_pyav() -> None:
    service = SRC / "service"
    if not service.is_dir():
        pytest.skip("no service layer in this tree")
    for path in service.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import cv2" not in text and "import av" not in text, path


def test_every_transition_the_draft_accepts_is_drawn_by_the_renderer() -> None:
    import numpy as np

    from diapo.draft import TRANSITION_NAMES
    from diapo.render.transitions import blend

    a = np.zeros((36, 64, 3), np.uint8)
    b = np.full((36, 64, 3), 200, np.uint8)
    for name in TRANSITION_NAMES:
        mid = blend(name, a, b, 0.5)
        assert mid.shape == a.shape, name


def test_public_api_is_exported_and_sorted() -> None:
    assert diapo.__all__ == sorted(diapo.__all__, key=lambda n: (not n.isupper(), n))
    for name in diapo.__all__:
        assert getattr(diapo, name) is not None


@pytest.mark.parametrize(
    "module", ["diapo", "diapo.errors", "diapo.chat", "diapo.client", "diapo.service.chatturn"]
)
def test_light_modules_do_not_load_the_renderer(module: str) -> None:
    # A chat turn runs in its own process, and a client only talks HTTP: neither may pay for
    # PyAV, OpenCV and NumPy (about 150 MB and seconds of start-up) by importing Diapo.
    import subprocess
    import sys

    probe = (
        f"import sys, {module}; "
        "print(','.join(m for m in ('av', 'cv2', 'numpy', 'scipy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{module} loads {out.stdout.strip()}"


def test_lazy_names_match_the_public_lists() -> None:
    import diapo.service

    assert set(diapo.__all__) == set(diapo._HOMES)
    assert set(diapo.service.__all__) == set(diapo.service._HOMES)
    for name in diapo.service.__all__:
        assert getattr(diapo.service, name) is not None
