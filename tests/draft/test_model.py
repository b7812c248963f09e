"""The draft model: compact JSON, lossless round trip, clear validation errors."""

from __future__ import annotations

import json

import pytest

from diapo.draft import (
    ASPECTS,
    TRANSITION_NAMES,
    Draft,
    MediaRef,
    build_slideshow,
    canvas_for,
    draft_json_schema,
    with_resolution,
)
from diapo.errors import InvalidDraftError


def _photos(n: int) -> list[MediaRef]:
    return [
        MediaRef(id=f"p{i}", kind="photo", width=4032, height=3024, name=f"IMG_{i}.jpg")
        for i in range(n)
    ]


def test_round_trip_is_lossless_in_compact_form() -> None:
    draft = build_slideshow(_photos(4), title="Estate in Toscana", subtitle="Agosto")
    text = draft.to_json()
    again = Draft.parse(text)
    assert again == draft
    assert again.to_json() == text
    assert Draft.parse(json.loads(text)).to_dict() == json.loads(text)


def test_compact_json_uses_the_protocol_keys() -> None:
    data = build_slideshow(_photos(2), title="Ciao").to_dict()
    assert set(data) == {"v", "c", "fit", "t"}
    assert [t["tt"] for t in data["t"]] == [0, 1, 7]
    seg = data["t"][0]["sg"][0]
    assert set(seg) == {"d", "m"} and seg["m"]["src"] == "p0"


def test_every_bad_field_is_reported_with_its_path() -> None:
    bad = {
        "v": 1,
        "c": {"ar": "16:9", "w": 1921, "h": 1080, "fps": 30},
        "t": [
            {"tt": 0, "sg": [{"d": -5, "m": {}}, {"d": 3000, "m": {"src": "x", "kind": "gif"}}]},
            {"tt": 5, "sg": []},
        ],
    }
    with pytest.raises(InvalidDraftError) as info:
        Draft.parse(bad)
    locs = {e["loc"] for e in info.value.errors}
    assert "c.w" in locs
    assert "t.0.sg.0.d" in locs
    assert "t.0.sg.0.m.src" in locs
    assert "t.0.sg.1.m.kind" in locs
    assert "t.1" in locs
    assert "c.w" in str(info.value)


def test_unknown_keys_and_versions_are_refused() -> None:
    with pytest.raises(InvalidDraftError, match="schema version 9"):
        Draft.parse({"v": 9})
    with pytest.raises(InvalidDraftError, match="zz"):
        Draft.parse({"v": 1, "zz": 1})
    with pytest.raises(InvalidDraftError):
        Draft.parse("{not json")


def test_canvas_must_match_its_aspect() -> None:
    with pytest.raises(InvalidDraftError, match="does not match"):
        Draft.parse({"c": {"ar": "9:16", "w": 1920, "h": 1080}})


def test_transition_longer_than_half_a_segment_is_refused() -> None:
    data = build_slideshow(_photos(2), seconds_per_photo=1.0, beat_sync=False).to_dict()
    data["t"][0]["sg"][1]["m"]["tr"] = {"k": "crossfade", "d": 900}
    with pytest.raises(InvalidDraftError, match="too long"):
        Draft.parse(data)


@pytest.mark.parametrize("aspect", ASPECTS)
def test_canvas_sizes_are_even_and_full_hd(aspect: str) -> None:
    c = canvas_for(aspect)
    assert max(c.w, c.h) == 1920 and c.w % 2 == 0 and c.h % 2 == 0
    small = canvas_for(aspect, long_side=640)
    assert max(small.w, small.h) == 640 and small.w % 2 == 0 and small.h % 2 == 0


def test_with_resolution_keeps_the_edit() -> None:
    draft = build_slideshow(_photos(3), aspect="9:16")
    small = with_resolution(draft, "480p")
    assert (small.c.w, small.c.h) == (480, 854)
    square = with_resolution(build_slideshow(_photos(1), aspect="1:1"), "720p")
    assert (square.c.w, square.c.h) == (720, 720)
    feed = with_resolution(build_slideshow(_photos(1), aspect="4:5"), "1080p")
    assert (feed.c.w, feed.c.h) == (1080, 1350)
    assert small.t == draft.t
    with pytest.raises(InvalidDraftError, match="Unknown resolution"):
        with_resolution(draft, "8k")


def test_json_schema_lists_tracks_and_transitions() -> None:
    schema = draft_json_schema()
    text = json.dumps(schema)
    assert schema["title"] == "Diapo draft"
    for name in TRANSITION_NAMES:
        assert f'"{name}"' in text
    assert "tt" in text and "sg" in text


def test_duration_counts_transition_overlaps() -> None:
    draft = build_slideshow(_photos(10), seconds_per_photo=3.5, transition_ms=500, beat_sync=False)
    assert draft.duration_ms() == 10 * 3500 - 9 * 500
