"""End-to-end renders at small sizes, decoded back with PyAV and checked pixel by pixel."""

from __future__ import annotations

import threading
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from PIL import GifImagePlugin, Image
from tests.render.conftest import ReadMedia

from diapo.draft import (
    ASPECTS,
    Draft,
    MediaRef,
    build_slideshow,
    canvas_for,
    with_resolution,
)
from diapo.errors import (
    InvalidDraftError,
    MissingMediaError,
    RenderCancelled,
    UnsupportedOutputError,
)
from diapo.render import render

SMALL = 320  # long side of test canvases


def photo(path: Path, w: int = 640, h: int = 480) -> MediaRef:
    return MediaRef(id=str(path), kind="photo", width=w, height=h, name=path.name)


def small(draft: Draft, long_side: int = SMALL) -> Draft:
    return with_resolution(draft, long_side)


def mean_rgb(frame: np.ndarray) -> np.ndarray:
    return np.asarray(frame.reshape(-1, 3).mean(axis=0))


def test_default_mp4_is_h264_aac_with_exact_frames(
    cards: dict[str, Path], read_media: ReadMedia, tmp_path: Path
) -> None:
    draft = small(
        build_slideshow(
            [photo(cards["red"]), photo(cards["blue"])], seconds_per_photo=1, beat_sync=False
        )
    )
    out = render(draft, tmp_path / "a.mp4")
    got = read_media(out.path)
    assert got.video_codec == "h264" and got.audio_codec == "aac"
    assert (got.width, got.height) == (320, 180)
    assert len(got.frames) == out.frames == 45  # 2 x 1 s - 0.5 s overlap at 30 fps
    assert got.duration_s == pytest.approx(1.5, abs=0.1)
    assert got.audio is not None and np.sqrt(np.mean(got.audio**2)) > 0.005
    # The blue photo last, fading out with the ending over the last half of the video.
    first, last = mean_rgb(got.frames[0]), mean_rgb(got.frames[-15])
    assert first[0] > 150 and first[2] < 90  # red photo first
    assert last[2] > 100 and last[0] < 60  # blue photo last
    assert mean_rgb(got.frames[-1]).max() < 8


def test_mp4_is_fast_start(cards: dict[str, Path], tmp_path: Path) -> None:
    draft = small(build_slideshow([photo(cards["red"])], seconds_per_photo=0.5, music=None))
    data = render(draft, tmp_path / "f.mp4").path.read_bytes()
    assert data.find(b"moov") < data.find(b"mdat")


def test_hard_cuts_start_keyframes_and_crossfades_do_not(
    cards: dict[str, Path], tmp_path: Path
) -> None:
    import av

    photos = [photo(cards[c]) for c in ("red", "blue", "green")]
    draft = small(
        build_slideshow(photos, seconds_per_photo=1, transition="cut", music=None, ken_burns=0)
    )
    keys = _keyframes(render(draft, tmp_path / "cut.mp4").path, av)
    assert keys == [0, 30, 60]  # each photo starts on a keyframe
    faded = small(build_slideshow(photos, seconds_per_photo=1, transition_ms=500, music=None))
    assert _keyframes(render(faded, tmp_path / "fade.mp4").path, av) == [0]


def _keyframes(path: Path, av: ModuleType) -> list[int]:
    with av.open(str(path)) as c:
        return [i for i, f in enumerate(c.decode(video=0)) if f.key_frame]


def test_crossfade_middle_frame_mixes_both_photos(
    cards: dict[str, Path], read_media: ReadMedia, tmp_path: Path
) -> None:
    draft = build_slideshow(
        [photo(cards["red"]), photo(cards["blue"])], seconds_per_photo=2, transition_ms=1000,
        music=None, ken_burns=0,
    )  # fmt: skip
    got = read_media(render(small(draft), tmp_path / "x.mp4").path)
    mid = mean_rgb(got.frames[45])  # the crossfade runs from 1.0 s to 2.0 s
    assert 80 < mid[0] < 170 and 80 < mid[2] < 170


