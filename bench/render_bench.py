"""Rendering benchmark: Diapo against the encoder-only floor and MoviePy, in one run.

Render and floor alternate `--repeats` times and their medians are compared;
MoviePy, at over three minutes, runs once.

Workload (issue 3): 10 phone photos 4032x3024 of both orientations, 1080p30,
3.5 s per photo, 0.5 s crossfades, Ken Burns, a title and the built-in music.
Every measurement runs in a fresh process so that peak memory is its own.

    python bench/render_bench.py [--moviepy-python PY] [--photos-large 100] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from statistics import median
from typing import Any

OUT = Path(__file__).resolve().parent / "out"
FONT = Path(__file__).resolve().parents[1] / "src/diapo/render/fonts/DejaVuSerif-Bold.ttf"


def _peak_mb() -> float:
    from diapo.render.memory import peak_rss_bytes

    # VmHWM: ru_maxrss would carry over the peak of the process that started this one.
    return peak_rss_bytes() / 2**20


def _photos(count: int) -> list[Path]:
    from diapo.samples import write_holiday_set

    folder = OUT / f"photos-{count}"
    existing = sorted(folder.glob("*.jpg"))
    if len(existing) == count:
        return existing
    folder.mkdir(parents=True, exist_ok=True)
    for p in existing:
        p.unlink()
    return sorted(write_holiday_set(folder, count))


def _draft(count: int, seconds: float):  # type: ignore[no-untyped-def]
    from diapo.cli.inputs import media_ref
    from diapo.draft import build_slideshow

    media = [media_ref(p) for p in _photos(count)]
    # The workload is fixed (3.5 s a photo, 915 frames, the same as MoviePy's), so the
    # cuts stay where it puts them rather than moving onto the music's beats.
    return build_slideshow(
        media,
        seconds_per_photo=seconds,
        transition_ms=500,
        title="Estate in Toscana",
        beat_sync=False,
    )


def child_render(count: int, seconds: float, quality: str, out: str) -> dict[str, float]:
    from diapo.render import render

    draft = _draft(count, seconds)
    start = time.perf_counter()
    result = render(draft, Path(out), quality=quality)
    return {
        "seconds": time.perf_counter() - start,
        "peak_mb": _peak_mb(),
        "frames": result.frames,
        "video_s": result.duration_ms / 1000,
    }


def child_floor(count: int, seconds: float, quality: str) -> dict[str, float]:
    """Encode the render's own frames, made beforehand and held in memory, with its settings."""
    import av
    import cv2
    import numpy as np

    from diapo.render.audio import file_source, mix_soundtrack
    from diapo.render.compose import Compositor
    from diapo.render.encode import encode_av
    from diapo.render.gops import gop_starts
    from diapo.render.pipeline import path_resolver
    from diapo.render.plan import make_plan

    draft = _draft(count, seconds)
    plan = make_plan(draft)
    comp = Compositor(draft, plan, path_resolver())
    # Ready encoder frames, as the render's producer thread hands them over.
    ready = [
        av.VideoFrame.from_ndarray(
            cv2.cvtColor(comp.frame(n), cv2.COLOR_RGBA2YUV_I420), format="yuv420p"
        )
        for n in range(plan.frames)
    ]
    comp.close()
    audio = mix_soundtrack(draft, plan, file_source(path_resolver()))
    start = time.perf_counter()
    encode_av(
        OUT / "floor.mp4",
        "mp4",
        iter(ready),
        width=plan.width,
        height=plan.height,
        fps=plan.fps,
        audio=np.asarray(audio),
        quality=quality,
        # The render restarts its encoder at these frames (render/gops.py); so does the floor.
        restarts=gop_starts(plan),
    )
    return {"seconds": time.perf_counter() - start}


def moviepy_run(python: str, count: int, seconds: float) -> dict[str, float]:
    """MoviePy in its own interpreter (it needs an older Pillow than Diapo)."""
    from diapo.cli.inputs import media_ref
    from diapo.draft import build_slideshow
    from diapo.render import render

    photos = _photos(count)
    music = OUT / "music.wav"
    draft = build_slideshow(
        [media_ref(p) for p in photos], seconds_per_photo=seconds, beat_sync=False
    )
    render(draft, music)
    script = Path(__file__).resolve().parent / "moviepy_slideshow.py"
    done = subprocess.run(
        [python, str(script), str(OUT / "moviepy.mp4"), str(music), str(seconds), _x264_json()]
        + [str(FONT), "Estate in Toscana"]
        + [str(p) for p in photos],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"MoviePy failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _x264_json() -> str:
    from diapo.render.encode import X264_SETTINGS

    return json.dumps(X264_SETTINGS["standard"])


def _x264_label(quality: str) -> str:
    from diapo.render.encode import X264_SETTINGS

    return " ".join(f"{k} {v}" for k, v in X264_SETTINGS[quality].items())


def ssim_against_lossless(test: Path, reference: Path, samples: int = 24) -> float:
    """Mean SSIM (luma) of sampled frames of `test` against the lossless render."""
    import av
    import numpy as np
    from skimage.metrics import structural_similarity

    def count(path: Path) -> int:
        with av.open(str(path)) as c:
            return sum(1 for _ in c.demux(video=0)) - 1  # the last packet is the flush marker

    def frames(path: Path, picks: set[int]) -> dict[int, np.ndarray]:
        # Only the sampled frames are kept: a whole 1080p video would not fit in memory.
        with av.open(str(path)) as c:
            return {
                i: f.to_ndarray(format="gray")
                for i, f in enumerate(c.decode(video=0))
                if i in picks
            }

    n = min(count(test), count(reference))
    picks = {int(i) for i in np.linspace(0, n - 1, samples)}
    a, b = frames(test, picks), frames(reference, picks)
    scores = [
        structural_similarity(a[i], b[i], data_range=255)
        for i in sorted(picks)
        if i in a and i in b
    ]
    return float(np.mean(scores))


def _median_run(runs: list[dict[str, float]]) -> dict[str, float]:
    return sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]


