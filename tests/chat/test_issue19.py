"""Issue 19's examples, each as the person sees it: the draft it leaves and the reply."""

from __future__ import annotations

import pytest

from diapo.chat import run_turn
from diapo.draft import Draft, MediaRef, build_slideshow
from diapo.draft.ops import AddTitle, MakeSlideshow

PHOTOS = tuple(MediaRef(f"m{i}", "photo", 4000, 3000, name=f"p{i}.jpg") for i in range(1, 6))
SONG = MediaRef("a1", "audio", 0, 0, duration_ms=120000, name="song.mp3", bpm=120.0, beat_at=0)
MEDIA = (*PHOTOS, SONG)


@pytest.fixture
def draft() -> Draft:
    """Five photos, no music (lengths are exact, no beat rounds them), a title a person typed."""
    plain = MakeSlideshow(music="none").apply(None, PHOTOS)
    return AddTitle(text="Tanti auguri nonna Maria!").apply(plain, PHOTOS)


def _order(draft: Draft | None) -> list[str]:
    assert draft is not None and draft.main_video is not None
    return [s.m.src for s in draft.main_video.sg]


def _lengths(draft: Draft | None) -> list[int]:
    assert draft is not None and draft.main_video is not None
    return [s.d for s in draft.main_video.sg]


def _title(draft: Draft | None) -> str:
    assert draft is not None
    return next(s.m.text for t in draft.text_tracks for s in t.sg if s.m.role == "title")


@pytest.mark.parametrize(
    ("message", "lang", "text"),
    [
        ("titolo Estate 2024", "it", "Estate 2024"),
        ("scrivi Auguri nonna all'inizio", "it", "Auguri nonna"),
        ("put 'Happy birthday Mum' at the start", "en", "Happy birthday Mum"),
    ],
)
def test_unquoted_and_placed_titles_are_titles(
    draft: Draft, message: str, lang: str, text: str
) -> None:
    turn = run_turn(message, draft=draft, media=PHOTOS, lang=lang)
    assert _title(turn.draft) == text and not turn.not_applied, turn.reply


def test_place_and_font_words_never_replace_the_title(draft: Draft) -> None:
    msg = "metti il titolo in alto con il carattere serif"
    turn = run_turn(msg, draft=draft, media=PHOTOS, lang="it")
    assert _title(turn.draft) == "Tanti auguri nonna Maria!"
    assert turn.draft is not None
    title = next(s.m for t in turn.draft.text_tracks for s in t.sg if s.m.role == "title")
    assert (title.pos, title.font) == ("top", "serif")


def test_cutting_the_video_to_a_length_sets_its_total() -> None:
    three = MakeSlideshow(media_ids=["m1", "m2", "m3"], music="none").apply(None, PHOTOS)
    turn = run_turn("taglia il video a 5 secondi", draft=three, media=PHOTOS, lang="it")
    assert turn.draft is not None and abs(turn.draft.duration_ms() - 5000) <= 750
    assert [op.op for op in turn.ops] == ["set_total_length"]


def test_after_the_first_is_the_second_place(draft: Draft) -> None:
    turn = run_turn("sposta l'ultima foto dopo la prima", draft=draft, media=PHOTOS, lang="it")
    assert _order(turn.draft) == ["m1", "m5", "m2", "m3", "m4"]


def test_a_range_with_a_correction_sets_those_photos_only(draft: Draft) -> None:
    msg = "dalla 2 alla 3 metti 4 secondi, anzi 6"
    turn = run_turn(msg, draft=draft, media=PHOTOS, lang="it")
    was, now = _lengths(draft), _lengths(turn.draft)
    assert [now[0], now[3], now[4]] == [was[0], was[3], was[4]]
    assert now[1:3] == [6000, 6000], now


def test_not_wanting_the_music_removes_it() -> None:
    with_music = build_slideshow(MEDIA)
    turn = run_turn("non voglio la musica", draft=with_music, media=MEDIA, lang="it")
    assert turn.draft is not None and not any(t.sg for t in turn.draft.audio_tracks)


def test_slower_transitions_leave_the_photos_as_they_were(draft: Draft) -> None:
    msg = "transizioni con dissolvenza al nero, un po' più lente"
    turn = run_turn(msg, draft=draft, media=PHOTOS, lang="it")
    assert _lengths(turn.draft) == _lengths(draft)
    assert turn.draft is not None and turn.draft.main_video is not None
    trs = [s.m.tr for s in turn.draft.main_video.sg[1:]]
    assert all(tr is not None and tr.k == "fade_black" and tr.d > 500 for tr in trs), trs


@pytest.mark.parametrize("lang", ["it", "en", "zh"])
def test_only_a_photo_past_the_end_is_answered_not_a_crash(lang: str) -> None:
    one = MakeSlideshow(media_ids=["m1"]).apply(None, PHOTOS)
    turn = run_turn("make a video with only the second photo", draft=one, media=PHOTOS, lang=lang)
    assert turn.draft is None and turn.not_applied and "2" in turn.reply


def test_a_file_name_chooses_the_photo(draft: Draft) -> None:
    turn = run_turn("slideshow with p1.jpg only", draft=draft, media=PHOTOS, lang="en")
    assert _order(turn.draft) == ["m1"] and not turn.not_applied


def test_keep_only_is_done_with_the_other_clauses(draft: Draft) -> None:
    msg = "keep only the second photo, lofi music, title 'Firenze'"
    turn = run_turn(msg, draft=draft, media=MEDIA, lang="en")
    assert _order(turn.draft) == ["m2"] and _title(turn.draft) == "Firenze"
    assert turn.draft is not None
    assert [s.m.src for t in turn.draft.audio_tracks for s in t.sg] == ["music:lofi"]
    assert turn.not_applied == [] and turn.reply.startswith("Done")
    assert draft.main_video is not None and turn.draft.main_video is not None
    assert turn.draft.main_video.sg[0].m.kb == draft.main_video.sg[1].m.kb  # its move kept


def test_done_is_never_said_with_a_clause_not_applied(draft: Draft) -> None:
    turn = run_turn("musica lofi e fammi un caffè", draft=draft, media=MEDIA, lang="it")
    assert turn.applied == ["musica lofi"] and turn.not_applied == ["fammi un caffè"]
    assert not turn.reply.startswith("Fatto") and "fammi un caffè" in turn.reply


def test_one_language_per_reply(draft: Draft) -> None:
    turn = run_turn("togli la foto 9 per favore", draft=draft, media=PHOTOS, lang="en")
    assert "foto" in turn.reply and "photo" not in turn.reply  # written in Italian
    assert run_turn("annulla", draft=draft, media=PHOTOS, lang="en").reply.startswith("Annullo")


def test_a_length_the_beat_cannot_meet_is_said_as_it_is() -> None:
    three = MakeSlideshow(media_ids=["m1", "m2", "m3"]).apply(None, MEDIA)  # on the beat
    turn = run_turn("taglia il video a 5 secondi", draft=three, media=MEDIA, lang="it")
    assert turn.draft is not None
    real = f"{turn.draft.duration_ms() / 1000:.1f}".removesuffix(".0")
    met = abs(turn.draft.duration_ms() - 5000) <= 600
    said = f"dura {real} s" in turn.reply and "non a tempo" in turn.reply  # whole bars
    assert met or said, turn.reply
