"""The built-in soundtrack styles, their display names, and the aliases people type for them."""

from __future__ import annotations

from dataclasses import dataclass

from diapo.draft.vocabulary import DEFAULT_STYLE, MUSIC_STYLES, find_style
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

STYLES: tuple[str, ...] = MUSIC_STYLES


def resolve_style(name: str) -> str:
    """The canonical style for a name or alias in Italian, English or Chinese."""
    style = find_style(name)
    if style is not None:
        return style
    choices = ", ".join(STYLES)
    raise UnknownStyleError(
        f"Unknown music style {name!r}; choose one of: {choices}.", style=name, styles=list(STYLES)
    )
