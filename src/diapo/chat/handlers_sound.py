"""Clause handlers for export and output, making the slideshow, music, clip sound and text."""

from __future__ import annotations

import re

from diapo.chat import lexicon_en, lexicon_it
from diapo.chat.clauses import Clause, as_typed, normalise
from diapo.chat.context import Context, Handler, Outcome
from diapo.chat.handlers_media import aspect, chosen_media, duration, style, transition
from diapo.chat.handlers_type import typeface_and_animation, without_type_words
from diapo.chat.keywords import HEADS, color, earliest, has, lookup, phrases
from diapo.chat.numbers import durations, find_number, percent
from diapo.chat.references import by_name, clip_positions, photo_refs
from diapo.chat.text_leads import text_lead
from diapo.chat.text_sizes import sized
from diapo.draft.model import AudioTrack, TextTrack
from diapo.draft.ops import (
    AddTitle,
    EditText,
    ExportRequest,
    MakeSlideshow,
    Op,
    RemoveCaption,
    RemoveText,
    SetCaption,
    SetClipVolume,
    SetDucking,
    SetMusic,
    SetMusicFades,
    SetMusicVolume,
    SetOutput,
)
from diapo.draft.vocabulary import (
    DEFAULT_STYLE,
    MAX_RESOLUTION,
    OUTPUT_FORMATS,
    RESOLUTIONS,
    find_style,
)

__all__ = ["SOUND_HANDLERS"]

# Formats and resolutions come from the one vocabulary; "jpeg" is how people write jpg.
_FORMAT_RE = re.compile(
    r"(?<![a-z.])(" + "|".join(sorted(OUTPUT_FORMATS, key=len, reverse=True)) + r"|jpeg)(?![a-z])"
)
_RES_RE = re.compile(r"(?<![a-z0-9])(" + "|".join(RESOLUTIONS) + r")(?![a-z0-9])")
_NAMED_FORMAT = re.compile(
    r"\b(?:in|as|to|come|a|formato|format|成|为|格式) ?(?:" + _FORMAT_RE.pattern + ")"
)


def _output(text: str) -> tuple[str | None, str | None]:
    fmt = _FORMAT_RE.search(text)
    res = _RES_RE.search(text)
    f = fmt.group(1).replace("jpeg", "jpg") if fmt else None
    if res:
        return f, res.group(1)
    alias = lookup(text, "RESOLUTION_ALIASES")
    if alias is not None and alias[0] == "max":  # "alta qualità", "high quality", "高清"
        return f, MAX_RESOLUTION
    return f, (str(alias[0]) if alias else None)


def export(c: Clause, ctx: Context) -> Outcome | None:
    t = c.text
    fmt, res = _output(t)
    asks_export = has(t, "export")
    if phrases("TOO_HIGH").search(t) and (asks_export or has(t, "output") or not has(t, "music")):
        # "export in 4k": said plainly, nothing is exported (and no credit spent).
        return Outcome(question="too_high", values={"max": MAX_RESOLUTION})
    if asks_export:
        return Outcome([ExportRequest(format=fmt or "mp4", resolution=res)])
    if has(t, "music"):
        return None
    if (fmt or res) and (has(t, "output") or _NAMED_FORMAT.search(t) or res):
        return Outcome([SetOutput(format=fmt, resolution=res)])
    return None


def make(c: Clause, ctx: Context) -> Outcome | None:
    if not has(c.text, "make"):
        return None
    ops: list[Op] = [MakeSlideshow(media_ids=chosen_media(c, ctx))]
    # Whatever else the clause says ("verticale", "con musica italiana", "3 secondi per foto").
    for extra in (music, aspect, transition, style, duration, text):
        outcome = extra(c, ctx)
        if outcome is not None:
            ops += outcome.ops
    # "create a slideshow video with Italian": the style after "with" is the music.
    with_style = phrases("WITH").search(c.text)
    named = music_style(c.text[with_style.end() :]) if with_style else None
    if named and not any(isinstance(op, SetMusic) for op in ops):
        ops.append(SetMusic(music=named))
    return Outcome(ops)


def _music_volume(c: Clause) -> Op:
    text = c.text
    p = percent(text)
    if p is not None:
        return SetMusicVolume(volume=max(0.0, min(1.0, p)))
    if re.search(r"\bmut[eo]\b|静音|\bsilenzia", text):
        return SetMusicVolume(volume=0.0)
    step = 0.25 if has(text, "more") else 0.08 if has(text, "less") else 0.15
    if has(text, "down"):
        return SetMusicVolume(change=-step)
    if has(text, "up"):
        return SetMusicVolume(change=step)
    n = find_number(text)
    if n is not None:
        return SetMusicVolume(volume=max(0.0, min(1.0, n / 100 if n > 1 else n)))
    return SetMusicVolume(change=-step)


