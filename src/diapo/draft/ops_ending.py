"""How the video ends, as an edit: fade out (the default), cut, or an end card."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from diapo.draft.media import MediaRef
from diapo.draft.model import Draft, Ending
from diapo.draft.ops_base import Op, say
from diapo.draft.vocabulary import END_FADE_MS, ENDING_TITLES, LANGUAGES, EndingKind

__all__ = ["SetEnding"]


class SetEnding(Op):
    """End the video with a fade of picture and sound, a cut, or an end card."""

    op: Literal["set_ending"] = "set_ending"
    kind: EndingKind = Field(description="fade (the default), cut, or card")
    ms: int | None = Field(
        None, ge=END_FADE_MS[0], le=END_FADE_MS[2], description="the final fade, ms (about 1000)"
    )
    text: str | None = Field(
        None, min_length=1, max_length=120, description="an end card's words (else 'The End')"
    )

    def describe(self, lang: str = "en") -> str:
        title = ENDING_TITLES[self.kind][lang if lang in LANGUAGES else "en"]
        text = say(lang, it=f"Finale: {title}", en=f"Ending: {title}", zh=f"结尾：{title}")
        if self.kind == "card" and self.text:
            text += say(lang, it=f" «{self.text}»", en=f" “{self.text}”", zh=f"「{self.text}」")
        return text

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        now = draft.ending
        end = Ending(
            k=self.kind,
            d=self.ms or now.d,
            text=self.text if self.kind == "card" else None,
        )
        # The default ending is written as no ending at all, as a new draft has it.
        return draft.model_copy(update={"end": None if end == Ending() else end})
