"""A render split into parts on the job queue: video chunks, the soundtrack, then the join.

The render's own task (`renderjob.run_render_job`) plans its chunks
(`chunkcache.stable_chunks`) and looks each one's content key up in the chunk
cache, then claims the render and records its parts in one transaction.
Chunks found in the cache are done already; the others, and the soundtrack
if its own key missed, are queued as tasks that any worker, on any host, may
run. The part that finishes last queues the
join, which copies the chunks' streams into the output and settles the
credits, once (`renderjob.finish_attempt`).

Each part is claimed and leased like a render: its `attempts` fence its
writes, its heartbeat also renews the render's and writes the progress
summed over the chunks, and notices a cancel. The reaper re-queues a part
whose worker stopped beating, alone; after `job_max_attempts` it fails the
render and releases its credits. A part whose progress stands still for
`render_stall_seconds` stops beating too (`jobcontext.Heartbeat`), so a hung
part is reaped like a dead one; whatever its thread does if it comes back is
fenced out by the part's attempt.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import case, delete, select, update

from diapo.draft import Draft
from diapo.errors import DiapoError, MissingMediaError, RenderCancelled
from diapo.render.chunkcache import CacheLayout, ChunkStore, MediaIdentity, cache_layout
from diapo.render.chunks import (
    CHUNKED_FORMATS,
    chunkable,
    join_chunks,
    part_format,
    render_chunk,
    render_soundtrack,
)
from diapo.service.chunkstore import StoredChunkCache
from diapo.service.db.chunks import AUDIO_PART, JOIN_PART, RenderPart
from diapo.service.db.tables import Media, Render, utcnow
from diapo.service.exports import is_preview, render_quality
from diapo.service.jobcontext import Heartbeat, WorkerContext, fenced, finish_attempt
from diapo.service.ledger import settle

__all__ = [
    "Split",
    "chunk_store",
    "plan_split",
    "queue_split",
    "reap_stale_parts",
    "record_split",
    "run_part",
    "wants_chunks",
]

log = logging.getLogger("diapo.worker")

_JOIN_SHARE = 0.03  # of the progress bar: the join is a stream copy, quick


def wants_chunks(fmt: str, ctx: WorkerContext) -> bool:
    """Whether a render to `fmt` is split into parts (GIF, stills and sound stay whole)."""
    return ctx.settings.render_chunks and fmt in CHUNKED_FORMATS


def chunk_store(ctx: WorkerContext) -> ChunkStore:
    """The chunk cache every worker of this service shares."""
    return StoredChunkCache(
        storage=ctx.storage,
        db=ctx.db,
        limit_bytes=ctx.settings.chunk_cache_mb * 1024 * 1024,
        # A render's chunks stay at least as long as one part may run unseen.
        keep_recent_seconds=2 * ctx.settings.job_lease_seconds,
    )


def _identity(media_keys: dict[str, str]) -> MediaIdentity:
    def identity(src: str) -> str:
        if src not in media_keys:
            raise MissingMediaError(f"The draft uses media {src!r}, which is not in this session.")
        # A stored file never changes: its key (with the media id in it) names its content.
        return media_keys[src]

    return identity


def _layout(
    draft_json: dict[str, Any], fmt: str, quality: str, keys: dict[str, str]
) -> CacheLayout:
    """The render's chunks and cache names, computed the same way by every part."""
    return cache_layout(Draft.parse(draft_json), fmt=fmt, quality=quality, media=_identity(keys))


@dataclass(frozen=True, slots=True)
class Split:
    """A render's parts, worked out before its claim, which records them in its transaction."""

    parts: list[dict[str, Any]]  # the `render_parts` rows' values
    reused: int
    rendered: int
    sound: str  # none, queued or reused: for the log
    preview: bool

    @property
    def todo(self) -> list[int]:
        return [p["part"] for p in self.parts if p["status"] == "queued"]


