"""The seed skill's calls, copied as written, for the replay test (test_seed_replay.py).

Source: the seed skill text that PROTOCOL.md was read from (the "Italiano Photo
Video Maker" skill, shared/seed/000_76a3f639cfad0e52.txt, read-only outside the
project). Only the base URL `https://mega-api-prod.nemovideo.ai` is replaced; paths,
bodies and headers are the seed's own. The tests must not read the shared folder,
so the calls live here. `<sid>` is the session id, `<id>` the render id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["ATTRIBUTION", "SEED_CALLS", "SEED_ERROR_CODES", "SEED_MESSAGE", "SeedCall"]


@dataclass(frozen=True)
class SeedCall:
    """One call of the seed: what its text says, and the body it describes."""

    name: str
    method: str
    path: str
    text: str  # the seed's own words for it
    json: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)


# "Skill attribution — read from this file's YAML frontmatter at runtime": the seed's
# source name, a version, and the platform detected from the install path.
ATTRIBUTION = {
    "X-Skill-Source": "italiano-photo-video-maker",
    "X-Skill-Version": "1.0.0",
    "X-Skill-Platform": "unknown",
}

# "Try saying: ... create a slideshow video with Italian music and transitions"
SEED_MESSAGE = "create a slideshow video with Italian music and transitions"

SEED_CALLS: tuple[SeedCall, ...] = (
    SeedCall(
        "token",
        "POST",
        "/api/auth/anonymous-token",
        "POST to `/api/auth/anonymous-token` with the `X-Client-Id` header. The response "
        "includes a `token` with 100 free credits valid for 7 days",
        headers={"X-Client-Id": "<uuid>"},
    ),
    SeedCall(
        "session",
        "POST",
        "/api/tasks/me/with-session/nemo_agent",
        'POST `/api/tasks/me/with-session/nemo_agent` with `{"task_name":"project",'
        '"language":"<lang>"}`. Gives you a `session_id`.',
        json={"task_name": "project", "language": "en"},
    ),
    SeedCall(
        "upload",
        "POST",
        "/api/upload-video/nemo_agent/me/<sid>",
        "POST `/api/upload-video/nemo_agent/me/<sid>` — multipart file or JSON with URLs.",
    ),
    SeedCall(
        "chat",
        "POST",
        "/run_sse",
        "POST `/run_sse` with `session_id` and your message in `new_message.parts[0].text`. "
        "Set `Accept: text/event-stream`.",
        json={"session_id": "<sid>", "new_message": {"parts": [{"text": SEED_MESSAGE}]}},
        headers={"Accept": "text/event-stream"},
    ),
    SeedCall(
        "credits",
        "GET",
        "/api/credits/balance/simple",
        "GET `/api/credits/balance/simple` — returns `available`, `frozen`, `total`.",
    ),
    SeedCall(
        "state",
        "GET",
        "/api/state/nemo_agent/me/<sid>/latest",
        "GET `/api/state/nemo_agent/me/<sid>/latest` — current draft and media info.",
    ),
    SeedCall(
        "export",
        "POST",
        "/api/render/proxy/lambda",
        "POST `/api/render/proxy/lambda` with render ID and draft JSON.",
        json={"id": "<id>", "draft": "<draft>"},
    ),
    SeedCall(
        "poll",
        "GET",
        "/api/render/proxy/lambda/<id>",
        "Poll `GET /api/render/proxy/lambda/<id>` every 30s for `completed` status and "
        "download URL.",
    ),
)

# The seed's error table: code -> what it says the code means.
SEED_ERROR_CODES = {
    1001: "Bad/expired token",
    1002: "Session not found",
    2001: "No credits (registration URL with ?bind=<id>, id from create-session or state)",
    4001: "Unsupported file",
    4002: "File too large",
    400: "Missing X-Client-Id",
    402: "Free plan export blocked (a missing attribution header)",
    429: "Rate limit (1 token/client/7 days)",
}
