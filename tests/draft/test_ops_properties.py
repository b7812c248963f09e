"""Any sequence of edits leaves a valid, consistent draft."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diapo.draft import Draft, MediaRef, build_slideshow
from diapo.draft.model import TRANSITION_NAMES
from diapo.draft.ops import (
    AddTitle,
    ApplyStyle,
    EditText,
    MovePhoto,
    Op,
    RemoveCaption,
    RemovePhoto,
    RemoveText,
    RestorePhoto,
    ReverseOrder,
    SetAspect,
    SetCaption,
    SetClipVolume,
    SetDucking,
    SetDuration,
    SetFit,
    SetKenBurns,
    SetMusic,
    SetMusicFades,
    SetMusicVolume,
    SetPace,
    SetTotalLength,
    SetTransition,
    ShufflePhotos,
    SortPhotos,
    SwapPhotos,
    TrimClip,
)
from diapo.errors import InvalidDraftError

MEDIA = (
    MediaRef("p1", "photo", 4000, 3000, name="mare.jpg"),
    MediaRef("p2", "photo", 3000, 4000, name="duomo.jpg"),
    MediaRef("c1", "clip", 1920, 1080, duration_ms=5000, name="gondola.mp4", has_audio=True),
    MediaRef("p3", "photo", 4000, 3000, name="tramonto.jpg"),
    MediaRef("p4", "photo", 1000, 4000, name="torre.jpg"),
)

pos = st.integers(min_value=1, max_value=6)
secs = st.floats(min_value=0.05, max_value=12, allow_nan=False)
text = st.text(alphabet="abc xyz", min_size=1, max_size=12).filter(str.strip)

ops: st.SearchStrategy[Op] = st.one_of(
    st.builds(MovePhoto, index=pos, to=pos),
    st.builds(SwapPhotos, a=pos, b=pos),
    st.builds(ReverseOrder),
    st.builds(SortPhotos, by=st.sampled_from(["date", "name"]), descending=st.booleans()),
    st.builds(ShufflePhotos, seed=st.integers(0, 99)),
    st.builds(RemovePhoto, index=pos),
    st.builds(RestorePhoto, media_id=st.sampled_from([m.id for m in MEDIA])),
    st.builds(SetDuration, seconds=secs, index=st.none() | pos),
    st.builds(SetTotalLength, seconds=st.floats(min_value=0.5, max_value=120)),
    st.builds(SetPace, factor=st.floats(min_value=0.1, max_value=4)),
    st.builds(
        SetTransition,
        kind=st.sampled_from([*TRANSITION_NAMES, "varied"]),
        seconds=st.none() | st.floats(min_value=0, max_value=10),
        index=st.none() | st.integers(2, 6),
    ),
    st.builds(SetKenBurns, on=st.booleans(), intensity=st.none() | st.floats(0, 3)),
    st.builds(SetAspect, aspect=st.sampled_from(["16:9", "9:16", "1:1", "4:5"])),
    st.builds(SetFit, fit=st.sampled_from(["cover", "contain"]), index=st.none() | pos),
    st.builds(
        AddTitle,
        text=text,
        role=st.sampled_from(["title", "subtitle", "caption"]),
        start=st.none() | st.floats(0, 60),
        seconds=st.none() | st.floats(0.1, 60),
    ),
    st.builds(
        EditText, role=st.sampled_from(["title", "all"]), seconds=st.none() | st.floats(0.1, 30)
    ),
    st.builds(RemoveText, role=st.sampled_from(["title", "subtitle", "caption", "all"])),
    st.builds(SetCaption, index=pos, text=text),
    st.builds(RemoveCaption, index=st.none() | pos),
    st.builds(SetMusic, music=st.none() | st.sampled_from(["tarantella", "festa", "serenata"])),
    st.builds(SetMusicVolume, change=st.floats(-1, 1)),
    st.builds(SetMusicFades, fade_in=st.floats(0, 10), fade_out=st.floats(0, 60)),
    st.builds(SetDucking, level=st.floats(0, 1)),
    st.builds(TrimClip, index=pos, start=st.none() | st.floats(0, 6), seconds=st.none() | secs),
    st.builds(SetClipVolume, volume=st.floats(0, 2)),
    st.builds(ApplyStyle, style=st.sampled_from(["cinematic", "romantic", "energetic"])),
)


def check(d: Draft) -> None:
    assert Draft.parse(d.to_dict()) == d
    video = d.main_video
    assert video is not None and video.sg
    total = d.video_duration_ms()
    for prev, seg in zip(video.sg, video.sg[1:], strict=False):
        assert seg.d >= 100
        if seg.m.tr is not None:
            assert seg.m.tr.d <= min(prev.d, seg.d) // 2
    for track in d.audio_tracks:
        for a in track.sg:
            assert a.m.at + a.d == total  # music runs to the end of the video
    for text_track in d.text_tracks:
        for t in text_track.sg:
            assert t.m.at + t.d <= total


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ops, min_size=1, max_size=8))
def test_any_sequence_of_edits_leaves_a_valid_consistent_draft(sequence: list[Op]) -> None:
    draft = build_slideshow(MEDIA)
    for op in sequence:
        try:
            draft = op.apply(draft, MEDIA)
        except InvalidDraftError:
            continue  # a clear refusal ("there is no photo 6") is fine; the draft stays as it was
        check(draft)
