"""Edit operations on real drafts: what a person would notice after each one."""

from __future__ import annotations

from datetime import datetime

import pytest

from diapo.draft import Draft, MediaRef, build_slideshow
from diapo.draft.model import AudioTrack, TextTrack
from diapo.draft.ops import (
    OPS,
    AddTitle,
    ApplyStyle,
    EditText,
    ExportRequest,
    MakeSlideshow,
    MovePhoto,
    OpError,
    Redo,
    RemoveCaption,
    RemovePhoto,
    RemoveText,
    RestorePhoto,
    ReverseOrder,
    SetAspect,
    SetBeatSync,
    SetCaption,
    SetClipVolume,
    SetDucking,
    SetDuration,
    SetFit,
    SetKenBurns,
    SetMusic,
    SetMusicFades,
    SetMusicVolume,
    SetOutput,
    SetPace,
    SetTotalLength,
    SetTransition,
    ShufflePhotos,
    SortPhotos,
    SwapPhotos,
    TrimClip,
    Undo,
    op_json_schemas,
    parse_op,
)
from diapo.errors import InvalidDraftError

MEDIA = (
    MediaRef("p1", "photo", 4000, 3000, name="mare.jpg", taken_at=datetime(2024, 7, 3)),
    MediaRef("p2", "photo", 3000, 4000, name="duomo.jpg", taken_at=datetime(2024, 7, 1)),
    MediaRef("p3", "photo", 4000, 3000, name="tramonto.jpg", taken_at=datetime(2024, 7, 2)),
    MediaRef("c1", "clip", 1920, 1080, duration_ms=6000, name="gondola.mp4", has_audio=True),
    MediaRef("p4", "photo", 4000, 3000, name="alba.jpg"),
    MediaRef("s1", "audio", duration_ms=90_000, name="canzone.mp3"),
)


@pytest.fixture
def draft() -> Draft:
    return build_slideshow(MEDIA)


def srcs(d: Draft) -> list[str]:
    assert d.main_video is not None
    return [s.m.src for s in d.main_video.sg]


def music(d: Draft) -> AudioTrack:
    return next(t for t in d.audio_tracks if t.sg)


def assert_consistent(d: Draft) -> None:
    assert Draft.parse(d.to_dict()) == d
    total = d.video_duration_ms()
    for track in d.audio_tracks:
        for seg in track.sg:
            assert seg.m.at + seg.d == total
    for text_track in d.text_tracks:
        for tseg in text_track.sg:
            assert tseg.m.at + tseg.d <= total


def test_make_slideshow_uses_every_photo_and_clip_and_the_uploaded_song() -> None:
    d = MakeSlideshow().apply(None, MEDIA)
    assert srcs(d) == ["p1", "p2", "p3", "c1", "p4"]
    assert music(d).sg[0].m.src == "s1"
    assert_consistent(d)


def test_remaking_keeps_aspect_music_and_title(draft: Draft) -> None:
    d = SetAspect(aspect="9:16").apply(draft, MEDIA)
    d = SetMusic(music="serenata").apply(d, MEDIA)
    d = AddTitle(text="Estate").apply(d, MEDIA)
    again = MakeSlideshow(media_ids=["p3", "p1"]).apply(d, MEDIA)
    assert srcs(again) == ["p3", "p1"]
    assert again.c.ar == "9:16"
    assert music(again).sg[0].m.src == "music:serenata"
    assert again.text_tracks[0].sg[0].m.text == "Estate"
    assert_consistent(again)


def test_make_slideshow_with_unknown_media_says_which(draft: Draft) -> None:
    with pytest.raises(InvalidDraftError, match="nope"):
        MakeSlideshow(media_ids=["nope"]).apply(draft, MEDIA)


def test_move_swap_reverse_and_sort_reorder_the_photos(draft: Draft) -> None:
    assert srcs(MovePhoto(index=3, to=1).apply(draft, MEDIA)) == ["p3", "p1", "p2", "c1", "p4"]
    assert srcs(MovePhoto(index=1, to=99).apply(draft, MEDIA))[-1] == "p1"
    assert srcs(SwapPhotos(a=1, b=5).apply(draft, MEDIA)) == ["p4", "p2", "p3", "c1", "p1"]
    assert srcs(ReverseOrder().apply(draft, MEDIA)) == ["p4", "c1", "p3", "p2", "p1"]
    # Undated items keep their order after the dated ones.
    assert srcs(SortPhotos(by="date").apply(draft, MEDIA)) == ["p2", "p3", "p1", "c1", "p4"]
    assert srcs(SortPhotos(by="name").apply(draft, MEDIA)) == ["p4", "p2", "c1", "p1", "p3"]


