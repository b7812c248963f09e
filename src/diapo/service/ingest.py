"""Taking files in: a streaming multipart reader with the size limit, then probe, thumbnail, store.

The body is parsed chunk by chunk and each file goes straight to a
temporary file; once a file passes the limit its bytes are dropped as they
arrive, so no upload, however large, is ever held in memory. The type is
decided by the engine's probe from the bytes, never from the name.
"""

from __future__ import annotations

import contextlib
import json
import tempfile
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, MultipartState, parse_options_header

from diapo.errors import DiapoError, MediaTooLargeError
from diapo.service.db.sessions import next_media_position
from diapo.service.db.tables import Media
from diapo.service.errors import BadRequestError
from diapo.service.filenames import (
    decode_header_value,
    display_name,
    parse_content_disposition,
    stored_name,
)
from diapo.service.storage import Storage

__all__ = [
    "Incoming",
    "MultipartReceiver",
    "ProbedFile",
    "discard_scratch_file",
    "probe_file",
    "scratch_file",
    "store_media",
    "stored_analysis",
]

_EXTENSIONS = {"jpeg": "jpg"}


def scratch_file(scratch: Path, name: str) -> Path:
    """A new empty file named after the display name `name`, in its own directory under `scratch`.

    Keeping the person's file name (its safe stored form) means the engine's
    messages name the file they know, not a temporary one.
    """
    path = Path(tempfile.mkdtemp(dir=scratch, prefix="in-")) / stored_name(name)
    path.touch()
    return path


def discard_scratch_file(path: Path) -> None:
    path.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        path.parent.rmdir()


@dataclass
class Incoming:
    """One file received: where it was written, or why it was refused."""

    name: str
    path: Path | None = None
    size: int = 0
    error: DiapoError | None = None
    source_url: str | None = None
    picked: int | None = None  # its `position` form field: the order the person picked it in


@dataclass
class _Part:
    headers: dict[str, str] = field(default_factory=dict)
    name: str | None = None
    out: IO[bytes] | None = None
    incoming: Incoming | None = None
    position: bytearray | None = None  # the value of a `position` form field


#: The longest `position` value read (a whole number; more is not a position).
_POSITION_CHARS = 9


class MultipartReceiver:
    """Feed it the body's chunks; each file part lands in `scratch`, limit enforced on the fly."""

    def __init__(self, content_type: str, *, scratch: Path, max_bytes: int, max_files: int) -> None:
        mime, params = parse_options_header(content_type)
        boundary = params.get(b"boundary")
        if mime != b"multipart/form-data" or not boundary:
            raise BadRequestError('Send files as multipart/form-data, or JSON {"urls": [...]}.')
        self.scratch, self.max_bytes, self.max_files = scratch, max_bytes, max_files
        self.files: list[Incoming] = []
        self.positions: list[int] = []
        self._part = _Part()
        self._field, self._value = b"", b""
        # python-multipart bounds a part's headers (8 of 4 KB each) by default.
        self._parser = MultipartParser(
            boundary,
            {
                "on_part_begin": self._on_part_begin,
                "on_part_data": self._on_part_data,
                "on_part_end": self._on_part_end,
                "on_header_field": self._on_header_field,
                "on_header_value": self._on_header_value,
                "on_header_end": self._on_header_end,
                "on_headers_finished": self._on_headers_finished,
            },
        )

    def feed(self, chunk: bytes) -> None:
        try:
            self._parser.write(chunk)
        except MultipartParseError as exc:
            raise _broken_body(exc) from None

    def finish(self) -> list[Incoming]:
        try:
            self._parser.finalize()
        except MultipartParseError as exc:
            raise _broken_body(exc) from None
        self._close_part()
        if self._parser.state != MultipartState.END:
            raise BadRequestError(
                "The multipart body ended before its closing boundary; send the whole upload."
            )
        if self.positions and len(self.positions) != len(self.files):
            raise BadRequestError(
                f"{len(self.positions)} `position` fields for {len(self.files)} files: send "
                "one per file (the n-th belongs to the n-th file), or none."
            )
        for item, position in zip(self.files, self.positions, strict=False):
            item.picked = position
        return self.files

    def discard(self) -> None:
        """Remove every temporary file (after they were stored, or on error)."""
        self._close_part()
        for item in self.files:
            if item.path is not None:
                discard_scratch_file(item.path)
                item.path = None

    # -- parser callbacks ----------------------------------------------------

    def _on_part_begin(self) -> None:
        self._part = _Part()

    def _on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def _on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _on_header_end(self) -> None:
        self._part.headers[self._field.decode("latin-1").lower()] = decode_header_value(self._value)
        self._field, self._value = b"", b""

    def _on_headers_finished(self) -> None:
        disposition = self._part.headers.get("content-disposition")
        if disposition is None:
            raise BadRequestError("A part of the upload has no Content-Disposition header.")
        kind, params = parse_content_disposition(disposition)
        if kind != "form-data":
            raise BadRequestError(
                f"A part's Content-Disposition is {kind!r}; multipart uploads use form-data."
            )
        raw = params.get("filename")
        if raw is None:
            if params.get("name") == "position":
                self._part.position = bytearray()
            return  # any other plain form field: ignored
        incoming = Incoming(name=display_name(raw))
        self._part.incoming = incoming
        self.files.append(incoming)
        if len(self.files) > self.max_files:
            incoming.error = BadRequestError(
                f"At most {self.max_files} files per upload; send the rest in another request."
            )
            return
        incoming.path = scratch_file(self.scratch, incoming.name)
        self._part.out = open(incoming.path, "wb")  # noqa: SIM115 - closed at the part's end

    def _on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self._part.position is not None:
            self._part.position += data[start:end]
            if len(self._part.position) > _POSITION_CHARS:
                raise BadRequestError("A `position` field is a whole number, 0 or more.")
            return
        incoming, out = self._part.incoming, self._part.out
        if incoming is None:
            return
        incoming.size += end - start
        if out is None:
            return
        if incoming.size > self.max_bytes:
            out.close()
            self._part.out = None
            assert incoming.path is not None
            discard_scratch_file(incoming.path)
            incoming.path = None
            incoming.error = MediaTooLargeError(
                f"{incoming.name} is larger than {_mb(self.max_bytes)}; "
                "compress or trim it and try again.",
                name=incoming.name,
                limit_bytes=self.max_bytes,
            )
            return
        out.write(data[start:end])

    def _on_part_end(self) -> None:
        if self._part.position is not None:
            text = self._part.position.decode("ascii", "replace").strip()
            if not text.isdigit():
                raise BadRequestError(
                    f"A `position` field is a whole number, 0 or more (got {text[:20]!r})."
                )
            self.positions.append(int(text))
            self._part.position = None
        self._close_part()

    def _close_part(self) -> None:
        if self._part.out is not None:
            self._part.out.close()
            self._part.out = None


