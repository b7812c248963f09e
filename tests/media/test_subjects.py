"""Face detection and the saliency fallback, measured on real labelled photos."""

from __future__ import annotations

import time

import cv2
import numpy as np
import pytest
from tests.factories.faces import (
    ASTRONAUT_FACE,
    CAMERA_FACE,
    astronaut,
    background,
    camera,
    lfw_faces,
    photo_with_face,
)

from diapo.media.subjects import Region, detect_faces, find_subjects, salient_region


def _iou(a: Region, box: tuple[float, float, float, float]) -> float:
    bx, by, bw, bh = box
    iw = max(0.0, min(a.x + a.w, bx + bw) - max(a.x, bx))
    ih = max(0.0, min(a.y + a.h, by + bh) - max(a.y, by))
    inter = iw * ih
    return inter / (a.w * a.h + bw * bh - inter)


def _norm(box: tuple[int, int, int, int], size: int = 512) -> tuple[float, float, float, float]:
    return (box[0] / size, box[1] / size, box[2] / size, box[3] / size)


def test_the_astronauts_face_is_found_where_a_person_labelled_it() -> None:
    faces = detect_faces(astronaut())
    assert len(faces) == 1
    assert _iou(faces[0], _norm(ASTRONAUT_FACE)) > 0.6
    assert faces[0].kind == "face" and faces[0].score > 0


def test_a_face_on_a_phone_sized_photo_is_found_at_its_place() -> None:
    photo = photo_with_face(3024, 4032, (0.5, 0.15), 0.2)
    faces = detect_faces(photo.rgb)
    assert len(faces) == 1 and _iou(faces[0], photo.face) > 0.6


def _recall(threshold: float = 0.4) -> tuple[float, float]:
    """Recall over the labelled set: the astronaut, the cameraman and 100 LFW faces
    (25 px crops enlarged to 90 px and pasted onto the coffee photo at known places)."""
    labelled: list[tuple[np.ndarray, tuple[float, float, float, float]]] = [
        (astronaut(), _norm(ASTRONAUT_FACE)),
        (camera(), _norm(CAMERA_FACE)),
    ]
    for i, face in enumerate(lfw_faces(100)):
        canvas = background(640, 426)
        size = 90
        x, y = 40 + (i * 37) % 480, 30 + (i * 23) % 300
        canvas[y : y + size, x : x + size] = cv2.resize(
            face, (size, size), interpolation=cv2.INTER_CUBIC
        )
        labelled.append((canvas, (x / 640, y / 426, size / 640, size / 426)))
    found = 0
    started = time.perf_counter()
    for rgb, box in labelled:
        found += any(_iou(f, box) >= threshold for f in detect_faces(rgb))
    per_photo = (time.perf_counter() - started) / len(labelled)
    return found / len(labelled), per_photo


@pytest.mark.timeout(120)
def test_face_recall_on_labelled_real_faces() -> None:
    recall, per_photo = _recall()
    print(f"face recall {recall:.3f}, {per_photo * 1000:.0f} ms per photo")
    assert recall >= 0.85


@pytest.mark.parametrize("name", ["coffee", "chelsea", "rocket", "brick"])
def test_photos_without_people_have_no_face_but_a_salient_subject(name: str) -> None:
    from skimage import data

    rgb = np.ascontiguousarray(getattr(data, name)()[..., :3])
    subjects = find_subjects(rgb)
    assert all(s.kind == "saliency" for s in subjects)
    assert len(subjects) <= 1


def test_saliency_finds_the_cup_in_the_coffee_photo() -> None:
    from skimage import data

    region = salient_region(data.coffee())
    assert region is not None
    # The cup fills the middle of the photo; the region is around it, not at an edge.
    cx, cy = region.x + region.w / 2, region.y + region.h / 2
    assert 0.35 < cx < 0.65 and 0.35 < cy < 0.75
    assert region.w * region.h < 0.6


def test_a_flat_photo_has_no_subject() -> None:
    assert find_subjects(np.full((300, 400, 3), 120, np.uint8)) == ()


def test_faces_are_found_in_several_threads_at_once() -> None:
    # The service checks uploads in two threads; one shared dlib detector crashed the
    # process (a segfault), so this runs in a child that must come back alive.
    import subprocess
    import sys

    script = (
        "import threading\n"
        "import numpy as np\n"
        "from diapo.media.subjects import detect_faces\n"
        "rng = np.random.default_rng(0)\n"
        "img = rng.integers(0, 255, (480, 640, 3), dtype=np.uint8)\n"
        "def run():\n"
        "    for _ in range(15):\n"
        "        detect_faces(img)\n"
        "threads = [threading.Thread(target=run) for _ in range(4)]\n"
        "[t.start() for t in threads]\n"
        "[t.join() for t in threads]\n"
        "print('alive')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0 and done.stdout.strip() == "alive", done.stderr[-2000:]