def music_style(text: str) -> str | None:
    """The built-in style the words name, through the one vocabulary (`find_style`).

    An adjective made of a style's name counts too: "jazzy" is jazz, "chillish" chill.
    """
    words = text.replace("qqq", " ")
    return find_style(words) or find_style(re.sub(r"\b([a-z]{3,}?)(?:y|ish)\b", r"\1", words))


def music(c: Clause, ctx: Context) -> Outcome | None:
    text = c.text
    # "with the mandolin waltz": a style named alone is a music request.
    if not has(text, "music", "volume") and music_style(text) and not has(text, *HEADS):
        return Outcome([SetMusic(music=str(music_style(text)))])
    if not has(text, "music", "volume") or has(text, "clip_audio"):
        return None
    if has(text, "duck"):
        p = percent(text)
        return Outcome([SetDucking(level=p if p is not None and p <= 1 else 0.2)])
    if has(text, "fade"):
        secs = durations(text)
        fade_in = re.search(
            r"entrata|iniziale|inizio|parte|entra|comincia|inizia|fade[ -]?in|\bin\b|淡入|渐强|渐入"
            r"|响起|进",
            text,
        )
        fade_out = re.search(
            r"uscita|finale|fine|fade[ -]?out|\bout\b|淡出|渐弱|sfuma|渐出|消失", text
        )
        d = secs[0] if secs else None
        if fade_in and not fade_out:
            return Outcome([SetMusicFades(fade_in=d if d is not None else 1.5)])
        if fade_in and fade_out:
            return Outcome(
                [
                    SetMusicFades(
                        fade_in=d if d is not None else 1.5, fade_out=d if d is not None else 3.0
                    )
                ]
            )
        return Outcome([SetMusicFades(fade_out=d if d is not None else 3.0)])
    if (
        has(text, "volume")
        or percent(text) is not None
        or (has(text, "up", "down") and not music_style(text))
    ):
        return Outcome([_music_volume(c)])
    audio = [m for m in ctx.media if m.kind == "audio"]
    named = by_name(text, [m.name for m in audio])
    if named:
        return Outcome([SetMusic(music=audio[named[0]].id)])
    if has(text, "uploaded"):
        if audio:
            return Outcome([SetMusic(music=audio[0].id)])
        return Outcome(question="no_audio")
    style = music_style(text)
    # "lose the soundtrack", "togli la musica festa": taking music away, even when its
    # words name a style ("soundtrack" is the cinema one), never puts that style on.
    removing = has(text, "remove", "off") and not has(text, "change", "add", "on", "make")
    if style is not None and not removing:
        return Outcome([SetMusic(music=style)])
    if has(text, "remove", "off"):
        return Outcome([SetMusic(music=None)])
    view = ctx.view
    has_music = view is not None and any(isinstance(t, AudioTrack) and t.sg for t in view.t)
    if has(text, "change") or has_music or not has(text, "add", "on", "make"):
        return Outcome(question="which_music")
    return Outcome([SetMusic(music=DEFAULT_STYLE)])


def clip_audio(c: Clause, ctx: Context) -> Outcome | None:
    text = c.text
    mute = re.search(
        r"\bmut[ae]\b|\bsilenzia|静音|\bsenza (?:audio|suono)\b|\bwithout (?:sound|audio)\b", text
    )
    view = ctx.view
    # "più forte il video" in a slideshow with clips means their sound, not the music.
    louder = has(text, "clip_louder") and view is not None and bool(clip_positions(view))
    if not (has(text, "clip_audio", "sound") or mute or louder) or has(text, "music"):
        return None
    refs = [
        r
        for r in photo_refs(text, view, ctx.media)
        if view is not None and r in clip_positions(view)
    ]
    # "abbassa l'audio della gondola": a sound word about a clip named in the clause.
    if not (has(text, "clip_audio") or mute or refs or louder):
        return None
    # "la gondola senza audio" is about the clip's sound, not about removing it.
    if not (
        has(text, "clip_audio") or refs or re.search(r"\b(?:video|clip|filmato)\b|视频|片段", text)
    ):
        return None
    p = percent(text)
    if mute or has(text, "off"):
        vol = 0.0
    elif p is not None:
        vol = max(0.0, min(2.0, p))
    elif has(text, "down"):
        vol = 0.5
    elif has(text, "up"):
        vol = 1.5
    else:
        vol = 1.0
    if refs:
        return Outcome([SetClipVolume(index=r, volume=vol) for r in refs])
    return Outcome([SetClipVolume(volume=vol)])


