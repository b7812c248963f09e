"""`StrictMCPServer`: the SDK's server, with every failure a tool error an agent can act on.

The SDK ignores unknown arguments (so `{"path": ...}` for `output_path` ran an
export and wrote nothing), and answers an unknown tool or a schema error with
bare text. Here each is a tool error `{code, message, action}`, refused before
the tool runs: nothing is uploaded, queued or spent. It also lets `resources/list`
name the caller's own media and renders, which only a per-call lookup can know.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ListResourcesResult, Resource
from pydantic import ValidationError

from diapo.mcp_server.actions import ToolFailure
from diapo.mcp_server.results import failed

__all__ = ["ResourceLister", "StrictMCPServer"]

log = logging.getLogger("diapo.mcp")

# The caller's resources for `resources/list` (its project's media and renders).
ResourceLister = Callable[[Context], Awaitable[list[Resource]]]


def _field_errors(exc: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'arguments'}: {e['msg']}" for e in exc.errors()
    )


class StrictMCPServer(MCPServer):
    """An `MCPServer` that refuses unknown tools and arguments as tool errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.list_more: ResourceLister | None = None

    def forbid_extra_arguments(self) -> None:
        """Say in every tool's input schema that no other argument is accepted."""
        for tool in self._tool_manager.list_tools():
            tool.parameters["additionalProperties"] = False

    async def call_tool(
        self, name: str, arguments: dict[str, Any], context: Context[Any, Any] | None = None
    ) -> Any:
        tools = {t.name: t for t in await self.list_tools()}
        tool = tools.get(name)
        if tool is None:
            return failed(
                ToolFailure(
                    404,
                    f"There is no tool {name!r}.",
                    "call one of: " + ", ".join(sorted(tools)),
                )
            )
        accepted = sorted((tool.input_schema or {}).get("properties", {}))
        unknown = sorted(set(arguments) - set(accepted))
        if unknown:
            hints = [
                f"{u} -> {close[0]}"
                for u in unknown
                if (close := difflib.get_close_matches(u, accepted, n=1, cutoff=0.5))
            ]
            action = "use only " + (", ".join(accepted) if accepted else "no arguments")
            if hints:
                action += " (did you mean " + ", ".join(hints) + "?)"
            return failed(
                ToolFailure(
                    422,
                    f"{name} does not take {', '.join(unknown)}; nothing was done.",
                    action,
                )
            )
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as exc:
            cause = exc.__cause__
            if isinstance(cause, ValidationError):
                return failed(
                    ToolFailure(
                        422,
                        f"Invalid arguments for {name}; nothing was done.",
                        f"fix the arguments ({_field_errors(cause)})",
                    )
                )
            log.exception("tool %s failed", name)
            return failed(
                ToolFailure(500, f"{name} failed: {cause or exc}", "report the error to the user")
            )

    async def _handle_list_resources(self, ctx: Any, params: Any) -> ListResourcesResult:
        listed = await super()._handle_list_resources(ctx, params)
        if self.list_more is None:
            return listed
        context: Context[Any, Any] = Context(request_context=ctx, mcp_server=self)
        try:
            more = await self.list_more(context)
        except Exception:
            # A listing that cannot reach the project (no token, no project yet) is
            # still a listing: the static resources and templates stay usable.
            log.warning("could not list the project's resources", exc_info=True)
            more = []
        return ListResourcesResult(resources=[*listed.resources, *more])
