"""Seeing the photos: analysis time per phone photo, and what framing costs a 10-photo render.

Run: .venv/bin/python bench/vision_bench.py (from the repository root). Analysis happens
once at ingest; the render reads subject boxes from the draft, so its cost should be
within noise of a render without them.
"""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.factories.faces import photo_with_face

from diapo.cli.inputs import media_ref
from diapo.draft import Draft, build_slideshow
from diapo.media.quality import analyse_photo
from diapo.render import render

PLACES = [(0.5, 0.15), (0.3, 0.4), (0.7, 0.3), (0.5, 0.5), (0.2, 0.2)]


def face_whole_fractions() -> None:
    """Over 600 random faces, photo shapes, canvases and motions: the share of frames on
    which the face is wholly on screen, and the fastest pan (px per frame at 1080 px)."""
    import random

    from diapo.draft import MediaRef, framing, ken_burns_for
    from diapo.draft.builder import fit_for
    from diapo.draft.media import Subject
    from diapo.draft.model import canvas_for

    rng = random.Random(11)
    shares, speeds = [], []
    for i in range(600):
        w, h = rng.choice([(4032, 3024), (3024, 4032), (6000, 2000), (2000, 6000), (3000, 3000)])
        fw = rng.uniform(0.04, 0.3)
        fh = min(0.9, fw * w / h * 1.2)
        face = (rng.uniform(0, 1 - fw), rng.uniform(0, 1 - fh), fw, fh)
        aspect = rng.choice(["16:9", "9:16", "1:1", "4:5"])
        ref = MediaRef("p", "photo", w, h, subjects=(Subject(*face),))
        fit = fit_for(ref, aspect)
        kb = ken_burns_for(i, ref, aspect, intensity=rng.choice([0.5, 1.0, 2.0]), fit=fit)
        c = canvas_for(aspect)
        box = framing.Box(*face)
        shares.append(framing.frames_whole(kb, w / h, c.w / c.h, fit, [box], 105))
        speeds.append(framing.peak_speed(kb, w / h, c.w / c.h, fit, 105) * 1080)
    shares.sort()
    print(
        f"face whole on screen: min {shares[0]:.3f}, 1st percentile {shares[6]:.3f}, "
        f"mean {sum(shares) / len(shares):.4f} of frames over {len(shares)} motions"
    )
    print(f"fastest pan: {max(speeds):.2f} px per frame at 1080 px wide")


def main() -> None:
    face_whole_fractions()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = []
        for i in range(10):
            size = (3024, 4032) if i % 2 == 0 else (4032, 3024)
            photo = photo_with_face(*size, PLACES[i % len(PLACES)], 0.12 + 0.02 * (i % 3))
            paths.append(photo.save(folder / f"IMG_{i:04d}.jpg"))
        analyse_photo(paths[0])  # load the detector once
        started = time.perf_counter()
        for p in paths:
            analyse_photo(p)
        per_photo = (time.perf_counter() - started) / len(paths)
        print(f"analysis: {per_photo * 1000:.0f} ms per 12 MP JPEG (decode, faces, quality)")
        refs = [media_ref(p) for p in paths]
        print(f"faces found: {sum(bool(r.faces) for r in refs)} of {len(refs)} photos")
        with_subjects = build_slideshow(refs, music=None, title="Estate in Toscana")
        # What Diapo did before: the same photos without analysis (no subjects).
        blind = [replace(r, subjects=()) for r in refs]
        before = build_slideshow(blind, music=None, title="Estate in Toscana")
        cpu: dict[str, list[float]] = {"with subjects": [], "without": []}
        wall: dict[str, list[float]] = {"with subjects": [], "without": []}
        for _ in range(3):
            for name, draft in (("without", before), ("with subjects", with_subjects)):
                # CPU time of all threads: steadier than wall time on a shared machine.
                c0 = time.process_time()
                result = render(draft, folder / "out.mp4")
                cpu[name].append(time.process_time() - c0)
                wall[name].append(result.seconds)
        for name in cpu:
            runs = [round(r, 2) for r in cpu[name]]
            print(
                f"render {name}: CPU {min(cpu[name]):.2f} s (runs {runs}),"
                f" wall best {min(wall[name]):.2f} s"
            )
        cost = min(cpu["with subjects"]) / min(cpu["without"]) - 1
        print(f"render cost of framing (CPU): {cost * 100:+.1f}%")
        comp_cost(with_subjects)


def comp_cost(draft: Draft) -> None:
    """The one-off work framing adds in the renderer: placing the title around faces."""
    from diapo.render.compose import Compositor
    from diapo.render.pipeline import path_resolver
    from diapo.render.plan import make_plan

    plan = make_plan(draft)
    comp = Compositor(draft, plan, path_resolver())
    try:
        comp.frame(0)  # photos decoded, as during a render
        started = time.perf_counter()
        comp._sprites.clear()
        comp._sprite(plan.texts[0])
        auto = time.perf_counter() - started
    finally:
        comp.close()
    print(f"placing the title around faces: {auto * 1000:.0f} ms once per render")


if __name__ == "__main__":
    main()
