"""Real Diapo services for tests and demos: in this process, or in subprocesses.

`InProcessServer`: `create_app` served over an ASGI transport (no socket), a
temporary SQLite file, a real SqliteHuey consumer running render jobs in
threads of this process, and a `ManualClock` that tests move instead of sleeping:

with InProcessServer(tmp_path, settings={"token_ttl_seconds": 60}) as server:
    server.http.get("/healthz")      # an httpx.Client (Starlette's TestClient)
    server.clock.advance(61)         # the tokens have expired

`LiveServer`: the real `diapo serve` (web + worker) in a subprocess, for what
needs processes: restarts, kills, races between processes, other engines:

with LiveServer(tmp_path, settings={"max_upload_bytes": 1_000_000}) as server:
    httpx.get(server.base_url + "/healthz")
    server.restart()  # same port, same data directory

`LiveWorker(server)` is one more `diapo worker` process with the server's
settings, as another host would run it against the same database and queue.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from anyio.from_thread import BlockingPortal
    from fastapi import FastAPI
    from huey.consumer import Consumer

    from diapo.service.renderjob import WorkerContext
    from diapo.service.state import ServiceState

__all__ = [
    "InProcessServer",
    "InProcessWorker",
    "LiveServer",
    "LiveWorker",
    "ManualClock",
    "free_port",
]


class ManualClock:
    """A `Clock` that runs with the real one, plus whatever a test `advance`s it by."""

    def __init__(self) -> None:
        self._offset = 0.0
        self._lock = threading.Lock()

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a clock does not go back")
        with self._lock:
            self._offset += seconds

    def now(self) -> datetime:
        return datetime.now(UTC) + timedelta(seconds=self._offset)

    def monotonic(self) -> float:
        return time.monotonic() + self._offset


class _ListHandler(logging.Handler):
    """Keeps the service's log lines for `InProcessServer.log()`."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


