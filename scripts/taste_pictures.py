"""Render the README's "Taste" pictures with Diapo's own renderer.

    .venv/bin/python scripts/taste_pictures.py [OUTPUT_DIR]   (default: docs/taste)

Each "before" is what the renderer did before it looked at the photos: the same
photos and the same builder, with the detected faces taken away (the naive
centre crop and top-to-bottom pan), or the title fixed in the centre. Each
"after" is today's default. The photos are scikit-image's (public domain): the
astronaut Eileen Collins, on its coffee cup where a wider scene is needed.
"""

from __future__ import annotations

import dataclasses
import sys
import tempfile
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFont

from diapo.cli.inputs import media_ref
from diapo.draft import Draft, MediaRef, build_slideshow
from diapo.draft.model import SubjectBox
from diapo.draft.ops import AddTitle, EditText
from diapo.render import path_resolver
from diapo.render.compose import Compositor
from diapo.render.plan import make_plan
from diapo.render.text import font_path

Rgb = NDArray[np.uint8]
W, H = 480, 270  # each frame of a picture: small, the README shows them side by side
_MAX_BYTES = 150_000


def _portrait_photo(folder: Path) -> Path:
    """The astronaut as a phone's portrait photo (9:16), her face in the top third."""
    from skimage import data

    img = data.astronaut()[:, 96:384]  # 288 x 512, the face at 15-33% of the height
    img = cv2.resize(img, (576, 1024), interpolation=cv2.INTER_CUBIC)
    path = folder / "portrait.jpg"
    Image.fromarray(img).save(path, quality=92)
    return path


def _face_in_the_middle(folder: Path) -> Path:
    """A landscape photo with a face where a centred title would go."""
    from skimage import data

    scene = cv2.resize(data.coffee(), (1280, 720), interpolation=cv2.INTER_LINEAR)
    head = data.astronaut()[20:240, 125:325]  # head and shoulders
    head = cv2.resize(head, (300, 330), interpolation=cv2.INTER_CUBIC)
    scene[250:580, 490:790] = head  # the face sits across the canvas's middle band
    path = folder / "face.jpg"
    Image.fromarray(scene).save(path, quality=92)
    return path


def _frames(draft: Draft, at: list[float]) -> list[Rgb]:
    """Frames of the draft at the given progress through it, shrunk for the README."""
    plan = make_plan(draft)
    comp = Compositor(draft, plan, path_resolver())
    try:
        frames = [comp.frame_rgb(min(plan.frames - 1, round(u * (plan.frames - 1)))) for u in at]
    finally:
        comp.close()
    return [cv2.resize(f, (W, H), interpolation=cv2.INTER_AREA) for f in frames]


def _face_whole(draft: Draft, ref: MediaRef) -> float:
    """The share of the first photo's frames that show its detected face whole.

    The face is put back on the draft's segment only to be measured: a segment that
    moves (Ken Burns) moves the same with or without it.
    """
    segs = draft.main_video.sg if draft.main_video else []
    subj = [SubjectBox.model_validate(s.to_dict()) for s in ref.subjects]
    first = segs[0].model_copy(update={"m": segs[0].m.model_copy(update={"subj": subj})})
    video = draft.t[0].model_copy(update={"sg": [first, *segs[1:]]})
    measured = draft.model_copy(update={"t": [video, *draft.t[1:]]})
    plan = make_plan(measured)
    comp = Compositor(measured, plan, path_resolver())
    try:
        item = plan.items[0]
        shown = [comp.faces_shown(item, n / max(1, plan.frames - 1)) for n in range(plan.frames)]
    finally:
        comp.close()
    return sum(s >= 0.999 for s in shown) / len(shown)


def _label(frame: Rgb, text: str) -> Rgb:
    img = Image.fromarray(frame)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(font_path("sans", False, False), 15)
    box = draw.textbbox((8, 6), text, font=font)
    draw.rectangle((box[0] - 5, box[1] - 4, box[2] + 5, box[3] + 4), fill=(0, 0, 0))
    draw.text((8, 6), text, font=font, fill=(255, 255, 255))
    return np.asarray(img)


