"""The built-in soundtrack styles, their display names, and the aliases people type for them."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from diapo.music.errors import UnknownStyleError

__all__ = [
    "DEFAULT_STYLE",
    "STYLES",
    "STYLE_INFO",
    "StyleInfo",
    "UnknownStyleError",
    "resolve_style",
]


@dataclass(frozen=True, slots=True)
class StyleInfo:
    """How a style is shown to people, and its tempo and metre."""

    name: str
    title_it: str
    title_en: str
    title_zh: str
    bpm: float
    meter: str
    mood: tuple[str, ...]
    description: str


STYLE_INFO: dict[str, StyleInfo] = {
    "tarantella": StyleInfo(
        name="tarantella",
        title_it="Tarantella",
        title_en="Tarantella",
        title_zh="塔兰泰拉",
        bpm=126.0,
        meter="6/8",
        mood=("lively", "festive", "southern"),
        description="A fast southern-Italian dance in A minor: mandolin, guitar, bass, tambourine.",
    ),
    "mandolino": StyleInfo(
        name="mandolino",
        title_it="Valzer del mandolino",
        title_en="Mandolin waltz",
        title_zh="曼陀林圆舞曲",
        bpm=100.0,
        meter="3/4",
        mood=("gentle", "nostalgic", "sunny"),
        description="A gentle waltz in D major: tremolo mandolin over guitar and bass.",
    ),
    "serenata": StyleInfo(
        name="serenata",
        title_it="Serenata",
        title_en="Serenade",
        title_zh="小夜曲",
        bpm=56.0,
        meter="6/8",
        mood=("romantic", "tender", "slow"),
        description="A slow romantic serenade in F major: arpeggiated guitar under a soft flute.",
    ),
    "festa": StyleInfo(
        name="festa",
        title_it="Festa di paese",
        title_en="Village festival",
        title_zh="乡村节日",
        bpm=120.0,
        meter="2/4",
        mood=("energetic", "bright", "cheerful"),
        description="A bright village-band march in G major: accordion, tuba and drums.",
    ),
}

STYLES: tuple[str, ...] = tuple(STYLE_INFO)

DEFAULT_STYLE = "tarantella"

_ALIASES: dict[str, str] = {
    **{name: name for name in STYLES},
    # Generic "Italian music" requests get the signature piece.
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
    "waltz": "mandolino",
    "valzer": "mandolino",
    "gentle": "mandolino",
    "dolce": "mandolino",
    "calm": "mandolino",
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
    "浪漫": "serenata",
    "小夜曲": "serenata",
    "抒情": "serenata",
    "party": "festa",
    "festival": "festa",
    "celebration": "festa",
    "energetic": "festa",
    "happy": "festa",
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


def _normalise(name: str) -> str:
    # Folding width, case and accents lets "Romántica" and "ＦＥＳＴＡ" match too.
    folded = unicodedata.normalize("NFKD", name).casefold()
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(folded.replace("-", " ").replace("_", " ").split())


def resolve_style(name: str) -> str:
    """The canonical style for a name or alias in Italian, English or Chinese."""
    key = _normalise(name)
    if key in _ALIASES:
        return _ALIASES[key]
    for word in key.split():
        if word in _ALIASES:
            return _ALIASES[word]
    # Chinese is written without spaces, so look for an alias inside the phrase.
    for alias, style in _ALIASES.items():
        if not alias.isascii() and alias in key:
            return style
    choices = ", ".join(STYLES)
    raise UnknownStyleError(
        f"Unknown music style {name!r}; choose one of: {choices}.", style=name, styles=list(STYLES)
    )
