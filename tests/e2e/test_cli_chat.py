"""`diapo chat` and `diapo export` against the real server: driven in-process and via a pipe."""

from __future__ import annotations

import io
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import av

from diapo.cli.client_commands import run_chat
from diapo.cli.console import Console
from diapo.client import ClientConfig, DiapoClient
from diapo.service.testing import LiveServer


def _console() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, width=120, force_terminal=False, color_system=None), out


def test_chat_session_uploads_edits_reports_and_exports(
    diapo_server: LiveServer, sample_media: dict[str, Path], tmp_path: Path
) -> None:
    console, out = _console()
    config = ClientConfig(
        base_url=diapo_server.base_url,
        store_path=tmp_path / "client.json",
        source="diapo-cli",
        poll_initial=0.2,
        language="it",
    )
    lines = [
        "crea uno slideshow con musica e transizioni",
        str(sample_media["landscape2"]),  # a typed path uploads
        "/upload " + str(sample_media["portrait1"]),
        "metti il formato 9:16",
        "stato",  # routed to the state, no chat turn
        "quanti crediti ho?",  # routed to credits
        "/undo",
        "/status",
        "/help",
        "/nope",
        "/upload /no/such/file.jpg",
        f"/export {tmp_path / 'out.mp4'}",
        "/quit",
        "never read",
    ]
    with DiapoClient(config=config) as client:
        code = run_chat(
            lines,
            console=console,
            files=[sample_media["landscape1"]],
            language="it",
            resolution="360p",
            client=client,
        )
    text = out.getvalue()
    assert code == 0
    assert "Uploaded 1 file(s): landscape1.jpg" in text
    assert "landscape2.jpg" in text and "portrait1.jpg" in text
    assert "Diapo: Fatto" in text
    assert "Quadro: 9:16" in text  # /status after "stato" and /undo, in the session's Italian
    assert "Credits: 100 available" in text
    assert "Annullo" in text
    assert "/export [OUT]" in text
    assert "Unknown command /nope" in text
    assert "No such file: /no/such/file.jpg" in text
    assert "Saved" in text and (tmp_path / "out.mp4").stat().st_size > 0
    assert "never read" not in text and text.rstrip().endswith("Bye.")
    with av.open(str(tmp_path / "out.mp4")) as container:
        stream = container.streams.video[0]
        # /undo took back the 9:16 change: the export is landscape again.
        assert stream.codec_context.width > stream.codec_context.height


def _env(server: LiveServer, store: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIAPO_")}
    env.update(DIAPO_SERVER=server.base_url, DIAPO_CLIENT_STORE=str(store), COLUMNS="120")
    return env


def test_diapo_chat_runs_with_stdin_as_a_pipe(
    diapo_server: LiveServer, sample_media: dict[str, Path], tmp_path: Path
) -> None:
    script = "make a slideshow with music\n/status\nshow my balance\n/quit\n"
    done = subprocess.run(
        [sys.executable, "-m", "diapo", "chat", "--lang", "en", str(sample_media["landscape1"])],
        input=script,
        capture_output=True,
        text=True,
        env=_env(diapo_server, tmp_path / "client.json"),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Uploaded 1 file(s)" in done.stdout
    assert "Diapo: Done" in done.stdout
    assert "Timeline" in done.stdout
    assert "Credits: 100 available" in done.stdout


def test_diapo_export_saves_the_file_or_fails_clearly(
    diapo_server: LiveServer, sample_media: dict[str, Path], tmp_path: Path
) -> None:
    store = tmp_path / "client.json"
    config = ClientConfig(base_url=diapo_server.base_url, store_path=store)
    with DiapoClient(config=config) as client:
        client.upload([sample_media["landscape1"], sample_media["landscape3"]])
        client.chat("make a slideshow")
        session = client.session_id
    env = _env(diapo_server, store)
    command = [sys.executable, "-m", "diapo", "export", "-q", "--resolution", "360p"]
    out = tmp_path / "script.mp4"
    done = subprocess.run(
        [*command, "--session", str(session), "-o", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=90,
    )
    assert done.returncode == 0, done.stderr
    with av.open(str(out)) as container:
        assert container.streams.video[0].codec_context.height == 360

    bad = subprocess.run(
        [*command, "--session", "no-such-session", "-o", str(tmp_path / "x.mp4")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert bad.returncode == 1
    assert "Export failed (1002)" in bad.stderr
    assert not (tmp_path / "x.mp4").exists()


def test_diapo_chat_runs_in_a_pseudo_terminal(diapo_server: LiveServer, tmp_path: Path) -> None:
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "diapo", "chat", "--lang", "zh"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**_env(diapo_server, tmp_path / "client.json"), "TERM": "dumb"},
        close_fds=True,
    )
    os.close(slave)
    seen = b""

    def read_until(marker: bytes, timeout: float = 30.0) -> None:
        nonlocal seen
        deadline = time.monotonic() + timeout
        while marker not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    seen += os.read(master, 4096)
                except OSError:  # the child closed the terminal
                    break
        assert marker in seen, seen.decode(errors="replace")

    try:
        read_until(b"> ")
        os.write(master, "积分\n".encode())
        read_until(b"Credits: 100 available")
        os.write(master, b"/quit\n")
        read_until(b"Bye.")
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
