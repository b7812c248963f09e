"""`/mcp`: Diapo's MCP server over streamable HTTP; the bearer token identifies the account.

The tools are those of `diapo mcp` (see `diapo.mcp_server`), except that local
paths are refused: over HTTP they would name files on this server. When the `mcp`
package is missing, `/mcp` says how to install it.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio.to_thread
from fastapi import APIRouter, FastAPI, Request
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from diapo.service.deps import current_token
from diapo.service.envelope import envelope, error_response
from diapo.service.errors import RateLimitedError, TokenError

__all__ = ["router"]

INSTALL_HINT = "pip install 'diapo[agent]'"


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # The MCP session manager runs for as long as the application does.
    if importlib.util.find_spec("mcp") is None:
        yield
        return
    # Imported by name: the MCP layer sits beside the service and is optional.
    http: Any = importlib.import_module("diapo.mcp_server.http")
    endpoint = http.HttpEndpoint()
    app.state.mcp_endpoint = endpoint
    async with endpoint.running():
        yield


class _Door:
    """Checks the bearer token like every other endpoint, then hands over to MCP."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        from fastapi.responses import JSONResponse

        endpoint = getattr(scope["app"].state, "mcp_endpoint", None)
        if endpoint is None:
            response = JSONResponse(
                envelope(None, code=404, message=f"MCP is not installed here: {INSTALL_HINT}"),
                status_code=404,
            )
            await response(scope, receive, send)
            return
        request = Request(scope)
        try:
            await anyio.to_thread.run_sync(
                current_token, request, request.headers.get("authorization")
            )
        except (TokenError, RateLimitedError) as exc:
            response = error_response(exc)
            if isinstance(exc, TokenError):
                response.headers["WWW-Authenticate"] = "Bearer"
            await response(scope, receive, send)
            return
        await endpoint(scope, receive, send)


router = APIRouter(lifespan=_lifespan)
# A Starlette route whose endpoint is an ASGI app: MCP speaks HTTP itself.
router.routes.append(Route("/mcp", _Door(), methods=["GET", "POST", "DELETE"]))
