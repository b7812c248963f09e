"""Platform presets at the encoder: each preset's frame, codecs and x264 rate settings, and
WhatsApp's file-size cap met in two passes and checked on the file's real size."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.render.conftest import ReadMedia

from diapo.draft import Draft, MediaRef, build_slideshow, with_resolution
from diapo.draft.ops import SetPreset
from diapo.draft.vocabulary import CANVAS_SIZES, PLATFORM_PRESETS
from diapo.errors import RenderError
from diapo.render import render
from diapo.render.ratecontrol import cap_bitrate, rate_target


def _x264_options(path: Path) -> str:
    """The settings x264 wrote into the stream (its SEI text), as the encoder used them."""
    data = path.read_bytes()
    m = re.search(rb"x264 - core.*?options: ([^\x00]*)", data)
    assert m is not None, "no x264 settings in the stream"
    return m.group(1).decode("ascii", "replace")


def _draft(paths: list[Path], preset: str | None, seconds: float = 1.2) -> Draft:
    media = [MediaRef(id=str(p), kind="photo", width=640, height=480) for p in paths]
    draft = build_slideshow(media, seconds_per_photo=seconds, music="festa")
    if preset is not None:
        draft = SetPreset(preset=preset).apply(draft, media)
    return with_resolution(draft, "360p")


@pytest.mark.parametrize("name", list(PLATFORM_PRESETS))
def test_each_preset_renders_its_frame_with_h264_aac_and_its_peak_bitrate(
    name: str, cards: dict[str, Path], read_media: ReadMedia, tmp_path: Path
) -> None:
    preset = PLATFORM_PRESETS[name]
    out = render(_draft([cards["red"], cards["blue"]], name), tmp_path / f"{name}.mp4")
    got = read_media(out.path, keep_frames=False)
    assert (got.video_codec, got.audio_codec) == ("h264", "aac")
    w, h = CANVAS_SIZES[preset.aspect]
    assert abs(got.width / got.height - w / h) < 0.01
    assert min(got.width, got.height) == 360
    settings = _x264_options(out.path)
    # Constant quality under the platform's peak: x264 got the VBV limits.
    assert "rc=crf" in settings
    assert f"vbv_maxrate={preset.video_kbps}" in settings
    assert f"vbv_bufsize={2 * preset.video_kbps}" in settings


def test_a_draft_without_preset_has_no_peak(cards: dict[str, Path], tmp_path: Path) -> None:
    out = render(_draft([cards["red"]], None), tmp_path / "plain.mp4")
    assert "vbv_maxrate" not in _x264_options(out.path)


def test_whatsapp_cap_is_met_in_two_passes_close_to_the_cap(
    samples: dict[str, Path], tmp_path: Path
) -> None:
    # The real cap is 16 MB; the same code path runs here with a cap a small draft overshoots.
    photos = [samples[k] for k in ("landscape1", "landscape2", "landscape3", "portrait1")]
    draft = _draft(photos, "whatsapp", seconds=2.5)
    cap = 400_000
    free = render(draft, tmp_path / "free.mp4")  # the preset's own cap, 16 MB, does not bind
    assert free.path.stat().st_size > 1.5 * cap, "the draft must overshoot the test cap"
    out = render(draft, tmp_path / "capped.mp4", rate=rate_target("whatsapp", size_cap=cap))
    size = out.path.stat().st_size
    assert 0.9 * cap <= size <= cap
    settings = _x264_options(out.path)
    assert "rc=2pass" in settings
    assert out.frames == free.frames  # the whole video, not a cut one
    assert not list(tmp_path.glob(".x264-*")), "the first pass's stats are cleaned up"


def test_whatsapp_budget_for_its_longest_video_fits_sixteen_megabytes() -> None:
    target = rate_target("whatsapp")
    assert target.size_cap == 16_000_000
    seconds = PLATFORM_PRESETS["whatsapp"].max_seconds
    bps = cap_bitrate(target, seconds * 1000)
    assert bps is not None
    planned = (bps + target.audio_bps) * seconds / 8
    assert 0.9 * target.size_cap < planned < target.size_cap


def test_a_cap_too_small_for_a_picture_is_refused_clearly() -> None:
    with pytest.raises(RenderError, match=r"cannot fit in 0\.2 MB"):
        cap_bitrate(rate_target("whatsapp", size_cap=200_000), 60_000)


def test_presets_with_room_under_their_cap_are_kept_under_it_by_their_peak() -> None:
    # Instagram Reels at its longest, at the peak, stays under 300 MB.
    reels = PLATFORM_PRESETS["instagram-reels"]
    budget = cap_bitrate(rate_target(reels), reels.max_seconds * 1000)
    assert budget is not None and budget > rate_target(reels).peak_bps
    assert cap_bitrate(rate_target("tiktok"), 60_000) is None  # no cap at all


def test_a_whatsapp_video_that_fits_at_constant_quality_is_encoded_once(
    samples: dict[str, Path], tmp_path: Path
) -> None:
    photos = [samples[k] for k in ("landscape1", "landscape2", "landscape3", "portrait1")]
    draft = _draft(photos, "whatsapp", seconds=2.5)
    free = render(draft, tmp_path / "free.mp4").path.stat().st_size
    cap = int(free * 1.3)  # the cap is the tighter limit, yet the first encode fits it
    capped = cap_bitrate(rate_target("whatsapp", size_cap=cap), 8_000)
    assert capped is not None and capped < 4_000_000
    out = render(draft, tmp_path / "once.mp4", rate=rate_target("whatsapp", size_cap=cap))
    # One constant-quality encode, like the free one: the same size but for x264's VBV under
    # frame threads, which varies by a few dozen bytes from run to run (seen: 13 to 80).
    assert abs(out.path.stat().st_size - free) <= 0.005 * free
    settings = _x264_options(out.path)
    assert "rc=crf" in settings and "2pass" not in settings


def test_a_preset_video_is_rendered_whole_even_when_chunks_are_asked(
    samples: dict[str, Path], tmp_path: Path
) -> None:
    # Its peak bitrate and size cap hold over the whole stream: chunks would each start
    # an encoder of their own without them (and two passes read one stats file).
    from diapo.render.chunks import chunkable, render_chunked

    photos = [samples[k] for k in ("landscape1", "landscape2", "landscape3", "portrait1")]
    draft = _draft(photos, "whatsapp", seconds=2.5)  # 300 frames: more than one encoder run
    assert not chunkable(draft, "mp4")
    assert chunkable(_draft(photos, None, seconds=2.5), "mp4")
    out = render_chunked(draft, tmp_path / "whole.mp4", jobs=2)
    settings = _x264_options(out.path)
    assert f"vbv_maxrate={PLATFORM_PRESETS['whatsapp'].video_kbps}" in settings
    assert len(re.findall(rb"x264 - core", out.path.read_bytes())) == 1  # one encoder
