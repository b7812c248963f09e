"""Regressions of issue 10: what the chat says and does is what the person asked."""

from __future__ import annotations

import pytest

from diapo.chat import run_turn
from diapo.draft import MediaRef
from diapo.draft.model import with_resolution
from diapo.draft.ops import MakeSlideshow, SetAspect

MEDIA = [MediaRef(f"m{i}", "photo", 4000, 3000, name=f"photo{i}.jpg") for i in range(1, 6)]
DRAFT = MakeSlideshow().apply(None, MEDIA)


@pytest.mark.parametrize(
    ("message", "size"),
    [
        ("metti 1:1", (1080, 1080)),
        ("make it square", (1080, 1080)),
        ("改成竖屏", (1080, 1920)),
        ("formato 4:5", (1080, 1350)),
    ],
)
def test_an_aspect_change_keeps_the_resolution(message: str, size: tuple[int, int]) -> None:
    turn = run_turn(message, draft=DRAFT, media=MEDIA, lang="it")
    assert turn.draft is not None
    assert (turn.draft.c.w, turn.draft.c.h) == size  # 1:1 read 1920x1920


def test_aspect_changes_there_and_back_keep_a_720p_draft_at_720p() -> None:
    small = with_resolution(DRAFT, "720p")
    square = SetAspect(aspect="1:1").apply(small, MEDIA)
    assert (square.c.w, square.c.h) == (720, 720)
    back = SetAspect(aspect="16:9").apply(square, MEDIA)
    assert (back.c.w, back.c.h) == (1280, 720)


@pytest.mark.parametrize(
    ("message", "lang", "said"),
    [
        ("export in 4k", "en", "The highest resolution is 1080p"),
        ("esporta in 4K", "it", "La risoluzione più alta è 1080p"),
        ("导出4K视频", "zh", "最高分辨率是1080p"),
    ],
)
def test_4k_is_refused_plainly_and_nothing_is_exported(message: str, lang: str, said: str) -> None:
    turn = run_turn(message, draft=DRAFT, media=MEDIA, lang=lang)
    assert not turn.export_requested and turn.ops == []
    assert said in turn.reply


def test_a_negated_export_is_said_back_and_the_other_clause_applies() -> None:
    turn = run_turn("non esportare ancora, fallo 9:16", draft=DRAFT, media=MEDIA, lang="it")
    assert not turn.export_requested
    assert [op.op for op in turn.ops] == ["set_aspect"]
    assert "non lo faccio: «non esportare ancora»" in turn.reply


def test_a_negated_clause_that_asks_for_nothing_is_named_back_not_refused() -> None:
    turn = run_turn(
        "non mi piace la musica, metti la serenata", draft=DRAFT, media=MEDIA, lang="it"
    )
    assert [(op.op, op.args()) for op in turn.ops] == [("set_music", {"music": "serenata"})]
    assert "Non ho capito: «non mi piace la musica»" in turn.reply


def test_every_unapplied_clause_is_named_back() -> None:
    turn = run_turn(
        "make it 9:16, add fireworks and add a beat drop",
        draft=DRAFT,
        media=MEDIA,
        lang="en",
    )
    assert [op.op for op in turn.ops] == ["set_aspect"]
    assert "“add fireworks”" in turn.reply and "“add a beat drop”" in turn.reply


def test_a_correction_with_nothing_after_it_leaves_the_draft_alone() -> None:
    turn = run_turn("togli la musica, anzi no, lasciala", draft=DRAFT, media=MEDIA, lang="it")
    assert turn.ops == [] and turn.draft is None
    assert turn.kind == "noop" and "lascio tutto" in turn.reply


def test_no_import_loop_in_the_parser() -> None:
    import inspect

    from diapo.chat import parser

    source = inspect.getsource(parser.parse_clause)
    assert "import" not in source  # handlers are imported at the top, not inside the function


def test_clauses_are_named_back_as_typed() -> None:
    turn = run_turn("Don't export yet, make it 9:16 and add Fireworks!", draft=DRAFT, media=MEDIA)
    assert "“Don't export yet”" in turn.reply
    assert "“add Fireworks”" in turn.reply


@pytest.mark.parametrize(
    ("message", "lang"),
    [("transizioni di 16 secondi", "it"), ("20 second transitions", "en"), ("转场30秒", "zh")],
)
def test_a_transition_longer_than_allowed_is_capped_not_a_crash(message: str, lang: str) -> None:
    # Found by the property test: 16 s went straight into the op and failed its validation.
    turn = run_turn(message, draft=DRAFT, media=MEDIA, lang=lang)
    assert turn.draft is not None, turn.reply
    assert [op.op for op in turn.ops] == ["set_transition"]
    assert turn.ops[0].args()["seconds"] == 10.0
