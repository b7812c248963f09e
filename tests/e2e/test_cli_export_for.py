"""`diapo export --for PLATFORM`: the server makes the export for the platform's preset."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import av

from diapo.client import ClientConfig, DiapoClient
from diapo.service.testing import LiveServer


def test_diapo_export_for_whatsapp_gives_its_vertical_frame(
    diapo_server: LiveServer, sample_media: dict[str, Path], tmp_path: Path
) -> None:
    store = tmp_path / "client.json"
    config = ClientConfig(base_url=diapo_server.base_url, store_path=store)
    with DiapoClient(config=config) as client:
        client.upload([sample_media["landscape1"], sample_media["landscape3"]])
        client.chat("make a slideshow")
        session = client.session_id
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIAPO_")}
    env.update(DIAPO_SERVER=diapo_server.base_url, DIAPO_CLIENT_STORE=str(store), COLUMNS="120")
    out = tmp_path / "wa.mp4"
    done = subprocess.run(
        [
            sys.executable, "-m", "diapo", "export", "-q", "--resolution", "360p",
            "--for", "whatsapp", "--session", str(session), "-o", str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with av.open(str(out)) as container:
        video = container.streams.video[0].codec_context
        assert (video.name, video.width, video.height) == ("h264", 360, 640)
    assert out.stat().st_size < 16_000_000
