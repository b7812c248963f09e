"""Render tasks (chunks) in worker processes on one machine: progress, cancel, one retry each.

Workers are started from a fork server (or spawned where there is none), never
forked from the caller, whose threads (a progress bar, an audio mixer) would
be copied half-alive. Each worker runs one task and reports through a pipe;
a worker that dies without a word (killed, out of memory) is started again
once, alone; a worker that reports an error fails the whole run. The pool is
handed the function that runs a task, so it knows nothing of rendering.

A worker that stays alive but says nothing (hung on a stalled network file
system, in a decoder that never returns, stopped) is a stall: each call of its
progress function, even with the same fraction, is a sign of life, and one
silent for longer than the stall limit is killed and, like a dead one, started
again once, alone; a second stall fails the run, naming the task and how long
it was silent (issue 14). Silence is counted less the time the worker waited for
a CPU (`silence.SilenceClock`): a busy machine slows a worker, it does not hang it
(issue 26).
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import multiprocessing.connection
import os
import pickle
import signal
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from diapo.errors import RenderCancelled, RenderError
from diapo.render.memory import peak_rss_bytes
from diapo.render.silence import SilenceClock

__all__ = [
    "DEFAULT_STALL_SECONDS",
    "MEMORY_PER_PROCESS",
    "TaskStats",
    "Work",
    "default_jobs",
    "run_tasks",
]

T = TypeVar("T")
#: What a worker runs: (task, progress 0..1, cancelled?) -> None.
Work = Callable[[T, Callable[[float], None], Callable[[], bool]], None]

#: What one chunk process may use at most (the benchmark checks it stays under:
#: a 1080p chunk peaks near 300 MB), and so what `default_jobs` budgets a process.
MEMORY_PER_PROCESS = 600 * 1024 * 1024

_POLL_S = 0.1  # how often progress and cancel are looked at
_GRACE_S = 5.0  # how long cancelled workers get to stop cleanly before they are killed

#: How long a worker may say nothing before it is held for hung and killed. Generous:
#: a frame takes well under a second, loading a photo a second or two.
DEFAULT_STALL_SECONDS = 120.0
#: The stall limit is also at least this many times the longest silence of a worker
#: that then spoke again: a machine that slow is not hung.
_STALL_OVER_SLOWEST = 4.0


@dataclass(frozen=True, slots=True)
class TaskStats:
    """How one task went in its worker: wall time and the worker's peak memory (RSS)."""

    seconds: float
    peak_rss: int  # bytes


