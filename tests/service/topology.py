"""The deployment of `deploy/compose.yaml`, as processes on loopback: web, N workers, the engines.

One `diapo serve` (the web process, rendering nothing itself) and any number
of `diapo worker` processes, all on one PostgreSQL database, one Redis queue
and one bucket of an S3-compatible server. Each worker is a host of its own:
its own data directory (scratch files, read cache), sharing no directory with
the web process or the other workers, as containers on several machines would.

topology = Topology(tmp_path, database_url=..., queue_url=..., s3=s3_server)
web = topology.start_web()
a, b = topology.start_workers(2, job_lease_seconds=2)
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from tests.service.s3server import S3Server

from diapo.service.testing import LiveServer, LiveWorker

__all__ = ["TOPOLOGY_SETTINGS", "Topology"]

# What compose.yaml sets, with the test-sized limits of the engine tests.
TOPOLOGY_SETTINGS: dict[str, Any] = {
    "secret_key": "a-shared-secret-of-the-test-deployment-0123456789",
    "sse_heartbeat_seconds": 1,
    "job_lease_seconds": 2,
    "reaper_interval_seconds": 0.5,
    "rate_limit_per_minute": 10_000,
    "anonymous_tokens_per_address": 0,
    "max_upload_bytes": 1_000_000,
    "render_quality": "preview",
    "workers": 0,  # the web process only queues; the workers render
}


class Topology:
    """A web process and its workers on shared PostgreSQL, Redis and S3; `stop()` ends them."""

    def __init__(
        self,
        root: Path,
        *,
        database_url: str,
        queue_url: str,
        s3: S3Server,
        bucket: str | None = None,
        settings: dict[str, Any] | None = None,
    ) -> None:
        self.root = Path(root)
        self.s3 = s3
        self.bucket = bucket or s3.new_bucket()
        self.settings: dict[str, Any] = {
            **TOPOLOGY_SETTINGS,
            "database_url": database_url,
            "queue_url": queue_url,
            **s3.settings(self.bucket, "diapo"),
            **(settings or {}),
        }
        self.web: LiveServer | None = None
        self.workers: list[LiveWorker] = []

    def start_web(self, **settings: Any) -> LiveServer:
        """`diapo serve` with these settings (and `settings` on top)."""
        if self.web is not None:
            raise RuntimeError("the web process is already running")
        self.web = LiveServer(self.root / "web", settings={**self.settings, **settings})
        return self.web.start()

    def start_workers(self, count: int, **settings: Any) -> list[LiveWorker]:
        """`count` more `diapo worker` processes, each a host with its own data directory."""
        if self.web is None:
            raise RuntimeError("start the web process first")
        started = []
        for _ in range(count):
            name = f"w{len(self.workers) + 1}"
            worker = LiveWorker(
                self.web, name=name, data_dir=self.root / f"host-{name}", settings=settings
            )
            self.workers.append(worker)
            started.append(worker.start())
        return started

    def worker_by_pid(self, pid: str | int) -> LiveWorker:
        """The worker whose process id is `pid` (a render row names it `<host>:<pid>`)."""
        return next(w for w in self.workers if str(w.pid) == str(pid))

    def objects(self) -> list[str]:
        """The keys in the deployment's bucket."""
        listed = self.s3.client().list_objects_v2(Bucket=self.bucket)
        return sorted(o["Key"] for o in listed.get("Contents", []))

    def stop(self) -> None:
        # All at once: each may take seconds to finish its consumer's threads.
        with ThreadPoolExecutor(max_workers=len(self.workers) + 1) as pool:
            for process in [*self.workers, *([self.web] if self.web else [])]:
                pool.submit(process.stop)
