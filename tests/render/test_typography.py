"""Typographic quotes and apostrophes: Italian « » and ’, English “ ” and ’, Chinese “ ” and ‘ ’."""

from __future__ import annotations

import pytest

from diapo.render.typography import guess_language, typeset


@pytest.mark.parametrize(
    ("typed", "lang", "shown"),
    [
        ("l'estate", "it", "l’estate"),
        ('"ciao"', "it", "«ciao»"),
        ('Lei disse: "ciao" e andò via', "it", "Lei disse: «ciao» e andò via"),
        ("Un po' di mare", "it", "Un po’ di mare"),
        ("dall'alba al tramonto", "it", "dall’alba al tramonto"),
        ("'70, l'anno", "it", "’70, l’anno"),
        ('"Estate" nell\'isola', "it", "«Estate» nell’isola"),
        ("«già» fatto", "it", "«già» fatto"),
        ("don't stop", "en", "don’t stop"),
        ('"Summer" in Italy', "en", "“Summer” in Italy"),
        ("the 'best' day", "en", "the ‘best’ day"),
        ("'90s road trip", "en", "’90s road trip"),
        ("the kids' holiday", "en", "the kids’ holiday"),
        ("Estate 2024", "it", "Estate 2024"),
    ],
)
def test_quotes_and_apostrophes_follow_the_language(typed: str, lang: str, shown: str) -> None:
    assert typeset(typed, lang) == shown


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ('他说"你好"', "他说“你好”"),
        ("「罗马」之夏", "「罗马」之夏"),
        ("我们的'假期'", "我们的‘假期’"),
        ('"回忆"与"梦想"', "“回忆”与“梦想”"),
    ],
)
def test_chinese_uses_chinese_quotation_marks(typed: str, shown: str) -> None:
    assert typeset(typed, "zh") == shown
    assert typeset(typed, "it") == shown  # Chinese words in an Italian session too


def test_without_a_language_it_is_guessed_from_the_text() -> None:
    assert guess_language("l'estate al mare") == "it"
    assert guess_language("Perché no") == "it"
    assert guess_language("Road trip 2024") == "en"
    assert guess_language("意大利之夏") == "zh"
    assert typeset('"Vacanze" in Sicilia', None) == "«Vacanze» in Sicilia"
    assert typeset('"Road trip"', None) == "“Road trip”"
