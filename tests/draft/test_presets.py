"""Platform presets on the draft: the frame they set, the limits they check, the trims offered."""

from __future__ import annotations

import pytest

from diapo.draft import Draft, MediaRef, build_slideshow, draft_json_schema, with_resolution
from diapo.draft.ops import SetAspect, SetPreset, TrimToDuration, parse_op
from diapo.draft.presets import TrimMode, overrun, preset_resolution, rendered_ms
from diapo.draft.vocabulary import PLATFORM_PRESETS, find_preset, vocabulary_json
from diapo.errors import InvalidDraftError

MEDIA = [MediaRef(id=f"p{i}", kind="photo", width=4000, height=3000) for i in range(30)]


def _long() -> Draft:
    return build_slideshow(MEDIA, seconds_per_photo=3.0)  # 30 photos: over a minute


@pytest.mark.parametrize(
    ("name", "size"),
    [
        ("instagram-reels", (1080, 1920)),
        ("instagram-stories", (1080, 1920)),
        ("instagram-feed", (1080, 1350)),
        ("tiktok", (1080, 1920)),
        ("youtube-shorts", (1080, 1920)),
        ("youtube", (1920, 1080)),
        ("facebook", (1920, 1080)),
        ("whatsapp", (720, 1280)),
    ],
)
def test_a_preset_sets_its_aspect_and_size_and_is_recorded(
    name: str, size: tuple[int, int]
) -> None:
    draft = SetPreset(preset=name).apply(_long(), MEDIA)
    assert (draft.c.w, draft.c.h) == size
    assert draft.c.ar == PLATFORM_PRESETS[name].aspect
    assert draft.c.preset == name
    assert Draft.parse(draft.to_json()) == draft  # it survives the JSON round trip


def test_a_preset_that_disagrees_with_the_canvas_is_refused() -> None:
    data = SetPreset(preset="tiktok").apply(_long(), MEDIA).to_dict()
    data["c"].update(ar="16:9", w=1920, h=1080)
    with pytest.raises(InvalidDraftError, match="tiktok preset is 9:16"):
        Draft.parse(data)
    data["c"].update(preset="myspace")
    with pytest.raises(InvalidDraftError, match=r"c\.preset"):
        Draft.parse(data)


def test_the_schema_publishes_the_preset_names() -> None:
    canvas = draft_json_schema()["$defs"]["Canvas"]["properties"]["preset"]
    names = {v for alt in canvas["anyOf"] for v in alt.get("enum", [])}
    assert names == set(PLATFORM_PRESETS)


def test_another_aspect_drops_the_preset_and_the_same_keeps_it() -> None:
    draft = SetPreset(preset="instagram-stories").apply(_long(), MEDIA)
    assert SetAspect(aspect="9:16").apply(draft, MEDIA).c.preset == "instagram-stories"
    assert SetAspect(aspect="16:9").apply(draft, MEDIA).c.preset is None


def test_a_preset_caps_the_export_resolution() -> None:
    draft = SetPreset(preset="whatsapp").apply(_long(), MEDIA)
    assert (with_resolution(draft, "1080p").c.w, with_resolution(draft, "1080p").c.h) == (720, 1280)
    assert with_resolution(draft, "360p").c.preset == "whatsapp"
    assert preset_resolution("whatsapp", "1080p") == "720p"
    assert preset_resolution("whatsapp", "480p") == "480p"


def test_overrun_measures_the_rendered_length_against_the_limit() -> None:
    draft = SetPreset(preset="instagram-stories").apply(_long(), MEDIA)
    found = overrun(draft)
    assert found is not None
    assert found.limit_ms == 60_000
    assert found.duration_ms == rendered_ms(draft) > 60_000
    assert overrun(SetPreset(preset="youtube").apply(_long(), MEDIA)) is None
    assert overrun(_long()) is None  # no preset, no limit


@pytest.mark.parametrize("how", ["even", "end"])
def test_trim_to_duration_brings_the_video_under_the_platform_limit(how: TrimMode) -> None:
    draft = SetPreset(preset="instagram-stories").apply(_long(), MEDIA)
    trimmed = TrimToDuration(how=how).apply(draft, MEDIA)
    assert 55_000 <= rendered_ms(trimmed) <= 60_000
    assert overrun(trimmed) is None
    assert trimmed.main_video is not None
    photos = len(trimmed.main_video.sg)
    if how == "even":
        assert photos == 30  # every photo kept, each shorter
    else:
        assert photos < 30  # the end dropped
        kept = [s.m.src for s in trimmed.main_video.sg]
        assert kept == [m.id for m in MEDIA[: len(kept)]]


def test_trim_to_seconds_works_without_a_preset_and_needs_one_otherwise() -> None:
    trimmed = TrimToDuration(seconds=20).apply(_long(), MEDIA)
    assert rendered_ms(trimmed) <= 20_000
    with pytest.raises(InvalidDraftError, match="How long should it be"):
        TrimToDuration().apply(_long(), MEDIA)


def test_preset_ops_parse_from_json() -> None:
    assert parse_op({"op": "set_preset", "preset": "tiktok"}) == SetPreset(preset="tiktok")
    with pytest.raises(InvalidDraftError, match="preset"):
        parse_op({"op": "set_preset", "preset": "myspace"})
    op = parse_op({"op": "trim_to_duration", "how": "end"})
    assert op == TrimToDuration(how="end")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("per Instagram", "instagram-reels"),
        ("per le storie di Instagram", "instagram-stories"),
        ("for the Instagram feed", "instagram-feed"),
        ("for TikTok", "tiktok"),
        ("make it for WhatsApp", "whatsapp"),
        ("发到抖音", "tiktok"),
        ("适合微信/WhatsApp", "whatsapp"),
        ("YouTube Shorts", "youtube-shorts"),
        ("per youtube", "youtube"),
        ("facebook", "facebook"),
        ("instagram-stories", "instagram-stories"),
        ("fammi una storia", None),
    ],
)
def test_find_preset_reads_platform_names_in_three_languages(text: str, name: str) -> None:
    assert find_preset(text) == name


def test_the_page_vocabulary_carries_the_preset_table() -> None:
    presets = vocabulary_json()["presets"]
    assert isinstance(presets, dict)
    assert presets["whatsapp"]["size_cap_bytes"] == 16_000_000
    assert presets["instagram-feed"]["aspect"] == "4:5"
    assert set(presets) == set(PLATFORM_PRESETS)
