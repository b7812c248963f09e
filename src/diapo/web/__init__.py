"""The Diapo web page: static HTML, CSS and JavaScript modules served by the service.

`mount(app)` serves the page at `/` and its assets under `/web/`; the page
speaks only the public protocol (`/api/...`, `/run_sse`), like any client.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from urllib.parse import parse_qs

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response
from starlette.types import Scope

__all__ = ["ASSET_PREFIX", "IMMUTABLE", "STATIC_DIR", "index_html", "mount"]

#: Where the page's files live inside the package.
STATIC_DIR = Path(__file__).parent / "static"

#: The URL path the assets are served under (clear of /api, /run_sse, /docs...).
ASSET_PREFIX = "/web"


def _client_version() -> str:
    try:
        return version("diapo")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0.0.0"


@cache
def index_html() -> str:
    """The page, with the client version it reports in `X-Skill-Version` filled in."""
    text = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    return text.replace("{{version}}", _client_version())


#: An asset asked for with this release's `?v=` never changes: cached for a year.
IMMUTABLE = "public, max-age=31536000, immutable"


class _Assets(StaticFiles):
    """The page's assets: cached for good when named with this release's `?v=`.

    The page references its assets as `/web/app.js?v=<version>`; a new release
    changes the query, so the old answer can be kept forever. Without the
    query (or with another release's), the browser checks every time.
    """

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        current = query.get("v") == [_client_version()]
        if response.status_code in (200, 304):
            response.headers["Cache-Control"] = IMMUTABLE if current else "no-cache"
        return response


def mount(app: FastAPI) -> None:
    """Serve the page at `/` and its static assets at `/web/...`."""

    @app.get("/", include_in_schema=False)
    def page() -> HTMLResponse:
        # Not cached: a new release must reach people on their next visit.
        return HTMLResponse(index_html(), headers={"Cache-Control": "no-cache"})

    app.mount(ASSET_PREFIX, _Assets(directory=STATIC_DIR), name="web")
