"""Diapo's one vocabulary: every name a user, a client or a layer may say, defined once.

Output formats, resolutions, aspects and their canvas sizes, reply languages,
transitions, fits, render qualities, and the built-in music styles with the
aliases people type for them in Italian, English and Chinese. The service's
schemas, pricing, the chat, the CLI and the page (served as JSON) all import
these; `tests/test_vocabulary.py` checks that no layer keeps a copy that
disagrees.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal, get_args

__all__ = [
    "ASPECTS",
    "AUDIO_FORMATS",
    "CANVAS_SIZES",
    "DEFAULT_ASPECT",
    "DEFAULT_FIT",
    "DEFAULT_STYLE",
    "DEFAULT_TRANSITION",
    "ENDINGS",
    "ENDING_TITLES",
    "END_CARD_TEXTS",
    "END_FADE_MS",
    "FITS",
    "FONT_FAMILIES",
    "FONT_TITLES",
    "LANGUAGES",
    "MAX_RESOLUTION",
    "MUSIC_STYLES",
    "OUTPUT_FORMATS",
    "PLATFORM_PRESETS",
    "PREVIEW_FORMATS",
    "PREVIEW_RESOLUTIONS",
    "QUALITIES",
    "RESOLUTIONS",
    "STILL_FORMATS",
    "STYLE_ALIASES",
    "STYLE_TEMPI",
    "TEXT_ANIMATIONS",
    "TEXT_ANIMATION_TITLES",
    "TEXT_ROLE_SIZES",
    "TRANSITION_NAMES",
    "TRANSITION_TITLES",
    "VIDEO_FORMATS",
    "Aspect",
    "EndingKind",
    "Fit",
    "FontFamily",
    "Language",
    "OutputFormat",
    "PlatformPreset",
    "PresetName",
    "Quality",
    "Resolution",
    "StyleTempo",
    "TextAnimation",
    "TransitionKind",
    "find_preset",
    "find_style",
    "normalise_name",
    "spaced_words",
    "vocabulary_json",
]

# --- output -----------------------------------------------------------------

OutputFormat = Literal[
    "mp4", "mov", "webm", "mkv", "avi", "gif", "jpg", "png", "webp", "mp3", "wav", "m4a", "aac"
]  # fmt: skip
OUTPUT_FORMATS: tuple[str, ...] = get_args(OutputFormat)
VIDEO_FORMATS: tuple[str, ...] = ("mp4", "mov", "webm", "mkv", "avi", "gif")
STILL_FORMATS: tuple[str, ...] = ("jpg", "png", "webp")
AUDIO_FORMATS: tuple[str, ...] = ("mp3", "wav", "m4a", "aac")

# Named by the shorter side, like the platforms do. The protocol caps H.264's
# longer side at 1920, so 1080p is the largest: "4k" is refused, never promised.
Resolution = Literal["1080p", "720p", "480p", "360p"]
RESOLUTIONS: dict[str, int] = {"1080p": 1080, "720p": 720, "480p": 480, "360p": 360}
MAX_RESOLUTION = "1080p"

#: A preview is a quick look, not a deliverable: a small mp4 only, and free.
PREVIEW_FORMATS: tuple[str, ...] = ("mp4",)
PREVIEW_RESOLUTIONS: tuple[str, ...] = ("360p", "480p")

Quality = Literal["preview", "standard", "high"]
QUALITIES: tuple[str, ...] = get_args(Quality)

# --- canvas -----------------------------------------------------------------

Aspect = Literal["16:9", "9:16", "1:1", "4:5"]
ASPECTS: tuple[str, ...] = get_args(Aspect)
DEFAULT_ASPECT: Aspect = "16:9"

#: The full-quality (1080p) canvas of each aspect; other resolutions scale it.
CANVAS_SIZES: dict[str, tuple[int, int]] = {
    "16:9": (1920, 1080),
    "9:16": (1080, 1920),
    "1:1": (1080, 1080),
    "4:5": (1080, 1350),
}

Fit = Literal["cover", "contain"]
FITS: tuple[str, ...] = get_args(Fit)
DEFAULT_FIT: Fit = "cover"

TransitionKind = Literal[
    "cut",
    "crossfade",
    "fade_black",
    "fade_white",
    "slide_left",
    "slide_right",
    "slide_up",
    "slide_down",
    "push_left",
    "push_right",
    "push_up",
    "push_down",
    "wipe_left",
    "wipe_right",
    "wipe_up",
    "wipe_down",
    "zoom",
    "circle",
]
TRANSITION_NAMES: tuple[str, ...] = get_args(TransitionKind)
DEFAULT_TRANSITION: TransitionKind = "crossfade"

#: Their names shown to people, in it / en / zh (the chat, the CLI and the page use them).
TRANSITION_TITLES: dict[str, dict[str, str]] = {
    "cut": {"it": "stacco netto", "en": "cut", "zh": "直接切换"},
    "crossfade": {"it": "dissolvenza incrociata", "en": "crossfade", "zh": "交叉淡化"},
    "fade_black": {"it": "dissolvenza al nero", "en": "fade through black", "zh": "黑场过渡"},
    "fade_white": {"it": "dissolvenza al bianco", "en": "fade through white", "zh": "白场过渡"},
    "slide_left": {"it": "scorrimento a sinistra", "en": "slide left", "zh": "向左滑入"},
    "slide_right": {"it": "scorrimento a destra", "en": "slide right", "zh": "向右滑入"},
    "slide_up": {"it": "scorrimento in alto", "en": "slide up", "zh": "向上滑入"},
    "slide_down": {"it": "scorrimento in basso", "en": "slide down", "zh": "向下滑入"},
    "push_left": {"it": "spinta a sinistra", "en": "push left", "zh": "向左推移"},
    "push_right": {"it": "spinta a destra", "en": "push right", "zh": "向右推移"},
    "push_up": {"it": "spinta in alto", "en": "push up", "zh": "向上推移"},
    "push_down": {"it": "spinta in basso", "en": "push down", "zh": "向下推移"},
    "wipe_left": {"it": "tendina a sinistra", "en": "wipe left", "zh": "向左擦除"},
    "wipe_right": {"it": "tendina a destra", "en": "wipe right", "zh": "向右擦除"},
    "wipe_up": {"it": "tendina in alto", "en": "wipe up", "zh": "向上擦除"},
    "wipe_down": {"it": "tendina in basso", "en": "wipe down", "zh": "向下擦除"},
    "zoom": {"it": "zoom", "en": "zoom", "zh": "缩放过渡"},
    "circle": {"it": "cerchio", "en": "circle reveal", "zh": "圆形展开"},
}

# --- text -------------------------------------------------------------------

#: Typefaces of titles and captions: "sans" is Inter (modern, the default), "serif" DejaVu Serif.
FontFamily = Literal["sans", "serif"]
FONT_FAMILIES: tuple[str, ...] = get_args(FontFamily)

#: How a title or text enters: "fade" in and out, "rise" (fades in while moving up),
#: "typewriter" (letter by letter), "none" (there at once).
TextAnimation = Literal["fade", "rise", "typewriter", "none"]
TEXT_ANIMATIONS: tuple[str, ...] = get_args(TextAnimation)

#: The size a text without one of its own is drawn at, as a share of the canvas's
#: shorter side, by its role (the renderer draws it so; the chat's "bigger" starts there).
TEXT_ROLE_SIZES: dict[str, float] = {"title": 0.085, "subtitle": 0.055, "caption": 0.042}

#: Their names shown to people, in it / en / zh.
FONT_TITLES: dict[str, dict[str, str]] = {
    "sans": {"it": "carattere moderno", "en": "modern font", "zh": "现代字体"},
    "serif": {"it": "carattere con grazie", "en": "serif font", "zh": "衬线字体"},
}
TEXT_ANIMATION_TITLES: dict[str, dict[str, str]] = {
    "fade": {"it": "in dissolvenza", "en": "fading in", "zh": "淡入"},
    "rise": {"it": "che sale", "en": "rising", "zh": "上升"},
    "typewriter": {"it": "a macchina da scrivere", "en": "typewriter", "zh": "打字机效果"},
    "none": {"it": "senza animazione", "en": "no animation", "zh": "无动画"},
}

# --- ending -----------------------------------------------------------------

#: How a video ends: picture and sound fade out together (the default), stop at
#: once, or fade to a card with a closing word that fades out with the sound.
EndingKind = Literal["fade", "cut", "card"]
ENDINGS: tuple[str, ...] = get_args(EndingKind)
#: The final fade's length in ms: about a second, never under half or over one and a half.
END_FADE_MS: tuple[int, int, int] = (500, 1000, 1500)  # (shortest, default, longest)
ENDING_TITLES: dict[str, dict[str, str]] = {
    "fade": {"it": "dissolvenza finale", "en": "fade out", "zh": "淡出结尾"},
    "cut": {"it": "stacco finale", "en": "hard cut", "zh": "直接结束"},
    "card": {"it": "cartello finale", "en": "end card", "zh": "片尾字卡"},
}
#: What an end card says when the draft gives it no words of its own.
END_CARD_TEXTS: dict[str, str] = {"it": "Fine", "en": "The End", "zh": "完"}

# --- people -----------------------------------------------------------------

Language = Literal["it", "en", "zh"]
LANGUAGES: tuple[str, ...] = get_args(Language)

# --- music ------------------------------------------------------------------

MUSIC_STYLES: tuple[str, ...] = (
    "tarantella",
    "mandolino",
    "serenata",
    "festa",
    "canzone",
    "cinema",
    "lounge",
    "lofi",
)
DEFAULT_STYLE = "tarantella"


@dataclass(frozen=True, slots=True)
class StyleTempo:
    """A built-in style's exact pulse, which the composer keeps to the millisecond.

    `bpm` counts the beats a listener taps (dotted quarters in 6/8), and the
    final chord rings for `final_bars` bars. The draft layer lays cuts on this
    grid (`diapo.draft.beats`), so it lives here rather than in the music package.
    """

    bpm: float
    beats_per_bar: int
    final_bars: int

    @property
    def beat_ms(self) -> float:
        return 60_000.0 / self.bpm

    @property
    def bar_ms(self) -> float:
        return self.beat_ms * self.beats_per_bar


STYLE_TEMPI: dict[str, StyleTempo] = {
    "tarantella": StyleTempo(bpm=126.0, beats_per_bar=2, final_bars=2),
    "mandolino": StyleTempo(bpm=100.0, beats_per_bar=3, final_bars=1),
    "serenata": StyleTempo(bpm=56.0, beats_per_bar=2, final_bars=1),
    "festa": StyleTempo(bpm=120.0, beats_per_bar=2, final_bars=2),
    "canzone": StyleTempo(bpm=80.0, beats_per_bar=4, final_bars=1),
    "cinema": StyleTempo(bpm=66.0, beats_per_bar=4, final_bars=1),
    "lounge": StyleTempo(bpm=132.0, beats_per_bar=4, final_bars=1),
    "lofi": StyleTempo(bpm=76.0, beats_per_bar=4, final_bars=1),
}

#: What people call the styles, folded by `normalise_name`. One table for the
#: CLI, the chat, the page and the renderer, so a word means one style everywhere.
STYLE_ALIASES: dict[str, str] = {
    **{name: name for name in MUSIC_STYLES},
    # A generic "Italian music" request gets the signature piece.
    "italian": "tarantella",
    "italy": "tarantella",
    "italia": "tarantella",
    "italiana": "tarantella",
    "italiano": "tarantella",
    "musica italiana": "tarantella",
    "italian music": "tarantella",
    "tarantelle": "tarantella",
    "dance": "tarantella",
    "danza": "tarantella",
    "ballo": "tarantella",
    "lively": "tarantella",
    "vivace": "tarantella",
    "default": "tarantella",
    "意大利": "tarantella",
    "意大利音乐": "tarantella",
    "塔兰泰拉": "tarantella",
    "舞曲": "tarantella",
    "mandolin": "mandolino",
    "mandoline": "mandolino",
    "mandolin waltz": "mandolino",
    "valzer del mandolino": "mandolino",
    "waltz": "mandolino",
    "valzer": "mandolino",
    "gentle": "mandolino",
    "dolce": "mandolino",
    "calm": "mandolino",
    "calma": "mandolino",
    "tranquilla": "mandolino",
    "曼陀林": "mandolino",
    "圆舞曲": "mandolino",
    "华尔兹": "mandolino",
    "曼陀林圆舞曲": "mandolino",
    "温柔": "mandolino",
    "romantic": "serenata",
    "romance": "serenata",
    "romantica": "serenata",
    "romantico": "serenata",
    "serenade": "serenata",
    "love": "serenata",
    "amore": "serenata",
    "slow": "serenata",
    "lento": "serenata",
    "lenta": "serenata",
    "浪漫": "serenata",
    "小夜曲": "serenata",
    "抒情": "serenata",
    "安静": "serenata",
    "舒缓": "serenata",
    "party": "festa",
    "festival": "festa",
    "celebration": "festa",
    "energetic": "festa",
    "energica": "festa",
    "happy": "festa",
    "upbeat": "festa",
    "cheerful": "festa",
    "festive": "festa",
    "allegra": "festa",
    "allegro": "festa",
    "march": "festa",
    "marcia": "festa",
    "banda": "festa",
    "节日": "festa",
    "欢快": "festa",
    "派对": "festa",
    "热闹": "festa",
    "canzone napoletana": "canzone",
    "napoletana": "canzone",
    "napoli": "canzone",
    "neapolitan": "canzone",
    "neapolitan song": "canzone",
    "naples": "canzone",
    "canzone classica": "canzone",
    "ballad": "canzone",
    "ballata": "canzone",
    "nostalgica": "canzone",
    "nostalgic": "canzone",
    "那不勒斯": "canzone",
    "那不勒斯民歌": "canzone",
    "民歌": "canzone",
    "情歌": "canzone",
    "怀旧": "canzone",
    "cinematic": "cinema",
    "cinematica": "cinema",
    "film": "cinema",
    "movie": "cinema",
    "colonna sonora": "cinema",
    "soundtrack": "cinema",
    "epic": "cinema",
    "epica": "cinema",
    "strings": "cinema",
    "pianoforte": "cinema",
    "archi": "cinema",
    "emozionante": "cinema",
    "电影": "cinema",
    "电影配乐": "cinema",
    "钢琴": "cinema",
    "史诗": "cinema",
    "弦乐": "cinema",
    "bossa": "lounge",
    "italian lounge": "lounge",
    "意式酒廊": "lounge",
    "bossa nova": "lounge",
    "jazz": "lounge",
    "elegant": "lounge",
    "elegante": "lounge",
    "aperitivo": "lounge",
    "cocktail": "lounge",
    "sofisticata": "lounge",
    "chic": "lounge",
    "波萨诺瓦": "lounge",
    "爵士": "lounge",
    "优雅": "lounge",
    "酒廊": "lounge",
    "lo fi": "lofi",
    "chill": "lofi",
    "chillout": "lofi",
    "relax": "lofi",
    "relaxed": "lofi",
    "relaxing": "lofi",
    "rilassante": "lofi",
    "study": "lofi",
    "hip hop": "lofi",
    "vinile": "lofi",
    "vinyl": "lofi",
    "低保真": "lofi",
    "放松": "lofi",
    "轻松": "lofi",
    "学习": "lofi",
    "嘻哈": "lofi",
}


# --- platform presets ---------------------------------------------------------
# Where a video is going decides its shape and its limits. Each figure below is
# cited in the README ("Platform presets"); the ones marked as Diapo's choice are
# ours, the rest are the platform's documented limits as of November 2026.

PresetName = Literal[
    "instagram-reels", "instagram-stories", "instagram-feed", "tiktok", "youtube-shorts",
    "youtube", "facebook", "whatsapp",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class PlatformPreset:
    """What a platform takes: the frame, the longest video, the bitrate and the file size.

    `video_kbps` is the peak bitrate the encoder may reach (x264's VBV), so a
    video of `max_seconds` stays under `size_cap_bytes`; where the cap is the
    tighter limit (WhatsApp) the encoder aims at the cap itself, in two passes.
    """

    name: str
    aspect: str
    resolution: str
    max_seconds: int
    video_kbps: int
    audio_kbps: int
    size_cap_bytes: int | None
    titles: dict[str, str]
    aliases: tuple[str, ...]


PLATFORM_PRESETS: dict[str, PlatformPreset] = {
    p.name: p
    for p in (
        PlatformPreset(
            "instagram-reels", "9:16", "1080p", 180, 10_000, 128, 300_000_000,
            {"it": "Instagram Reels", "en": "Instagram Reels", "zh": "Instagram Reels"},
            ("instagram reels", "instagram reel", "reels", "reel", "instagram", "insta", "ig",
             "ins", "照片墙"),
        ),
        PlatformPreset(
            "instagram-stories", "9:16", "1080p", 60, 10_000, 128, 100_000_000,
            {"it": "le storie di Instagram", "en": "Instagram Stories", "zh": "Instagram 快拍"},
            ("instagram stories", "instagram story", "storie di instagram", "storie instagram",
             "storia di instagram", "storia instagram", "stories di instagram", "ig stories",
             "ig story", "stories", "instagram 快拍", "ins 快拍", "快拍"),
        ),
        PlatformPreset(
            "instagram-feed", "4:5", "1080p", 180, 10_000, 128, 300_000_000,
            {"it": "il feed di Instagram", "en": "the Instagram feed", "zh": "Instagram 帖子"},
            ("instagram feed", "feed di instagram", "feed instagram", "post di instagram",
             "post instagram", "post su instagram", "instagram post", "ig feed", "ig post",
             "instagram 帖子", "ins 帖子"),
        ),
        PlatformPreset(
            "tiktok", "9:16", "1080p", 600, 10_000, 128, None,
            {"it": "TikTok", "en": "TikTok", "zh": "抖音/TikTok"},
            ("tiktok", "tik tok", "douyin", "抖音"),
        ),
        PlatformPreset(
            "youtube-shorts", "9:16", "1080p", 180, 12_000, 192, None,
            {"it": "YouTube Shorts", "en": "YouTube Shorts", "zh": "YouTube Shorts"},
            ("youtube shorts", "youtube short", "yt shorts", "shorts di youtube", "shorts",
             "油管短视频"),
        ),
        PlatformPreset(
            "youtube", "16:9", "1080p", 900, 12_000, 192, None,
            {"it": "YouTube", "en": "YouTube", "zh": "YouTube"},
            ("youtube", "you tube", "yt", "油管"),
        ),
        PlatformPreset(
            "facebook", "16:9", "1080p", 14_400, 10_000, 128, 10_000_000_000,
            {"it": "Facebook", "en": "Facebook", "zh": "Facebook"},
            ("facebook", "fb", "脸书"),
        ),
        PlatformPreset(
            # 16 MB is WhatsApp's cap for a video sent as media; counted in units of
            # 10^6 bytes, the smaller reading, so the file fits whichever one is meant.
            "whatsapp", "9:16", "720p", 180, 4_000, 128, 16_000_000,
            {"it": "WhatsApp", "en": "WhatsApp", "zh": "WhatsApp"},
            ("whatsapp", "whats app", "whatsap", "微信", "wechat"),
        ),
    )
}  # fmt: skip


def find_preset(text: str) -> str | None:
    """The platform preset a phrase names ("per le storie di Instagram", "发到抖音"); None if none.

    As with styles, the alias named first wins and, of two starting together, the
    longer: "instagram stories" is the stories, not the reels "instagram" means alone.
    """
    key = normalise_name(text)
    if key in PLATFORM_PRESETS:
        return key
    spaced = spaced_words(key)
    found: list[tuple[int, int, str]] = []
    for preset in PLATFORM_PRESETS.values():
        for alias in (preset.name.replace("-", " "), *preset.aliases):
            if alias.isascii():
                # Counted from the word's first letter, as "instagram 快拍" is below.
                hit = spaced.find(f" {alias} ")
                at = hit + 1 if hit >= 0 else -1
            else:
                at = spaced.find(alias)
            if at >= 0:
                found.append((at, -len(alias), preset.name))
    return min(found)[2] if found else None


def normalise_name(name: str) -> str:
    """Fold case, width, accents, dashes and spaces, so "Romántica" and "ＦＥＳＴＡ" match."""
    folded = unicodedata.normalize("NFKD", name).casefold()
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(folded.replace("-", " ").replace("_", " ").split())


def find_style(name: str) -> str | None:
    """The built-in style a name or alias means, in any of the three languages; None if none.

    An alias counts anywhere in the phrase, apart from its punctuation ("音乐：festa",
    "lo-fi, please"). The one named first wins ("lounge all'italiana" is the lounge,
    not the Italian default) and, where two start together, the longer: 圆舞曲 (a
    waltz) is not 舞曲 (a dance).
    """
    key = normalise_name(name).removeprefix("music:")
    if key in STYLE_ALIASES:
        return STYLE_ALIASES[key]
    spaced = spaced_words(key)
    found: list[tuple[int, int, str]] = []
    for alias, style in STYLE_ALIASES.items():
        # Chinese is written without spaces, so its aliases are looked for inside words.
        at = spaced.find(f" {alias} " if alias.isascii() else alias)
        if at >= 0:
            found.append((at, -len(alias), style))
    return min(found)[2] if found else None


# Latin words and runs of other scripts apart: "换成festa" names festa.
_WORD = re.compile(r"[a-z0-9]+|[^\W\d_a-z]+")


def spaced_words(text: str) -> str:
    """The words of folded `text` (see `normalise_name`) between single spaces, with a space at
    either end, so that a name is found whole with `f" {name} " in spaced_words(text)`."""
    return " " + " ".join(_WORD.findall(text)) + " "


def vocabulary_json() -> dict[str, object]:
    """The vocabulary as plain JSON, for the page and for clients."""
    return {
        "formats": {
            "video": list(VIDEO_FORMATS),
            "still": list(STILL_FORMATS),
            "audio": list(AUDIO_FORMATS),
            "all": list(OUTPUT_FORMATS),
        },
        "resolutions": list(RESOLUTIONS),
        "preview": {"formats": list(PREVIEW_FORMATS), "resolutions": list(PREVIEW_RESOLUTIONS)},
        "aspects": {ar: {"w": w, "h": h} for ar, (w, h) in CANVAS_SIZES.items()},
        "fits": list(FITS),
        "qualities": list(QUALITIES),
        "languages": list(LANGUAGES),
        "transitions": list(TRANSITION_NAMES),
        "transition_titles": TRANSITION_TITLES,
        "presets": {
            name: {
                "aspect": p.aspect,
                "resolution": p.resolution,
                "max_seconds": p.max_seconds,
                "video_kbps": p.video_kbps,
                "audio_kbps": p.audio_kbps,
                "size_cap_bytes": p.size_cap_bytes,
                "titles": dict(p.titles),
            }
            for name, p in PLATFORM_PRESETS.items()
        },
        "fonts": list(FONT_FAMILIES),
        "font_titles": FONT_TITLES,
        "text_animations": list(TEXT_ANIMATIONS),
        "text_animation_titles": TEXT_ANIMATION_TITLES,
        "endings": list(ENDINGS),
        "ending_titles": ENDING_TITLES,
        "music": {
            "styles": list(MUSIC_STYLES),
            "default": DEFAULT_STYLE,
            "aliases": dict(STYLE_ALIASES),
            "tempi": {
                name: {"bpm": t.bpm, "beats_per_bar": t.beats_per_bar}
                for name, t in STYLE_TEMPI.items()
            },
        },
    }