def _save(rows: list[list[Rgb]], path: Path) -> None:
    gap = 4
    grid = np.full(
        (len(rows) * H + (len(rows) - 1) * gap, len(rows[0]) * W + (len(rows[0]) - 1) * gap, 3),
        255,
        np.uint8,
    )
    for r, row in enumerate(rows):
        for c, frame in enumerate(row):
            grid[r * (H + gap) : r * (H + gap) + H, c * (W + gap) : c * (W + gap) + W] = frame
    for quality in (85, 78, 70, 60):
        Image.fromarray(grid).save(path, quality=quality, optimize=True)
        if path.stat().st_size <= _MAX_BYTES:
            break
    print(f"{path} {path.stat().st_size // 1000} KB")


def portrait_on_16x9(folder: Path, out: Path) -> None:
    ref = media_ref(_portrait_photo(folder))
    naive = dataclasses.replace(ref, subjects=())
    at = [0.05, 0.5, 0.95]
    rows = []
    for name, media in (("before", naive), ("after", ref)):
        draft = build_slideshow([media], music=None, seconds_per_photo=5, long_side=960)
        frames = _frames(draft, at)
        whole = _face_whole(draft, ref)
        print(f"portrait {name}: face whole on screen in {whole:.0%} of the frames")
        rows.append(
            [_label(f, f"{name}: {round(u * 100)}% in, face whole {whole:.0%}") for f, u in zip(
                frames, at, strict=True)]
        )  # fmt: skip
    _save(rows, out / "portrait_16x9.jpg")


def title_off_the_face(folder: Path, out: Path) -> None:
    ref = media_ref(_face_in_the_middle(folder))
    draft = build_slideshow([ref], music=None, seconds_per_photo=4, long_side=960, ken_burns=0)
    row = []
    for name, pos in (("before: always centred", "center"), ("after: off the face", None)):
        titled = AddTitle(text="Estate in Toscana", pos=pos).apply(draft, [ref])
        if pos is None:
            titled = _auto(titled)
        frames = _frames(titled, [0.3])
        row.append(_label(frames[0], name))
    _save([row], out / "title_off_face.jpg")


def _auto(draft: Draft) -> Draft:
    """The title placed as a new slideshow's is: "auto", around the faces."""
    track = draft.text_tracks[0]
    seg = track.sg[0]
    moved = seg.model_copy(update={"m": seg.m.model_copy(update={"pos": "auto"})})
    return draft.model_copy(
        update={
            "t": [t if t is not track else t.model_copy(update={"sg": [moved]}) for t in draft.t]
        }
    )


def title_style(folder: Path, out: Path) -> None:
    from skimage import data

    path = folder / "cup.jpg"
    Image.fromarray(cv2.resize(data.coffee(), (1280, 720))).save(path, quality=92)
    ref = media_ref(path)
    base = build_slideshow([ref], music=None, seconds_per_photo=4, long_side=960, ken_burns=0)
    text = '"Estate" nella Città di Castello, con gli amici di sempre'
    titled = AddTitle(text=text, pos="center").apply(base, [ref])
    titled = titled.model_copy(update={"lang": "it"})
    old = EditText(role="title", font="serif").apply(titled, [ref])
    seg = old.text_tracks[0].sg[0]
    heavy = seg.model_copy(update={"m": seg.m.model_copy(update={"outline": True})})
    old = old.model_copy(
        update={"t": [*old.t[:-1], old.text_tracks[0].model_copy(update={"sg": [heavy]})]}
    )
    row = []
    for name, draft in (
        ("the old default: serif, outline", old),
        ("now: Inter, soft shadow", titled),
    ):
        frames = _frames(draft, [0.3])
        row.append(_label(frames[0], name))
    _save([row], out / "title_style.jpg")


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        portrait_on_16x9(folder, out)
        title_off_the_face(folder, out)
        title_style(folder, out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/taste"))
