"""The chat and platform presets: a video too long for its platform is said, a trim offered,
and "sì, accorcia" / "yes, trim it" / "好的，剪短" trim it; nothing is ever cut unasked."""

from __future__ import annotations

import pytest

from diapo.chat import run_turn
from diapo.draft import Draft, MediaRef, build_slideshow
from diapo.draft.presets import rendered_ms

MEDIA = [MediaRef(id=f"p{i}", kind="photo", width=4000, height=3000) for i in range(30)]
LONG = build_slideshow(MEDIA, seconds_per_photo=3.0)  # about 87 s


def _stories(lang: str) -> Draft:
    turn = run_turn("for Instagram Stories", draft=LONG, media=MEDIA, lang=lang)
    assert turn.draft is not None
    return turn.draft


@pytest.mark.parametrize(
    ("lang", "message", "words"),
    [
        ("it", "per le storie di Instagram", ("60 s", "«sì, accorcia»", "non taglio niente")),
        ("en", "for Instagram Stories", ("60 s", "“yes, trim it”", "won't cut anything")),
        ("zh", "做成Instagram快拍", ("60秒", "「好的，剪短」", "不会剪")),
    ],
)
def test_a_preset_the_video_is_too_long_for_warns_and_offers_a_trim(
    lang: str, message: str, words: tuple[str, ...]
) -> None:
    turn = run_turn(message, draft=LONG, media=MEDIA, lang=lang)
    assert [op.op for op in turn.ops] == ["set_preset"]
    assert turn.draft is not None and turn.draft.c.preset == "instagram-stories"
    for word in words:
        assert word in turn.reply, turn.reply
    assert rendered_ms(turn.draft) == rendered_ms(LONG)  # nothing cut


def test_a_preset_the_video_fits_says_nothing_of_limits() -> None:
    turn = run_turn("per YouTube", draft=LONG, media=MEDIA, lang="it")
    assert "Attenzione" not in turn.reply


@pytest.mark.parametrize(
    ("lang", "message", "how"),
    [
        ("it", "sì, accorcia", "even"),
        ("it", "sì", "even"),
        ("it", "ok, accorcia togliendo la fine", "end"),
        ("en", "yes, trim it", "even"),
        ("en", "trim it, dropping the end", "end"),
        ("zh", "好的，剪短", "even"),
        ("zh", "剪掉结尾", "end"),
    ],
)
def test_accepting_the_offer_trims_to_the_platform_limit(lang: str, message: str, how: str) -> None:
    turn = run_turn(message, draft=_stories(lang), media=MEDIA, lang=lang)
    assert [(op.op, op.args()) for op in turn.ops] == [("trim_to_duration", {"how": how})]
    assert turn.draft is not None
    assert 55_000 <= rendered_ms(turn.draft) <= 60_000
    assert turn.draft.main_video is not None
    kept = len(turn.draft.main_video.sg)
    assert kept == 30 if how == "even" else kept < 30


def test_an_edit_that_passes_the_limit_is_warned_about() -> None:
    fits = run_turn("sì, accorcia", draft=_stories("it"), media=MEDIA, lang="it").draft
    turn = run_turn("più lento", draft=fits, media=MEDIA, lang="it")
    assert [op.op for op in turn.ops] == ["set_pace"]
    assert "per le storie di Instagram il massimo è 60 s" in turn.reply


def test_yes_without_a_pending_trim_changes_nothing() -> None:
    turn = run_turn("sì", draft=LONG, media=MEDIA, lang="it")
    assert turn.draft is None and not turn.ops


def test_trim_asked_for_a_video_that_fits_says_so_instead_of_asking_which_clip() -> None:
    turn = run_turn("per WhatsApp, accorcia", draft=LONG, media=MEDIA, lang="it")
    assert [op.op for op in turn.ops] == ["set_preset"]
    assert "per WhatsApp il massimo è 180 s, quindi non serve accorciarlo" in turn.reply
    assert turn.draft is not None and rendered_ms(turn.draft) == rendered_ms(LONG)
