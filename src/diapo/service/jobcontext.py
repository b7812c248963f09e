"""What a worker's jobs share (`WorkerContext`) and the fenced end of a render attempt.

Both the whole-render job (`renderjob`) and the parts of a chunked one
(`chunkjob`) use them; they live here so that neither imports the other.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Update, update

from diapo.service.db.engine import Database
from diapo.service.db.tables import Render, utcnow
from diapo.service.jobs import JobQueue
from diapo.service.ledger import settle
from diapo.service.settings import Settings
from diapo.service.storage import Storage
from diapo.service.storages import open_storage

__all__ = ["Heartbeat", "WorkerContext", "fenced", "finish_attempt"]

log = logging.getLogger("diapo.worker")


@dataclass
class WorkerContext:
    """What a worker's jobs share: settings, database, files and the queue to re-queue on."""

    settings: Settings
    db: Database
    storage: Storage
    queue: JobQueue | None = None
    name: str = field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}")

    @classmethod
    def create(cls, settings: Settings) -> WorkerContext:
        return cls(
            settings=settings,
            db=Database(settings.sqlalchemy_url),
            storage=open_storage(settings),
        )


class Heartbeat(threading.Thread):
    """A render's (or a part's) lease, renewed by `beat` a few times a lease while it runs.

    `progress` is what the worker has done; `lost` is set by `beat` once the job was
    cancelled or taken away, and the worker stops at its next frame.
    """

    def __init__(self, ctx: WorkerContext, name: str) -> None:
        super().__init__(name=name, daemon=True)
        self.ctx = ctx
        self.progress = 0.0
        self.stopped = threading.Event()
        self.lost = threading.Event()
        self.period = max(0.2, min(1.0, ctx.settings.job_lease_seconds / 4))

    def run(self) -> None:
        while not self.stopped.wait(self.period):
            self.beat()

    def beat(self) -> None:
        raise NotImplementedError


def fenced(render_id: str, attempt: int) -> Update:
    """An UPDATE of the render that changes nothing once this attempt lost the job."""
    return update(Render).where(
        Render.id == render_id, Render.status == "rendering", Render.attempts == attempt
    )


def finish_attempt(
    ctx: WorkerContext, render_id: str, attempt: int, *, status: str, **values: Any
) -> bool:
    """Record the end of this attempt and settle the credits; False if the job was taken away."""
    with ctx.db.transaction() as db:
        if status == "completed":
            values["progress"] = 1.0
        # The fenced UPDATE locks the row until the credits are settled below; a
        # cancel (which locks the row before reading it) commits either before
        # it, and this attempt is fenced out, or after it, and finds it finished.
        result = db.execute(
            fenced(render_id, attempt).values(status=status, finished_at=utcnow(), **values)
        )
        if getattr(result, "rowcount", 1) == 0:
            return False
        settle(db=db, render_id=render_id, outcome="charge" if status == "completed" else "release")
    log.info("render %s: %s", render_id, status)
    return True
