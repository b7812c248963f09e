"""Platform presets on a draft (pure): the canvas a platform wants, and the length it allows.

The table itself is in the vocabulary (`PLATFORM_PRESETS`); this module reads it
against a draft: `preset_canvas` is the frame a preset sets, `overrun` says by
how much a draft is too long for its platform, in the length the renderer will
give it (beat sync included), and `trimmed` shortens a draft to a length,
evenly or by dropping the end. Nothing here cuts on its own: the chat, the CLI
and the service warn and offer, and cut only when asked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from diapo.draft.beats import sync_to_beats
from diapo.draft.media import MediaRef
from diapo.draft.model import Canvas, Draft, canvas_for
from diapo.draft.ops_base import MIN_SEGMENT_MS, OpError, finish, main_segments, replace_main
from diapo.draft.ops_timing import SetTotalLength
from diapo.draft.vocabulary import CANVAS_SIZES, PLATFORM_PRESETS, RESOLUTIONS, PlatformPreset
from diapo.errors import InvalidDraftError

__all__ = [
    "Overrun",
    "TrimMode",
    "overrun",
    "preset_canvas",
    "preset_of",
    "preset_resolution",
    "rendered_ms",
    "trimmed",
]

TrimMode = Literal["even", "end"]


def preset_of(draft: Draft) -> PlatformPreset | None:
    """The platform preset the draft is for, if any."""
    return PLATFORM_PRESETS[draft.c.preset] if draft.c.preset else None


def preset_canvas(canvas: Canvas, name: str) -> Canvas:
    """The canvas the preset sets: its aspect at its resolution, frame rate and colour kept."""
    preset = _known(name)
    full_w, full_h = CANVAS_SIZES[preset.aspect]
    long_side = round(max(full_w, full_h) * RESOLUTIONS[preset.resolution] / 1080)
    framed = canvas_for(preset.aspect, long_side=long_side, fps=canvas.fps)
    return framed.model_copy(update={"bg": canvas.bg, "preset": preset.name})


def preset_resolution(name: str, asked: str) -> str:
    """The smaller of the resolution asked for and the preset's own (a preset is a ceiling)."""
    own = _known(name).resolution
    return asked if RESOLUTIONS.get(asked, 0) <= RESOLUTIONS[own] else own


def _known(name: str) -> PlatformPreset:
    if name not in PLATFORM_PRESETS:
        raise InvalidDraftError(
            f"Unknown platform preset {name!r}; choose one of {', '.join(PLATFORM_PRESETS)}.",
            [{"loc": "preset", "msg": "unknown platform preset"}],
        )
    return PLATFORM_PRESETS[name]


def rendered_ms(draft: Draft) -> int:
    """How long the rendered video will last: the renderer lays cuts on the beat again."""
    return sync_to_beats(draft).duration_ms()


@dataclass(frozen=True, slots=True)
class Overrun:
    """A draft longer than its platform allows."""

    preset: PlatformPreset
    duration_ms: int

    @property
    def limit_ms(self) -> int:
        return self.preset.max_seconds * 1000

    @property
    def excess_ms(self) -> int:
        return self.duration_ms - self.limit_ms


def overrun(draft: Draft, preset: str | None = None) -> Overrun | None:
    """How far the draft passes its (or the named) preset's longest video; None if it fits."""
    chosen = _known(preset) if preset is not None else preset_of(draft)
    if chosen is None:
        return None
    length = rendered_ms(draft)
    return Overrun(chosen, length) if length > chosen.max_seconds * 1000 else None


def trimmed(
    draft: Draft, seconds: float, media: Sequence[MediaRef], *, how: TrimMode = "even"
) -> Draft:
    """The draft at most `seconds` long once rendered: photos shortened evenly, or the end dropped.

    "even" takes the same share off every photo (clips keep their length);
    "end" drops whole photos from the end, then shortens the last one kept.
    Either way the result is checked in the length the renderer will give it.
    """
    limit = round(seconds * 1000)
    if rendered_ms(draft) <= limit:
        return draft
    if how == "even":
        aim = limit
        out = draft
        # Beat sync rounds photos to whole bars, which may land a little past the
        # aim: aim lower by what it overshot, a few times at most.
        for _ in range(6):
            out = SetTotalLength(seconds=max(0.1, aim / 1000)).apply(draft, media)
            over = rendered_ms(out) - limit
            if over <= 0:
                return out
            aim -= over + 50
        raise _cannot(seconds)
    segs = main_segments(draft)
    while len(segs) > 1:
        kept = finish(replace_main(draft, segs[:-1]))
        if rendered_ms(kept) < limit:
            break
        segs = segs[:-1]
    out = finish(replace_main(draft, segs))
    for _ in range(6):
        over = rendered_ms(out) - limit
        if over <= 0:
            return out
        last = segs[-1]
        d = last.d - over - 50
        if d < MIN_SEGMENT_MS:
            break
        segs = [*segs[:-1], last.model_copy(update={"d": d})]
        out = finish(replace_main(draft, segs))
    raise _cannot(seconds)


def _cannot(seconds: float) -> InvalidDraftError:
    s = f"{seconds:g}"
    return OpError(
        en=f"I could not bring the video under {s} s; remove a few photos or clips first.",
        it=f"Non riesco a portare il video sotto i {s} s: togli prima qualche foto o video.",
        zh=f"无法把视频缩短到{s}秒以内，请先删掉几张照片或视频。",
        loc="seconds",
    )
