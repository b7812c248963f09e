"""Fixtures for renderer tests: real sample media, solid test cards, and a decoder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import av
import numpy as np
import pytest
from PIL import Image

from diapo.samples import write_sample_set


@pytest.fixture(scope="session")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_sample_set(tmp_path_factory.mktemp("samples"), small=True)


@pytest.fixture(scope="session")
def cards(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Flat colour photos (with a little texture) whose pixels are easy to tell apart."""
    folder = tmp_path_factory.mktemp("cards")
    colours = {"red": (220, 30, 30), "blue": (30, 40, 220), "green": (30, 200, 60)}
    out = {}
    rng = np.random.default_rng(1)
    for name, rgb in colours.items():
        img = np.empty((480, 640, 3), np.uint8)
        img[...] = rgb
        img = np.clip(img.astype(np.int16) + rng.integers(-6, 7, img.shape), 0, 255).astype(
            np.uint8
        )
        path = folder / f"{name}.png"
        Image.fromarray(img).save(path)
        out[name] = path
    return out


@dataclass
class Decoded:
    """What a rendered file holds, read back with PyAV."""

    video_codec: str | None = None
    audio_codec: str | None = None
    width: int = 0
    height: int = 0
    fps: float = 0.0
    frames: list[np.ndarray] = field(default_factory=list)
    duration_s: float = 0.0
    audio: np.ndarray | None = None
    audio_rate: int = 0


def decode(path: Path, *, keep_frames: bool = True) -> Decoded:
    out = Decoded()
    with av.open(str(path)) as c:
        if c.duration:
            out.duration_s = c.duration / 1_000_000
        if c.streams.video:
            vs = c.streams.video[0]
            out.video_codec = vs.codec_context.name
            out.width, out.height = vs.codec_context.width, vs.codec_context.height
            out.fps = float(vs.average_rate or 0)
            for f in c.decode(video=0):
                out.frames.append(f.to_ndarray(format="rgb24") if keep_frames else np.empty(0))
    with av.open(str(path)) as c:
        if c.streams.audio:
            ast = c.streams.audio[0]
            out.audio_codec = ast.codec_context.name
            out.audio_rate = ast.codec_context.sample_rate
            chunks = [f.to_ndarray().reshape(-1) for f in c.decode(audio=0)]
            if chunks:
                out.audio = np.concatenate(chunks).astype(np.float64)
    return out


class ReadMedia(Protocol):
    """The read_media fixture's type: decode, as tests call it."""

    def __call__(self, path: Path, *, keep_frames: bool = True) -> Decoded: ...


@pytest.fixture(scope="session")
def read_media() -> ReadMedia:
    """The decoder, as a fixture: tests call read_media(path)."""
    return decode