def test_reordering_keeps_the_first_segment_without_a_transition(draft: Draft) -> None:
    d = MovePhoto(index=4, to=1).apply(draft, MEDIA)
    assert d.main_video is not None
    assert d.main_video.sg[0].m.tr is None
    assert all(s.m.tr is not None for s in d.main_video.sg[1:])


def test_shuffle_is_repeatable_with_a_seed(draft: Draft) -> None:
    a = ShufflePhotos(seed=7).apply(draft, MEDIA)
    b = ShufflePhotos(seed=7).apply(draft, MEDIA)
    assert srcs(a) == srcs(b)
    assert sorted(srcs(a)) == sorted(srcs(draft))


def test_remove_then_restore_puts_the_photo_back_where_it_was(draft: Draft) -> None:
    d = RemovePhoto(index=2).apply(draft, MEDIA)
    assert "p2" not in srcs(d)
    assert music(d).sg[0].d == d.video_duration_ms()
    back = RestorePhoto(media_id="p2").apply(d, MEDIA)
    assert srcs(back) == srcs(draft)
    assert_consistent(back)


def test_impossible_requests_say_what_is_wrong(draft: Draft) -> None:
    with pytest.raises(InvalidDraftError, match="no photo 12"):
        RemovePhoto(index=12).apply(draft, MEDIA)
    with pytest.raises(OpError) as exc:
        MovePhoto(index=9, to=1).apply(draft, MEDIA)
    assert "foto 9" in exc.value.in_lang("it")
    assert "第9张" in exc.value.in_lang("zh")
    with pytest.raises(InvalidDraftError, match="already"):
        RestorePhoto(media_id="p1").apply(draft, MEDIA)
    with pytest.raises(InvalidDraftError, match="photo, not a video"):
        TrimClip(index=1, seconds=2).apply(draft, MEDIA)
    with pytest.raises(InvalidDraftError, match="no slideshow"):
        SetPace(factor=1.2).apply(None, MEDIA)


def test_the_last_photo_cannot_be_removed() -> None:
    d = build_slideshow(MEDIA[:1])
    with pytest.raises(InvalidDraftError, match="only photo"):
        RemovePhoto(index=1).apply(d, MEDIA)


def test_duration_sets_photos_but_not_clips(draft: Draft) -> None:
    d = SetDuration(seconds=2).apply(draft, MEDIA)
    assert d.main_video is not None
    assert [s.d for s in d.main_video.sg] == [2000, 2000, 2000, 6000, 2000]
    one = SetDuration(seconds=5, index=2).apply(draft, MEDIA)
    assert one.main_video is not None and one.main_video.sg[1].d == 5000
    assert_consistent(d)


def test_tiny_durations_are_clamped_and_transitions_shrink(draft: Draft) -> None:
    d = SetDuration(seconds=0.05).apply(draft, MEDIA)
    assert d.main_video is not None
    assert min(s.d for s in d.main_video.sg) == 100
    for prev, seg in zip(d.main_video.sg, d.main_video.sg[1:], strict=False):
        assert seg.m.tr is not None and seg.m.tr.d <= min(prev.d, seg.d) // 2


def test_total_length_hits_the_target(draft: Draft) -> None:
    d = SetTotalLength(seconds=30).apply(draft, MEDIA)
    assert abs(d.video_duration_ms() - 30_000) <= 50
    assert music(d).sg[0].d == d.video_duration_ms()


def test_pace_scales_photo_durations(draft: Draft) -> None:
    d = SetPace(factor=1.5).apply(draft, MEDIA)
    assert d.main_video is not None
    assert d.main_video.sg[0].d == 5250
    assert d.video_duration_ms() > draft.video_duration_ms()


def test_transitions_for_all_cuts_or_one(draft: Draft) -> None:
    d = SetTransition(kind="fade_black", seconds=1).apply(draft, MEDIA)
    assert d.main_video is not None
    assert {(s.m.tr.k, s.m.tr.d) for s in d.main_video.sg[1:] if s.m.tr} == {("fade_black", 1000)}
    one = SetTransition(kind="zoom", index=3).apply(draft, MEDIA)
    assert one.main_video is not None and one.main_video.sg[2].m.tr is not None
    assert one.main_video.sg[2].m.tr.k == "zoom"
    varied = SetTransition(kind="varied").apply(draft, MEDIA)
    assert varied.main_video is not None
    assert len({s.m.tr.k for s in varied.main_video.sg[1:] if s.m.tr}) > 1
    cut = SetTransition(kind="cut").apply(draft, MEDIA)
    assert cut.main_video is not None
    assert cut.video_duration_ms() == sum(s.d for s in cut.main_video.sg)


