"""The frame compositor: turns a plan into RGB frames, holding only the photos on screen."""

from __future__ import annotations

import contextlib
import math
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt

from diapo.draft import framing
from diapo.draft.model import Draft, KenBurns, SubjectBox, TextMeta
from diapo.draft.vocabulary import Fit
from diapo.render.kenburns import Motion, prepare_source, render_kenburns
from diapo.render.layout import Placement, TextBlock, lay_out, time_groups
from diapo.render.memory import trim_heaps
from diapo.render.plan import FramePlan, Layer, Plan, TextItem, VisualItem
from diapo.render.text import (
    Sprite,
    TextStyle,
    composite,
    glyph_count,
    render_text_sprite,
)
from diapo.render.transitions import blend
from diapo.render.typography import typeset

__all__ = ["Compositor", "Resolver", "yield_to_encoder"]

Rgb = npt.NDArray[np.uint8]
Resolver = Callable[[str], Path]

_RISE_DISTANCE = 0.04  # how far a rising text travels, of the canvas's shorter side

# Measured on 2 cores for the benchmark video: 15.1 s -> 14.2 s at niceness 5 with an
# older encoder setting; now niceness 10 and a deeper queue (pipeline._QUEUE_FRAMES).
_NICENESS = 10


def yield_to_encoder() -> None:
    """Lower the calling thread's priority so that x264's threads get the CPU first.

    x264 alone leaves part of a core idle; compositing and decoding fit in that
    gap when they do not compete with the encoder as equals.
    """
    # Not Linux, or not allowed: the render is then only a little slower.
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), _NICENESS)


def subject_boxes(subj: list[SubjectBox] | None) -> list[framing.Box]:
    """A segment's faces (or, without faces, its salient region) as framing boxes."""
    if not subj:
        return []
    faces = [framing.Box(b.x, b.y, b.w, b.h) for b in subj if b.k == "face"]
    return faces or [framing.Box(b.x, b.y, b.w, b.h) for b in subj]


def motion_of(
    kb: KenBurns | None,
    fit: str,
    subj: list[SubjectBox] | None = None,
    photo_ratio: float | None = None,
    canvas_ratio: float | None = None,
    frames: int = 0,
) -> Motion:
    """The renderer's motion for a draft's Ken Burns settings.

    A photo that does not move is cropped around its subjects (given its and the
    canvas's width / height), not around its centre, so that faces stay whole.
    A moving one, given both ratios and how many `frames` it shows, pans no faster
    than `framing.MAX_SPEED`: a motion planned for another canvas (an aspect changed
    without the photos' sizes at hand, a draft rendered with another --aspect)
    would otherwise sweep too fast on this one (13.7 px a frame was seen).
    """
    mode: Fit = "contain" if fit == "contain" else "cover"
    if kb is None or not kb.on:
        pan = (0.0, 0.0)
        boxes = subject_boxes(subj)
        if boxes and photo_ratio and canvas_ratio:
            pan = framing.static_pan(photo_ratio, canvas_ratio, mode, boxes)
        return Motion(1.0, 1.0, pan, pan, "ease_in_out", mode)
    if photo_ratio and canvas_ratio and frames > 1:
        # Only the speed: a motion the person made away from a face is theirs to make.
        kb = framing.calm(kb, photo_ratio, canvas_ratio, mode, frames, pan_only=True)
    return Motion(kb.z0, kb.z1, (kb.x0, kb.y0), (kb.x1, kb.y1), "ease_in_out", mode)


@dataclass
class _Photo:
    src: Rgb
    motion: Motion
    background: Rgb | None
    still: Rgb | None = None  # the one frame of a photo that does not move


@dataclass
class _Clip:
    frames: Iterator[Rgb]
    fps: int
    current: Rgb | None = None
    index: int = -1
    done: bool = False
    contain: bool = False  # shown whole over its blurred copy, not cropped to fill


@dataclass
class _Loaded:
    future: Future[_Photo | _Clip]
    value: _Photo | _Clip | None = None


