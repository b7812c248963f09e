"""Edit operations on the look: transitions, Ken Burns, aspect ratio and fit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from diapo.draft.builder import fit_for, intensity_of, ken_burns_for
from diapo.draft.media import MediaRef
from diapo.draft.model import Draft, KenBurns, Transition, canvas_for
from diapo.draft.ops_base import Op, OpError, main_segments, position, replace_main, say, with_meta
from diapo.draft.vocabulary import (
    CANVAS_SIZES,
    DEFAULT_TRANSITION,
    TRANSITION_TITLES,
    Aspect,
    Fit,
    TransitionKind,
)

__all__ = ["VARIED_TRANSITIONS", "SetAspect", "SetFit", "SetKenBurns", "SetTransition"]

# What "varied transitions" cycles through: lively but never jarring neighbours.
VARIED_TRANSITIONS: tuple[str, ...] = (
    "crossfade",
    "slide_left",
    "zoom",
    "wipe_right",
    "fade_black",
    "push_up",
    "circle",
    "slide_right",
)

# "varied" is no transition of its own, so the vocabulary's titles do not name it.
_VARIED_NAMES = {"it": "varie", "en": "varied", "zh": "多种"}


def kind_label(kind: str, lang: str) -> str:
    """A transition's name for people, in `lang` (the vocabulary's titles)."""
    names = _VARIED_NAMES if kind == "varied" else TRANSITION_TITLES.get(kind)
    if names is None:
        return kind.replace("_", " ")
    return say(lang, it=names["it"], en=names["en"], zh=names["zh"])


class SetTransition(Op):
    """The transition on every cut, or only into the photo at `index` (2 or more)."""

    op: Literal["set_transition"] = "set_transition"
    kind: TransitionKind | Literal["varied"] = Field(
        default=DEFAULT_TRANSITION, description="transition kind; 'varied' cycles through several"
    )
    seconds: float | None = Field(
        default=None,
        ge=0,
        le=10,
        description="duration in seconds (clamped to half the shorter photo)",
    )
    index: int | None = Field(
        default=None, ge=2, le=2000, description="1-based photo it leads into; every cut if absent"
    )

    def describe(self, lang: str = "en") -> str:
        label = kind_label(self.kind, lang)
        dur = f" {self.seconds:g}s" if self.seconds is not None else ""
        if self.index is None:
            return say(
                lang,
                it=f"Transizioni: {label}{dur}",
                en=f"Transitions: {label}{dur}",
                zh=f"转场：{label}{dur}",
            )
        return say(
            lang,
            it=f"Transizione prima della foto {self.index}: {label}{dur}",
            en=f"Transition into photo {self.index}: {label}{dur}",
            zh=f"第{self.index}张之前的转场：{label}{dur}",
        )

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        segs = main_segments(draft)
        if self.index is not None:
            targets = [position(draft, self.index)]
        else:
            targets = list(range(1, len(segs)))
        if not targets:
            raise OpError(
                en="With a single photo there is no cut to put a transition on.",
                it="Con una sola foto non c'è nessun passaggio su cui mettere una transizione.",
                zh="只有一张照片，没有可以加转场的地方。",
            )
        for i in targets:
            kind = (
                VARIED_TRANSITIONS[(i - 1) % len(VARIED_TRANSITIONS)]
                if self.kind == "varied"
                else self.kind
            )
            old = segs[i].m.tr
            if self.seconds is not None:
                d = round(self.seconds * 1000)
            elif old is not None and old.d > 0:
                d = old.d
            else:
                d = 500
            if kind == "cut":
                d = 0
            elif d == 0:
                kind = "cut"
            segs[i] = with_meta(segs[i], tr=Transition.model_validate({"k": kind, "d": d}))
        return replace_main(draft, segs)


class SetKenBurns(Op):
    """Ken Burns pan-and-zoom on or off, with an intensity (1 is the default motion)."""

    op: Literal["set_ken_burns"] = "set_ken_burns"
    on: bool = True
    intensity: float | None = Field(
        default=None, ge=0, le=3, description="0.5 gentle, 1 normal, 2 strong"
    )
    index: int | None = Field(
        default=None, ge=1, le=2000, description="1-based photo; all photos if absent"
    )

    def describe(self, lang: str = "en") -> str:
        who = (
            say(
                lang,
                it=f" (foto {self.index})",
                en=f" (photo {self.index})",
                zh=f"（第{self.index}张）",
            )
            if self.index
            else ""
        )
        if not self.on or self.intensity == 0:
            return say(lang, it="Ken Burns spento", en="Ken Burns off", zh="关闭缩放平移效果") + who
        level = f" ×{self.intensity:g}" if self.intensity is not None else ""
        return (
            say(lang, it="Ken Burns acceso", en="Ken Burns on", zh="开启缩放平移效果") + level + who
        )

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        segs = main_segments(draft)
        refs = {m.id: m for m in media}
        which = [position(draft, self.index)] if self.index else range(len(segs))
        intensity = (self.intensity if self.intensity is not None else 1.0) if self.on else 0.0
        touched = False
        for i in which:
            seg = segs[i]
            if seg.m.kind != "photo":
                continue
            touched = True
            if intensity <= 0:
                kb = KenBurns.model_validate({"on": False, "z0": 1.0, "z1": 1.0})
            else:
                kb = ken_burns_for(
                    i,
                    refs.get(seg.m.src),
                    draft.c.ar,
                    intensity=intensity,
                    seconds=seg.d / 1000,
                    fps=draft.c.fps,
                    fit=seg.m.fit or draft.fit,
                )
            segs[i] = with_meta(seg, kb=kb)
        if not touched:
            raise OpError(
                en="Ken Burns only moves over photos, and there is none there.",
                it="Il Ken Burns si applica solo alle foto, e lì non ce ne sono.",
                zh="缩放平移效果只用于照片，这里没有照片。",
            )
        return replace_main(draft, segs)


class SetAspect(Op):
    """Change the aspect ratio (16:9, 9:16, 1:1, 4:5), keeping the resolution (the shorter side).

    Moving photos get a motion planned for the new frame at the same strength:
    a landscape photo in a 9:16 video sweeps across, so that what the crop
    hides is seen.
    """

    op: Literal["set_aspect"] = "set_aspect"
    aspect: Aspect

    def describe(self, lang: str = "en") -> str:
        return say(
            lang,
            it=f"Formato {self.aspect}",
            en=f"Aspect ratio {self.aspect}",
            zh=f"画面比例 {self.aspect}",
        )

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        c = draft.c
        # Resolutions are named by the shorter side (1080p): a 1920x1080 draft made
        # square is 1080x1080, not 1920x1920 (keeping the longer side did that).
        full_w, full_h = CANVAS_SIZES[self.aspect]
        short = min(CANVAS_SIZES[c.ar])
        long_side = round(max(full_w, full_h) * min(c.w, c.h) / short)
        canvas = canvas_for(self.aspect, long_side=long_side, fps=c.fps)
        # A platform preset holds while its shape does (see SetPreset).
        kept = {"bg": c.bg, "preset": c.preset if self.aspect == c.ar else None}
        resized = draft.model_copy(update={"c": canvas.model_copy(update=kept)})
        if draft.main_video is None or self.aspect == c.ar:
            return resized
        refs = {m.id: m for m in media}
        segs = main_segments(draft)
        for i, seg in enumerate(segs):
            ref = refs.get(seg.m.src)
            if ref is None:
                continue
            if seg.m.kind == "clip":
                # A clip's shape against the new frame's decides its fit again (`fit_for`).
                chosen = seg.m.fit is not None and seg.m.fit != fit_for(ref, c.ar, draft.fit)
                if not chosen:
                    own = fit_for(ref, self.aspect, draft.fit)
                    segs[i] = with_meta(seg, fit=own if own != draft.fit else None)
                continue
            # The new frame may cut faces the old one showed whole (or the reverse):
            # the fit is chosen again, unless the person chose this photo's fit.
            chosen = seg.m.fit is not None and seg.m.fit != fit_for(ref, c.ar, draft.fit)
            own_fit = seg.m.fit if chosen else fit_for(ref, self.aspect, draft.fit)
            seg = with_meta(seg, fit=own_fit if own_fit != draft.fit else None)
            strength = intensity_of(seg.m.kb)
            # Without the photo's size a sweep cannot be aimed: its motion is kept.
            if strength > 0:
                kb = ken_burns_for(
                    i,
                    ref,
                    self.aspect,
                    intensity=strength,
                    seconds=seg.d / 1000,
                    fps=c.fps,
                    fit=own_fit or draft.fit,
                )
                seg = with_meta(seg, kb=kb)
            segs[i] = seg
        return replace_main(resized, segs)


class SetFit(Op):
    """How photos fill the frame: cover (crop) or contain (whole photo on a blurred background)."""

    op: Literal["set_fit"] = "set_fit"
    fit: Fit
    index: int | None = Field(
        default=None, ge=1, le=2000, description="1-based photo; the whole video if absent"
    )

    def describe(self, lang: str = "en") -> str:
        if self.fit == "cover":
            text = say(
                lang,
                it="Riempi lo schermo (ritaglia)",
                en="Fill the frame (crop)",
                zh="铺满画面（裁剪）",
            )
        else:
            text = say(
                lang,
                it="Foto intere con sfondo sfocato",
                en="Whole photos on a blurred background",
                zh="完整显示照片，背景模糊",
            )
        if self.index:
            text += say(
                lang,
                it=f" (foto {self.index})",
                en=f" (photo {self.index})",
                zh=f"（第{self.index}张）",
            )
        return text

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        if self.index is None:
            # The draft-wide fit now rules: per-photo overrides are dropped.
            segs = [with_meta(s, fit=None) for s in main_segments(draft)]
            return replace_main(draft, segs).model_copy(update={"fit": self.fit})
        segs = main_segments(draft)
        i = position(draft, self.index)
        segs[i] = with_meta(segs[i], fit=self.fit)
        return replace_main(draft, segs)
