"""What an agent should do about each protocol error: the skill's error table, for tool errors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from diapo.client import APIError, NotEnoughCreditsError, RateLimitedError

__all__ = ["ToolFailure", "failure_of"]

_ACTIONS: dict[int, str] = {
    400: "send a UUID as X-Client-Id and retry",
    402: "register or upgrade to unlock export",
    422: "fix the request",
    1001: "the token was refused: set DIAPO_TOKEN to a valid token, or get a new anonymous one",
    1002: "start a new project with new_project, or pick one with list_projects/open_project",
    4001: (
        "use a supported file: images JPG, PNG, HEIC/HEIF, WEBP, GIF; video MP4, MOV, "
        "WEBM, MKV, AVI; audio MP3, WAV, M4A, AAC"
    ),
    4002: "the file is too large: compress or trim it",
}


@dataclass(frozen=True, slots=True)
class ToolFailure:
    """A protocol error as a tool error: its code, the server's message and the action."""

    code: int
    message: str
    action: str

    @property
    def text(self) -> str:
        return f"Error {self.code}: {self.message} Action: {self.action}."

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "action": self.action}


def failure_of(exc: APIError) -> ToolFailure:
    """The tool error for an SDK error, with the action from the protocol's error table."""
    code = int(exc.code)
    message = str(exc)
    if isinstance(exc, NotEnoughCreditsError):
        action = (
            f"no credits: register at {exc.register_url}"
            if exc.register_url
            else "no credits: top up your credits"
        )
        # The SDK's message already carries the same advice; keep the server's words only.
        message = message.split(" Register to keep", 1)[0].split(" Top up your", 1)[0]
    elif isinstance(exc, RateLimitedError):
        action = f"retry once after {exc.retry_after:g} seconds"
    elif code == 422 and isinstance(exc.data, dict) and exc.data.get("errors"):
        fields = "; ".join(
            f"{e.get('loc', '')}: {e.get('msg', '')}"
            for e in exc.data["errors"]
            if isinstance(e, dict)
        )
        action = f"fix the request ({fields})"
    else:
        action = _ACTIONS.get(code, "report the error to the user")
    return ToolFailure(code=code, message=message, action=action)
