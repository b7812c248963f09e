"""Framing: crops, Ken Burns and contact sheets keep faces whole; pans stay calm.

The faces are real (the astronaut from scikit-image) pasted at known places on real
backgrounds; the geometry is checked with the renderer's own affine transform, and
one test renders a video and finds the face in its frames with the real detector.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from tests.factories.faces import photo_with_face

from diapo.draft import MediaRef, build_slideshow, framing, ken_burns_for
from diapo.draft.builder import fit_for
from diapo.draft.media import Subject
from diapo.draft.model import CANVAS_SIZES, KenBurns, canvas_for
from diapo.media.subjects import detect_faces
from diapo.render import render
from diapo.render.compose import motion_of
from diapo.render.kenburns import affine_for

FPS = 30
SECONDS = 3.5
FRAMES = round(SECONDS * FPS)


def _ref(w: int, h: int, face: tuple[float, float, float, float] | None) -> MediaRef:
    subjects = (Subject(*face),) if face else ()
    return MediaRef("p.jpg", "photo", w, h, subjects=subjects)


def _face_on_screen(
    kb: KenBurns, fit: str, w: int, h: int, aspect: str, face: tuple[float, ...]
) -> list[bool]:
    """Per frame: is the face box wholly inside the canvas? Uses the renderer's affine."""
    canvas = canvas_for(aspect)
    motion = motion_of(kb, fit)
    fx, fy, fw, fh = face
    whole = []
    for n in range(FRAMES):
        m = affine_for(w, h, canvas.w, canvas.h, motion, n / (FRAMES - 1))
        x0, y0 = m[0, 0] * fx * w + m[0, 2], m[1, 1] * fy * h + m[1, 2]
        x1, y1 = m[0, 0] * (fx + fw) * w + m[0, 2], m[1, 1] * (fy + fh) * h + m[1, 2]
        whole.append(x0 >= -1 and y0 >= -1 and x1 <= canvas.w + 1 and y1 <= canvas.h + 1)
    return whole


def _peak_px_per_frame_at_1080(kb: KenBurns, fit: str, w: int, h: int, aspect: str) -> float:
    """The fastest a visible photo point moves, in px per frame on a 1080 px wide canvas."""
    aw, ah = CANVAS_SIZES[aspect]
    cw, ch = 1080, round(1080 * ah / aw)
    motion = motion_of(kb, fit)
    prev = None
    fastest = 0.0
    for n in range(FRAMES):
        m = affine_for(w, h, cw, ch, motion, n / (FRAMES - 1))
        # Canvas corners mapped back to the photo, then forward with the next frame.
        if prev is not None:
            for cx, cy in ((0, 0), (cw, 0), (0, ch), (cw, ch)):
                u = (cx - prev[0, 2]) / prev[0, 0]
                v = (cy - prev[1, 2]) / prev[1, 1]
                u, v = min(max(u, 0), w), min(max(v, 0), h)
                ax, ay = prev[0, 0] * u + prev[0, 2], prev[1, 1] * v + prev[1, 2]
                bx, by = m[0, 0] * u + m[0, 2], m[1, 1] * v + m[1, 2]
                fastest = max(fastest, math.hypot(bx - ax, by - ay))
        prev = m
    return fastest


PORTRAIT_FACE_TOP = (0.4, 0.08, 0.2, 0.14)  # a face near the top of a 3024 x 4032 photo


def test_before_a_portrait_sweep_showed_a_face_near_the_top_under_a_quarter_of_the_time() -> None:
    kb = ken_burns_for(0, _ref(3024, 4032, None), "16:9")
    shown = _face_on_screen(kb, "cover", 3024, 4032, "16:9", PORTRAIT_FACE_TOP)
    assert sum(shown) / FRAMES < 0.25


@pytest.mark.parametrize("index", range(6))
def test_portrait_on_16_9_moves_within_the_band_that_holds_its_face(index: int) -> None:
    ref = _ref(3024, 4032, PORTRAIT_FACE_TOP)
    assert fit_for(ref, "16:9") == "cover"  # a small face: the band holds it
    kb = ken_burns_for(index, ref, "16:9")
    shown = _face_on_screen(kb, "cover", 3024, 4032, "16:9", PORTRAIT_FACE_TOP)
    assert sum(shown) / FRAMES >= 0.9
    assert kb.x0 == kb.x1 and kb.y0 < 0 and kb.y1 < 0  # up in the photo, where the face is


def test_portrait_with_a_big_face_is_contained_over_its_blurred_copy() -> None:
    face = (0.2, 0.18, 0.6, 0.43)  # a close portrait: the face is taller than the 16:9 band
    ref = _ref(3024, 4032, face)
    assert fit_for(ref, "16:9") == "contain"
    kb = ken_burns_for(0, ref, "16:9", fit="contain")
    assert all(_face_on_screen(kb, "contain", 3024, 4032, "16:9", face))
    draft = build_slideshow([ref], music=None)
    assert draft.t[0].sg[0].m.fit == "contain"  # type: ignore[union-attr]


