"""The persistent job queue (huey): render ids in, handed to whatever handler the worker gives.

SqliteHuey under the data directory by default; PriorityRedisHuey (a sorted
set) when `DIAPO_QUEUE_URL=redis://...`. The queue only carries render ids:
the job's whole state lives in the database, so a lost message or a dead worker is
recovered by the reaper (see `renderjob.reap_stale`). The queue knows
nothing of rendering: the worker (`worker.run_worker`) passes the function
that runs a job, and the web process, which only enqueues, passes none.

Paid exports go on the queue with a higher priority than free previews, so a
queue full of previews never delays an export (SqliteHuey and PriorityRedisHuey honour it).
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Callable

from huey import Huey, PriorityRedisHuey, SqliteHuey

from diapo.service.settings import Settings

__all__ = [
    "EXPORT_PRIORITY",
    "PREVIEW_PRIORITY",
    "JobQueue",
    "PartHandler",
    "RenderHandler",
    "make_huey",
]

log = logging.getLogger("diapo.worker")

RENDER_TASK = "diapo.render"
PART_TASK = "diapo.render_part"

# huey runs the highest priority first.
EXPORT_PRIORITY = 10
PREVIEW_PRIORITY = 0

RenderHandler = Callable[[str], None]
"""Runs the render job with this id to its end (see `renderjob.run_render_job`)."""

PartHandler = Callable[[str, int], None]
"""Runs one part (a chunk, the soundtrack or the join) of a chunked render (`chunkjob.run_part`)."""


def make_huey(settings: Settings) -> Huey:
    """The queue named by the settings."""
    url = settings.queue_url
    if url and url.startswith(("redis://", "rediss://", "unix://")):
        if importlib.util.find_spec("redis") is None:
            raise RuntimeError(
                "DIAPO_QUEUE_URL names Redis, but the `redis` package is missing: "
                "pip install 'diapo[scale]'"
            )
        # Blocking pops: an idle worker waits on Redis instead of polling it. The
        # priority storage keeps the queue in a sorted set (plain RedisHuey's
        # list has no priorities).
        return PriorityRedisHuey("diapo", url=url, blocking=True, read_timeout=1)
    if url:
        raise ValueError(f"DIAPO_QUEUE_URL must be redis://, rediss:// or unix://, not {url!r}")
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("diapo", filename=str(settings.data_dir / "queue.db"), timeout=30)


def _no_handler(render_id: str, part: int | None = None) -> None:
    raise RuntimeError(
        f"render {render_id} reached a queue without a handler: run jobs in `diapo worker`"
    )


class JobQueue:
    """Puts render jobs on the queue; a worker's queue also runs them with `handler`."""

    def __init__(
        self,
        settings: Settings,
        handler: RenderHandler | None = None,
        part_handler: PartHandler | None = None,
    ) -> None:
        self.settings = settings
        self.huey = make_huey(settings)
        run = handler or _no_handler
        run_part = part_handler or _no_handler

        def render(render_id: str) -> None:
            run(render_id)

        def render_part(render_id: str, part: int) -> None:
            run_part(render_id, part)

        # huey names a task after its function's module: this one is always
        # jobs', whichever module the handler comes from, so the web process
        # that enqueues and the worker that runs agree on the name.
        self._render = self.huey.task(name=RENDER_TASK)(render)
        self._part = self.huey.task(name=PART_TASK)(render_part)

    def enqueue_render(self, render_id: str, *, preview: bool = False) -> None:
        """Queue a render; a preview waits behind every queued export."""
        self._render(render_id, priority=PREVIEW_PRIORITY if preview else EXPORT_PRIORITY)

    def enqueue_part(self, render_id: str, part: int, *, preview: bool = False) -> None:
        """Queue one part of a chunked render, at its render's priority."""
        self._part(render_id, part, priority=PREVIEW_PRIORITY if preview else EXPORT_PRIORITY)
