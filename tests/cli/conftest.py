"""Fixtures shared by the command-line tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from diapo.draft import MediaRef, build_slideshow, with_resolution
from diapo.samples import write_sample_set


@pytest.fixture(scope="module")
def draft_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ten seconds with the built-in music, saved as JSON: two runs of frames, so two
    chunks, and the soundtrack's task."""
    folder = tmp_path_factory.mktemp("draft")
    samples = write_sample_set(folder, small=True)
    photos = [
        MediaRef(id=str(samples[k]), kind="photo", width=640, height=480, name=k)
        for k in ("landscape1", "portrait1", "landscape2")
    ]
    draft = with_resolution(build_slideshow(photos, seconds_per_photo=3.5, beat_sync=False), 320)
    path = folder / "draft.json"
    path.write_text(draft.to_json(), encoding="utf-8")
    return path