def test_long_transitions_are_clamped_not_refused(draft: Draft) -> None:
    d = SetTransition(kind="crossfade", seconds=10).apply(draft, MEDIA)
    assert d.main_video is not None
    assert all(s.m.tr is not None and s.m.tr.d == 1750 for s in d.main_video.sg[1:])


def test_ken_burns_off_and_stronger(draft: Draft) -> None:
    off = SetKenBurns(on=False).apply(draft, MEDIA)
    assert off.main_video is not None
    assert all(s.m.kb is None or not s.m.kb.on for s in off.main_video.sg)
    strong = SetKenBurns(on=True, intensity=2).apply(off, MEDIA)
    assert strong.main_video is not None
    kb = strong.main_video.sg[0].m.kb
    assert kb is not None and kb.on and max(kb.z0, kb.z1) > 1.12


def test_aspect_keeps_the_resolution_and_fit_is_set(draft: Draft) -> None:
    d = SetAspect(aspect="9:16").apply(draft, MEDIA)
    assert (d.c.w, d.c.h) == (1080, 1920)
    square = SetAspect(aspect="1:1").apply(d, MEDIA)
    assert (square.c.w, square.c.h) == (1080, 1080)  # 1080p stays 1080p (was 1920x1920)
    assert SetFit(fit="contain").apply(draft, MEDIA).fit == "contain"
    one = SetFit(fit="contain", index=2).apply(draft, MEDIA)
    assert one.main_video is not None and one.main_video.sg[1].m.fit == "contain"


def test_aspect_change_reaims_the_motion_at_the_same_strength(draft: Draft) -> None:
    from diapo.draft import intensity_of, ken_burns_for

    def motions(d: Draft) -> list:  # type: ignore[type-arg]
        assert d.main_video is not None
        return [s.m.kb for s in d.main_video.sg]

    strong = SetKenBurns(on=True, intensity=2).apply(draft, MEDIA)
    tall = SetAspect(aspect="9:16").apply(strong, MEDIA)
    landscape = motions(tall)[0]  # p1, 4:3: a quarter of it would show in cover fit
    # Far from the canvas's shape, it is shown whole over its blurred copy, zooming in.
    assert tall.main_video is not None and tall.main_video.sg[0].m.fit == "contain"
    assert landscape is not None and landscape.z1 > landscape.z0 and landscape.x0 == 0
    assert intensity_of(landscape) == 2
    assert motions(tall)[1] == ken_burns_for(1, MEDIA[1], "9:16", intensity=2)  # p2, portrait
    assert motions(tall)[3] is None  # the clip has no motion
    back = SetAspect(aspect="16:9").apply(tall, MEDIA)
    assert motions(back) == motions(strong)
    still = SetKenBurns(on=False, index=1).apply(draft, MEDIA)
    assert motions(SetAspect(aspect="9:16").apply(still, MEDIA))[0] == motions(still)[0]


@pytest.mark.parametrize("intensity", [0.3, 0.5, 1.0, 1.7, 2.0, 3.0])
@pytest.mark.parametrize("size", [(4000, 3000), (3000, 4000), (6000, 1500), (1200, 4000)])
@pytest.mark.parametrize("aspect", ["16:9", "9:16", "1:1", "4:5"])
def test_intensity_of_reads_back_every_builder_motion(
    intensity: float, size: tuple[int, int], aspect: str
) -> None:
    from diapo.draft import intensity_of, ken_burns_for

    ref = MediaRef("x", "photo", *size)
    for index in range(6):
        kb = ken_burns_for(index, ref, aspect, intensity=intensity)
        assert intensity_of(kb) == pytest.approx(intensity, abs=1e-3)


