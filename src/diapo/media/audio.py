"""Decode the sound of audio and video files to float32 at one sample rate, in blocks."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import av
import av.container
import numpy as np

from diapo.errors import CorruptMediaError
from diapo.media.avfile import av_errors, open_container
from diapo.media.filecheck import check_file

__all__ = ["audio_blocks", "audio_windows", "decode_audio", "has_audio"]

# Samples handed out at a time by `audio_blocks` (5.5 s at 48 kHz): a few MB, whatever the file.
BLOCK_FRAMES = 1 << 18


def has_audio(path: Path) -> bool:
    """Whether a video or audio file carries a sound track."""
    path = Path(path)
    check_file(path, kinds=("video", "audio"))
    with open_container(path) as container:
        return bool(container.streams.audio)


def audio_blocks(
    path: Path,
    *,
    sample_rate: int = 48000,
    channels: int = 2,
    start_ms: int = 0,
    duration_ms: int | None = None,
    block: int = BLOCK_FRAMES,
) -> Iterator[np.ndarray]:
    """The sound from `start_ms` on, as float32 arrays (n, channels) of at most `block` samples.

    Decoding stops as soon as `duration_ms` (or the end of the sound) is reached,
    so memory is one block and the work is the span asked for, however long the
    file is: the start is reached by seeking, not by decoding what lies before.
    Mono is duplicated to both channels of a stereo request; more channels are
    downmixed by FFmpeg. A video without sound gives no blocks; an audio file
    without a sound track is damaged and raises `CorruptMediaError`.
    """
    path = Path(path)
    wanted = None if duration_ms is None else max(0, round(duration_ms * sample_rate / 1000))
    if wanted == 0:
        check_file(path, kinds=("video", "audio"))
        return
    with _opened(path, fast_seek=start_ms > 0) as (container, stream):
        if stream is not None:
            yield from _span(container, stream, start_ms, wanted, sample_rate, channels, block)


def audio_windows(
    path: Path,
    starts_ms: Sequence[int],
    duration_ms: int,
    *,
    sample_rate: int = 48000,
    channels: int = 2,
    block: int = BLOCK_FRAMES,
) -> Iterator[tuple[int, np.ndarray]]:
    """`audio_blocks` of several windows of one file, opened once: (window's index, block).

    Opening an M4A reads its whole index (1.7 MB for 20 hours), so measuring
    windows spread along a file opens it once rather than once a window.
    """
    path = Path(path)
    wanted = max(0, round(duration_ms * sample_rate / 1000))
    with _opened(path, fast_seek=True) as (container, stream):
        if stream is None or wanted == 0:
            return
        for k, start_ms in enumerate(starts_ms):
            for part in _span(
                container, stream, start_ms, wanted, sample_rate, channels, block, seek=k > 0
            ):
                yield k, part


@contextmanager
def _opened(
    path: Path, *, fast_seek: bool
) -> Iterator[tuple[av.container.InputContainer, av.AudioStream | None]]:
    """The file open, and its first sound stream (None for a video without sound)."""
    sniffed, _ = check_file(path, kinds=("video", "audio"))
    with open_container(path, fast_seek=fast_seek) as container, av_errors(path):
        if not container.streams.audio:
            if sniffed.kind == "audio" and not container.streams.video:
                raise CorruptMediaError(f"{path.name} has no sound in it.", path=str(path))
            yield container, None
            return
        yield container, container.streams.audio[0]


def _span(
    container: av.container.InputContainer,
    stream: av.AudioStream,
    start_ms: int,
    wanted: int | None,
    sample_rate: int,
    channels: int,
    block: int,
    *,
    seek: bool = False,
) -> Iterator[np.ndarray]:
    start = max(0, start_ms) / 1000.0
    if (start > 0 or seek) and stream.time_base is not None:
        container.seek(int(start / stream.time_base), stream=stream, backward=True)
    layout = "mono" if channels == 1 else "stereo"
    resampler = av.AudioResampler(format="flt", layout=layout, rate=sample_rate)
    pending = _Blocks(channels, block, wanted)
    origin: float | None = None
    for frame in container.decode(stream):
        if origin is None:
            origin = frame.time if frame.time is not None else 0.0
            # Seeking lands at or before `start`: drop the samples in between.
            pending.skip = max(0, round((start - origin) * sample_rate))
        for out in resampler.resample(frame):
            yield from pending.add(out)
        if pending.done:
            return
    for out in resampler.resample(None):
        yield from pending.add(out)
    yield from pending.flush()


class _Blocks:
    """Cuts resampled frames into blocks of a fixed size, after a skip and up to a total."""

    def __init__(self, channels: int, block: int, wanted: int | None) -> None:
        self.channels, self.block, self.left = channels, block, wanted
        self.skip = 0
        self.parts: list[np.ndarray] = []
        self.held = 0

    @property
    def done(self) -> bool:
        return self.left is not None and self.left <= 0

    def add(self, frame: av.AudioFrame) -> Iterator[np.ndarray]:
        # Packed "flt" comes as one plane of interleaved samples.
        data = frame.to_ndarray().reshape(-1, self.channels).astype(np.float32, copy=False)
        if self.skip:
            cut = min(self.skip, len(data))
            data, self.skip = data[cut:], self.skip - cut
        if self.left is not None:
            data = data[: max(0, self.left)]
            self.left -= len(data)
        if len(data) == 0:
            return
        self.parts.append(data)
        self.held += len(data)
        while self.held >= self.block or (self.done and self.held):
            yield self._take(min(self.block, self.held))

    def flush(self) -> Iterator[np.ndarray]:
        while self.held:
            yield self._take(min(self.block, self.held))

    def _take(self, n: int) -> np.ndarray:
        joined = np.concatenate(self.parts) if len(self.parts) > 1 else self.parts[0]
        out, rest = joined[:n], joined[n:]
        self.parts, self.held = ([rest] if len(rest) else []), len(rest)
        clipped: np.ndarray = np.clip(out, -1.0, 1.0)
        return clipped


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
    An audio file without a sound track is damaged and raises. The whole span
    is held at once: give `duration_ms`, or use `audio_blocks`, for long files.
    """
    blocks = audio_blocks(path, sample_rate=sample_rate, start_ms=start_ms, duration_ms=duration_ms)
    if duration_ms is None:
        parts = list(blocks)
        return np.concatenate(parts) if parts else np.zeros((0, 2), np.float32)
    # The span's length is known: the samples go straight to their place, never
    # into a list and then a concatenated copy (twice the span at the peak).
    out = np.empty((max(0, round(duration_ms * sample_rate / 1000)), 2), np.float32)
    have = 0
    for part in blocks:
        out[have : have + len(part)] = part
        have += len(part)
    return out[:have]
