"""Edit operations on timing: seconds per photo, total length and pace."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Literal

from pydantic import Field

from diapo.draft.media import MediaRef
from diapo.draft.model import Draft, VideoSegment, VideoTrack, track_duration_ms
from diapo.draft.ops_base import (
    MAX_SEGMENT_MS,
    MIN_SEGMENT_MS,
    Op,
    clamp_segments,
    main_segments,
    position,
    replace_main,
    say,
    with_meta,
)

__all__ = ["SetDuration", "SetPace", "SetTotalLength", "scale_photos"]


def _num(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _ms(seconds: float) -> int:
    return max(MIN_SEGMENT_MS, min(MAX_SEGMENT_MS, round(seconds * 1000)))


class SetDuration(Op):
    """How long photos stay on screen: every photo, or the one at `index`."""

    op: Literal["set_duration"] = "set_duration"
    on_beat: ClassVar[bool] = True
    seconds: float = Field(gt=0, le=600, description="seconds on screen (at least 0.1)")
    index: int | None = Field(
        default=None, ge=1, le=2000, description="1-based position; all photos if absent"
    )

    def describe(self, lang: str = "en") -> str:
        s = _num(self.seconds)
        if self.index is None:
            return say(
                lang,
                it=f"Ogni foto dura {s} s",
                en=f"Each photo lasts {s}s",
                zh=f"每张照片显示{s}秒",
            )
        return say(
            lang,
            it=f"La foto {self.index} dura {s} s",
            en=f"Photo {self.index} lasts {s}s",
            zh=f"第{self.index}张显示{s}秒",
        )

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        segs = main_segments(draft)
        d = _ms(self.seconds)
        if self.index is not None:
            i = position(draft, self.index)
            segs[i] = segs[i].model_copy(update={"d": _clip_limit(segs[i], d, media)})
            return replace_main(draft, segs)
        has_photos = any(s.m.kind == "photo" for s in segs)
        out = [
            s.model_copy(update={"d": _clip_limit(s, d, media)})
            if s.m.kind == "photo" or not has_photos
            else s
            for s in segs
        ]
        return replace_main(draft, out)


def _clip_limit(seg: VideoSegment, d: int, media: Sequence[MediaRef]) -> int:
    # A clip cannot play longer than what is left of its source after the trim.
    if seg.m.kind != "clip":
        return d
    ref = next((m for m in media if m.id == seg.m.src), None)
    if ref is None or not ref.duration_ms:
        return d
    return max(MIN_SEGMENT_MS, min(d, ref.duration_ms - seg.m.trim))


def scale_photos(
    segs: Sequence[VideoSegment], factor: float, *, transitions: bool = False
) -> list[VideoSegment]:
    """Photo durations (and optionally transitions) multiplied by `factor`, clamped."""
    out: list[VideoSegment] = []
    for s in segs:
        if s.m.kind == "photo":
            s = s.model_copy(
                update={"d": max(MIN_SEGMENT_MS, min(MAX_SEGMENT_MS, round(s.d * factor)))}
            )
        if transitions and s.m.tr is not None and s.m.tr.d > 0:
            s = with_meta(s, tr=s.m.tr.model_copy(update={"d": max(1, round(s.m.tr.d * factor))}))
        out.append(s)
    return out


def _length(segs: Sequence[VideoSegment]) -> int:
    return track_duration_ms(VideoTrack.model_construct(tt=0, sg=clamp_segments(segs)))


class SetTotalLength(Op):
    """Stretch or shrink the photos so that the whole video lasts `seconds`."""

    op: Literal["set_total_length"] = "set_total_length"
    on_beat: ClassVar[bool] = True
    seconds: float = Field(gt=0, le=4 * 3600, description="target length of the video in seconds")

    def describe(self, lang: str = "en") -> str:
        s = _num(self.seconds)
        return say(
            lang,
            it=f"Durata totale {s} s",
            en=f"Make the video {s}s long",
            zh=f"视频总长{s}秒",
        )

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        segs = main_segments(draft)
        target = round(self.seconds * 1000)
        photos = any(s.m.kind == "photo" for s in segs)
        # Transitions shrink when segments do, so a few rounds converge on the target.
        for _ in range(4):
            current = _length(segs)
            if current == target:
                break
            if photos:
                photo_ms = sum(s.d for s in segs if s.m.kind == "photo")
                factor = max(0.0, (photo_ms + target - current) / photo_ms)
                segs = scale_photos(segs, factor)
            else:
                # Clips only: shorten them (they cannot play longer than they are).
                factor = min(1.0, target / current)
                segs = [
                    s.model_copy(update={"d": max(MIN_SEGMENT_MS, round(s.d * factor))})
                    for s in segs
                ]
        return replace_main(draft, segs)


class SetPace(Op):
    """Slower (factor > 1) or faster (factor < 1): photo durations and transitions scale."""

    op: Literal["set_pace"] = "set_pace"
    on_beat: ClassVar[bool] = True
    factor: float = Field(ge=0.1, le=10, description="1.3 = 30% slower, 0.75 = faster")

    def describe(self, lang: str = "en") -> str:
        pct = round(abs(self.factor - 1) * 100)
        if self.factor >= 1:
            return say(
                lang,
                it=f"Più lento (+{pct}% per foto)",
                en=f"Slower (+{pct}% per photo)",
                zh=f"放慢（每张+{pct}%）",
            )
        return say(
            lang,
            it=f"Più veloce (-{pct}% per foto)",
            en=f"Faster (-{pct}% per photo)",
            zh=f"加快（每张-{pct}%）",
        )

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        return replace_main(
            draft, scale_photos(main_segments(draft), self.factor, transitions=True)
        )
