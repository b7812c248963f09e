"""Fixtures for the media tests: the sample set, written once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from diapo.samples import generate_photo, photo_exif, write_sample_set


@pytest.fixture(scope="session")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every sample file at small sizes (640×480 photos), by name."""
    return write_sample_set(tmp_path_factory.mktemp("samples"), small=True)


@pytest.fixture(scope="session")
def phone_jpeg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One 4032×3024 phone JPEG, for size and speed checks."""
    path = tmp_path_factory.mktemp("phone") / "IMG_0001.jpg"
    generate_photo("tuscan_hills", 4032, 3024).save(path, quality=88, exif=photo_exif().tobytes())
    return path
