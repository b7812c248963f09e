"""`serve(settings)`: the HTTP server (uvicorn) with its local render worker process."""

from __future__ import annotations

import uvicorn

from diapo.service.app import create_app
from diapo.service.settings import Settings
from diapo.service.worker import WorkerSupervisor

__all__ = ["serve"]


def serve(settings: Settings, *, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve until SIGINT/SIGTERM, with `settings.workers` worker threads in a child process."""
    app = create_app(settings)  # migrates before the worker starts
    supervisor = WorkerSupervisor(settings) if settings.workers > 0 else None
    if supervisor is not None:
        supervisor.start()
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="info",
        timeout_graceful_shutdown=5,
        lifespan="on",
        # uvicorn would believe X-Forwarded-For from 127.0.0.1; the service
        # decides itself, by `trust_forwarded_for`, whom to believe.
        proxy_headers=False,
    )
    try:
        uvicorn.Server(config).run()
    finally:
        if supervisor is not None:
            supervisor.stop()
