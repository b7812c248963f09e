"""`GET /api/music/{style}/sample`: a public 10-second MP3 of each style, normalised and cached."""

from __future__ import annotations

import asyncio
import io

import av
import httpx
import numpy as np
import pyloudnorm
import pytest
from fastapi import FastAPI

from diapo.draft.vocabulary import MUSIC_STYLES


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    from diapo.service import create_app, load_settings

    return create_app(load_settings(data_dir=tmp_path_factory.mktemp("samples"), workers=0))


def _get(app: FastAPI, path: str) -> httpx.Response:
    async def fetch() -> httpx.Response:
        # The route is public and keeps no session, so the app's lifespan need not run.
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://diapo") as client:
            return await client.get(path)

    return asyncio.run(fetch())


def _decode(data: bytes) -> tuple[np.ndarray, int, float]:
    resampler = av.AudioResampler(format="fltp", layout="stereo", rate=48_000)
    parts = []
    with av.open(io.BytesIO(data), "r") as container:
        codec = container.streams.audio[0].codec_context.name
        for frame in container.decode(audio=0):
            parts += [f.to_ndarray() for f in resampler.resample(frame)]
        parts += [f.to_ndarray() for f in resampler.resample(None)]
    audio = np.concatenate(parts, axis=1).T.astype(np.float64)
    assert codec.startswith("mp3")
    return audio, 48_000, len(audio) / 48_000


@pytest.mark.parametrize("style", MUSIC_STYLES)
def test_each_style_has_a_ten_second_normalised_sample(app: FastAPI, style: str) -> None:
    answer = _get(app, f"/api/music/{style}/sample")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "audio/mpeg"
    assert "public" in answer.headers["cache-control"]
    audio, rate, seconds = _decode(answer.content)
    assert seconds == pytest.approx(10.0, abs=0.1)
    assert pyloudnorm.Meter(rate).integrated_loudness(audio) == pytest.approx(-14.0, abs=1.0)
    assert 20 * np.log10(np.abs(audio).max()) <= -1.0


def test_an_alias_plays_the_same_style_and_the_file_is_made_once(app: FastAPI) -> None:
    first = _get(app, "/api/music/serenata/sample")
    cached = app.state.diapo.settings.data_dir / "music-samples" / "serenata.mp3"
    made = cached.stat().st_mtime_ns
    again = _get(app, "/api/music/romantica/sample")
    assert again.status_code == 200 and again.content == first.content
    assert cached.stat().st_mtime_ns == made


def test_an_unknown_style_is_a_clear_404(app: FastAPI) -> None:
    answer = _get(app, "/api/music/dubstep/sample")
    assert answer.status_code == 404
    assert "dubstep" in answer.text


def test_the_sample_route_is_documented(app: FastAPI) -> None:
    spec = _get(app, "/openapi.json").json()
    operation = spec["paths"]["/api/music/{style}/sample"]["get"]
    assert "audio/mpeg" in operation["responses"]["200"]["content"]
    assert "security" not in operation
