"""Writing frames and sound into a container with PyAV, fed by a frame iterator."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np
import numpy.typing as npt

from diapo.errors import RenderCancelled, RenderError
from diapo.music.spool import release

__all__ = ["CONTAINERS", "X264_SETTINGS", "ContainerSpec", "encode_audio_only", "encode_av"]

Yuv = npt.NDArray[np.uint8]
Stereo = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class ContainerSpec:
    """Codecs and muxer options for one output extension."""

    muxer: str
    video: str | None
    audio: str
    audio_bitrate: int = 192_000
    options: dict[str, str] = field(default_factory=dict)


CONTAINERS: dict[str, ContainerSpec] = {
    # faststart moves the index to the front so a browser plays while downloading.
    "mp4": ContainerSpec("mp4", "libx264", "aac", options={"movflags": "+faststart"}),
    "mov": ContainerSpec("mov", "libx264", "aac", options={"movflags": "+faststart"}),
    "mkv": ContainerSpec("matroska", "libx264", "aac"),
    "webm": ContainerSpec("webm", "libvpx-vp9", "libopus", audio_bitrate=128_000),
    "avi": ContainerSpec("avi", "libx264", "libmp3lame"),
    "mp3": ContainerSpec("mp3", None, "libmp3lame"),
    "wav": ContainerSpec("wav", None, "pcm_s16le"),
    "m4a": ContainerSpec("ipod", None, "aac", options={"movflags": "+faststart"}),
    "aac": ContainerSpec("adts", None, "aac"),
}

# x264 settings per quality. "standard" was chosen by measurement (README,
# "Speed and memory"): superfast keeps a higher SSIM against the lossless
# frames than veryfast at two thirds of the time. Fixed B-frames and no scene
# detection skip x264's low-resolution lookahead, a third of its CPU here, at
# the same SSIM and size one crf step lower; the renderer marks its hard cuts
# as keyframes itself. "preview" trades looks for speed.
X264_SETTINGS: dict[str, dict[str, str]] = {
    "preview": {"preset": "ultrafast", "crf": "28"},
    "standard": {"preset": "superfast", "crf": "22", "x264-params": "b-adapt=0:scenecut=0"},
    "high": {"preset": "medium", "crf": "18"},
    "lossless": {"preset": "ultrafast", "qp": "0"},
}

_VP9: dict[str, dict[str, str]] = {
    "preview": {"deadline": "realtime", "cpu-used": "8", "crf": "40", "b": "0", "row-mt": "1"},
    "standard": {"deadline": "realtime", "cpu-used": "7", "crf": "33", "b": "0", "row-mt": "1"},
    "high": {"deadline": "good", "cpu-used": "4", "crf": "30", "b": "0", "row-mt": "1"},
    "lossless": {"deadline": "realtime", "cpu-used": "8", "lossless": "1", "row-mt": "1"},
}

SAMPLE_RATE = 48_000
# BT.601 limited range: what OpenCV's RGB→I420 conversion produces; the stream
# is tagged so players decode the colours we meant.
_SMPTE170M = 6
_RANGE_MPEG = 1


def _video_options(codec: str, quality: str) -> dict[str, str]:
    if codec == "libvpx-vp9":
        return dict(_VP9[quality])
    return dict(X264_SETTINGS[quality])


def encode_av(
    path: Path,
    ext: str,
    frames: Iterable[Yuv | av.VideoFrame],
    *,
    width: int,
    height: int,
    fps: int,
    audio: Stereo | Future[Stereo] | None,
    quality: str = "standard",
    progress: Callable[[int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    video_options: dict[str, str] | None = None,
    audio_bitrate: int | None = None,
    restarts: Collection[int] = (),
) -> int:
    """Encode I420 frames (2-D arrays of height*3/2 x width, or ready VideoFrames) and sound.

    Audio is interleaved as the video advances. It may still be being mixed
    (a Future): video starts at once and the sound joins when it is ready,
    the muxer holding the few video packets in between.
    `video_options` and
    `audio_bitrate` replace the quality's codec options and the container's
    audio bitrate (rate control for platform presets, `render.ratecontrol`).

    At each index in `restarts` (counted from this call's first frame) a
    fresh encoder takes over (`render.gops`): its run is encoded the same
    whether it is part of a whole render or of a chunk.
    Returns the number of video frames written.
    """
    spec = CONTAINERS[ext]
    if spec.video is None:
        raise RenderError(f"{ext} is an audio format; it has no video stream.")
    written = 0
    try:
        with av.open(str(path), "w", format=spec.muxer, options=spec.options) as out:
            vstream: Any = out.add_stream(spec.video, rate=fps)
            vstream.width, vstream.height = width, height
            vstream.pix_fmt = "yuv420p"
            vstream.time_base = Fraction(1, fps)
            vstream.options = video_options or _video_options(spec.video, quality)
            cc = vstream.codec_context
            cc.colorspace, cc.color_primaries, cc.color_trc = _SMPTE170M, _SMPTE170M, _SMPTE170M
            cc.color_range = _RANGE_MPEG
            astream: Any = None
            if audio is not None:
                astream = out.add_stream(spec.audio, rate=SAMPLE_RATE)
                astream.layout = "stereo"
                if spec.audio != "pcm_s16le":
                    astream.bit_rate = audio_bitrate or spec.audio_bitrate
            audio_pos = 0
            sound: Stereo | None = audio if isinstance(audio, np.ndarray) else None
            run_start = 0
            restart_at = frozenset(restarts)
            # Every run of frames is encoded by a fresh encoder, the first one too, so a
            # run is encoded alike in a whole render and in a chunk. The stream's own
            # encoder only writes the file header (the parameter sets, which threads do
            # not change); on one thread it stays small (x264 at 1080p: 114 MB on three).
            video_options = dict(vstream.options)
            encoder: Any
            if restart_at:
                vstream.options = {**video_options, "threads": "1"}
                out.start_encoding()
                encoder = _fresh_encoder(vstream, video_options)
            else:
                # No restarts (rate control: one encoder meets the bitrate over the whole
                # stream, its two passes sharing one statistics file): the stream's own
                # encoder does the work.
                out.start_encoding()
                encoder = vstream.codec_context
            for yuv in frames:
                if cancel is not None and cancel():
                    raise RenderCancelled("The render was cancelled.")
                if isinstance(yuv, av.VideoFrame):
                    frame = yuv
                else:
                    frame = av.VideoFrame.from_ndarray(yuv, format="yuv420p")
                if written in restart_at and written > run_start:
                    _mux_run(out, vstream, encoder.encode(None), run_start)
                    encoder, run_start = _fresh_encoder(vstream, video_options), written
                # Each run counts its own frames from 0: the encoder sees the same input
                # in a whole render as in a chunk.
                frame.pts = written - run_start
                _mux_run(out, vstream, encoder.encode(frame), run_start)
                written += 1
                if sound is None and isinstance(audio, Future) and audio.done():
                    sound = audio.result()
                if astream is not None and sound is not None:
                    upto = min(len(sound), written * SAMPLE_RATE // fps)
                    audio_pos = _encode_audio_chunk(out, astream, sound, audio_pos, upto)
                if progress is not None:
                    progress(written)
            if astream is not None:
                if sound is None and isinstance(audio, Future):
                    sound = audio.result()
                if sound is not None:
                    _encode_audio_chunk(out, astream, sound, audio_pos, len(sound))
                out.mux(astream.encode(None))
            _mux_run(out, vstream, encoder.encode(None), run_start)
    except RenderCancelled:
        path.unlink(missing_ok=True)
        raise
    except (av.error.FFmpegError, OSError) as exc:
        path.unlink(missing_ok=True)
        raise RenderError(f"Could not write {path.name}: {exc}") from exc
    return written


def _mux_run(out: Any, stream: Any, packets: list[Any], run_start: int) -> None:
    """Mux a run's packets, their timestamps (in frames) moved to where the run starts."""
    for packet in packets:
        if run_start:
            packet.pts += run_start
            packet.dts += run_start
        packet.stream = stream
        out.mux(packet)


def _fresh_encoder(stream: Any, options: dict[str, str]) -> Any:
    """A new video encoder set up exactly as the stream's own (which wrote the file header)."""
    old = stream.codec_context
    cc: Any = av.CodecContext.create(old.name, "w")
    cc.width, cc.height, cc.pix_fmt = old.width, old.height, old.pix_fmt
    cc.time_base, cc.framerate = old.time_base, old.framerate
    cc.bit_rate = old.bit_rate or 0
    if old.bit_rate_tolerance is not None:
        cc.bit_rate_tolerance = old.bit_rate_tolerance
    cc.colorspace, cc.color_primaries, cc.color_trc = (
        old.colorspace, old.color_primaries, old.color_trc,
    )  # fmt: skip
    cc.color_range = old.color_range
    cc.flags = old.flags
    cc.options = dict(options)
    cc.open()
    # The file's header carries the first encoder's parameter sets; a later run must
    # be decodable with them.
    if cc.extradata != old.extradata:
        raise RenderError("The video encoder changed its settings between two runs of frames.")
    return cc


def _encode_audio_chunk(out: Any, stream: Any, audio: Stereo, start: int, end: int) -> int:
    # At most a second per frame: when the sound joins a video that ran ahead, or at the
    # end, the catch-up would otherwise be one copy of most of the soundtrack (and the
    # encoder's queue another); the encoder cuts its own frames, so the packets are alike.
    for lo in range(start, end, SAMPLE_RATE):
        hi = min(end, lo + SAMPLE_RATE)
        chunk = np.ascontiguousarray(audio[lo:hi].T)
        # A long soundtrack is spooled to a file (`music.spool`): what is encoded leaves memory.
        release(audio, lo, hi)
        frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout="stereo")
        frame.sample_rate = SAMPLE_RATE
        frame.pts = lo
        frame.time_base = Fraction(1, SAMPLE_RATE)
        out.mux(stream.encode(frame))
    return max(start, end)


def encode_audio_only(path: Path, ext: str, audio: Stereo) -> None:
    """Write the soundtrack alone (mp3, wav, m4a, aac)."""
    spec = CONTAINERS[ext]
    try:
        with av.open(str(path), "w", format=spec.muxer, options=spec.options) as out:
            stream: Any = out.add_stream(spec.audio, rate=SAMPLE_RATE)
            stream.layout = "stereo"
            if spec.audio != "pcm_s16le":
                stream.bit_rate = spec.audio_bitrate
            step = SAMPLE_RATE  # one second per frame keeps memory small
            for start in range(0, max(1, len(audio)), step):
                _encode_audio_chunk(out, stream, audio, start, min(len(audio), start + step))
            out.mux(stream.encode(None))
    except (av.error.FFmpegError, OSError) as exc:
        path.unlink(missing_ok=True)
        raise RenderError(f"Could not write {path.name}: {exc}") from exc
