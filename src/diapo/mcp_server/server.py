"""`build_server`: Diapo's tools and resources on the official MCP SDK's `MCPServer`."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Awaitable, Callable
from typing import Annotated

from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ResourceError
from mcp.types import CallToolResult, Resource
from pydantic import BaseModel, ConfigDict, Field

from diapo.agent import package_version
from diapo.client import APIError
from diapo.draft.vocabulary import Language
from diapo.mcp_server.actions import failure_of
from diapo.mcp_server.backend import DiapoBackend
from diapo.mcp_server.export_tools import add_export_tools
from diapo.mcp_server.hints import EDITS, IMPORTS, READS, SWITCHES
from diapo.mcp_server.models import (
    CreditsResult,
    EditResult,
    ProjectInfo,
    ProjectList,
    StateResult,
    UploadLinkResult,
    UploadResult,
)
from diapo.mcp_server.results import mime_type, run
from diapo.mcp_server.strict import StrictMCPServer

__all__ = ["BackendResolver", "build_server"]

# How a tool call finds the backend it acts on: one for the stdio process, one per
# bearer token over HTTP.
BackendResolver = Callable[[Context], Awaitable[DiapoBackend]]

INSTRUCTIONS = """\
Diapo turns photos and clips into a video. Typical flow: upload_media (local paths on
this machine, base64 file content, or URLs; get_upload_url for large files), then
edit_video with what the user wants, in their words (Italian, English or Chinese:
"crea uno slideshow con musica", "make it 9:16"), get_state to show the timeline,
preview_video for a free look, get_price to quote an export, then start_export and
get_render (or export_video, which waits). Finished renders come as resource links.
Errors carry a code, a message and what to do (e.g. 2001: no credits, register).
"""


def _edit_text(r: EditResult) -> str:
    reply = r.reply or r.change
    return f"{reply}\n\n{r.summary}" if r.changed and r.summary not in reply else reply


class FileContentArg(BaseModel):
    """One file sent in the call itself."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=255, description="its file name, e.g. IMG_0001.jpg")
    content: str = Field(min_length=1, description="the file's bytes, base64")


