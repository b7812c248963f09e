"""The persistent job queue (huey) and the worker process that runs render jobs.

SqliteHuey under the data directory by default; RedisHuey when
`DIAPO_QUEUE_URL=redis://...`. The queue only carries render ids: the job's
whole state lives in the database, so a lost message or a dead worker is
recovered by the reaper (see `renderjob.reap_stale`).
"""

from __future__ import annotations

import importlib.util
import logging
import os
import signal
import threading
from typing import Any

from huey import Huey, RedisHuey, SqliteHuey

from diapo.service.settings import Settings

__all__ = ["JobQueue", "make_huey", "run_worker"]

log = logging.getLogger("diapo.worker")

RENDER_TASK = "diapo.render"

# The worker process's context (database, storage, settings), set by run_worker.
_context: Any = None


def make_huey(settings: Settings) -> Huey:
    """The queue named by the settings."""
    url = settings.queue_url
    if url and url.startswith(("redis://", "rediss://", "unix://")):
        if importlib.util.find_spec("redis") is None:
            raise RuntimeError(
                "DIAPO_QUEUE_URL names Redis, but the `redis` package is missing: "
                "pip install 'diapo[scale]'"
            )
        # Blocking pops: an idle worker waits on Redis instead of polling it.
        return RedisHuey("diapo", url=url, blocking=True, read_timeout=1)
    if url:
        raise ValueError(f"DIAPO_QUEUE_URL must be redis://, rediss:// or unix://, not {url!r}")
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("diapo", filename=str(settings.data_dir / "queue.db"), timeout=30)


def _render_task(render_id: str) -> None:
    from diapo.service.renderjob import run_render_job

    if _context is None:  # pragma: no cover - a consumer started without run_worker
        raise RuntimeError("render jobs run in a worker started by diapo.service.jobs.run_worker")
    run_render_job(render_id, ctx=_context)


class JobQueue:
    """Puts render jobs on the queue; the same object defines the task for the worker."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.huey = make_huey(settings)
        self._render = self.huey.task(name=RENDER_TASK)(_render_task)

    def enqueue_render(self, render_id: str) -> None:
        self._render(render_id)


def run_worker(settings: Settings, *, workers: int = 1, parent_pid: int | None = None) -> None:
    """Run a consumer with `workers` threads until SIGINT/SIGTERM; also runs the reaper."""
    global _context
    from diapo.service.renderjob import WorkerContext, reaper_loop

    ctx = WorkerContext.create(settings)
    ctx.db.migrate()
    _context = ctx
    queue = JobQueue(settings)
    ctx.queue = queue
    stop = threading.Event()
    threading.Thread(target=reaper_loop, args=(ctx, stop), name="reaper", daemon=True).start()
    if parent_pid:
        threading.Thread(
            target=_watch_parent, args=(parent_pid, stop), name="parent-watch", daemon=True
        ).start()
    consumer = queue.huey.create_consumer(
        workers=max(1, workers),
        worker_type="thread",
        periodic=False,
        initial_delay=0.1,
        backoff=1.2,
        max_delay=1.0,
    )
    log.info("worker started: %d thread(s), queue %s", workers, type(queue.huey).__name__)
    try:
        consumer.run()
    finally:
        stop.set()
        ctx.db.dispose()


def _watch_parent(parent_pid: int, stop: threading.Event) -> None:
    # A worker started by `diapo serve` must not outlive it, even if the
    # server was killed without a chance to stop it.
    while not stop.wait(1.0):
        if os.getppid() != parent_pid:
            log.warning("parent %d is gone; stopping", parent_pid)
            os.kill(os.getpid(), signal.SIGTERM)
            return
