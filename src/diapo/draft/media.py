"""What the draft layer knows of a media item: a plain reference, no file access."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, cast

__all__ = [
    "EXPOSURES",
    "SUBJECT_KINDS",
    "Exposure",
    "MediaRef",
    "Place",
    "Subject",
    "SubjectKind",
    "analysis_fields",
    "place_fields",
]

SubjectKind = Literal["face", "saliency"]
SUBJECT_KINDS: tuple[SubjectKind, ...] = ("face", "saliency")
Exposure = Literal["ok", "dark", "bright"]
EXPOSURES: tuple[Exposure, ...] = ("ok", "dark", "bright")


@dataclass(frozen=True, slots=True)
class Subject:
    """Where something worth keeping on screen is in a photo, as fractions of its upright size.

    `x`, `y` is the top-left corner, `w`, `h` the size, all in 0..1; `kind` says how it
    was found (a detected face, or the most salient region when the photo has no face);
    `score` is the detector's confidence (higher is surer).
    """

    x: float
    y: float
    w: float
    h: float
    kind: SubjectKind = "face"
    score: float = 1.0

    def __post_init__(self) -> None:
        if not (0.0 <= self.x <= 1.0 and 0.0 <= self.y <= 1.0):
            raise ValueError(f"a subject's corner must lie in the photo (got {self.x}, {self.y})")
        if not (0.0 < self.w <= 1.0 and 0.0 < self.h <= 1.0):
            raise ValueError(f"a subject's size must be in (0, 1] (got {self.w} x {self.h})")
        if self.kind not in SUBJECT_KINDS:
            raise ValueError(f"unknown subject kind {self.kind!r}")

    @property
    def x1(self) -> float:
        return min(1.0, self.x + self.w)

    @property
    def y1(self) -> float:
        return min(1.0, self.y + self.h)

    def to_dict(self) -> dict[str, Any]:
        """The compact form a draft segment's `subj` holds."""
        return {
            "x": round(self.x, 4),
            "y": round(self.y, 4),
            "w": round(self.w, 4),
            "h": round(self.h, 4),
            "k": self.kind,
            "s": round(self.score, 3),
        }


@dataclass(frozen=True, slots=True)
class Place:
    """Where a photo was taken, as the offline gazetteer names it (GeoNames, in English).

    `name` is the nearest town or city, `region` its first-level division ("Tuscany"),
    `country` the ISO 3166 code ("IT"); `diapo.draft.placenames` says them in a language.
    """

    name: str
    region: str = ""
    country: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "region": self.region, "country": self.country}


@dataclass(frozen=True, slots=True)
class MediaRef:
    """A media item as the builder and edit operations see it.

    `id` is what a draft segment's `src` holds: a media id in the service,
    a file path in the command line. The analysis fields come from the photo's
    pixels, computed once when it arrives (`diapo.media.quality.analyse_photo`):
    `subjects` (faces, or the salient region), `sharpness` (higher is sharper; below
    `draft.culling.BLUR_SHARPNESS` the photo counts as blurred), `exposure` and
    `phash` (a 256-bit difference hash as 64 hex digits, for duplicates and bursts).
    An uploaded song carries its detected `bpm` and `beat_at` (first beat, ms), which
    go on the music segment when it becomes the music, for beat sync.
    A photo's EXIF GPS position is `gps` (latitude, longitude in degrees) and the
    town it names, found offline at ingest, is `place`; the story (chapters, the
    suggested title) is told from these and `taken_at`.
    """

    id: str
    kind: Literal["photo", "clip", "audio"]
    width: int = 0
    height: int = 0
    duration_ms: int | None = None
    name: str = ""
    taken_at: datetime | None = None
    has_audio: bool = False
    subjects: tuple[Subject, ...] = ()
    sharpness: float | None = None
    exposure: Exposure | None = None
    phash: str | None = None
    bpm: float | None = None
    beat_at: int | None = None
    gps: tuple[float, float] | None = None
    place: Place | None = None

    @property
    def is_portrait(self) -> bool:
        return self.height > self.width

    @property
    def faces(self) -> tuple[Subject, ...]:
        return tuple(s for s in self.subjects if s.kind == "face")


def analysis_fields(data: Mapping[str, Any] | None) -> dict[str, Any]:
    """`MediaRef` keyword arguments from a photo's stored analysis.

    `data` is `diapo.media.quality.PhotoAnalysis.to_dict()` as stored with the media,
    or a song's `{"bpm": ..., "first_beat_ms": ...}` (None or {} for media never
    analysed: no fields). A malformed entry raises ValueError.
    """
    if not data:
        return {}
    located = place_fields(data)
    if "bpm" in data:
        try:
            return {"bpm": float(data["bpm"]), "beat_at": int(data.get("first_beat_ms") or 0)}
        except (TypeError, ValueError) as exc:
            raise ValueError(f"a stored tempo is malformed: {exc}") from None
    try:
        subjects = tuple(
            Subject(
                float(s["x"]),
                float(s["y"]),
                float(s["w"]),
                float(s["h"]),
                cast(SubjectKind, s.get("k", "face")),
                float(s.get("s", 1.0)),
            )
            for s in data.get("subjects") or ()
        )
    except (KeyError, TypeError) as exc:
        raise ValueError(f"a stored subject box is malformed: {exc}") from None
    exposure = data.get("exposure")
    if exposure is not None and exposure not in EXPOSURES:
        raise ValueError(f"unknown exposure {exposure!r}")
    sharpness = data.get("sharpness")
    phash = data.get("phash")
    return {
        "subjects": subjects,
        "sharpness": float(sharpness) if sharpness is not None else None,
        "exposure": exposure,
        "phash": str(phash) if phash is not None else None,
        **located,
    }


def place_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    """`gps` and `place` from stored `{"gps": [lat, lon], "place": {...}}`, when present.

    A malformed position or place is dropped: it only ever adds a caption.
    """
    out: dict[str, Any] = {}
    gps = data.get("gps")
    if isinstance(gps, (list, tuple)) and len(gps) == 2:
        try:
            lat, lon = float(gps[0]), float(gps[1])
        except (TypeError, ValueError):
            lat, lon = float("nan"), float("nan")
        if -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0:
            out["gps"] = (lat, lon)
    place = data.get("place")
    if isinstance(place, Mapping) and isinstance(place.get("name"), str) and place["name"]:
        out["place"] = Place(
            name=place["name"],
            region=str(place.get("region") or ""),
            country=str(place.get("country") or ""),
        )
    return out
