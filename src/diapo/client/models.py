"""What the SDK returns: small frozen records read from the server's envelopes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from diapo.draft import Draft, describe

__all__ = [
    "TERMINAL_STATUSES",
    "Balance",
    "MediaItem",
    "RenderInfo",
    "SessionInfo",
    "SessionSummary",
    "StateInfo",
    "TokenInfo",
    "UploadResult",
    "summarise_change",
]

TERMINAL_STATUSES = frozenset({"completed", "failed", "cancelled"})


@dataclass(frozen=True, slots=True)
class TokenInfo:
    token: str
    bind_id: str | None
    credits: int | None
    expires_at: str | None
    register_url: str | None

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> TokenInfo:
        return cls(
            token=str(data["token"]),
            bind_id=data.get("bind_id"),
            credits=data.get("credits"),
            expires_at=data.get("expires_at"),
            register_url=data.get("register_url"),
        )


@dataclass(frozen=True, slots=True)
class SessionInfo:
    session_id: str
    bind_id: str | None = None
    language: str | None = None

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> SessionInfo:
        return cls(str(data["session_id"]), data.get("bind_id"), data.get("language"))


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """One of this account's sessions, as `GET /api/tasks/me/sessions` lists it."""

    session_id: str
    task_name: str = ""
    language: str | None = None
    version: int = 0
    media_count: int = 0
    created_at: str | None = None

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> SessionSummary:
        return cls(
            session_id=str(data["session_id"]),
            task_name=str(data.get("task_name", "")),
            language=data.get("language"),
            version=int(data.get("version") or 0),
            media_count=int(data.get("media_count") or 0),
            created_at=data.get("created_at"),
        )


@dataclass(frozen=True, slots=True)
class Balance:
    available: int
    frozen: int
    total: int

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Balance:
        available, frozen = int(data.get("available", 0)), int(data.get("frozen", 0))
        return cls(available, frozen, int(data.get("total", available + frozen)))


@dataclass(frozen=True, slots=True)
class MediaItem:
    media_id: str
    kind: str
    name: str = ""
    width: int | None = None
    height: int | None = None
    duration_ms: int | None = None
    thumbnail_url: str | None = None
    url: str | None = None  # the file itself, signed

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> MediaItem:
        return cls(
            media_id=str(data["media_id"]),
            kind=str(data.get("kind", "")),
            name=str(data.get("name", "")),
            width=data.get("width"),
            height=data.get("height"),
            duration_ms=data.get("duration_ms"),
            thumbnail_url=data.get("thumbnail_url"),
            url=data.get("url"),
        )


@dataclass(frozen=True, slots=True)
class UploadResult:
    media: list[MediaItem]
    stored: list[str] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_data(cls, data: dict[str, Any] | None) -> UploadResult:
        data = data or {}
        return cls(
            media=[MediaItem.from_data(m) for m in data.get("media", [])],
            stored=list(data.get("stored", [])),
            failed=list(data.get("failed", [])),
        )


@dataclass(frozen=True, slots=True)
class StateInfo:
    """The session's latest draft (parsed with the draft model), its version and media."""

    session_id: str
    version: int
    draft_json: dict[str, Any] | None
    media: list[MediaItem]
    can_undo: bool = False
    can_redo: bool = False
    server_summary: str = ""

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> StateInfo:
        return cls(
            session_id=str(data.get("session_id", "")),
            version=int(data.get("version", 0)),
            draft_json=data.get("draft"),
            media=[MediaItem.from_data(m) for m in data.get("media", [])],
            can_undo=bool(data.get("can_undo", False)),
            can_redo=bool(data.get("can_redo", False)),
            server_summary=str(data.get("summary", "")),
        )

    @property
    def draft(self) -> Draft | None:
        return Draft.parse(self.draft_json) if self.draft_json else None

    def describe(self, lang: str = "en") -> str:
        """The one-screen summary of the tracks, in `lang` (it, en or zh)."""
        draft = self.draft
        if draft is None:
            n = len(self.media)
            return {
                "it": f"Ancora nessuna modifica ({n} file caricati).",
                "zh": f"还没有编辑（已上传 {n} 个文件）。",
            }.get(lang, f"Nothing edited yet ({n} media item{'s' if n != 1 else ''} uploaded).")
        return describe(draft, lang=lang)


def summarise_change(before: StateInfo | None, after: StateInfo) -> str:
    """What a silent turn changed, read from two states (the lines of `describe` that moved)."""
    if before is not None and before.version == after.version:
        return "Nothing changed."
    now = after.describe()
    if before is None or before.draft_json is None:
        return f"Updated (version {after.version}):\n{now}"
    old_lines = set(before.describe().splitlines())
    changed = [line for line in now.splitlines() if line not in old_lines]
    if not changed:
        return f"Updated (version {after.version}); the summary reads the same:\n{now}"
    return f"Updated (version {after.version}):\n" + "\n".join(changed)


@dataclass(frozen=True, slots=True)
class RenderInfo:
    id: str
    status: str
    progress: float
    url: str | None = None
    error: str | None = None
    format: str | None = None
    resolution: str | None = None
    width: int | None = None
    height: int | None = None
    duration_ms: int | None = None
    size_bytes: int | None = None
    cost: int | None = None

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> RenderInfo:
        return cls(
            id=str(data["id"]),
            status=str(data.get("status", "queued")),
            progress=float(data.get("progress") or 0.0),
            url=data.get("url"),
            error=data.get("error"),
            format=data.get("format"),
            resolution=data.get("resolution"),
            width=data.get("width"),
            height=data.get("height"),
            duration_ms=data.get("duration_ms"),
            size_bytes=data.get("size_bytes"),
            cost=data.get("cost"),
        )

    @property
    def done(self) -> bool:
        return self.status in TERMINAL_STATUSES
