"""Encoder rate control for platform presets: a peak bitrate, or a file-size cap met in two passes.

A preset gives x264 a peak (VBV `maxrate`) on top of the quality's usual
constant-quality encode, so a video of the platform's longest length stays
under its file-size cap. Where the cap is the tighter limit (WhatsApp: 16 MB
for a video sent as media) the average bitrate that fills it is worked out from
the known duration and audio bitrate, and the video is encoded twice: x264's
first pass measures where the bits are needed, the second spends exactly the
budget (libx264's `pass=1` / `pass=2` with a stats file, through PyAV). The file's
real size is then checked; if it still overshoots, the second pass runs again
at a bitrate lowered by the measured excess.

`encode_with_rate` is handed the function that encodes one pass (the
pipeline's frame producer and encoder), so rate control knows nothing of frames.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from diapo.draft.model import Draft
from diapo.draft.vocabulary import PLATFORM_PRESETS, PlatformPreset
from diapo.errors import RenderError
from diapo.render.encode import CONTAINERS, X264_SETTINGS

__all__ = [
    "EncodePass",
    "RateTarget",
    "encode_with_rate",
    "preset_rate",
    "rate_target",
    "two_pass_bitrate",
]

# What the budget keeps back for the container (the mp4 index grows with the
# frame count) and for x264's last few percent of error: measured overheads of
# mp4 at 30 fps with AAC are about 0.5% of a 1 MB file, two-pass error about 2%.
_MARGIN = 0.03
_OVERHEAD_BYTES = 16_384
# Below this a picture is mush: refuse rather than deliver it.
_MIN_VIDEO_BPS = 150_000
_RETRIES = 2


@dataclass(frozen=True, slots=True)
class RateTarget:
    """What the encoder must respect: a peak video bitrate, an audio bitrate, a file-size cap."""

    peak_bps: int
    audio_bps: int
    size_cap: int | None = None


@dataclass(frozen=True, slots=True)
class EncodePass:
    """One run of the encoder: its x264 options, its audio, and its share of the progress bar."""

    options: dict[str, str] | None = None
    audio_bps: int | None = None
    with_audio: bool = True
    start: float = 0.0
    end: float = 1.0

    def progress(self, report: Callable[[float], None]) -> Callable[[float], None]:
        """`report` for this pass: its own 0..1 mapped onto its share of the whole render."""
        return lambda f: report(self.start + (self.end - self.start) * f)


def rate_target(preset: PlatformPreset | str, *, size_cap: int | None = None) -> RateTarget:
    """The preset's rate rules; `size_cap` overrides its file-size cap (tests use a small one)."""
    p = PLATFORM_PRESETS[preset] if isinstance(preset, str) else preset
    return RateTarget(
        peak_bps=p.video_kbps * 1000,
        audio_bps=p.audio_kbps * 1000,
        size_cap=size_cap if size_cap is not None else p.size_cap_bytes,
    )


def preset_rate(draft: Draft, fmt: str) -> RateTarget | None:
    """The rate rules of the draft's preset, for an H.264 output; None otherwise."""
    spec = CONTAINERS.get(fmt)
    if draft.c.preset is None or spec is None or spec.video != "libx264":
        return None
    return rate_target(draft.c.preset)


def two_pass_bitrate(target: RateTarget, duration_ms: int) -> int | None:
    """The average video bitrate that fills the size cap, or None when the peak already fits it.

    Raises RenderError when the cap leaves too little for a watchable picture.
    """
    if target.size_cap is None or duration_ms <= 0:
        return None
    seconds = duration_ms / 1000
    budget = target.size_cap * (1 - _MARGIN) - _OVERHEAD_BYTES - target.audio_bps * seconds / 8
    bps = int(budget * 8 / seconds)
    if bps >= target.peak_bps:
        return None
    if bps < _MIN_VIDEO_BPS:
        mb = target.size_cap / 1_000_000
        raise RenderError(
            f"A {seconds:.0f} s video cannot fit in {mb:g} MB with a watchable picture; "
            "shorten it first."
        )
    return bps


def encode_with_rate(
    target: RateTarget | None,
    *,
    duration_ms: int,
    quality: str,
    path: Path,
    encode: Callable[[EncodePass], int],
) -> int:
    """Encode into `path` within the target's rules; returns the frames written.

    Without a target this is one ordinary encode. With one, the file's real size
    is checked against the cap after encoding, never assumed.
    """
    if target is None:
        return encode(EncodePass())
    base = dict(X264_SETTINGS[quality])
    bps = two_pass_bitrate(target, duration_ms)
    if bps is None:
        peak = str(target.peak_bps)
        options = {**base, "maxrate": peak, "bufsize": str(2 * target.peak_bps)}
        frames = encode(EncodePass(options, target.audio_bps))
        size = path.stat().st_size
        if target.size_cap is None or size <= target.size_cap:
            return frames
        # The peak was meant to keep this under the cap; it did not, so aim at the cap.
        bps = _corrected(target, duration_ms, target.peak_bps, size)
    return _two_pass(target, base, bps, duration_ms=duration_ms, path=path, encode=encode)


def _two_pass(
    target: RateTarget,
    base: dict[str, str],
    bps: int,
    *,
    duration_ms: int,
    path: Path,
    encode: Callable[[EncodePass], int],
) -> int:
    assert target.size_cap is not None
    # Constant quality and average bitrate exclude each other in x264.
    rate = {k: v for k, v in base.items() if k not in ("crf", "qp", "x264-params")}
    params = base.get("x264-params", "")
    work = Path(tempfile.mkdtemp(prefix=".x264-", dir=path.parent))
    stats = work / "pass.log"
    try:
        first = {**rate, "b": str(bps), "x264-params": _joined(params, f"pass=1:stats={stats}")}
        # The first pass only measures the picture: no sound, a third of the progress.
        encode(EncodePass(first, target.audio_bps, with_audio=False, start=0.0, end=0.35))
        for attempt in range(_RETRIES + 1):
            second = {
                **rate,
                "b": str(bps),
                "x264-params": _joined(params, f"pass=2:stats={stats}"),
            }
            frames = encode(EncodePass(second, target.audio_bps, start=0.35, end=1.0))
            size = path.stat().st_size
            if size <= target.size_cap:
                return frames
            if attempt < _RETRIES:
                bps = _corrected(target, duration_ms, bps, size)
        raise RenderError(
            f"The video came out at {size / 1_000_000:.1f} MB, over the "
            f"{target.size_cap / 1_000_000:g} MB cap, after {_RETRIES + 1} tries."
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _corrected(target: RateTarget, duration_ms: int, bps: int, size: int) -> int:
    """The video bitrate lowered by the share the file overshot its cap (measured, not guessed)."""
    assert target.size_cap is not None
    seconds = duration_ms / 1000
    fixed = target.audio_bps * seconds / 8 + _OVERHEAD_BYTES
    wanted = target.size_cap * (1 - _MARGIN) - fixed
    got = max(1.0, size - fixed)
    lowered = int(bps * wanted / got)
    if lowered < _MIN_VIDEO_BPS:
        raise RenderError(
            f"The video cannot fit in {target.size_cap / 1_000_000:g} MB with a watchable "
            "picture; shorten it first."
        )
    return lowered


def _joined(params: str, extra: str) -> str:
    return f"{params}:{extra}" if params else extra
