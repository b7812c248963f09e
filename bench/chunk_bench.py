"""Chunked-render benchmark (issue 14): 1, 2 and 4 chunk processes, an N-host projection, memory.

Workload: 100 phone photos (4032x3024, generated), 3.5 s each with 0.5 s
crossfades, Ken Burns, a title and the built-in music: 1080p30, 300.5 s,
9015 frames. Each render runs in a fresh process; the chunked ones start their
workers from a fork server, so the figures include starting the workers, mixing
the soundtrack and the join.

Memory: for 10 to 250 photos, one chunk (a run of at most 240 frames, as
`plan_chunks` cuts them), the soundtrack and the join are each run alone in a
fresh process, and their peak RSS is read from the kernel. The join is fed a
whole video's worth of parts (the same chunk file repeated), as long as the
slideshow.

    python bench/chunk_bench.py [--photos 100] [--sweep 10,50,100,250] [--skip-renders]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from render_bench import OUT, _peak_mb, _photos, print_rows, run_child  # shared with it

SECONDS_PER_PHOTO = 3.5


def _draft(count: int):  # type: ignore[no-untyped-def]
    from diapo.cli.inputs import media_ref
    from diapo.draft import build_slideshow

    media = [media_ref(p) for p in _photos(count)]
    return build_slideshow(
        media,
        seconds_per_photo=SECONDS_PER_PHOTO,
        transition_ms=500,
        title="Estate in Toscana",
        beat_sync=False,
    )


def _saved_draft(count: int) -> Path:
    """The draft, analysed once and saved, so that each measured process only renders."""
    path = OUT / f"draft-{count}.json"
    if not path.exists():
        path.write_text(_draft(count).to_json(), encoding="utf-8")
    return path


def _load(count: int):  # type: ignore[no-untyped-def]
    from diapo.draft import Draft

    return Draft.parse(_saved_draft(count).read_text(encoding="utf-8"))


def child_render(count: int, jobs: int) -> dict[str, object]:
    from diapo.render.chunks import render_chunked

    draft = _load(count)
    chunks: list[dict[str, float]] = []
    start = time.perf_counter()
    result = render_chunked(
        draft,
        OUT / f"chunked-{count}-{jobs}.mp4",
        jobs=jobs,
        chunk_stats=lambda c, s: chunks.append(
            {"frames": c.frames, "seconds": s.seconds, "peak_mb": s.peak_rss / 2**20}
        ),
    )
    return {
        "seconds": time.perf_counter() - start,
        "frames": result.frames,
        "video_s": result.duration_ms / 1000,
        "parent_peak_mb": _peak_mb(),
        "chunks": chunks,
    }


def child_chunk(count: int) -> dict[str, float]:
    """One chunk of one run (<= 240 frames) from the middle of the video, alone."""
    from diapo.render import path_resolver
    from diapo.render.chunks import plan_chunks, render_chunk
    from diapo.render.gops import gop_starts
    from diapo.render.plan import make_plan

    draft = _load(count)
    plan = make_plan(draft)
    runs = len(gop_starts(plan))
    chunk = plan_chunks(draft, runs, plan=plan)[runs // 2]
    start = time.perf_counter()
    render_chunk(draft, chunk, path_resolver(), OUT / f"chunk-{count}.mp4")
    return {
        "seconds": time.perf_counter() - start,
        "frames": chunk.frames,
        "peak_mb": _peak_mb(),
        "runs": runs,
    }


def child_sound(count: int) -> dict[str, float]:
    from diapo.render import path_resolver
    from diapo.render.chunks import render_soundtrack

    draft = _load(count)
    start = time.perf_counter()
    render_soundtrack(draft, path_resolver(), OUT / f"sound-{count}.mp4")
    return {"seconds": time.perf_counter() - start, "peak_mb": _peak_mb()}


def child_join(count: int, runs: int) -> dict[str, float]:
    from diapo.render.chunks import join_chunks

    part = OUT / f"chunk-{count}.mp4"
    start = time.perf_counter()
    frames = join_chunks([part] * runs, OUT / f"sound-{count}.mp4", OUT / f"joined-{count}.mp4")
    return {"seconds": time.perf_counter() - start, "peak_mb": _peak_mb(), "frames": frames}


def _run(*args: str) -> dict[str, object]:
    result: dict[str, object] = run_child(__file__, *args)
    print(f"  {' '.join(args)}: {json.dumps(result)}", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--photos", type=int, default=100)
    parser.add_argument("--sweep", default="10,50,100,250")
    parser.add_argument("--jobs", default="1,2,4")
    parser.add_argument("--skip-renders", action="store_true")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    sweep = [int(n) for n in args.sweep.split(",") if n]
    for count in sorted({args.photos, *sweep}):
        _photos(count)
        _saved_draft(count)
    rows: list[tuple[str, str]] = []

    if not args.skip_renders:
        jobs = [int(j) for j in args.jobs.split(",")]
        runs = {j: _run("render", str(args.photos), str(j)) for j in jobs}
        base = runs[jobs[0]]
        base_s = float(base["seconds"])  # type: ignore[arg-type]
        frames = int(base["frames"])  # type: ignore[call-overload]
        video_s = float(base["video_s"])  # type: ignore[arg-type]
        rows.append(
            (
                "video",
                f"{video_s:.1f} s, {base['frames']} frames 1920x1080@30, {args.photos} photos",
            )
        )
        for j in jobs:
            r = runs[j]
            seconds = float(r["seconds"])  # type: ignore[arg-type]
            speedup = base_s / seconds
            rows.append(
                (
                    f"{j} process{'es' if j > 1 else ''}",
                    f"{seconds:.1f} s ({video_s / seconds:.2f}x real time), speed-up "
                    f"{speedup:.2f}x, efficiency {speedup / j:.2f} a process, "
                    f"parent peak {float(r['parent_peak_mb']):.0f} MB",  # type: ignore[arg-type]
                )
            )
        widest = max(jobs)
        chunks = runs[widest]["chunks"]
        assert isinstance(chunks, list)
        rows.append(
            (
                f"chunk times, {widest} processes",
                ", ".join(f"{c['seconds']:.1f} s/{c['frames']} fr" for c in chunks)
                + "; peaks "
                + ", ".join(f"{c['peak_mb']:.0f}" for c in chunks)
                + " MB",
            )
        )
        # Fixed cost of a chunked render: workers started, soundtrack, join, left over
        # once the slowest chunk is done.
        overhead = float(runs[widest]["seconds"]) - max(c["seconds"] for c in chunks)  # type: ignore[arg-type]

    alone: dict[int, float] = {}  # seconds a frame, a chunk alone on this machine
    for count in sweep:
        chunk = _run("chunk", str(count))
        alone[count] = float(chunk["seconds"]) / float(chunk["frames"])  # type: ignore[arg-type]
        sound = _run("sound", str(count))
        join = _run("join", str(count), str(chunk["runs"]))
        rows.append(
            (
                f"peak RSS, {count} photos",
                f"chunk {float(chunk['peak_mb']):.0f} MB "  # type: ignore[arg-type]
                f"({chunk['frames']} frames, {float(chunk['seconds']):.1f} s); "  # type: ignore[arg-type]
                f"join {float(join['peak_mb']):.0f} MB "  # type: ignore[arg-type]
                f"({join['frames']} frames, {float(join['seconds']):.1f} s); "  # type: ignore[arg-type]
                f"soundtrack {float(sound['peak_mb']):.0f} MB "  # type: ignore[arg-type]
                f"({float(sound['seconds']):.1f} s)",  # type: ignore[arg-type]
            )
        )
    if not args.skip_renders and args.photos in alone:
        # The projection: each of N hosts like this one renders frames/N frames at the
        # per-frame time of a chunk that had this machine to itself (measured above),
        # plus the fixed cost measured in the widest local run.
        per_frame = alone[args.photos]
        for hosts in (1, 2, 4, 8, 16):
            rows.append(
                (
                    f"projection, {hosts} host{'s' if hosts > 1 else ''} like this one",
                    f"{frames / hosts * per_frame + overhead:.1f} s "
                    f"({frames / hosts * per_frame:.1f} s of frames + {overhead:.1f} s fixed; "
                    "projected from measured chunk times, not measured)",
                )
            )
    print_rows(rows)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_child":
        kind, *rest = sys.argv[2:]
        if kind == "render":
            res: dict[str, object] = child_render(int(rest[0]), int(rest[1]))
        elif kind == "chunk":
            res = dict(child_chunk(int(rest[0])))
        elif kind == "sound":
            res = dict(child_sound(int(rest[0])))
        else:
            res = dict(child_join(int(rest[0]), int(rest[1])))
        print(json.dumps(res))
    else:
        main()