def test_titles_subtitles_and_captions(draft: Draft) -> None:
    d = AddTitle(text="Estate in Toscana", pos="top", color="#ff0000").apply(draft, MEDIA)
    title = d.text_tracks[0].sg[0]
    assert (title.m.text, title.m.pos, title.m.color, title.m.at, title.d) == (
        "Estate in Toscana", "top", "#ff0000", 0, 3000,
    )  # fmt: skip
    d = AddTitle(text="Agosto", role="subtitle").apply(d, MEDIA)
    d = AddTitle(text="Nuovo").apply(d, MEDIA)  # a new title replaces the old one
    assert [s.m.text for s in d.text_tracks[0].sg] == ["Nuovo", "Agosto"]
    d = EditText(role="title", size=0.08, seconds=5).apply(d, MEDIA)
    assert d.text_tracks[0].sg[0].m.size == 0.08 and d.text_tracks[0].sg[0].d == 5000
    d = SetCaption(index=2, text="Firenze", pos="top").apply(d, MEDIA)
    assert d.main_video is not None and d.main_video.sg[1].m.cap is not None
    assert d.main_video.sg[1].m.cap.text == "Firenze"
    d = RemoveCaption(index=2).apply(d, MEDIA)
    assert d.main_video is not None and d.main_video.sg[1].m.cap is None
    d = RemoveText(role="all").apply(d, MEDIA)
    assert not any(isinstance(t, TextTrack) and t.sg for t in d.t)
    with pytest.raises(InvalidDraftError, match="no title"):
        RemoveText(role="title").apply(d, MEDIA)


def test_a_title_never_passes_the_end(draft: Draft) -> None:
    d = AddTitle(text="Fine", start=17, seconds=5).apply(draft, MEDIA)
    seg = d.text_tracks[0].sg[0]
    assert seg.m.at + seg.d <= d.video_duration_ms()
    shorter = SetDuration(seconds=0.5).apply(d, MEDIA)
    assert_consistent(shorter)


def test_music_styles_uploads_and_silence(draft: Draft) -> None:
    d = SetMusic(music="festa").apply(draft, MEDIA)
    assert music(d).sg[0].m.src == "music:festa"
    assert music(SetMusic(music="s1").apply(d, MEDIA)).sg[0].m.src == "s1"
    silent = SetMusic(music=None).apply(d, MEDIA)
    assert not silent.audio_tracks
    again = SetMusic(music="music:serenata").apply(silent, MEDIA)
    assert music(again).sg[0].d == again.video_duration_ms()
    with pytest.raises(InvalidDraftError, match="tarantella"):
        SetMusic(music="jazz").apply(draft, MEDIA)


def test_music_volume_fades_and_ducking(draft: Draft) -> None:
    d = SetMusicVolume(volume=0.5).apply(draft, MEDIA)
    assert music(d).sg[0].m.vol == 0.5
    d = SetMusicVolume(change=-0.2).apply(d, MEDIA)
    assert music(d).sg[0].m.vol == pytest.approx(0.3)
    d = SetMusicVolume(change=-0.9).apply(d, MEDIA)
    assert music(d).sg[0].m.vol == 0.0
    d = SetMusicFades(fade_in=1, fade_out=3).apply(d, MEDIA)
    assert (music(d).sg[0].m.fi, music(d).sg[0].m.fo) == (1000, 3000)
    assert music(SetDucking(level=0.1).apply(d, MEDIA)).sg[0].m.duck == 0.1
    with pytest.raises(InvalidDraftError, match="no music"):
        SetMusicVolume(volume=0.2).apply(SetMusic(music=None).apply(d, MEDIA), MEDIA)


def test_clip_trim_and_volume(draft: Draft) -> None:
    d = TrimClip(index=4, start=2, seconds=10).apply(draft, MEDIA)
    assert d.main_video is not None
    clip = d.main_video.sg[3]
    assert (clip.m.trim, clip.d) == (2000, 4000)  # only 4 s are left after the trim
    d = SetClipVolume(volume=0).apply(d, MEDIA)
    assert d.main_video is not None and d.main_video.sg[3].m.vol == 0
    with pytest.raises(InvalidDraftError, match="only 6s"):
        TrimClip(index=4, start=7).apply(draft, MEDIA)


@pytest.mark.parametrize(
    ("style", "photo_ms", "kind", "song"),
    [
        ("cinematic", 4500, "fade_black", "music:serenata"),
        ("romantic", 4000, "crossfade", "music:mandolino"),
        ("energetic", 2000, "push_left", "music:festa"),
    ],
)
def test_style_presets_set_pace_transitions_and_music(
    draft: Draft, style: str, photo_ms: int, kind: str, song: str
) -> None:
    # Without beat sync the preset's pace is exact (with it, photos last whole bars).
    draft = SetBeatSync(on=False).apply(draft, MEDIA)
    d = ApplyStyle(style=style).apply(draft, MEDIA)
    assert d.main_video is not None
    assert d.main_video.sg[0].d == photo_ms
    assert d.main_video.sg[1].m.tr is not None and d.main_video.sg[1].m.tr.k == kind
    assert music(d).sg[0].m.src == song
    assert_consistent(d)


