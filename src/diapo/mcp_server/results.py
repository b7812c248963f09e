"""Tool results: a short text, the structured result, and a finished render as a resource link."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from mcp.types import CallToolResult, ContentBlock, ResourceLink, TextContent
from pydantic import BaseModel

from diapo.client import APIError, ExportFailedError
from diapo.mcp_server.actions import ToolFailure, failure_of
from diapo.mcp_server.models import ExportResult

__all__ = ["failed", "mime_type", "render_link", "run", "succeeded"]

_MIME = {
    "mp4": "video/mp4",
    "mov": "video/quicktime",
    "webm": "video/webm",
    "mkv": "video/x-matroska",
    "avi": "video/x-msvideo",
    "gif": "image/gif",
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "mp3": "audio/mpeg",
    "wav": "audio/wav",
    "m4a": "audio/mp4",
    "aac": "audio/aac",
}


def mime_type(fmt: str | None) -> str:
    return _MIME.get(fmt or "", "application/octet-stream")


def render_link(r: ExportResult) -> ResourceLink | None:
    """A finished render as a link to its signed download URL (no token needed to fetch it)."""
    if r.status != "completed" or not r.url:
        return None
    return ResourceLink(
        type="resource_link",
        uri=r.url,
        name=f"diapo-{r.render_id}.{r.format}",
        title=f"Diapo render {r.render_id}",
        mime_type=mime_type(r.format),
        size=r.size_bytes,
    )


def succeeded(result: BaseModel, text: str) -> CallToolResult:
    content: list[ContentBlock] = [TextContent(type="text", text=text)]
    if isinstance(result, ExportResult) and (link := render_link(result)) is not None:
        content.append(link)
    return CallToolResult(content=content, structured_content=result.model_dump(mode="json"))


def failed(failure: ToolFailure) -> CallToolResult:
    return CallToolResult(
        content=[TextContent(type="text", text=failure.text)],
        structured_content=failure.as_dict(),
        is_error=True,
    )


async def run(
    work: Callable[[], Awaitable[BaseModel]], describe: Callable[[Any], str], server_url: str
) -> CallToolResult:
    """Run one tool; every failure becomes a tool error with its code and action."""
    try:
        result = await work()
    except ExportFailedError as exc:
        return failed(ToolFailure(500, str(exc), "change the draft or try the export again"))
    except APIError as exc:
        return failed(failure_of(exc))
    except ValueError as exc:
        return failed(ToolFailure(422, str(exc), "fix the arguments"))
    except httpx.TransportError as exc:
        return failed(
            ToolFailure(
                503,
                f"Cannot reach the Diapo server at {server_url}: {exc}",
                "start it with `diapo serve`, or set DIAPO_SERVER",
            )
        )
    return succeeded(result, describe(result))
