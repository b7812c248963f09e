"""The Diapo service: the HTTP protocol server, its database, storage and render jobs.

create_app(settings) -> FastAPI      the web application
load_settings(**overrides)           the configuration (DIAPO_* variables)
run_worker(settings, workers=1)      a render worker process
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from diapo.service.app import create_app
    from diapo.service.settings import Settings, load_settings
    from diapo.service.worker import run_worker

# Loaded on first use, so that a chat-turn process importing one service module does not
# pull in every route, the renderer and the music engine with it.
_HOMES = {
    "create_app": "diapo.service.app",
    "Settings": "diapo.service.settings",
    "load_settings": "diapo.service.settings",
    "run_worker": "diapo.service.worker",
}

__all__ = ["Settings", "create_app", "load_settings", "run_worker"]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'diapo.service' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
