"""Templates: the model's own checks and the pure merge of values into a draft."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diapo.draft import Draft, MediaRef
from diapo.draft.media import Subject
from diapo.draft.occasions import BUILTIN_TEMPLATES, OCCASIONS, builtin_template
from diapo.draft.templates import (
    InvalidTemplateError,
    Template,
    field_names_in,
    merge,
    parse_template,
    template_from_draft,
    template_json_schema,
)
from diapo.draft.vocabulary import LANGUAGES, MUSIC_STYLES


def photos(n: int, *, portrait: bool = False) -> list[MediaRef]:
    w, h = (3000, 4000) if portrait else (4000, 3000)
    return [
        MediaRef(id=f"p{i}.jpg", kind="photo", width=w, height=h, name=f"p{i}.jpg")
        for i in range(n)
    ]


def clip(ms: int = 4000) -> MediaRef:
    return MediaRef(
        id="c.mp4", kind="clip", width=1920, height=1080, duration_ms=ms, has_audio=True
    )


def song() -> MediaRef:
    return MediaRef(
        id="s.mp3", kind="audio", duration_ms=180_000, name="s.mp3", bpm=120.0, beat_at=3
    )


def texts(draft: Draft) -> list[str]:
    return [s.m.text for tr in draft.text_tracks for s in tr.sg]


def errors_of(exc: pytest.ExceptionInfo[InvalidTemplateError]) -> dict[str, str]:
    return {e["field"]: e["type"] for e in exc.value.errors}


BIRTHDAY = BUILTIN_TEMPLATES["compleanno"]


# -- the built-in occasions ------------------------------------------------------


def test_there_are_the_eight_italian_occasions_each_its_own() -> None:
    assert {
        "compleanno",
        "matrimonio",
        "laurea",
        "battesimo",
        "viaggio",
        "natale",
        "mare",
        "anniversario",
    } <= set(BUILTIN_TEMPLATES)
    # Each its own music, and no two with the same pace and transition.
    assert len({o.music for o in OCCASIONS}) == len(OCCASIONS)
    assert all(o.music in MUSIC_STYLES for o in OCCASIONS)
    assert len({(o.seconds, o.transition) for o in OCCASIONS}) == len(OCCASIONS)


@pytest.mark.parametrize("tid", sorted(BUILTIN_TEMPLATES))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_occasion_merges_in_every_language(tid: str, lang: str) -> None:
    template = BUILTIN_TEMPLATES[tid]
    subject = template.fields[0].name
    draft = merge(template, {subject: "Maria", "foto": photos(5)}, lang=lang)  # type: ignore[arg-type]
    video = draft.main_video
    assert video is not None and [s.m.src for s in video.sg] == [f"p{i}.jpg" for i in range(5)]
    assert not field_names_in(draft), "every {{field}} is filled"
    shown = texts(draft)
    assert any("Maria" in t for t in shown)
    title = template.fields[1].default
    assert title is not None and not isinstance(title, str)
    assert shown[0] == title.get(lang).replace("{{" + subject + "}}", "Maria")
    # The closing card ends with the video; the music lies under all of it.
    closing = draft.text_tracks[0].sg[-1]
    assert closing.m.at + closing.d == draft.duration_ms()
    music = draft.audio_tracks[0].sg[0]
    occasion = next(o for o in OCCASIONS if o.id == tid)
    assert music.m.src == f"music:{occasion.music}" and music.d == draft.duration_ms()


def test_names_in_any_language_find_the_template() -> None:
    assert builtin_template("Wedding") is BUILTIN_TEMPLATES["matrimonio"]
    assert builtin_template("婚礼") is BUILTIN_TEMPLATES["matrimonio"]
    assert builtin_template(" Compleanno ") is BUILTIN_TEMPLATES["compleanno"]
    assert builtin_template("funerale") is None


# -- merging -------------------------------------------------------------------


def test_photos_get_the_pace_transition_and_varied_face_keeping_motion() -> None:
    face = Subject(0.4, 0.1, 0.2, 0.2)
    items = [
        *photos(3),
        MediaRef(id="f.jpg", kind="photo", width=4000, height=3000, subjects=(face,)),
    ]
    draft = merge(BIRTHDAY, {"nome": "Ada", "foto": items})
    video = draft.main_video
    assert video is not None
    occasion = next(o for o in OCCASIONS if o.id == "compleanno")
    assert all(s.m.tr is not None and s.m.tr.k == occasion.transition for s in video.sg[1:])
    motions = {(s.m.kb.x0, s.m.kb.y0, s.m.kb.x1, s.m.kb.y1) for s in video.sg if s.m.kb}
    assert len(motions) >= 3, "neighbouring photos move differently"
    assert video.sg[3].m.subj is not None, "the face travels with the photo, for framing"


def test_a_clip_keeps_its_own_length_and_a_song_replaces_the_style() -> None:
    draft = merge(BIRTHDAY, {"nome": "Ada", "foto": [*photos(2), clip(4000)], "musica": song()})
    video = draft.main_video
    assert video is not None and video.sg[2].m.kind == "clip" and video.sg[2].d == 4000
    music = draft.audio_tracks[0].sg[0]
    assert music.m.src == "s.mp3" and music.m.bpm == 120.0 and music.m.beat_at == 3


def test_music_by_alias_and_no_music() -> None:
    romantic = merge(BIRTHDAY, {"nome": "Ada", "foto": photos(2), "musica": "romantica"})
    assert romantic.audio_tracks[0].sg[0].m.src == "music:serenata"
    silent = merge(BIRTHDAY, {"nome": "Ada", "foto": photos(2), "musica": "none"})
    assert not silent.audio_tracks


def test_an_empty_optional_field_takes_its_text_away_and_a_given_one_wins() -> None:
    draft = merge(BIRTHDAY, {"nome": "Ada", "foto": photos(3)})
    assert "{{data}}" not in " ".join(texts(draft)) and len(texts(draft)) == 2
    own = merge(
        BIRTHDAY, {"nome": "Ada", "titolo": "Auguri!", "data": "3 maggio", "foto": photos(3)}
    )
    assert texts(own)[:2] == ["Auguri!", "3 maggio"]


def test_the_aspect_can_change_and_the_motion_is_planned_for_it() -> None:
    draft = merge(BIRTHDAY, {"nome": "Ada", "foto": photos(3)}, aspect="9:16")
    assert (draft.c.ar, draft.c.w, draft.c.h) == ("9:16", 1080, 1920)
    wide = merge(BIRTHDAY, {"nome": "Ada", "foto": photos(3)})
    assert draft.main_video is not None and wide.main_video is not None
    assert [s.m.kb for s in draft.main_video.sg] != [s.m.kb for s in wide.main_video.sg]


def test_a_very_short_video_never_lays_the_closing_card_over_the_title() -> None:
    draft = merge(BIRTHDAY, {"nome": "Ada", "foto": photos(1)})
    segs = draft.text_tracks[0].sg
    starts_ends = sorted((s.m.at, s.m.at + s.d) for s in segs if s.m.role == "title")
    for (_, end), (start, _) in itertools.pairwise(starts_ends):
        assert start >= end


# -- validation: each failure names its field ------------------------------------


def test_a_missing_required_field_is_named() -> None:
    with pytest.raises(InvalidTemplateError) as exc:
        merge(BIRTHDAY, {"foto": photos(2)})
    assert errors_of(exc) == {"nome": "missing"}
    assert "nome" in exc.value.message


def test_an_unknown_field_is_named() -> None:
    with pytest.raises(InvalidTemplateError) as exc:
        merge(BIRTHDAY, {"nome": "Ada", "foto": photos(2), "colore": "rosso"})
    assert errors_of(exc) == {"colore": "unknown"}


def test_wrong_types_are_named() -> None:
    with pytest.raises(InvalidTemplateError) as exc:
        merge(BIRTHDAY, {"nome": photos(1), "foto": "p0.jpg", "musica": photos(1)[0]})
    assert errors_of(exc) == {"nome": "type", "foto": "type", "musica": "type"}


def test_an_unknown_music_style_is_named() -> None:
    with pytest.raises(InvalidTemplateError) as exc:
        merge(BIRTHDAY, {"nome": "Ada", "foto": photos(2), "musica": "heavy metal"})
    assert errors_of(exc) == {"musica": "type"} and "heavy metal" in exc.value.message


def test_too_few_and_too_many_photos_are_named() -> None:
    with pytest.raises(InvalidTemplateError) as few:
        merge(BIRTHDAY, {"nome": "Ada", "foto": []})
    assert errors_of(few) == {"foto": "too_few"}
    with pytest.raises(InvalidTemplateError) as many:
        merge(BIRTHDAY, {"nome": "Ada", "foto": photos(201)})
    assert errors_of(many) == {"foto": "too_many"} and "200" in many.value.message


def test_a_song_in_the_photo_slot_is_named() -> None:
    with pytest.raises(InvalidTemplateError) as exc:
        merge(BIRTHDAY, {"nome": "Ada", "foto": [*photos(1), song()]})
    assert errors_of(exc) == {"foto": "type"} and "s.mp3" in exc.value.message


def test_text_too_long_for_its_box_is_named_also_through_a_default() -> None:
    with pytest.raises(InvalidTemplateError) as direct:
        merge(BIRTHDAY, {"nome": "x" * 41, "foto": photos(1)})
    assert errors_of(direct) == {"nome": "too_long"}
    # A name that fits its own box can still be too long for the title that says it.
    data = BIRTHDAY.model_dump(mode="json")
    for f in data["fields"]:
        if f["name"] == "titolo":
            f["max_chars"] = 30
    narrow = parse_template(data)
    assert texts(merge(narrow, {"nome": "Ada", "foto": photos(1)}))[0] == "Buon compleanno, Ada!"
    with pytest.raises(InvalidTemplateError) as through:
        merge(narrow, {"nome": "Massimiliano Maria", "foto": photos(1)})
    assert errors_of(through) == {"titolo": "too_long"}


def test_every_failure_is_reported_at_once() -> None:
    with pytest.raises(InvalidTemplateError) as exc:
        merge(BIRTHDAY, {"foto": [], "musica": "nope", "extra": "1"})
    assert errors_of(exc) == {
        "extra": "unknown",
        "nome": "missing",
        "foto": "too_few",
        "musica": "type",
    }


@settings(max_examples=60, deadline=None)
@given(
    values=st.dictionaries(
        st.sampled_from(["nome", "titolo", "data", "dedica", "musica", "altro"]),
        st.text(max_size=80),
        max_size=6,
    ),
    count=st.integers(0, 8),
    tid=st.sampled_from(sorted(BUILTIN_TEMPLATES)),
)
def test_merge_gives_a_valid_draft_or_a_template_error_never_anything_else(
    values: dict[str, str], count: int, tid: str
) -> None:
    template = BUILTIN_TEMPLATES[tid]
    merged: dict[str, Any] = {**values, "foto": photos(count)}
    try:
        draft = merge(template, merged)
    except InvalidTemplateError as exc:
        assert exc.errors and all(e["field"] for e in exc.errors)
        return
    assert Draft.parse(draft.to_dict()) == draft and not field_names_in(draft)


# -- the template model -----------------------------------------------------------


def test_templates_round_trip_and_publish_a_schema() -> None:
    for template in BUILTIN_TEMPLATES.values():
        again = parse_template(template.model_dump_json())
        assert again == template
    schema = template_json_schema()
    assert schema["title"] == "Diapo template" and "draft" in schema["properties"]


def test_a_template_naming_an_undeclared_field_is_refused() -> None:
    data = BIRTHDAY.model_dump(mode="json")
    data["fields"] = [f for f in data["fields"] if f["name"] != "dedica"]
    with pytest.raises(InvalidTemplateError, match="dedica"):
        parse_template(data)


def test_a_template_whose_draft_is_invalid_is_refused_with_the_path() -> None:
    data = BIRTHDAY.model_dump(mode="json")
    data["draft"]["c"]["w"] = 1921
    with pytest.raises(InvalidTemplateError, match=r"draft\.c\.w"):
        parse_template(data)


def test_a_text_field_where_photos_go_is_refused() -> None:
    data = BIRTHDAY.model_dump(mode="json")
    for f in data["fields"]:
        if f["name"] == "foto":
            f["kind"] = "text"
    with pytest.raises(InvalidTemplateError, match="foto"):
        parse_template(data)


# -- a user's own template ------------------------------------------------------


def test_any_draft_becomes_a_template_with_the_fields_the_user_chose() -> None:
    made = merge(BIRTHDAY, {"nome": "Ada", "foto": photos(4), "data": "3 maggio"})
    template = template_from_draft(
        made,
        template_id="festa-di-ada",
        name="Festa di Ada",
        texts={"Buon compleanno, Ada!": "titolo", "3 maggio": "data"},
    )
    assert isinstance(template, Template)
    assert {f.name for f in template.fields} == {"titolo", "data", "foto", "musica"}
    again = merge(template, {"titolo": "Auguri Bea!", "foto": photos(2)})
    assert texts(again)[:2] == ["Auguri Bea!", "3 maggio"]
    assert again.audio_tracks[0].sg[0].m.src == made.audio_tracks[0].sg[0].m.src
    video = again.main_video
    assert video is not None and len(video.sg) == 2


def test_a_chosen_text_that_is_not_in_the_draft_is_named() -> None:
    made = merge(BIRTHDAY, {"nome": "Ada", "foto": photos(2)})
    with pytest.raises(InvalidTemplateError, match="Ciao"):
        template_from_draft(made, template_id="x", name="X", texts={"Ciao": "saluto"})


# -- the chat's operation ---------------------------------------------------------


def test_use_template_makes_the_video_from_the_session_media_and_song() -> None:
    from diapo.draft.ops import UseTemplate, parse_op

    op = parse_op({"op": "use_template", "template": "laurea", "values": {"nome": "Giulia"}})
    assert isinstance(op, UseTemplate)
    draft = op.apply(None, [*photos(3), song()])
    assert texts(draft)[0] == "Congratulazioni, Giulia!"
    assert draft.audio_tracks[0].sg[0].m.src == "s.mp3"
    assert "Laurea" in op.describe("it") and "Graduation" in op.describe("en")


def test_use_template_asks_for_a_missing_field_and_changes_nothing() -> None:
    from diapo.draft.ops import OpError, UseTemplate

    with pytest.raises(OpError) as exc:
        UseTemplate(template="matrimonio").apply(None, photos(2))
    assert "gli sposi?" in exc.value.in_lang("it")
    assert "the couple?" in exc.value.in_lang("en") and "新人" in exc.value.in_lang("zh")
    with pytest.raises(OpError) as none:
        UseTemplate(template="compleanno", values={"nome": "Ada"}).apply(None, [])
    assert none.value.in_lang("it").startswith("Carica prima le foto")
    with pytest.raises(OpError) as long:
        UseTemplate(template="compleanno", values={"nome": "x" * 50}).apply(None, photos(1))
    assert long.value.in_lang("it").startswith("Nome: troppo lungo")
    with pytest.raises(OpError) as unknown:
        UseTemplate(template="funerale").apply(None, photos(1))
    assert "compleanno" in unknown.value.in_lang("en")


def test_use_template_keeps_the_projects_shape() -> None:
    from diapo.draft.ops import UseTemplate

    vertical = merge(BIRTHDAY, {"nome": "Ada", "foto": photos(2)}, aspect="9:16")
    again = UseTemplate(template="natale", values={"nome": "i Rossi"}).apply(vertical, photos(2))
    assert again.c.ar == "9:16" and texts(again)[0] == "Buon Natale da i Rossi"
