"""Bad files are refused with the right error and a message naming the file."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from diapo.errors import (
    CorruptMediaError,
    MediaTooLargeError,
    MissingMediaError,
    UnsupportedMediaError,
)
from diapo.media import SUPPORTED_TYPES_TEXT, load_image, make_thumbnail, probe


def test_text_file_named_jpg_is_unsupported(samples: dict[str, Path]) -> None:
    with pytest.raises(UnsupportedMediaError) as caught:
        probe(samples["text_as_jpg"])
    message = str(caught.value)
    assert "text_as_jpg.jpg" in message
    assert "text file" in message
    assert SUPPORTED_TYPES_TEXT in message
    assert caught.value.code == 4001


def test_other_formats_are_named_in_the_refusal(tmp_path: Path) -> None:
    pdf = tmp_path / "ticket.jpg"
    pdf.write_bytes(b"%PDF-1.7\n%binary\n" + bytes(range(256)))
    with pytest.raises(UnsupportedMediaError, match="PDF"):
        probe(pdf)


def test_empty_file_is_corrupt(samples: dict[str, Path]) -> None:
    with pytest.raises(CorruptMediaError, match=r"empty\.jpg is empty"):
        probe(samples["empty"])


@pytest.mark.parametrize("name", ["corrupt", "truncated"])
def test_damaged_jpegs_are_corrupt(samples: dict[str, Path], name: str) -> None:
    with pytest.raises(CorruptMediaError) as caught:
        probe(samples[name])
    assert samples[name].name in str(caught.value)
    with pytest.raises(CorruptMediaError):
        load_image(samples[name])


def test_truncated_video_is_corrupt(samples: dict[str, Path], tmp_path: Path) -> None:
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(samples["clip"].read_bytes()[:2000])
    with pytest.raises(CorruptMediaError, match=r"broken\.mp4"):
        probe(broken)


def test_decompression_bomb_is_too_large_without_warnings(samples: dict[str, Path]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(MediaTooLargeError, match=r"bomb\.png") as caught:
            probe(samples["bomb"])
        with pytest.raises(MediaTooLargeError):
            load_image(samples["bomb"])
    assert caught.value.code == 4002


def test_pixel_limit_is_configurable(samples: dict[str, Path]) -> None:
    with pytest.raises(MediaTooLargeError, match="640×480"):
        load_image(samples["landscape1"], max_pixels=100_000)
    with pytest.raises(MediaTooLargeError):
        probe(samples["landscape1"], max_pixels=100_000)


def test_files_over_max_bytes_are_too_large(samples: dict[str, Path]) -> None:
    with pytest.raises(MediaTooLargeError, match=r"landscape1\.jpg"):
        probe(samples["landscape1"], max_bytes=1000)


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(MissingMediaError, match=r"nowhere\.jpg"):
        probe(tmp_path / "nowhere.jpg")


def test_audio_is_not_a_photo(samples: dict[str, Path]) -> None:
    with pytest.raises(UnsupportedMediaError, match="not an image"):
        load_image(samples["wav"])
    with pytest.raises(UnsupportedMediaError):
        make_thumbnail(samples["mp3"])
