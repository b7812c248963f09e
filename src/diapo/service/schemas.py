"""Request bodies and the `data` of answers, as pydantic models (they make the OpenAPI schema)."""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from diapo.draft.vocabulary import Language, OutputFormat, PresetName, Resolution

__all__ = [
    "Balance",
    "ChatMessage",
    "ChatPart",
    "ChatRequest",
    "Envelope",
    "LoginRequest",
    "MediaItem",
    "OutputSpec",
    "RegisterRequest",
    "RenderInfo",
    "RenderRequest",
    "SessionCreate",
    "SessionInfo",
    "SessionUpdate",
    "StateInfo",
    "TokenInfo",
    "UploadResult",
    "UrlImportRequest",
]

T = TypeVar("T")

RenderStatus = Literal["queued", "rendering", "completed", "failed", "cancelled"]


class _Body(BaseModel):
    # Clients written for other services may send more fields; they are ignored.
    # Strict: `"preview": 0` or `"1"` is refused (422) rather than guessed to be a bool.
    model_config = ConfigDict(extra="ignore", strict=True)


class Envelope(BaseModel, Generic[T]):
    """Every JSON answer: `code` 0 on success, else a protocol error code."""

    code: int = Field(0, examples=[0])
    message: str = Field("ok", examples=["ok"])
    data: T | None = None


class TokenInfo(BaseModel):
    token: str
    credits: int = Field(description="available credits")
    expires_at: str = Field(description="ISO 8601, UTC")
    bind_id: str = Field(description="give it to /register to keep these credits")
    register_url: str


class SessionCreate(_Body):
    task_name: str = Field("project", min_length=1, max_length=200)
    language: Language = Field("en", description="language of the assistant's replies")


class SessionInfo(BaseModel):
    session_id: str
    bind_id: str
    task_name: str
    language: Language


class SessionUpdate(_Body):
    language: Language = Field(description="language of the assistant's replies from now on")


class ChatPart(_Body):
    text: str = Field(min_length=1, max_length=20_000)


class ChatMessage(_Body):
    role: Literal["user"] = "user"
    parts: list[ChatPart] = Field(min_length=1, max_length=20)


class ChatRequest(_Body):
    session_id: str = Field(min_length=1, max_length=64)
    new_message: ChatMessage


class UrlImportRequest(_Body):
    urls: list[str] = Field(min_length=1, max_length=20, description="http or https URLs")


class PlaceInfo(BaseModel):
    name: str = Field(description="the town, in the session's language where known")
    region: str = Field(description="its region, in the session's language where known")
    country: str = Field(description="ISO 3166 country code")


class MediaItem(BaseModel):
    media_id: str
    kind: Literal["image", "video", "audio"]
    format: str
    name: str
    width: int | None = None
    height: int | None = None
    duration_ms: int | None = None
    has_audio: bool = False
    size_bytes: int
    taken_at: str | None = None
    thumbnail_url: str | None = Field(None, description="signed, usable without a token")
    url: str = Field(description="the original file, signed")
    subjects: list[dict[str, Any]] | None = Field(
        None, description="photos: faces or the salient region, fractions x, y, w, h; k, s"
    )
    flags: list[str] | None = Field(
        None, description="photos: blurred, dark, bright, duplicate, similar"
    )
    duplicate_of: str | None = Field(None, description="the earlier photo this one repeats")
    analysed: bool | None = Field(None, description="photos: whether the pixels were analysed")
    bpm: float | None = Field(None, description="songs: the detected tempo")
    first_beat_ms: int | None = Field(None, description="songs: where the first beat falls")
    place: PlaceInfo | None = Field(
        None, description="photos and clips: the town nearest their GPS position, if any"
    )
    gps: list[float] | None = Field(None, description="photos and clips: [latitude, longitude]")


class FailedFile(BaseModel):
    name: str
    code: int
    message: str


class UploadResult(BaseModel):
    media: list[MediaItem]
    stored: list[str] = Field(description="names of the files stored")
    failed: list[FailedFile] = Field(default_factory=list, description="files refused")


class Balance(BaseModel):
    available: int
    frozen: int
    total: int = Field(description="available + frozen")


class StateInfo(BaseModel):
    session_id: str
    bind_id: str = Field(description="the account's id for the registration link `/register?bind=`")
    version: int
    draft: dict[str, Any] | None = Field(description="null before the first edit")
    summary: str
    media: list[MediaItem]
    issues: dict[str, Any] = Field(
        default_factory=dict,
        description="blurred, dark, bright (ids), duplicates (id -> earlier id), similar (groups)",
    )
    can_undo: bool
    can_redo: bool


class OutputSpec(_Body):
    format: OutputFormat = "mp4"
    resolution: Resolution = "1080p"
    preset: PresetName | None = Field(
        None,
        description="make it for a platform (optional): its aspect ratio, at most its "
        "resolution, its bitrate and file-size cap (see /api/vocabulary `presets`); the "
        "draft records it as `c.preset`",
    )


class RenderRequest(_Body):
    id: str | None = Field(
        None,
        # Letters, digits, `_` and `-` only: an id names files, so `.` and `..` must not pass.
        pattern=r"^[A-Za-z0-9_-]{1,64}$",
        description="client render id (idempotent): 1-64 of A-Z a-z 0-9 _ -",
    )
    session_id: str | None = Field(
        None,
        min_length=1,
        max_length=64,
        description=(
            "the session; may be omitted when `draft` is sent: the render then belongs to "
            "the account's session holding the draft's media (else its newest session)"
        ),
    )
    draft: dict[str, Any] | None = Field(None, description="default: the session's latest draft")
    output: OutputSpec = Field(default_factory=OutputSpec)
    preview: bool = Field(
        False,
        description=(
            "a quick, free look at the draft for a player: only `mp4` at `360p` or `480p` "
            "(else 422), encoded fast at low quality; still needs the token and the "
            "attribution headers"
        ),
    )
    callback: str | None = Field(
        None,
        max_length=2000,
        description=(
            "an http(s) URL the render's info is POSTed to when it ends, signed with the "
            "account's webhook secret (`X-Diapo-Signature: sha256=<hex>`); public addresses only"
        ),
    )

    @model_validator(mode="after")
    def _session_or_draft(self) -> RenderRequest:
        if self.session_id is None and self.draft is None:
            raise ValueError("send `session_id`, or the `draft` to render")
        return self


class RenderInfo(BaseModel):
    id: str
    session_id: str
    status: RenderStatus
    progress: float
    format: str
    resolution: str
    cost: int
    credit_state: Literal["frozen", "charged", "released"]
    preview: bool = Field(False, description="a free preview, not an export")
    webhook: dict[str, Any] | None = Field(
        None, description="the callback: `url`, `state`, `attempts` (each try), `next_at`"
    )
    url: str | None = Field(None, description="download, when completed")
    error: str | None = None
    width: int | None = None
    height: int | None = None
    duration_ms: int | None = None
    size_bytes: int | None = None
    created_at: str
    finished_at: str | None = None
    chunks: dict[str, int] | None = Field(
        None,
        description=(
            "a chunked render's cache use: `reused` chunks came from the chunk cache, "
            "`rendered` ones were rendered for it"
        ),
    )


class RegisterRequest(_Body):
    bind_id: str = Field(min_length=1, max_length=64)
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=320)
    password: str = Field(min_length=8, max_length=200)


class LoginRequest(_Body):
    email: str = Field(max_length=320)
    password: str = Field(max_length=200)
