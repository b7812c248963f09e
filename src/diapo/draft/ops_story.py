"""Story edits: show the photos' places and dates as chapters, and title the slideshow from them.

"aggiungi luoghi e date", "togli le date", "metti i capitoli", "usa il titolo suggerito".
The places and dates come with the `MediaRef`s (EXIF at ingest); once a draft has a
story, every later edit rewrites its chapters (`Op.apply`), so they follow the photos.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from diapo.draft.media import MediaRef
from diapo.draft.model import Draft, Story
from diapo.draft.ops_base import Op, OpError, main_segments, say
from diapo.draft.ops_text import AddTitle
from diapo.draft.story import suggest_title
from diapo.draft.vocabulary import Language

__all__ = ["SetStory", "UseSuggestedTitle"]

Chapters = Literal["off", "cards", "captions"]


def _shown(draft: Draft, media: Sequence[MediaRef]) -> list[MediaRef]:
    by_id = {m.id: m for m in media}
    return [by_id[s.m.src] for s in main_segments(draft) if s.m.src in by_id]


class SetStory(Op):
    """Show where and when the photos were taken: chapter cards or captions where the day or
    the town changes. Unset fields keep their value; a new story shows places, dates and cards."""

    op: Literal["set_story"] = "set_story"
    places: bool | None = Field(None, description="name the town of each chapter")
    dates: bool | None = Field(None, description="name the day of each chapter")
    chapters: Chapters | None = Field(None, description="off, cards or captions")
    lang: Language | None = Field(None, description="language of dates and place names")

    def describe(self, lang: str = "en") -> str:
        shown: list[str] = []
        hidden: list[str] = []
        for flag, it, en, zh in (
            (self.places, "i luoghi", "places", "地点"),
            (self.dates, "le date", "dates", "日期"),
        ):
            if flag is not None:
                (shown if flag else hidden).append(say(lang, it=it, en=en, zh=zh))
        parts: list[str] = []
        if shown:
            joined = say(lang, it=" e ", en=" and ", zh="和").join(shown)
            parts.append(say(lang, it=f"Mostra {joined}", en=f"Show {joined}", zh=f"显示{joined}"))
        if hidden:
            joined = say(lang, it=" e ", en=" and ", zh="和").join(hidden)
            parts.append(say(lang, it=f"Togli {joined}", en=f"Hide {joined}", zh=f"去掉{joined}"))
        if self.chapters is not None:
            parts.append(
                {
                    "off": say(lang, it="niente capitoli", en="no chapters", zh="不分章节"),
                    "cards": say(
                        lang, it="capitoli come cartelli", en="chapter cards", zh="章节标题卡"
                    ),
                    "captions": say(
                        lang, it="capitoli come didascalie", en="chapter captions", zh="章节字幕"
                    ),
                }[self.chapters]
            )
        fallback = say(lang, it="Luoghi e date", en="Places and dates", zh="地点和日期")
        text = ", ".join(parts) or fallback
        return text[0].upper() + text[1:]

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        photos = _shown(draft, media)
        # Showing something turns the story on, and so does SetStory() alone; only hiding
        # ("togli le date") does not, while "hide the places, keep the dates" does.
        asked = (self.places, self.dates)
        turning_on = True in asked or self.chapters in ("cards", "captions")
        turning_on = turning_on or (asked == (None, None) and self.chapters is None)
        if turning_on and not any(m.place or m.taken_at for m in photos):
            raise OpError(
                en="None of these photos says where or when it was taken (no GPS or date).",
                it="Nessuna di queste foto dice dove o quando è stata scattata (né GPS né data).",
                zh="这些照片都没有拍摄地点或日期（没有 GPS 或时间信息）。",
            )
        # Hiding dates on a slideshow that tells no story yet must not start one.
        current = draft.story or (Story() if turning_on else Story(chapters="off"))
        update = {
            k: v
            for k, v in (
                ("places", self.places),
                ("dates", self.dates),
                ("chapters", self.chapters),
                ("lang", self.lang),
            )
            if v is not None
        }
        if current.chapters == "off" and self.chapters is None and turning_on:
            update["chapters"] = "cards"  # "add places and dates" on a story turned off
        story = current.model_copy(update=update)
        # `Op.apply` writes the chapters of the new story (`story.tell_story`).
        return draft.model_copy(update={"story": story})


class UseSuggestedTitle(Op):
    """Title the slideshow from where and when most photos were taken ("Toscana, agosto 2025")."""

    op: Literal["use_suggested_title"] = "use_suggested_title"
    lang: Language = Field("en", description="language of the title")

    def describe(self, lang: str = "en") -> str:
        return say(
            lang,
            it="Titolo dai luoghi e dalle date",
            en="Title from places and dates",
            zh="按地点和日期命名",
        )

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        title = suggest_title(_shown(draft, media), self.lang)
        if title is None:
            raise OpError(
                en="I can't suggest a title: no photo says where or when it was taken.",
                it="Non so suggerire un titolo: nessuna foto dice dove o quando è stata scattata.",
                zh="无法建议标题：没有照片带有拍摄地点或日期。",
            )
        return AddTitle(text=title).edit(draft, media)
