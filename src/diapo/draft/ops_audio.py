"""Edit operations on sound: music, its volume, fades and ducking; clip trim and volume."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Literal

from pydantic import Field

from diapo.draft.builder import music_track
from diapo.draft.media import MediaRef
from diapo.draft.model import AudioTrack, Draft, Track
from diapo.draft.ops_base import (
    MUSIC_STYLES,
    Op,
    OpError,
    main_segments,
    position,
    replace_main,
    say,
    with_meta,
)

__all__ = [
    "SetClipVolume",
    "SetDucking",
    "SetMusic",
    "SetMusicFades",
    "SetMusicVolume",
    "TrimClip",
    "music_src",
    "song_tempo",
    "with_song_tempo",
]


def music_src(music: str, media: Sequence[MediaRef]) -> str:
    """The `src` for a style name, 'music:<style>', or an uploaded audio's media id."""
    style = music.removeprefix("music:")
    if style in MUSIC_STYLES:
        return f"music:{style}"
    if any(m.id == music and m.kind == "audio" for m in media):
        return music
    styles = ", ".join(MUSIC_STYLES)
    raise OpError(
        en=f"There is no music {music!r}: choose {styles} or an uploaded song.",
        it=f"Non esiste la musica {music!r}: scegli tra {styles} o una canzone caricata.",
        zh=f"没有音乐 {music!r}：可选 {styles} 或上传的歌曲。",
        loc="music",
    )


def song_tempo(src: str, media: Sequence[MediaRef]) -> dict[str, Any]:
    """The music segment's `bpm` and `beat_at` for `src`: an uploaded song's detected tempo.

    Built-in styles and songs without a clear beat get None for both, so a new
    music never keeps the tempo of the one it replaces.
    """
    ref = next((m for m in media if m.id == src and m.kind == "audio"), None)
    if ref is None or ref.bpm is None:
        return {"bpm": None, "beat_at": None}
    return {"bpm": ref.bpm, "beat_at": ref.beat_at or 0}


def with_song_tempo(track: AudioTrack, media: Sequence[MediaRef]) -> AudioTrack:
    """The track with each segment's tempo taken from the song it plays."""
    segs = [
        s.model_copy(update={"m": s.m.model_copy(update=song_tempo(s.m.src, media))})
        for s in track.sg
    ]
    return track.model_copy(update={"sg": segs})


def _music(draft: Draft) -> tuple[list[Track], AudioTrack | None]:
    tracks = list(draft.t)
    return tracks, next((t for t in tracks if isinstance(t, AudioTrack) and t.sg), None)


def _edit_music(draft: Draft, **update: object) -> Draft:
    tracks, track = _music(draft)
    if track is None:
        raise OpError(
            en="There is no music yet: first choose tarantella, mandolino, serenata or festa.",
            it="Non c'è ancora musica: scegli prima tarantella, mandolino, serenata o festa.",
            zh="还没有音乐：请先选择风格（tarantella、mandolino、serenata、festa）。",
        )
    segs = [s.model_copy(update={"m": s.m.model_copy(update=update)}) for s in track.sg]
    new = track.model_copy(update={"sg": segs})
    return draft.model_copy(update={"t": [new if t is track else t for t in tracks]})


def _pct(v: float) -> str:
    return f"{round(v * 100)}%"


class SetMusic(Op):
    """The soundtrack: a built-in style, an uploaded song's media id, or none (null)."""

    op: Literal["set_music"] = "set_music"
    on_beat: ClassVar[bool] = True  # new music, new beat: the cuts follow it
    music: str | None = Field(
        description="tarantella, mandolino, serenata, festa, an audio media id, or null for silence"
    )

    def args(self) -> dict[str, Any]:
        return {"music": self.music}  # None (silence) is an answer here, not a default

    def describe(self, lang: str = "en") -> str:
        if self.music is None:
            return say(lang, it="Togli la musica", en="Remove the music", zh="去掉音乐")
        name = self.music.removeprefix("music:")
        return say(lang, it=f"Musica: {name}", en=f"Music: {name}", zh=f"音乐：{name}")

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        if self.music is None:
            return draft.model_copy(
                update={"t": [t for t in draft.t if not isinstance(t, AudioTrack)]}
            )
        src = music_src(self.music, media)
        tracks, track = _music(draft)
        if track is None:
            new = with_song_tempo(music_track(src, max(1, draft.duration_ms())), media)
            return draft.model_copy(
                update={"t": [*[t for t in tracks if not isinstance(t, AudioTrack)], new]}
            )
        first = track.sg[0]
        update = {"src": src, "trim": 0, **song_tempo(src, media)}
        seg = first.model_copy(update={"m": first.m.model_copy(update=update)})
        new_track = track.model_copy(update={"sg": [seg]})
        return draft.model_copy(update={"t": [new_track if t is track else t for t in tracks]})


class SetMusicVolume(Op):
    """Music volume: absolute (`volume` 0..1) or relative (`change`, e.g. -0.1 = a bit lower)."""

    op: Literal["set_music_volume"] = "set_music_volume"
    volume: float | None = Field(default=None, ge=0, le=1, description="absolute volume 0..1")
    change: float | None = Field(
        default=None, ge=-1, le=1, description="added to the current volume"
    )

    def describe(self, lang: str = "en") -> str:
        if self.volume is not None:
            v = _pct(self.volume)
            return say(lang, it=f"Volume musica {v}", en=f"Music volume {v}", zh=f"音乐音量{v}")
        c = self.change or 0.0
        if c >= 0:
            return (
                say(lang, it="Musica più forte", en="Music louder", zh="音乐调高")
                + f" (+{_pct(c)})"
            )
        return (
            say(lang, it="Musica più bassa", en="Music quieter", zh="音乐调低") + f" (-{_pct(-c)})"
        )

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        _, track = _music(draft)
        current = track.sg[0].m.vol if track is not None else 0.35
        vol = self.volume if self.volume is not None else current + (self.change or 0.0)
        return _edit_music(draft, vol=round(max(0.0, min(1.0, vol)), 3))


