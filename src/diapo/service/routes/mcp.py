"""`/mcp`: Diapo's MCP server over streamable HTTP; the bearer token identifies the account.

The tools are those of `diapo mcp` (see `diapo.mcp_server`), except that local
paths are refused: over HTTP they would name files on this server. When the `mcp`
package is missing, `/mcp` says how to install it. A client without a token is
told where to read how to get one: the 401 names the RFC 9728 protected-resource
metadata, served at `/.well-known/oauth-protected-resource/mcp`.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio.to_thread
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
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


METADATA_PATH = "/.well-known/oauth-protected-resource/mcp"
TOKEN_PATH = "/api/auth/anonymous-token"


def _base(request: Request) -> str:
    settings = request.app.state.diapo.settings
    return str(settings.public_base_url or request.base_url).rstrip("/")


def _challenge(request: Request) -> str:
    return f'Bearer resource_metadata="{_base(request)}{METADATA_PATH}"'


class _Door:
    """Checks the bearer token like every other endpoint, then hands over to MCP."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
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
                response.headers["WWW-Authenticate"] = _challenge(request)
            await response(scope, receive, send)
            return
        await endpoint(scope, receive, send)


router = APIRouter(lifespan=_lifespan, tags=["agents"])


@router.get(
    METADATA_PATH,
    summary="RFC 9728 protected-resource metadata for /mcp: how to get its bearer token",
    description=(
        "The token is not issued by an OAuth server: get one with `POST "
        f"{TOKEN_PATH}` (header `X-Client-Id: <uuid>`; `data.token`), or log in, then "
        "connect to `/mcp` with `Authorization: Bearer <token>`. `authorization_servers` "
        "is left out for that reason (RFC 9728 makes it optional); `diapo_token_endpoint` "
        "and `resource_documentation` say what to do instead."
    ),
)
@router.get(
    "/.well-known/oauth-protected-resource",
    include_in_schema=False,
)
def protected_resource_metadata(request: Request) -> JSONResponse:
    base = _base(request)
    return JSONResponse(
        {
            "resource": f"{base}/mcp",
            "resource_name": "Diapo MCP server",
            "bearer_methods_supported": ["header"],
            "resource_documentation": f"{base}/skill.md",
            "diapo_token_endpoint": f"{base}{TOKEN_PATH}",
            "diapo_token_request": {
                "method": "POST",
                "headers": {"X-Client-Id": "<a UUID you keep>"},
                "token_field": "data.token",
            },
            "diapo_token_help": (
                f"POST {base}{TOKEN_PATH} with header X-Client-Id: <uuid>; connect to "
                f"{base}/mcp with Authorization: Bearer <data.token>."
            ),
        },
        headers={"Cache-Control": "public, max-age=3600"},
    )


# A Starlette route whose endpoint is an ASGI app: MCP speaks HTTP itself.
router.routes.append(Route("/mcp", _Door(), methods=["GET", "POST", "DELETE"]))
