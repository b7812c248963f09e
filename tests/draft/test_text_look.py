"""The texts' font and animation as draft fields and edits, and the draft's language."""

from __future__ import annotations

import pytest

from diapo.draft import Draft, MediaRef, build_slideshow
from diapo.draft.model import draft_json_schema
from diapo.draft.ops import AddTitle, EditText
from diapo.draft.vocabulary import FONT_FAMILIES, TEXT_ANIMATIONS
from diapo.errors import InvalidDraftError

MEDIA = [MediaRef(f"p{i}", "photo", 4000, 3000, name=f"p{i}.jpg") for i in range(3)]


def _titled() -> Draft:
    draft = build_slideshow(MEDIA, title="Estate", subtitle="Agosto", music=None)
    return draft


def test_a_new_title_is_the_modern_sans_without_an_outline_fading_in() -> None:
    title = _titled().text_tracks[0].sg[0].m
    assert (title.font, title.outline, title.shadow, title.anim) == ("sans", False, True, "fade")


def test_add_title_sets_its_font_and_animation() -> None:
    draft = AddTitle(text="Vacanze", font="serif", anim="typewriter").apply(_titled(), MEDIA)
    title = next(s.m for s in draft.text_tracks[0].sg if s.m.role == "title")
    assert (title.text, title.font, title.anim) == ("Vacanze", "serif", "typewriter")


def test_edit_text_restyles_every_text_or_only_the_title() -> None:
    every = EditText(role="all", font="serif").apply(_titled(), MEDIA)
    assert {s.m.font for s in every.text_tracks[0].sg} == {"serif"}
    title_only = EditText(role="title", anim="rise").apply(_titled(), MEDIA)
    anims = {s.m.role: s.m.anim for s in title_only.text_tracks[0].sg}
    assert anims == {"title": "rise", "subtitle": "fade"}


def test_unknown_fonts_and_animations_are_refused_with_their_place() -> None:
    data = _titled().to_dict()
    data["t"][-1]["sg"][0]["m"]["anim"] = "bounce"
    with pytest.raises(InvalidDraftError) as err:
        Draft.parse(data)
    assert any(e["loc"].endswith("m.anim") for e in err.value.errors)
    data["t"][-1]["sg"][0]["m"]["anim"] = "rise"
    data["t"][-1]["sg"][0]["m"]["font"] = "comic"
    with pytest.raises(InvalidDraftError):
        Draft.parse(data)
    with pytest.raises(InvalidDraftError):
        Draft.parse({**_titled().to_dict(), "lang": "fr"})
    with pytest.raises(ValueError):
        EditText(anim="spin")


def test_the_schema_offers_exactly_the_vocabulary() -> None:
    defs = draft_json_schema()["$defs"]["TextMeta"]["properties"]
    assert sorted(defs["font"]["enum"]) == sorted(FONT_FAMILIES)
    assert sorted(defs["anim"]["enum"]) == sorted(TEXT_ANIMATIONS)


def test_the_summary_names_a_title_look_that_is_not_the_default() -> None:
    from diapo.draft import describe

    plain = describe(_titled())
    assert '"Estate" (0-' in plain and "typewriter" not in plain
    styled = EditText(role="title", font="serif", anim="typewriter").apply(_titled(), MEDIA)
    assert "serif font, typewriter)" in describe(styled)
    assert "carattere con grazie, a macchina da scrivere)" in describe(styled, "it")
