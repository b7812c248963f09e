"""`diapo render --stall-timeout`: a hung chunk process is killed, said and run again (issue 14)."""

from __future__ import annotations

import os
import signal
import threading
import time
from multiprocessing import forkserver
from pathlib import Path

import av
import pytest
from typer.testing import CliRunner

from diapo.cli.main import app
from diapo.draft import Draft
from diapo.render.plan import make_plan

runner = CliRunner()
pytestmark = pytest.mark.timeout(180)  # a guard against a hung worker


def _children_of(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.split(")")[-1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def _server() -> int | None:
    pid: int | None = getattr(forkserver._forkserver, "_forkserver_pid", None)
    return pid


def _stop_the_first_task(before: set[int], done: threading.Event, stopped: list[int]) -> None:
    """SIGSTOP the first task process the fork server starts (the soundtrack's), once."""
    while not done.is_set():
        server = _server()
        if server and (new := sorted(_children_of(server) - before)):
            time.sleep(0.05)  # under way, not before it began
            os.kill(new[0], signal.SIGSTOP)
            stopped.append(new[0])
            return
        time.sleep(0.005)


def test_a_hung_task_is_said_and_run_again(draft_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "s.mp4"
    done = threading.Event()
    stopped: list[int] = []
    server = _server()  # started by an earlier test, or by this render
    before = _children_of(server) if server else set()
    watcher = threading.Thread(
        target=_stop_the_first_task, args=(before, done, stopped), daemon=True
    )
    watcher.start()
    try:
        result = runner.invoke(
            app,
            ["render", "--draft", str(draft_file), "-o", str(out), "-j", "2"],
            env={"DIAPO_RENDER_STALL_SECONDS": "3"},  # the env setting; the option says the same
        )
    finally:
        done.set()
        watcher.join()
    assert result.exit_code == 0, result.output
    assert len(stopped) == 1
    output = " ".join(result.output.split())  # rich wraps long lines
    assert "Retry: the soundtrack: no progress for" in output, output
    frames = make_plan(Draft.parse(draft_file.read_text(encoding="utf-8"))).frames
    with av.open(str(out)) as c:
        assert sum(1 for _ in c.decode(video=0)) == frames and c.streams.audio


@pytest.mark.parametrize("bad", ["0", "-2", "nan", "inf", "soon"])
def test_a_stall_timeout_must_be_a_positive_number(
    bad: str, draft_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "x.mp4"
    command = ["render", "--draft", str(draft_file), "-o", str(out)]
    by_option = runner.invoke(app, [*command, "--stall-timeout", bad])
    by_env = runner.invoke(app, command, env={"DIAPO_RENDER_STALL_SECONDS": bad})
    for result in (by_option, by_env):
        assert result.exit_code == 2 and "--stall-timeout" in result.output, result.output
    assert "positive number of seconds" in " ".join(by_option.output.split()) or bad == "soon"
    assert not out.exists()
