"""One screen of text that tells a person what a draft holds, in Italian, English or Chinese."""

from __future__ import annotations

from diapo.draft.model import AudioTrack, Draft, TextTrack, VideoTrack, track_duration_ms
from diapo.draft.vocabulary import ENDING_TITLES, FONT_TITLES, TEXT_ANIMATION_TITLES

__all__ = ["describe", "describe_nothing", "seconds"]

# The summary's words; English for any other language.
_WORDS: dict[str, dict[str, str]] = {
    "canvas": {"en": "Canvas", "it": "Quadro", "zh": "画面"},
    "fit": {"en": "{fit} fit", "it": "adattamento {fit}", "zh": "填充方式 {fit}"},
    "total": {"en": "{t} total", "it": "{t} in tutto", "zh": "共{t}"},
    "timeline": {
        "en": "Timeline ({n} {tracks}):",
        "it": "Timeline ({n} {tracks}):",
        "zh": "时间线（{n}条轨道）：",
    },
    "track": {"en": "track", "it": "traccia", "zh": "轨道"},
    "tracks": {"en": "tracks", "it": "tracce", "zh": "轨道"},
    "photo": {"en": "photo", "it": "foto", "zh": "张照片"},
    "photos": {"en": "photos", "it": "foto", "zh": "张照片"},
    "clip": {"en": "clip", "it": "video", "zh": "段视频"},
    "clips": {"en": "clips", "it": "video", "zh": "段视频"},
    "and": {"en": " and ", "it": " e ", "zh": "和"},
    "video": {"en": "Video", "it": "Video", "zh": "视频"},
    "empty": {"en": "empty", "it": "vuoto", "zh": "空"},
    "music": {"en": "Music", "it": "Musica", "zh": "音乐"},
    "none": {"en": "none", "it": "nessuna", "zh": "无"},
    "text": {"en": "Text", "it": "Testo", "zh": "文字"},
    "title": {"en": "Title", "it": "Titolo", "zh": "标题"},
    "subtitle": {"en": "Subtitle", "it": "Sottotitolo", "zh": "副标题"},
    "caption": {"en": "Caption", "it": "Didascalia", "zh": "字幕"},
    "colon": {"en": ": ", "it": ": ", "zh": "："},
    "nothing": {
        "en": "Empty: nothing edited yet.",
        "it": "Vuoto: ancora nessuna modifica.",
        "zh": "空：还没有任何编辑。",
    },
    "ending": {"en": "Ending", "it": "Finale", "zh": "结尾"},
}  # fmt: skip


# A chapter card the story wrote is a subtitle to the renderer, a chapter to people.
_CHAPTER = {"en": "Chapter", "it": "Capitolo", "zh": "章节"}


def _w(lang: str, key: str, **values: object) -> str:
    table = _WORDS[key]
    return table.get(lang, table["en"]).format(**values)


def seconds(ms: int) -> str:
    """12500 -> '12.5s', 3000 -> '3s'."""
    s = ms / 1000
    return f"{s:.1f}".rstrip("0").rstrip(".") + "s"


def describe_nothing(lang: str = "en") -> str:
    """What a session with no draft yet holds, in `lang`."""
    return _w(lang, "nothing")


def describe(draft: Draft, lang: str = "en") -> str:
    """A short, numbered description of the timeline, one line per track, in `lang`."""
    c = draft.c
    n = len(draft.t)
    lines = [
        f"{_w(lang, 'canvas')}{_w(lang, 'colon')}{c.ar} {c.w}x{c.h} @ {c.fps} fps, "
        f"{_w(lang, 'fit', fit=draft.fit)}, {_w(lang, 'total', t=seconds(draft.duration_ms()))}",
        _w(lang, "timeline", n=n, tracks=_w(lang, "track" if n == 1 else "tracks")),
    ]
    for i, track in enumerate(draft.t, start=1):
        lines.append(f"{i}. {_track_line(track, lang)}")
    if draft.end is not None:  # the default fade goes without saying
        end = draft.ending
        titles = ENDING_TITLES[end.k]
        how = titles.get(lang, titles["en"])
        if end.k != "cut":
            how += f" ({seconds(end.d)})"
        if end.text:
            how += f" «{end.text}»"
        lines.append(f"{_w(lang, 'ending')}{_w(lang, 'colon')}{how}")
    return "\n".join(lines)


def _span(at: int, d: int) -> str:
    return f"{seconds(at).removesuffix('s')}-{seconds(at + d)}"


def _count(lang: str, n: int, one: str, many: str) -> str:
    word = _w(lang, one if n == 1 else many)
    return f"{n}{word}" if lang == "zh" else f"{n} {word}"


def _track_line(track: VideoTrack | AudioTrack | TextTrack, lang: str) -> str:
    colon = _w(lang, "colon")
    if isinstance(track, VideoTrack):
        photos = sum(1 for s in track.sg if s.m.kind == "photo")
        clips = len(track.sg) - photos
        parts = []
        if photos:
            parts.append(_count(lang, photos, "photo", "photos"))
        if clips:
            parts.append(_count(lang, clips, "clip", "clips"))
        kinds = sorted({s.m.tr.k for s in track.sg[1:] if s.m.tr is not None and s.m.tr.d > 0})
        extra = f", {'/'.join(kinds)}" if kinds else ""
        what = _w(lang, "and").join(parts) or _w(lang, "empty")
        return f"{_w(lang, 'video')}{colon}{what} (0-{seconds(track_duration_ms(track))}{extra})"
    if isinstance(track, AudioTrack):
        if not track.sg:
            return f"{_w(lang, 'music')}{colon}{_w(lang, 'none')}"
        items = []
        for s in track.sg:
            src = s.m.src.removeprefix("music:")
            items.append(f"{src} ({_span(s.m.at, s.d)}, {round(s.m.vol * 100)}%)")
        return f"{_w(lang, 'music')}{colon}" + "; ".join(items)
    texts = []
    for ts in track.sg:
        label = _w(lang, ts.m.role) if ts.m.role in _WORDS else ts.m.role.capitalize()
        if ts.m.chapter:
            label = _CHAPTER.get(lang, _CHAPTER["en"])
        # The look is named only where it is not the default (sans, fading in).
        bits = [_span(ts.m.at, ts.d)]
        if ts.m.font != "sans":
            bits.append(FONT_TITLES[ts.m.font].get(lang, FONT_TITLES[ts.m.font]["en"]))
        if ts.m.anim != "fade":
            names = TEXT_ANIMATION_TITLES[ts.m.anim]
            bits.append(names.get(lang, names["en"]))
        span = ", ".join(bits)
        texts.append(f'{label}{colon}"{ts.m.text}" ({span})')
    return "; ".join(texts) if texts else f"{_w(lang, 'text')}{colon}{_w(lang, 'none')}"
