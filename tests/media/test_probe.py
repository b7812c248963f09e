"""Probing: type from bytes, display size, duration, sound, dates."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from diapo.media import MediaInfo, probe


@pytest.mark.parametrize(
    ("name", "kind", "fmt", "size"),
    [
        ("landscape1", "image", "jpeg", (640, 480)),
        ("portrait1", "image", "jpeg", (480, 640)),
        ("rotated_exif", "image", "jpeg", (480, 640)),
        ("heic", "image", "heic", (640, 480)),
        ("png_alpha", "image", "png", (640, 480)),
        ("tiny", "image", "jpeg", (64, 48)),
        ("panorama", "image", "jpeg", (1600, 300)),
        ("cmyk", "image", "jpeg", (640, 480)),
        ("png16", "image", "png", (640, 480)),
        ("webp", "image", "webp", (640, 480)),
        ("gif", "image", "gif", (640, 480)),
        ("clip", "video", "mp4", (640, 360)),
        ("clip_rotated", "video", "mp4", (360, 640)),
        ("clip_mov", "video", "mov", (160, 120)),
        ("clip_webm", "video", "webm", (160, 120)),
        ("clip_mkv", "video", "mkv", (160, 120)),
        ("clip_avi", "video", "avi", (160, 120)),
        ("wav", "audio", "wav", (0, 0)),
        ("mp3", "audio", "mp3", (0, 0)),
        ("m4a", "audio", "m4a", (0, 0)),
        ("aac", "audio", "aac", (0, 0)),
    ],
)
def test_probe_names_kind_format_and_display_size(
    samples: dict[str, Path], name: str, kind: str, fmt: str, size: tuple[int, int]
) -> None:
    info = probe(samples[name])
    assert (info.kind, info.format, (info.width, info.height)) == (kind, fmt, size)
    assert info.size_bytes == samples[name].stat().st_size
    assert info.mime.startswith(kind)


def test_photos_have_no_duration_or_sound(samples: dict[str, Path]) -> None:
    info = probe(samples["landscape1"])
    assert info.duration_ms is None
    assert info.has_audio is False


def test_clip_duration_fps_and_sound(samples: dict[str, Path]) -> None:
    info = probe(samples["clip"])
    assert info.duration_ms == pytest.approx(2000, abs=40)
    assert info.fps == pytest.approx(30)
    assert info.has_audio is True
    assert info.taken_at is not None and info.taken_at.year == 2024


def test_silent_clip_has_no_audio(samples: dict[str, Path]) -> None:
    assert probe(samples["clip_silent"]).has_audio is False


@pytest.mark.parametrize("name", ["wav", "mp3", "m4a", "aac"])
def test_audio_durations(samples: dict[str, Path], name: str) -> None:
    info = probe(samples[name])
    assert info.duration_ms == pytest.approx(1000, abs=80)
    assert info.has_audio is True
    assert info.fps is None


def test_rotated_clip_reports_its_rotation(samples: dict[str, Path]) -> None:
    assert probe(samples["clip_rotated"]).rotation == 90


def test_exif_orientation_and_date_are_read(samples: dict[str, Path]) -> None:
    info = probe(samples["rotated_exif"])
    assert info.orientation == 6
    assert info.taken_at is not None
    dates = {probe(samples[f"landscape{i}"]).taken_at for i in (1, 2, 3)}
    assert len(dates) == 3


def test_type_comes_from_bytes_not_the_name(samples: dict[str, Path], tmp_path: Path) -> None:
    assert probe(samples["jpeg_as_png"]).format == "jpeg"
    disguised = tmp_path / "song.mp4"
    shutil.copy(samples["mp3"], disguised)
    assert probe(disguised).format == "mp3"
    nameless = tmp_path / "clip_without_extension"
    shutil.copy(samples["clip"], nameless)
    assert probe(nameless).kind == "video"


def test_to_dict_is_json_ready(samples: dict[str, Path]) -> None:
    info = probe(samples["clip"])
    data = json.loads(json.dumps(info.to_dict()))
    assert data["kind"] == "video"
    assert data["path"] == str(samples["clip"])
    assert isinstance(data["taken_at"], str)


def test_media_info_is_frozen(samples: dict[str, Path]) -> None:
    info = probe(samples["tiny"])
    assert isinstance(info, MediaInfo)
    with pytest.raises(AttributeError):
        info.width = 1  # type: ignore[misc]