@pytest.mark.parametrize("aspect", ["16:9", "9:16", "1:1", "4:5"])
@pytest.mark.parametrize(
    ("size", "face"),
    [
        ((4032, 3024), (0.75, 0.3, 0.1, 0.13)),
        ((4032, 3024), (0.05, 0.6, 0.1, 0.13)),
        ((3024, 4032), (0.1, 0.7, 0.15, 0.11)),
        ((6000, 2000), (0.85, 0.2, 0.04, 0.2)),
    ],
)
def test_every_motion_keeps_the_face_whole_and_moves_toward_it(
    aspect: str, size: tuple[int, int], face: tuple[float, float, float, float]
) -> None:
    ref = _ref(*size, face)
    fit = fit_for(ref, aspect)
    r_p, r_c = size[0] / size[1], canvas_for(aspect).w / canvas_for(aspect).h
    centre = (face[0] + face[2] / 2, face[1] + face[3] / 2)
    for index in range(3):
        kb = ken_burns_for(index, ref, aspect, fit=fit)
        shown = _face_on_screen(kb, fit, *size, aspect, face)
        assert sum(shown) / FRAMES >= 0.9, (index, kb)

        def off_centre(t: float, kb: KenBurns = kb) -> float:
            view = framing.visible(r_p, r_c, fit, *framing.state_at(kb, t))
            return math.hypot(view.x + view.w / 2 - centre[0], view.y + view.h / 2 - centre[1])

        assert off_centre(1.0) <= off_centre(0.0) + 1e-6, (index, kb)


@pytest.mark.parametrize("aspect", ["9:16", "1:1"])
@pytest.mark.parametrize("size", [(4032, 3024), (6000, 2000), (1920, 1080)])
@pytest.mark.parametrize("face", [None, (0.8, 0.3, 0.08, 0.12)])
def test_landscape_photos_pan_calmly_on_tall_and_square_canvases(
    aspect: str, size: tuple[int, int], face: tuple[float, float, float, float] | None
) -> None:
    ref = _ref(*size, face)
    fit = fit_for(ref, aspect)
    for index in range(6):
        kb = ken_burns_for(index, ref, aspect, intensity=2.0, fit=fit)
        speed = _peak_px_per_frame_at_1080(kb, fit, *size, aspect)
        assert speed <= 6.05, (index, kb, speed)


def test_a_longer_photo_may_travel_further() -> None:
    ref = _ref(4032, 3024, None)
    short = ken_burns_for(1, ref, "9:16", seconds=3.5)
    long = ken_burns_for(1, ref, "9:16", seconds=10.0)
    assert abs(long.x1 - long.x0) > abs(short.x1 - short.x0)


def test_framing_geometry_matches_the_renderer() -> None:
    rng = np.random.default_rng(3)
    for _ in range(40):
        w, h = int(rng.integers(400, 4000)), int(rng.integers(400, 4000))
        aspect = str(rng.choice(["16:9", "9:16", "1:1", "4:5"]))
        fit = str(rng.choice(["cover", "contain"]))
        c = canvas_for(aspect)
        zoom, px, py = float(rng.uniform(1, 2)), float(rng.uniform(-1, 1)), rng.uniform(-1, 1)
        kb = KenBurns(z0=zoom, z1=zoom, x0=px, x1=px, y0=float(py), y1=float(py))
        m = affine_for(w, h, c.w, c.h, motion_of(kb, fit), 0.0)
        win = framing.window(w / h, c.w / c.h, fit, zoom, px, float(py))
        # The window's corners are the photo points that land on the canvas corners.
        assert (win.x * w) * m[0, 0] + m[0, 2] == pytest.approx(-0.5 + 0.5 * m[0, 0], abs=1e-6)
        assert (win.y1 * h) * m[1, 1] + m[1, 2] == pytest.approx(
            c.h - 0.5 + 0.5 * m[1, 1], abs=1e-6
        )


def test_still_crop_keeps_the_face_when_ken_burns_is_off() -> None:
    face = PORTRAIT_FACE_TOP
    off = KenBurns(on=False, z0=1.0, z1=1.0)
    centred = motion_of(off, "cover")
    from diapo.draft.model import SubjectBox

    subj = [SubjectBox(x=face[0], y=face[1], w=face[2], h=face[3])]
    aimed = motion_of(off, "cover", subj, 3024 / 4032, 16 / 9)
    c = canvas_for("16:9")

    def face_whole(motion: object) -> bool:
        m = affine_for(3024, 4032, c.w, c.h, motion, 0.0)  # type: ignore[arg-type]
        return bool(m[1, 1] * face[1] * 4032 + m[1, 2] >= 0)

    assert not face_whole(centred) and face_whole(aimed)


