"""Diapo's one vocabulary: every name a user, a client or a layer may say, defined once.

Output formats, resolutions, aspects and their canvas sizes, reply languages,
transitions, fits, render qualities, and the built-in music styles with the
aliases people type for them in Italian, English and Chinese. The service's
schemas, pricing, the chat, the CLI and the page (served as JSON) all import
these; `tests/test_vocabulary.py` checks that no layer keeps a copy that
disagrees.
"""

from __future__ import annotations

import unicodedata
from typing import Literal, get_args

__all__ = [
    "ASPECTS",
    "AUDIO_FORMATS",
    "CANVAS_SIZES",
    "DEFAULT_STYLE",
    "FITS",
    "LANGUAGES",
    "MAX_RESOLUTION",
    "MUSIC_STYLES",
    "OUTPUT_FORMATS",
    "PREVIEW_FORMATS",
    "PREVIEW_RESOLUTIONS",
    "QUALITIES",
    "RESOLUTIONS",
    "STILL_FORMATS",
    "STYLE_ALIASES",
    "TRANSITION_NAMES",
    "VIDEO_FORMATS",
    "Aspect",
    "Fit",
    "Language",
    "OutputFormat",
    "Quality",
    "Resolution",
    "TransitionKind",
    "find_style",
    "normalise_name",
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

#: The full-quality (1080p) canvas of each aspect; other resolutions scale it.
CANVAS_SIZES: dict[str, tuple[int, int]] = {
    "16:9": (1920, 1080),
    "9:16": (1080, 1920),
    "1:1": (1080, 1080),
    "4:5": (1080, 1350),
}

Fit = Literal["cover", "contain"]
FITS: tuple[str, ...] = get_args(Fit)

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

# --- people -----------------------------------------------------------------

Language = Literal["it", "en", "zh"]
LANGUAGES: tuple[str, ...] = get_args(Language)

# --- music ------------------------------------------------------------------

MUSIC_STYLES: tuple[str, ...] = ("tarantella", "mandolino", "serenata", "festa")
DEFAULT_STYLE = "tarantella"

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
    "chill": "serenata",
    "relaxing": "serenata",
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
}


def normalise_name(name: str) -> str:
    """Fold case, width, accents, dashes and spaces, so "Romántica" and "ＦＥＳＴＡ" match."""
    folded = unicodedata.normalize("NFKD", name).casefold()
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(folded.replace("-", " ").replace("_", " ").split())


def find_style(name: str) -> str | None:
    """The built-in style a name or alias means, in any of the three languages; None if none."""
    key = normalise_name(name)
    if key.startswith("music:"):
        key = key.removeprefix("music:")
    if key in STYLE_ALIASES:
        return STYLE_ALIASES[key]
    for word in key.split():
        if word in STYLE_ALIASES:
            return STYLE_ALIASES[word]
    # Chinese is written without spaces, so look for an alias inside the phrase.
    # The longest alias wins: 圆舞曲 (a waltz) is not 舞曲 (a dance).
    for alias in sorted((a for a in STYLE_ALIASES if not a.isascii()), key=len, reverse=True):
        if alias in key:
            return STYLE_ALIASES[alias]
    return None


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
        "music": {
            "styles": list(MUSIC_STYLES),
            "default": DEFAULT_STYLE,
            "aliases": dict(STYLE_ALIASES),
        },
    }
