"""The story through the chat: places and dates on and off, the suggested title, in 3 languages."""

from __future__ import annotations

from datetime import datetime

import pytest

from diapo.chat import run_turn
from diapo.draft import build_slideshow
from diapo.draft.media import MediaRef, Place

FLORENCE = Place("Florence", "Tuscany", "IT")
SIENA = Place("Siena", "Tuscany", "IT")
MEDIA = [
    MediaRef("a", "photo", 400, 300, taken_at=datetime(2025, 8, 12, 10), place=FLORENCE),
    MediaRef("b", "photo", 400, 300, taken_at=datetime(2025, 8, 13, 10), place=SIENA),
]
DRAFT = build_slideshow(MEDIA, music=None)


def _chapters(draft: object) -> list[str]:
    tracks = getattr(draft, "text_tracks", [])
    return [s.m.text for t in tracks for s in t.sg if s.m.chapter]


@pytest.mark.parametrize(
    ("lang", "message", "cards"),
    [
        ("it", "aggiungi luoghi e date", ["Firenze · 12 agosto", "Siena · 13 agosto"]),
        ("en", "add places and dates", ["Florence · 12 August", "Siena · 13 August"]),
        ("zh", "添加地点和日期", ["佛罗伦萨 · 8月12日", "锡耶纳 · 8月13日"]),
    ],
)
def test_places_and_dates_become_chapter_cards_in_the_session_language(
    lang: str, message: str, cards: list[str]
) -> None:
    turn = run_turn(message, draft=DRAFT, media=MEDIA, lang=lang)
    assert _chapters(turn.draft) == cards


def test_dates_come_off_and_the_towns_stay() -> None:
    on = run_turn("aggiungi luoghi e date", draft=DRAFT, media=MEDIA, lang="it").draft
    off = run_turn("togli le date", draft=on, media=MEDIA, lang="it")
    assert _chapters(off.draft) == ["Firenze", "Siena"]
    assert off.reply == "Fatto: Togli le date."


@pytest.mark.parametrize(
    ("lang", "ask", "said", "use", "title"),
    [
        ("it", "suggerisci un titolo", "«Toscana, agosto 2025»", "usa il titolo suggerito",
         "Toscana, agosto 2025"),
        ("en", "suggest a title", "“Tuscany, August 2025”", "use the suggested title",
         "Tuscany, August 2025"),
        ("zh", "建议一个标题", "「托斯卡纳，2025年8月」", "用建议的标题", "托斯卡纳，2025年8月"),
    ],
)  # fmt: skip
def test_the_suggested_title_is_said_then_used(
    lang: str, ask: str, said: str, use: str, title: str
) -> None:
    asked = run_turn(ask, draft=DRAFT, media=MEDIA, lang=lang)
    assert asked.draft is None and said in asked.reply
    used = run_turn(use, draft=DRAFT, media=MEDIA, lang=lang)
    assert used.draft is not None
    assert [s.m.text for s in used.draft.text_tracks[0].sg if s.m.role == "title"] == [title]


def test_photos_that_say_nothing_get_no_title_and_a_reason() -> None:
    plain = [MediaRef("x", "photo", 400, 300), MediaRef("y", "photo", 400, 300)]
    turn = run_turn("suggerisci un titolo", draft=None, media=plain, lang="it")
    assert turn.draft is None
    assert "non dicono dove o quando" in turn.reply
    failed = run_turn("add places and dates", draft=None, media=plain, lang="it")
    assert "no GPS or date" in failed.reply  # said in the language it was asked in
