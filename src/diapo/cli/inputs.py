"""Turning command-line inputs (files and folders) into probed media references."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from diapo.draft import MediaRef
from diapo.errors import DiapoError, MediaError, UnsupportedMediaError

__all__ = ["Collected", "collect_media", "media_ref"]

# Folders often hold sidecar files; these are skipped silently rather than reported.
_IGNORED_SUFFIXES = {".json", ".xmp", ".aae", ".txt", ".md", ".db", ".ini", ".ds_store"}


@dataclass(frozen=True, slots=True)
class Collected:
    media: list[MediaRef]
    skipped: list[str]  # human messages about files left out of a folder


def media_ref(path: Path) -> MediaRef:
    """Probe `path` and describe it for the draft layer (its id is the absolute path)."""
    from diapo.media import probe

    info = probe(path)
    kinds: dict[str, Literal["photo", "clip", "audio"]] = {
        "image": "photo",
        "video": "clip",
        "audio": "audio",
    }
    kind = kinds[info.kind]
    analysis: dict[str, Any] = {}
    if kind == "photo":
        from diapo.draft.media import analysis_fields
        from diapo.media.quality import analyse_photo

        # Faces and quality, so that framing keeps faces whole and culling can report.
        analysis = analysis_fields(analyse_photo(path).to_dict())
    return MediaRef(
        id=str(path.resolve()),
        kind=kind,
        width=info.width,
        height=info.height,
        duration_ms=info.duration_ms,
        name=path.name,
        taken_at=info.taken_at,
        has_audio=info.has_audio,
        **analysis,
    )


def collect_media(inputs: list[Path], *, order: str = "auto") -> Collected:
    """Probe every file and every file in every folder.

    A file named explicitly must be readable: when some are not, one error
    names every one of them with its reason, so that a single run shows all
    there is to fix. A file found inside a folder that Diapo cannot read is
    skipped and reported.
    """
    explicit: list[MediaRef] = []
    found: list[MediaRef] = []
    skipped: list[str] = []
    problems: list[str] = []
    for item in inputs:
        if item.is_dir():
            for path in sorted(p for p in item.rglob("*") if p.is_file()):
                if path.name.startswith(".") or path.suffix.lower() in _IGNORED_SUFFIXES:
                    continue
                try:
                    found.append(media_ref(path))
                except UnsupportedMediaError:
                    skipped.append(f"{path.name}: not a photo, video or audio file")
                except MediaError as exc:
                    skipped.append(exc.message)
        elif item.exists():
            try:
                explicit.append(media_ref(item))
            except DiapoError as exc:
                problems.append(exc.message)
        else:
            problems.append(f"'{item}' does not exist.")
    if problems:
        raise _bad_inputs(problems)
    if order == "name" or (order == "auto" and found):
        found.sort(key=lambda m: Path(m.id).name.lower())
    media = explicit + found
    if order == "date" or (order == "auto" and found and _mostly_dated(found)):
        media = sorted(media, key=_date_key)
    elif order == "name":
        media = sorted(media, key=lambda m: m.name.lower())
    return Collected(media=media, skipped=skipped)


def _bad_inputs(problems: list[str]) -> DiapoError:
    if len(problems) == 1:
        return DiapoError(problems[0], problems=problems)
    listed = "\n".join(f"  - {problem}" for problem in problems)
    return DiapoError(
        f"{len(problems)} of the files named cannot be used:\n{listed}", problems=problems
    )


def _date_key(m: MediaRef) -> tuple[bool, str, str]:
    # Undated items go last, in name order; ISO strings sort like the dates they spell.
    return (m.taken_at is None, m.taken_at.isoformat() if m.taken_at else "", m.name.lower())


def _mostly_dated(media: list[MediaRef]) -> bool:
    visual = [m for m in media if m.kind != "audio"]
    return bool(visual) and sum(m.taken_at is not None for m in visual) >= 0.8 * len(visual)
