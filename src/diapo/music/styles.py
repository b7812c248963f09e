"""The built-in soundtrack styles, their display names, and the aliases people type for them."""

from __future__ import annotations

from dataclasses import dataclass

from diapo.draft.vocabulary import DEFAULT_STYLE, MUSIC_STYLES, STYLE_TEMPI, StyleTempo, find_style
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
    meter: str
    mood: tuple[str, ...]
    description: str

    @property
    def tempo(self) -> StyleTempo:
        """The exact pulse, kept in the draft layer's vocabulary."""
        return STYLE_TEMPI[self.name]

    @property
    def bpm(self) -> float:
        return STYLE_TEMPI[self.name].bpm


STYLE_INFO: dict[str, StyleInfo] = {
    "tarantella": StyleInfo(
        name="tarantella",
        title_it="Tarantella",
        title_en="Tarantella",
        title_zh="塔兰泰拉",
        meter="6/8",
        mood=("lively", "festive", "southern"),
        description="A fast southern-Italian dance in A minor: mandolin, guitar, bass, tambourine.",
    ),
    "mandolino": StyleInfo(
        name="mandolino",
        title_it="Valzer del mandolino",
        title_en="Mandolin waltz",
        title_zh="曼陀林圆舞曲",
        meter="3/4",
        mood=("gentle", "nostalgic", "sunny"),
        description="A gentle waltz in D major: tremolo mandolin over guitar and bass.",
    ),
    "serenata": StyleInfo(
        name="serenata",
        title_it="Serenata",
        title_en="Serenade",
        title_zh="小夜曲",
        meter="6/8",
        mood=("romantic", "tender", "slow"),
        description="A slow romantic serenade in F major: arpeggiated guitar under a soft flute.",
    ),
    "festa": StyleInfo(
        name="festa",
        title_it="Festa di paese",
        title_en="Village festival",
        title_zh="乡村节日",
        meter="2/4",
        mood=("energetic", "bright", "cheerful"),
        description="A bright village-band march in G major: accordion, tuba and drums.",
    ),
    "canzone": StyleInfo(
        name="canzone",
        title_it="Canzone napoletana",
        title_en="Neapolitan song",
        title_zh="那不勒斯民歌",
        meter="4/4",
        mood=("nostalgic", "warm", "singing"),
        description="A Neapolitan canzone in E minor: a singing voice over a strummed guitar.",
    ),
    "cinema": StyleInfo(
        name="cinema",
        title_it="Colonna sonora",
        title_en="Cinematic piano",
        title_zh="电影钢琴",
        meter="4/4",
        mood=("cinematic", "emotional", "wide"),
        description="A film theme in C major: piano arpeggios and melody over string pads.",
    ),
    "lounge": StyleInfo(
        name="lounge",
        title_it="Lounge all'italiana",
        title_en="Italian lounge",
        title_zh="意式酒廊",
        meter="4/4",
        mood=("elegant", "relaxed", "summery"),
        description="A bossa-nova lounge in D major: nylon guitar, vibraphone, bass, rim clicks.",
    ),
    "lofi": StyleInfo(
        name="lofi",
        title_it="Lo-fi",
        title_en="Lo-fi",
        title_zh="低保真",
        meter="4/4",
        mood=("chill", "dreamy", "warm"),
        description="Lo-fi beats in F major: electric piano, soft drums and vinyl crackle.",
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
