"""A chat turn records the session's language in the draft, for the texts' typography."""

from __future__ import annotations

from diapo.chat import run_turn
from diapo.draft import MediaRef
from diapo.draft.ops import MakeSlideshow

MEDIA = [MediaRef(f"p{i}", "photo", 4000, 3000, name=f"p{i}.jpg") for i in range(3)]


def test_a_chat_turn_records_the_language_the_texts_are_typed_in() -> None:
    draft = MakeSlideshow().apply(None, MEDIA)
    assert draft.lang is None
    turn = run_turn('titolo "L\'estate"', draft=draft, media=MEDIA, lang="it")
    assert turn.draft is not None and turn.draft.lang == "it"
    assert turn.draft.text_tracks[0].sg[0].m.text == "L'estate"  # kept as typed
    again = run_turn("title rises", draft=turn.draft, media=MEDIA, lang="en")
    assert again.draft is not None and again.draft.lang == "it"  # set once, not overwritten
