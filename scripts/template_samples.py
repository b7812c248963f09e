"""Render each built-in template's thumbnail and 10-second sample into the package.

    .venv/bin/python scripts/template_samples.py [OUTPUT_DIR]
    (default: src/diapo/web/static/templates)

The photos are Diapo's own generated holiday set (`diapo.samples`), so the
samples can be made again anywhere. Each sample is the template filled in
with an example name, place and date in Italian, with as many photos as
bring it closest to 10 s (its pace and beat decide), at 360p and at most
320 kbit/s so that the eight stay small in the package; each thumbnail is
its poster frame (the title fully shown), shrunk to 320x180.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PIL import Image

from diapo.cli.inputs import media_ref
from diapo.draft import with_resolution
from diapo.draft.occasions import BUILTIN_TEMPLATES
from diapo.draft.templates import merge
from diapo.render import path_resolver, render
from diapo.render.ratecontrol import RateTarget
from diapo.samples import write_holiday_set

SAMPLE_SECONDS = 10
EXAMPLE = {"nome": "Maria", "luogo": "Amalfi", "data": "12 agosto 2026"}


THUMB_SIZE = (320, 180)  # the gallery shows eight of them on the page's first screen


def shrink(path: Path) -> None:
    """The poster made small and light: the page's first load has a weight budget."""
    with Image.open(path) as image:
        small = image.convert("RGB").resize(THUMB_SIZE, Image.Resampling.LANCZOS)
    small.save(path, "JPEG", quality=72, optimize=True, progressive=True)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        photos = write_holiday_set(Path(tmp), 8, size=(1280, 960))
        shot = [media_ref(p) for p in photos]
        for i, (tid, template) in enumerate(BUILTIN_TEMPLATES.items()):
            media = shot[i:] + shot[:i]  # each opens on another scene, so the thumbnails differ
            names = {f.name for f in template.fields}
            values = {k: v for k, v in EXAMPLE.items() if k in names}
            drafts = [
                merge(template, {**values, "foto": media[:n]}, lang="it")
                for n in range(1, len(media) + 1)
            ]
            draft = min(drafts, key=lambda d: abs(d.duration_ms() - SAMPLE_SECONDS * 1000))
            sample = render(
                with_resolution(draft, "360p"),
                out / f"{tid}.mp4",
                resolve=path_resolver(None),
                rate=RateTarget(peak_bps=320_000, audio_bps=64_000),
            )
            thumb = render(
                with_resolution(draft, 640), out / f"{tid}.jpg", resolve=path_resolver(None)
            )
            shrink(thumb.path)
            size = (out / f"{tid}.mp4").stat().st_size // 1024
            print(f"{tid}: {sample.duration_ms / 1000:.1f} s, {size} KB; {thumb.path.name}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("src/diapo/web/static/templates"))