def test_output_export_and_history_leave_the_draft_to_the_caller(draft: Draft) -> None:
    assert SetOutput(format="gif", resolution="720p").apply(draft, MEDIA) == draft
    assert ExportRequest().format == "mp4"
    assert not SetOutput.changes_draft and not Undo.changes_draft
    with pytest.raises(InvalidDraftError, match="history"):
        Undo().apply(draft, MEDIA)
    with pytest.raises(InvalidDraftError, match="history"):
        Redo(steps=2).apply(draft, MEDIA)


def test_every_op_describes_itself_in_three_languages(draft: Draft) -> None:
    samples = [parse_op({"op": name, **_minimal(name)}) for name in OPS]
    for op in samples:
        texts = {lang: op.describe(lang) for lang in ("it", "en", "zh")}
        assert all(texts.values()), op
        assert len(set(texts.values())) >= 2 or op.op in ("set_aspect",), texts


def _minimal(name: str) -> dict[str, object]:
    required: dict[str, dict[str, object]] = {
        "move_photo": {"index": 1, "to": 2}, "swap_photos": {"a": 1, "b": 2},
        "remove_photo": {"index": 1}, "restore_photo": {"media_id": "p1"},
        "set_duration": {"seconds": 2}, "set_total_length": {"seconds": 20},
        "set_pace": {"factor": 1.2}, "set_aspect": {"aspect": "1:1"}, "set_fit": {"fit": "contain"},
        "add_title": {"text": "Ciao"}, "set_caption": {"index": 1, "text": "Ciao"},
        "set_music": {"music": "festa"}, "set_ducking": {"level": 0.2},
        "trim_clip": {"index": 4, "seconds": 2}, "set_clip_volume": {"volume": 0.5},
        "apply_style": {"style": "romantic"}, "keep_best": {"count": 3},
        "set_beat_sync": {"on": True}, "set_preset": {"preset": "tiktok"},
        "use_template": {"template": "compleanno"},
        "set_ending": {"kind": "card"},
    }  # fmt: skip
    return required.get(name, {})


def test_parse_op_validates_with_field_paths() -> None:
    assert parse_op({"op": "set_pace", "factor": 1.3}) == SetPace(factor=1.3)
    with pytest.raises(InvalidDraftError) as exc:
        parse_op({"op": "set_pace", "factor": "fast"})
    assert exc.value.errors[0]["loc"] == "factor"
    with pytest.raises(InvalidDraftError, match="Unknown operation"):
        parse_op({"op": "make_coffee"})
    with pytest.raises(InvalidDraftError, match="aspect"):
        parse_op({"op": "set_aspect", "aspect": "3:2"})


def test_json_schemas_describe_one_tool_per_op() -> None:
    tools = op_json_schemas()
    assert {t["name"] for t in tools} == set(OPS)
    pace = next(t for t in tools if t["name"] == "set_pace")
    assert pace["parameters"]["required"] == ["factor"]
    assert "op" not in pace["parameters"]["properties"]


def test_set_ending_keeps_old_drafts_readable_and_the_default_unwritten(draft: Draft) -> None:
    from diapo.draft import Ending
    from diapo.draft.ops import SetEnding

    old = draft.to_dict()
    assert "end" not in old and Draft.parse(old).ending == Ending(k="fade", d=1000)
    card = SetEnding(kind="card", text="Fine", ms=1500).apply(draft, MEDIA)
    assert card.ending == Ending(k="card", d=1500, text="Fine")
    assert Draft.parse(card.to_json()).ending == card.ending
    back = SetEnding(kind="fade", ms=1000).apply(card, MEDIA)
    assert back.end is None and back.to_dict() == old
    with pytest.raises(InvalidDraftError):
        Draft.parse({**old, "end": {"k": "fade", "d": 3000}})  # over the 1.5 s the fade allows


def test_the_summary_names_an_ending_other_than_the_default(draft: Draft) -> None:
    from diapo.draft import describe
    from diapo.draft.ops import SetEnding

    assert "Finale" not in describe(draft, "it")
    card = SetEnding(kind="card", text="Ciao").apply(draft, MEDIA)
    assert describe(card, "it").splitlines()[-1] == "Finale: cartello finale (1s) «Ciao»"
    assert describe(SetEnding(kind="cut").apply(draft, MEDIA), "zh").endswith("结尾：直接结束")