def test_every_transition_renders_and_changes_the_picture(
    cards: dict[str, Path], read_media: ReadMedia, tmp_path: Path
) -> None:
    from diapo.draft import TRANSITION_NAMES, Transition, VideoTrack

    names = [n for n in TRANSITION_NAMES if n != "cut"]
    media = [photo(cards["red"] if i % 2 == 0 else cards["blue"]) for i in range(len(names) + 1)]
    draft = build_slideshow(media, seconds_per_photo=1, transition_ms=400, music=None, ken_burns=0)
    video = draft.t[0]
    assert isinstance(video, VideoTrack)
    segs = [video.sg[0]] + [
        s.model_copy(update={"m": s.m.model_copy(update={"tr": Transition(k=k, d=400)})})
        for s, k in zip(video.sg[1:], names, strict=True)
    ]
    draft = draft.model_copy(update={"t": [video.model_copy(update={"sg": segs})]})
    got = read_media(render(small(draft, 160), tmp_path / "all.mp4").path)
    assert len(got.frames) == round((len(media) * 1000 - len(names) * 400) * 30 / 1000)
    start = 0
    for _i, name in enumerate(names, start=1):
        start += 1000 - 400  # segment i starts 600 ms after the previous one
        mid = got.frames[round((start + 200) * 30 / 1000)].astype(np.int16)
        m = mean_rgb(mid)
        if name == "fade_black":
            assert m.max() < 40, name
        elif name == "fade_white":
            assert m.min() > 215, name
        else:
            red_like = (mid[..., 0] > 150) & (mid[..., 2] < 100)
            blue_like = (mid[..., 2] > 150) & (mid[..., 0] < 100)
            mixed = ~red_like & ~blue_like
            # Either both photos are on screen at once, or a blend of them is.
            assert (red_like.mean() > 0.05 and blue_like.mean() > 0.05) or mixed.mean() > 0.5, name


@pytest.mark.parametrize("aspect", ASPECTS)
def test_every_aspect_renders_at_its_size(
    aspect: str, cards: dict[str, Path], read_media: ReadMedia, tmp_path: Path
) -> None:
    draft = build_slideshow(
        [photo(cards["green"])], aspect=aspect, seconds_per_photo=0.4, music=None
    )
    out = render(small(draft, 240), tmp_path / "a.mp4")
    got = read_media(out.path)
    c = canvas_for(aspect, long_side=240)
    assert (got.width, got.height) == (c.w, c.h)
    assert len(got.frames) == 12


