"""Short video clips and tones written with PyAV, for tests and the demo."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from diapo.samples.scenes import generate_photo

__all__ = ["TONE_AMPLITUDE", "ClipSpec", "frame_marker_level", "write_clip", "write_tone"]

#: Peak of the sine the samples carry; its RMS is this over √2.
TONE_AMPLITUDE = 0.5

# Each clip frame carries its index as the grey level of a corner square,
# so a test can tell which source frame it got back after resampling.
_MARKER_FRACTION = 0.15
_MARKER_STEP = 4


def frame_marker_level(index: int) -> int:
    """The grey level of the corner marker of source frame `index`."""
    return (index * _MARKER_STEP) % 256


@dataclass(frozen=True, slots=True)
class ClipSpec:
    """How a sample clip is encoded."""

    container: str = "mp4"
    video_codec: str = "libx264"
    audio_codec: str | None = "aac"
    width: int = 640
    height: int = 360
    fps: int = 30
    seconds: float = 2.0
    tone_hz: float = 440.0
    sample_rate: int = 48000
    #: Clockwise degrees a player must turn the picture, like a phone's `rotate` tag.
    rotation: int = 0
    scene: str = "seaside"
    #: Written as the container's `creation_time`, as phones do.
    creation_time: str | None = "2024-07-05T18:30:00.000000Z"


def write_clip(path: Path, spec: ClipSpec = ClipSpec(), *, seed: int = 0) -> Path:
    """Write a clip of a gently panning scene with a numbered marker and a tone."""
    turned = spec.rotation in (90, 270)
    shown_w, shown_h = (spec.height, spec.width) if turned else (spec.width, spec.height)
    # Paint the scene wider than the frame so the clip can pan across it.
    scene = np.asarray(generate_photo(spec.scene, shown_w * 5 // 4, shown_h, seed=seed))
    frames = round(spec.seconds * spec.fps)
    marker = max(8, round(min(shown_w, shown_h) * _MARKER_FRACTION))
    with av.open(str(path), mode="w", format=spec.container) as container:
        if spec.creation_time:
            container.metadata["creation_time"] = spec.creation_time
        video = container.add_stream(spec.video_codec, rate=spec.fps)
        assert isinstance(video, av.VideoStream)
        video.width, video.height = spec.width, spec.height
        video.pix_fmt = "yuv420p"
        if spec.rotation:
            # PyAV takes the display matrix angle counter-clockwise.
            video.set_display_rotation(-spec.rotation)
        if spec.video_codec in ("libvpx", "libvpx-vp9"):
            video.options = {"deadline": "realtime", "cpu-used": "8"}
        elif spec.video_codec == "libx264":
            video.options = {"preset": "veryfast"}
        audio: av.AudioStream | None = None
        if spec.audio_codec:
            added = container.add_stream(spec.audio_codec, rate=spec.sample_rate)
            assert isinstance(added, av.AudioStream)
            added.layout = "stereo"
            audio = added
        for index in range(frames):
            offset = round((scene.shape[1] - shown_w) * index / max(1, frames - 1))
            picture = scene[:, offset : offset + shown_w].copy()
            picture[-marker:, :marker] = frame_marker_level(index)
            if spec.rotation:
                # Store the picture turned back, as the phone's sensor saw it.
                picture = np.rot90(picture, spec.rotation // 90)
            frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(picture), format="rgb24")
            frame.pts = index
            frame.time_base = Fraction(1, spec.fps)
            container.mux(video.encode(frame))
        container.mux(video.encode(None))
        if audio is not None:
            _encode_tone(container, audio, spec.seconds, spec.tone_hz, spec.sample_rate)
    return path


def write_tone(
    path: Path,
    *,
    container: str,
    codec: str,
    seconds: float = 1.0,
    tone_hz: float = 440.0,
    sample_rate: int = 44100,
) -> Path:
    """Write a stereo sine tone as an audio-only file (wav, mp3, ipod/m4a, adts/aac)."""
    with av.open(str(path), mode="w", format=container) as output:
        stream = output.add_stream(codec, rate=sample_rate)
        assert isinstance(stream, av.AudioStream)
        stream.layout = "stereo"
        _encode_tone(output, stream, seconds, tone_hz, sample_rate)
    return path


def _encode_tone(
    container: av.container.OutputContainer,
    stream: av.AudioStream,
    seconds: float,
    tone_hz: float,
    sample_rate: int,
) -> None:
    total = round(seconds * sample_rate)
    chunk = 1024
    for start in range(0, total, chunk):
        n = min(chunk, total - start)
        t = (np.arange(start, start + n) / sample_rate).astype(np.float64)
        wave = (TONE_AMPLITUDE * np.sin(2 * np.pi * tone_hz * t)).astype(np.float32)
        frame = av.AudioFrame.from_ndarray(np.stack([wave, wave]), format="fltp", layout="stereo")
        frame.sample_rate = sample_rate
        frame.pts = start
        frame.time_base = Fraction(1, sample_rate)
        container.mux(stream.encode(frame))
    container.mux(stream.encode(None))