_MODIFIERS = re.compile(
    r"\b(?:in alto|in basso|al centro|in mezzo|top|bottom|center|centre|middle|at the|on the|"
    r"piu|more|grande|big|bigger|small|piccolo|per|for|sulla|sull|on|della|of|del|rosso|red)\b"
)


def _title_text(c: Clause, keyword: str) -> str | None:
    if c.quote():
        return c.quote()
    # Unquoted: "titolo: Estate" / "标题：托斯卡纳之夏" / "加个标题叫托斯卡纳"
    m = re.search(keyword + r"\s*(?::|：|叫|为|是|=)\s*(.+)$", c.raw)
    if m:
        value = re.split(r"[,;，；。]", m.group(1))[0].strip(" \"'")
        value = re.sub(
            r"\s*(?:in alto|in basso|al centro|at the top|at the bottom|顶部|底部|中间)\s*$",
            "",
            value,
        )
        return _as_typed(value, c)
    # "aggiungi il titolo Estate in Toscana in alto": the words between the
    # keyword and the trailing place/colour/size words.
    m = re.search(
        r"\b(?:aggiungi|metti|inserisci|add|put|insert)\b.*?" + keyword + r"\s+(.+)$", c.raw
    )
    if not m:
        return None
    words = m.group(1).split()
    while words and words[0] in _LEADING:
        words.pop(0)
    while words and words[-1].strip(",.") in _TRAILING:
        words.pop()
    return _as_typed(" ".join(words), c) if words else None


# Words that say how a text looks or where it goes: never the text itself.
_LOOKS = ("POSITIONS", "SIZES", "FONTS", "TEXT_ANIMATIONS")


def _without_edit_words(value: str) -> str | None:
    """An unquoted text up to its first word of place, size, font, colour or animation.

    "metti il titolo in alto con il carattere serif" gives no text at all: a title the
    person made is replaced only by words they gave as text, never by "in alto".
    """
    folded = normalise(value)
    cut = earliest(folded, _LOOKS, ("typeface", "text_anim"))
    if cut is None:
        return value
    words = folded[:cut].split()
    while words and words[-1] in _TRAILING | _JOINERS:
        words.pop()
    if not words:
        return None
    kept = " ".join(value.split()[: len(words)])
    return kept or None


_JOINERS = frozenset(["con", "il", "la", "lo", "with", "a", "an", "in", "un", "una", "用", "使用"])


def _as_typed(value: str, c: Clause) -> str | None:
    # The clause is lower case; the title keeps the case the person typed.
    typed = re.search(re.escape(value), c.original, flags=re.IGNORECASE) if value else None
    return typed.group(0) if typed else (value or None)


_LEADING = frozenset(
    [
        "che",
        "dice",
        "con",
        "scritto",
        "called",
        "saying",
        "that",
        "says",
        "with",
        "text",
        "testo",
        ":",
        "-",
        "=",
    ]
)
_TRAILING = frozenset(
    [
        "in",
        "alto",
        "basso",
        "al",
        "centro",
        "mezzo",
        "at",
        "the",
        "top",
        "bottom",
        "on",
        "center",
        "centre",
        "middle",
        "e",
        "and",
        "di",
        "colore",
        "color",
        "colour",
        "piu",
        "more",
        "grande",
        "grandi",
        "piccolo",
        "big",
        "bigger",
        "small",
        "smaller",
        "large",
        "huge",
        "a",
        "sinistra",
        "per",
        "for",
        "secondi",
        "seconds",
        "s",
    ]
    + [w for lex in (lexicon_it, lexicon_en) for w in lex.COLORS if " " not in w]
) | {str(n) for n in range(0, 61)}


_START = re.compile(
    r"(?<![a-z])(?:dal|dall|da|dopo|a partire da(?:l)?|al|from|at|after|starting at|starts at"
    r"|starting from) (?:secondo |second |sec )?(\d+(?:[.,]\d+)?)"
    r"(?: ?(?:s|secs?|second[oi]?|seconds)(?![a-z]))?"
    r"|从 ?第? ?(\d+(?:\.\d+)?) ?秒?(?:钟)?(?:开始|起)?|第 ?(\d+(?:\.\d+)?) ?秒(?:开始|起)?"
    r"|(\d+(?:\.\d+)?) ?秒(?:后|之后)(?:开始|出现)?"
)


