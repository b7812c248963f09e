"""Figures of issue 20's ending and levels: a real render of photos and a loud phone clip.

Five holiday photos and a loud 4 s portrait phone clip (a 440 Hz tone at -6 dBFS peak),
the clip last, 16:9 at 640x360 with the built-in music. Prints the luma of the last
frames, the loudness of the photo part and of the clip part (pyloudnorm, as a player
hears the decoded AAC), their jump in LU, the whole mix's loudness and peak, the
stream lengths, and the fit the clip got. Run it on any tree to compare:

    PYTHONPATH=src python bench/ending_figures.py [--clip-first]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import av
import numpy as np
import pyloudnorm

RATE = 48_000


def _figures(clip_last: bool) -> dict[str, object]:
    from diapo.cli.inputs import media_ref
    from diapo.draft import build_slideshow, with_resolution
    from diapo.media import decode_audio
    from diapo.render import render
    from diapo.render.plan import make_plan
    from diapo.samples import write_holiday_set
    from diapo.samples.clips import ClipSpec, write_clip

    folder = Path(tempfile.mkdtemp(prefix="diapo-ending-"))
    photos = write_holiday_set(folder / "photos", count=5, size=(1600, 1200))
    clip_path = write_clip(
        folder / "phone.mp4", ClipSpec(seconds=4.0, width=640, height=360, rotation=90)
    )
    refs = [media_ref(p) for p in photos]
    clip = media_ref(clip_path)
    media = [*refs, clip] if clip_last else [*refs[:2], clip, *refs[2:]]
    draft = with_resolution(build_slideshow(media, music="tarantella"), 640)
    plan = make_plan(draft)
    item = next(it for it in plan.items if it.seg.m.kind == "clip")
    out = render(draft, folder / "out.mp4").path
    with av.open(str(out)) as c:
        luma = [float(np.mean(f.to_ndarray(format="gray"))) for f in c.decode(video=0)]
        v_end = len(luma) / plan.fps
    sound = decode_audio(out, sample_rate=RATE)
    meter = pyloudnorm.Meter(RATE)
    lo, hi = (item.start_ms + 500) * RATE // 1000, (item.end_ms - 500) * RATE // 1000
    photo_end = max(lo - RATE, RATE)
    photo_lufs = meter.integrated_loudness(sound[RATE // 2 : photo_end].astype(np.float64))
    clip_lufs = meter.integrated_loudness(sound[lo:hi].astype(np.float64))
    rms = [
        float(np.sqrt(np.mean(np.square(sound[-k * RATE // 4 :][: RATE // 4]))))
        for k in (8, 4, 2, 1)
    ]
    return {
        "clip_s": [item.start_ms / 1000, item.end_ms / 1000],
        "video_planned_s": plan.duration_ms / 1000,
        "clip_fit": item.seg.m.fit or draft.fit,
        "last_frames_luma": [round(x, 1) for x in luma[-36::5]],  # every 5th, the last last
        "rms_quarters_before_end": [round(x, 4) for x in rms],  # 2 s, 1 s, 0.5 s, 0.25 s before
        "photos_lufs": round(photo_lufs, 1),
        "clip_lufs": round(clip_lufs, 1),
        "jump_lu": round(clip_lufs - photo_lufs, 1),
        "mix_lufs": round(meter.integrated_loudness(sound.astype(np.float64)), 1),
        "sample_peak_db": round(float(20 * np.log10(np.max(np.abs(sound)))), 1),
        "video_s": round(v_end, 3),
        "audio_s": round(len(sound) / RATE, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clip-first", action="store_true", help="the clip third, a photo last")
    args = parser.parse_args()
    print(json.dumps(_figures(not args.clip_first), indent=2))


if __name__ == "__main__":
    main()
