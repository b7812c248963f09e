"""`LiveServer`: the real `diapo serve` (web + worker) in a subprocess, for tests and demos.

with LiveServer(tmp_path, settings={"max_upload_bytes": 1_000_000}) as server:
    httpx.get(server.base_url + "/healthz")
    server.restart()  # same port, same data directory

`LiveWorker(server)` is one more `diapo worker` process with the server's
settings, as another host would run it against the same database and queue.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import httpx

__all__ = ["LiveServer", "LiveWorker", "free_port"]


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
    The job rows it renders record it as `<hostname>:<pid>`.
    """

    def __init__(self, server: LiveServer, *, name: str = "1", workers: int = 1) -> None:
        self.server = server
        self.name = name
        self.workers = workers
        super().__init__()

    @property
    def log_path(self) -> Path:
        return self.server.data_dir / f"worker-{self.name}.log"

    def start(self, *, timeout: float = 60.0) -> LiveWorker:
        """Start the worker and wait until its consumer runs."""
        if self.running:
            return self
        self.server.data_dir.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        start_at = self._log.tell()
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "diapo.service", "worker", "--workers", str(self.workers)],
            env={**self.server._env(), "DIAPO_DATA_DIR": str(self.server.data_dir)},
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
