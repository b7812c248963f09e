"""Load a module that sits beside a test file (the phrasing sets and their sessions)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType


def load_sibling(test_file: str, name: str, prefix: str) -> ModuleType:
    """`name`.py from the folder of `test_file`, registered as `prefix` + `name`.

    Each test file loads its own copy under its own prefix, so that no two share
    module state; the module is put in `sys.modules` because dataclasses look
    their module up there.
    """
    spec = importlib.util.spec_from_file_location(
        f"{prefix}{name}", Path(test_file).with_name(f"{name}.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
