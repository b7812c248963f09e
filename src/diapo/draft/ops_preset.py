"""Edit operations for platform presets: make the video for a platform, and trim it to its limit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from diapo.draft.media import MediaRef
from diapo.draft.model import Draft
from diapo.draft.ops_base import Op, OpError, say
from diapo.draft.ops_look import SetAspect
from diapo.draft.presets import TrimMode, preset_canvas, preset_of, trimmed
from diapo.draft.vocabulary import PLATFORM_PRESETS, PresetName

__all__ = ["SetPreset", "TrimToDuration"]


class SetPreset(Op):
    """Make the video for a platform: its aspect ratio and size, its length and file-size limits.

    A draft longer than the platform allows is not cut: the reply warns and
    offers `trim_to_duration`.
    """

    op: Literal["set_preset"] = "set_preset"
    preset: PresetName

    def describe(self, lang: str = "en") -> str:
        p = PLATFORM_PRESETS[self.preset]
        title = p.titles.get(lang, p.titles["en"])
        return say(
            lang,
            it=f"Video per {title} ({p.aspect}, {p.resolution})",
            en=f"Video for {title} ({p.aspect}, {p.resolution})",
            zh=f"适合{title}的视频（{p.aspect}，{p.resolution}）",
        )

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        p = PLATFORM_PRESETS[self.preset]
        # The aspect change re-plans framing and motion for the new frame.
        shaped = SetAspect(aspect=p.aspect).edit(draft, media) if draft.c.ar != p.aspect else draft
        return shaped.model_copy(update={"c": preset_canvas(shaped.c, self.preset)})


class TrimToDuration(Op):
    """Shorten the video to at most `seconds` (default: its platform's longest video).

    `how` "even" shortens every photo by the same share; "end" drops the last photos.
    """

    op: Literal["trim_to_duration"] = "trim_to_duration"
    seconds: float | None = Field(
        default=None,
        gt=0,
        le=4 * 3600,
        description="the longest the video may be; default: the platform preset's limit",
    )
    how: TrimMode = Field("even", description="even: shorter photos; end: drop the end")

    def describe(self, lang: str = "en") -> str:
        limit = "" if self.seconds is None else f" ({self.seconds:g} s)"
        if self.how == "end":
            return say(
                lang,
                it=f"Video accorciato togliendo la fine{limit}",
                en=f"Shorten the video by dropping the end{limit}",
                zh=f"删掉结尾来缩短视频{limit}",
            )
        return say(
            lang,
            it=f"Video accorciato: ogni foto un po' più corta{limit}",
            en=f"Shorten the video by shortening every photo{limit}",
            zh=f"每张照片都缩短一点来缩短视频{limit}",
        )

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        seconds = self.seconds
        if seconds is None:
            preset = preset_of(draft)
            if preset is None:
                raise OpError(
                    en="How long should it be? Say the seconds, or choose a platform first.",
                    it="Quanto deve durare? Dimmi i secondi, o scegli prima una piattaforma.",
                    zh="要多长？请说秒数，或者先选择一个平台。",
                    loc="seconds",
                )
            seconds = float(preset.max_seconds)
        return trimmed(draft, seconds, media, how=self.how)
