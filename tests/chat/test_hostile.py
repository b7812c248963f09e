"""Hostile messages are read in linear time: no message can hold the server for minutes."""

from __future__ import annotations

import pytest

from diapo.chat import run_turn
from diapo.chat.clauses import MAX_CLAUSE_CHARS, _quoted_spans, prepare
from diapo.draft import MediaRef
from diapo.draft.ops import MakeSlideshow

MEDIA = [MediaRef(f"m{i}", "photo", 4000, 3000, name=f"photo{i}.jpg") for i in range(1, 5)]
DRAFT = MakeSlideshow().apply(None, MEDIA)

HOSTILE = {
    # the reported attack: ten thousand unclosed quotes in twenty parts
    "unclosed curly quotes": " ".join(["“" * 500] * 20),
    "quotes between words": "“".join(["metti il titolo"] * 20) + "“" * 10_000,
    "200 KB of curly quotes": "“" * 200_000,
    "200 KB of guillemets": "«" * 200_000,
    "200 KB of apostrophes": "'" * 200_000,
    "100 K unpaired double quotes": '"a' * 100_000,
    "200 KB of digits": "1" * 200_000,
    "digits and spaces": "1 " * 100_000,
    "ratios": "9:" * 100_000,
    "Chinese ordinals": "第" * 100_000,
    "many clauses": "删掉第三张，" * 20_000,
    "a run of letters": "a" * 200_000,
}


@pytest.mark.timeout(20)
@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_message_is_answered_without_edits(name: str) -> None:
    turn = run_turn(HOSTILE[name], draft=DRAFT, media=MEDIA, lang="en")
    # Nothing that long is an instruction: it is named back (shortened), never applied
    # wholesale; at most a few dozen clauses are read.
    assert len(turn.ops) <= 40
    assert len(turn.reply) < 2_000


@pytest.mark.timeout(20)
def test_quote_scan_visits_each_character_a_bounded_number_of_times() -> None:
    # Ten thousand unclosed quotes: each kind of mark with no closer further on is
    # given up once, so the scan finds nothing and does not restart from every mark.
    assert _quoted_spans("“" * 10_000) == []
    text = "“a” " * 10_000
    assert len(_quoted_spans(text)) == 10_000
    assert _quoted_spans("add the title “Estate” and «Mare»") == [
        (14, 22, "Estate"),
        (27, 33, "Mare"),
    ]


def test_a_clause_too_long_to_be_an_instruction_is_named_back_shortened() -> None:
    message = "slower, " + "x" * (MAX_CLAUSE_CHARS + 1)
    turn = run_turn(message, draft=DRAFT, media=MEDIA, lang="en")
    assert [op.op for op in turn.ops] == ["set_pace"]
    assert "I didn't understand" in turn.reply and "xxxx…" in turn.reply
    assert len(prepare(message).clauses) == 2
