"""Chunked render: a video cut at safe frames, the chunks encoded apart, joined by stream copy.

Frame n is a pure function of the plan (the compositor's caches and prefetch
only ever look ahead), so a chunk starting at frame 4000 draws exactly what a
whole render draws there. Each chunk is a video-only file encoded with the
same settings as a whole render; its first frame is an IDR frame and x264's
GOPs are closed, so the parts concatenate packet for packet. The soundtrack is
mixed once for the whole video and muxed in at the join.
"""

from __future__ import annotations

import contextlib
import heapq
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import cv2

from diapo.draft.model import Draft
from diapo.errors import MissingMediaError, RenderCancelled, RenderError, UnsupportedOutputError
from diapo.render.audio import file_source, mix_soundtrack
from diapo.render.chunkpool import DEFAULT_STALL_SECONDS, TaskStats, run_tasks
from diapo.render.compose import Resolver
from diapo.render.encode import CONTAINERS, X264_SETTINGS, encode_audio_only, encode_av
from diapo.render.gops import gop_starts
from diapo.render.memory import map_big_buffers_apart, release_freed_memory
from diapo.render.pipeline import Cancel, FrameProducer, Progress, RenderResult, output_format
from diapo.render.plan import Plan, make_plan

__all__ = [
    "CHUNKED_FORMATS",
    "Chunk",
    "PathTable",
    "chunkable",
    "join_chunks",
    "part_format",
    "plan_chunks",
    "render_chunk",
    "render_chunked",
    "render_soundtrack",
]

#: Containers a chunked render can be joined into by stream copy. GIF, stills and
#: sound-only files are rendered in one process.
CHUNKED_FORMATS = ("mp4", "mov", "mkv", "webm")


@dataclass(frozen=True, slots=True)
class Chunk:
    """Frames `start_frame` (inclusive) to `end_frame` (exclusive) of a draft's video."""

    index: int
    start_frame: int
    end_frame: int

    @property
    def frames(self) -> int:
        return self.end_frame - self.start_frame


def chunkable(draft: Draft, fmt: str) -> bool:
    """Whether a render of `draft` to `fmt` may be split into chunks.

    GIF, stills and sound are made whole; so is a video under a platform
    preset's rate control, whose bitrate and file-size cap are met over the
    whole stream (x264's two passes read one statistics file end to end).
    """
    from diapo.render.ratecontrol import preset_rate

    return fmt in CHUNKED_FORMATS and preset_rate(draft, fmt) is None


def part_format(fmt: str) -> str:
    """The container a chunk (or the soundtrack) of a `fmt` video is written in.

    MP4 keeps H.264's decode timestamps (B-frames), which Matroska does not
    store; VP9 has no B-frames and goes in WebM. The join rewrites the parts
    into `fmt` whatever their own container.
    """
    if fmt not in CHUNKED_FORMATS:
        raise UnsupportedOutputError(
            f"A chunked render writes {', '.join(CHUNKED_FORMATS)}; '{fmt}' is rendered whole."
        )
    return "webm" if CONTAINERS[fmt].video == "libvpx-vp9" else "mp4"


def plan_chunks(
    draft: Draft, count: int, *, min_frames: int = 1, plan: Plan | None = None
) -> list[Chunk]:
    """Split the draft's frames into at most `count` chunks of near-equal length (pure).

    Chunks start only where the encoder restarts in every render
    (`gops.gop_starts`: never inside a transition, about every 8 s at 30 fps),
    so a video shorter than that is one chunk, and no chunk is shorter than
    `min_frames` unless the whole video is.
    """
    plan = plan or make_plan(draft)
    total = plan.frames
    gops = gop_starts(plan)
    starts = [0]
    for k in range(1, max(1, count)):
        ideal = k * total / count
        usable = [g for g in gops if g >= starts[-1] + min_frames and g <= total - min_frames]
        usable = [g for g in usable if g > starts[-1]]
        if not usable:
            break
        best = min(usable, key=lambda g: (abs(g - ideal), g))
        if best in starts:
            continue
        starts.append(best)
    starts = sorted(set(starts))
    ends = [*starts[1:], total]
    return [Chunk(i, s, e) for i, (s, e) in enumerate(zip(starts, ends, strict=True))]