def _spread(runs: list[dict[str, float]]) -> str:
    times = sorted(r["seconds"] for r in runs)
    return f"{len(times)}: {times[0]:.1f}-{times[-1]:.1f} s" if len(times) > 1 else "1"


def run_child(script: str, *args: str) -> Any:
    """Run `script _child ARGS` in a fresh interpreter and return the JSON it printed last."""
    done = subprocess.run(
        [sys.executable, script, "_child", *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"benchmark step {args} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _run(*args: str) -> dict[str, float]:
    result: dict[str, float] = run_child(__file__, *args)
    return result


def print_rows(rows: list[tuple[str, str]]) -> None:
    """The figures as two aligned columns, after a blank line."""
    width = max(len(k) for k, _ in rows)
    print()
    for key, value in rows:
        print(f"{key.ljust(width)}  {value}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--moviepy-python", help="Python of a venv with moviepy 2.2.1")
    parser.add_argument("--photos-large", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3, help="render/floor pairs")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    _photos(10)
    _photos(args.photos_large)
    rows: list[tuple[str, str]] = []

    # The machine's speed drifts by 10 % or more within minutes, so render and
    # floor alternate and each figure is the median of its repeats.
    renders, floors = [], []
    for _ in range(args.repeats):
        renders.append(_run("render", "10", "3.5", "standard", str(OUT / "diapo.mp4")))
        floors.append(_run("floor", "10", "3.5", "standard"))
    std = _median_run(renders)
    floor = _median_run(floors)
    pair_ratios = [r["seconds"] / f["seconds"] for r, f in zip(renders, floors, strict=True)]
    rows += [
        ("video", f"{std['video_s']:.1f} s, {int(std['frames'])} frames 1920x1080@30"),
        (
            f"Diapo render (standard: {_x264_label('standard')})",
            f"{std['seconds']:.1f} s (median of {_spread(renders)})",
        ),
        (
            "encoder-only floor: the same frames, ready in memory",
            f"{floor['seconds']:.1f} s (median of {_spread(floors)})",
        ),
        (
            "ratio render / floor",
            f"{std['seconds'] / floor['seconds']:.2f}x (goal <= 1.23; pairs "
            f"{min(pair_ratios):.2f}-{max(pair_ratios):.2f}x, median {median(pair_ratios):.2f}x)",
        ),
        ("speed vs real time", f"{std['video_s'] / std['seconds']:.2f}x real time"),
        (
            "peak memory, 10 photos",
            f"{max(r['peak_mb'] for r in renders):.0f} MB (target < 600)",
        ),
    ]
    fast = _run("render", "10", "3.5", "preview", str(OUT / "diapo-preview.mp4"))
    fast_floor = _run("floor", "10", "3.5", "preview")
    rows += [
        (f"Diapo render (preview: {_x264_label('preview')})", f"{fast['seconds']:.1f} s"),
        ("ratio preview / its floor", f"{fast['seconds'] / fast_floor['seconds']:.2f}x"),
    ]
    peak10 = max(r["peak_mb"] for r in renders)
    big = _run("render", str(args.photos_large), "0.6", "preview", str(OUT / "diapo-many.mp4"))
    rows.append(
        (
            f"peak memory, {args.photos_large} photos",
            f"{big['peak_mb']:.0f} MB ({big['peak_mb'] / peak10:.2f}x the 10-photo peak)",
        )
    )
    lossless = _run("render", "10", "3.5", "lossless", str(OUT / "diapo-lossless.mkv"))
    try:
        ssim = ssim_against_lossless(OUT / "diapo.mp4", OUT / "diapo-lossless.mkv")
        ssim_p = ssim_against_lossless(OUT / "diapo-preview.mp4", OUT / "diapo-lossless.mkv")
        rows.append(("SSIM vs lossless (standard / preview)", f"{ssim:.4f} / {ssim_p:.4f}"))
    except ImportError:
        rows.append(("SSIM", "skipped (scikit-image not installed)"))
    del lossless
    if args.moviepy_python:
        mp = moviepy_run(args.moviepy_python, 10, 3.5)
        rows += [
            ("MoviePy 2.2.1, same video, x264 settings, 2 threads", f"{mp['seconds']:.1f} s"),
            (
                "Diapo speed-up over MoviePy",
                f"{mp['seconds'] / std['seconds']:.1f}x (target >= 15)",
            ),
            ("MoviePy peak memory", f"{mp['peak_mb']:.0f} MB"),
        ]
    print_rows(rows)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_child":
        kind, *rest = sys.argv[2:]
        if kind == "render":
            res = child_render(int(rest[0]), float(rest[1]), rest[2], rest[3])
        else:
            res = child_floor(int(rest[0]), float(rest[1]), rest[2])
        print(json.dumps(res))
    else:
        main()
