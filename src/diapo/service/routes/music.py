"""`GET /api/music/{style}/sample`: ten seconds of a built-in style, for the page to play."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from diapo.music import resolve_style
from diapo.render.audio import SAMPLE_SECONDS, write_style_sample
from diapo.service.deps import State
from diapo.service.errors import NotFoundError

__all__ = ["router"]

router = APIRouter(tags=["music"])


@router.get(
    "/api/music/{style}/sample",
    summary="A 10-second sample of a built-in music style (MP3, -14 LUFS; no token)",
    response_class=FileResponse,
    responses={
        200: {
            "content": {"audio/mpeg": {}},
            "description": f"A {SAMPLE_SECONDS:.0f}-second piece in the style, with its ending.",
        },
        404: {"description": "No built-in style has that name or alias."},
    },
)
def style_sample(state: State, style: str) -> FileResponse:
    """Public and the same for everyone: made once per style, then served from the data dir.

    The style may be any name or alias in Italian, English or Chinese
    ("romantica" plays the serenata), exactly as in the draft, chat and CLI.
    """
    try:
        canonical = resolve_style(style)
    except ValueError:
        raise NotFoundError(f"No built-in music style is called {style!r}.") from None
    path = state.settings.data_dir / "music-samples" / f"{canonical}.mp3"
    if not path.is_file():
        write_style_sample(canonical, path)
    return FileResponse(
        path,
        media_type="audio/mpeg",
        filename=f"{canonical}.mp3",
        content_disposition_type="inline",
        headers={"Cache-Control": "public, max-age=86400"},
    )
