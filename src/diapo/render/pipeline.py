"""render(): a draft in, a finished file out — frames produced in one thread, encoded in another."""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import av
import cv2
import numpy as np
import numpy.typing as npt

from diapo.draft.model import Draft
from diapo.draft.vocabulary import (
    AUDIO_FORMATS,
    DEFAULT_STYLE,
    OUTPUT_FORMATS,
    STILL_FORMATS,
    VIDEO_FORMATS,
)
from diapo.errors import MissingMediaError, RenderCancelled, RenderError, UnsupportedOutputError
from diapo.render.audio import file_source, mix_soundtrack
from diapo.render.compose import Compositor, Resolver, yield_to_encoder
from diapo.render.encode import CONTAINERS, X264_SETTINGS, encode_audio_only, encode_av
from diapo.render.gops import gop_starts
from diapo.render.memory import map_big_buffers_apart, release_freed_memory
from diapo.render.plan import Plan, make_plan
from diapo.render.ratecontrol import EncodePass, RateTarget, encode_with_rate, preset_rate

__all__ = [
    "AUDIO_FORMATS",
    "OUTPUT_FORMATS",
    "STILL_FORMATS",
    "VIDEO_FORMATS",
    "RenderResult",
    "output_format",
    "path_resolver",
    "render",
]


Progress = Callable[[float], None]
Cancel = Callable[[], bool]
# Enough to keep the encoder fed while it drains and restarts (render/gops.py) and the
# producer works ahead; 24 I420 1080p frames are 75 MB. With the producer at niceness 10
# (compose.py), the benchmark video took 8.52 s on 2 cores, against 8.69 s with 12 frames
# at niceness 5 (medians of 4).
_QUEUE_FRAMES = 24


@dataclass(frozen=True, slots=True)
class RenderResult:
    """What was written."""

    path: Path
    format: str
    width: int
    height: int
    duration_ms: int
    frames: int
    seconds: float


def output_format(path: Path | str) -> str:
    """The output format named by a file's extension ('jpeg' counts as 'jpg')."""
    ext = Path(path).suffix.lower().lstrip(".")
    ext = {"jpeg": "jpg", "mpeg4": "mp4", "m4v": "mp4"}.get(ext, ext)
    if ext not in OUTPUT_FORMATS:
        shown = ext or "(none)"
        raise UnsupportedOutputError(
            f"Diapo cannot write '.{shown}' files; use one of: " + ", ".join(OUTPUT_FORMATS) + "."
        )
    return ext


def path_resolver(base: Path | None = None) -> Resolver:
    """Treat each `src` as a file path (relative ones from `base`)."""

    def resolve(src: str) -> Path:
        p = Path(src).expanduser()
        if not p.is_absolute() and base is not None:
            p = base / p
        return p

    return resolve


def render(
    draft: Draft,
    output: Path | str,
    *,
    resolve: Resolver | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    quality: str = "standard",
    still: str = "poster",
    rate: RateTarget | None = None,
) -> RenderResult:
    """Render `draft` into `output`; the format follows the extension.

    A video for a platform preset (`draft.c.preset`) keeps to its bitrate and
    file-size cap; `rate` gives other rules instead (`render.ratecontrol`).

    The file appears only when complete: it is written beside the target and
    renamed, so a failed or cancelled render leaves nothing half-written.
    """
    out = Path(output)
    fmt = output_format(out)
    if quality not in X264_SETTINGS:
        raise UnsupportedOutputError(
            f"Unknown quality {quality!r}; choose one of {', '.join(X264_SETTINGS)}."
        )
    resolver = checked_resolver(resolve or path_resolver())
    if fmt == "gif":
        draft = gif_draft(draft)
    plan = make_plan(draft)
    check_sources(draft, plan, resolver)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.stem}.{os.getpid()}.{threading.get_ident()}.part.{fmt}")
    # What came before (photo analysis, an earlier render) is handed back first.
    map_big_buffers_apart()
    release_freed_memory()
    started = time.perf_counter()
    report = progress or (lambda _f: None)
    # x264 already keeps both cores busy; OpenCV's own worker threads would only
    # add switching, so the compositor runs on one thread (measured: -8% CPU).
    cv_threads = cv2.getNumThreads()
    cv2.setNumThreads(1)
    try:
        if fmt in AUDIO_FORMATS:
            audio = mix_soundtrack(draft, plan, file_source(resolver))
            _check_cancel(cancel)
            encode_audio_only(tmp, fmt, audio)
            frames = 0
        elif fmt in STILL_FORMATS:
            from diapo.render.stills import write_still

            write_still(draft, plan, resolver, tmp, fmt, mode=still)
            frames = 1
        elif fmt == "gif":
            from diapo.render.gif import write_gif

            frames = write_gif(draft, plan, resolver, tmp, progress=report, cancel=cancel)
        else:
            frames = encode_with_rate(
                rate or preset_rate(draft, fmt),
                duration_ms=plan.duration_ms,
                quality=quality,
                path=tmp,
                encode=lambda p: _render_video(
                    draft, plan, resolver, tmp, fmt, quality, p.progress(report), cancel, p
                ),
            )
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        cv2.setNumThreads(cv_threads)
    report(1.0)
    return RenderResult(
        path=out,
        format=fmt,
        width=0 if fmt in AUDIO_FORMATS else plan.width,
        height=0 if fmt in AUDIO_FORMATS else plan.height,
        duration_ms=plan.duration_ms,
        frames=frames,
        seconds=time.perf_counter() - started,
    )