def plan_split(ctx: WorkerContext, render_id: str) -> Split | None:
    """The parts of a queued render that is chunked, cached chunks done already; else None.

    Nothing is written but the cache's last-use times: the render's claim
    records the parts in the same transaction that moves it to `rendering`,
    so no one ever sees a claimed chunked render without its parts.
    """
    with ctx.db.transaction() as db:
        job = db.get(Render, render_id)
        if job is None or job.status != "queued" or not wants_chunks(job.format, ctx):
            return None
        draft, fmt = json.loads(job.draft), job.format
        if not chunkable(Draft.parse(draft), fmt):
            return None
        quality, preview = render_quality(job, ctx.settings), is_preview(job)
        keys = {
            m.id: m.storage_key
            for m in db.scalars(select(Media).where(Media.session_id == job.session_id))
        }
    layout = _layout(draft, fmt, quality, keys)
    store = chunk_store(ctx)
    parts: list[dict[str, Any]] = []
    for chunk, key in zip(layout.chunks, layout.keys, strict=True):
        hit = store.fetch(key) is not None
        parts.append(
            {
                "part": chunk.index,
                "start_frame": chunk.start_frame,
                "end_frame": chunk.end_frame,
                "key": key,
                "status": "done" if hit else "queued",
                "progress": 1.0 if hit else 0.0,
            }
        )
    reused = sum(p["status"] == "done" for p in parts)
    sound = "none"
    if layout.audio_key is not None:
        hit = store.fetch(layout.audio_key) is not None
        sound = "reused" if hit else "queued"
        parts.append(
            {
                "part": AUDIO_PART,
                "start_frame": 0,
                "end_frame": 0,
                "key": layout.audio_key,
                "status": "done" if hit else "queued",
                "progress": 1.0 if hit else 0.0,
            }
        )
    # The join's row is made now, waiting: a finishing part only changes its
    # status. Inserting it then would take a key-share lock on the render's row
    # (PostgreSQL), and wait on a cancel or on whoever holds that row.
    ready = not any(p["status"] == "queued" for p in parts)  # all cached: straight to it
    parts.append(
        {
            "part": JOIN_PART,
            "start_frame": 0,
            "end_frame": 0,
            "status": "queued" if ready else "waiting",
        }
    )
    return Split(parts, reused, len(layout.chunks) - reused, sound, preview)


def record_split(db: Any, job: Render, split: Split) -> None:
    """Write the parts of `job`, claimed in this transaction (an earlier attempt's give way)."""
    job.chunks = json.dumps({"reused": split.reused, "rendered": split.rendered})
    db.execute(delete(RenderPart).where(RenderPart.render_id == job.id))
    rows = [RenderPart(render_id=job.id, attempts=0, **p) for p in split.parts]
    db.add_all(rows)
    job.progress = _progress_of(rows)


def queue_split(ctx: WorkerContext, render_id: str, split: Split) -> None:
    """Put the parts still to do of a claimed render on the queue."""
    log.info(
        "render %s: %d chunks (%d reused, %d to render), soundtrack %s",
        render_id,
        split.reused + split.rendered,
        split.reused,
        split.rendered,
        split.sound,
    )
    assert ctx.queue is not None, "a worker splitting renders needs its queue"
    for part in split.todo:
        ctx.queue.enqueue_part(render_id, part, preview=split.preview)


def _progress_of(parts: list[RenderPart], running: dict[int, float] | None = None) -> float:
    """The render's progress: its chunks' by frames (`running`: fresher figures of some)."""
    fresh = running or {}
    frames = [(p.end_frame - p.start_frame, p) for p in parts if p.part >= 0]
    total = sum(n for n, _p in frames) or 1
    done = sum(
        n * (1.0 if p.status == "done" else min(1.0, fresh.get(p.part, p.progress)))
        for n, p in frames
    )
    return round(min(0.99, (1 - _JOIN_SHARE) * done / total), 4)


@dataclass(frozen=True, slots=True)
class _Claim:
    render_attempt: int
    part_attempt: int
    draft: dict[str, Any]
    fmt: str
    quality: str
    keys: dict[str, str]  # media id -> storage key
    preview: bool


def _claim_part(ctx: WorkerContext, render_id: str, part: int) -> _Claim | None:
    with ctx.db.transaction() as db:
        # Only the part's row is locked: the render's row is left to its
        # cancel and to the join's finish, which hold it while they settle.
        job = db.get(Render, render_id)
        if job is None or job.status != "rendering" or job.chunks is None:
            return None
        row = db.get(RenderPart, (render_id, part), with_for_update=True)
        if row is None or row.status != "queued":
            return None
        row.status, row.attempts, row.progress = "rendering", row.attempts + 1, 0.0
        row.heartbeat_at, row.worker = utcnow(), ctx.name
        rows = db.scalars(select(Media).where(Media.session_id == job.session_id)).all()
        return _Claim(
            render_attempt=job.attempts,
            part_attempt=row.attempts,
            draft=json.loads(job.draft),
            fmt=job.format,
            quality=render_quality(job, ctx.settings),
            keys={m.id: m.storage_key for m in rows},
            preview=is_preview(job),
        )


