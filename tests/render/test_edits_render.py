"""Any sequence of valid edits yields a draft that renders: decoded frames match the plan."""

from __future__ import annotations

from pathlib import Path

import av
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diapo.draft import MediaRef, build_slideshow, with_resolution
from diapo.draft.model import TRANSITION_NAMES
from diapo.draft.ops import (
    AddTitle,
    ApplyStyle,
    MovePhoto,
    Op,
    RemovePhoto,
    RestorePhoto,
    SetAspect,
    SetCaption,
    SetClipVolume,
    SetDuration,
    SetFit,
    SetKenBurns,
    SetMusic,
    SetMusicVolume,
    SetTransition,
    TrimClip,
)
from diapo.errors import InvalidDraftError
from diapo.render import render

pos = st.integers(min_value=1, max_value=5)
edits: st.SearchStrategy[Op] = st.one_of(
    st.builds(MovePhoto, index=pos, to=pos),
    st.builds(RemovePhoto, index=pos),
    st.builds(RestorePhoto, media_id=st.sampled_from(["red", "blue", "green", "clip"])),
    st.builds(SetDuration, seconds=st.floats(0.2, 1.5), index=st.none() | pos),
    st.builds(
        SetTransition,
        kind=st.sampled_from([*TRANSITION_NAMES, "varied"]),
        seconds=st.none() | st.floats(0, 1),
    ),
    st.builds(SetKenBurns, on=st.booleans(), intensity=st.none() | st.floats(0, 3)),
    st.builds(SetAspect, aspect=st.sampled_from(["16:9", "9:16", "1:1", "4:5"])),
    st.builds(SetFit, fit=st.sampled_from(["cover", "contain"]), index=st.none() | pos),
    st.builds(AddTitle, text=st.sampled_from(["Estate", "Città è bella", "意大利"])),
    st.builds(SetCaption, index=pos, text=st.sampled_from(["Positano", "海边"])),
    st.builds(SetMusic, music=st.none() | st.sampled_from(["tarantella", "serenata"])),
    st.builds(SetMusicVolume, change=st.floats(-1, 1)),
    st.builds(TrimClip, index=pos, start=st.none() | st.floats(0, 1)),
    st.builds(SetClipVolume, volume=st.floats(0, 2)),
    st.builds(ApplyStyle, style=st.sampled_from(["cinematic", "romantic", "energetic"])),
)


@pytest.fixture(scope="module")
def media(samples: dict[str, Path], cards: dict[str, Path]) -> list[MediaRef]:
    photos = [
        MediaRef(id=str(cards[c]), kind="photo", width=640, height=480, name=f"{c}.png")
        for c in ("red", "blue", "green")
    ]
    clip = MediaRef(
        id=str(samples["clip"]), kind="clip", width=640, height=360, duration_ms=2000,
        name="clip.mp4", has_audio=True,
    )  # fmt: skip
    return [*photos, clip]


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(sequence=st.lists(edits, min_size=1, max_size=5))
def test_any_sequence_of_edits_renders(
    sequence: list[Op], media: list[MediaRef], tmp_path: Path
) -> None:
    ids = {"red": media[0].id, "blue": media[1].id, "green": media[2].id, "clip": media[3].id}
    draft = build_slideshow(media, seconds_per_photo=1)
    for op in sequence:
        if isinstance(op, RestorePhoto):
            op = RestorePhoto(media_id=ids[op.media_id])
        try:
            draft = op.apply(draft, media)
        except InvalidDraftError:
            continue
    small = with_resolution(draft, 120)
    out = render(small, tmp_path / "edit.mp4", quality="preview")
    with av.open(str(out.path)) as c:
        video = c.streams.video[0]
        assert (video.codec_context.width, video.codec_context.height) == (small.c.w, small.c.h)
        frames = sum(1 for _ in c.decode(video=0))
    assert frames == out.frames > 0
