"""The HTTP routes, one module per resource."""

from diapo.service.routes import (
    auth,
    chat,
    credits,
    health,
    media,
    music,
    renders,
    sessions,
    state,
    uploads,
    vocabulary,
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
    music.router,
]

__all__ = ["ROUTERS"]
