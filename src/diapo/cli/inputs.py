"""Turning command-line inputs (files and folders) into probed media references."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from diapo.draft import MediaRef
from diapo.draft.chronology import by_capture_time
from diapo.draft.vocabulary import VIDEO_FORMATS
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
    if kind != "audio" and info.gps is not None:
        from diapo.draft.media import place_fields
        from diapo.media.places import location_fields

        # Where it was shot and the town that names, for the story's chapters and title.
        analysis.update(place_fields(location_fields(info.gps)))
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
                    skipped.append(f"{path.name} is not a photo, video or audio file.")
                except MediaError as exc:
                    skipped.append(exc.message)
        elif item.exists():
            try:
                explicit.append(media_ref(item))
            except DiapoError as exc:
                problems.append(exc.message)
        else:
            problems.append(_missing(item))
    if problems:
        raise _bad_inputs(problems)
    if order == "name" or (order == "auto" and found):
        found.sort(key=lambda m: Path(m.id).name.lower())
    media = explicit + found
    by_date = None
    if order == "date" or (order == "auto" and found):
        # The service orders uploads by the same rule (`diapo.draft.chronology`).
        by_date = by_capture_time(
            media, taken_at=lambda m: m.taken_at, counts=_visual, always=order == "date"
        )
    if by_date is not None:
        media = by_date
    elif order == "name":
        media = sorted(media, key=lambda m: m.name.lower())
    return Collected(media=media, skipped=skipped)


def _missing(item: Path) -> str:
    """The message for an input that is not there, with a hint when it looks like an output."""
    message = f"'{item}' does not exist."
    # `diapo render photos/ holiday.mp4` is a natural guess at the syntax: say how instead.
    # (A GIF, like a photo, is as likely a missing input as an output.)
    if item.suffix.lower().lstrip(".") in VIDEO_FORMATS and item.suffix.lower() != ".gif":
        message += f" To write the video there, name it with -o: -o {item}"
    return message


def _bad_inputs(problems: list[str]) -> DiapoError:
    if len(problems) == 1:
        return DiapoError(problems[0], problems=problems)
    listed = "\n".join(f"  - {problem}" for problem in problems)
    return DiapoError(
        f"{len(problems)} of the files named cannot be used:\n{listed}", problems=problems
    )


def _visual(m: MediaRef) -> bool:
    return m.kind != "audio"
