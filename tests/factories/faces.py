"""Real faces for the vision tests: scikit-image's photos of people, hand-labelled.

`photo_with_face` pastes the astronaut's head (a real photo, not a drawing) onto a
real, textured background of any size at a known place, so framing tests know
exactly where the face is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image

Rgb = NDArray[np.uint8]

# Faces labelled by hand (forehead to chin, ear to ear) as x, y, w, h in pixels.
ASTRONAUT_FACE = (175, 75, 97, 93)
CAMERA_FACE = (182, 100, 70, 92)
# The astronaut's head and shoulders, cut out for pasting (x, y, w, h), and her face in it.
_HEAD = (125, 20, 200, 220)
_FACE_IN_HEAD = (ASTRONAUT_FACE[0] - _HEAD[0], ASTRONAUT_FACE[1] - _HEAD[1], 97, 93)


def astronaut() -> Rgb:
    from skimage import data

    return np.ascontiguousarray(data.astronaut()[..., :3])


def camera() -> Rgb:
    from skimage import data

    grey = data.camera()
    return np.ascontiguousarray(np.stack([grey] * 3, axis=-1))


def lfw_faces(count: int = 100) -> list[Rgb]:
    """The first `count` faces of scikit-image's LFW subset (25 x 25 grey crops), as RGB."""
    from skimage import data

    faces = data.lfw_subset()[:count]
    return [np.stack([(f * 255).astype(np.uint8)] * 3, axis=-1) for f in faces]


def background(width: int, height: int) -> Rgb:
    """A real photo without faces (coffee), resized to cover width x height."""
    from skimage import data

    return np.asarray(
        cv2.resize(data.coffee(), (width, height), interpolation=cv2.INTER_LINEAR), np.uint8
    )


@dataclass(frozen=True, slots=True)
class FacePhoto:
    rgb: Rgb
    face: tuple[float, float, float, float]  # x, y, w, h as fractions of the photo

    def save(self, path: Path) -> Path:
        Image.fromarray(self.rgb).save(path, quality=92)
        return path


def photo_with_face(
    width: int, height: int, centre: tuple[float, float], face_width: float
) -> FacePhoto:
    """A `width` x `height` photo with the astronaut's face centred at `centre` (fractions)
    and `face_width` of the photo's width wide."""
    img = background(width, height)
    hx, hy, hw, hh = _HEAD
    head = astronaut()[hy : hy + hh, hx : hx + hw]
    scale = face_width * width / _FACE_IN_HEAD[2]
    head = np.asarray(
        cv2.resize(head, (round(hw * scale), round(hh * scale)), interpolation=cv2.INTER_CUBIC),
        np.uint8,
    )
    fx, fy, fw, fh = (v * scale for v in _FACE_IN_HEAD)
    # Top-left of the head so that the face's centre lands on `centre`.
    x0 = round(centre[0] * width - (fx + fw / 2))
    y0 = round(centre[1] * height - (fy + fh / 2))
    sx0, sy0 = max(0, -x0), max(0, -y0)
    dx0, dy0 = max(0, x0), max(0, y0)
    w = min(head.shape[1] - sx0, width - dx0)
    h = min(head.shape[0] - sy0, height - dy0)
    img[dy0 : dy0 + h, dx0 : dx0 + w] = head[sy0 : sy0 + h, sx0 : sx0 + w]
    face = ((x0 + fx) / width, (y0 + fy) / height, fw / width, fh / height)
    return FacePhoto(img, face)
