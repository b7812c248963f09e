"""The chunk cache: stable chunk boundaries, content keys of chunks and soundtracks, an LRU store.

A chunk's key is a SHA-256 of everything that decides its frames: the
canvas, the draft's fit, the photos, clips and texts on screen in its frame
range (with their timing, motion, framing, transitions, captions and the
identity of their media files), its boundaries, the output format, the
encoder quality and the renderer's version. The soundtrack has a key of its
own, from the audio inputs only, so a title or a photo edit mixes nothing
again. Keys are built from canonical JSON, never Python's `hash()`, so every
process and every host agrees on them.

Boundaries come from the timeline alone (`stable_chunks`): one chunk per
run of frames between two of the encoder's restarts, which fall on cuts and
transition ends. A title edit or a one-photo edit then leaves every other
chunk's range, and key, as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from diapo.draft.beats import sync_to_beats
from diapo.draft.model import Draft
from diapo.render.chunks import Chunk, has_sound, part_format
from diapo.render.gops import gop_starts
from diapo.render.plan import Plan, make_plan

__all__ = [
    "RENDERER_VERSION",
    "CacheLayout",
    "ChunkStore",
    "DirectoryChunkStore",
    "MediaIdentity",
    "cache_layout",
    "chunk_key",
    "file_identity",
    "soundtrack_key",
    "stable_chunks",
]

# Change when the same draft would render to different frames or sound (a
# compositor, motion, text or mixer change), so old cached chunks stop matching.
RENDERER_VERSION = "2026.12.07-ending"

MediaIdentity = Callable[[str], str]
"""A media `src` -> a string that changes whenever the file's content may have changed."""


def stable_chunks(plan: Plan) -> list[Chunk]:
    """One chunk per run of frames between two encoder restarts (`gops.gop_starts`).

    The restarts come from the timeline alone (cuts and transition ends, never
    inside a transition, at most 8 s apart), so an edit that keeps every
    item's timing, a title or one photo's look, keeps every boundary: only the
    chunks showing the edit change. A chunk encodes to the very packets a
    whole render writes there, so a video joined from cached and new chunks
    is the one a single process would make.
    """
    starts = gop_starts(plan)
    ends = [*starts[1:], plan.frames]
    return [Chunk(i, s, e) for i, (s, e) in enumerate(zip(starts, ends, strict=True))]


def file_identity(resolve: Callable[[str], Path]) -> MediaIdentity:
    """Identify local media by path, size and modification time (no need to read them)."""

    def identity(src: str) -> str:
        path = resolve(src)
        st = path.stat()
        return f"{path.resolve()}:{st.st_size}:{st.st_mtime_ns}"

    return identity


def _digest(payload: Any) -> str:
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def chunk_key(
    draft: Draft,
    plan: Plan,
    chunk: Chunk,
    *,
    fmt: str,
    quality: str,
    media: MediaIdentity,
) -> str:
    """The content key of one chunk's encoded frames."""
    fps = plan.fps
    t0, t1 = chunk.start_frame * 1000.0 / fps, chunk.end_frame * 1000.0 / fps
    items = [
        {
            "i": it.index,
            "at": [it.start_ms, it.end_ms, it.transition_ms],
            "seg": it.seg.model_dump(mode="json"),
            "file": media(it.seg.m.src),
        }
        for it in plan.items
        if it.start_ms < t1 and it.end_ms > t0
    ]
    texts: list[Any] = []
    for ti, track in enumerate(draft.text_tracks):
        for si, seg in enumerate(track.sg):
            if seg.m.at < t1 and seg.m.at + seg.d > t0:
                texts.append([ti, si, seg.model_dump(mode="json")])
    # The timeline's length clips the texts' ends and the last item.
    return _digest(
        {
            "r": RENDERER_VERSION,
            "c": draft.c.model_dump(mode="json"),
            "fit": draft.fit,
            "fmt": fmt,
            "q": quality,
            "range": [chunk.start_frame, chunk.end_frame, plan.frames, plan.duration_ms],
            "items": items,
            "texts": texts,
            # The ending darkens the last frames and may lay an end card over them.
            "end": [plan.fade_ms, plan.card_ms, [t.text for t in plan.texts if t.key[0] == "end"]],
        }
    )


def soundtrack_key(draft: Draft, plan: Plan, *, fmt: str, media: MediaIdentity) -> str:
    """The content key of the mixed soundtrack: music, clip sound and the video's length."""
    synced = sync_to_beats(draft)
    music = [
        [seg.model_dump(mode="json"), None if seg.m.src.startswith("music:") else media(seg.m.src)]
        for track in synced.audio_tracks
        for seg in track.sg
    ]
    clips = [
        [
            [it.start_ms, it.end_ms, it.transition_ms],
            it.seg.m.model_dump(mode="json"),
            media(it.seg.m.src),
        ]
        for it in plan.items
        if it.seg.m.kind == "clip"
    ]
    return _digest(
        {
            "r": RENDERER_VERSION,
            "fmt": fmt,
            "len": [plan.frames, plan.fps],
            "music": music,
            "clips": clips,
            "fade": plan.sound_fade_ms(),
        }
    )


