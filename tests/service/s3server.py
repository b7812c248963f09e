"""A real S3-compatible server for the object storage tests: moto's standalone server.

It runs as a child process on a free loopback port, as the PostgreSQL and
Redis servers of `engines.py` do, and is stopped at the end. It speaks the S3
HTTP API (multipart uploads, ranges, presigned URLs), so `S3Storage` talks to
it through boto3 exactly as to MinIO or AWS. `DIAPO_TEST_S3_ENDPOINT` points
the tests at a store that is already running instead (its keys in
`DIAPO_TEST_S3_ACCESS_KEY` / `DIAPO_TEST_S3_SECRET_KEY`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
from tests.service.engines import stop_process

from diapo.service.testing import free_port

__all__ = ["S3Server"]


class S3Server:
    """moto_server on 127.0.0.1; `new_bucket()` makes an empty bucket and returns its name."""

    def __init__(self, *, endpoint: str | None = None) -> None:
        self.endpoint = endpoint
        self.access_key = os.environ.get("DIAPO_TEST_S3_ACCESS_KEY", "testing")
        self.secret_key = os.environ.get("DIAPO_TEST_S3_SECRET_KEY", "testing")
        self.region = "us-east-1"
        self._proc: subprocess.Popen[bytes] | None = None
        self._log_path: Path | None = None

    def start(self) -> S3Server:
        if self.endpoint is not None:
            return self
        port = free_port()
        fd, log_name = tempfile.mkstemp(prefix="diapo-moto-", suffix=".log")
        self._log_path = Path(log_name)
        with os.fdopen(fd, "wb") as log:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.endpoint = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"moto_server exited early:\n{self.log()}")
            try:
                if httpx.get(self.endpoint + "/moto-api/", timeout=2).status_code < 500:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("moto_server did not start in 60 s")

    def client(self) -> Any:
        import boto3

        return boto3.session.Session().client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=self.region,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
        )

    def new_bucket(self) -> str:
        name = f"diapo-test-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name)
        return name

    def settings(self, bucket: str, prefix: str = "files") -> dict[str, Any]:
        """The `Settings` fields that put a service's files in `bucket` on this server."""
        return {
            "storage_url": f"s3://{bucket}/{prefix}",
            "s3_endpoint_url": self.endpoint,
            "s3_region": self.region,
            "s3_access_key_id": self.access_key,
            "s3_secret_access_key": self.secret_key,
            "s3_addressing_style": "path",
        }

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        """The server stopped (SIGSTOP) inside the block: every request hangs, unanswered."""
        if self._proc is None:
            raise RuntimeError("only a server this process started can be paused")
        os.kill(self._proc.pid, signal.SIGSTOP)
        try:
            yield
        finally:
            os.kill(self._proc.pid, signal.SIGCONT)

    def log(self) -> str:
        path = self._log_path
        return path.read_text(errors="replace")[-4000:] if path and path.exists() else ""

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            stop_process(proc)
        if self._log_path is not None:
            self._log_path.unlink(missing_ok=True)
            self._log_path = None
