"""The structured results of the MCP tools: typed, so each tool publishes an output schema."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

__all__ = [
    "CreditsResult",
    "EditResult",
    "ExportResult",
    "MediaSummary",
    "PriceResult",
    "ProjectInfo",
    "ProjectList",
    "StateResult",
    "TemplateList",
    "UploadLinkResult",
    "UploadResult",
]


class MediaSummary(BaseModel):
    media_id: str
    kind: str
    name: str = ""
    width: int | None = None
    height: int | None = None
    duration_ms: int | None = None


class UploadResult(BaseModel):
    session_id: str
    media: list[MediaSummary] = Field(description="the media stored by this call")
    failed: list[dict[str, Any]] = Field(
        default_factory=list, description="files refused, with their code and reason"
    )


class EditResult(BaseModel):
    session_id: str
    reply: str = Field(description="the assistant's reply, in the project's language")
    changed: bool = Field(description="whether the draft changed")
    change: str = Field(description="what changed, as lines of the summary that moved")
    summary: str = Field(description="the one-screen summary of the draft after the turn")
    version: int
    export_requested: dict[str, Any] | None = Field(
        None, description="the output the user asked to export; call export_video"
    )


class StateResult(BaseModel):
    session_id: str
    version: int
    summary: str
    can_undo: bool
    can_redo: bool
    media: list[MediaSummary]
    draft: dict[str, Any] | None = Field(description="the draft JSON (null before any edit)")


class ExportResult(BaseModel):
    render_id: str
    status: str = Field(description="queued, rendering, completed, failed or cancelled")
    progress: float = Field(0.0, description="0 to 1")
    error: str | None = Field(None, description="why it failed, if it did")
    format: str | None = None
    resolution: str | None = None
    width: int | None = None
    height: int | None = None
    duration_ms: int | None = None
    size_bytes: int | None = None
    cost: int | None = Field(
        None, description="credits frozen, charged on success, given back on failure or cancel"
    )
    url: str | None = Field(None, description="download link (signed; works without the token)")
    output_path: str | None = Field(None, description="where the file was written, if asked")


class CreditsResult(BaseModel):
    available: int
    frozen: int
    total: int


class ProjectInfo(BaseModel):
    session_id: str
    language: str | None = None
    task_name: str = ""
    version: int = 0
    media_count: int = 0
    created_at: str | None = None
    current: bool = False


class ProjectList(BaseModel):
    current: str | None = Field(description="the session the tools act on")
    projects: list[ProjectInfo]


class PriceResult(BaseModel):
    cost: int = Field(description="credits the export would freeze now and charge on success")
    available: int = Field(description="credits available now")
    available_after: int = Field(description="available minus cost (negative: not enough)")
    duration_ms: int
    format: str
    resolution: str
    preview: bool
    warnings: list[str] = Field(default_factory=list)


class UploadLinkResult(BaseModel):
    session_id: str
    url: str = Field(description="POST files here as multipart field `files`; no token needed")
    expires_at: str | None = None
    max_bytes: int = Field(description="the size limit of one file")
    example: str = Field(description="a curl command that uploads a file to the link")


class TemplateField(BaseModel):
    name: str
    kind: str = Field(description="text, photos, clip or music")
    label: str
    required: bool
    default: str | None = None
    max_chars: int | None = None


class TemplateSummary(BaseModel):
    template_id: str
    name: str
    description: str | None = None
    builtin: bool
    fields: list[TemplateField]
    sample_url: str | None = Field(None, description="a 10-second sample video")


class TemplateList(BaseModel):
    templates: list[TemplateSummary]