def gif_draft(draft: Draft) -> Draft:
    """GIFs are for sharing in chats: at most 640 px on the long side and 15 fps."""
    from diapo.draft.model import with_resolution

    long_side = max(draft.c.w, draft.c.h)
    smaller = with_resolution(draft, min(long_side, 640))
    canvas = smaller.c.model_copy(update={"fps": min(draft.c.fps, 15)})
    return smaller.model_copy(update={"c": canvas})


def _check_cancel(cancel: Cancel | None) -> None:
    if cancel is not None and cancel():
        raise RenderCancelled("The render was cancelled.")


def checked_resolver(resolve: Resolver) -> Resolver:
    def checked(src: str) -> Path:
        try:
            path: Path = resolve(src)
        except MissingMediaError:
            raise
        except (KeyError, LookupError, OSError, ValueError) as exc:
            raise MissingMediaError(f"The media '{src}' is not available: {exc}", src=src) from exc
        if not path.is_file():
            raise MissingMediaError(f"The media file '{src}' was not found.", src=src)
        return path

    return checked


def check_sources(draft: Draft, plan: Plan, resolve: Resolver) -> dict[str, str]:
    """Fail before any work if a photo, clip or sound is missing; else each file's path."""
    found: dict[str, str] = {}
    for item in plan.items:
        found[item.seg.m.src] = str(resolve(item.seg.m.src))
    for track in draft.audio_tracks:
        for seg in track.sg:
            if not seg.m.src.startswith("music:"):
                found[seg.m.src] = str(resolve(seg.m.src))
            else:
                from diapo.music import resolve_style

                resolve_style(seg.m.src.removeprefix("music:") or DEFAULT_STYLE)
    return found


def _render_video(
    draft: Draft,
    plan: Plan,
    resolve: Resolver,
    path: Path,
    fmt: str,
    quality: str,
    progress: Progress,
    cancel: Cancel | None,
    run: EncodePass | None = None,
) -> int:
    run = run or EncodePass()
    has_sound = run.with_audio and (
        bool(draft.audio_tracks) or any(it.seg.m.kind == "clip" for it in plan.items)
    )
    spec = CONTAINERS[fmt]
    if spec.video is None:
        raise RenderError(f"{fmt} has no video stream")
    producer = FrameProducer(draft, plan, resolve)
    producer.start()
    # The soundtrack is mixed in its own thread while the first frames encode, behind x264
    # like the frames (8.27 -> 8.11 s for the benchmark video, medians of 5).
    mixer = ThreadPoolExecutor(
        max_workers=1, thread_name_prefix="diapo-audio", initializer=yield_to_encoder
    )
    try:
        audio = (
            mixer.submit(mix_soundtrack, draft, plan, file_source(resolve)) if has_sound else None
        )
        written: int = encode_av(
            path,
            fmt,
            producer.frames(),
            width=plan.width,
            height=plan.height,
            fps=plan.fps,
            audio=audio,
            quality=quality,
            progress=lambda n: progress(0.99 * n / plan.frames),
            cancel=cancel,
            video_options=run.options,
            audio_bitrate=run.audio_bps,
            # Rate control meets its bitrate over the whole stream, with one encoder:
            # such a video is never chunked (`chunks.chunkable`), so it needs no restarts.
            restarts=gop_starts(plan) if run.options is None else (),
        )
        return written
    finally:
        mixer.shutdown(wait=True, cancel_futures=True)
        producer.stop()


class FrameProducer:
    """Composites and converts frames to I420 in its own thread, feeding a bounded queue.

    OpenCV and NumPy release the GIL, so this work overlaps with the encoder.
    """

    _END = object()

    def __init__(
        self, draft: Draft, plan: Plan, resolve: Resolver, frames: range | None = None
    ) -> None:
        self.plan = plan
        # A chunk renders only its own frames; frame n depends on nothing but the plan.
        self.span = frames if frames is not None else range(plan.frames)
        self.compositor = Compositor(draft, plan, resolve)
        self.queue: queue.Queue[object] = queue.Queue(maxsize=_QUEUE_FRAMES)
        self.error: BaseException | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="diapo-frames", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _put(self, item: object) -> bool:
        while not self._stop.is_set():
            try:
                self.queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _run(self) -> None:
        yield_to_encoder()
        last_src: object = None
        last_yuv: npt.NDArray[np.uint8] | None = None
        cuts = self.plan.cut_frames()
        try:
            for n in self.span:
                rgb = self.compositor.frame(n)
                # A still photo hands back the same cached array: reuse its conversion.
                if rgb is last_src and last_yuv is not None:
                    yuv = last_yuv
                else:
                    yuv = np.asarray(cv2.cvtColor(rgb, cv2.COLOR_RGBA2YUV_I420), np.uint8)
                    cached = not self.compositor.is_scratch(rgb)
                    last_src, last_yuv = (rgb, yuv) if cached else (None, None)
                # The frame wraps the array without a copy: the encoder copies its input
                # anyway, and a still photo's one conversion serves all its frames.
                frame = av.VideoFrame.from_numpy_buffer(yuv, format="yuv420p")
                if n in cuts:
                    frame.pict_type = av.video.frame.PictureType.I
                if not self._put(frame):
                    return
        except BaseException as exc:
            self.error = exc
        finally:
            self._put(self._END)

    def frames(self) -> Iterator[av.VideoFrame]:
        while True:
            item = self.queue.get()
            if item is self._END:
                if self.error is not None:
                    raise self.error
                return
            assert isinstance(item, av.VideoFrame)
            yield item

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)
        self.compositor.close()
