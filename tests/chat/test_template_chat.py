"""Templates from the chat: "usa il modello compleanno per Maria", "用婚礼模板"."""

from __future__ import annotations

import pytest

from diapo.chat.interpreter import run_turn
from diapo.draft import Draft
from diapo.draft.media import MediaRef

PHOTOS = [
    MediaRef(id=f"p{i}", kind="photo", width=4000, height=3000, name=f"p{i}.jpg") for i in range(3)
]


def _texts(draft: Draft | None) -> list[str]:
    assert draft is not None
    return [s.m.text for tr in draft.text_tracks for s in tr.sg]


@pytest.mark.parametrize(
    ("message", "lang", "title"),
    [
        ("usa il modello compleanno per Maria", "it", "Buon compleanno, Maria!"),
        ("fai un video di laurea per Giulia", "it", "Congratulazioni, Giulia!"),
        (
            'usa il modello "natale" per "la famiglia Rossi"',
            "it",
            "Buon Natale da la famiglia Rossi",
        ),
        ("use the birthday template for Anna", "en", "Happy birthday, Anna!"),
        ("make a christening video for Leo", "en", "Leo's christening"),
        ("用生日模板，给小明", "zh", "小明，生日快乐！"),
        ("用毕业模板 给小红", "zh", "恭喜小红毕业！"),
    ],
)
def test_a_template_named_in_the_chat_makes_the_video(message: str, lang: str, title: str) -> None:
    turn = run_turn(message, draft=None, media=PHOTOS, lang=lang, seed=1)
    assert [op.op for op in turn.ops] == ["use_template"]
    assert _texts(turn.draft)[0] == title
    assert not turn.not_applied
    video = turn.draft.main_video if turn.draft is not None else None
    assert video is not None and [s.m.src for s in video.sg] == ["p0", "p1", "p2"]


@pytest.mark.parametrize(
    ("message", "lang", "asked"),
    [
        ("fai un video di matrimonio", "it", "gli sposi?"),
        ("use the wedding template", "en", "the couple?"),
        ("用婚礼模板", "zh", "新人？"),
    ],
)
def test_a_template_missing_its_name_asks_for_it_and_changes_nothing(
    message: str, lang: str, asked: str
) -> None:
    turn = run_turn(message, draft=None, media=PHOTOS, lang=lang, seed=1)
    assert turn.draft is None
    assert asked in turn.reply
    assert turn.not_applied


def test_a_trip_slideshow_stays_the_plain_slideshow() -> None:
    # "del viaggio" names what the photos show, not the template: only "modello" asks for it.
    turn = run_turn("crea uno slideshow del viaggio", draft=None, media=PHOTOS, lang="it", seed=1)
    assert [op.op for op in turn.ops] == ["make_slideshow"]
    named = run_turn("usa il modello viaggio per Amalfi", draft=None, media=PHOTOS, lang="it")
    assert _texts(named.draft)[0] == "Diario di viaggio: Amalfi"


def test_a_template_without_photos_says_to_upload_them() -> None:
    turn = run_turn("usa il modello compleanno per Maria", draft=None, media=[], lang="it")
    assert turn.draft is None and "Carica" in turn.reply
