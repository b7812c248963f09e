"""`serve_stdio`: the MCP server on standard input and output, for an agent on this machine."""

from __future__ import annotations

from mcp.server.mcpserver import Context

from diapo.client import AsyncDiapoClient, ClientConfig
from diapo.mcp_server.backend import DiapoBackend
from diapo.mcp_server.server import build_server

__all__ = ["serve_stdio"]


async def serve_stdio(
    config: ClientConfig, *, session_id: str | None = None, language: str | None = None
) -> None:
    """Serve until the agent closes stdin. Local paths are the agent's own files."""
    client = AsyncDiapoClient(config=config, session_id=session_id)
    backend = DiapoBackend(client, local_files=True, language=language)

    async def resolve(ctx: Context) -> DiapoBackend:
        return backend

    server = build_server(resolve, server_url=config.base_url)
    try:
        await server.run_stdio_async()
    finally:
        await backend.aclose()
