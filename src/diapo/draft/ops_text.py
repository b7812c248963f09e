"""Edit operations on text: titles, subtitles and per-photo captions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import Field

from diapo.draft.media import MediaRef
from diapo.draft.model import Caption, Draft, TextMeta, TextSegment, TextTrack, Track
from diapo.draft.ops_base import Op, OpError, main_segments, position, replace_main, say, with_meta
from diapo.draft.vocabulary import FONT_TITLES, TEXT_ANIMATION_TITLES, FontFamily, TextAnimation

__all__ = ["AddTitle", "EditText", "RemoveCaption", "RemoveText", "SetCaption"]

Color = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$", description="#RRGGBB")]
Pos = Literal["top", "center", "bottom"]
Size = Annotated[
    float, Field(gt=0, le=0.3, description="text height as a fraction of the shorter side")
]
Role = Literal["title", "subtitle", "caption"]

_ROLE: dict[str, tuple[str, str, str]] = {
    "title": ("il titolo", "the title", "标题"),
    "subtitle": ("il sottotitolo", "the subtitle", "副标题"),
    "caption": ("la didascalia", "the caption", "字幕"),
    "all": ("i testi", "all text", "所有文字"),
}
_POS: dict[str, tuple[str, str, str]] = {
    "top": ("in alto", "at the top", "顶部"),
    "center": ("al centro", "in the centre", "中间"),
    "bottom": ("in basso", "at the bottom", "底部"),
}


def _role(role: str, lang: str) -> str:
    it, en, zh = _ROLE[role]
    return say(lang, it=it, en=en, zh=zh)


def _style(
    lang: str,
    pos: str | None,
    size: float | None,
    color: str | None,
    font: str | None = None,
    anim: str | None = None,
) -> str:
    bits = []
    if font:
        bits.append(FONT_TITLES[font].get(lang, FONT_TITLES[font]["en"]))
    if anim:
        bits.append(TEXT_ANIMATION_TITLES[anim].get(lang, TEXT_ANIMATION_TITLES[anim]["en"]))
    if pos:
        it, en, zh = _POS[pos]
        bits.append(say(lang, it=it, en=en, zh=zh))
    if size:
        bits.append(say(lang, it=f"dimensione {size:g}", en=f"size {size:g}", zh=f"大小{size:g}"))
    if color:
        bits.append(color)
    return (" (" + ", ".join(bits) + ")") if bits else ""


def _text_tracks(draft: Draft) -> tuple[list[Track], TextTrack]:
    tracks = list(draft.t)
    for t in tracks:
        if isinstance(t, TextTrack):
            return tracks, t
    new = TextTrack()
    tracks.append(new)
    return tracks, new


def _with_text(draft: Draft, tracks: list[Track], old: TextTrack, segs: list[TextSegment]) -> Draft:
    new = old.model_copy(update={"sg": segs})
    return draft.model_copy(update={"t": [new if t is old else t for t in tracks]})


class AddTitle(Op):
    """Put a title (or subtitle, or timed caption) over the video; a new title replaces the old."""

    op: Literal["add_title"] = "add_title"
    text: str = Field(min_length=1, max_length=500)
    role: Role = "title"
    pos: Pos | None = Field(default=None, description="top, center or bottom")
    size: Size | None = None
    color: Color | None = None
    start: float | None = Field(default=None, ge=0, le=14400, description="seconds from the start")
    seconds: float | None = Field(default=None, gt=0, le=14400, description="how long it shows")
    font: FontFamily | None = Field(default=None, description="sans (modern) or serif")
    anim: TextAnimation | None = Field(
        default=None, description="how it enters: fade, rise, typewriter or none"
    )

    def describe(self, lang: str = "en") -> str:
        what = say(lang, it="Titolo", en="Title", zh="标题")
        if self.role != "title":
            what = _role(self.role, lang).split(" ")[-1].capitalize()
        return f"{what} «{self.text}»" + _style(
            lang, self.pos, self.size, self.color, self.font, self.anim
        )

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        total = draft.duration_ms() or 3000
        tracks, track = _text_tracks(draft)
        segs = list(track.sg)
        existing = [s for s in segs if s.m.role == "title"]
        default_d = min(3000, max(1000, total // 2))
        if self.role == "subtitle" and existing:
            at, d = existing[0].m.at, existing[0].d  # under the title, for as long
        else:
            at, d = 0, default_d
        if self.start is not None:
            at = round(self.start * 1000)
        if self.seconds is not None:
            d = round(self.seconds * 1000)
        pos = self.pos or {"title": "center", "subtitle": "bottom", "caption": "bottom"}[self.role]
        meta: dict[str, Any] = {"text": self.text, "role": self.role, "at": at, "pos": pos}
        if self.role != "title":
            meta["font"] = "sans"
        if self.size is not None:
            meta["size"] = self.size
        if self.color is not None:
            meta["color"] = self.color
        if self.font is not None:
            meta["font"] = self.font
        if self.anim is not None:
            meta["anim"] = self.anim
        seg = TextSegment(d=max(1, d), m=TextMeta.model_validate(meta))
        if self.role in ("title", "subtitle"):
            # The story's chapter cards are subtitles of their own; a new subtitle leaves them.
            same = [k for k, s in enumerate(segs) if s.m.role == self.role and not s.m.chapter]
            if same:
                segs[same[0]] = seg
                return _with_text(draft, tracks, track, segs)
        segs.append(seg)
        return _with_text(draft, tracks, track, segs)


class EditText(Op):
    """Change the text, place, size, colour, font, animation or timing of the texts."""

    op: Literal["edit_text"] = "edit_text"
    role: Role | Literal["all"] = "title"
    text: str | None = Field(default=None, min_length=1, max_length=500)
    pos: Pos | None = None
    size: Size | None = None
    color: Color | None = None
    start: float | None = Field(default=None, ge=0, le=14400, description="seconds from the start")
    seconds: float | None = Field(default=None, gt=0, le=14400, description="how long it shows")
    font: FontFamily | None = Field(default=None, description="sans (modern) or serif")
    anim: TextAnimation | None = Field(
        default=None, description="how it enters: fade, rise, typewriter or none"
    )

    def describe(self, lang: str = "en") -> str:
        verb = say(lang, it="Modifica", en="Change", zh="修改")
        text = f" «{self.text}»" if self.text else ""
        return f"{verb} {_role(self.role, lang)}{text}" + _style(
            lang, self.pos, self.size, self.color, self.font, self.anim
        )

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        tracks, track = _text_tracks(draft)
        segs = list(track.sg)
        hits = [k for k, s in enumerate(segs) if self.role in ("all", s.m.role)]
        caps = self.role in ("caption", "all") and any(s.m.cap for s in main_segments(draft))
        if not hits and not caps:
            raise OpError(
                en=f"There is no {self.role if self.role != 'all' else 'text'} to change yet.",
                it=f"Non c'è ancora {_role(self.role, 'it')} da modificare.",
                zh=f"还没有{_role(self.role, 'zh')}可以修改。",
                loc="role",
            )
        meta = {
            k: v
            for k, v in {
                "text": self.text,
                "pos": self.pos,
                "size": self.size,
                "color": self.color,
                "font": self.font,
                "anim": self.anim,
            }.items()
            if v is not None
        }
        if self.start is not None:
            meta["at"] = round(self.start * 1000)
        for k in hits:
            seg = segs[k].model_copy(update={"m": segs[k].m.model_copy(update=meta)})
            if self.seconds is not None:
                seg = seg.model_copy(update={"d": round(self.seconds * 1000)})
            segs[k] = seg
        out = _with_text(draft, tracks, track, segs)
        if caps:
            style = {k: v for k, v in meta.items() if k in ("pos", "size", "color", "font", "anim")}
            video = [
                with_meta(s, cap=s.m.cap.model_copy(update=style)) if s.m.cap else s
                for s in main_segments(out)
            ]
            out = replace_main(out, video)
        return out


class RemoveText(Op):
    """Remove the title, the subtitle, the timed captions, or all text."""

    op: Literal["remove_text"] = "remove_text"
    role: Role | Literal["all"] = "title"

    def describe(self, lang: str = "en") -> str:
        return say(lang, it="Togli ", en="Remove ", zh="删除") + _role(self.role, lang)

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        found = False
        tracks: list[Track] = []
        for t in draft.t:
            if isinstance(t, TextTrack):
                keep = [s for s in t.sg if self.role not in ("all", s.m.role)]
                found = found or len(keep) != len(t.sg)
                t = t.model_copy(update={"sg": keep})
            tracks.append(t)
        out = draft.model_copy(update={"t": tracks})
        if self.role in ("caption", "all") and out.main_video is not None:
            segs = main_segments(out)
            found = found or any(s.m.cap for s in segs)
            out = replace_main(out, [with_meta(s, cap=None) for s in segs])
        if not found:
            raise OpError(
                en=f"There is no {self.role if self.role != 'all' else 'text'} to remove.",
                it=f"Non c'è {_role(self.role, 'it')} da togliere.",
                zh=f"没有{_role(self.role, 'zh')}可以删除。",
                loc="role",
            )
        return out


class SetCaption(Op):
    """A caption on one photo for as long as it shows; without text, restyle its caption."""

    op: Literal["set_caption"] = "set_caption"
    index: int = Field(ge=1, le=2000, description="1-based photo")
    text: str | None = Field(default=None, min_length=1, max_length=300)
    pos: Pos | None = None
    size: Size | None = None
    color: Color | None = None

    def describe(self, lang: str = "en") -> str:
        head = say(
            lang,
            it=f"Didascalia sulla foto {self.index}",
            en=f"Caption on photo {self.index}",
            zh=f"第{self.index}张的字幕",
        )
        text = f": «{self.text}»" if self.text else ""
        return head + text + _style(lang, self.pos, self.size, self.color)

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        segs = main_segments(draft)
        i = position(draft, self.index)
        old = segs[i].m.cap
        if old is None and self.text is None:
            raise OpError(
                en=f"Photo {self.index} has no caption yet: what should it say?",
                it=f"La foto {self.index} non ha ancora una didascalia: cosa deve dire?",
                zh=f"第{self.index}张还没有字幕，要写什么？",
                loc="text",
            )
        update = {
            k: v
            for k, v in {
                "text": self.text,
                "pos": self.pos,
                "size": self.size,
                "color": self.color,
            }.items()
            if v is not None
        }
        cap = old.model_copy(update=update) if old else Caption.model_validate(update)
        segs[i] = with_meta(segs[i], cap=cap)
        return replace_main(draft, segs)


class RemoveCaption(Op):
    """Remove the caption of one photo, or of every photo."""

    op: Literal["remove_caption"] = "remove_caption"
    index: int | None = Field(
        default=None, ge=1, le=2000, description="1-based photo; all if absent"
    )

    def describe(self, lang: str = "en") -> str:
        if self.index is None:
            return say(
                lang, it="Togli tutte le didascalie", en="Remove all captions", zh="删除所有字幕"
            )
        return say(
            lang,
            it=f"Togli la didascalia della foto {self.index}",
            en=f"Remove the caption of photo {self.index}",
            zh=f"删除第{self.index}张的字幕",
        )

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        segs = main_segments(draft)
        which = [position(draft, self.index)] if self.index else range(len(segs))
        for i in which:
            segs[i] = with_meta(segs[i], cap=None)
        return replace_main(draft, segs)
