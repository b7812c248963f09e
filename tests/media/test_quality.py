"""Sharpness, exposure and perceptual hashes of real photos, and the analysis at ingest."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image
from tests.factories.faces import astronaut, photo_with_face

from diapo.draft.culling import BLUR_SHARPNESS, NEAR_DUPLICATE_BITS, hash_distance
from diapo.media.quality import (
    analyse_photo,
    difference_hash,
    exposure_of,
    sharpness_of,
)

PHOTOS = ["astronaut", "coffee", "chelsea", "rocket", "camera", "coins", "grass", "retina"]


def _photo(name: str, scale: int = 4) -> np.ndarray:
    """A scikit-image photo enlarged to phone-like size (sharpness is judged at 512 px)."""
    from skimage import data

    img = getattr(data, name)()
    if img.ndim == 2:
        img = np.stack([img] * 3, axis=-1)
    img = np.ascontiguousarray(img[..., :3])
    return np.asarray(
        cv2.resize(
            img, (img.shape[1] * scale, img.shape[0] * scale), interpolation=cv2.INTER_CUBIC
        ),
        np.uint8,
    )


@pytest.mark.parametrize("name", PHOTOS)
def test_sharp_photos_pass_and_blurred_copies_are_caught(name: str) -> None:
    sharp = _photo(name)
    shaken = np.asarray(
        cv2.GaussianBlur(sharp, (0, 0), 6), np.uint8
    )  # 1.5 px at the 512 px where it is judged
    assert sharpness_of(sharp) >= BLUR_SHARPNESS
    assert sharpness_of(shaken) < BLUR_SHARPNESS


def test_a_sharp_face_on_a_smooth_background_is_not_called_blurred() -> None:
    # Most of this photo is an out-of-focus backdrop; the face is in focus.
    photo = photo_with_face(2000, 1500, (0.5, 0.45), 0.25)
    soft = np.asarray(cv2.GaussianBlur(photo.rgb, (0, 0), 8), np.uint8)
    x, y, w, h = (int(v) for v in (0.3 * 2000, 0.15 * 1500, 0.4 * 2000, 0.7 * 1500))
    soft[y : y + h, x : x + w] = photo.rgb[y : y + h, x : x + w]
    assert sharpness_of(soft) >= BLUR_SHARPNESS


def test_dark_and_overexposed_shots_are_told_apart_from_good_ones() -> None:
    good = _photo("astronaut", 1)
    assert exposure_of(good) == "ok"
    assert exposure_of((good * 0.15).astype(np.uint8)) == "dark"
    blown = np.clip(good.astype(np.int16) * 3 + 40, 0, 255).astype(np.uint8)
    assert exposure_of(blown) == "bright"


def test_a_resized_recompressed_copy_hashes_close_and_another_photo_far(tmp_path: Path) -> None:
    original = _photo("chelsea", 2)
    Image.fromarray(original).resize((451, 300)).save(tmp_path / "copy.jpg", quality=70)
    copy = np.asarray(Image.open(tmp_path / "copy.jpg").convert("RGB"))
    h0, h1 = difference_hash(original), difference_hash(copy)
    assert len(h0) == 64
    assert hash_distance(h0, h1) <= NEAR_DUPLICATE_BITS
    for other in ("coffee", "astronaut", "rocket"):
        assert hash_distance(h0, difference_hash(_photo(other, 1))) > 80


def test_analyse_photo_reads_a_file_once_and_finds_its_face(tmp_path: Path) -> None:
    photo = photo_with_face(3024, 4032, (0.5, 0.2), 0.2)
    path = photo.save(tmp_path / "IMG_0001.jpg")
    analysis = analyse_photo(path)
    assert [s.kind for s in analysis.subjects] == ["face"]
    face = analysis.subjects[0]
    assert abs(face.x + face.w / 2 - 0.5) < 0.05 and abs(face.y + face.h / 2 - 0.2) < 0.05
    assert analysis.exposure == "ok" and analysis.sharpness >= BLUR_SHARPNESS
    from diapo.draft.media import analysis_fields

    # What the service stores (JSON) comes back as the draft layer's fields.
    fields = analysis_fields(json.loads(json.dumps(analysis.to_dict())))
    assert fields["phash"] == analysis.phash and fields["exposure"] == "ok"
    assert fields["subjects"][0].kind == "face"
    assert fields["subjects"][0].x == pytest.approx(face.x, abs=1e-4)
    assert analysis_fields(None) == {}
    with pytest.raises(ValueError, match="malformed"):
        analysis_fields({"subjects": [{"x": 0.1}]})


def test_grey_photos_are_analysed_too() -> None:
    from skimage import data

    grey = data.camera()
    assert sharpness_of(grey) > 0 and exposure_of(grey) == "ok"
    assert difference_hash(grey) == difference_hash(np.stack([grey] * 3, axis=-1))
    assert astronaut().shape[2] == 3
