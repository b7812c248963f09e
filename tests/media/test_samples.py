"""The procedural samples are distinct, detailed, deterministic and quick to make."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from diapo.media import probe
from diapo.samples import SCENES, generate_photo, write_holiday_set


def test_scenes_are_deterministic_by_seed() -> None:
    a = np.asarray(generate_photo("seaside", 320, 240, seed=3))
    b = np.asarray(generate_photo("seaside", 320, 240, seed=3))
    c = np.asarray(generate_photo("seaside", 320, 240, seed=4))
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)


def test_scenes_are_visually_distinct() -> None:
    means = {s: np.asarray(generate_photo(s, 160, 120)).reshape(-1, 3).mean(0) for s in SCENES}
    for i, first in enumerate(SCENES):
        for second in SCENES[i + 1 :]:
            a = np.asarray(generate_photo(first, 160, 120)).astype(int)
            b = np.asarray(generate_photo(second, 160, 120)).astype(int)
            assert np.abs(a - b).mean() > 20, (first, second)
    assert len(means) == len(SCENES) >= 6


@pytest.mark.parametrize("scene", SCENES)
def test_scenes_have_detail_not_flat_colour(scene: str) -> None:
    pixels = np.asarray(generate_photo(scene, 640, 480)).astype(float)
    assert pixels.std() > 20
    assert np.abs(np.diff(pixels, axis=1)).mean() > 1


def test_phone_size_photo_has_phone_size() -> None:
    photo = generate_photo("cinque_terre", 4032, 3024)
    assert photo.size == (4032, 3024)


def test_holiday_set_mixes_orientations_and_scenes(tmp_path: Path) -> None:
    paths = write_holiday_set(tmp_path, count=4, size=(640, 480))
    infos = [probe(p) for p in paths]
    sizes = {(i.width, i.height) for i in infos}
    assert sizes == {(640, 480), (480, 640)}
    dates = [i.taken_at for i in infos]
    assert dates == sorted(d for d in dates if d is not None)
    assert len(set(dates)) == 4
