"""Database rows as the JSON `data` clients read."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from fastapi import Request

from diapo.draft.culling import BLUR_SHARPNESS, Issues
from diapo.draft.placenames import local_name, region_name
from diapo.service.db.tables import Media, Render
from diapo.service.ingest import stored_analysis
from diapo.service.signing import URLSigner

__all__ = ["absolute_url", "iso", "media_flags", "media_item", "media_place", "render_info"]


def iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def absolute_url(request: Request, path: str, *, public_base_url: str | None) -> str:
    base = (public_base_url or str(request.base_url)).rstrip("/")
    return base + path


def media_flags(media_id: str, analysis: dict[str, Any] | None, issues: Issues | None) -> list[str]:
    """What culling sees in one photo: blurred, dark, bright, duplicate, similar.

    Without `issues` (the whole session's), only what the photo shows by itself.
    """
    flags: list[str] = []
    if issues is None:
        data = analysis or {}
        sharpness = data.get("sharpness")
        if isinstance(sharpness, (int, float)) and sharpness < BLUR_SHARPNESS:
            flags.append("blurred")
        if data.get("exposure") in ("dark", "bright"):
            flags.append(str(data["exposure"]))
        return flags
    for name, ids in (
        ("blurred", issues.blurred),
        ("dark", issues.dark),
        ("bright", issues.bright),
    ):
        if media_id in ids:
            flags.append(name)
    if media_id in issues.duplicates:
        flags.append("duplicate")
    if any(media_id in group for group in issues.similar):
        flags.append("similar")
    return flags


def media_place(analysis: dict[str, Any] | None, lang: str) -> dict[str, str] | None:
    """The stored place named in `lang` ("Firenze", "Toscana" in Italian), or None."""
    place = (analysis or {}).get("place")
    if not isinstance(place, dict) or not isinstance(place.get("name"), str):
        return None
    country = str(place.get("country") or "")
    return {
        "name": local_name(place["name"], country, lang),
        "region": region_name(str(place.get("region") or ""), country, lang),
        "country": country,
    }


def media_item(
    media: Media,
    *,
    request: Request,
    signer: URLSigner,
    public_base_url: str | None,
    issues: Issues | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """One media item; photos show their subject boxes and culling flags, songs their tempo.

    Photos and clips also show where they were shot: `gps` and the `place` it names,
    in the session's `lang`.
    """

    def url(path: str) -> str:
        return absolute_url(request, signer.sign(path), public_base_url=public_base_url)

    item: dict[str, Any] = {
        "media_id": media.id,
        "kind": media.kind,
        "format": media.format,
        "name": media.name,
        "size_bytes": media.size_bytes,
        "has_audio": media.has_audio,
        "taken_at": iso(media.taken_at),
        "thumbnail_url": url(f"/api/media/{media.id}/thumbnail") if media.thumb_key else None,
        "url": url(f"/api/media/{media.id}/file"),
    }
    if media.kind in ("image", "video"):
        item["width"], item["height"] = media.width, media.height
    if media.kind in ("video", "audio"):
        item["duration_ms"] = media.duration_ms
    analysis = stored_analysis(media)
    if media.kind == "image":
        # Boxes as fractions of the upright photo (x, y top-left; k face or saliency).
        item["subjects"] = list((analysis or {}).get("subjects") or [])
        item["flags"] = media_flags(media.id, analysis, issues)
        if issues is not None and media.id in issues.duplicates:
            item["duplicate_of"] = issues.duplicates[media.id]
        # A position alone (the pixels could not be read) is not an analysis.
        item["analysed"] = analysis is not None and "phash" in analysis
    if media.kind in ("image", "video"):
        gps = (analysis or {}).get("gps")
        item["gps"] = list(gps) if isinstance(gps, list) and len(gps) == 2 else None
        item["place"] = media_place(analysis, lang)
    if media.kind == "audio" and analysis and "bpm" in analysis:
        item["bpm"] = analysis["bpm"]
        item["first_beat_ms"] = analysis.get("first_beat_ms")
    return item


def render_info(
    job: Render, *, request: Request, signer: URLSigner, public_base_url: str | None
) -> dict[str, Any]:
    url = None
    if job.status == "completed" and job.output_key:
        url = absolute_url(
            request,
            signer.sign(f"/api/render/proxy/lambda/{job.id}/download"),
            public_base_url=public_base_url,
        )
    return {
        "id": job.public_id,
        "session_id": job.session_id,
        "status": job.status,
        "progress": 1.0 if job.status == "completed" else round(job.progress, 4),
        "format": job.format,
        "resolution": job.resolution,
        "cost": job.cost,
        "credit_state": job.credit_state,
        "url": url,
        "error": job.error,
        "width": job.width,
        "height": job.height,
        "duration_ms": job.duration_ms,
        "size_bytes": job.size_bytes,
        "created_at": iso(job.created_at),
        "finished_at": iso(job.finished_at),
        "chunks": json.loads(job.chunks) if job.chunks else None,
    }
