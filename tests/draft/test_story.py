"""Telling the story: dates in three languages, place names, chapters, the suggested title."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from diapo.draft import build_slideshow, draft_json_schema
from diapo.draft.chronology import by_capture_time
from diapo.draft.media import MediaRef, Place, analysis_fields
from diapo.draft.model import Draft, Story
from diapo.draft.ops import MovePhoto, OpError, RemovePhoto, SetStory, UseSuggestedTitle
from diapo.draft.placenames import country_name, local_name, region_name
from diapo.draft.story import find_chapters, format_day, suggest_title
from diapo.errors import InvalidDraftError

FLORENCE = Place("Florence", "Tuscany", "IT")
SIENA = Place("Siena", "Tuscany", "IT")
ROME = Place("Rome", "Latium", "IT")
PARIS = Place("Paris", "Ile-de-France", "FR")


def _photo(name: str, taken: datetime | None = None, place: Place | None = None) -> MediaRef:
    return MediaRef(name, "photo", 400, 300, name=f"{name}.jpg", taken_at=taken, place=place)


def _trip() -> list[MediaRef]:
    """Two photos in Florence on the 12th, one in Siena on the 13th, one there undated."""
    return [
        _photo("a", datetime(2025, 8, 12, 10), FLORENCE),
        _photo("b", datetime(2025, 8, 12, 16), FLORENCE),
        _photo("c", datetime(2025, 8, 13, 11), SIENA),
        _photo("d", None, SIENA),
    ]


def _texts(draft: Draft) -> list[tuple[str, int]]:
    return [(s.m.text, s.m.at) for t in draft.text_tracks for s in t.sg if s.m.chapter]


@pytest.mark.parametrize(
    ("lang", "full", "short"),
    [
        ("it", "12 agosto 2025", "12 agosto"),
        ("en", "12 August 2025", "12 August"),
        ("zh", "2025年8月12日", "8月12日"),
    ],
)
def test_dates_are_written_in_the_session_language(lang: str, full: str, short: str) -> None:
    assert format_day(date(2025, 8, 12), lang) == full
    assert format_day(date(2025, 8, 12), lang, year=False) == short


def test_italian_sessions_say_italian_names_and_others_the_data_names() -> None:
    assert local_name("Florence", "IT", "it") == "Firenze"
    assert local_name("Florence", "IT", "en") == "Florence"
    assert local_name("Florence", "IT", "zh") == "佛罗伦萨"
    assert local_name("Siena", "IT", "it") == "Siena"  # already Italian in the data
    assert local_name("Paris", "FR", "it") == "Parigi"
    assert local_name("Paris", "FR", "en") == "Paris"
    assert region_name("Latium", "IT", "it") == "Lazio"
    assert region_name("Tuscany", "IT", "zh") == "托斯卡纳"
    assert region_name("Ile-de-France", "FR", "it") == "Ile-de-France"
    assert country_name("FR", "it") == "Francia"
    assert country_name("XX", "it") == "XX"


def test_a_chapter_starts_where_the_day_or_the_town_changes() -> None:
    media = _trip()
    draft = build_slideshow(media, music=None)
    chapters = find_chapters(draft.main_video.sg, media, lang="it")  # type: ignore[union-attr]
    assert [(c.start, c.label) for c in chapters] == [
        (0, "Firenze · 12 agosto"),
        (2, "Siena · 13 agosto"),  # the undated photo of Siena stays in its chapter
    ]
    towns_only = find_chapters(draft.main_video.sg, media, dates=False, lang="en")  # type: ignore[union-attr]
    assert [c.label for c in towns_only] == ["Florence", "Siena"]


def test_the_same_town_on_a_new_day_is_a_new_chapter() -> None:
    media = [
        _photo("a", datetime(2025, 8, 12, 10), ROME),
        _photo("b", datetime(2025, 8, 13, 10), ROME),
    ]
    draft = build_slideshow(media, music=None)
    chapters = find_chapters(draft.main_video.sg, media, lang="it")  # type: ignore[union-attr]
    assert [c.label for c in chapters] == ["Roma · 12 agosto", "Roma · 13 agosto"]


def test_chapter_cards_sit_at_the_start_of_each_chapter() -> None:
    draft = build_slideshow(_trip(), music=None, story=Story(lang="it"))
    main = draft.main_video
    assert main is not None
    # Photo 3 (Siena) comes in after two photos, less the transitions' overlaps.
    siena_at = main.sg[0].d + main.sg[1].d - main.sg[1].m.tr.d - main.sg[2].m.tr.d  # type: ignore[union-attr]
    assert _texts(draft) == [("Firenze · 12 agosto", 0), ("Siena · 13 agosto", siena_at)]


def test_chapter_captions_go_on_the_first_photo_of_each_chapter() -> None:
    draft = build_slideshow(_trip(), music=None, story=Story(chapters="captions", lang="en"))
    caps = [s.m.cap.text if s.m.cap else None for s in draft.main_video.sg]  # type: ignore[union-attr]
    assert caps == ["Florence · 12 August", None, "Siena · 13 August", None]
    assert _texts(draft) == []


def test_turning_the_story_on_and_dates_off_rewrites_the_chapters() -> None:
    media = _trip()
    draft = build_slideshow(media, music=None)
    on = SetStory(places=True, dates=True, lang="it").apply(draft, media)
    assert [t for t, _ in _texts(on)] == ["Firenze · 12 agosto", "Siena · 13 agosto"]
    no_dates = SetStory(dates=False).apply(on, media)
    assert [t for t, _ in _texts(no_dates)] == ["Firenze", "Siena"]
    off = SetStory(chapters="off").apply(no_dates, media)
    assert _texts(off) == []
    assert off.story is not None and off.story.chapters == "off"


def test_chapters_follow_the_photos_through_later_edits() -> None:
    media = _trip()
    draft = SetStory(lang="it").apply(build_slideshow(media, music=None), media)
    moved = MovePhoto(index=3, to=1).apply(draft, media)  # Siena first now
    # The undated photo of Siena, last, is back in Siena on a day it does not say.
    assert [t for t, _ in _texts(moved)] == ["Siena · 13 agosto", "Firenze · 12 agosto", "Siena"]
    fewer = RemovePhoto(index=3).apply(draft, media)
    assert [t for t, _ in _texts(fewer)] == ["Firenze · 12 agosto", "Siena"]


def test_a_story_needs_photos_that_say_where_or_when() -> None:
    media = [_photo("a"), _photo("b")]
    draft = build_slideshow(media, music=None)
    with pytest.raises(OpError) as err:
        SetStory(places=True, dates=True).apply(draft, media)
    assert "GPS" in err.value.in_lang("it")


@pytest.mark.parametrize(
    ("media", "lang", "title"),
    [
        (_trip(), "it", "Toscana, agosto 2025"),  # two towns in one region
        (_trip(), "en", "Tuscany, August 2025"),
        (_trip(), "zh", "托斯卡纳，2025年8月"),
        ([_photo("a", datetime(2025, 8, 12), FLORENCE)], "it", "Firenze, agosto 2025"),
        (
            [_photo("a", datetime(2025, 7, 30), ROME), _photo("b", datetime(2025, 8, 2), FLORENCE)],
            "it",
            "Italia, luglio–agosto 2025",
        ),
        ([_photo("a", None, PARIS), _photo("b", None, PARIS)], "it", "Parigi"),
        ([_photo("a", datetime(2024, 12, 24))], "en", "December 2024"),
        ([_photo("a"), _photo("b")], "it", None),
    ],
)
def test_the_suggested_title_names_the_dominant_place_and_month(
    media: list[MediaRef], lang: str, title: str | None
) -> None:
    assert suggest_title(media, lang) == title


def test_the_suggested_title_can_become_the_title() -> None:
    media = _trip()
    titled = UseSuggestedTitle(lang="it").apply(build_slideshow(media, music=None), media)
    assert [s.m.text for s in titled.text_tracks[0].sg if s.m.role == "title"] == [
        "Toscana, agosto 2025"
    ]
    auto = build_slideshow(media, music=None, auto_title=True, lang="en")
    assert auto.text_tracks[0].sg[0].m.text == "Tuscany, August 2025"


def test_the_story_block_is_validated_and_published_in_the_schema() -> None:
    with pytest.raises(InvalidDraftError) as err:
        Draft.parse({"story": {"chapters": "pages"}})
    assert "story.chapters" in err.value.message
    schema = draft_json_schema()
    assert "story" in schema["properties"]
    assert set(schema["$defs"]["Story"]["properties"]) == {"places", "dates", "chapters", "lang"}


def test_stored_places_reach_the_draft_layer_and_bad_ones_are_dropped() -> None:
    fields = analysis_fields(
        {"phash": "0" * 64, "gps": [43.77, 11.25], "place": {"name": "Florence", "country": "IT"}}
    )
    assert fields["gps"] == (43.77, 11.25)
    assert fields["place"] == Place("Florence", "", "IT")
    bad = analysis_fields({"gps": ["north", 11], "place": {"name": 3}})
    assert "gps" not in bad and "place" not in bad


def test_most_photos_undated_keeps_the_given_order() -> None:
    dated = _photo("late", datetime(2025, 8, 13))
    undated = [_photo("x"), _photo("y")]
    assert by_capture_time([*undated, dated], taken_at=lambda m: m.taken_at) is None
    # Times with and without a zone compare by the camera's clock.
    aware = _photo("b", datetime(2025, 8, 12, 11, tzinfo=timezone(timedelta(hours=2))))
    naive = _photo("a", datetime(2025, 8, 12, 10))
    assert by_capture_time([aware, naive, _photo("z")], taken_at=lambda m: m.taken_at) == [
        naive,
        aware,
        _photo("z"),
    ]


def test_the_summary_calls_chapter_cards_chapters() -> None:
    from diapo.draft import describe

    draft = build_slideshow(_trip(), music=None, story=Story(lang="it"))
    assert 'Capitolo: "Firenze · 12 agosto"' in describe(draft, lang="it")


def test_hiding_dates_on_a_slideshow_without_a_story_starts_none() -> None:
    media = _trip()
    hidden = SetStory(dates=False).apply(build_slideshow(media, music=None), media)
    assert _texts(hidden) == []


def test_a_remade_slideshow_keeps_its_story() -> None:
    from diapo.draft.ops import MakeSlideshow

    media = _trip()
    draft = SetStory(lang="it").apply(build_slideshow(media, music=None), media)
    remade = MakeSlideshow(media_ids=["c", "a"]).apply(draft, media)
    assert remade.story == draft.story
    assert [t for t, _ in _texts(remade)] == ["Siena · 13 agosto", "Firenze · 12 agosto"]
