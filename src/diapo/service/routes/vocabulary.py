"""`GET /api/vocabulary`: the names clients may use, straight from the draft layer's vocabulary."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from diapo.draft.vocabulary import vocabulary_json
from diapo.music import STYLE_INFO
from diapo.service.envelope import ok

__all__ = ["router"]

router = APIRouter(tags=["vocabulary"])


@router.get(
    "/api/vocabulary",
    summary="Output formats, resolutions, aspects, languages, transitions and music styles",
)
def vocabulary() -> JSONResponse:
    """Public and the same for everyone, so the page builds its menus from it (no token)."""
    titles = {
        name: {"it": info.title_it, "en": info.title_en, "zh": info.title_zh}
        for name, info in STYLE_INFO.items()
    }
    response = ok({**vocabulary_json(), "music_titles": titles})
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
