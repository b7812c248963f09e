"""Encoder rate control for platform presets: a peak bitrate, and a file-size cap met in two passes.

A preset gives x264 a peak (VBV `maxrate`) on top of the quality's usual
constant-quality encode. Where a file-size cap is the tighter limit (WhatsApp:
16 MB for a video sent as media) the average bitrate that fills the cap is
worked out from the known duration and audio bitrate. The constant-quality
encode runs first and writes x264's first-pass statistics (`pass=1` with a
stats file, through PyAV); its real size is measured. Under the cap, it is
the result: one encode. Over it, a second pass (`pass=2`) spends exactly the
budget; if the file still overshoots, the second pass runs again at a bitrate
lowered by the measured excess.

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
    "cap_bitrate",
    "encode_with_rate",
    "preset_rate",
    "rate_target",
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


def cap_bitrate(target: RateTarget, duration_ms: int) -> int | None:
    """The average video bitrate that fills the size cap (None without a cap).

    Raises RenderError when the cap leaves too little for a watchable picture.
    """
    if target.size_cap is None or duration_ms <= 0:
        return None
    seconds = duration_ms / 1000
    budget = target.size_cap * (1 - _MARGIN) - _OVERHEAD_BYTES - target.audio_bps * seconds / 8
    bps = int(budget * 8 / seconds)
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

    Without a target this is one ordinary encode. With one, the quality's
    constant-quality encode runs first under the preset's peak; with a size cap
    the file's real size is then checked, never assumed. Only a file over the
    cap is encoded again, at the bitrate that fills it: where that bitrate is
    under the peak (the cap is the tighter limit) the first encode already wrote
    x264's first-pass statistics, so the second is a true second pass.
    """
    if target is None:
        return encode(EncodePass())
    base = dict(X264_SETTINGS[quality])
    peaked = {
        **base,
        "maxrate": str(target.peak_bps),
        "bufsize": str(2 * target.peak_bps),
    }
    budget = cap_bitrate(target, duration_ms)
    cap = target.size_cap
    if budget is None or cap is None:
        return encode(EncodePass(peaked, target.audio_bps))
    work = Path(tempfile.mkdtemp(prefix=".x264-", dir=path.parent))
    stats = work / "pass.log"
    try:
        likely_over = budget < target.peak_bps
        first = dict(peaked)
        if likely_over:
            # A constant-quality first pass may write the statistics a second pass reads.
            first["x264-params"] = _joined(base.get("x264-params", ""), f"pass=1:stats={stats}")
        share = 0.5 if likely_over else 1.0
        frames = encode(EncodePass(first, target.audio_bps, start=0.0, end=share))
        if path.stat().st_size <= cap:
            return frames
        if not likely_over:
            # The peak should have kept it under; it did not: measure the picture afresh.
            plain = {k: v for k, v in base.items() if k not in ("crf", "qp")}
            plain.update(b=str(budget))
            plain["x264-params"] = _joined(base.get("x264-params", ""), f"pass=1:stats={stats}")
            encode(EncodePass(plain, target.audio_bps, with_audio=False, start=0.0, end=0.5))
        return _second_pass(target, base, budget, stats, path=path, encode=encode)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _second_pass(
    target: RateTarget,
    base: dict[str, str],
    bps: int,
    stats: Path,
    *,
    path: Path,
    encode: Callable[[EncodePass], int],
) -> int:
    assert target.size_cap is not None
    # Constant quality and average bitrate exclude each other in x264.
    rate = {k: v for k, v in base.items() if k not in ("crf", "qp", "x264-params")}
    params = _joined(base.get("x264-params", ""), f"pass=2:stats={stats}")
    for attempt in range(_RETRIES + 1):
        options = {**rate, "b": str(bps), "x264-params": params}
        frames = encode(EncodePass(options, target.audio_bps, start=0.5, end=1.0))
        size = path.stat().st_size
        if size <= target.size_cap:
            return frames
        if attempt < _RETRIES:
            bps = _corrected(target, bps, size)
    raise RenderError(
        f"The video came out at {size / 1_000_000:.1f} MB, over the "
        f"{target.size_cap / 1_000_000:g} MB cap, after {_RETRIES + 1} tries."
    )


def _corrected(target: RateTarget, bps: int, size: int) -> int:
    """The video bitrate lowered by the share the file overshot its cap (measured, not guessed)."""
    assert target.size_cap is not None
    wanted = target.size_cap * (1 - _MARGIN)
    lowered = int(bps * wanted / size)
    if lowered < _MIN_VIDEO_BPS:
        raise RenderError(
            f"The video cannot fit in {target.size_cap / 1_000_000:g} MB with a watchable "
            "picture; shorten it first."
        )
    return lowered


def _joined(params: str, extra: str) -> str:
    return f"{params}:{extra}" if params else extra
