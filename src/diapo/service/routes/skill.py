"""`GET /skill.md`: the agent skill, with this server's public base URL filled in."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse

from diapo.agent import render_skill
from diapo.service.deps import State

__all__ = ["router"]

router = APIRouter(tags=["agents"])


@router.get(
    "/skill.md",
    summary="The agent skill (SKILL.md) for this server",
    description=(
        "Markdown with YAML front matter (`name`, `description`, `version`) that a coding "
        "or chat agent loads to use Diapo: how to connect, route intents, the endpoints, "
        "the error table, the chat stream and the workflows. The base URL in it is "
        "`DIAPO_PUBLIC_BASE_URL`, else the one this request came to."
    ),
    response_class=PlainTextResponse,
    responses={
        200: {
            "description": "the skill, in Markdown",
            "content": {"text/markdown": {"schema": {"type": "string"}}},
        }
    },
)
def skill_md(request: Request, state: State) -> PlainTextResponse:
    base = state.settings.public_base_url or str(request.base_url)
    return PlainTextResponse(render_skill(base), media_type="text/markdown; charset=utf-8")
