"""The export format follows what was asked, else the output file's extension."""

from __future__ import annotations

from pathlib import Path

import pytest

from diapo.cli.client_commands import output_format


def test_the_output_extension_sets_the_format() -> None:
    assert output_format(Path("x.webm"), None) == "webm"
    assert output_format(Path("clip.MOV"), None) == "mov"
    assert output_format(Path("still.jpeg"), None) == "jpg"


def test_no_usable_extension_means_mp4_or_the_format_asked() -> None:
    assert output_format(None, None) == "mp4"
    assert output_format(Path("video"), None) == "mp4"
    assert output_format(Path("video.final"), "gif") == "gif"


def test_a_format_that_contradicts_the_extension_is_refused() -> None:
    with pytest.raises(ValueError, match=r"ends in \.webm but the format asked is mp4"):
        output_format(Path("x.webm"), "mp4")


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown format 'avi2'"):
        output_format(Path("x"), "avi2")
