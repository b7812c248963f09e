"""Subjects in the draft: validated boxes on photo segments, and 'auto' text positions."""

from __future__ import annotations

import pytest

from diapo.draft import Draft, MediaRef, build_slideshow
from diapo.draft.media import Subject
from diapo.draft.model import draft_json_schema
from diapo.errors import InvalidDraftError


def _draft(subj: list[dict[str, object]], pos: str = "auto") -> dict[str, object]:
    return {
        "t": [
            {"tt": 0, "sg": [{"d": 3000, "m": {"src": "a.jpg", "subj": subj}}]},
            {"tt": 7, "sg": [{"d": 2000, "m": {"text": "Ciao", "pos": pos}}]},
        ]
    }


def test_builder_carries_the_photos_subjects_into_the_draft() -> None:
    ref = MediaRef(
        "a.jpg", "photo", 4032, 3024, subjects=(Subject(0.4, 0.2, 0.1, 0.13, "face", 1.2),)
    )
    draft = build_slideshow([ref], music=None)
    assert draft.main_video is not None
    seg = draft.main_video.sg[0]
    assert seg.m.subj is not None and seg.m.subj[0].k == "face"
    assert (seg.m.subj[0].x, seg.m.subj[0].w) == (0.4, 0.1)
    assert Draft.parse(draft.to_json()) == draft


def test_subject_boxes_must_lie_inside_the_photo() -> None:
    Draft.parse(_draft([{"x": 0.1, "y": 0.1, "w": 0.2, "h": 0.2, "k": "face"}]))
    with pytest.raises(InvalidDraftError, match=r"t\.0\.sg\.0\.m\.subj\.0"):
        Draft.parse(_draft([{"x": 0.9, "y": 0.1, "w": 0.2, "h": 0.2}]))
    with pytest.raises(InvalidDraftError, match="subj"):
        Draft.parse(_draft([{"x": 0.1, "y": 0.1, "w": 0, "h": 0.2}]))
    with pytest.raises(InvalidDraftError, match="subj"):
        Draft.parse(_draft([{"x": 0.1, "y": 0.1, "w": 0.1, "h": 0.2, "k": "cat"}]))


def test_text_position_auto_is_in_the_schema() -> None:
    Draft.parse(_draft([], pos="auto"))
    with pytest.raises(InvalidDraftError):
        Draft.parse(_draft([], pos="middle"))
    schema = draft_json_schema()
    assert "auto" in str(schema["$defs"]["TextMeta"]["properties"]["pos"])
    assert "SubjectBox" in schema["$defs"]


def test_media_subject_refuses_a_box_outside_the_photo() -> None:
    with pytest.raises(ValueError, match="size"):
        Subject(0.1, 0.1, 0.0, 0.2)