def _timing(t: str) -> tuple[float | None, float | None]:
    """When a text starts and how long it shows: "dal secondo 2 per 3 secondi" -> (2, 3)."""
    start = None
    m = _START.search(t)
    if m:
        start = float(next(g for g in m.groups() if g is not None).replace(",", "."))
        # "from 2 to 5 seconds", "dal 2 al 5", "从2秒到5秒": an end, not a length.
        end = re.match(
            r" ?(?:a|al|alle|to|until|till|fino a(?:l)?|到|至) ?第? ?(\d+(?:[.,]\d+)?)",
            t[m.end() :],
        )
        if end and float(end[1].replace(",", ".")) > start:
            return start, float(end[1].replace(",", ".")) - start
        t = t[: m.start()] + " " + t[m.end() :]
    secs = durations(t)
    return start, (secs[0] if secs else None)


def text(c: Clause, ctx: Context) -> Outcome | None:
    t = c.text
    if has(t, "subtitle"):
        role, kw = "subtitle", r"(?:sottotitolo|subtitle|副标题)"
    elif has(t, "title"):
        role, kw = "title", r"(?:titolo|title|标题|主题)"
    elif has(t, "caption"):
        role, kw = "caption", r"(?:didascalia|caption|scritta|testo|text|label|字幕|文字|文案|说明)"
    else:
        return None
    value = _title_text(c, kw)
    if value is not None and not c.quote():
        value = _without_edit_words(value)
    pos = lookup(t, "POSITIONS")
    size = lookup(t, "SIZES")
    font, anim = typeface_and_animation(t)
    if value is not None and (font or anim):
        value = without_type_words(value)  # "metti il titolo che sale": no title "sale"
    style = {
        "pos": pos[0] if pos else None,
        "size": sized(float(str(size[0])), role, ctx.view) if size else None,
        "color": color(t),
        "font": font,
        "anim": anim,
    }
    start, seconds = _timing(t)
    view = ctx.view
    refs = photo_refs(re.sub(r"qqq", "", t), view, ctx.media) if role == "caption" else []
    explicit_caption = re.search(r"didascali|caption|字幕", t)
    if (
        role == "caption"
        and value is None
        and not refs
        and not re.search(r"didascali|caption|scritt|testo|\btext\b|label|字幕|文字|文案|说明", t)
    ):
        return None  # "write me a poem": a verb of writing alone is no caption
    removing = has(t, "remove", "off") and value is None and not has(t, "add")
    removing = removing and not (font or anim)  # "titolo senza animazione" keeps the title
    if removing:
        if role == "caption":
            if refs:
                return Outcome([RemoveCaption(index=r) for r in refs])
            return Outcome([RemoveText(role="caption")])
        return Outcome([RemoveText(role=role)])
    if role == "caption" and refs:
        if value is None and not any(style[k] for k in ("pos", "size", "color")):
            return Outcome(question="caption_text")
        # A photo's caption has a place, size and colour, but no font or animation of its own.
        own = {k: v for k, v in style.items() if k in ("pos", "size", "color")}
        return Outcome([SetCaption(index=r, text=value, **own) for r in refs])
    if role == "caption" and explicit_caption and value is not None and ctx.count > 1:
        return Outcome(question="which_photo", values={"text": value})
    has_title = view is not None and any(
        isinstance(tr, TextTrack) and any(s.m.role == role or role == "caption" for s in tr.sg)
        for tr in view.t
    )
    if value is not None:
        add_role = role
        if role == "caption" and not explicit_caption:
            add_role = "caption" if has_title else "title"
        return Outcome([AddTitle(text=value, role=add_role, start=start, seconds=seconds, **style)])
    ask = "caption_text" if role == "caption" else "title_text"
    if role == "caption" and view is not None and view.main_video is not None:
        has_title = has_title or any(s.m.cap for s in view.main_video.sg)
    if any(v is not None for v in style.values()) or seconds is not None or start is not None:
        if not has_title:
            return Outcome(question=ask)
        return Outcome([EditText(role=role, start=start, seconds=seconds, **style)])
    return Outcome(question=ask)


def led_text(c: Clause, ctx: Context) -> Outcome | None:
    """A title or caption whose words follow a lead ("titolo Estate 2024", "call it ...")."""
    lead = text_lead(c)
    if lead is None:
        return None
    role, value, rest = lead
    if not c.quote():
        value = _without_edit_words(as_typed(value, c.original)) or ""
    return _unquoted(role, value, rest, ctx) if value else None


def _unquoted(role: str, value: str, rest: str, ctx: Context) -> Outcome:
    """A title, or the caption of the photos the rest of the clause names, with its words."""
    if role == "caption":
        refs = photo_refs(rest, ctx.view, ctx.media)
        if refs:
            return Outcome([SetCaption(index=r, text=value) for r in refs])
        if ctx.count > 1:
            return Outcome(question="which_photo", values={"text": value})
    return Outcome([AddTitle(text=value, role="title" if role != "subtitle" else role)])


SOUND_HANDLERS: list[Handler] = [led_text, export, make, clip_audio, music, text]
