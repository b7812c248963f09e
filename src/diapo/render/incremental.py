"""Incremental render in one process: only the chunks whose content key changed are rendered.

`render_cached` plans a draft's chunks between the encoder's restarts (`chunkcache.stable_chunks`),
takes from the store every chunk (and the soundtrack) whose key it holds,
renders the rest, and joins them all by stream copy. After a title edit only
the chunk under the title is rendered again; the soundtrack is mixed again
only if the music, a clip's sound or the video's length changed.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from diapo.draft.model import Draft
from diapo.errors import MissingMediaError, RenderCancelled
from diapo.render.chunkcache import ChunkStore, MediaIdentity, cache_layout, file_identity
from diapo.render.chunks import (
    Chunk,
    chunkable,
    join_chunks,
    part_format,
    render_chunk,
    render_soundtrack,
)
from diapo.render.compose import Resolver
from diapo.render.pipeline import RenderResult, output_format, path_resolver, render

__all__ = ["CacheUse", "render_cached"]

Progress = Callable[[float], None]
Cancel = Callable[[], bool]


@dataclass(frozen=True, slots=True)
class CacheUse:
    """How much of a render came from the chunk cache."""

    reused: int
    rendered: int
    soundtrack_reused: bool | None  # None: the video has no sound

    def to_dict(self) -> dict[str, int]:
        return {"reused": self.reused, "rendered": self.rendered}


def _identity(resolve: Resolver) -> MediaIdentity:
    stat = file_identity(resolve)

    def identity(src: str) -> str:
        try:
            return stat(src)
        except OSError as exc:
            raise MissingMediaError(f"The media file '{src}' was not found.", src=src) from exc

    return identity


def render_cached(
    draft: Draft,
    output: Path | str,
    *,
    store: ChunkStore,
    resolve: Resolver | None = None,
    media: MediaIdentity | None = None,
    quality: str = "standard",
    jobs: int = 1,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> tuple[RenderResult, CacheUse]:
    """Render `draft` into `output`, reusing the chunks `store` holds; what was reused.

    `media` names each source's content (default: path, size and modification
    time of the file). Formats that are not chunked (GIF, stills, sound) are
    rendered whole, with nothing reused.
    """
    out = Path(output)
    fmt = output_format(out)
    resolver = resolve or path_resolver()
    if not chunkable(draft, fmt):
        whole = render(
            draft, out, resolve=resolver, progress=progress, cancel=cancel, quality=quality
        )
        return whole, CacheUse(0, 0, None)
    started = time.perf_counter()
    layout = cache_layout(draft, fmt=fmt, quality=quality, media=media or _identity(resolver))
    plan, chunks, keys, sound_key = layout.plan, layout.chunks, layout.keys, layout.audio_key
    ext = part_format(fmt)
    paths: list[Path | None] = [store.fetch(k) for k in keys]
    sound: Path | None = store.fetch(sound_key) if sound_key is not None else None
    missing = [c for c, p in zip(chunks, paths, strict=True) if p is None]
    report = progress or (lambda _f: None)
    todo_frames = sum(c.frames for c in missing) or 1
    done = [0.0] * len(chunks)
    lock = threading.Lock()

    def advance(index: int, fraction: float) -> None:
        with lock:
            done[index] = fraction * chunks[index].frames
            report(0.97 * sum(done) / todo_frames)

    scratch = out.parent / f".{out.stem}.{os.getpid()}.{threading.get_ident()}.chunks"
    scratch.mkdir(parents=True, exist_ok=True)
    stop = threading.Event()

    def cancelled() -> bool:
        return stop.is_set() or (cancel is not None and cancel())

    def draw(chunk: Chunk, progress: Callable[[float], None] | None = None) -> Path:
        return render_chunk(
            draft,
            chunk,
            resolver,
            scratch / f"{chunk.index}.{ext}",
            fmt=fmt,
            quality=quality,
            progress=progress,
            cancel=cancelled,
        )

    def one(chunk: Chunk) -> Path:
        made = draw(chunk, lambda f: advance(chunk.index, f))
        return store.store(keys[chunk.index], made)

    def mix() -> Path | None:
        made = render_soundtrack(draft, resolver, scratch / f"soundtrack.{ext}", fmt=fmt)
        return store.store(sound_key, made) if made is not None and sound_key else None

    try:
        with ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="diapo-chunk") as pool:
            mixing: Future[Path | None] | None = (
                pool.submit(mix) if sound_key is not None and sound is None else None
            )
            futures = {c.index: pool.submit(one, c) for c in missing}
            try:
                for index, future in futures.items():
                    paths[index] = future.result()
                if mixing is not None:
                    sound = mixing.result()
            except BaseException:
                stop.set()  # the other chunks stop at their next frame
                raise
        if cancel is not None and cancel():
            raise RenderCancelled("The render was cancelled.")
        ready: list[Path] = []
        for chunk, path in zip(chunks, paths, strict=True):
            if path is None or not path.exists():  # evicted: the store is smaller than a render
                path = draw(chunk)
            ready.append(path)
        if sound is not None and not sound.exists():
            sound = render_soundtrack(draft, resolver, scratch / f"soundtrack.{ext}", fmt=fmt)
        join_chunks(ready, sound, out)
    finally:
        for leftover in scratch.glob("*"):
            leftover.unlink(missing_ok=True)
        scratch.rmdir()
    report(1.0)
    result = RenderResult(
        path=out,
        format=fmt,
        width=plan.width,
        height=plan.height,
        duration_ms=plan.duration_ms,
        frames=plan.frames,
        seconds=time.perf_counter() - started,
    )
    use = CacheUse(
        reused=len(chunks) - len(missing),
        rendered=len(missing),
        soundtrack_reused=None if sound_key is None else mixing is None,
    )
    return result, use
