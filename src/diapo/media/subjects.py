"""Regions of a photo: the faces in it, or, when it has none, its most salient region.

Faces come from dlib's HOG face detector, whose weights are compiled into the
`dlib-bin` wheel: nothing is downloaded, ever. (OpenCV 5 dropped its Haar cascades
and `cv2.FaceDetectorYN` needs an ONNX model that no registry package ships.)
Detection runs on a copy at most 640 px on its long side; upsampling it once finds
faces down to about 40 px there, 6% of the photo's long side.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Literal

import cv2
import numpy as np
from numpy.typing import NDArray

__all__ = [
    "DETECT_LONG_SIDE",
    "Region",
    "as_rgb",
    "detect_faces",
    "find_subjects",
    "salient_region",
]

Image = NDArray[np.uint8]


@dataclass(frozen=True, slots=True)
class Region:
    """A face or salient region as fractions of the upright photo: corner, size, how found.

    `to_dict` gives the compact form stored with the media and read back by
    `diapo.draft.media.analysis_fields`.
    """

    x: float
    y: float
    w: float
    h: float
    kind: Literal["face", "saliency"] = "face"
    score: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "x": round(self.x, 4),
            "y": round(self.y, 4),
            "w": round(self.w, 4),
            "h": round(self.h, 4),
            "k": self.kind,
            "s": round(self.score, 3),
        }


DETECT_LONG_SIDE = 640
# dlib scores a window 0 at its trained boundary. Lowering the threshold to -0.3
# raised recall on 100 LFW faces from 92 to 96 but also fired on suit patches.
_SCORE_THRESHOLD = 0.0
_UPSAMPLE = 1
_SALIENCY_SIDE = 64  # spectral residual works on a thumbnail (Hou & Zhang, 2007)

# One detector per thread: dlib's keeps scratch buffers of its own, and two threads
# running one detector at once crashed the server (a segfault in memset) when the
# service began checking uploads in two threads.
_detectors = threading.local()


def _face_detector() -> Any:
    detector = getattr(_detectors, "detector", None)
    if detector is None:
        import dlib

        detector = _detectors.detector = dlib.get_frontal_face_detector()
    return detector


def as_rgb(img: Image) -> Image:
    """Grey (H, W) or RGB(A) pixels as RGB."""
    if img.ndim == 2:
        return np.asarray(cv2.cvtColor(img, cv2.COLOR_GRAY2RGB), np.uint8)
    return img[..., :3]


def _reduced(rgb: Image, long_side: int) -> Image:
    rgb = as_rgb(rgb)
    h, w = rgb.shape[:2]
    scale = long_side / max(h, w)
    if scale >= 1.0:
        return np.ascontiguousarray(rgb[..., :3])
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return np.asarray(cv2.resize(rgb[..., :3], size, interpolation=cv2.INTER_AREA), np.uint8)


def detect_faces(rgb: Image) -> tuple[Region, ...]:
    """The faces in an upright RGB photo, largest first, as boxes in fractions of its size."""
    small = _reduced(rgb, DETECT_LONG_SIDE)
    h, w = small.shape[:2]
    grey = np.ascontiguousarray(cv2.cvtColor(small, cv2.COLOR_RGB2GRAY))
    rects, scores, _ = _face_detector().run(grey, _UPSAMPLE, _SCORE_THRESHOLD)
    faces: list[Region] = []
    for rect, score in zip(rects, scores, strict=True):
        x0, y0 = max(0, rect.left()), max(0, rect.top())
        x1, y1 = min(w, rect.right() + 1), min(h, rect.bottom() + 1)
        if x1 <= x0 or y1 <= y0:
            continue
        faces.append(Region(x0 / w, y0 / h, (x1 - x0) / w, (y1 - y0) / h, "face", float(score)))
    faces.sort(key=lambda f: f.w * f.h, reverse=True)
    return tuple(faces)


def salient_region(rgb: Image) -> Region | None:
    """The box around the photo's most salient blob (spectral residual), or None if flat."""
    grey = cv2.cvtColor(_reduced(rgb, 256), cv2.COLOR_RGB2GRAY)
    small = cv2.resize(grey, (_SALIENCY_SIDE, _SALIENCY_SIDE), interpolation=cv2.INTER_AREA)
    spectrum = np.fft.fft2(small.astype(np.float64))
    amplitude = np.abs(spectrum)
    if amplitude[1:, 1:].max() < 1e-6:
        return None  # a flat image: nothing stands out
    log_amp = np.log(amplitude + 1e-9)
    # What is left once the spectrum's smooth trend is taken off is what stands out.
    residual = log_amp - cv2.blur(log_amp, (3, 3))
    phase = np.angle(spectrum)
    saliency = np.abs(np.fft.ifft2(np.exp(residual + 1j * phase))) ** 2
    saliency = cv2.GaussianBlur(saliency, (0, 0), 2.5)
    peak = float(saliency.max())
    if peak <= 0:
        return None
    above = (saliency >= max(2.0 * float(saliency.mean()), 0.2 * peak)).astype(np.uint8)
    # Salient edges of one object come out as separate specks: join the close ones.
    mask = cv2.dilate(above, np.ones((7, 7), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    if count <= 1:
        return None
    # The blob holding the most saliency, not merely the largest one.
    weights = [float(saliency[labels == i].sum()) for i in range(1, count)]
    best = 1 + int(np.argmax(weights))
    x, y, bw, bh = (int(v) for v in stats[best, :4])
    n = float(_SALIENCY_SIDE)
    score = weights[best - 1] / float(saliency.sum())
    return Region(x / n, y / n, bw / n, bh / n, "saliency", round(score, 3))


def find_subjects(rgb: Image) -> tuple[Region, ...]:
    """The faces in the photo; without any, its salient region (or nothing)."""
    faces = detect_faces(rgb)
    if faces:
        return faces
    region = salient_region(rgb)
    return (region,) if region is not None else ()
