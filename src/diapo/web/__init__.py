"""The Diapo web page: static HTML, CSS and JavaScript modules served by the service.

`mount(app)` serves the page at `/` and its assets under `/web/`; the page
speaks only the public protocol (`/api/...`, `/run_sse`), like any client.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

__all__ = ["ASSET_PREFIX", "STATIC_DIR", "index_html", "mount"]

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


def mount(app: FastAPI) -> None:
    """Serve the page at `/` and its static assets at `/web/...`."""

    @app.get("/", include_in_schema=False)
    def page() -> HTMLResponse:
        # Not cached: a new release must reach people on their next visit.
        return HTMLResponse(index_html(), headers={"Cache-Control": "no-cache"})

    app.mount(ASSET_PREFIX, StaticFiles(directory=STATIC_DIR), name="web")