class SetMusicFades(Op):
    """Fade the music in and/or out over the given seconds."""

    op: Literal["set_music_fades"] = "set_music_fades"
    fade_in: float | None = Field(default=None, ge=0, le=60, description="seconds")
    fade_out: float | None = Field(default=None, ge=0, le=60, description="seconds")

    def describe(self, lang: str = "en") -> str:
        bits = []
        if self.fade_in is not None:
            bits.append(
                say(
                    lang,
                    it=f"entrata {self.fade_in:g}s",
                    en=f"in {self.fade_in:g}s",
                    zh=f"淡入{self.fade_in:g}秒",
                )
            )
        if self.fade_out is not None:
            bits.append(
                say(
                    lang,
                    it=f"uscita {self.fade_out:g}s",
                    en=f"out {self.fade_out:g}s",
                    zh=f"淡出{self.fade_out:g}秒",
                )
            )
        return say(lang, it="Dissolvenza musica: ", en="Music fade ", zh="音乐") + ", ".join(bits)

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        update: dict[str, object] = {}
        if self.fade_in is not None:
            update["fi"] = round(self.fade_in * 1000)
        if self.fade_out is not None:
            update["fo"] = round(self.fade_out * 1000)
        return _edit_music(draft, **update)


class SetDucking(Op):
    """How much the music drops while a clip's own sound plays (1 = not at all, 0 = silent)."""

    op: Literal["set_ducking"] = "set_ducking"
    level: float = Field(ge=0, le=1, description="music volume factor under clips' sound")

    def describe(self, lang: str = "en") -> str:
        v = _pct(self.level)
        return say(
            lang,
            it=f"Musica al {v} sotto l'audio dei video",
            en=f"Music at {v} under the clips' sound",
            zh=f"视频原声时音乐降至{v}",
        )

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        return _edit_music(draft, duck=self.level)


class TrimClip(Op):
    """Which part of a video clip plays: from `start` seconds, for `seconds`."""

    op: Literal["trim_clip"] = "trim_clip"
    index: int = Field(ge=1, le=2000, description="1-based position of the clip")
    start: float | None = Field(default=None, ge=0, le=14400, description="seconds into the clip")
    seconds: float | None = Field(default=None, gt=0, le=600, description="how long it plays")

    def describe(self, lang: str = "en") -> str:
        bits = []
        if self.start is not None:
            bits.append(
                say(
                    lang,
                    it=f"da {self.start:g}s",
                    en=f"from {self.start:g}s",
                    zh=f"从{self.start:g}秒",
                )
            )
        if self.seconds is not None:
            bits.append(
                say(
                    lang,
                    it=f"per {self.seconds:g}s",
                    en=f"for {self.seconds:g}s",
                    zh=f"播放{self.seconds:g}秒",
                )
            )
        head = say(
            lang,
            it=f"Taglia il video {self.index}",
            en=f"Trim clip {self.index}",
            zh=f"剪辑第{self.index}个视频",
        )
        return head + (" " + " ".join(bits) if bits else "")

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        segs = main_segments(draft)
        i = position(draft, self.index, clip=True)
        seg = segs[i]
        ref = next((m for m in media if m.id == seg.m.src), None)
        length = ref.duration_ms if ref is not None and ref.duration_ms else None
        trim = round(self.start * 1000) if self.start is not None else seg.m.trim
        if length is not None and trim >= length - 100:
            raise OpError(
                en=f"Clip {self.index} is only {length / 1000:g}s long.",
                it=f"Il video {self.index} dura solo {length / 1000:g} s.",
                zh=f"第{self.index}个视频只有{length / 1000:g}秒。",
                loc="start",
            )
        d = round(self.seconds * 1000) if self.seconds is not None else seg.d
        if length is not None:
            d = min(d, length - trim)
        seg = with_meta(seg, trim=trim).model_copy(update={"d": max(100, d)})
        segs[i] = seg
        return replace_main(draft, segs)


class SetClipVolume(Op):
    """The volume of a clip's own sound (0 mutes it, 1 as recorded, up to 2)."""

    op: Literal["set_clip_volume"] = "set_clip_volume"
    index: int | None = Field(
        default=None, ge=1, le=2000, description="1-based clip; every clip if absent"
    )
    volume: float = Field(ge=0, le=2)

    def describe(self, lang: str = "en") -> str:
        v = _pct(self.volume)
        if self.index is None:
            return say(
                lang, it=f"Audio dei video al {v}", en=f"Clips' sound at {v}", zh=f"视频原声{v}"
            )
        return say(
            lang,
            it=f"Audio del video {self.index} al {v}",
            en=f"Sound of clip {self.index} at {v}",
            zh=f"第{self.index}个视频原声{v}",
        )

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        segs = main_segments(draft)
        if self.index is not None:
            which = [position(draft, self.index, clip=True)]
        else:
            which = [i for i, s in enumerate(segs) if s.m.kind == "clip"]
            if not which:
                raise OpError(
                    en="There are no video clips in the slideshow.",
                    it="Nello slideshow non ci sono video.",
                    zh="幻灯片里没有视频片段。",
                )
        for i in which:
            segs[i] = with_meta(segs[i], vol=self.volume)
        return replace_main(draft, segs)