def build_server(resolve: BackendResolver, *, server_url: str) -> StrictMCPServer:
    """The MCP server: its tools and resources, all acting through `resolve(ctx)`."""
    mcp = StrictMCPServer(
        "diapo",
        title="Diapo",
        description="Turn photos and clips into a shareable video.",
        instructions=INSTRUCTIONS,
        version=package_version(),
        # The SDK's INFO logs every HTTP call the tools make; on stdio they only clutter stderr.
        log_level="WARNING",
    )

    @mcp.tool(title="Upload media", annotations=IMPORTS)
    async def upload_media(
        ctx: Context,
        paths: Annotated[
            list[str] | None,
            Field(description="files on this machine (the stdio server only)"),
        ] = None,
        urls: Annotated[list[str] | None, Field(description="http(s) URLs to import")] = None,
        files: Annotated[
            list[FileContentArg] | None,
            Field(
                description="files sent in the call, base64 (at most 20 MB a call; "
                "get_upload_url for more)"
            ),
        ] = None,
    ) -> Annotated[CallToolResult, UploadResult]:
        """Add photos, clips or music to the current project: local paths, base64 content or
        URLs. The same checks as an HTTP upload (types, size, damaged files)."""
        backend = await resolve(ctx)

        def text(r: UploadResult) -> str:
            names = ", ".join(m.name or m.media_id for m in r.media)
            failed = f"; {len(r.failed)} refused" if r.failed else ""
            return f"Uploaded {len(r.media)} item(s) to {r.session_id}: {names}{failed}"

        contents = [(f.name, f.content) for f in files or ()]
        return await run(lambda: backend.upload(paths, urls, contents), text, server_url)

    @mcp.tool(title="Upload URL for large files", annotations=READS)
    async def get_upload_url(ctx: Context) -> Annotated[CallToolResult, UploadLinkResult]:
        """A signed URL that takes files for the current project without the token, for files
        too large to send in a call: `curl -F files=@video.mp4 '<url>'`. It expires."""
        backend = await resolve(ctx)
        return await run(
            backend.upload_link,
            lambda r: (
                f"POST files (multipart field `files`) to {r.url} until {r.expires_at}. "
                f"Example: {r.example}"
            ),
            server_url,
        )

    @mcp.tool(title="Edit the video by chat", annotations=EDITS)
    async def edit_video(
        ctx: Context,
        message: Annotated[
            str, Field(description="what to change, in Italian, English or Chinese")
        ],
    ) -> Annotated[CallToolResult, EditResult]:
        """One chat turn with Diapo's editor; returns its reply, what changed and the summary."""
        backend = await resolve(ctx)
        return await run(lambda: backend.edit(message), _edit_text, server_url)

    @mcp.tool(title="Read the project's state", annotations=READS)
    async def get_state(ctx: Context) -> Annotated[CallToolResult, StateResult]:
        """The current draft: its one-screen summary, version, media and the draft JSON."""
        backend = await resolve(ctx)
        return await run(backend.state, lambda r: r.summary, server_url)

    add_export_tools(mcp, resolve, server_url=server_url)

    @mcp.tool(title="Credits", annotations=READS)
    async def get_credits(ctx: Context) -> Annotated[CallToolResult, CreditsResult]:
        """The credit balance: available, frozen (held by running exports) and total."""
        backend = await resolve(ctx)
        return await run(
            backend.credits,
            lambda r: f"{r.available} credits available ({r.frozen} frozen, {r.total} total)",
            server_url,
        )

    @mcp.tool(title="Undo", annotations=EDITS)
    async def undo(ctx: Context) -> Annotated[CallToolResult, EditResult]:
        """Take back the last change."""
        backend = await resolve(ctx)
        return await run(backend.undo, _edit_text, server_url)

    @mcp.tool(title="Redo", annotations=EDITS)
    async def redo(ctx: Context) -> Annotated[CallToolResult, EditResult]:
        """Put back the change last undone."""
        backend = await resolve(ctx)
        return await run(backend.redo, _edit_text, server_url)

    @mcp.tool(title="New project", annotations=EDITS)
    async def new_project(
        ctx: Context,
        language: Annotated[
            Language | None,
            Field(description="language of the editor's replies (default: the server's)"),
        ] = None,
    ) -> Annotated[CallToolResult, ProjectInfo]:
        """Start a new, empty project (a session); the tools act on it from now on."""
        backend = await resolve(ctx)
        return await run(
            lambda: backend.new_project(language),
            lambda r: f"New project {r.session_id} ({r.language}).",
            server_url,
        )

    @mcp.tool(title="List projects", annotations=READS)
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

        return await run(backend.projects, text, server_url)

    @mcp.tool(title="Open a project", annotations=SWITCHES)
    async def open_project(
        ctx: Context,
        session_id: Annotated[str, Field(description="a session id from list_projects")],
    ) -> Annotated[CallToolResult, StateResult]:
        """Make another of this account's projects the current one."""
        backend = await resolve(ctx)
        return await run(lambda: backend.open_project(session_id), lambda r: r.summary, server_url)

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

    @mcp.resource(
        "diapo://render/{render_id}",
        name="render",
        description="A render's status as JSON; when completed, `url` downloads it (signed)",
        mime_type="application/json",
    )
    async def render_info(render_id: str, ctx: Context) -> str:
        backend = await resolve(ctx)
        try:
            render = await backend.render(render_id)
        except APIError as exc:
            raise ResourceError(failure_of(exc).text) from exc
        return render.model_dump_json()

    @mcp.resource(
        "diapo://media/{media_id}",
        name="media",
        description="One of the current project's media as JSON, with signed `url`s",
        mime_type="application/json",
    )
    async def media_info(media_id: str, ctx: Context) -> str:
        backend = await resolve(ctx)
        try:
            items = await backend.media()
        except APIError as exc:
            raise ResourceError(failure_of(exc).text) from exc
        for m in items:
            if m.media_id == media_id:
                return json.dumps(dataclasses.asdict(m), ensure_ascii=False)
        raise ResourceError(f"No media {media_id} in the current project; see resources/list.")

    async def list_project(ctx: Context) -> list[Resource]:
        backend = await resolve(ctx)
        listed = [
            Resource(
                uri=f"diapo://media/{m.media_id}",
                name=m.name or m.media_id,
                title=m.name or None,
                description=f"{m.kind}" + (f" {m.width}x{m.height}" if m.width else ""),
                mime_type="application/json",
            )
            for m in await backend.media()
        ]
        listed += [
            Resource(
                uri=f"diapo://render/{r.render_id}",
                name=f"diapo-{r.render_id}.{r.format}",
                description=f"{r.status} {r.format} {r.resolution}, {r.cost} credit(s)"
                + (f"; download: {r.url}" if r.url else ""),
                mime_type="application/json",
                size=None,
                _meta={"download_url": r.url, "download_mime_type": mime_type(r.format)}
                if r.url
                else None,
            )
            for r in await backend.renders()
        ]
        return listed

    mcp.list_more = list_project
    mcp.forbid_extra_arguments()
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
