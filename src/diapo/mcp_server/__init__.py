"""Diapo as an MCP server: tools and resources for agents, on the official `mcp` SDK.

The tools act through Diapo's SDK (`diapo.client`), so the protocol's rules
(tokens, retries, the error table) apply as they do for `diapo chat`. `diapo mcp`
serves it on stdio; the service mounts it over streamable HTTP at `/mcp`.
"""

from diapo.mcp_server.actions import ToolFailure, failure_of
from diapo.mcp_server.backend import DiapoBackend
from diapo.mcp_server.server import build_server
from diapo.mcp_server.stdio import serve_stdio

__all__ = ["DiapoBackend", "ToolFailure", "build_server", "failure_of", "serve_stdio"]