class Compositor:
    """Draws frame after frame of a plan.

    Photos are decoded (at the size the canvas needs, not full size) one item
    ahead in a background thread and dropped once they leave the screen, so
    memory stays flat however many photos there are.
    """

    def __init__(self, draft: Draft, plan: Plan, resolve: Resolver) -> None:
        self.draft = draft
        self.plan = plan
        self.resolve = resolve
        self.w, self.h = plan.width, plan.height
        self._loaded: dict[int, _Loaded] = {}
        self._pool = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="diapo-decode", initializer=yield_to_encoder
        )
        self._sprites: dict[tuple[str, int, int], Sprite] = {}
        self._placed: dict[tuple[str, int, int], Placement] = {}  # laid out by group
        # Texts on screen together are laid out together, the first time one of them shows.
        spans = [(t.start_ms, t.end_ms) for t in plan.texts]
        self._text_group = {plan.texts[i].key: group for group in time_groups(spans) for i in group}
        self._typed: dict[tuple[str, int, int], tuple[int, Sprite]] = {}  # typewriter's latest
        # Frames are RGBX: OpenCV's warp is fastest with four channels, and the
        # encoder's I420 conversion reads RGBX as cheaply as RGB.
        self._buf_a = np.empty((self.h, self.w, 4), np.uint8)
        self._buf_b = np.empty((self.h, self.w, 4), np.uint8)
        self._out = np.empty((self.h, self.w, 4), np.uint8)
        self._bg = (*_hex_rgb(draft.c.bg), 255)
        self._bg_frame: Rgb | None = None  # made when an ending first fades to it

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        for loaded in self._loaded.values():
            if loaded.value is not None and isinstance(loaded.value, _Clip):
                _close_iter(loaded.value.frames)
        self._loaded.clear()

    # -- sources -----------------------------------------------------------

    def _request(self, item: VisualItem) -> None:
        if item.index not in self._loaded:
            self._loaded[item.index] = _Loaded(self._pool.submit(self._load, item))

    def _get(self, item: VisualItem) -> _Photo | _Clip:
        self._request(item)
        loaded = self._loaded[item.index]
        if loaded.value is None:
            loaded.value = loaded.future.result()
        return loaded.value

    def _load(self, item: VisualItem) -> _Photo | _Clip:
        from diapo.media import iter_video_frames, load_image
        from diapo.render.fit import prepare_contain_background, prescale_for_motion

        meta = item.seg.m
        fit = meta.fit or self.draft.fit
        path = self.resolve(meta.src)
        if meta.kind == "clip":
            contain = fit == "contain"
            frames = iter_video_frames(
                path,
                start_ms=meta.trim,
                fps=self.plan.fps,
                size=(self.w, self.h),
                fit="contain" if contain else "cover",
            )
            return _Clip(frames=frames, fps=self.plan.fps, contain=contain)
        zoom = motion_of(meta.kb, fit).max_zoom
        box = (math.ceil(self.w * zoom), math.ceil(self.h * zoom))
        img = load_image(path, fit_within=box)
        ratio = img.shape[1] / img.shape[0]
        shown = round(item.d * self.plan.fps / 1000)
        motion = motion_of(meta.kb, fit, meta.subj, ratio, self.w / self.h, shown)
        background = None
        if fit == "contain":
            background = prepare_contain_background(img, self.w, self.h)
        img = prescale_for_motion(img, self.w, self.h, zoom, motion.fit)
        return _Photo(src=prepare_source(img), motion=motion, background=background)

    def _release_before(self, n: int) -> None:
        needed = set(self.plan.items_needed_after(n))
        released = False
        for idx in list(self._loaded):
            if idx not in needed:
                loaded = self._loaded.pop(idx)
                released = True
                if isinstance(loaded.value, _Clip):
                    _close_iter(loaded.value.frames)
        if released:
            # The photo's buffers are free now; without this the heaps keep them (memory.py).
            del loaded
            trim_heaps()

    def _prefetch(self, fp: FramePlan) -> None:
        current = fp.b or fp.a
        if current is None:
            return
        nxt = current.item.index + 1
        if nxt < len(self.plan.items):
            self._request(self.plan.items[nxt])

    # -- drawing -----------------------------------------------------------

    def _draw_layer(self, layer: Layer, out: Rgb) -> Rgb:
        """Draw `layer` into `out`, or return a cached frame that must not be modified."""
        src = self._get(layer.item)
        if isinstance(src, _Clip):
            return self._clip_frame(src, layer, out)
        if src.motion.is_static:
            if src.still is None:
                src.still = render_kenburns(
                    src.src,
                    self.w,
                    self.h,
                    src.motion,
                    0.0,
                    out=np.empty((self.h, self.w, 4), np.uint8),
                    background=src.background,
                )
            return src.still
        frame: Rgb = render_kenburns(
            src.src, self.w, self.h, src.motion, layer.u, out=out, background=src.background
        )
        return frame

    def _clip_frame(self, clip: _Clip, layer: Layer, out: Rgb) -> Rgb:
        want = int(layer.t_ms * clip.fps / 1000 + 1e-6)
        while clip.index < want and not clip.done:
            try:
                frame = next(clip.frames)
            except StopIteration:
                clip.done = True
                break
            clip.current = np.asarray(
                cv2.cvtColor(
                    _fit_clip_frame(frame, self.w, self.h, clip.contain), cv2.COLOR_RGB2RGBA
                ),
                np.uint8,
            )
            clip.index += 1
        if clip.current is None:
            out[...] = 0
            return out
        return clip.current  # the last frame holds if the clip is shorter than its segment

    @property
    def items_in_memory(self) -> int:
        """How many photos and clips are decoded (or being decoded) right now."""
        return len(self._loaded)

    def is_scratch(self, frame: Rgb) -> bool:
        """True when `frame` is one of the buffers the next call will overwrite."""
        return frame is self._buf_a or frame is self._buf_b or frame is self._out

    def frame_rgb(self, n: int) -> Rgb:
        """Frame `n` as a new RGB array (for stills and GIFs)."""
        return np.asarray(cv2.cvtColor(self.frame(n), cv2.COLOR_RGBA2RGB), np.uint8)

    def frame(self, n: int) -> Rgb:
        """The RGBX frame `n`. The array may be reused: consume it before the next call."""
        fp = self.plan.frame(n)
        self._prefetch(fp)
        if fp.a is None:
            self._out[...] = self._bg
            base = self._out
        elif fp.b is None:
            base = self._draw_layer(fp.a, self._buf_a)
        else:
            a = self._draw_layer(fp.a, self._buf_a)
            b = self._draw_layer(fp.b, self._buf_b)
            base = blend(fp.transition or "cut", a, b, fp.p, out=self._out)
        if fp.backdrop < 1.0:
            base = self._toward_background(base, fp.backdrop)
        if fp.texts:
            if base is not self._out:
                np.copyto(self._out, base)
                base = self._out
            for planned, shown in fp.texts:
                item = self._timed(planned)
                opacity = shown if item is planned else item.opacity(fp.t_ms)
                sprite = self._animated(item, fp.t_ms)
                if sprite is not None:
                    composite(base, sprite, opacity)
        if fp.fade < 1.0:
            base = self._toward_background(base, fp.fade)
        self._release_before(n)
        return base

    def _placement(self, item: TextItem) -> Placement:
        """Where `item` goes, laid out with every text it shares the screen with."""
        placed = self._placed.get(item.key)
        if placed is None:
            group = [self.plan.texts[i] for i in self._text_group[item.key]]
            laid = lay_out([self._block(t) for t in group], self.w, self.h)
            for text in group:
                self._placed[text.key] = laid[text.key]
            placed = self._placed[item.key]
        return placed

    def text_layout(self) -> dict[tuple[str, int, int], Placement]:
        """Where every text of the plan goes (by its key): its style, top-left, box and start."""
        return {t.key: self._placement(t) for t in self.plan.texts}

    def _block(self, item: TextItem) -> TextBlock:
        """What the layout needs to know of a text: style, rank, and the faces it must avoid."""
        style, auto = self._style(item)
        kind, i, j = item.key
        if kind == "caption":
            rank, chapter = 3, False
        elif kind == "end":
            rank, chapter = 0, False  # the end card's words: on the background, alone
        else:
            meta = self.draft.text_tracks[i].sg[j].m
            chapter = bool(meta.chapter)
            rank = 2 if chapter else 0 if meta.role == "title" else 1
        # A chapter card's place is the story's suggestion, not the person's choice.
        avoids = auto or chapter
        rise = _RISE_DISTANCE * min(self.w, self.h) if item.anim == "rise" else 0.0
        return TextBlock(
            key=item.key,
            style=replace(style, position=None) if auto else style,
            start_ms=item.start_ms,
            end_ms=item.end_ms,
            rank=rank,
            avoid=tuple(self.subjects_during(item)) if avoids else (),
            avoids_faces=avoids,
            rise=rise,
        )

    def _toward_background(self, frame: Rgb, left: float) -> Rgb:
        """`frame` faded toward the background colour, `left` of it remaining, in `_out`.

        Only the ending's last second or so comes here: one weighted sum a frame.
        """
        if self._bg_frame is None:
            self._bg_frame = np.empty((self.h, self.w, 4), np.uint8)
            self._bg_frame[...] = self._bg
        cv2.addWeighted(frame, left, self._bg_frame, 1.0 - left, 0.0, dst=self._out)
        return self._out

    def _sprite(self, item: TextItem) -> Sprite:
        sprite = self._sprites.get(item.key)
        if sprite is None:
            placed = self._placement(item)
            sprite = render_text_sprite(placed.style, self.w, self.h)
            sprite = replace(sprite, x=placed.x, y=placed.y)
            self._sprites[item.key] = sprite
        return sprite

    def _timed(self, item: TextItem) -> TextItem:
        """`item` as the layout times it: later when it waits for another text to leave."""
        start = round(self._placement(item).start_ms)
        return item if start == item.start_ms else replace(item, start_ms=start)

    def _animated(self, item: TextItem, t_ms: float) -> Sprite | None:
        """The text's sprite as its animation shows it at `t_ms` (None: nothing shows yet).

        A rise moves the one cached sprite; a typewriter draws each new count of
        characters once, in the whole text's place, and keeps only the latest.
        """
        sprite = self._sprite(item)
        if item.anim == "rise":
            dy = round(item.rise(t_ms) * _RISE_DISTANCE * min(self.w, self.h))
            return replace(sprite, y=sprite.y + dy) if dy else sprite
        if item.anim == "typewriter":
            share = item.revealed(t_ms)
            if share >= 1.0:
                return sprite
            style = self._placed[item.key].style
            count = int(share * glyph_count(style, self.w, self.h))
            if count <= 0:
                return None
            last = self._typed.get(item.key)
            if last is None or last[0] != count:
                typed = render_text_sprite(style, self.w, self.h, visible=count)
                last = (count, replace(typed, x=sprite.x, y=sprite.y))
                self._typed[item.key] = last
            return last[1]
        return sprite

    def faces_shown(self, item: VisualItem, u: float) -> float:
        """The share of the item's face (or subject) area on screen at its progress `u`."""
        boxes = subject_boxes(item.seg.m.subj)
        if not boxes or item.seg.m.kind != "photo":
            return 1.0
        photo = self._get(item)
        assert isinstance(photo, _Photo)
        src_h, src_w = photo.src.shape[:2]
        state = framing.state_at(_kb_of(photo.motion), u)
        view = framing.visible(src_w / src_h, self.w / self.h, photo.motion.fit, *state)
        return framing.face_area_on_screen(view, boxes)

    _TEXT_SAMPLES = 8  # frames sampled per photo to see where its faces go under a text

    def subjects_during(self, text: TextItem) -> list[tuple[float, float, float, float]]:
        """Canvas rectangles of the faces on screen while `text` shows, sampled over time."""
        rects: list[tuple[float, float, float, float]] = []
        for item in self.plan.items:
            start, end = max(item.start_ms, text.start_ms), min(item.end_ms, text.end_ms)
            boxes = subject_boxes(item.seg.m.subj)
            if end <= start or not boxes or item.seg.m.kind != "photo":
                continue
            photo = self._get(item)
            assert isinstance(photo, _Photo)
            src_h, src_w = photo.src.shape[:2]
            m = photo.motion
            kb = _kb_of(m)
            for k in range(self._TEXT_SAMPLES):
                t_ms = start + (end - start) * (k + 0.5) / self._TEXT_SAMPLES
                state = framing.state_at(kb, (t_ms - item.start_ms) / max(1, item.d))
                win = framing.window(src_w / src_h, self.w / self.h, m.fit, *state)
                for box in boxes:
                    b = framing.on_canvas(win, box)
                    rects.append((b.x * self.w, b.y * self.h, b.x1 * self.w, b.y1 * self.h))
        return rects

    def _style(self, item: TextItem) -> tuple[TextStyle, bool]:
        """The text's style and whether its position is "auto" (chosen around faces)."""
        kind, i, j = item.key
        if kind == "end":
            text = typeset(item.text, self.draft.lang)
            return TextStyle(text=text, role="title", position="center"), False
        if kind == "caption":
            cap = self.plan.items[i].seg.m.cap
            assert cap is not None
            return TextStyle(
                text=typeset(cap.text, self.draft.lang),
                role="caption",
                position=None if cap.pos == "auto" else cap.pos,
                size=cap.size,
                color=cap.color,
                outline=0.06,
                family=cap.font,
            ), cap.pos == "auto"
        meta: TextMeta = self.draft.text_tracks[i].sg[j].m
        return TextStyle(
            text=typeset(meta.text, self.draft.lang),
            role=meta.role,
            position=None if meta.pos == "auto" else meta.pos,
            size=meta.size,
            color=meta.color,
            # A thin dark outline keeps light text readable over bright skies.
            outline=0.05 if meta.outline else 0.0,
            shadow=meta.shadow,
            family=meta.font,
        ), meta.pos == "auto"


def _kb_of(m: Motion) -> KenBurns:
    """The draft's form of a renderer motion, for the framing geometry."""
    return KenBurns(
        on=True, z0=m.zoom_start, z1=m.zoom_end,
        x0=m.pan_start[0], y0=m.pan_start[1], x1=m.pan_end[0], y1=m.pan_end[1],
    )  # fmt: skip


def _fit_clip_frame(frame: Rgb, w: int, h: int, contain: bool = False) -> Rgb:
    from diapo.render.fit import contain_with_blur, fit_cover

    if frame.shape[0] == h and frame.shape[1] == w:
        return frame
    # The blurred copy is made at an eighth of the canvas (`fit`): a small cost a
    # frame, paid only by clips whose shape is far from the canvas's.
    fitted: Rgb = contain_with_blur(frame, w, h) if contain else fit_cover(frame, w, h)
    return fitted


def _close_iter(it: Iterator[Rgb]) -> None:
    close = getattr(it, "close", None)
    if close is not None:
        close()


def _hex_rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)
