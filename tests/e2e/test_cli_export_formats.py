"""`diapo export` and `diapo chat` export the format and resolution the person named."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import av

from diapo.cli.client_commands import run_chat
from diapo.cli.console import Console
from diapo.client import ClientConfig, DiapoClient
from diapo.service.testing import LiveServer


def _env(server: LiveServer, store: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIAPO_")}
    env.update(DIAPO_SERVER=server.base_url, DIAPO_CLIENT_STORE=str(store), COLUMNS="120")
    return env


def test_diapo_export_writes_the_format_of_the_output_extension(
    diapo_server: LiveServer, sample_media: dict[str, Path], tmp_path: Path
) -> None:
    store = tmp_path / "client.json"
    config = ClientConfig(base_url=diapo_server.base_url, store_path=store)
    with DiapoClient(config=config) as client:
        client.upload([sample_media["landscape1"], sample_media["landscape3"]])
        client.chat("make a slideshow")
        session = client.session_id
    command = [sys.executable, "-m", "diapo", "export", "-q", "--resolution", "360p"]
    out = tmp_path / "x.webm"
    done = subprocess.run(
        [*command, "--session", str(session), "-o", str(out)],
        capture_output=True,
        text=True,
        env=_env(diapo_server, store),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    with av.open(str(out)) as container:
        assert "webm" in container.format.name  # was MP4 bytes in a .webm file
        assert container.streams.video[0].codec_context.height == 360

    mismatch = subprocess.run(
        [*command, "--session", str(session), "--format", "mp4", "-o", str(tmp_path / "y.webm")],
        capture_output=True,
        text=True,
        env=_env(diapo_server, store),
        timeout=60,
    )
    assert mismatch.returncode == 2
    assert "ends in .webm but the format asked is mp4" in " ".join(mismatch.stderr.split())
    assert not (tmp_path / "y.webm").exists()


def test_chat_export_in_webm_at_360p_gives_a_webm_at_360p(
    diapo_server: LiveServer, sample_media: dict[str, Path], tmp_path: Path
) -> None:
    out = io.StringIO()
    console = Console(file=out, width=120, force_terminal=False, color_system=None)
    config = ClientConfig(
        base_url=diapo_server.base_url, store_path=tmp_path / "client.json", language="it"
    )
    lines = ["crea uno slideshow", "esporta in webm a 360p", "esporta in 4k", "/quit"]
    with DiapoClient(config=config) as client:
        code = run_chat(
            lines,
            console=console,
            files=[sample_media["landscape1"]],
            language="it",
            resolution="480p",
            export_dir=tmp_path,
            client=client,
        )
    text = out.getvalue()
    assert code == 0, text
    saved = sorted(tmp_path.glob("diapo-*"))
    assert [p.suffix for p in saved] == [".webm"], text  # and nothing for 4k
    with av.open(str(saved[0])) as container:
        assert "webm" in container.format.name
        assert container.streams.video[0].codec_context.height == 360
    assert "1080p" in text  # "esporta in 4k" is answered with the limit
