"""Style names, display information and the aliases people type."""

from __future__ import annotations

import pytest

import diapo.music
from diapo.errors import DiapoError
from diapo.music import (
    DEFAULT_STYLE,
    STYLE_INFO,
    STYLES,
    UnknownStyleError,
    resolve_style,
    synthesize,
)


def test_eight_italian_styles_are_offered() -> None:
    assert set(STYLES) == {
        "tarantella",
        "mandolino",
        "serenata",
        "festa",
        "canzone",
        "cinema",
        "lounge",
        "lofi",
    }
    assert DEFAULT_STYLE == "tarantella"


def test_every_style_has_names_in_three_languages_and_a_tempo() -> None:
    for name in STYLES:
        info = STYLE_INFO[name]
        assert info.name == name
        assert info.title_it and info.title_en and info.title_zh and info.description
        assert 40 <= info.bpm <= 200
        assert info.meter in {"6/8", "3/4", "2/4", "4/4"}
        assert info.mood


def test_style_metres_match_their_dances() -> None:
    assert STYLE_INFO["tarantella"].meter == "6/8"
    assert STYLE_INFO["mandolino"].meter == "3/4"
    assert STYLE_INFO["festa"].meter in {"2/4", "4/4"}
    assert STYLE_INFO["serenata"].bpm < STYLE_INFO["mandolino"].bpm < STYLE_INFO["tarantella"].bpm


@pytest.mark.parametrize(
    ("alias", "style"),
    [
        ("tarantella", "tarantella"),
        ("Italian", "tarantella"),
        ("italiana", "tarantella"),
        ("musica italiana", "tarantella"),
        ("意大利", "tarantella"),
        ("mandolin", "mandolino"),
        ("Mandolino", "mandolino"),
        ("waltz", "mandolino"),
        ("romantic", "serenata"),
        ("Romántica", "serenata"),
        ("serenata", "serenata"),
        ("浪漫", "serenata"),
        ("来点浪漫的音乐", "serenata"),
        ("festa", "festa"),
        ("party", "festa"),
        ("ENERGETIC", "festa"),
        ("  festa  ", "festa"),
        ("canzone napoletana", "canzone"),
        ("Neapolitan", "canzone"),
        ("那不勒斯民歌", "canzone"),
        ("cinematic", "cinema"),
        ("colonna sonora", "cinema"),
        ("电影配乐", "cinema"),
        ("bossa nova", "lounge"),
        ("elegante", "lounge"),
        ("爵士", "lounge"),
        ("lo-fi", "lofi"),
        ("Lo Fi", "lofi"),
        ("rilassante", "lofi"),
        ("低保真", "lofi"),
        ("romantica", "serenata"),
    ],
)
def test_aliases_in_italian_english_and_chinese_resolve(alias: str, style: str) -> None:
    assert resolve_style(alias) == style


def test_unknown_style_names_the_styles_to_choose_from() -> None:
    with pytest.raises(UnknownStyleError) as caught:
        resolve_style("dubstep")
    error = caught.value
    assert isinstance(error, ValueError) and isinstance(error, DiapoError)
    assert error.code == 422
    assert "dubstep" in str(error)
    for name in STYLES:
        assert name in str(error)


def test_synthesize_refuses_an_unknown_style_and_accepts_aliases() -> None:
    with pytest.raises(UnknownStyleError):
        synthesize("polka", 1.0)
    assert synthesize("romantic", 1.0).shape == (48000, 2)


def test_public_names_are_exported() -> None:
    assert len(set(diapo.music.__all__)) == len(diapo.music.__all__)
    for name in diapo.music.__all__:
        assert name.isupper() or getattr(diapo.music, name).__module__.startswith("diapo.music")


@pytest.mark.parametrize("style", STYLES)
def test_every_style_is_found_by_its_titles_in_three_languages(style: str) -> None:
    info = STYLE_INFO[style]
    for title in (style, info.title_it, info.title_en, info.title_zh):
        assert resolve_style(title) == style, title