class InProcessWorker:
    """A huey consumer on the service's SqliteHuey queue, in threads of this process.

    It is the consumer `diapo worker` runs, with its render task bound to this
    worker's own context (so two in-process services never share one), plus the
    reaper. `wait_done(render_id)` waits until the job's task has run.
    """

    def __init__(self, settings: Any, *, workers: int = 1) -> None:
        from huey.signals import (
            SIGNAL_COMPLETE,
            SIGNAL_ERROR,
            SIGNAL_EXECUTING,
            SIGNAL_INTERRUPTED,
        )

        from diapo.service import jobs
        from diapo.service.chunkjob import run_part
        from diapo.service.jobs import PART_TASK, RENDER_TASK, JobQueue, make_huey
        from diapo.service.renderjob import WorkerContext, run_render_job

        self.settings = settings
        self.workers = max(1, workers)
        self.ctx: WorkerContext = WorkerContext.create(settings)
        self.ctx.queue = JobQueue(settings)  # the reaper re-queues through it
        self.huey = make_huey(settings)
        ctx = self.ctx

        def render(render_id: str) -> None:
            run_render_job(render_id, ctx=ctx)

        # huey names a task `<module of its function>.<name>`: this is the task
        # `diapo.service.jobs` queues, so it must carry that module's name.
        render.__module__ = jobs.__name__
        self.huey.task(name=RENDER_TASK)(render)

        def render_part(render_id: str, part: int) -> None:
            run_part(render_id, part, ctx=ctx)

        render_part.__module__ = jobs.__name__
        self.huey.task(name=PART_TASK)(render_part)
        self._done: set[str] = set()
        self._running: dict[str, int] = {}
        self._cond = threading.Condition()

        def executing(signal_name: str, task: Any, *args: Any) -> None:
            with self._cond:
                key = str(task.args[0])
                self._running[key] = self._running.get(key, 0) + 1

        def finished(signal_name: str, task: Any, *args: Any) -> None:
            with self._cond:
                key = str(task.args[0])
                self._running[key] = self._running.get(key, 1) - 1
                self._done.add(key)
                self._cond.notify_all()

        self.huey.signal(SIGNAL_EXECUTING)(executing)
        self.huey.signal(SIGNAL_COMPLETE, SIGNAL_ERROR, SIGNAL_INTERRUPTED)(finished)

        self._stop = threading.Event()
        self._consumer: Consumer | None = None

    def start(self) -> InProcessWorker:
        from diapo.service.renderjob import reaper_loop

        consumer = self.huey.create_consumer(
            workers=self.workers,
            worker_type="thread",
            periodic=False,
            initial_delay=0.05,
            backoff=1.2,
            max_delay=0.2,
            shutdown_timeout=30,
        )
        # Consumer.start() installs SIGINT/SIGTERM/SIGHUP handlers for a worker
        # process; here they would take Ctrl-C away from pytest, so they are put back.
        saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
        try:
            consumer.start()
        finally:
            for signum, handler in saved.items():
                signal.signal(signum, handler)
        self._consumer = consumer
        threading.Thread(
            target=reaper_loop, args=(self.ctx, self._stop), name="reaper", daemon=True
        ).start()
        return self

    def wait_done(self, render_id: str, *, timeout: float = 90.0) -> None:
        """Wait until the task of `render_id` has run (completed, failed or stopped).

        A chunked render runs as several tasks: it is done once it left
        `rendering` and none of its tasks is still running.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            while not (
                render_id in self._done
                and self._running.get(render_id, 0) == 0
                and self._settled(render_id)
            ):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"the worker did not run render {render_id} in {timeout} s"
                    )
                self._cond.wait(min(left, 0.1))

    def _settled(self, render_id: str) -> bool:
        from diapo.service.db.tables import Render

        with self.ctx.db.transaction() as db:
            job = db.get(Render, render_id)
            return job is None or job.status != "rendering" or job.chunks is None

    def stop(self) -> None:
        self._stop.set()
        consumer, self._consumer = self._consumer, None
        if consumer is not None:
            consumer.stop(graceful=True)
        self.huey.storage.close()
        self.ctx.db.dispose()


class _PortalTransport(httpx.BaseTransport):
    """A synchronous httpx transport onto `httpx.ASGITransport`, on one event loop thread.

    Tests stay plain functions; every request runs on the portal's loop, where
    the app's lifespan runs too. Calls from several threads run concurrently.
    """

    def __init__(self, app: FastAPI, portal: BlockingPortal) -> None:
        # raise_app_exceptions=False: a crash is answered as a real server would, a 500.
        self._asgi = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        self._portal = portal

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()

        async def send() -> tuple[int, list[tuple[bytes, bytes]], bytes]:
            forwarded = httpx.Request(
                request.method, request.url, headers=request.headers, content=body
            )
            response = await self._asgi.handle_async_request(forwarded)
            # The bytes as sent (gzip included): the client below decodes them once.
            raw = b"".join([chunk async for chunk in response.aiter_raw()])
            return response.status_code, response.headers.raw, raw

        status, headers, content = self._portal.call(send)
        return httpx.Response(status, headers=headers, content=content, request=request)


class InProcessServer:
    """`create_app` in this process: an ASGI client, a real queue consumer, a manual clock.

    `settings` are `Settings` fields (as for `LiveServer`); `workers: 0` starts
    no consumer, so exports stay queued. `http` is an `httpx.Client` on the app
    through `httpx.ASGITransport`; the app's lifespan runs from start to stop.
    """

    base_url = "http://testserver"

    def __init__(self, data_dir: Path, *, settings: dict[str, Any] | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.settings = dict(settings or {})
        self.clock = ManualClock()
        self.worker: InProcessWorker | None = None
        self._app: FastAPI | None = None
        self._client: httpx.Client | None = None
        self._portal: BlockingPortal | None = None
        self._stack = contextlib.ExitStack()
        self._log = _ListHandler()

    @property
    def app(self) -> FastAPI:
        if self._app is None:
            raise RuntimeError("the server is not started")
        return self._app

    @property
    def http(self) -> httpx.Client:
        if self._client is None:
            raise RuntimeError("the server is not started")
        return self._client

    @property
    def state(self) -> ServiceState:
        state: ServiceState = self.app.state.diapo
        return state

    def log(self) -> str:
        return "\n".join(self._log.lines)

    def start(self) -> InProcessServer:
        from anyio.from_thread import start_blocking_portal

        from diapo.service.app import create_app
        from diapo.service.settings import load_settings

        settings = load_settings(**{**self.settings, "data_dir": self.data_dir})
        logger = logging.getLogger("diapo")
        logger.addHandler(self._log)
        if logger.level == logging.NOTSET or logger.level > logging.INFO:
            logger.setLevel(logging.INFO)
        try:
            app = create_app(settings, clock=self.clock)
            portal = self._stack.enter_context(start_blocking_portal())
            self._stack.enter_context(
                portal.wrap_async_context_manager(app.router.lifespan_context(app))
            )
            self._app, self._portal = app, portal
            self._client = self._stack.enter_context(
                httpx.Client(
                    transport=_PortalTransport(app, portal), base_url=self.base_url, timeout=60
                )
            )
            if settings.workers > 0:
                self.worker = InProcessWorker(settings, workers=settings.workers).start()
        except BaseException:
            self.stop()
            raise
        return self

    def call(self, func: Callable[[], Awaitable[Any]]) -> Any:
        """Run `func()` on the app's event loop (e.g. to drive the ASGI app by hand)."""
        if self._portal is None:
            raise RuntimeError("the server is not started")
        return self._portal.call(func)

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()
            self.worker = None
        self._client = self._portal = None
        try:
            self._stack.close()  # the client, then the lifespan's end, then the loop
        finally:
            self._app = None
            logging.getLogger("diapo").removeHandler(self._log)

    def __enter__(self) -> InProcessServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


