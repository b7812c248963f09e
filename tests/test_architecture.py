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