def render_chunk(
    draft: Draft,
    chunk: Chunk,
    resolve: Resolver,
    out: Path,
    *,
    fmt: str = "mp4",
    quality: str = "standard",
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Path:
    """Encode the chunk's frames, video only, into `out` (in `part_format(fmt)`'s container).

    The file appears only when complete. Progress runs 0..1 over the chunk.
    """
    container = part_format(fmt)
    if quality not in X264_SETTINGS:
        raise UnsupportedOutputError(
            f"Unknown quality {quality!r}; choose one of {', '.join(X264_SETTINGS)}."
        )
    plan = make_plan(draft)
    gops = gop_starts(plan)
    if not 0 <= chunk.start_frame < chunk.end_frame <= plan.frames:
        raise RenderError(
            f"Chunk {chunk.index} (frames {chunk.start_frame}-{chunk.end_frame}) "
            f"is outside the video's {plan.frames} frames."
        )
    inner = [g - chunk.start_frame for g in gops if chunk.start_frame < g < chunk.end_frame]
    ends_on_restart = chunk.end_frame == plan.frames or chunk.end_frame in gops
    if chunk.start_frame not in gops or not ends_on_restart:
        raise RenderError(
            f"Chunk {chunk.index} does not start and end where the encoder restarts; "
            "make chunks with plan_chunks()."
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temp_beside(out)
    map_big_buffers_apart()
    release_freed_memory()
    report = progress or (lambda _f: None)
    share = [0.0]

    def advance(n: int) -> None:
        share[0] = n / chunk.frames
        report(share[0])

    def loading(src: str) -> Path:
        # A photo about to be decoded is work too: the first frame of a chunk may
        # wait on several, and a stall watchdog must not take that for a hang.
        report(share[0])
        return resolve(src)

    producer = FrameProducer(draft, plan, loading, range(chunk.start_frame, chunk.end_frame))
    # As in a whole render: x264 keeps the cores busy, OpenCV's threads would only switch.
    cv_threads = cv2.getNumThreads()
    cv2.setNumThreads(1)
    producer.start()
    try:
        encode_av(
            tmp,
            container,
            producer.frames(),
            width=plan.width,
            height=plan.height,
            fps=plan.fps,
            audio=None,
            quality=quality,
            progress=advance,
            cancel=cancel,
            restarts=inner,
        )
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        producer.stop()
        cv2.setNumThreads(cv_threads)
    return out


def has_sound(draft: Draft, plan: Plan) -> bool:
    """Whether the video gets a sound track: music, or a clip with its own sound."""
    return bool(draft.audio_tracks) or any(it.seg.m.kind == "clip" for it in plan.items)


def render_soundtrack(
    draft: Draft,
    resolve: Resolver,
    out: Path,
    *,
    fmt: str = "mp4",
    progress: Progress | None = None,
) -> Path | None:
    """Mix the whole soundtrack once (at -14 LUFS) and encode it, alone, into `out`.

    It is encoded with `fmt`'s audio codec in `fmt`'s own container (whose way
    of storing the codec's start-up delay the join must keep), ready to be
    copied in by `join_chunks`. None when the video has no sound. `progress`
    is told of each step (and of each file opened) to show it is alive.
    """
    report = progress or (lambda _f: None)
    part_format(fmt)  # refuses a format that is not joined from chunks
    plan = make_plan(draft)
    if not has_sound(draft, plan):
        return None
    report(0.0)
    share = [0.0]

    def mixing(fraction: float) -> None:
        share[0] = 0.8 * fraction  # the mix is most of the work; encoding it, the rest
        report(share[0])

    def opening(src: str) -> Path:
        report(share[0])  # a music file or a clip's sound being read: alive
        return resolve(src)

    audio = mix_soundtrack(draft, plan, file_source(opening), progress=mixing)
    report(0.8)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temp_beside(out)
    try:
        encode_audio_only(tmp, fmt, audio)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out


def join_chunks(parts: Sequence[Path], audio: Path | None, out: Path) -> int:
    """Concatenate the chunk files and mux the soundtrack into `out`, copying every packet.

    Nothing is decoded or encoded: each part's packets are moved along by the
    frames before it, so the timestamps run on without a gap. The file appears
    only when complete. Returns the number of video frames.
    """
    if not parts:
        raise RenderError("There are no chunks to join.")
    fmt = output_format(out)
    part_format(fmt)
    spec = CONTAINERS[fmt]
    tmp = _temp_beside(out)
    try:
        with av.open(str(parts[0])) as first:
            template = first.streams.video[0]
            fps = Fraction(template.average_rate or template.base_rate or 0)
            if fps <= 0:
                raise RenderError(f"{parts[0].name} has no frame rate.")
            with (
                av.open(str(tmp), "w", format=spec.muxer, options=spec.options) as dst,
                contextlib.ExitStack() as inputs,
            ):
                vout: Any = dst.add_stream_from_template(template)
                sources: list[Iterator[tuple[Fraction, int, Any]]] = [
                    _video_packets(parts, vout, fps)
                ]
                if audio is not None:
                    sound = inputs.enter_context(av.open(str(audio)))
                    ain = sound.streams.audio[0]
                    sources.append(_audio_packets(sound, ain, dst.add_stream_from_template(ain)))
                # Interleaved by time, so the muxer never holds much of either stream.
                frames = 0
                for _, kind, packet in heapq.merge(*sources, key=lambda x: (x[0], x[1])):
                    dst.mux(packet)
                    frames += kind == 0
        os.replace(tmp, out)
    except (av.error.FFmpegError, OSError) as exc:
        raise RenderError(f"Could not join the chunks into {out.name}: {exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return frames


def _video_packets(
    parts: Sequence[Path], stream: Any, fps: Fraction
) -> Iterator[tuple[Fraction, int, Any]]:
    """Every part's packets in order, their timestamps counted in frames and shifted on."""
    frame_time = 1 / fps
    offset = 0
    for path in parts:
        count = 0
        with av.open(str(path)) as src:
            vin = src.streams.video[0]
            for packet in src.demux(vin):
                if packet.size == 0 or packet.pts is None:
                    continue  # the demuxer's end marker
                tb = packet.time_base
                # Whole frames: the part's own time base may not count frames exactly.
                pts = round(packet.pts * tb * fps) + offset
                dts = round(packet.dts * tb * fps) + offset if packet.dts is not None else pts
                packet.stream = stream
                packet.time_base = frame_time
                packet.pts, packet.dts = pts, dts
                packet.duration = max(1, round((packet.duration or 0) * tb * fps))
                count += 1
                yield (Fraction(dts) * frame_time, 0, packet)
        offset += count


def _audio_packets(src: Any, ain: Any, aout: Any) -> Iterator[tuple[Fraction, int, Any]]:
    for packet in src.demux(ain):
        if packet.size == 0 or packet.dts is None:
            continue
        packet.stream = aout
        yield (packet.dts * packet.time_base, 1, packet)


def render_chunked(
    draft: Draft,
    out: Path | str,
    resolve: Resolver | None = None,
    *,
    jobs: int,
    quality: str = "standard",
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    started: Callable[[int, int], None] | None = None,
    still: str = "poster",
    chunk_stats: Callable[[Chunk, TaskStats], None] | None = None,
    stall_seconds: float = DEFAULT_STALL_SECONDS,
    retried: Callable[[str], None] | None = None,
) -> RenderResult:
    """Render `draft` into `out` with its chunks in up to `jobs` worker processes.

    The result is the very video a single-process `render` writes (same
    frames, same packets, same sound). GIF, stills, sound-only formats, a
    single job or a video too short to split are rendered in this process by
    `render`. The soundtrack is mixed here while the chunks render. Progress
    runs over the chunks' frames, then the join; `cancel` stops every worker;
    `started(chunk index, pid)` is told of each worker process, and
    `chunk_stats(chunk, stats)` of each chunk's time and its worker's peak memory.
    A chunk (or the soundtrack) silent for `stall_seconds` is killed and run
    again once; `retried(why)` is told, in words, of each task run again.
    """
    from diapo.render.pipeline import check_sources, checked_resolver, path_resolver, render

    target = Path(out)
    fmt = output_format(target)
    single = not chunkable(draft, fmt) or jobs <= 1
    plan = None if single else make_plan(draft)
    chunks = [] if plan is None else plan_chunks(draft, jobs, plan=plan)
    if plan is None or len(chunks) < 2:
        return render(
            draft,
            target,
            resolve=resolve,
            progress=progress,
            cancel=cancel,
            quality=quality,
            still=still,
        )
    if quality not in X264_SETTINGS:
        raise UnsupportedOutputError(
            f"Unknown quality {quality!r}; choose one of {', '.join(X264_SETTINGS)}."
        )
    resolver = checked_resolver(resolve or path_resolver())
    # Worker processes cannot be handed a function: they get each source's path.
    paths = PathTable(check_sources(draft, plan, resolver))
    report = progress or (lambda _f: None)
    started_at = time.perf_counter()
    target.parent.mkdir(parents=True, exist_ok=True)
    work = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.chunks")
    work.mkdir()
    parts = [work / f"chunk-{c.index:04d}.{part_format(fmt)}" for c in chunks]
    # The soundtrack is one more task, first, so that it mixes while the chunks render;
    # mixed here, a long one would make this process as big as a chunk's.
    sound = work / f"sound.{fmt}" if has_sound(draft, plan) else None
    text = draft.to_json()
    tasks: list[_ChunkTask | _SoundTask] = (
        [_SoundTask(text, paths, str(sound), fmt)] if sound else []
    )
    tasks += [
        _ChunkTask(text, c, paths, str(p), fmt, quality) for c, p in zip(chunks, parts, strict=True)
    ]
    first = len(tasks) - len(chunks)  # where the chunks start in `tasks`
    # Mixing the sound takes a few percent of the work: it counts as one 50th of the frames.
    weights = [max(1, plan.frames // 50)] * first + [c.frames for c in chunks]

    def chunk_started(i: int, pid: int) -> None:
        if started is not None and i >= first:
            started(chunks[i - first].index, pid)

    labels = ["the soundtrack"] * first + [
        f"chunk {c.index + 1} of {len(chunks)} (frames {c.start_frame}-{c.end_frame - 1})"
        for c in chunks
    ]

    def task_retried(i: int, why: str) -> None:
        if retried is not None:
            retried(f"{labels[i]}: {why}")

    try:
        done = run_tasks(
            _run_task,
            tasks,
            weights,
            jobs=jobs + first,  # the sound's process is short and light: it comes on top
            progress=lambda f: report(0.97 * f),
            cancel=cancel,
            started=chunk_started,
            stall_seconds=stall_seconds,
            labels=labels,
            retried=task_retried,
        )
        if chunk_stats is not None:
            for c, stats in zip(chunks, done[first:], strict=True):
                chunk_stats(c, stats)
        _check_cancel(cancel)
        frames = join_chunks(parts, sound, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(1.0)
    return RenderResult(
        path=target,
        format=fmt,
        width=plan.width,
        height=plan.height,
        duration_ms=plan.duration_ms,
        frames=frames,
        seconds=time.perf_counter() - started_at,
    )


@dataclass(frozen=True, slots=True)
class PathTable:
    """A resolver that worker processes can receive: each `src` already looked up."""

    paths: Mapping[str, str] = field(default_factory=dict)

    def __call__(self, src: str) -> Path:
        try:
            return Path(self.paths[src])
        except KeyError:
            raise MissingMediaError(f"The media '{src}' is not available.", src=src) from None


@dataclass(frozen=True, slots=True)
class _ChunkTask:
    """One chunk for a worker process; everything in it pickles."""

    draft_json: str
    chunk: Chunk
    paths: PathTable
    out: str
    fmt: str
    quality: str


@dataclass(frozen=True, slots=True)
class _SoundTask:
    """The soundtrack, for a worker process."""

    draft_json: str
    paths: PathTable
    out: str
    fmt: str


def _run_task(task: _ChunkTask | _SoundTask, progress: Progress, cancel: Cancel) -> None:
    if isinstance(task, _SoundTask):
        render_soundtrack(
            Draft.parse(task.draft_json),
            task.paths,
            Path(task.out),
            fmt=task.fmt,
            progress=progress,
        )
        return
    render_chunk(
        Draft.parse(task.draft_json),
        task.chunk,
        task.paths,
        Path(task.out),
        fmt=task.fmt,
        quality=task.quality,
        progress=progress,
        cancel=cancel,
    )


def _temp_beside(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.part")


def _check_cancel(cancel: Cancel | None) -> None:
    if cancel is not None and cancel():
        raise RenderCancelled("The render was cancelled.")