@dataclass(frozen=True, slots=True)
class CacheLayout:
    """A render's chunks and the cache names of their outputs and of its soundtrack.

    Computed alike wherever a cached render is put together (the CLI's
    `render_cached`, the service's chunk parts), so both find the same entries.
    """

    draft: Draft
    plan: Plan
    chunks: list[Chunk]
    keys: list[str]
    audio_key: str | None  # None: the video is silent


def cache_layout(draft: Draft, *, fmt: str, quality: str, media: MediaIdentity) -> CacheLayout:
    """The chunks of `draft` rendered to `fmt` and the names they are cached under."""
    plan = make_plan(draft)
    chunks = stable_chunks(plan)
    # The container in the name: whoever reads an entry knows what it holds.
    ext = part_format(fmt)
    keys = [
        f"{chunk_key(draft, plan, c, fmt=fmt, quality=quality, media=media)}.{ext}" for c in chunks
    ]
    audio = (
        f"{soundtrack_key(draft, plan, fmt=fmt, media=media)}.{ext}"
        if has_sound(draft, plan)
        else None
    )
    return CacheLayout(draft, plan, chunks, keys, audio)


class ChunkStore(Protocol):
    """Where encoded chunks and soundtracks are kept by key, least recently used evicted first."""

    def fetch(self, key: str) -> Path | None:
        """A readable path of the entry, marked as just used; None if absent."""
        ...

    def store(self, key: str, source: Path) -> Path:
        """Move `source` in under `key` (then evict beyond the limit); the entry's path."""
        ...


class DirectoryChunkStore:
    """A chunk store in a local directory; the files' modification times order the LRU.

    Entries used within the last `keep_recent_seconds` are not evicted, so a
    render never loses a chunk it has just made before its join reads it; the
    limit can then be exceeded for that long.
    """

    def __init__(self, root: Path, *, limit_bytes: int, keep_recent_seconds: float = 0.0) -> None:
        self.root = Path(root)
        self.limit_bytes = limit_bytes
        self.keep_recent_seconds = keep_recent_seconds
        self.root.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._evicting = threading.Lock()
        self._last_ns = 0

    def _touch(self, path: Path) -> None:
        # The LRU's clock: strictly increasing within this process, so two uses
        # in the same clock tick still keep their order.
        with self._lock:
            now = max(time.time_ns(), self._last_ns + 1)
            self._last_ns = now
        os.utime(path, ns=(now, now))

    def _path(self, key: str) -> Path:
        if not key or key.startswith(".") or not all(c.isalnum() or c in "._-" for c in key):
            raise ValueError(f"bad chunk key {key!r}")
        return self.root / key

    def fetch(self, key: str) -> Path | None:
        path = self._path(key)
        try:
            self._touch(path)
        except FileNotFoundError:
            return None
        return path

    def store(self, key: str, source: Path) -> Path:
        target = self._path(key)
        try:
            os.replace(source, target)
        except OSError:  # another filesystem: copy, then rename into place
            fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".part-")
            os.close(fd)
            shutil.copyfile(source, tmp)
            os.replace(tmp, target)
            Path(source).unlink(missing_ok=True)
        self._touch(target)
        self.evict()
        return target

    def entries(self) -> list[tuple[str, int, int]]:
        """(key, size, last use in ns) of every entry, the least recently used first."""
        out: list[tuple[str, int, int]] = []
        for path in self.root.iterdir():
            if path.name.startswith(".part-"):
                continue
            try:
                st = path.stat()
            except FileNotFoundError:
                continue
            out.append((path.name, st.st_size, st.st_mtime_ns))
        return sorted(out, key=lambda e: e[2])

    def evict(self) -> list[str]:
        """Delete the least recently used entries until the store fits its limit; their keys."""
        with self._evicting:
            entries = self.entries()
            total = sum(size for _k, size, _t in entries)
            removed: list[str] = []
            recent = time.time_ns() - int(self.keep_recent_seconds * 1e9)
            for key, size, used in entries:
                if total <= self.limit_bytes:
                    break
                if self.keep_recent_seconds and used >= recent:
                    break
                (self.root / key).unlink(missing_ok=True)
                total -= size
                removed.append(key)
            return removed

    def size_bytes(self) -> int:
        return sum(size for _k, size, _t in self.entries())