def _broken_body(exc: MultipartParseError) -> BadRequestError:
    return BadRequestError(f"The multipart body is malformed: {exc}.")


def _aware(value: datetime | None) -> datetime | None:
    # EXIF dates carry no zone; they are kept as wall-clock time marked UTC.
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n} bytes"


@dataclass(frozen=True)
class ProbedFile:
    media_id: str
    info: Any  # diapo.media.MediaInfo
    thumbnail: bytes | None
    analysis: dict[str, Any] | None = None
    analyse_later: bool = False  # its analysis is a job of its own, after the file is stored


def check_file(
    path: Path, *, max_bytes: int, verify: bool = True, max_sound_ms: int | None = None
) -> Any:
    """What the engine sees in the file (a MediaInfo); raises its error.

    With `verify` the content is decoded too (a PNG whole: as heavy as its
    thumbnail); without, only the headers are read, in a few milliseconds.
    Sound longer than `max_sound_ms` is refused (4002) from the headers, before
    any of it is decoded.
    """
    from diapo.media import probe

    return probe(path, max_bytes=max_bytes, verify=verify, max_sound_ms=max_sound_ms)


def is_heavy(info: Any, *, heavy_pixels: int) -> bool:
    """Whether decoding the file takes much memory or time: a photo that must be decoded
    whole (not a JPEG, which is decoded reduced) or a large video frame above
    `heavy_pixels`, and every song (its tempo is found from its sound)."""
    if info.kind == "audio":
        return True
    pixels = (info.width or 0) * (info.height or 0)
    if info.kind == "image" and info.format == "jpeg":
        return False
    return pixels > heavy_pixels


def preview_file(
    path: Path, info: Any, *, thumbnail_size: int, analyse: bool
) -> tuple[bytes | None, dict[str, Any] | None]:
    """The file's thumbnail, and with `analyse` a photo's analysis from the same decode."""
    from diapo.media import make_thumbnail

    thumb: bytes | None = None
    analysis: dict[str, Any] | None = None
    if info.kind == "image":
        thumb, analysis = _photo_preview_and_analysis(path, thumbnail_size, analyse=analyse)
    elif info.kind == "video":
        try:
            thumb = make_thumbnail(path, size=thumbnail_size)
        except DiapoError:
            thumb = None  # still usable; the page shows a placeholder
    return thumb, analysis


def analyse_file(path: Path, info: Any) -> dict[str, Any] | None:
    """A photo's analysis (faces, sharpness, exposure, hash) or a song's tempo; None without."""
    if info.kind == "image":
        from diapo.media import load_image
        from diapo.media.quality import ANALYSIS_SIDE

        try:
            pixels = load_image(path, fit_within=(ANALYSIS_SIDE, ANALYSIS_SIDE))
        except DiapoError:
            return None
        return _analysis_of(pixels)
    if info.kind == "audio":
        return _song_tempo(path)
    return None


