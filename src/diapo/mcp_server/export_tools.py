"""The tools that render: price, preview, export (blocking or started), status and cancel.

A long export need not hold a tool call: `start_export` answers at once with a
render id, `get_render` reads its progress and, when done, links the file, and
`cancel_render` stops it and gives its credits back. `export_video` stays as the
blocking convenience, with progress notifications while it waits.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from mcp.server.mcpserver import Context, MCPServer
from mcp.types import CallToolResult
from pydantic import Field

from diapo.draft.vocabulary import PREVIEW_RESOLUTIONS, Language, OutputFormat, Resolution
from diapo.mcp_server.backend import DiapoBackend
from diapo.mcp_server.hints import CANCELS, READS, SPENDS
from diapo.mcp_server.models import ExportResult, PriceResult, TemplateList
from diapo.mcp_server.results import run

__all__ = ["add_export_tools", "export_text"]

Resolver = Callable[[Context], Awaitable[DiapoBackend]]

# Shown in every tool that spends, so a host can show it before asking the user.
COST = (
    "Costs credits (at the default prices: 1 per started 10 s of video above 720p, 1 per "
    "started 20 s at 720p or less and for audio, 1 for a still): frozen when the render "
    "starts, charged when it completes, given back if it fails or is cancelled. Call "
    "get_price first for this server's exact figure."
)

IdempotencyKey = Annotated[
    str | None,
    Field(
        max_length=200,
        description="any unique string; a retried call with the same key returns the first "
        "render and never charges twice",
    ),
]
RenderId = Annotated[str, Field(min_length=1, max_length=64, description="the render id")]
Format = Annotated[OutputFormat, Field(description="output format")]
Size = Annotated[Resolution, Field(description="output resolution")]


def export_text(r: ExportResult) -> str:
    where = r.output_path or r.url or ""
    size = f"{r.width}x{r.height}, " if r.width and r.height else ""
    if r.status in ("queued", "rendering"):
        return (
            f"Render {r.render_id} {r.status} ({int(r.progress * 100)} %): {r.format}, "
            f"{r.cost} credit(s) frozen. Call get_render with this id to follow it."
        )
    reason = f" ({r.error})" if r.error else ""
    return f"Render {r.render_id} {r.status}{reason}: {r.format} {size}{r.cost} credit(s). {where}"


def _templates_text(r: TemplateList) -> str:
    lines = []
    for t in r.templates:
        fields = ", ".join(f.name + ("" if f.required else "?") for f in t.fields)
        lines.append(f"{t.template_id} ({t.name}): {fields}")
    return "\n".join(lines)


def _price_text(r: PriceResult) -> str:
    warn = "".join(f" {w}" for w in r.warnings)
    return (
        f"{r.format} {r.resolution}, {r.duration_ms / 1000:.1f} s: {r.cost} credit(s); "
        f"{r.available} available, {r.available_after} after.{warn}"
    )


def add_export_tools(mcp: MCPServer, resolve: Resolver, *, server_url: str) -> None:
    """Register get_price, preview_video, export_video, start_export, get_render, cancel_render,
    list_templates and render_template."""

    @mcp.tool(title="List templates", annotations=READS)
    async def list_templates(
        ctx: Context,
        language: Annotated[
            Language, Field(description="language of the names and field labels")
        ] = "it",
    ) -> Annotated[CallToolResult, TemplateList]:
        """The templates (Italian occasions: compleanno, matrimonio, laurea...) and the fields
        each asks for; fill one with render_template."""
        backend = await resolve(ctx)

        async def work() -> TemplateList:
            return await backend.templates(language)

        return await run(work, _templates_text, server_url)

    @mcp.tool(
        title="Render a template",
        annotations=SPENDS,
        description="Fill a template (list_templates) with `values` and the project's uploaded "
        "photos, and start its export at once; follow it with get_render. " + COST,
    )
    async def render_template(
        ctx: Context,
        template: Annotated[str, Field(min_length=1, max_length=64, description="its id")],
        values: Annotated[
            dict[str, str],
            Field(
                description='its text fields, e.g. {"nome": "Maria"}; photos come from '
                "the project's uploads"
            ),
        ],
        format: Format = "mp4",
        resolution: Size = "1080p",
        idempotency_key: IdempotencyKey = None,
    ) -> Annotated[CallToolResult, ExportResult]:
        backend = await resolve(ctx)

        async def work() -> ExportResult:
            return await backend.start_template(
                template,
                dict(values),
                format=format,
                resolution=resolution,
                idempotency_key=idempotency_key,
            )

        return await run(work, export_text, server_url)

    @mcp.tool(title="Price an export", annotations=READS)
    async def get_price(
        ctx: Context, format: Format = "mp4", resolution: Size = "1080p"
    ) -> Annotated[CallToolResult, PriceResult]:
        """What exporting the current draft would cost and the credits left after; spends none."""
        backend = await resolve(ctx)

        async def work() -> PriceResult:
            return await backend.price(format=format, resolution=resolution)

        return await run(work, _price_text, server_url)

    @mcp.tool(title="Free preview", annotations=SPENDS)
    async def preview_video(
        ctx: Context,
        resolution: Annotated[
            Resolution, Field(description=f"a preview is mp4 at {' or '.join(PREVIEW_RESOLUTIONS)}")
        ] = "360p",
        idempotency_key: IdempotencyKey = None,
    ) -> Annotated[CallToolResult, ExportResult]:
        """Render a free (0 credits), quick, low-quality mp4 preview of the draft; returns
        a link to it."""
        backend = await resolve(ctx)

        async def work() -> ExportResult:
            return await backend.export(
                format="mp4", resolution=resolution, preview=True, idempotency_key=idempotency_key
            )

        return await run(work, export_text, server_url)

    @mcp.tool(title="Export the video", annotations=SPENDS, description=_export_description())
    async def export_video(
        ctx: Context,
        format: Format = "mp4",
        resolution: Size = "1080p",
        output_path: Annotated[
            str | None,
            Field(description="write the file here (stdio server on your machine only)"),
        ] = None,
        idempotency_key: IdempotencyKey = None,
    ) -> Annotated[CallToolResult, ExportResult]:
        backend = await resolve(ctx)

        async def report(progress: float, message: str) -> None:
            await ctx.report_progress(progress, 1.0, message)

        async def work() -> ExportResult:
            return await backend.export(
                format=format,
                resolution=resolution,
                output_path=output_path,
                report=report,
                idempotency_key=idempotency_key,
            )

        return await run(work, export_text, server_url)

    @mcp.tool(
        title="Start an export",
        annotations=SPENDS,
        description="Queue an export and answer at once with its render id; follow it with "
        "get_render, stop it with cancel_render. " + COST,
    )
    async def start_export(
        ctx: Context,
        format: Format = "mp4",
        resolution: Size = "1080p",
        idempotency_key: IdempotencyKey = None,
    ) -> Annotated[CallToolResult, ExportResult]:
        backend = await resolve(ctx)

        async def work() -> ExportResult:
            return await backend.start_export(
                format=format, resolution=resolution, idempotency_key=idempotency_key
            )

        return await run(work, export_text, server_url)

    @mcp.tool(title="A render's status", annotations=READS)
    async def get_render(
        ctx: Context, render_id: RenderId
    ) -> Annotated[CallToolResult, ExportResult]:
        """A render's status and progress; when completed, a link to the file (a signed URL
        that needs no token)."""
        backend = await resolve(ctx)
        return await run(lambda: backend.render(render_id), export_text, server_url)

    @mcp.tool(title="Cancel a render", annotations=CANCELS)
    async def cancel_render(
        ctx: Context, render_id: RenderId
    ) -> Annotated[CallToolResult, ExportResult]:
        """Stop a queued or running render; its frozen credits are given back. A finished
        render is left as it is."""
        backend = await resolve(ctx)
        return await run(lambda: backend.cancel(render_id), export_text, server_url)


def _export_description() -> str:
    return (
        "Export the draft and wait for it (progress notifications while it renders), then "
        "write it to `output_path` when given, else link it. For long renders and short "
        "tool timeouts use start_export and get_render. " + COST
    )