class _ChildProcess:
    """What a server and a worker process share: the process, its log, stopping and killing."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def log_path(self) -> Path:
        raise NotImplementedError

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self, *, timeout: float = 20.0) -> None:
        """Stop the process as Ctrl-C would; kill it if it hangs."""
        proc, self._proc = self._proc, None
        if proc is not None:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
            else:
                proc.wait()
        self._close_log()

    def kill(self) -> None:
        """Kill the process group at once, as a crash or a lost host would."""
        proc, self._proc = self._proc, None
        if proc is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        self._close_log()

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


class LiveServer(_ChildProcess):
    """A `diapo serve` process on a free port, with its own data directory.

    `settings` become `DIAPO_*` variables (e.g. `{"token_ttl_seconds": 2}`).
    The server's output goes to `<data_dir>/server.log` (see `log()`).
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        settings: dict[str, Any] | None = None,
        host: str = "127.0.0.1",
        port: int | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.host = host
        self.port = port or free_port(host)
        super().__init__()
        self.settings = dict(settings or {})

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.data_dir / "server.log"

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("DIAPO_")}
        for name, value in self.settings.items():
            text = str(value).lower() if isinstance(value, bool) else str(value)
            env[f"DIAPO_{name.upper()}"] = text
        env["PYTHONUNBUFFERED"] = "1"
        return env

    def start(self, *, timeout: float = 60.0) -> LiveServer:
        """Start the server and wait until `/healthz` answers."""
        if self.running:
            return self
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self._proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "diapo.service",
                "serve",
                "--host",
                self.host,
                "--port",
                str(self.port),
                "--data-dir",
                str(self.data_dir),
            ],
            env=self._env(),
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        with httpx.Client(timeout=2.0) as client:
            while time.monotonic() < deadline:
                if self._proc.poll() is not None:
                    self._close_log()
                    raise RuntimeError(f"diapo serve exited early:\n{self.log()[-4000:]}")
                try:
                    if client.get(self.base_url + "/healthz").status_code == 200:
                        return self
                except httpx.TransportError:
                    pass
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"diapo serve did not start in {timeout} s:\n{self.log()[-4000:]}")

    def restart(self, **kwargs: Any) -> LiveServer:
        self.stop()
        return self.start(**kwargs)

    def __enter__(self) -> LiveServer:
        return self.start()


class LiveWorker(_ChildProcess):
    """A `diapo worker` process with the settings of `server` (same database, queue and files).

    Its output goes to `<data_dir>/worker-<name>.log`; `name` tells the log apart.
    The job rows it renders record it as `<hostname>:<pid>`. A `data_dir` of its
    own and `settings` on top of the server's make it a worker on another host
    (with object storage, it shares no directory with the server).
    """

    def __init__(
        self,
        server: LiveServer,
        *,
        name: str = "1",
        workers: int = 1,
        data_dir: Path | None = None,
        settings: dict[str, Any] | None = None,
    ) -> None:
        self.server = server
        self.name = name
        self.workers = workers
        self.data_dir = Path(data_dir) if data_dir is not None else server.data_dir
        self.settings = dict(settings or {})
        super().__init__()

    @property
    def log_path(self) -> Path:
        return self.data_dir / f"worker-{self.name}.log"

    def start(self, *, timeout: float = 60.0) -> LiveWorker:
        """Start the worker and wait until its consumer runs."""
        if self.running:
            return self
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        start_at = self._log.tell()
        env = {**self.server._env(), "DIAPO_DATA_DIR": str(self.data_dir)}
        for name, value in self.settings.items():
            env[f"DIAPO_{name.upper()}"] = (
                str(value).lower() if isinstance(value, bool) else str(value)
            )
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "diapo.service", "worker", "--workers", str(self.workers)],
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                self._close_log()
                raise RuntimeError(f"diapo worker exited early:\n{self.log()[-4000:]}")
            with open(self.log_path, "rb") as f:
                f.seek(start_at)
                if b"worker started" in f.read():
                    return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"diapo worker did not start in {timeout} s:\n{self.log()[-4000:]}")

    def __enter__(self) -> LiveWorker:
        return self.start()
