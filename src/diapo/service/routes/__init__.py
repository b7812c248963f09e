"""The HTTP routes, one module per resource."""

from diapo.service.routes import (
    auth,
    chat,
    credits,
    health,
    mcp,
    media,
    music,
    renders,
    session_list,
    sessions,
    skill,
    state,
    templates,
    uploads,
    vocabulary,
    webhooks,
)

ROUTERS = [
    health.router,
    auth.router,
    sessions.router,
    chat.router,
    uploads.router,
    credits.router,
    state.router,
    renders.router,
    media.router,
    vocabulary.router,
    session_list.router,
    skill.router,
    mcp.router,
    webhooks.router,
    music.router,
    templates.router,
]

__all__ = ["ROUTERS"]
