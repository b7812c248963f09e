"""`build_server`: Diapo's tools and resources on the official MCP SDK's `MCPServer`."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import httpx
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ResourceError
from mcp.types import CallToolResult, TextContent
from pydantic import BaseModel, Field

from diapo.agent import package_version
from diapo.client import APIError, ExportFailedError
from diapo.draft.vocabulary import PREVIEW_RESOLUTIONS, Language, OutputFormat, Resolution
from diapo.mcp_server.actions import ToolFailure, failure_of
from diapo.mcp_server.backend import DiapoBackend
from diapo.mcp_server.models import (
    CreditsResult,
    EditResult,
    ExportResult,
    ProjectInfo,
    ProjectList,
    StateResult,
    UploadResult,
)

__all__ = ["BackendResolver", "build_server"]

# How a tool call finds the backend it acts on: one for the stdio process, one per
# bearer token over HTTP.
BackendResolver = Callable[[Context], Awaitable[DiapoBackend]]

INSTRUCTIONS = """\
Diapo turns photos and clips into a video. Typical flow: upload_media (local paths
or URLs), then edit_video with what the user wants, in their words (Italian, English
or Chinese: "crea uno slideshow con musica", "make it 9:16"), get_state to show the
timeline, preview_video for a free look, export_video to render and download.
Errors carry the protocol code and what to do (e.g. 2001: no credits, register).
"""


def _ok(result: BaseModel, text: str) -> CallToolResult:
    return CallToolResult(
        content=[TextContent(type="text", text=text)],
        structured_content=result.model_dump(mode="json"),
    )


def _failed(failure: ToolFailure) -> CallToolResult:
    return CallToolResult(
        content=[TextContent(type="text", text=failure.text)],
        structured_content=failure.as_dict(),
        is_error=True,
    )


async def _run(
    work: Callable[[], Awaitable[BaseModel]], describe: Callable[[Any], str], server_url: str
) -> CallToolResult:
    """Run one tool; every failure becomes a tool error with its code and action."""
    try:
        result = await work()
    except ExportFailedError as exc:
        return _failed(ToolFailure(500, str(exc), "change the draft or try the export again"))
    except APIError as exc:
        return _failed(failure_of(exc))
    except ValueError as exc:
        return _failed(ToolFailure(422, str(exc), "fix the arguments"))
    except httpx.TransportError as exc:
        return _failed(
            ToolFailure(
                503,
                f"Cannot reach the Diapo server at {server_url}: {exc}",
                "start it with `diapo serve`, or set DIAPO_SERVER",
            )
        )
    return _ok(result, describe(result))


def _edit_text(r: EditResult) -> str:
    reply = r.reply or r.change
    return f"{reply}\n\n{r.summary}" if r.changed and r.summary not in reply else reply


def _export_text(r: ExportResult) -> str:
    where = r.output_path or r.url or "(no link)"
    size = f"{r.width}x{r.height}, " if r.width and r.height else ""
    return f"Render {r.render_id} {r.status}: {r.format} {size}{r.cost} credit(s). {where}"


def build_server(resolve: BackendResolver, *, server_url: str) -> MCPServer:
    """The MCP server: ten tools and two resources, all acting through `resolve(ctx)`."""
    mcp: MCPServer = MCPServer(
        "diapo",
        title="Diapo",
        description="Turn photos and clips into a shareable video.",
        instructions=INSTRUCTIONS,
        version=package_version(),
        # The SDK's INFO logs every HTTP call the tools make; on stdio they only clutter stderr.
        log_level="WARNING",
    )

    @mcp.tool(title="Upload media")
    async def upload_media(
        ctx: Context,
        paths: Annotated[
            list[str] | None, Field(description="local files: photos, clips or music")
        ] = None,
        urls: Annotated[list[str] | None, Field(description="http(s) URLs to import")] = None,
    ) -> Annotated[CallToolResult, UploadResult]:
        """Add photos, clips or music to the current project, from local paths or URLs."""
        backend = await resolve(ctx)

        def text(r: UploadResult) -> str:
            names = ", ".join(m.name or m.media_id for m in r.media)
            failed = f"; {len(r.failed)} refused" if r.failed else ""
            return f"Uploaded {len(r.media)} item(s) to {r.session_id}: {names}{failed}"

        return await _run(lambda: backend.upload(paths, urls), text, server_url)

    @mcp.tool(title="Edit the video by chat")
    async def edit_video(
        ctx: Context,
        message: Annotated[
            str, Field(description="what to change, in Italian, English or Chinese")
        ],
    ) -> Annotated[CallToolResult, EditResult]:
        """One chat turn with Diapo's editor; returns its reply, what changed and the summary."""
        backend = await resolve(ctx)
        return await _run(lambda: backend.edit(message), _edit_text, server_url)

    @mcp.tool(title="Read the project's state")
    async def get_state(ctx: Context) -> Annotated[CallToolResult, StateResult]:
        """The current draft: its one-screen summary, version, media and the draft JSON."""
        backend = await resolve(ctx)
        return await _run(backend.state, lambda r: r.summary, server_url)

    @mcp.tool(title="Free preview")
    async def preview_video(
        ctx: Context,
        resolution: Annotated[
            Resolution, Field(description=f"a preview is mp4 at {' or '.join(PREVIEW_RESOLUTIONS)}")
        ] = "360p",
    ) -> Annotated[CallToolResult, ExportResult]:
        """Render a free, quick, low-quality mp4 preview of the draft; returns its URL."""
        backend = await resolve(ctx)

        async def work() -> ExportResult:
            return await backend.export(format="mp4", resolution=resolution, preview=True)

        return await _run(work, _export_text, server_url)

    @mcp.tool(title="Export the video")
    async def export_video(
        ctx: Context,
        format: Annotated[OutputFormat, Field(description="output format")] = "mp4",
        resolution: Annotated[Resolution, Field(description="output resolution")] = "1080p",
        output_path: Annotated[
            str | None, Field(description="write the file here (local server only)")
        ] = None,
    ) -> Annotated[CallToolResult, ExportResult]:
        """Export (costs credits), wait with progress notifications, and download the file
        to `output_path` when given."""
        backend = await resolve(ctx)

        async def report(progress: float, message: str) -> None:
            await ctx.report_progress(progress, 1.0, message)

        async def work() -> ExportResult:
            return await backend.export(
                format=format, resolution=resolution, output_path=output_path, report=report
            )

        return await _run(work, _export_text, server_url)

    @mcp.tool(title="Credits")
    async def get_credits(ctx: Context) -> Annotated[CallToolResult, CreditsResult]:
        """The credit balance: available, frozen (held by running exports) and total."""
        backend = await resolve(ctx)
        return await _run(
            backend.credits,
            lambda r: f"{r.available} credits available ({r.frozen} frozen, {r.total} total)",
            server_url,
        )

    @mcp.tool(title="Undo")
    async def undo(ctx: Context) -> Annotated[CallToolResult, EditResult]:
        """Take back the last change."""
        backend = await resolve(ctx)
        return await _run(backend.undo, _edit_text, server_url)

    @mcp.tool(title="Redo")
    async def redo(ctx: Context) -> Annotated[CallToolResult, EditResult]:
        """Put back the change last undone."""
        backend = await resolve(ctx)
        return await _run(backend.redo, _edit_text, server_url)

    @mcp.tool(title="New project")
    async def new_project(
        ctx: Context,
        language: Annotated[Language, Field(description="language of the editor's replies")] = "en",
    ) -> Annotated[CallToolResult, ProjectInfo]:
        """Start a new, empty project (a session); the tools act on it from now on."""
        backend = await resolve(ctx)
        return await _run(
            lambda: backend.new_project(language),
            lambda r: f"New project {r.session_id} ({r.language}).",
            server_url,
        )

    @mcp.tool(title="List projects")
    async def list_projects(ctx: Context) -> Annotated[CallToolResult, ProjectList]:
        """This account's projects, newest first, and which one is current."""
        backend = await resolve(ctx)

        def text(r: ProjectList) -> str:
            lines = [
                f"{'*' if p.current else ' '} {p.session_id} ({p.language}, "
                f"{p.media_count} media, version {p.version})"
                for p in r.projects
            ]
            return "\n".join(lines) or "No projects yet: upload_media or new_project starts one."

        return await _run(backend.projects, text, server_url)

    @mcp.tool(title="Open a project")
    async def open_project(
        ctx: Context,
        session_id: Annotated[str, Field(description="a session id from list_projects")],
    ) -> Annotated[CallToolResult, StateResult]:
        """Make another of this account's projects the current one."""
        backend = await resolve(ctx)
        return await _run(lambda: backend.open_project(session_id), lambda r: r.summary, server_url)

    # Templates rather than static resources: reading one needs the caller's context
    # (over HTTP, its token). `current` names the project the tools act on.
    @mcp.resource(
        "diapo://project/{project}/draft",
        name="draft",
        description="A project's draft as JSON (null before the first edit); project: current",
        mime_type="application/json",
    )
    async def project_draft(project: str, ctx: Context) -> str:
        state = await _read_state(await resolve(ctx), project)
        return json.dumps(state.draft, ensure_ascii=False)

    @mcp.resource(
        "diapo://project/{project}/summary",
        name="summary",
        description="A project's one-screen summary of its tracks; project: current",
        mime_type="text/plain",
    )
    async def project_summary(project: str, ctx: Context) -> str:
        return (await _read_state(await resolve(ctx), project)).summary

    return mcp


async def _read_state(backend: DiapoBackend, project: str) -> StateResult:
    if project not in ("current", backend.session_id):
        raise ResourceError(
            f"Only the current project can be read ({backend.session_id or 'none yet'}); "
            "call open_project first, or read diapo://project/current/draft."
        )
    # A resource has no structured error: its message carries the code and the action.
    try:
        return await backend.state()
    except APIError as exc:
        raise ResourceError(failure_of(exc).text) from exc
