"""Whole-draft operations: make the slideshow, style presets, output, export, undo and redo."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import ClassVar, Literal

from pydantic import Field

from diapo.draft.beats import sync_to_beats
from diapo.draft.builder import DEFAULT_MUSIC, build_slideshow, music_track
from diapo.draft.media import MediaRef
from diapo.draft.model import AudioTrack, Draft, TextTrack, Track
from diapo.draft.ops_audio import SetMusic, music_src, with_song_tempo
from diapo.draft.ops_base import Op, OpError, finish, main_segments, replace_main, say, with_meta
from diapo.draft.ops_look import SetKenBurns, SetTransition
from diapo.draft.ops_text import EditText
from diapo.draft.ops_timing import SetDuration
from diapo.draft.story import tell_story
from diapo.draft.vocabulary import (
    DEFAULT_ASPECT,
    DEFAULT_FIT,
    DEFAULT_TRANSITION,
    OUTPUT_FORMATS,
    Aspect,
    OutputFormat,
    Resolution,
    TransitionKind,
)

__all__ = [
    "OUTPUT_FORMATS",
    "STYLES",
    "ApplyStyle",
    "ExportRequest",
    "MakeSlideshow",
    "Redo",
    "SetOutput",
    "Undo",
]

STYLES: tuple[str, ...] = ("cinematic", "romantic", "energetic")


class MakeSlideshow(Op):
    """Make the slideshow from the session's media (all, or the chosen ids in that order).

    An existing draft's aspect ratio, fit, music, titles and captions are kept.
    """

    op: Literal["make_slideshow"] = "make_slideshow"
    makes_video: ClassVar[bool] = True
    media_ids: list[str] | None = Field(
        default=None, description="media ids in order; every photo and clip if absent"
    )
    seconds_per_photo: float | None = Field(default=None, ge=0.3, le=60)
    transition: TransitionKind | Literal["varied"] | None = None
    music: str | None = Field(default=None, description="a style, an audio media id, or 'none'")
    aspect: Aspect | None = None

    def describe(self, lang: str = "en") -> str:
        n = len(self.media_ids) if self.media_ids else None
        if n:
            return say(
                lang,
                it=f"Crea lo slideshow con {n} elementi",
                en=f"Make the slideshow from {n} items",
                zh=f"用{n}个素材创建幻灯片",
            )
        return say(
            lang,
            it="Crea lo slideshow con tutte le foto",
            en="Make the slideshow from all the media",
            zh="用全部素材创建幻灯片",
        )

    def apply(self, draft: Draft | None, media: Sequence[MediaRef]) -> Draft:
        # Laid out on the music's beat, as the builder does for a new slideshow.
        made = finish(sync_to_beats(finish(self._make(draft, media))))
        # A remade slideshow keeps its story, told again for its photos.
        return finish(tell_story(made, media)) if made.story is not None else made

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        return self._make(draft, media)

    def _make(self, draft: Draft | None, media: Sequence[MediaRef]) -> Draft:
        by_id = {m.id: m for m in media}
        if self.media_ids is not None:
            missing = [i for i in self.media_ids if i not in by_id]
            if missing:
                raise OpError(
                    en=f"There is no media {missing[0]!r} in this session.",
                    it=f"In questa sessione non c'è {missing[0]!r}.",
                    zh=f"本会话中没有 {missing[0]!r}。",
                    loc="media_ids",
                )
            chosen = [by_id[i] for i in self.media_ids]
        else:
            chosen = list(media)
        visual = [m for m in chosen if m.kind in ("photo", "clip")]
        if not visual:
            raise OpError(
                en="Upload some photos or clips first: there is nothing to make a slideshow from.",
                it="Carica prima qualche foto o video: non c'è niente con cui fare lo slideshow.",
                zh="请先上传照片或视频，目前没有素材可以制作幻灯片。",
                loc="media_ids",
            )
        old = draft.main_video.sg if draft is not None and draft.main_video is not None else []
        photo_ds = [s.d for s in old if s.m.kind == "photo"]
        secs = self.seconds_per_photo or (
            Counter(photo_ds).most_common(1)[0][0] / 1000 if photo_ds else 3.5
        )
        trs = Counter((s.m.tr.k, s.m.tr.d) for s in old[1:] if s.m.tr is not None).most_common(1)
        kind: str = trs[0][0][0] if trs else DEFAULT_TRANSITION
        tr_ms = trs[0][0][1] if trs else 500
        if self.transition is not None:
            kind = self.transition
        kb_off = bool(old) and not any(s.m.kb is not None and s.m.kb.on for s in old)
        aspect = self.aspect or (draft.c.ar if draft is not None else DEFAULT_ASPECT)
        c = draft.c if draft is not None else None
        built = build_slideshow(
            visual,
            aspect=aspect,
            seconds_per_photo=max(0.3, min(60.0, secs)),
            transition=DEFAULT_TRANSITION if kind == "varied" else kind,
            transition_ms=tr_ms if kind != "cut" else 0,
            music=None,
            ken_burns=0.0 if kb_off else 1.0,
            fit=draft.fit if draft is not None else DEFAULT_FIT,
            fps=c.fps if c is not None else 30,
            long_side=max(c.w, c.h) if c is not None else 1920,
            # Photos named one by one are all wanted: culling leaves out only from "all".
            keep_bursts=self.media_ids is not None,
            keep_duplicates=self.media_ids is not None,
        )
        if kind == "varied":
            built = SetTransition(kind="varied").edit(built, media)
        # Per-photo choices follow their media into the new slideshow, and so does the
        # Ken Burns move in a frame of the same shape ("keep only the second photo").
        kept = {s.m.src: s.m for s in old}
        same_shape = c is not None and built.c.ar == c.ar and not kb_off
        segs = []
        for s in main_segments(built):
            prev = kept.get(s.m.src)
            if prev is not None:
                kb = prev.kb if same_shape and prev.kb is not None else s.m.kb
                s = with_meta(s, cap=prev.cap, fit=prev.fit, trim=prev.trim, vol=prev.vol, kb=kb)
            segs.append(s)
        built = replace_main(built, segs)
        if c is not None:
            # The platform still holds, if the shape does.
            canvas_kept = {"bg": c.bg, "preset": c.preset if built.c.ar == c.ar else None}
            built = built.model_copy(update={"c": built.c.model_copy(update=canvas_kept)})
        tracks: list[Track] = list(built.t)
        total = built.video_duration_ms()
        old_tracks = list(draft.t) if draft is not None else []
        if self.music is not None and self.music != "none":
            tracks.append(with_song_tempo(music_track(music_src(self.music, media), total), media))
        elif self.music is None and draft is not None:
            tracks += [t for t in old_tracks if isinstance(t, AudioTrack)]
        elif self.music is None:
            audio = [m for m in media if m.kind == "audio"]
            src = audio[0].id if audio else f"music:{DEFAULT_MUSIC}"
            tracks.append(with_song_tempo(music_track(src, total), media))
        tracks += [t for t in old_tracks if isinstance(t, TextTrack)]
        story = draft.story if draft is not None else None
        return built.model_copy(update={"t": tracks, "story": story})


class ApplyStyle(Op):
    """A preset that sets pace, transitions, Ken Burns and music at once."""

    op: Literal["apply_style"] = "apply_style"
    style: Literal["cinematic", "romantic", "energetic"]

    def describe(self, lang: str = "en") -> str:
        names = {
            "cinematic": ("cinematografico", "cinematic", "电影感"),
            "romantic": ("romantico", "romantic", "浪漫"),
            "energetic": ("energico", "energetic", "动感"),
        }
        it, en, zh = names[self.style]
        return say(lang, it=f"Stile {it}", en=f"{en.capitalize()} style", zh=f"{zh}风格")

    def parts(self) -> list[Op]:
        """The operations the preset stands for."""
        if self.style == "cinematic":
            return [
                SetDuration(seconds=4.5),
                SetTransition(kind="fade_black", seconds=1.0),
                SetKenBurns(on=True, intensity=0.6),
                SetMusic(music="serenata"),
            ]
        if self.style == "romantic":
            return [
                SetDuration(seconds=4.0),
                SetTransition(kind="crossfade", seconds=1.0),
                SetKenBurns(on=True, intensity=0.8),
                SetMusic(music="mandolino"),
                EditText(role="all", color="#ffe3b3"),  # warm ivory text
            ]
        return [
            SetDuration(seconds=2.0),
            SetTransition(kind="push_left", seconds=0.3),
            SetKenBurns(on=True, intensity=1.6),
            SetMusic(music="festa"),
        ]

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        for part in self.parts():
            try:
                draft = part.apply(draft, media)
            except OpError:
                if not isinstance(part, EditText):  # no text to warm up is fine
                    raise
        if self.style == "energetic":
            # Alternate push and slide so the cuts keep moving.
            segs = main_segments(draft)
            for i in range(2, len(segs), 2):
                tr = segs[i].m.tr
                if tr is not None:
                    segs[i] = with_meta(segs[i], tr=tr.model_copy(update={"k": "slide_left"}))
            draft = replace_main(draft, segs)
        return draft


class SetOutput(Op):
    """Output format and resolution for the next export (the draft itself does not change)."""

    op: Literal["set_output"] = "set_output"
    changes_draft = False
    format: OutputFormat | None = None
    resolution: Resolution | None = None

    def describe(self, lang: str = "en") -> str:
        what = " ".join(x for x in (self.format, self.resolution) if x)
        return say(lang, it=f"Uscita: {what}", en=f"Output: {what}", zh=f"输出：{what}")

    def apply(self, draft: Draft | None, media: Sequence[MediaRef]) -> Draft:
        super().apply(draft, media)  # same "no draft yet" error
        assert draft is not None
        return draft

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        return draft


class ExportRequest(SetOutput):
    """Export (render) the video; the caller runs the export."""

    op: Literal["export"] = "export"  # type: ignore[assignment]
    format: OutputFormat | None = "mp4"

    def describe(self, lang: str = "en") -> str:
        what = " ".join(x for x in (self.format, self.resolution) if x)
        return say(
            lang,
            it=f"Esporta il video ({what})",
            en=f"Export the video ({what})",
            zh=f"导出视频（{what}）",
        )


class _History(Op):
    changes_draft = False
    steps: int = Field(default=1, ge=1, le=100)

    def apply(self, draft: Draft | None, media: Sequence[MediaRef]) -> Draft:
        raise OpError(
            en="Undo and redo act on the session's history, not on a draft.",
            it="Annulla e ripeti agiscono sulla cronologia della sessione, non su una bozza.",
            zh="撤销和重做作用于会话历史，而不是单个草稿。",
        )


class Undo(_History):
    """Undo the last edit(s); the session's history applies it."""

    op: Literal["undo"] = "undo"

    def describe(self, lang: str = "en") -> str:
        n = f" ({self.steps})" if self.steps > 1 else ""
        return say(lang, it="Annulla", en="Undo", zh="撤销") + n


class Redo(_History):
    """Redo what was undone; the session's history applies it."""

    op: Literal["redo"] = "redo"

    def describe(self, lang: str = "en") -> str:
        n = f" ({self.steps})" if self.steps > 1 else ""
        return say(lang, it="Ripeti", en="Redo", zh="重做") + n
