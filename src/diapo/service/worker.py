"""The render worker process: its queue consumer, the reaper, and keeping one beside the server.

`run_worker` owns the loop: it builds the worker's context, gives the queue
the function that runs a job, and consumes until SIGINT/SIGTERM while the
reaper re-queues jobs of dead workers and sweeps what crashes left behind.
`WorkerSupervisor` keeps one local worker process running next to `diapo serve`.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading

from sqlalchemy import text

from diapo.service.chunkjob import run_part
from diapo.service.jobs import JobQueue
from diapo.service.renderjob import WorkerContext, reaper_loop, run_render_job, sweep_leftovers
from diapo.service.settings import Settings

__all__ = ["ALIVE_FILE", "STUCK_EXIT_CODE", "WorkerSupervisor", "run_worker"]

log = logging.getLogger("diapo.worker")


def run_worker(settings: Settings, *, workers: int = 1, parent_pid: int | None = None) -> None:
    """Run a consumer with `workers` threads until SIGINT/SIGTERM; also runs the reaper."""
    ctx = WorkerContext.create(settings)
    ctx.db.migrate()
    ctx.threads = max(1, workers)
    ctx.on_every_thread_stalled = _restart_stuck_worker
    ctx.queue = JobQueue(
        settings,
        handler=lambda render_id: run_render_job(render_id, ctx=ctx),
        part_handler=lambda render_id, part: run_part(render_id, part, ctx=ctx),
    )
    try:
        sweep_leftovers(ctx)  # what a kill -9 of the last run left
    except Exception:
        log.exception("sweeping leftovers failed")
    stop = threading.Event()
    threading.Thread(target=reaper_loop, args=(ctx, stop), name="reaper", daemon=True).start()
    threading.Thread(target=_alive_loop, args=(ctx, stop), name="alive", daemon=True).start()
    if parent_pid:
        threading.Thread(
            target=_watch_parent, args=(parent_pid, stop), name="parent-watch", daemon=True
        ).start()
    consumer = ctx.queue.huey.create_consumer(
        workers=max(1, workers),
        worker_type="thread",
        periodic=False,
        initial_delay=0.1,
        backoff=1.2,
        # An idle thread polls SQLite 4 times a second at most: a chunked
        # preview's parts are picked up at once (Redis pops block instead).
        max_delay=0.25,
    )
    log.info("worker started: %d thread(s), queue %s", workers, type(ctx.queue.huey).__name__)
    try:
        consumer.run()
    finally:
        stop.set()
        ctx.db.dispose()


ALIVE_FILE = "worker.alive"
_ALIVE_PERIOD = 10.0
#: The exit status of a worker whose every job thread was stuck in a stalled render.
STUCK_EXIT_CODE = 3


def _alive_loop(ctx: WorkerContext, stop: threading.Event) -> None:
    # A worker serves no HTTP, so its health check (deploy/compose.yaml) reads
    # the age of this file: touched only while the database and the queue answer.
    alive = ctx.settings.data_dir / ALIVE_FILE
    while True:
        try:
            with ctx.db.transaction() as db:
                db.execute(text("SELECT 1"))
            if ctx.queue is not None:
                ctx.queue.huey.pending_count()
            alive.parent.mkdir(parents=True, exist_ok=True)
            alive.touch()
        except Exception:
            log.exception("the database or the queue does not answer")
        if stop.wait(_ALIVE_PERIOD):
            return


def _restart_stuck_worker() -> None:
    # Every job thread is stuck in a call that cannot be interrupted (a hung file
    # system, a decoder that never returns): this worker can do nothing more, and
    # a clean stop would wait on those threads forever (a decoder's pool is joined
    # at exit). Their leases lapse and the reaper hands their jobs on; the process
    # ends now, and its supervisor (`diapo serve`'s, or the container's restart
    # policy) starts a fresh one.
    log.error("every job thread of this worker is stuck in a stalled render; exiting to restart")
    for handler in logging.getLogger().handlers:
        handler.flush()
    os._exit(STUCK_EXIT_CODE)


def _watch_parent(parent_pid: int, stop: threading.Event) -> None:
    # A worker started by `diapo serve` must not outlive it, even if the
    # server was killed without a chance to stop it.
    while not stop.wait(1.0):
        if os.getppid() != parent_pid:
            log.warning("parent %d is gone; stopping", parent_pid)
            os.kill(os.getpid(), signal.SIGTERM)
            return


class WorkerSupervisor(threading.Thread):
    """Keeps one local worker process running beside the web server, restarting it if it dies."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(name="worker-supervisor", daemon=True)
        self.settings = settings
        self.proc: subprocess.Popen[bytes] | None = None
        self.stopping = threading.Event()
        self.lock = threading.Lock()

    def _spawn(self) -> None:
        env = {**os.environ, **self.settings.as_env()}
        command = [sys.executable, "-m", "diapo.service", "worker"]
        command += ["--workers", str(self.settings.workers), "--parent-pid", str(os.getpid())]
        self.proc = subprocess.Popen(command, env=env)

    def start(self) -> None:
        with self.lock:
            self._spawn()
        super().start()

    def run(self) -> None:
        while not self.stopping.wait(2.0):
            with self.lock:
                if self.stopping.is_set() or self.proc is None or self.proc.poll() is None:
                    continue
                code = self.proc.returncode
                log.warning("the render worker exited (%s); starting it again", code)
                self._spawn()

    def stop(self) -> None:
        self.stopping.set()
        with self.lock:
            if self.proc is not None:
                _stop(self.proc)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)  # huey: stop now; a running job is re-queued by the reaper
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
