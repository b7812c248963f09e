"""Running one render job in a worker, with a heartbeat lease, and reaping dead ones.

A job is claimed by moving it from `queued` to `rendering` and bumping its
`attempts`; that number fences every later write, so a worker that was
presumed dead and lost its job can no longer touch it. While it renders, a
heartbeat thread writes `heartbeat_at` and the progress and notices a cancel.
The reaper re-queues a `rendering` job whose heartbeat is older than the lease
(once, by default) or fails it and releases its credits.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from diapo.errors import DiapoError, MissingMediaError, RenderCancelled
from diapo.service.chunkjob import (
    Split,
    plan_split,
    queue_split,
    reap_stale_parts,
    record_split,
)
from diapo.service.db.tables import Media, Render, utcnow
from diapo.service.exports import is_preview, render_quality
from diapo.service.jobcontext import Heartbeat, WorkerContext, fenced, finish_attempt
from diapo.service.ledger import settle
from diapo.service.ratelimit import prune_rate_limits
from diapo.service.webhooks import deliver_due

__all__ = [
    "WorkerContext",
    "reap_stale",
    "reaper_loop",
    "run_render_job",
    "sweep_leftovers",
]

log = logging.getLogger("diapo.worker")


def _claim(
    ctx: WorkerContext, render_id: str, split: Split | None
) -> tuple[int, dict[str, Any], str, str, dict[str, str]] | None:
    with ctx.db.transaction() as db:
        # Locked (PostgreSQL): two workers handed the same id, or a cancel, wait their turn.
        job = db.get(Render, render_id, with_for_update=True)
        if job is None or job.status != "queued":
            return None
        job.status = "rendering"
        job.attempts += 1
        job.heartbeat_at = utcnow()
        job.started_at = job.started_at or utcnow()
        job.worker = ctx.name
        job.progress = 0.0
        # Storage keys, not paths: a remote store fetches only the media the draft uses.
        media = {
            m.id: m.storage_key
            for m in db.scalars(select(Media).where(Media.session_id == job.session_id))
        }
        job.chunks = None
        if split is not None:
            record_split(db, job, split)
        quality = render_quality(job, ctx.settings)
        return job.attempts, json.loads(job.draft), job.format, quality, media


class _Heartbeat(Heartbeat):
    """Writes the lease and the progress; sees a cancel or a lost lease (reaped, deleted)."""

    def __init__(self, ctx: WorkerContext, render_id: str, attempt: int) -> None:
        super().__init__(ctx, f"heartbeat-{render_id}", f"render {render_id} attempt {attempt}")
        self.render_id, self.attempt = render_id, attempt

    def beat(self) -> None:
        try:
            with self.ctx.db.transaction() as db:
                result = db.execute(
                    fenced(self.render_id, self.attempt).values(
                        heartbeat_at=utcnow(), progress=round(min(self.progress, 0.99), 4)
                    )
                )
                if getattr(result, "rowcount", 1) == 0:
                    self.lost.set()
        except Exception:  # a busy database must not kill the render
            log.exception("heartbeat of %s failed", self.render_id)


def run_render_job(render_id: str, *, ctx: WorkerContext) -> None:
    """Render one queued job to the end: completed, failed or cancelled, credits settled."""
    from diapo.draft import Draft
    from diapo.render import render

    # A chunked render's parts are worked out first and recorded by the claim.
    split: Split | None = None
    unsplit: str | None = None
    try:
        split = plan_split(ctx, render_id)
    except DiapoError as exc:
        unsplit = exc.message
    except Exception as exc:
        log.exception("render %s could not be split", render_id)
        unsplit = f"The renderer failed: {exc}"
    claimed = _claim(ctx, render_id, split)
    if claimed is None:
        log.info("render %s is not queued any more; skipped", render_id)
        return
    attempt, draft_json, fmt, quality, media = claimed
    log.info("render %s: attempt %d, %s, %s quality", render_id, attempt, fmt, quality)
    if unsplit is not None:
        log.warning("render %s failed: %s", render_id, unsplit)
        finish_attempt(ctx, render_id, attempt, status="failed", error=unsplit)
        return
    if split is not None:
        queue_split(ctx, render_id, split)
        return
    beat = _Heartbeat(ctx, render_id, attempt)
    beat.start()
    scratch = ctx.storage.scratch_dir() / f"render-{render_id}-{attempt}.{fmt}"

    def resolve(src: str) -> Path:
        if src not in media:
            raise MissingMediaError(f"The draft uses media {src!r}, which is not in this session.")
        beat.touch()  # fetching and decoding a photo is work, not a stall
        return ctx.storage.local_path(media[src])

    def progress(fraction: float) -> None:
        beat.progress = max(beat.progress, float(fraction))

    try:
        draft = Draft.parse(draft_json)
        result = render(
            draft,
            scratch,
            resolve=resolve,
            progress=progress,
            cancel=beat.lost.is_set,
            quality=quality,
        )
    except Exception as exc:
        beat.stopped.set()
        _stopped(ctx, render_id, attempt, exc, stalled=beat.stalled.is_set())
    else:
        beat.stopped.set()
        key = f"renders/{render_id}/output.{fmt}"
        size_bytes = result.path.stat().st_size  # before put_file takes the file away
        ctx.storage.put_file(key, result.path)
        done = finish_attempt(
            ctx,
            render_id,
            attempt,
            status="completed",
            output_key=key,
            size_bytes=size_bytes,
            width=result.width,
            height=result.height,
            duration_ms=result.duration_ms,
        )
        if not done:
            ctx.storage.delete(key)
    finally:
        beat.finished()
        scratch.unlink(missing_ok=True)


def _stopped(
    ctx: WorkerContext, render_id: str, attempt: int, exc: Exception, *, stalled: bool
) -> None:
    """Record how a render attempt that did not finish ended (cancelled, failed)."""
    if stalled:
        # Back from a stall: the job is the reaper's now (re-queued, or failed under
        # the attempt rules); a late stop or error of this attempt must not end it.
        log.warning(
            "render %s attempt %d: back after its stall (%s); left", render_id, attempt, exc
        )
    elif isinstance(exc, RenderCancelled):
        finish_attempt(ctx, render_id, attempt, status="cancelled", error="Cancelled.")
    elif isinstance(exc, DiapoError):
        log.warning("render %s failed: %s", render_id, exc)
        finish_attempt(ctx, render_id, attempt, status="failed", error=exc.message)
    else:
        log.error("render %s crashed", render_id, exc_info=exc)
        finish_attempt(
            ctx, render_id, attempt, status="failed", error=f"The renderer failed: {exc}"
        )


def reap_stale(ctx: WorkerContext) -> list[str]:
    """Re-queue (or fail, after the last attempt) jobs whose worker stopped beating; their ids."""
    lease = timedelta(seconds=ctx.settings.job_lease_seconds)
    requeue: list[tuple[str, bool]] = []
    with ctx.db.transaction() as db:
        stale = db.scalars(
            select(Render)
            .where(
                Render.status == "rendering",
                Render.heartbeat_at < utcnow() - lease,
                Render.chunks.is_(None),  # a split render's parts are reaped one by one
            )
            # Several workers reap: each stale job is re-queued by one of them only.
            .with_for_update(skip_locked=True)
        ).all()
        for job in stale:
            if job.attempts < ctx.settings.job_max_attempts:
                log.warning("render %s: worker %s stopped; re-queued", job.id, job.worker)
                job.status, job.progress, job.heartbeat_at, job.worker = "queued", 0.0, None, None
                requeue.append((job.id, is_preview(job)))
            else:
                log.warning("render %s: worker %s stopped; failed", job.id, job.worker)
                job.status, job.finished_at = "failed", utcnow()
                job.error = "The render stopped with its worker, too many times."
                db.flush()
                settle(db=db, render_id=job.id, outcome="release")
    if ctx.queue is not None:
        for render_id, preview in requeue:
            ctx.queue.enqueue_render(render_id, preview=preview)
    return [job.id for job in stale] + reap_stale_parts(ctx)


def sweep_leftovers(ctx: WorkerContext) -> int:
    """Delete what crashed processes left behind; the number of entries removed.

    A worker killed mid-render leaves its partial output in the scratch
    directory, an upload cut off by kill -9 leaves its received bytes there,
    and an interrupted atomic write leaves a `.part-` file next to its target.
    Nothing finishes them later, so whatever is older than the grace period
    (far longer than any upload or render writes without touching its file)
    goes. Rate-limit windows that are over go too.
    """
    removed = ctx.storage.sweep_leftovers(older_than=ctx.settings.leftover_grace_seconds)
    if removed:
        log.info("swept %d leftover file(s) of crashed uploads and renders", removed)
    with ctx.db.transaction() as db:
        prune_rate_limits(db=db)
    return removed


def reaper_loop(ctx: WorkerContext, stop: threading.Event) -> None:
    """Every `reaper_interval_seconds` until `stop` is set: reap stale jobs, sweep leftovers."""
    last_sweep = 0.0
    while not stop.wait(ctx.settings.reaper_interval_seconds):
        try:
            reap_stale(ctx)
        except Exception:
            log.exception("reaper failed")
        now = time.monotonic()
        if now - last_sweep >= ctx.settings.leftover_sweep_interval_seconds:
            last_sweep = now
            try:
                sweep_leftovers(ctx)
            except Exception:
                log.exception("sweeping leftovers failed")
        try:
            # Render webhooks: callbacks that are due, and retries.
            deliver_due(database=ctx.db, settings=ctx.settings)
        except Exception:
            log.exception("webhook delivery failed")