def default_jobs() -> int:
    """How many chunk processes to run: one a CPU, fewer if memory would not hold them."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, _available_memory() // MEMORY_PER_PROCESS))


def _available_memory() -> int:
    """Memory free for new work (Linux's MemAvailable), else the machine's total."""
    with contextlib.suppress(OSError, ValueError), open("/proc/meminfo", encoding="ascii") as info:
        for line in info:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    with contextlib.suppress(AttributeError, OSError, ValueError):
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return MEMORY_PER_PROCESS


def _context() -> Any:
    methods = mp.get_all_start_methods()
    if "forkserver" in methods:
        ctx = mp.get_context("forkserver")
        # The server imports the renderer once; each worker is a cheap fork of it.
        ctx.set_forkserver_preload(["diapo.render.chunks"])
        return ctx
    return mp.get_context("spawn")


def run_tasks(
    work: Work[T],
    tasks: Sequence[T],
    weights: Sequence[int],
    *,
    jobs: int,
    progress: Callable[[float], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    started: Callable[[int, int], None] | None = None,
    stall_seconds: float = DEFAULT_STALL_SECONDS,
    labels: Sequence[str] | None = None,
    retried: Callable[[int, str], None] | None = None,
    wall_stall_seconds: float | None = None,
) -> list[TaskStats]:
    """Run `work(task, progress, cancel)` for every task in up to `jobs` worker processes.

    `work` and the tasks must pickle (a module-level function, frozen data).
    `progress` gets the weighted share of the work done (0..1). `cancel` is
    polled: when it turns true every worker is told to stop, and RenderCancelled
    is raised. `started(task number, pid)` is told of each worker started.
    A worker that does not call its progress function for `stall_seconds` (or
    four times the longest silence seen, if longer), not counting the time it
    waited for a CPU, or for `wall_stall_seconds` by the wall clock (ten times
    the stall limit unless given), is killed and run again once; `labels` name
    the tasks in errors ("task 3" without them), and `retried(task number, why)`
    is told of each task started again.
    Returns each task's time and its worker's peak memory, in task order.
    """
    if not stall_seconds > 0:  # also refuses NaN
        raise ValueError(f"stall_seconds must be a positive number, not {stall_seconds!r}.")
    ctx = _context()
    total = sum(weights) or 1
    done = ctx.RawArray("d", len(tasks))  # each task's share done, written by its worker
    # Bumped by the worker at every progress call: a sign of life, even at the same share.
    pulse = ctx.RawArray("d", len(tasks))
    clocks: dict[int, SilenceClock] = {}  # each running task's silence since its pulse moved
    seen = [0.0] * len(tasks)  # the pulse it saw then
    pulse_at_launch = [0.0] * len(tasks)
    slowest = 0.0  # the longest silence of a worker that then spoke again
    names = list(labels) if labels is not None else [f"task {i + 1}" for i in range(len(tasks))]
    stop = ctx.Event()
    pending = list(range(len(tasks)))
    attempts = [0] * len(tasks)
    running: dict[int, tuple[Any, Any]] = {}  # chunk index -> (process, reading end of its pipe)
    messages: dict[int, tuple[str, bytes] | None] = {}  # None: the pipe closed unheard
    stats: dict[int, TaskStats] = {}
    shown = -1.0

    def launch(i: int) -> None:
        reader, writer = ctx.Pipe(duplex=False)
        proc = ctx.Process(
            target=_worker,
            args=(work, tasks[i], i, done, pulse, stop, writer),
            name=f"diapo-task-{i}",
        )
        seen[i] = pulse[i]
        pulse_at_launch[i] = pulse[i]
        proc.start()
        clocks[i] = SilenceClock(proc.pid)  # the clock starts with the process
        writer.close()  # the worker holds the only writing end: EOF means it is gone
        attempts[i] += 1
        running[i] = (proc, reader)
        if started is not None:
            started(i, proc.pid)

    try:
        while pending or running:
            while pending and len(running) < max(1, jobs):
                launch(pending.pop(0))
            if cancel is not None and cancel():
                raise RenderCancelled("The render was cancelled.")
            # Messages are read as they come, so a worker never blocks on a full pipe;
            # a pipe that has spoken (or closed) is not waited on again.
            readers = {r: i for i, (_, r) in running.items() if i not in messages}
            sentinels = [proc.sentinel for proc, _ in running.values()]
            for ready in multiprocessing.connection.wait([*readers, *sentinels], timeout=_POLL_S):
                if ready in readers:
                    messages[readers[ready]] = _read(ready)
            limit = max(stall_seconds, _STALL_OVER_SLOWEST * slowest)
            for i, (proc, reader) in list(running.items()):
                clock = clocks[i]
                if pulse[i] != seen[i]:
                    if seen[i] != pulse_at_launch[i]:  # not the start-up of the process
                        slowest = max(slowest, clock.counted())
                    clock.heard_now()
                    seen[i] = pulse[i]
                if (
                    i in messages
                    or not proc.is_alive()
                    or not clock.stalled(limit, wall_stall_seconds)
                ):
                    continue
                silent = clock.wall()
                # Alive and silent: hung. SIGKILL reaches even a stopped process.
                proc.kill()
                proc.join()
                reader.close()
                del running[i]
                if attempts[i] >= 2:
                    raise RenderError(
                        f"{_capital(names[i])} made no progress for {silent:.0f} s, on its "
                        "second try as on its first; the render was stopped (a hung file "
                        "system or decoder? see --stall-timeout)."
                    )
                if retried is not None:
                    retried(i, f"no progress for {silent:.0f} s; killed and started again")
                done[i] = 0.0
                pending.insert(0, i)
            for i, (proc, reader) in list(running.items()):
                if proc.is_alive():
                    continue
                proc.join()
                if messages.get(i) is None:
                    messages[i] = _read(reader)
                reader.close()
                del running[i]
                message = messages.pop(i, None)
                if message is None:
                    # Died without a word: killed or out of memory. Once more, alone.
                    if attempts[i] >= 2:
                        raise RenderError(
                            f"The process rendering part {i + 1} of {len(tasks)} died twice "
                            f"(exit code {proc.exitcode})."
                        )
                    if retried is not None:
                        retried(i, f"its process died (exit code {proc.exitcode}); started again")
                    done[i] = 0.0
                    pending.insert(0, i)
                    continue
                if message[0] == "error":
                    raise _error_from(message[1])
                stats[i] = pickle.loads(message[1])
            share = sum(done[i] * weights[i] for i in range(len(tasks))) / total
            if progress is not None and share != shown:
                progress(share)
                shown = share
    except BaseException:
        stop.set()
        _stop_all(running.values())
        raise
    finally:
        for _, reader in running.values():
            reader.close()
    return [stats[i] for i in range(len(tasks))]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _read(reader: Any) -> tuple[str, bytes] | None:
    """The worker's message if one is waiting; None at end of file or when there is none."""
    try:
        if reader.poll():
            message: tuple[str, bytes] = reader.recv()
            return message
    except (EOFError, OSError):
        pass
    return None


def _error_from(data: bytes) -> BaseException:
    try:
        exc = pickle.loads(data)
    except Exception:  # whatever the worker sent, the render failed
        return RenderError("A chunk of the render failed.")
    return exc if isinstance(exc, BaseException) else RenderError(str(exc))


def _stop_all(workers: Iterable[tuple[Any, Any]]) -> None:
    procs = [proc for proc, _ in workers]
    multiprocessing.connection.wait([p.sentinel for p in procs], timeout=_GRACE_S)
    for proc in procs:
        if proc.is_alive():
            proc.kill()
    for proc in procs:
        proc.join(timeout=_GRACE_S)


def _worker(
    work: Work[T], task: T, slot: int, done: Any, pulse: Any, stop: Any, writer: Any
) -> None:
    """A worker process: run one task, then say how it went."""
    # Ctrl-C reaches the whole process group; the parent decides and stops us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def report(fraction: float) -> None:
        done[slot] = fraction
        pulse[slot] += 1  # the parent's stall watchdog sees this one is alive

    pulse[slot] += 1  # started: the stall clock runs from here

    began = time.perf_counter()
    try:
        work(task, report, stop.is_set)
        done[slot] = 1.0
        peak = peak_rss_bytes()
        writer.send(("ok", pickle.dumps(TaskStats(time.perf_counter() - began, peak))))
    except BaseException as exc:  # reported to the parent, which raises it
        writer.send(("error", _pickled(exc)))
    finally:
        writer.close()


def _pickled(exc: BaseException) -> bytes:
    try:
        data = pickle.dumps(exc)
        pickle.loads(data)
        return data
    except Exception:  # some errors do not survive pickling; keep the text
        return pickle.dumps(RenderError(f"A chunk of the render failed: {exc}"))
