"""The SDK against the real server: a whole Italian + Chinese session down to a checked MP4."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import av
import httpx
import numpy as np
import pytest

from diapo.client import (
    AsyncDiapoClient,
    DiapoClient,
    ExportNotAllowedError,
    NotEnoughCreditsError,
    RateLimitedError,
    RenderInfo,
)
from diapo.client.config import ClientConfig
from diapo.service.testing import LiveServer

PHOTOS = ["landscape1", "landscape2", "landscape3", "portrait1", "heic"]


def _client(server: LiveServer, tmp_path: Path, **options: Any) -> DiapoClient:
    """A client whose client id and tokens are kept in `tmp_path`, not in ~/.config."""
    config = ClientConfig(
        base_url=server.base_url, store_path=tmp_path / "client.json", poll_initial=0.2, **options
    )
    return DiapoClient(config=config)


def _decode(path: Path) -> tuple[int, int, float, float, np.ndarray]:
    """width, height, seconds, audio RMS and the first frame of an MP4."""
    with av.open(str(path)) as container:
        video = container.streams.video[0]
        first = next(container.decode(video)).to_ndarray(format="rgb24")
        width, height = video.codec_context.width, video.codec_context.height
        seconds = float(container.duration or 0) / av.time_base
    with av.open(str(path)) as container:
        samples = [
            frame.to_ndarray().astype(np.float64).ravel()
            for frame in container.decode(container.streams.audio[0])
        ]
    audio = np.concatenate(samples)
    rms = float(np.sqrt(np.mean(audio**2)))
    return width, height, seconds, rms, first


def test_italian_and_chinese_session_exports_the_requested_video(
    diapo_server: LiveServer, sample_media: dict[str, Path], tmp_path: Path
) -> None:
    uploaded: list[tuple[int, int | None]] = []
    with _client(diapo_server, tmp_path, language="it") as client:
        result = client.upload(
            [sample_media[name] for name in PHOTOS],
            progress=lambda done, total: uploaded.append((done, total)),
        )
        assert len(result.media) == 5
        assert uploaded[-1][0] == uploaded[-1][1]  # the progress reached the whole body

        first = client.chat("crea uno slideshow con musica italiana e transizioni")
        assert first.text and first.changed
        assert client.chat("metti il formato 9:16").changed
        titled = client.chat("aggiungi il titolo 'Estate in Toscana'")
        assert "Estate in Toscana" in titled.text
        music_before = _music_volume(client)

        quieter = client.chat("把音乐音量调低一点")
        assert quieter.changed
        assert _music_volume(client) < music_before
        undone = client.chat("annulla")
        assert undone.changed
        assert _music_volume(client) == pytest.approx(music_before)

        state = client.state()
        assert "Estate in Toscana" in state.describe()
        assert "9:16" in state.describe()

        polls: list[RenderInfo] = []
        render = client.export(resolution="360p", progress=polls.append)
        assert render.status == "completed" and polls[-1].progress == 1.0
        got: list[tuple[int, int | None]] = []
        out = client.download(
            render, tmp_path / "estate.mp4", progress=lambda d, t: got.append((d, t))
        )
        assert got[-1][0] == out.stat().st_size == got[-1][1]

        # An interrupted download resumes where it stopped (Range).
        whole = out.read_bytes()
        part = tmp_path / "again.mp4.part"
        part.write_bytes(whole[: len(whole) // 2])
        resumed: list[tuple[int, int | None]] = []
        again = client.download(
            render, tmp_path / "again.mp4", progress=lambda d, t: resumed.append((d, t))
        )
        assert again.read_bytes() == whole
        assert resumed[0][0] > len(whole) // 2  # the first half was not fetched again

        # The same draft without its title, to see the title in the pixels.
        assert state.draft_json is not None
        untitled = {**state.draft_json, "t": [t for t in state.draft_json["t"] if t["tt"] != 7]}
        plain = client.download(
            client.export(resolution="360p", draft=untitled), tmp_path / "plain.mp4"
        )

    width, height, seconds, rms, frame = _decode(out)
    assert height > width  # 9:16
    assert seconds == pytest.approx(state.draft.duration_ms() / 1000, abs=0.5)  # type: ignore[union-attr]
    assert rms > 0.005  # the music is there, not silence
    assert _title_track(state.draft_json) == "Estate in Toscana"
    assert frame.std() > 5  # a picture, not a blank frame
    # 1.5 s in, the title is fully shown: the frames differ in its band, not elsewhere.
    diff = np.abs(_frame_at(out, 45).astype(int) - _frame_at(plain, 45).astype(int)).sum(axis=2)
    h = diff.shape[0]
    middle, edges = diff[h * 2 // 5 : h * 3 // 5].mean(), diff[: h // 5].mean()
    assert middle > 5 and middle > 3 * edges


def _frame_at(path: Path, index: int) -> np.ndarray:
    with av.open(str(path)) as container:
        for i, frame in enumerate(container.decode(video=0)):
            if i == index:
                return frame.to_ndarray(format="rgb24")
    raise AssertionError(f"{path.name} has fewer than {index + 1} frames")


def _music_volume(client: DiapoClient) -> float:
    draft = client.state().draft
    assert draft is not None
    audio = draft.audio_tracks
    return float(audio[0].sg[0].m.vol)


def _title_track(draft_json: dict[str, Any] | None) -> str:
    assert draft_json is not None
    texts = [s["m"]["text"] for t in draft_json["t"] if t["tt"] == 7 for s in t["sg"]]
    assert isinstance(texts[0], str)
    return texts[0]


def test_async_client_does_the_same(
    diapo_server: LiveServer, sample_media: dict[str, Path], tmp_path: Path
) -> None:
    async def session() -> tuple[str, int]:
        config = ClientConfig(base_url=diapo_server.base_url, store_path=tmp_path / "c.json")
        async with AsyncDiapoClient(config=config) as client:
            await client.upload([sample_media["landscape1"], sample_media["portrait1"]])
            turn = await client.chat("make a slideshow with music")
            balance = await client.credits()
            return turn.text, balance.available

    text, available = asyncio.run(session())
    assert text
    assert available == 100


# -- the error table, against the real server ----------------------------------------


def test_a_refused_token_is_replaced_by_a_new_anonymous_one(
    diapo_server: LiveServer, tmp_path: Path
) -> None:
    with _client(diapo_server, tmp_path, token="dpo_not-a-real-token") as client:
        balance = client.credits()
        assert balance.available == 100
        assert client.token != "dpo_not-a-real-token"
        assert any("new anonymous token" in n for n in client.notices)


def test_an_unknown_session_is_replaced_and_the_caller_told(
    diapo_server: LiveServer, tmp_path: Path
) -> None:
    told: list[str] = []
    with _client(diapo_server, tmp_path) as client:
        client.on_notice = told.append
        client.core.session_id = "no-such-session"
        state = client.state()
        assert state.session_id != "no-such-session"
        assert client.session_id == state.session_id
        assert told and "no-such-session" in told[0]


def test_no_credits_gives_the_registration_url(
    diapo_server_factory: Callable[..., LiveServer],
    sample_media: dict[str, Path],
    tmp_path: Path,
) -> None:
    server = diapo_server_factory(free_credits=0)
    with _client(server, tmp_path) as client:
        client.upload([sample_media["landscape1"]])
        client.chat("make a slideshow")
        with pytest.raises(NotEnoughCreditsError) as caught:
            client.export(resolution="360p")
    bind_id = client.core.bind_id
    assert caught.value.code == 2001
    assert caught.value.register_url == f"{server.base_url}/register?bind={bind_id}"
    assert caught.value.register_url in str(caught.value)
    assert httpx.get(caught.value.register_url).status_code == 200


def test_export_without_attribution_is_402_not_2001(
    diapo_server: LiveServer, sample_media: dict[str, Path], tmp_path: Path
) -> None:
    with _client(diapo_server, tmp_path) as client:
        client.upload([sample_media["landscape1"]])
        client.chat("make a slideshow")
        # A raw call without the X-Skill-* headers, read with the SDK's error table.
        raw = httpx.post(
            diapo_server.base_url + "/api/render/proxy/lambda",
            json={"session_id": client.session_id, "output": {"resolution": "360p"}},
            headers={"Authorization": f"Bearer {client.token}"},
        )
        assert raw.status_code == 402
        err = client.core.error(raw)
        assert isinstance(err, ExportNotAllowedError)
        assert not isinstance(err, NotEnoughCreditsError)
        assert "unlock export" in err.message.lower()
        assert client.credits().frozen == 0


def test_a_429_is_retried_once_after_retry_after(
    diapo_server_factory: Callable[..., LiveServer], tmp_path: Path
) -> None:
    # One anonymous token per client id per window: a second one within 1 s is 429.
    server = diapo_server_factory(anonymous_token_window_seconds=1)
    store = tmp_path / "client.json"
    with _client(server, tmp_path) as first:
        first.authenticate()
    ClientConfig(store_path=store).store.forget_token(server.base_url)  # same client id
    with _client(server, tmp_path) as second:
        started = time.monotonic()
        second.authenticate()  # 429 with Retry-After: 1, one wait, then a token
        assert time.monotonic() - started >= 0.5
        assert second.token and second.token != first.token


def test_a_429_that_asks_too_long_a_wait_is_raised(
    diapo_server: LiveServer, tmp_path: Path
) -> None:
    with _client(diapo_server, tmp_path) as first:
        first.authenticate()
    ClientConfig(store_path=tmp_path / "client.json").store.forget_token(diapo_server.base_url)
    with _client(diapo_server, tmp_path) as second, pytest.raises(RateLimitedError) as caught:
        second.authenticate()  # the same client id again within 7 days
    assert caught.value.retry_after > 3600


def test_a_template_from_the_sdk_sync_and_async(
    diapo_server: LiveServer, sample_media: dict[str, Path], tmp_path: Path
) -> None:
    with _client(diapo_server, tmp_path, language="it") as client:
        listed = {t["id"]: t for t in client.templates(language="zh")}
        assert listed["matrimonio"]["name"] == "婚礼"
        client.upload([sample_media["landscape1"], sample_media["portrait1"]])
        job = client.render_template("laurea", {"nome": "Giulia"}, resolution="360p")
        assert job.status == "completed"
        out = client.download(job, tmp_path / "laurea.mp4")
    width, height, seconds, rms, _first = _decode(out)
    assert (width, height) == (640, 360) and seconds > 2 and rms > 0.01

    async def names() -> list[str]:
        config = ClientConfig(base_url=diapo_server.base_url, store_path=tmp_path / "a.json")
        async with AsyncDiapoClient(config=config) as client:
            return [t["id"] for t in await client.templates()]

    assert "natale" in asyncio.run(names())
