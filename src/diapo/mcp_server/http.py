"""`HttpEndpoint`: the MCP server over streamable HTTP, where the bearer token is the account.

Mounted on the service at `/mcp` (see `diapo.service.routes.mcp`), which checks
the token before a request reaches it. Each token gets its own SDK client, bound
to that token, that calls this same server over loopback HTTP, so an agent over
HTTP goes through exactly the protocol an outside client does.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from mcp.server.mcpserver import Context
from mcp.server.transport_security import TransportSecuritySettings
from starlette.types import Receive, Scope, Send

from diapo.client import ClientConfig
from diapo.mcp_server.backend import MAX_CONTENT_BYTES, DiapoBackend, fixed_token_client
from diapo.mcp_server.server import build_server

__all__ = ["HttpEndpoint", "bearer_token"]

# A call may carry MAX_CONTENT_BYTES of files as base64 (4/3 larger) plus its JSON: the
# SDK's default of 4 MiB would refuse it before the tool could say what to do instead.
MAX_REQUEST_BYTES = MAX_CONTENT_BYTES * 4 // 3 + 4 * 1024 * 1024

# Backends kept for the most recent tokens; an evicted one is rebuilt on its next call
# and picks its newest project again.
_MAX_BACKENDS = 256


def bearer_token(headers: dict[str, str] | None) -> str | None:
    """The token of an `Authorization: Bearer ...` header, else None."""
    value = (headers or {}).get("authorization", "")
    scheme, _, token = value.partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def _loopback_url(scope: Scope) -> str:
    # The socket this server listens on, which it can always reach, unlike a public
    # URL behind a proxy.
    host, port = scope.get("server") or ("127.0.0.1", 8000)
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


class HttpEndpoint:
    """An ASGI app serving MCP over streamable HTTP; run it inside `running()`."""

    def __init__(self) -> None:
        self._backends: OrderedDict[str, DiapoBackend] = OrderedDict()
        self.server = build_server(self._resolve, server_url="this server")
        # DNS-rebinding checks are off: every request must carry a bearer token,
        # which a page in a victim's browser cannot supply.
        self.server.streamable_http_app(
            transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False),
            max_request_body_size=MAX_REQUEST_BYTES,
        )
        self._manager = self.server.session_manager

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        async with self._manager.run():
            try:
                yield
            finally:
                for backend in self._backends.values():
                    await backend.aclose()
                self._backends.clear()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._manager.handle_request(scope, receive, send)

    async def _resolve(self, ctx: Context) -> DiapoBackend:
        headers = {k.lower(): v for k, v in (ctx.headers or {}).items()}
        token = bearer_token(headers)
        if token is None:  # the service's door already refused such requests
            raise ValueError("Send `Authorization: Bearer <token>`.")
        backend = self._backends.get(token)
        if backend is not None:
            self._backends.move_to_end(token)
            return backend
        request = ctx.request_context.request
        scope = getattr(request, "scope", {}) or {}
        config = ClientConfig(
            base_url=_loopback_url(scope),
            token=token,
            source="diapo-mcp",
            platform=headers.get("x-skill-platform") or "mcp",
            recover_session=False,
        )
        backend = DiapoBackend(fixed_token_client(config), local_files=False)
        self._backends[token] = backend
        while len(self._backends) > _MAX_BACKENDS:
            _, old = self._backends.popitem(last=False)
            await old.aclose()
        return backend
