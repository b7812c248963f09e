"""Checking and analysing uploads off the request path: a bounded pool shared fairly by accounts.

A server process decodes at most `workers` files at once, in threads of its
own (the decoders release the GIL). Work waits in one queue per account and
the accounts are served in turn, so one account's ten 50 MP PNGs take turns
with another's JPEG instead of going ahead of it. A heavy job (a photo that
must be decoded whole, a song) takes one of `heavy_slots` too: memory stays
bounded by those, and a light job never waits behind heavy ones while a worker
is free. Checks, which an upload's answer waits for, go before analyses,
which nobody waits for (beyond a short while, see `routes/uploads.py`).
A file is checked in one job (thumbnail and, for a heavy photo, its analysis
from the same decode): each job waits for one turn of the accounts.

Jobs carry a tag (the session): a chat turn waits for its session's analyses
(`settled`) so that the slideshow it builds knows the faces and the blur.
"""

from __future__ import annotations

import asyncio
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

__all__ = ["FairPool", "Priority"]

T = TypeVar("T")
# "hurried": analyses someone now waits for (`settled`); still after every check.
Priority = Literal["check", "hurried", "analysis"]
_PRIORITIES: tuple[Priority, ...] = ("check", "hurried", "analysis")


@dataclass
class _Job:
    fn: Callable[[], Any]
    future: Future[Any]
    heavy: bool
    tag: str | None


@dataclass
class _Queues:
    """One priority's waiting jobs: a queue per account, the accounts in turn."""

    by_account: dict[str, deque[_Job]] = field(default_factory=dict)
    turn: deque[str] = field(default_factory=deque)

    def add(self, account: str, job: _Job) -> None:
        queue = self.by_account.get(account)
        if queue is None:
            queue = self.by_account[account] = deque()
            self.turn.append(account)
        queue.append(job)

    def take(self, *, heavy_allowed: bool) -> _Job | None:
        """The next account's first job that may run now; that account goes to the back."""
        for _ in range(len(self.turn)):
            account = self.turn[0]
            queue = self.by_account[account]
            if queue[0].heavy and not heavy_allowed:
                self.turn.rotate(-1)  # its turn passes to the next account
                continue
            job = queue.popleft()
            self.turn.popleft()
            if queue:
                self.turn.append(account)
            else:
                del self.by_account[account]
            return job
        return None


class FairPool:
    """`workers` threads running jobs from per-account queues in turn (see the module)."""

    def __init__(self, *, workers: int, heavy_slots: int, name: str = "diapo-ingest") -> None:
        self._cond = threading.Condition()
        self._queues = {p: _Queues() for p in _PRIORITIES}
        self._heavy_slots = max(1, heavy_slots)
        self._heavy_running = 0
        self._pending: dict[str, set[Future[Any]]] = {}
        self._closed = False
        self._threads = [
            threading.Thread(target=self._work, name=f"{name}-{i}", daemon=True)
            for i in range(max(1, workers))
        ]
        for thread in self._threads:
            thread.start()

    def submit(
        self,
        account: str,
        fn: Callable[[], T],
        *,
        heavy: bool = False,
        priority: Priority = "check",
        tag: str | None = None,
    ) -> Future[T]:
        """Queue `fn` for `account`; its result (or exception) comes in the future."""
        future: Future[T] = Future()
        with self._cond:
            if self._closed:
                raise RuntimeError("the ingest pool is closed")
            self._queues[priority].add(account, _Job(fn, future, heavy, tag))
            if tag is not None:
                self._pending.setdefault(tag, set()).add(future)
            self._cond.notify()
        return future

    async def run(
        self, account: str, fn: Callable[[], T], *, heavy: bool = False, tag: str | None = None
    ) -> T:
        """`fn`'s result, waited for without holding a thread."""
        return await asyncio.wrap_future(self.submit(account, fn, heavy=heavy, tag=tag))

    def busy(self) -> bool:
        """Whether checks are waiting for a worker (an analysis asked now waits behind them)."""
        with self._cond:
            return bool(self._queues["check"].by_account)

    async def settled(self, tag: str, *, timeout: float) -> bool:
        """Wait (at most `timeout` s) until every job tagged `tag` is done; whether they are.

        Someone waits for them now: the tag's analyses still queued go ahead of the
        analyses nobody waits for (never ahead of an upload's checks).
        """
        with self._cond:
            waiting = list(self._pending.get(tag, ()))
            later, now = self._queues["analysis"], self._queues["hurried"]
            for account, queue in list(later.by_account.items()):
                hurried = [job for job in queue if job.tag == tag]
                if not hurried:
                    continue
                for job in hurried:
                    queue.remove(job)
                    now.add(account, job)
                if not queue:
                    del later.by_account[account]
                    later.turn.remove(account)
            self._cond.notify_all()
        if not waiting:
            return True
        done, _ = await asyncio.wait([asyncio.wrap_future(f) for f in waiting], timeout=timeout)
        return len(done) == len(waiting)

    def close(self) -> None:
        """Stop taking jobs; the running ones finish, the waiting ones are cancelled."""
        with self._cond:
            self._closed = True
            for queues in self._queues.values():
                for queue in queues.by_account.values():
                    for job in queue:
                        job.future.cancel()
                queues.by_account.clear()
                queues.turn.clear()
            self._cond.notify_all()
        for thread in self._threads:
            thread.join(timeout=30)

    def _next(self) -> _Job | None:
        with self._cond:
            while True:
                if self._closed:
                    return None
                heavy_allowed = self._heavy_running < self._heavy_slots
                for priority in _PRIORITIES:
                    job = self._queues[priority].take(heavy_allowed=heavy_allowed)
                    if job is not None:
                        if job.heavy:
                            self._heavy_running += 1
                        return job
                self._cond.wait()

    def _work(self) -> None:
        while (job := self._next()) is not None:
            if job.future.set_running_or_notify_cancel():
                try:
                    job.future.set_result(job.fn())
                except BaseException as exc:  # the caller gets it from the future
                    job.future.set_exception(exc)
            with self._cond:
                if job.heavy:
                    self._heavy_running -= 1
                if job.tag is not None:
                    tagged = self._pending.get(job.tag)
                    if tagged is not None:
                        tagged.discard(job.future)
                        if not tagged:
                            del self._pending[job.tag]
                self._cond.notify_all()
