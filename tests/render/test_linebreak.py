"""Balanced line breaks: even lines, no lone last word, names and short words kept together."""

from __future__ import annotations

import pytest
from PIL import ImageFont

from diapo.render.linebreak import break_lines
from diapo.render.text import font_path


def mono(text: str) -> float:
    """Every character one unit wide: the tests read widths as character counts."""
    return float(len(text))


def _fits(lines: list[str], width: float) -> bool:
    return all(mono(line) <= width for line in lines)


def test_text_that_fits_stays_on_one_line() -> None:
    assert break_lines("Estate 2024", mono, 20) == ["Estate 2024"]


def test_lines_are_balanced_not_greedy() -> None:
    # Greedy: "Una giornata di sole al mare con" / "gli amici" (33 and 9 characters).
    lines = break_lines("Una giornata di sole al mare con gli amici", mono, 34)
    assert len(lines) == 2
    assert _fits(lines, 34)
    widths = [len(line) for line in lines]
    assert max(widths) - min(widths) <= 8


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("Vacanze estive in Sicilia", 20),
        ("Summer holidays in beautiful Tuscany", 30),
        ("Il nostro viaggio di nozze", 22),
        ("Amici per sempre", 12),
        ("La costiera amalfitana al tramonto", 25),
    ],
)
def test_never_a_single_word_on_the_last_line(text: str, width: int) -> None:
    lines = break_lines(text, mono, width)
    assert len(lines) >= 2
    assert len(lines[-1].split()) >= 2, lines
    assert " ".join(lines) == text


def test_two_words_may_sit_one_a_line() -> None:
    assert break_lines("Buongiorno Napoli", mono, 12) == ["Buongiorno", "Napoli"]


@pytest.mark.parametrize(
    ("text", "width", "together"),
    [
        ("Una bella estate nella Città di Castello", 24, "Città di Castello"),
        ("Le vacanze di agosto a San Gimignano", 24, "San Gimignano"),
        ("Ricordi della gita al Lago di Garda", 24, "Lago di Garda"),
        ("Una notte di festa in Piazza del Campo", 24, "Piazza del Campo"),
        ("In cammino verso Santa Maria del Fiore", 24, "Santa Maria"),
        ("A week in the Isle of Skye with friends", 24, "of Skye"),
        ("Firenze · 12 agosto 2025", 14, "12 agosto"),
    ],
)
def test_names_and_short_words_stay_with_the_next_word(
    text: str, width: int, together: str
) -> None:
    lines = break_lines(text, mono, width)
    assert len(lines) >= 2
    assert any(together in line for line in lines), lines
    assert _fits(lines, width)


@pytest.mark.parametrize(
    "word", ["di", "del", "della", "a", "in", "la", "il", "lo", "e", "of", "the", "San", "Santa"]
)
def test_no_line_ends_with_a_short_function_word(word: str) -> None:
    text = f"Ricordi di viaggio lungo {word} tramonto sul mare"
    for width in range(14, 30):
        lines = break_lines(text, mono, width)
        assert all(line.split()[-1] != word for line in lines[:-1]), (width, lines)
        assert " ".join(lines) == text


def test_a_separator_never_starts_a_line() -> None:
    for width in range(8, 22):
        lines = break_lines("Firenze · 12 agosto · Toscana", mono, width)
        assert not any(line.startswith("·") for line in lines), lines


def test_a_word_too_wide_for_any_line_gets_a_line_of_its_own() -> None:
    lines = break_lines("Precipitevolissimevolmente bello", mono, 10)
    assert lines == ["Precipitevolissimevolmente", "bello"]


def test_a_name_too_wide_for_a_line_is_broken_where_it_must() -> None:
    lines = break_lines("Città di Castello", mono, 9)
    assert _fits(lines, 9)
    assert " ".join(lines) == "Città di Castello"


def test_explicit_newlines_are_kept() -> None:
    assert break_lines("Estate\n2024", mono, 40) == ["Estate", "2024"]


def test_chinese_breaks_between_words_and_balances() -> None:
    text = "意大利之夏阳光灿烂我们去海边"
    lines = break_lines(text, mono, 10)
    assert "".join(lines) == text
    # The even split 7 + 7 would cut 阳光灿烂 (bright sunshine) in half: 5 + 9 keeps it whole.
    assert lines in (["意大利之夏", "阳光灿烂我们去海边"], ["意大利之夏阳光灿烂", "我们去海边"])


@pytest.mark.parametrize("width", range(3, 12))
def test_chinese_punctuation_stays_with_its_character(width: int) -> None:
    text = "我们在「罗马」度假，阳光灿烂！真的《很美》。"
    lines = break_lines(text, mono, width)
    assert "".join(lines) == text
    for line in lines[1:]:
        assert line[0] not in "，。！？」》", lines
    for line in lines[:-1]:
        assert line[-1] not in "「《", lines


def test_chinese_last_line_is_not_a_lone_character() -> None:
    for width in range(4, 9):
        lines = break_lines("今天天气很好我们去公园", mono, width)
        assert len(lines[-1]) >= 2, (width, lines)


def test_latin_words_inside_chinese_stay_whole() -> None:
    lines = break_lines("我们在Positano度过了美好的一天", mono, 10)
    assert any("Positano" in line for line in lines)
    assert "".join(lines) == "我们在Positano度过了美好的一天"


def test_balanced_with_a_real_font() -> None:
    font = ImageFont.truetype(font_path("sans", True, False), 40)
    text = "Una lunga estate tra le colline della Toscana e il mare"
    greedy_first = font.getlength("Una lunga estate tra le colline della Toscana e")
    lines = break_lines(text, font.getlength, greedy_first + 1)
    assert len(lines) == 2
    widths = [font.getlength(line) for line in lines]
    assert max(widths) <= greedy_first + 1
    assert min(widths) / max(widths) > 0.75
