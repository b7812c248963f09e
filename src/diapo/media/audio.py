"""Decode the sound of audio files and of videos to float32 stereo at one sample rate."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np

from diapo.errors import CorruptMediaError
from diapo.media.avfile import av_errors, open_container
from diapo.media.filecheck import check_file

__all__ = ["decode_audio", "has_audio"]


def has_audio(path: Path) -> bool:
    """Whether a video or audio file carries a sound track."""
    path = Path(path)
    check_file(path, kinds=("video", "audio"))
    with open_container(path) as container:
        return bool(container.streams.audio)


def decode_audio(
    path: Path,
    *,
    sample_rate: int = 48000,
    start_ms: int = 0,
    duration_ms: int | None = None,
) -> np.ndarray:
    """Decode sound to float32 samples of shape (n, 2) in [-1, 1] at `sample_rate`.

    Mono is duplicated to both channels; more channels are downmixed by
    FFmpeg. A video without sound gives an empty (0, 2) array rather than an
    error: a silent clip is normal, and the mixer simply adds nothing.
    An audio file without a sound track is damaged and raises.
    """
    path = Path(path)
    sniffed, _ = check_file(path, kinds=("video", "audio"))
    empty = np.zeros((0, 2), dtype=np.float32)
    start = max(0, start_ms) / 1000.0
    wanted = None if duration_ms is None else max(0, round(duration_ms * sample_rate / 1000))
    if wanted == 0:
        return empty
    with open_container(path) as container, av_errors(path):
        if not container.streams.audio:
            if sniffed.kind == "audio" and not container.streams.video:
                raise CorruptMediaError(f"{path.name} has no sound in it.", path=str(path))
            return empty
        stream = container.streams.audio[0]
        if start > 0 and stream.time_base is not None:
            container.seek(int(start / stream.time_base), stream=stream, backward=True)
        resampler = av.AudioResampler(format="flt", layout="stereo", rate=sample_rate)
        chunks: list[np.ndarray] = []
        origin: float | None = None
        have = 0
        # Samples to drop at the front: seeking lands at or before `start`.
        skip = 0
        for frame in container.decode(stream):
            if origin is None:
                origin = frame.time if frame.time is not None else 0.0
                skip = max(0, round((start - origin) * sample_rate))
            for out in resampler.resample(frame):
                have += _take(chunks, out)
            if wanted is not None and have >= skip + wanted:
                break
        else:
            for out in resampler.resample(None):
                have += _take(chunks, out)
    if not chunks:
        return empty
    samples = np.concatenate(chunks, axis=0)[skip:]
    if wanted is not None:
        samples = samples[:wanted]
    return np.ascontiguousarray(np.clip(samples, -1.0, 1.0, out=samples))


def _take(chunks: list[np.ndarray], frame: av.AudioFrame) -> int:
    # Packed "flt" stereo comes as one plane of interleaved L/R samples.
    data = frame.to_ndarray().reshape(-1, 2).astype(np.float32, copy=False)
    chunks.append(data)
    return int(data.shape[0])
