"""Real PostgreSQL and Redis servers for the engine tests, started from the Debian binaries.

Each server runs as a child process in its own temporary directory on a free
loopback port and is stopped (and its directory removed) at the end.
`DIAPO_TEST_POSTGRES_URL` / `DIAPO_TEST_REDIS_URL` point the tests at servers
that are already running instead (the PostgreSQL user needs CREATEDB).
`scripts/install-engines.sh` installs the binaries.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

from diapo.service.testing import free_port

__all__ = [
    "PostgresServer",
    "RedisServer",
    "find_postgres_bindir",
    "find_redis_server",
    "stop_process",
]

INSTALL_HINT = (
    "run `bash scripts/install-engines.sh` (Debian: apt-get install postgresql redis-server)"
)


def find_postgres_bindir() -> Path | None:
    """The newest `/usr/lib/postgresql/<version>/bin` holding initdb, pg_ctl and postgres."""
    found = []
    for initdb in glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        bindir = Path(initdb).parent
        if (bindir / "pg_ctl").exists() and (bindir / "postgres").exists():
            with contextlib.suppress(ValueError):
                found.append((float(bindir.parent.name), bindir))
    return max(found)[1] if found else None


def find_redis_server() -> Path | None:
    path = shutil.which("redis-server") or "/usr/bin/redis-server"
    return Path(path) if Path(path).exists() else None


def _wait_for(check: Callable[[], object], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception as exc:
            last = exc
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not come up in {timeout} s: {last}")


def stop_process(proc: subprocess.Popen[bytes]) -> None:
    """End a server this process started: politely, then, after 10 s, by force."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class PostgresServer:
    """A throwaway PostgreSQL cluster (initdb + pg_ctl), trust auth on 127.0.0.1 only.

    As root the server runs as the `postgres` user (PostgreSQL refuses root).
    `new_database()` creates an empty database and returns its SQLAlchemy URL.
    """

    def __init__(self, *, bindir: Path | None = None, admin_url: str | None = None) -> None:
        self.bindir = bindir
        self.admin_url = admin_url  # an already running server: nothing to start
        self.root: Path | None = None
        self.port = 0

    @property
    def datadir(self) -> Path:
        assert self.root is not None
        return self.root / "data"

    def _as_owner(self, args: Sequence[str]) -> list[str]:
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *args]
        return list(args)

    def _run(self, args: Sequence[str]) -> None:
        done = subprocess.run(
            self._as_owner(args), capture_output=True, text=True, check=False, timeout=120
        )
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")

    def start(self) -> PostgresServer:
        if self.admin_url is not None:
            return self
        assert self.bindir is not None
        # Not under pytest's tmp dir: that one is private to root, and the server runs as postgres.
        self.root = Path(tempfile.mkdtemp(prefix="diapo-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self.port = free_port()
        self._run(
            [
                str(self.bindir / "initdb"),
                "-D",
                str(self.datadir),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ]
        )
        # Durability off: a test database is thrown away, and fsyncs are slow on CI disks.
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=300"
        )
        self._run(
            [
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.datadir),
                "-o",
                options,
                "-l",
                str(self.root / "server.log"),
                "-w",
                "-t",
                "60",
                "start",
            ]
        )
        self.admin_url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
        return self

    def new_database(self) -> str:
        """An empty database of its own: the SQLAlchemy URL to reach it."""
        import psycopg
        from sqlalchemy.engine import make_url

        assert self.admin_url is not None
        url = make_url(self.admin_url)
        name = f"diapo_test_{uuid.uuid4().hex[:12]}"
        dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return url.set(database=name).render_as_string(hide_password=False)

    def log(self) -> str:
        path = self.root / "server.log" if self.root else None
        return path.read_text(errors="replace") if path and path.exists() else ""

    def stop(self) -> None:
        if self.root is None:
            return
        assert self.bindir is not None
        with contextlib.suppress(Exception):
            self._run(
                [str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", "immediate", "stop"]
            )
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None


class RedisServer:
    """A throwaway redis-server on 127.0.0.1, no persistence.

    `new_url()` hands out a database number of its own (flushed), so the
    queues of two tests never meet.
    """

    def __init__(self, *, binary: Path | None = None, url: str | None = None) -> None:
        self.binary = binary
        self.url = url  # an already running server: nothing to start
        self.root: Path | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._next_db = 0

    def start(self) -> RedisServer:
        if self.url is not None:
            return self
        assert self.binary is not None
        import redis

        self.root = Path(tempfile.mkdtemp(prefix="diapo-redis-"))
        port = free_port()
        with open(self.root / "server.log", "wb") as log:
            self._proc = subprocess.Popen(
                [
                    str(self.binary),
                    "--port",
                    str(port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--daemonize",
                    "no",
                    "--dir",
                    str(self.root),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.url = f"redis://127.0.0.1:{port}"
        client = redis.Redis.from_url(self.url)
        try:
            _wait_for(client.ping, timeout=20, what="redis-server")
        finally:
            client.close()
        return self

    def new_url(self) -> str:
        """A redis:// URL of an empty database (0-15, reused round robin)."""
        import redis

        assert self.url is not None
        base = self.url.rstrip("/")
        if base.count("/") > 2:  # an explicit database in the given URL: keep it
            base = base.rsplit("/", 1)[0]
        url = f"{base}/{self._next_db % 16}"
        self._next_db += 1
        client = redis.Redis.from_url(url)
        try:
            client.flushdb()
        finally:
            client.close()
        return url

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            stop_process(proc)
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None
