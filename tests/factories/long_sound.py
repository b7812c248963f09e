"""Hours of silence in MP3, M4A and WAV, written in seconds: a minute encoded, then repeated.

The files are real and whole, as a decoder sees them: an MP3 is a run of frames,
so a minute's frames written again and again are a longer MP3 (no Xing header,
so the length comes from the bit rate and the size, as for most MP3s); an M4A
gets a minute's AAC packets muxed again and again with later times; a WAV is
16-bit PCM whose data is a sparse file (zeros, no disk used) of the full length.
All at 8 kHz mono, the cheapest a decoder is handed: 20 hours of MP3 at 8 kbit/s
are 72 MB, of M4A about 4.6 MB, of WAV 1.15 GB that take no room on the disk.
"""

from __future__ import annotations

import struct
from pathlib import Path

import av
import numpy as np

__all__ = ["RATE", "write_clip", "write_silence"]

RATE = 8000
_MINUTE = 60 * RATE


def write_silence(path: Path, hours: float) -> Path:
    """`hours` of silence at 8 kHz mono in the format named by `path`'s suffix."""
    minutes = max(1, round(hours * 60))
    writer = {".mp3": _mp3, ".m4a": _m4a, ".wav": _wav}[path.suffix]
    writer(path, minutes)
    return path


def _encode_minute(path: Path, fmt: str, codec: str, options: dict[str, str]) -> None:
    with av.open(str(path), "w", format=fmt, options=options) as out:
        stream = out.add_stream(codec, rate=RATE, layout="mono")
        assert isinstance(stream, av.AudioStream)
        stream.bit_rate = 8000
        sample_format = stream.codec_context.format
        assert sample_format is not None
        size = stream.codec_context.frame_size or 1024
        wide = sample_format.name.startswith("s32")
        for pts in range(0, _MINUTE, size):
            shape = (1, min(size, _MINUTE - pts))
            frame = av.AudioFrame.from_ndarray(
                np.zeros(shape, np.int32) if wide else np.zeros(shape, np.float32),
                format=sample_format.name,
                layout="mono",
            )
            frame.sample_rate, frame.pts = RATE, pts
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)


def _mp3(path: Path, minutes: int) -> None:
    one = path.with_name(f".minute-{path.name}")
    _encode_minute(one, "mp3", "libmp3lame", {"write_xing": "0"})
    data = one.read_bytes()
    one.unlink()
    # The ID3 tag (10 bytes of header plus its size, a syncsafe integer) comes once.
    tag = 10 + sum((b & 0x7F) << (7 * (3 - i)) for i, b in enumerate(data[6:10]))
    frames = data[tag:]
    with path.open("wb") as out:
        out.write(data[:tag])
        for _ in range(minutes):
            out.write(frames)


def write_clip(path: Path, hours: float) -> Path:
    """An MP4 whose picture is one frame of 64×64 and whose sound is `hours` of silence."""
    _m4a(path, max(1, round(hours * 60)), picture=True)
    return path


def _m4a(path: Path, minutes: int, *, picture: bool = False) -> None:
    one = path.with_name(f".minute-{path.name}")
    _encode_minute(one, "ipod", "aac", {})
    fmt = "mp4" if picture else "ipod"
    with av.open(str(one)) as source, av.open(str(path), "w", format=fmt) as out:
        template = source.streams.audio[0]
        video = out.add_stream("mpeg4", rate=25) if picture else None
        stream = out.add_stream_from_template(template)  # every stream before the first packet
        if video is not None:
            video.width = video.height = 64
            video.pix_fmt = "yuv420p"
            frame = av.VideoFrame.from_ndarray(np.zeros((64, 64, 3), np.uint8), format="rgb24")
            for packet in [*video.encode(frame), *video.encode(None)]:
                out.mux(packet)
        packets = [
            (bytes(p), p.pts or 0, p.dts or 0, p.duration or 0)
            for p in source.demux(template)
            if p.size
        ]
        span = sum(duration for *_, duration in packets)
        assert template.time_base is not None
        for k in range(minutes):
            for data, pts, dts, duration in packets:
                packet = av.Packet(data)
                packet.pts, packet.dts = pts + k * span, dts + k * span
                packet.duration, packet.time_base = duration, template.time_base
                packet.stream = stream
                out.mux(packet)
    one.unlink()


def _wav(path: Path, minutes: int) -> None:
    data = minutes * _MINUTE * 2  # 16-bit mono
    header = b"RIFF" + struct.pack("<I", 36 + data) + b"WAVE"
    header += b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, RATE, RATE * 2, 2, 16)
    header += b"data" + struct.pack("<I", data)
    with path.open("wb") as out:
        out.write(header)
        out.truncate(len(header) + data)  # sparse: zeros that take no disk