@pytest.mark.timeout(300)
def test_rendered_video_shows_the_face_on_nine_frames_in_ten(tmp_path: Path) -> None:
    photo = photo_with_face(1512, 2016, (0.5, 0.15), 0.2)
    path = photo.save(tmp_path / "portrait.jpg")
    from diapo.cli.inputs import media_ref

    ref = media_ref(path)
    assert ref.faces, "the detector should find the pasted face"
    draft = build_slideshow([ref], music=None, long_side=640, transition="cut")
    out = render(draft, tmp_path / "face.mp4")
    import av

    found = total = 0
    with av.open(str(out.path)) as c:
        for frame in c.decode(video=0):
            total += 1
            found += bool(detect_faces(np.asarray(frame.to_ndarray(format="rgb24"), np.uint8)))
    assert total == out.frames and found / total >= 0.9


def test_auto_title_over_a_centred_face_moves_off_it(tmp_path: Path) -> None:
    from diapo.render.compose import Compositor
    from diapo.render.pipeline import path_resolver
    from diapo.render.plan import make_plan

    photo = photo_with_face(1600, 900, (0.5, 0.5), 0.18)
    path = photo.save(tmp_path / "centre.jpg")
    ref = MediaRef(str(path), "photo", 1600, 900, subjects=(Subject(*photo.face),))
    draft = build_slideshow([ref], music=None, long_side=640, title="Estate in Toscana")
    assert draft.text_tracks[0].sg[0].m.pos == "auto"
    plan = make_plan(draft)
    comp = Compositor(draft, plan, path_resolver())
    try:
        faces = comp.subjects_during(plan.texts[0])
        sprite = comp._sprite(plan.texts[0])
    finally:
        comp.close()
    assert faces  # the face was seen under the title's time
    top, bottom = sprite.y, sprite.y + sprite.height
    assert all(bottom <= f[1] or top >= f[3] for f in faces)
    centred = (plan.height - sprite.height) // 2
    assert sprite.y != centred


def test_random_faces_photos_and_canvases_keep_the_face_whole() -> None:
    # Found this way: a face as tall as a panorama (its margin reaching both edges) was
    # zoomed into and cut on every frame.
    import random

    rng = random.Random(5)
    for i in range(200):
        w, h = rng.choice([(4032, 3024), (3024, 4032), (6000, 2000), (2000, 6000), (3000, 3000)])
        fw = rng.uniform(0.04, 0.3)
        fh = min(0.9, fw * w / h * 1.2)
        face = (rng.uniform(0, 1 - fw), rng.uniform(0, 1 - fh), fw, fh)
        aspect = rng.choice(["16:9", "9:16", "1:1", "4:5"])
        ref = _ref(w, h, face)
        fit = fit_for(ref, aspect)
        kb = ken_burns_for(i, ref, aspect, intensity=rng.choice([0.5, 1.0, 2.0]), fit=fit)
        shown = _face_on_screen(kb, fit, w, h, aspect, face)
        assert sum(shown) / FRAMES >= 0.9, (i, (w, h), face, aspect, kb)


def test_contact_sheet_cell_is_taken_where_the_face_is_whole(tmp_path: Path) -> None:
    from diapo.draft.model import Draft
    from diapo.render.compose import Compositor
    from diapo.render.pipeline import path_resolver
    from diapo.render.plan import make_plan
    from diapo.render.stills import _cell_frame

    photo = photo_with_face(1200, 1600, (0.5, 0.12), 0.2)
    path = photo.save(tmp_path / "tall.jpg")
    fx, fy, fw, fh = photo.face
    # A hand-made top-to-bottom sweep: the face is on screen only at the start, so the
    # middle frame (what the sheet used to take) cuts the head off. It lasts 9 s: a
    # quicker sweep pans faster than the pan rule, and the renderer would shorten it.
    draft = Draft.parse(
        {
            "c": {"ar": "16:9", "w": 640, "h": 360, "fps": 30},
            "t": [{"tt": 0, "sg": [{"d": 9000, "m": {
                "src": str(path),
                "kb": {"z0": 1.0, "z1": 1.0, "x0": 0, "y0": -1, "x1": 0, "y1": 1},
                "subj": [{"x": fx, "y": fy, "w": fw, "h": fh}],
            }}]}],
        }
    )  # fmt: skip
    plan = make_plan(draft)
    comp = Compositor(draft, plan, path_resolver())
    try:
        item = plan.items[0]
        assert comp.faces_shown(item, 0.5) < 0.5
        n = _cell_frame(comp, plan, item)
        assert comp.faces_shown(item, n / plan.fps * 1000 / item.d) == pytest.approx(1.0)
    finally:
        comp.close()
    out = render(draft, tmp_path / "sheet.png", still="contact")
    assert out.path.stat().st_size > 0
