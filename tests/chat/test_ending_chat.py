"""The chat sets how the video ends, in it / en / zh, and "più forte il video" reaches the clips."""

from __future__ import annotations

import pytest

from diapo.chat.interpreter import run_turn
from diapo.draft import Ending, MediaRef, build_slideshow

PHOTO = MediaRef(id="p", kind="photo", width=640, height=480)
CLIP = MediaRef(id="c", kind="clip", width=640, height=360, duration_ms=4000, has_audio=True)


@pytest.mark.parametrize(
    ("message", "lang", "ending"),
    [
        ('finale con un cartello "Ciao nonna"', "it", Ending(k="card", text="Ciao nonna")),
        ("cartello finale", "it", Ending(k="card")),
        ("chiudi il video con uno stacco netto", "it", Ending(k="cut")),
        ("finale in dissolvenza di 1,5 secondi", "it", Ending(k="fade", d=1500)),
        ("end with a hard cut", "en", Ending(k="cut")),
        ("add an end card", "en", Ending(k="card")),
        ("加一个片尾字卡", "zh", Ending(k="card")),
        ("结尾直接结束", "zh", Ending(k="cut")),
    ],
)
def test_the_chat_sets_the_ending(message: str, lang: str, ending: Ending) -> None:
    draft = build_slideshow([PHOTO] * 3)
    turn = run_turn(message, draft=draft, media=[PHOTO] * 3, lang=lang)
    assert [r.op for r in turn.results] == ["set_ending"]
    assert turn.draft is not None and turn.draft.ending == ending


def test_a_fade_ending_is_written_as_the_default() -> None:
    draft = build_slideshow([PHOTO] * 3).model_copy(update={"end": Ending(k="cut")})
    turn = run_turn("结尾淡出", draft=draft, media=[PHOTO] * 3, lang="zh")
    assert turn.draft is not None and turn.draft.end is None and turn.draft.ending.k == "fade"


@pytest.mark.parametrize(
    "message", ["dissolvenza finale della musica più lunga", "la musica sfuma alla fine"]
)
def test_the_music_fade_stays_the_music(message: str) -> None:
    draft = build_slideshow([PHOTO] * 3)
    turn = run_turn(message, draft=draft, media=[PHOTO] * 3, lang="it")
    assert [r.op for r in turn.results] == ["set_music_fades"]


def test_louder_video_means_the_clips_sound_when_there_are_clips() -> None:
    media = [PHOTO, CLIP, PHOTO]
    turn = run_turn("più forte il video", draft=build_slideshow(media), media=media, lang="it")
    assert [(r.op, r.args.get("volume")) for r in turn.results] == [("set_clip_volume", 1.5)]
    alone = run_turn(
        "più forte il video", draft=build_slideshow([PHOTO] * 2), media=[PHOTO] * 2, lang="it"
    )
    assert [r.op for r in alone.results] == ["set_music_volume"]


# What the page's ending menu sends (js/i18n.js, COMMANDS.ending).
_PAGE_ENDINGS = {
    "it": {
        "fade": "Finale in dissolvenza",
        "cut": "Chiudi il video con uno stacco netto",
        "card": "Finale con un cartello",
    },
    "en": {"fade": "End with a fade", "cut": "End with a hard cut", "card": "Add an end card"},
    "zh": {"fade": "结尾淡出", "cut": "结尾直接结束", "card": "加一个片尾字卡"},
}


@pytest.mark.parametrize("lang", ["it", "en", "zh"])
@pytest.mark.parametrize("kind", ["fade", "cut", "card"])
def test_the_page_s_ending_menu_is_understood(lang: str, kind: str) -> None:
    draft = build_slideshow([PHOTO] * 3).model_copy(update={"end": Ending(k="cut", d=600)})
    turn = run_turn(_PAGE_ENDINGS[lang][kind], draft=draft, media=[PHOTO] * 3, lang=lang)
    assert [(op.op, op.args().get("kind")) for op in turn.ops] == [("set_ending", kind)]
