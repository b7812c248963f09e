"""Slips of the keyboard are read as the command word they almost are; real words are not."""

from __future__ import annotations

import pytest

from diapo.chat.typos import fix_typos


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("remvoe the third photo", "remove the third photo"),
        ("exprot in mp4", "export in mp4"),
        ("esprota il video", "esporta il video"),
        ("metti la muscia festa", "metti la musica festa"),
        ("make it slowr", "make it slower"),
    ],
)
def test_a_command_word_one_slip_away_is_read_as_that_word(typed: str, meant: str) -> None:
    assert fix_typos(typed) == meant


@pytest.mark.parametrize(
    "text", ["add a flower caption", "tagli netti", "the seconda foto", "lower the sound"]
)
def test_real_words_are_left_alone(text: str) -> None:
    assert fix_typos(text) == text
