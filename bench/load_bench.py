"""Load benchmark (issue 24): many users at once on one `diapo serve`, over loopback.

Two workloads, each on a fresh server:

- `users`: N users (50) start together; each takes an anonymous token, opens a
  session, uploads three ~300 KB phone JPEGs (one request each), sends three
  chat turns and reads the state. Prints p50/p99 per call kind.
- `fairness`: three accounts upload 50 MP PNGs (two each, one after the other)
  while a fourth uploads one small JPEG a second into them; prints how long the
  small uploads took and how many big ones finished meanwhile.

Both print the server process's peak RSS, sampled every 50 ms from /proc.

    python bench/load_bench.py [--users 50] [--skip-fairness]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import threading
import time
import uuid
from pathlib import Path
from statistics import quantiles
from typing import Any

import httpx

OUT = Path(__file__).resolve().parent / "out"
SETTINGS: dict[str, Any] = {
    "anonymous_tokens_per_address": 0,
    "rate_limit_per_minute": 1_000_000,
    "workers": 1,
}
TURNS = ("make a slideshow", "make it slower", "add the title Summer")


class RssWatch:
    """The peak RSS of one process, read from /proc every 50 ms in a thread."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                text = Path(f"/proc/{self.pid}/status").read_text()
            except OSError:
                return
            for line in text.splitlines():
                if line.startswith("VmRSS:"):
                    self.peak_kb = max(self.peak_kb, int(line.split()[1]))
            self._stop.wait(0.05)

    def __enter__(self) -> RssWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_mb(self) -> float:
        return self.peak_kb / 1024


def small_photos() -> list[Path]:
    """Three phone JPEGs of about 300 KB (1400x1050, distinct scenes)."""
    from diapo.samples import write_holiday_set

    folder = OUT / "load-photos"
    existing = sorted(folder.glob("*.jpg"))
    if len(existing) == 3:
        return existing
    return sorted(write_holiday_set(folder, 3, size=(1400, 1050)))


def big_png() -> Path:
    """A 48 MP PNG (8000x6000) of noisy blocks: about a second to decode."""
    import numpy as np
    from PIL import Image

    path = OUT / "load-50mp.png"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        rng = np.random.default_rng(0)
        pixels = (rng.integers(0, 4, (6000, 8000, 3), dtype=np.uint8) * 64).astype(np.uint8)
        Image.fromarray(pixels).save(path, compress_level=1)
    return path


class User:
    """One account's client: its token, its session and the time of each call."""

    def __init__(self, http: httpx.AsyncClient, times: dict[str, list[float]]) -> None:
        self.http = http
        self.times = times
        self.headers: dict[str, str] = {}
        self.session_id = ""

    async def call(self, kind: str, method: str, path: str, **kw: Any) -> httpx.Response:
        start = time.perf_counter()
        headers = {**self.headers, **kw.pop("headers", {})}
        r = await self.http.request(method, path, headers=headers, **kw)
        self.times.setdefault(kind, []).append(time.perf_counter() - start)
        if r.status_code != 200:
            raise RuntimeError(f"{kind}: {r.status_code} {r.text[:300]}")
        return r

    async def start(self) -> None:
        r = await self.call(
            "token",
            "POST",
            "/api/auth/anonymous-token",
            headers={"X-Client-Id": str(uuid.uuid4())},
        )
        self.headers = {"Authorization": f"Bearer {r.json()['data']['token']}"}
        r = await self.call(
            "session",
            "POST",
            "/api/tasks/me/with-session/nemo_agent",
            json={"task_name": "load", "language": "en"},
        )
        self.session_id = r.json()["data"]["session_id"]

    async def upload(self, path: Path, kind: str = "upload") -> None:
        files = {"files": (path.name, path.read_bytes(), "application/octet-stream")}
        await self.call(
            kind, "POST", f"/api/upload-video/nemo_agent/me/{self.session_id}", files=files
        )

    async def chat(self, text: str) -> None:
        body = {
            "session_id": self.session_id,
            "new_message": {"role": "user", "parts": [{"text": text}]},
        }
        await self.call("chat", "POST", "/run_sse", json=body)

    async def state(self) -> None:
        await self.call("state", "GET", f"/api/state/nemo_agent/me/{self.session_id}/latest")


async def one_user(base_url: str, photos: list[Path], times: dict[str, list[float]]) -> None:
    async with httpx.AsyncClient(base_url=base_url, timeout=300) as http:
        user = User(http, times)
        await user.start()
        for photo in photos:
            await user.upload(photo)
        for text in TURNS:
            await user.chat(text)
        await user.state()


async def users_run(base_url: str, count: int) -> tuple[dict[str, list[float]], float]:
    photos = small_photos()
    times: dict[str, list[float]] = {}
    start = time.perf_counter()
    await asyncio.gather(*(one_user(base_url, photos, times) for _ in range(count)))
    return times, time.perf_counter() - start


async def fairness_run(base_url: str) -> dict[str, Any]:
    png, small = big_png(), small_photos()[0]
    done_big: list[float] = []
    small_times: list[float] = []
    async with httpx.AsyncClient(base_url=base_url, timeout=600) as http:
        bigs = [User(http, {}) for _ in range(3)]
        little = User(http, {})
        for u in [*bigs, little]:
            await u.start()

        async def big_uploader(user: User) -> None:
            for _ in range(2):
                await user.upload(png)
                done_big.append(time.perf_counter())

        tasks = [asyncio.create_task(big_uploader(u)) for u in bigs]
        await asyncio.sleep(1.0)  # the big ones are in the queue
        while not all(t.done() for t in tasks):
            start = time.perf_counter()
            await little.upload(small)
            small_times.append(time.perf_counter() - start)
            await asyncio.sleep(1.0)
        await asyncio.gather(*tasks)
    return {"small": small_times, "big_done": len(done_big)}


def _pct(values: list[float], q: int) -> float:
    if len(values) == 1:
        return values[0]
    return quantiles(values, n=100, method="inclusive")[q - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--skip-fairness", action="store_true")
    args = parser.parse_args()
    from diapo.service.testing import LiveServer

    with tempfile.TemporaryDirectory() as tmp:
        with LiveServer(Path(tmp) / "users", settings=SETTINGS) as server:
            assert server.pid is not None
            with RssWatch(server.pid) as rss:
                try:
                    times, wall = asyncio.run(users_run(server.base_url, args.users))
                except Exception:
                    print(f"server running: {server.running}\n{server.log()[-3000:]}")
                    raise
        print(f"{args.users} users, {wall:.1f} s in all, server peak RSS {rss.peak_mb:.0f} MB")
        for kind in ("token", "session", "upload", "chat", "state"):
            values = times.get(kind, [])
            print(
                f"  {kind:8} n={len(values):4}  p50 {_pct(values, 50):6.2f} s"
                f"  p99 {_pct(values, 99):6.2f} s  max {max(values):6.2f} s"
            )
        if args.skip_fairness:
            return
        with LiveServer(Path(tmp) / "fair", settings=SETTINGS) as server:
            assert server.pid is not None
            with RssWatch(server.pid) as rss:
                fair = asyncio.run(fairness_run(server.base_url))
        small = fair["small"]
        print(
            f"fairness: 3 accounts x 2 uploads of a 50 MP PNG, a small JPEG each second: "
            f"{len(small)} small uploads, max {max(small):.2f} s, "
            f"median {_pct(small, 50):.2f} s; server peak RSS {rss.peak_mb:.0f} MB"
        )


if __name__ == "__main__":
    main()