class _PartHeartbeat(Heartbeat):
    """Renews the part's lease and the render's, writes the summed progress, sees a cancel
    (or the render failed by another part)."""

    def __init__(self, ctx: WorkerContext, render_id: str, part: int, claim: _Claim) -> None:
        super().__init__(ctx, f"heartbeat-{render_id}-{part}", _part_name(render_id, part, claim))
        self.render_id, self.part, self.claim = render_id, part, claim

    def beat(self) -> None:
        try:
            with self.ctx.db.transaction() as db:
                parts = list(
                    db.scalars(select(RenderPart).where(RenderPart.render_id == self.render_id))
                )
                # The render's row first: while its cancel or its join's finish
                # holds it (PostgreSQL), this waits holding no lock of its own,
                # so the parts finishing meanwhile are not held up.
                summed = _progress_of(parts, {self.part: self.progress})
                job = db.execute(
                    fenced(self.render_id, self.claim.render_attempt).values(
                        heartbeat_at=utcnow(),
                        # Parts beat apart, each reading the others' last figures:
                        # the bar only moves forward.
                        progress=case((Render.progress > summed, Render.progress), else_=summed),
                    )
                )
                mine = db.execute(
                    update(RenderPart)
                    .where(
                        RenderPart.render_id == self.render_id,
                        RenderPart.part == self.part,
                        RenderPart.status == "rendering",
                        RenderPart.attempts == self.claim.part_attempt,
                    )
                    .values(heartbeat_at=utcnow(), progress=round(min(self.progress, 1.0), 4))
                )
                if getattr(mine, "rowcount", 1) == 0 or getattr(job, "rowcount", 1) == 0:
                    self.lost.set()
        except Exception:  # a busy database must not kill the render
            log.exception("heartbeat of %s part %d failed", self.render_id, self.part)


def run_part(render_id: str, part: int, *, ctx: WorkerContext) -> None:
    """Run one part of a chunked render: render or mix it into the cache, or join them all."""
    claim = _claim_part(ctx, render_id, part)
    if claim is None:
        log.info("render %s part %d is not queued any more; skipped", render_id, part)
        return
    beat = _PartHeartbeat(ctx, render_id, part, claim)
    beat.start()
    scratch = ctx.storage.scratch_dir() / f"part-{render_id}-{part}-{claim.part_attempt}"
    scratch.mkdir(parents=True, exist_ok=True)

    def progress(fraction: float) -> None:
        beat.progress = max(beat.progress, float(fraction))

    try:
        layout = _layout(claim.draft, claim.fmt, claim.quality, claim.keys)
        resolve = _resolver(ctx, claim.keys, beat.touch)
        store = chunk_store(ctx)
        if part == JOIN_PART:
            _join(ctx, render_id, claim, layout, store, resolve, scratch, beat)
            return
        if part == AUDIO_PART:
            assert layout.audio_key is not None
            _mix(layout, store, resolve, scratch, claim.fmt, progress)
        else:
            _chunk(layout, part, claim, store, resolve, scratch, progress, beat.lost.is_set)
    except RenderCancelled:
        log.info("render %s part %d: stopped (cancelled or taken away)", render_id, part)
        return
    except Exception as exc:
        if beat.stalled.is_set():
            # Back from a stall: the part is the reaper's now; a late error of
            # this attempt must not fail the render another attempt may finish.
            log.warning("%s: back after its stall (%s); left", beat.what, exc)
        elif isinstance(exc, DiapoError):
            log.warning("render %s part %d failed: %s", render_id, part, exc)
            _fail(ctx, render_id, part, claim, exc.message)
        else:
            log.error("render %s part %d crashed", render_id, part, exc_info=exc)
            _fail(ctx, render_id, part, claim, f"The renderer failed: {exc}")
        return
    else:
        beat.stopped.set()
        # Before waiting for the heartbeat, which may be queued behind a lock on the render.
        _part_done(ctx, render_id, part, claim)
    finally:
        beat.finished()
        _remove_tree(scratch)


def _part_name(render_id: str, part: int, claim: _Claim) -> str:
    """How the log names a part: "render <id> part 2 attempt 1", "... soundtrack ..."."""
    name = {AUDIO_PART: "soundtrack", JOIN_PART: "join"}.get(part, f"part {part}")
    return f"render {render_id} {name} attempt {claim.part_attempt}"


