"""Chat turns interpreted in warm child processes, each turn under a hard time limit.

A runaway interpretation (a regex gone quadratic holds the GIL) cannot be
stopped by a thread, and while it runs in the web process no other request is
answered. So the interpreter runs in child processes: a turn that outlives
its limit has its process killed and answers `TurnTimeout`, with nothing
stored, and a fresh process takes its place. The children come from a
forkserver that has the chat package loaded, so replacing one is quick, and
they stay up between turns, so a normal turn pays no start-up.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import signal
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext
from multiprocessing.process import BaseProcess
from typing import Any

from diapo.chat import Turn
from diapo.errors import DiapoError
from diapo.service.chatturn import TurnInput, compute_turn

__all__ = ["TurnFunction", "TurnRunner", "TurnTimeout"]

log = logging.getLogger("diapo.service")

TurnFunction = Callable[[str, TurnInput], Turn]
"""Interprets a message for a session's draft; must be importable (it runs in a child)."""


class TurnTimeout(TimeoutError):
    """A turn ran past the hard limit; its process was killed and nothing was changed."""


class TurnFailed(DiapoError):
    """The interpreter raised a DiapoError in its process; `code` and message travel back."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


def _serve(conn: Connection, function: TurnFunction) -> None:
    # The child: Ctrl-C in a terminal reaches the whole process group; the
    # parent stops its children itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            message, given = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[Any, ...] = ("ok", function(message, given))
        except DiapoError as exc:
            reply = ("diapo", exc.code, exc.message)
        except Exception as exc:
            reply = ("crash", f"{type(exc).__name__}: {exc}")
        conn.send(reply)


class _Child:
    def __init__(self, ctx: ForkServerContext, function: TurnFunction) -> None:
        self.conn, theirs = ctx.Pipe()
        self.process: BaseProcess = ctx.Process(
            target=_serve, args=(theirs, function), name="diapo-turn", daemon=True
        )
        self.process.start()
        theirs.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class TurnRunner:
    """Runs turns in up to `processes` child processes; `run` blocks, so call it in a thread."""

    def __init__(
        self,
        *,
        processes: int,
        limit_seconds: float,
        function: TurnFunction = compute_turn,
    ) -> None:
        self.processes = processes
        self.limit_seconds = limit_seconds
        self.function = function
        self._ctx = multiprocessing.get_context("forkserver")
        # Loaded once in the forkserver, so every child starts with them in memory.
        self._ctx.set_forkserver_preload(["diapo.chat", "diapo.service.turnrunner"])
        self._slots = threading.BoundedSemaphore(processes)
        self._idle: queue.LifoQueue[_Child] = queue.LifoQueue()
        self._closed = False
        self._lock = threading.Lock()

    def warm(self) -> None:
        """Start one child in the background, so the first turn finds it ready."""
        threading.Thread(target=self._add_idle, name="turn-warm", daemon=True).start()

    def _add_idle(self) -> None:
        try:
            child = _Child(self._ctx, self.function)
        except Exception:  # the next turn tries again and reports it
            log.exception("could not start a chat turn process")
            return
        with self._lock:
            if self._closed:
                child.kill()
                return
            self._idle.put(child)

    def _take(self) -> _Child:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            return _Child(self._ctx, self.function)

    def run(self, message: str, given: TurnInput, *, wait_seconds: float | None = None) -> Turn:
        """The interpreter's turn; TurnTimeout past the limit (or no free process in time)."""
        if not self._slots.acquire(timeout=wait_seconds):
            raise TurnTimeout("every chat turn process is busy")
        try:
            child = self._take()
            try:
                child.conn.send((message, given))
                finished = child.conn.poll(self.limit_seconds)
                reply = child.conn.recv() if finished else None
            except (EOFError, OSError) as exc:
                child.kill()
                self.warm()
                raise RuntimeError(f"the chat turn process died: {exc}") from None
            if reply is None:
                log.warning("a chat turn ran past %.1f s; killed", self.limit_seconds)
                child.kill()
                self.warm()  # its replacement
                raise TurnTimeout(f"the turn ran past {self.limit_seconds:g} s")
            with self._lock:
                if self._closed:
                    child.kill()
                else:
                    self._idle.put(child)
        finally:
            self._slots.release()
        if reply[0] == "ok":
            turn: Turn = reply[1]
            return turn
        if reply[0] == "diapo":
            raise TurnFailed(reply[1], reply[2])
        raise RuntimeError(f"the interpreter failed: {reply[1]}")

    def close(self) -> None:
        """Stop every idle child; a busy one is stopped when its turn returns."""
        with self._lock:
            self._closed = True
            while True:
                try:
                    self._idle.get_nowait().kill()
                except queue.Empty:
                    break