def place_fields(info: Any) -> dict[str, Any] | None:
    """Where a photo or clip was shot and the town that names it (the story's chapters)."""
    if info.kind not in ("image", "video") or info.gps is None:
        return None
    from diapo.media.places import location_fields

    return location_fields(info.gps)


def probe_file(path: Path, *, max_bytes: int, thumbnail_size: int) -> ProbedFile:
    """Ask the engine what the file is, make its thumbnail and analyse it; raises its error.

    A photo is decoded once, reduced, for both its thumbnail and its analysis
    (faces, sharpness, exposure, hash: about 0.1 s for 12 MP); a song is
    decoded to find its tempo. The service runs these steps apart, in its
    ingest pool (`routes/uploads.py`).
    """
    info = check_file(path, max_bytes=max_bytes)
    thumb, analysis = preview_file(path, info, thumbnail_size=thumbnail_size, analyse=True)
    if info.kind == "audio":
        analysis = _song_tempo(path)
    place = place_fields(info)
    if place is not None:
        analysis = {**(analysis or {}), **place}
    return ProbedFile(media_id=str(uuid.uuid4()), info=info, thumbnail=thumb, analysis=analysis)


def _photo_preview_and_analysis(
    path: Path, thumbnail_size: int, *, analyse: bool = True
) -> tuple[bytes | None, dict[str, Any] | None]:
    """The thumbnail and the analysis from one reduced decode (None where it failed).

    Decoding twice kept two copies of a large PNG's pixels alive in turn and
    pushed five hostile uploads at once past a gigabyte; once is also quicker.
    """
    from diapo.media import load_image, make_thumbnail
    from diapo.media.quality import ANALYSIS_SIDE
    from diapo.media.thumbnails import thumbnail_from_pixels

    side = max(ANALYSIS_SIDE, thumbnail_size) if analyse else thumbnail_size
    try:
        pixels = load_image(path, fit_within=(side, side))
    except DiapoError:
        # The photo passed the probe; a preview may still come through the usual path.
        try:
            return make_thumbnail(path, size=thumbnail_size), None
        except DiapoError:
            return None, None
    thumb = thumbnail_from_pixels(pixels, size=thumbnail_size)
    return thumb, _analysis_of(pixels) if analyse else None


def _analysis_of(pixels: Any) -> dict[str, Any] | None:
    from diapo.media.quality import analyse_image

    try:
        return analyse_image(pixels).to_dict()
    except DiapoError:
        return None  # framed and culled without knowing its faces


def _song_tempo(path: Path) -> dict[str, Any] | None:
    """A song's tempo and first beat; None without a clear pulse or when it cannot be read."""
    from diapo.render.audio import song_tempo

    try:
        tempo = song_tempo(path)
    except DiapoError:
        return None
    if tempo is None:
        return None
    return {"bpm": round(tempo.bpm, 3), "first_beat_ms": int(tempo.first_beat_ms)}


def stored_analysis(media: Media) -> dict[str, Any] | None:
    """The media's stored analysis as a dict (None when it was never analysed)."""
    if not media.analysis:
        return None
    try:
        data = json.loads(media.analysis)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def store_media(
    *, db: Any, storage: Storage, session_id: str, incoming: Incoming, probed: ProbedFile
) -> Media:
    """Move the file and its thumbnail into storage and add the media row."""
    info = probed.info
    ext = _EXTENSIONS.get(info.format, info.format)
    key = f"media/{probed.media_id}/original.{ext}"
    thumb_key = None
    if probed.thumbnail is not None:
        thumb_key = f"media/{probed.media_id}/thumbnail.jpg"
        storage.put_bytes(thumb_key, probed.thumbnail)
    assert incoming.path is not None
    storage.put_file(key, incoming.path)
    discard_scratch_file(incoming.path)
    incoming.path = None
    media = Media(
        id=probed.media_id,
        session_id=session_id,
        kind=info.kind,
        format=info.format,
        mime=info.mime,
        name=incoming.name,
        width=info.width,
        height=info.height,
        duration_ms=info.duration_ms,
        has_audio=bool(info.has_audio),
        taken_at=_aware(info.taken_at),
        size_bytes=info.size_bytes,
        storage_key=key,
        thumb_key=thumb_key,
        source_url=incoming.source_url,
        position=next_media_position(db=db, session_id=session_id),
        analysis=json.dumps(probed.analysis) if probed.analysis is not None else None,
    )
    db.add(media)
    db.flush()
    return media


def add_analysis(*, db: Any, media_id: str, analysis: dict[str, Any]) -> None:
    """Merge an analysis made after the media was stored into its row (gone: nothing)."""
    media = db.get(Media, media_id)
    if media is None:
        return
    media.analysis = json.dumps({**analysis, **(stored_analysis(media) or {})})
    db.flush()
