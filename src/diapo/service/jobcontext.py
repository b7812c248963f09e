"""What a worker's jobs share (`WorkerContext`) and the fenced end of a render attempt.

Both the whole-render job (`renderjob`) and the parts of a chunked one
(`chunkjob`) use them; they live here so that neither imports the other.

The heartbeat renews a lease only while its job shows signs of life (its
progress moves, or it opens a media file): a job silent for
`render_stall_seconds` is hung (a stalled network file system, a decoder
that never returns), and its lease is left to lapse so that the reaper hands
it to another worker under the usual attempt and fence rules. A thread
cannot be interrupted in a blocking call: it is abandoned (it stops at its
next frame if it ever comes back, and whatever it writes then is fenced out),
and a worker whose every thread is abandoned so asks to be restarted
(`WorkerContext.on_every_thread_stalled`, set by `diapo worker`).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Update, update

from diapo.render.silence import SilenceClock
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
    #: How many job threads this worker runs, and what to do once all of them are
    #: stuck in stalled jobs (`diapo worker`: exit, so that its supervisor starts a
    #: fresh one). None: nothing, the stuck threads are only abandoned.
    threads: int = 1
    on_every_thread_stalled: Callable[[], None] | None = None
    stalled_threads: int = 0
    _stall_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def stall_began(self) -> None:
        """A job thread of this worker is stuck in a stalled job."""
        with self._stall_lock:
            self.stalled_threads += 1
            every = self.stalled_threads >= self.threads
        if every and self.on_every_thread_stalled is not None:
            self.on_every_thread_stalled()

    def stall_ended(self) -> None:
        """A thread stuck in a stalled job came back (and stopped)."""
        with self._stall_lock:
            self.stalled_threads -= 1

    @classmethod
    def create(cls, settings: Settings) -> WorkerContext:
        return cls(
            settings=settings,
            db=Database(settings.sqlalchemy_url),
            storage=open_storage(settings),
        )


class Heartbeat(threading.Thread):
    """A render's (or a part's) lease, renewed by `beat` a few times a lease while it runs.

    `progress` is what the worker has done, `touch()` a sign of life without
    progress (a media file opened); `lost` is set by `beat` once the job was
    cancelled or taken away, and the worker stops at its next frame. Once
    neither moved for `render_stall_seconds` (less the time the job's thread waited
    for a CPU; or for ten times that by the wall clock), `stalled` and `lost` are set and
    the lease is no longer renewed: the reaper gives the job to another worker.
    """

    def __init__(self, ctx: WorkerContext, name: str, what: str = "") -> None:
        super().__init__(name=name, daemon=True)
        self.ctx = ctx
        self.what = what or name  # for the log: "render <id> part 2"
        self.progress = 0.0
        self.stopped = threading.Event()
        self.lost = threading.Event()
        self.stalled = threading.Event()
        self.period = max(0.2, min(1.0, ctx.settings.job_lease_seconds / 4))
        self._touches = 0
        # Made by the job's thread, which renders and reports: its silence is the job's.
        self._job_thread = threading.get_native_id()

    def touch(self) -> None:
        """Say the job is alive though its progress did not move (a file is being opened)."""
        self._touches += 1

    def run(self) -> None:
        # Silence is counted less the time the job's thread waited for a CPU: on a busy
        # machine a job is slow, not hung (issue 26).
        seen, silence = (self.progress, self._touches), SilenceClock(thread=self._job_thread)
        while not self.stopped.wait(self.period):
            sign = (self.progress, self._touches)
            if sign != seen:
                seen = sign
                silence.heard_now()
            elif silence.stalled(self.ctx.settings.render_stall_seconds):
                self._give_up(silence.wall())
                return
            self.beat()

    def _give_up(self, silent: float) -> None:
        log.warning(
            "%s: no progress for %.0f s (stalled); its lease is left to lapse "
            "and another attempt takes it over",
            self.what,
            silent,
        )
        self.stalled.set()
        self.lost.set()  # if the thread ever comes back, it stops at its next frame
        self.ctx.stall_began()

    def finished(self) -> None:
        """Stop beating; the job's thread is back (and no longer counts as stuck)."""
        self.stopped.set()
        self.join(timeout=5)
        if self.stalled.is_set():
            self.ctx.stall_ended()

    def beat(self) -> None:
        raise NotImplementedError


def fenced(render_id: str, attempt: int) -> Update:
    """An UPDATE of the render that changes nothing once this attempt lost the job."""
    return update(Render).where(
        Render.id == render_id, Render.status == "rendering", Render.attempts == attempt
    )


def finish_attempt(
    ctx: WorkerContext,
    render_id: str,
    attempt: int,
    *,
    status: str,
    also: Update | None = None,
    **values: Any,
) -> bool:
    """Record the end of this attempt and settle the credits; False if the job was taken away.

    `also` is a fenced UPDATE run first in the same transaction (a part's own
    fence): when it matches no row, nothing is written.
    """
    with ctx.db.transaction() as db:
        if also is not None and getattr(db.execute(also), "rowcount", 1) == 0:
            return False
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