def _part_fence(render_id: str, part: int, claim: _Claim) -> Any:
    """An UPDATE of the part's row that changes nothing once this attempt lost the part."""
    return (
        update(RenderPart)
        .where(
            RenderPart.render_id == render_id,
            RenderPart.part == part,
            RenderPart.status == "rendering",
            RenderPart.attempts == claim.part_attempt,
        )
        .values(heartbeat_at=utcnow())
    )


def _resolver(ctx: WorkerContext, keys: dict[str, str], touch: Callable[[], None]) -> Any:
    def resolve(src: str) -> Path:
        if src not in keys:
            raise MissingMediaError(f"The draft uses media {src!r}, which is not in this session.")
        touch()  # fetching and decoding a photo is work, not a stall
        # Asked for only when a chunk shows it: a remote store fetches just those files.
        return ctx.storage.local_path(keys[src])

    return resolve


def _chunk(
    layout: CacheLayout,
    part: int,
    claim: _Claim,
    store: ChunkStore,
    resolve: Any,
    scratch: Path,
    progress: Any,
    cancel: Any,
) -> None:

    chunk = layout.chunks[part]
    out = render_chunk(
        layout.draft,
        chunk,
        resolve,
        scratch / f"chunk{part}.{part_format(claim.fmt)}",
        fmt=claim.fmt,
        quality=claim.quality,
        progress=progress,
        cancel=cancel,
    )
    store.store(layout.keys[part], out)


def _mix(
    layout: CacheLayout,
    store: ChunkStore,
    resolve: Any,
    scratch: Path,
    fmt: str,
    progress: Any = None,
) -> None:

    assert layout.audio_key is not None
    out = render_soundtrack(
        layout.draft,
        resolve,
        scratch / f"soundtrack.{part_format(fmt)}",
        fmt=fmt,
        progress=progress,
    )
    if out is not None:
        store.store(layout.audio_key, out)


def _join(
    ctx: WorkerContext,
    render_id: str,
    claim: _Claim,
    layout: CacheLayout,
    store: ChunkStore,
    resolve: Any,
    scratch: Path,
    beat: _PartHeartbeat,
) -> None:
    paths: list[Path] = []

    def alive(_fraction: float) -> None:
        beat.touch()  # the join's own progress is its last step's; a re-render is alive

    for chunk, key in zip(layout.chunks, layout.keys, strict=True):
        beat.touch()
        found = store.fetch(key)
        if found is None:  # evicted since it was made (a cache smaller than one render)
            _chunk(layout, chunk.index, claim, store, resolve, scratch, alive, beat.lost.is_set)
            found = store.fetch(key)
        assert found is not None
        paths.append(found)
    audio: Path | None = None
    if layout.audio_key is not None:
        audio = store.fetch(layout.audio_key)
        if audio is None:
            _mix(layout, store, resolve, scratch, claim.fmt, alive)
            audio = store.fetch(layout.audio_key)
    if beat.lost.is_set():
        raise RenderCancelled("The render was cancelled.")
    out = scratch / f"output.{claim.fmt}"
    join_chunks(paths, audio, out)
    beat.touch()
    key = f"renders/{render_id}/output.{claim.fmt}"
    size_bytes = out.stat().st_size  # before put_file takes the file (a remote store: no copy)
    ctx.storage.put_file(key, out)
    done = finish_attempt(
        ctx,
        render_id,
        claim.render_attempt,
        status="completed",
        also=_part_fence(render_id, JOIN_PART, claim),  # a join back from a stall: too late
        output_key=key,
        size_bytes=size_bytes,
        width=layout.plan.width,
        height=layout.plan.height,
        duration_ms=layout.plan.duration_ms,
    )
    if not done:
        ctx.storage.delete(key)
        return
    with ctx.db.transaction() as db:
        db.execute(
            update(RenderPart)
            .where(RenderPart.render_id == render_id, RenderPart.part == JOIN_PART)
            .values(status="done", progress=1.0, heartbeat_at=utcnow())
        )


