"""`create_app(settings)`: the FastAPI application that speaks the Diapo protocol."""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware

from diapo.service.clock import Clock
from diapo.service.envelope import install_error_handlers
from diapo.service.pricing import price_text
from diapo.service.routes import ROUTERS
from diapo.service.settings import Settings, load_settings
from diapo.service.state import ServiceState

__all__ = ["create_app"]

log = logging.getLogger("diapo.service")


DESCRIPTION = """\
Diapo turns a photo collection into a shareable video. This server speaks the
Diapo protocol: every JSON answer is `{"code": 0, "message": "ok", "data": ...}`,
errors carry their protocol code (1001 token, 1002 session, 2001 credits,
4001 file type, 4002 file size, 400, 402, 422, 429) with the matching HTTP status.

**Chat stream** (`POST /run_sse`): `text/event-stream`, one JSON object per
`data:` line, with a `type`:
`start` (`session_id`, `version`), `tool_call` (`id`, `name`, `args`),
`tool_result` (`id`, `name`, `ok`, `summary`, `error`), `state` (`version`,
`summary`: the timeline in a few lines), `text` (`text`: the assistant's
reply), `export_requested` (`output`), `error` (`code`, `message`) and finally
`done` (`version`, `kind`, and `applied` / `not_applied`: the message's clauses
as typed, done or not done; the reply names each one not done). Events also
carry an ADK-style `content` (`parts` with `text`, `functionCall` or
`functionResponse`). While work runs a `: heartbeat` comment is sent at least
every 15 s. A turn is applied in one transaction, all or nothing.

**Pricing**: {price}
"""


#: Besides Starlette's defaults (event streams, audio, video, common images, archives).
_NOT_GZIPPED = ("image/*", "application/octet-stream")


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    state: ServiceState = app.state.diapo
    state.turns.warm()  # the first chat turn finds its process ready
    yield
    state.close()


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    """The application, with its database migrated, storage and queue ready."""
    settings = settings or load_settings()
    state = ServiceState.create(settings, clock=clock)
    try:
        # What a kill -9 of the last run left behind (the worker sweeps again periodically).
        swept = state.storage.sweep_leftovers(older_than=settings.leftover_grace_seconds)
        if swept:
            log.info("swept %d leftover file(s) of crashed uploads and renders", swept)
    except OSError:
        log.exception("sweeping leftovers failed")
    app = FastAPI(
        title="Diapo",
        version="0.1.0",
        description=DESCRIPTION.replace("{price}", price_text(settings)),
        lifespan=_lifespan,
    )
    app.state.diapo = state
    # JSON, the page's HTML, CSS and JS shrink several times over. Never the
    # chat's event stream (it must reach the client event by event), media or
    # renders (already compressed; their Range answers must stay byte ranges).
    app.add_middleware(
        GZipMiddleware,
        minimum_size=500,
        compresslevel=6,
        exclude_content_types=(*DEFAULT_EXCLUDED_CONTENT_TYPES, *_NOT_GZIPPED),
    )
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    _mount_web(app)
    return app


def _mount_web(app: FastAPI) -> None:
    # The static page lives in diapo.web (when installed); it mounts itself at /.
    if importlib.util.find_spec("diapo.web") is None:
        return
    web = importlib.import_module("diapo.web")
    mount = getattr(web, "mount", None)
    if callable(mount):
        mount(app)
