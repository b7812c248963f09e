"""What a person sees from one chat turn: edits, questions, help, and replies in their language."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diapo.chat import OpResult, Turn, run_turn
from diapo.draft import Draft, MediaRef, build_slideshow

MEDIA = (
    MediaRef("p1", "photo", 4000, 3000, name="mare_positano.jpg"),
    MediaRef("p2", "photo", 4000, 3000, name="duomo_firenze.heic"),
    MediaRef("p3", "photo", 4000, 3000, name="tramonto.jpg"),
    MediaRef("c1", "clip", 1920, 1080, duration_ms=8000, name="gondola.mp4"),
)


@pytest.fixture
def draft() -> Draft:
    return build_slideshow(MEDIA)


def test_turn_shape_is_what_the_service_reads(draft: Draft) -> None:
    turn = run_turn("più lento", draft=draft, media=MEDIA, lang="it")
    assert isinstance(turn, Turn)
    assert turn.kind == "edit"
    assert turn.results == [
        OpResult("set_pace", {"factor": 1.3}, True, turn.results[0].description)
    ]
    assert turn.draft is not None and turn.draft.video_duration_ms() > draft.video_duration_ms()


@pytest.mark.parametrize(
    ("message", "lang", "word"),
    [
        ("把音乐音量调低一点", "it", "已完成"),
        ("più lento", "en", "Fatto"),
        ("make it 9:16", "zh", "Done"),
        ("rimuovi la foto", "en", "Quale foto"),
        # unclear which language: the session's
        ("blah", "zh", "试试"),
        ("ciao", "zh", "你好"),
        ("1:1", "it", "Fatto"),
    ],
)
def test_replies_are_in_the_language_written_else_the_sessions(
    draft: Draft, message: str, lang: str, word: str
) -> None:
    assert word in run_turn(message, draft=draft, media=MEDIA, lang=lang).reply


def test_a_failed_edit_does_not_stop_the_others(draft: Draft) -> None:
    turn = run_turn("togli la foto 12 e metti 9:16", draft=draft, media=MEDIA, lang="it")
    assert [r.ok for r in turn.results] == [True]
    assert turn.draft is not None and turn.draft.c.ar == "9:16"
    assert "non c'è la foto 12" in turn.reply and "Fatto" not in turn.reply
    assert turn.applied == ["metti 9:16"] and turn.not_applied == ["togli la foto 12"]


def test_an_edit_without_a_draft_makes_the_slideshow_first() -> None:
    turn = run_turn("più lento", draft=None, media=MEDIA, lang="it")
    assert [op.op for op in turn.ops] == ["make_slideshow", "set_pace"]
    assert turn.draft is not None
    assert "Ho creato prima lo slideshow" in turn.reply


def test_without_media_the_user_is_asked_to_upload() -> None:
    turn = run_turn("slower", draft=None, media=[], lang="it")
    assert turn.kind == "help" and turn.draft is None
    assert "Upload" in turn.reply


def test_undo_is_left_to_the_caller(draft: Draft) -> None:
    turn = run_turn("annulla", draft=draft, media=MEDIA, lang="it")
    assert turn.kind == "history" and turn.draft is None
    assert [(op.op, op.args()) for op in turn.ops] == [("undo", {"steps": 1})]
    assert run_turn("撤回两步", draft=draft, media=MEDIA, lang="zh").ops[0].args() == {"steps": 2}


def test_ambiguous_requests_get_a_question_not_a_guess(draft: Draft) -> None:
    turn = run_turn("rimuovi la foto", draft=draft, media=MEDIA, lang="it")
    assert turn.kind == "question" and turn.draft is None and not turn.ops
    music = run_turn("cambia la musica", draft=draft, media=MEDIA, lang="it")
    assert music.kind == "question"
    assert all(style in music.reply for style in ("tarantella", "mandolino", "serenata", "festa"))


@pytest.mark.parametrize(
    ("message", "lang"),
    [("togli la foto", "it"), ("cancellala", "it"), ("delete it", "en"), ("把它删掉", "zh")],
)
def test_destructive_requests_without_a_clear_photo_ask_first(
    draft: Draft, message: str, lang: str
) -> None:
    turn = run_turn(message, draft=draft, media=MEDIA, lang=lang)
    assert turn.kind == "question" and turn.draft is None and not turn.ops


@pytest.mark.parametrize(
    ("message", "lang", "word"),
    [
        ("che tempo fa a Roma?", "it", "Prova"),
        ("write me a poem", "en", "Try"),
        ("write me a poem", "zh", "试试"),
        ("今天天气怎么样", "it", "试试"),
    ],
)
def test_unrelated_requests_get_examples_in_their_language(
    draft: Draft, message: str, lang: str, word: str
) -> None:
    turn = run_turn(message, draft=draft, media=MEDIA, lang=lang)
    assert turn.kind == "help" and turn.draft is None and not turn.ops
    assert word in turn.reply and turn.reply.count("•") >= 3


def test_a_turn_where_every_edit_failed_says_nothing_changed(draft: Draft) -> None:
    turn = run_turn("togli la foto 12 e la foto 15", draft=draft, media=MEDIA, lang="it")
    assert not any(r.ok for r in turn.results)
    assert turn.draft is None and "12" in turn.reply
    assert "Fatto" not in turn.reply and "Non ho cambiato niente" in turn.reply
    english = run_turn("remove photo 9", draft=draft, media=MEDIA, lang="en")
    assert "Done" not in english.reply and "Nothing was changed" in english.reply


@pytest.mark.parametrize(
    ("message", "lang", "ids"),
    [
        ("solo le prime 3 foto", "it", ["p1", "p2", "p3"]),
        ("only photos 2 to 4", "en", ["p2", "p3", "c1"]),
        ("只用前三张", "zh", ["p1", "p2", "p3"]),
        ("fammi uno slideshow solo con le ultime due", "it", ["p3", "c1"]),
    ],
)
def test_a_slideshow_of_chosen_photos(
    draft: Draft, message: str, lang: str, ids: list[str]
) -> None:
    turn = run_turn(message, draft=draft, media=MEDIA, lang=lang)
    assert turn.draft is not None and turn.draft.main_video is not None
    assert [s.m.src for s in turn.draft.main_video.sg] == ids


@pytest.mark.parametrize(
    ("message", "lang", "order"),
    [
        ("aggiungi tramonto.jpg", "it", ["p2", "p3", "c1"]),
        ("add gondola.mp4 at the end", "en", ["p2", "c1"]),
        ("把 tramonto.jpg 加进去", "zh", ["p2", "p3", "c1"]),
        ("rimetti quella del mare all'inizio", "it", ["p1", "p2", "c1"]),
    ],
)
def test_media_left_out_comes_back_by_name(message: str, lang: str, order: list[str]) -> None:
    start: Draft | None = build_slideshow(MEDIA)
    start = run_turn("togli la foto 3 e la foto 1", draft=start, media=MEDIA, lang="it").draft
    if "gondola" in message:
        start = run_turn("togli la gondola", draft=start, media=MEDIA, lang="it").draft
    assert start is not None
    turn = run_turn(message, draft=start, media=MEDIA, lang=lang)
    assert [op.op for op in turn.ops] == ["restore_photo"]
    assert turn.draft is not None and turn.draft.main_video is not None
    assert [s.m.src for s in turn.draft.main_video.sg] == order


@pytest.mark.parametrize(
    ("message", "lang", "at", "length"),
    [
        ("il titolo dal secondo 2 per 3 secondi", "it", 2000, 3000),
        ("show the title at 5 seconds", "en", 5000, None),
        ("标题从第2秒开始显示3秒", "zh", 2000, 3000),
        ("titolo 'Ciao' dal secondo 1 al 4", "it", 1000, 3000),
    ],
)
def test_a_title_can_start_later_and_last_a_while(
    draft: Draft, message: str, lang: str, at: int, length: int | None
) -> None:
    titled = run_turn("titolo 'Vacanze'", draft=draft, media=MEDIA, lang="it").draft
    turn = run_turn(message, draft=titled, media=MEDIA, lang=lang)
    assert turn.draft is not None
    (title,) = [s for t in turn.draft.text_tracks for s in t.sg if s.m.role == "title"]
    assert title.m.at == at
    if length is not None:
        assert title.d == length


def test_clear_destructive_requests_just_apply(draft: Draft) -> None:
    turn = run_turn("remove the third photo", draft=draft, media=MEDIA, lang="en")
    assert turn.draft is not None and turn.draft.main_video is not None
    assert [s.m.src for s in turn.draft.main_video.sg] == ["p1", "p2", "c1"]


def test_unknown_requests_get_help_with_examples(draft: Draft) -> None:
    turn = run_turn("qual è la capitale della Francia", draft=draft, media=MEDIA, lang="it")
    assert turn.kind == "help" and turn.draft is None
    assert turn.reply.count("•") >= 3


def test_export_is_reported_for_the_caller(draft: Draft) -> None:
    turn = run_turn("esporta in mp4 720p", draft=draft, media=MEDIA, lang="it")
    assert turn.kind == "export" and turn.draft is None
    assert turn.export_requested and turn.output == {"format": "mp4", "resolution": "720p"}


def test_titles_keep_their_quotes_and_case(draft: Draft) -> None:
    for quoted in (
        "'Estate in Toscana'",
        "«Estate in Toscana»",
        "“Estate in Toscana”",
        "「Estate in Toscana」",
    ):
        turn = run_turn(
            f"aggiungi il titolo {quoted} e più lento", draft=draft, media=MEDIA, lang="it"
        )
        assert [(op.op, op.args().get("text")) for op in turn.ops] == [
            ("add_title", "Estate in Toscana"),
            ("set_pace", None),
        ]


def test_references_by_name_and_caption(draft: Draft) -> None:
    turn = run_turn("metti quella del tramonto all'inizio", draft=draft, media=MEDIA, lang="it")
    assert turn.ops[0].args() == {"index": 3, "to": 1}
    captioned = run_turn(
        "didascalia 'Santa Maria' sulla foto 2", draft=draft, media=MEDIA, lang="it"
    ).draft
    turn = run_turn("remove the santa maria one", draft=captioned, media=MEDIA, lang="en")
    assert turn.ops[0].args() == {"index": 2}


_WORDS = [
    "metti",
    "togli",
    "la",
    "terza",
    "foto",
    "ultima",
    "prima",
    "all'inizio",
    "alla",
    "fine",
    "più",
    "lento",
    "veloce",
    "musica",
    "titolo",
    "'Ciao'",
    "«Roma»",
    "9:16",
    "1:1",
    "secondi",
    "3",
    "2,5",
    "dieci",
    "e",
    ",",
    "然后",
    "第二张",
    "删除",
    "音乐",
    "调低",
    "一点",
    "transizioni",
    "nero",
    "zoom",
    "ken",
    "burns",
    "the",
    "last",
    "photo",
    "remove",
    "swap",
    "and",
    "add",
    "title",
    "red",
    "top",
    "标题",
    "in",
    "alto",
    "didascalia",
    "volume",
    "50%",
    "annulla",
    "export",
    "gif",
    "720p",
    "sposta",
    "dopo",
    "prima",
    "della",
    "mare",
    "tramonto",
    "海边",
    "trim",
    "clip",
    "5s",
]


@settings(max_examples=150, deadline=None)
@given(
    words=st.lists(st.sampled_from(_WORDS), max_size=12),
    noise=st.text(max_size=20),
    lang=st.sampled_from(["it", "en", "zh", "fr"]),
    start=st.booleans(),
)
def test_any_message_gets_an_answer_and_a_valid_draft(
    words: list[str], noise: str, lang: str, start: bool
) -> None:
    base = build_slideshow(MEDIA) if start else None
    turn = run_turn(" ".join(words) + noise, draft=base, media=MEDIA, lang=lang)
    assert turn.reply
    assert turn.kind in ("edit", "question", "help", "history", "export", "noop")
    assert len(turn.results) == len(turn.ops) or turn.kind == "history"
    if turn.draft is not None:
        assert Draft.parse(turn.draft.to_dict()) == turn.draft