def _part_done(ctx: WorkerContext, render_id: str, part: int, claim: _Claim) -> None:
    """Record the part as done; the part that completes the set queues the join."""
    join = False
    with ctx.db.transaction() as db:
        # Locking the render's parts orders finishing parts on PostgreSQL
        # (SQLite serialises every write transaction anyway): exactly one of
        # them sees all done.
        db.execute(
            select(RenderPart.part).where(RenderPart.render_id == render_id).with_for_update()
        ).all()
        job = db.get(Render, render_id)
        if job is None or job.status != "rendering" or job.attempts != claim.render_attempt:
            return
        result = db.execute(
            update(RenderPart)
            .where(
                RenderPart.render_id == render_id,
                RenderPart.part == part,
                RenderPart.status == "rendering",
                RenderPart.attempts == claim.part_attempt,
            )
            .values(status="done", progress=1.0, heartbeat_at=utcnow())
        )
        if getattr(result, "rowcount", 1) == 0:
            return  # reaped and re-queued meanwhile: the new attempt finishes it
        parts = list(db.scalars(select(RenderPart).where(RenderPart.render_id == render_id)))
        if all(p.status == "done" for p in parts if p.part != JOIN_PART):
            started = db.execute(
                update(RenderPart)
                .where(
                    RenderPart.render_id == render_id,
                    RenderPart.part == JOIN_PART,
                    RenderPart.status == "waiting",
                )
                .values(status="queued")
            )
            join = getattr(started, "rowcount", 1) == 1
    if join:
        assert ctx.queue is not None
        ctx.queue.enqueue_part(render_id, JOIN_PART, preview=claim.preview)


def _fail(ctx: WorkerContext, render_id: str, part: int, claim: _Claim, error: str) -> None:
    # Fenced by the part's attempt too: a part reaped meanwhile (it stalled, its
    # worker was presumed dead) belongs to its next attempt, which may yet succeed.
    if not finish_attempt(
        ctx,
        render_id,
        claim.render_attempt,
        status="failed",
        error=error,
        also=_part_fence(render_id, part, claim),
    ):
        log.info("render %s part %d: its failure came too late; ignored", render_id, part)


def reap_stale_parts(ctx: WorkerContext) -> list[str]:
    """Re-queue parts whose worker stopped beating, alone; fail the render after the last try.

    The ids of the renders touched.
    """
    lease = timedelta(seconds=ctx.settings.job_lease_seconds)
    requeue: list[tuple[str, int, bool]] = []
    touched: list[str] = []
    with ctx.db.transaction() as db:
        stale = db.execute(
            select(RenderPart, Render)
            .join(Render, Render.id == RenderPart.render_id)
            .where(
                Render.status == "rendering",
                RenderPart.status == "rendering",
                RenderPart.heartbeat_at < utcnow() - lease,
            )
            .with_for_update(skip_locked=True)
        ).all()
        for row, job in stale:
            touched.append(job.id)
            if job.status != "rendering":
                continue  # failed just above by another of its parts
            if row.attempts < ctx.settings.job_max_attempts:
                log.warning(
                    "render %s part %d: worker %s stopped; re-queued", job.id, row.part, row.worker
                )
                row.status, row.progress, row.heartbeat_at, row.worker = "queued", 0.0, None, None
                requeue.append((job.id, row.part, is_preview(job)))
            else:
                log.warning(
                    "render %s part %d: worker %s stopped; failed", job.id, row.part, row.worker
                )
                job.status, job.finished_at = "failed", utcnow()
                job.error = "A part of the render stopped with its worker, too many times."
                db.flush()
                settle(db=db, render_id=job.id, outcome="release")
        # A worker killed between taking a part's message and claiming it, or
        # between a render's claim and queuing its parts, leaves parts queued
        # in the database that no message names. When none of a render's parts
        # has beaten for a lease, its queued parts are queued again: a second
        # message for a part that is still on the queue only finds it taken.
        quiet = db.scalars(
            select(Render)
            .where(
                Render.status == "rendering",
                Render.chunks.is_not(None),
                Render.heartbeat_at < utcnow() - lease,
            )
            .with_for_update(skip_locked=True)
        ).all()
        again = {(r, p) for r, p, _ in requeue}
        for job in quiet:
            waiting = db.scalars(
                select(RenderPart.part).where(
                    RenderPart.render_id == job.id, RenderPart.status == "queued"
                )
            ).all()
            job.heartbeat_at = utcnow()  # once a lease, not at every look
            for part in waiting:
                if (job.id, part) not in again:
                    log.warning("render %s part %d: no worker took it; queued again", job.id, part)
                    requeue.append((job.id, part, is_preview(job)))
                    touched.append(job.id)
    if ctx.queue is not None:
        for render_id, part, preview in requeue:
            ctx.queue.enqueue_part(render_id, part, preview=preview)
    return touched


def _remove_tree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)