def test_rotated_photo_is_shown_upright(
    samples: dict[str, Path], read_media: ReadMedia, tmp_path: Path
) -> None:
    ref = photo(samples["rotated_exif"], 480, 640)
    draft = build_slideshow([ref], aspect="9:16", seconds_per_photo=0.4, music=None, ken_burns=0)
    got = read_media(render(small(draft), tmp_path / "r.mp4").path)
    frame = got.frames[5].astype(np.float64)
    top, bottom = frame[: frame.shape[0] // 6], frame[-frame.shape[0] // 6 :]
    # Sky on top: the top band is bluer and brighter than the bottom band.
    assert top[..., 2].mean() > bottom[..., 2].mean() + 10
    assert top[..., 2].mean() > top[..., 0].mean()


def test_title_changes_its_region_and_not_elsewhere(
    cards: dict[str, Path], read_media: ReadMedia, tmp_path: Path
) -> None:
    media = [photo(cards["blue"])]
    plain = build_slideshow(media, seconds_per_photo=2, music=None, ken_burns=0)
    titled = build_slideshow(
        media, seconds_per_photo=2, music=None, ken_burns=0, title="Città è bella"
    )
    a = read_media(render(small(plain), tmp_path / "p.mp4").path).frames[15].astype(np.int16)
    b = read_media(render(small(titled), tmp_path / "t.mp4").path).frames[15].astype(np.int16)
    diff = np.abs(a - b).sum(axis=2)
    h = diff.shape[0]
    middle = diff[h // 3 : 2 * h // 3].mean()
    assert middle > 10  # the title sits in the middle band
    # Elsewhere only the encoder's noise differs.
    assert diff[: h // 8].mean() < middle / 3 and diff[-h // 8 :].mean() < middle / 3


def test_chinese_title_renders_ink(
    cards: dict[str, Path], read_media: ReadMedia, tmp_path: Path
) -> None:
    media = [photo(cards["blue"])]
    titled = build_slideshow(
        media, seconds_per_photo=2, music=None, ken_burns=0, title="意大利之夏"
    )
    frame = read_media(render(small(titled), tmp_path / "z.mp4").path).frames[15]
    assert (frame.reshape(-1, 3).min(axis=1) > 200).mean() > 0.01  # white glyphs on blue


def test_contain_fit_shows_whole_photo_over_blurred_background(
    samples: dict[str, Path], read_media: ReadMedia, tmp_path: Path
) -> None:
    ref = photo(samples["panorama"], 8000, 1500)
    draft = build_slideshow([ref], seconds_per_photo=0.4, music=None, ken_burns=0, fit="contain")
    frame = read_media(render(small(draft), tmp_path / "c.mp4").path).frames[3]
    top = frame[:20].astype(np.float64)
    assert top.mean() > 5  # not black bars: a blurred copy fills them
    assert top.std(axis=(0, 1)).max() < frame.astype(np.float64).std(axis=(0, 1)).max()


def test_clip_keeps_its_sound_and_ducks_music(
    samples: dict[str, Path], read_media: ReadMedia, tmp_path: Path
) -> None:
    clip = MediaRef(
        id=str(samples["clip"]),
        kind="clip",
        width=640,
        height=360,
        duration_ms=2000,
        has_audio=True,
    )
    draft = build_slideshow([photo(samples["landscape1"]), clip], seconds_per_photo=1.5)
    out = render(small(draft), tmp_path / "clip.mp4")
    got = read_media(out.path)
    assert got.audio is not None
    assert len(got.frames) == out.frames
    assert got.duration_s == pytest.approx((1500 + 2000 - 500) / 1000, abs=0.1)


@pytest.mark.parametrize(
    "ext,codec", [("mov", "h264"), ("mkv", "h264"), ("webm", "vp9"), ("avi", "h264")]
)
def test_video_containers(
    ext: str, codec: str, cards: dict[str, Path], read_media: ReadMedia, tmp_path: Path
) -> None:
    draft = small(
        build_slideshow(
            [photo(cards["red"]), photo(cards["green"])], seconds_per_photo=0.6, beat_sync=False
        ),
        160,
    )
    got = read_media(render(draft, tmp_path / f"v.{ext}").path)
    assert got.video_codec == codec
    assert got.audio_codec is not None
    assert (got.width, got.height) == (160, 90)
    assert len(got.frames) == 27  # 2 x 600 ms less a 300 ms crossfade (half a photo at most)


def test_gif_is_palette_optimised_and_loops(cards: dict[str, Path], tmp_path: Path) -> None:
    draft = build_slideshow([photo(cards["red"]), photo(cards["blue"])], seconds_per_photo=1)
    out = render(small(draft), tmp_path / "g.gif")
    with Image.open(out.path) as img:
        assert isinstance(img, GifImagePlugin.GifImageFile)
        assert img.format == "GIF" and img.n_frames == out.frames > 10
        assert img.info.get("loop") == 0
        img.seek(0)
        first = np.asarray(img.convert("RGB")).reshape(-1, 3).mean(axis=0)
        assert first[0] > 150


@pytest.mark.parametrize("ext", ["jpg", "png", "webp"])
def test_poster_still(ext: str, cards: dict[str, Path], tmp_path: Path) -> None:
    draft = build_slideshow([photo(cards["red"])], seconds_per_photo=2, title="Ciao")
    out = render(small(draft), tmp_path / f"p.{ext}")
    with Image.open(out.path) as img:
        assert img.size == (320, 180)
        px = np.asarray(img.convert("RGB")).astype(np.int16)
    assert (px.min(axis=2) > 200).mean() > 0.001  # the title is on the poster


def test_contact_sheet_shows_every_photo(cards: dict[str, Path], tmp_path: Path) -> None:
    media = [photo(cards[c]) for c in ("red", "green", "blue", "red")]
    out = render(small(build_slideshow(media)), tmp_path / "s.png", still="contact")
    with Image.open(out.path) as img:
        px = np.asarray(img.convert("RGB")).astype(np.int16)
    assert ((px[..., 1] > 150) & (px[..., 0] < 100)).mean() > 0.05
    assert ((px[..., 2] > 150) & (px[..., 0] < 100)).mean() > 0.05


@pytest.mark.parametrize(
    "ext,codec", [("mp3", "mp3"), ("wav", "pcm_s16le"), ("m4a", "aac"), ("aac", "aac")]
)
def test_soundtrack_outputs(
    ext: str, codec: str, cards: dict[str, Path], read_media: ReadMedia, tmp_path: Path
) -> None:
    draft = build_slideshow([photo(cards["red"])] * 2, seconds_per_photo=2)
    got = read_media(render(draft, tmp_path / f"m.{ext}").path)
    assert got.video_codec is None
    assert got.audio_codec in (codec, codec + "float", "mp3float")
    assert got.audio_rate == 48000
    assert got.audio is not None and np.sqrt(np.mean(got.audio**2)) > 0.005


def test_progress_reaches_one_and_cancel_leaves_no_file(
    cards: dict[str, Path], tmp_path: Path
) -> None:
    draft = small(build_slideshow([photo(cards["red"]), photo(cards["blue"])], seconds_per_photo=2))
    seen: list[float] = []
    render(draft, tmp_path / "ok.mp4", progress=seen.append)
    assert seen[-1] == 1.0 and seen == sorted(seen) and len(seen) > 10
    stop = threading.Event()

    def on_progress(f: float) -> None:
        if f > 0.3:
            stop.set()

    with pytest.raises(RenderCancelled):
        render(draft, tmp_path / "cancelled.mp4", progress=on_progress, cancel=stop.is_set)
    assert list(tmp_path.iterdir()) == [tmp_path / "ok.mp4"]


def test_missing_media_fails_before_writing(tmp_path: Path) -> None:
    draft = small(build_slideshow([photo(tmp_path / "nope.jpg")]))
    with pytest.raises(MissingMediaError, match=r"nope\.jpg"):
        render(draft, tmp_path / "x.mp4")
    assert not list(tmp_path.iterdir())


def test_unknown_output_format_is_refused(cards: dict[str, Path], tmp_path: Path) -> None:
    draft = small(build_slideshow([photo(cards["red"])]))
    with pytest.raises(UnsupportedOutputError, match="mp4"):
        render(draft, tmp_path / "x.doc")


def test_corrupt_photo_fails_cleanly_and_leaves_no_file(
    samples: dict[str, Path], tmp_path: Path
) -> None:
    from diapo.errors import CorruptMediaError

    draft = small(build_slideshow([photo(samples["truncated"])], music=None))
    with pytest.raises(CorruptMediaError):
        render(draft, tmp_path / "x.mp4")
    assert not list(tmp_path.iterdir())


def test_empty_draft_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidDraftError, match="no photos"):
        render(Draft(), tmp_path / "x.mp4")


def test_memory_holds_only_the_photos_on_screen(cards: dict[str, Path], tmp_path: Path) -> None:
    from diapo.render.compose import Compositor
    from diapo.render.pipeline import path_resolver
    from diapo.render.plan import make_plan

    media = [photo(cards[c]) for c in ("red", "green", "blue") * 10]
    draft = small(build_slideshow(media, seconds_per_photo=0.5, transition_ms=200), 160)
    plan = make_plan(draft)
    comp = Compositor(draft, plan, path_resolver())
    most = 0
    try:
        for n in range(plan.frames):
            comp.frame(n)
            most = max(most, comp.items_in_memory)
    finally:
        comp.close()
    # The current photo, the next one (prefetched) and, during a transition, the previous one.
    assert most <= 3
