"""Text layout: where every text goes, chosen together so that none covers another or a face.

Title, subtitle, chapter card and captions used to pick their places one by
one, so a chapter card could land on the title it shared the screen with and
a title could run across a grandmother's chin. `lay_out` places them as a
group, the most important first (title, subtitle, chapter card, caption):

- a text's box (its sprite, shadow included, and for a rising text the
  distance it rises) never overlaps the box of a text on screen at the same
  time: a later one tries its other places and the places just above or below
  the texts and faces in its way, then a smaller size, and at last waits until
  the texts in its way have left (shown one after the other);
- an "auto" text or a chapter card also keeps clear of the faces (or, in a
  photo without faces, the subject) on screen while it shows, by `margin`;
  a text the person placed keeps its place over a face, since they chose it.

It is pure and cheap: boxes come from the text's layout (`text_box`), nothing
is drawn, and the renderer computes it once per group of texts, not per frame.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace

from diapo.render.text import POSITIONS, Position, TextStyle, safe_area, text_box

__all__ = ["Placement", "Rect", "TextBlock", "lay_out", "overlap_area", "time_groups"]

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in canvas pixels

# Places tried after a text's own, by role.
_ORDER: dict[str, tuple[Position, ...]] = {
    "title": ("center", "bottom", "top"),
    "subtitle": ("bottom", "top", "center"),
    "caption": ("bottom", "top", "center"),
}
_SCALES = (1.0, 0.85, 0.7, 0.55)  # smaller sizes tried when no place is free at full size
_GAP = 0.01  # between two texts' boxes, of the canvas's shorter side
_MARGIN = 0.03  # around a face, of the canvas's shorter side
_SHORTEST_WAIT_MS = 600  # a text that would show for less than this after waiting does not wait


@dataclass(frozen=True, slots=True)
class TextBlock:
    """One text to place: its style (position None: "auto"), when it shows, what it avoids.

    `rank` orders the placing (lower first); `avoid` holds the canvas boxes of the
    faces or subject on screen while it shows; `rise` is how far it travels up as
    it enters, in pixels; `avoids_faces` is False for a text the person placed.
    """

    key: Hashable
    style: TextStyle
    start_ms: float
    end_ms: float
    rank: int = 0
    avoid: tuple[Rect, ...] = ()
    avoids_faces: bool = True
    rise: float = 0.0


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a text is drawn: its style (position and size resolved), its top-left, its box."""

    style: TextStyle
    x: int
    y: int
    rect: Rect  # the box it may take, its rise included
    start_ms: float  # later than the text's own when it waits for another to leave


def overlap_area(a: Rect, b: Rect) -> float:
    """The area two boxes share (0 when they only touch)."""
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def _grow(r: Rect, by: float) -> Rect:
    return (r[0] - by, r[1] - by, r[2] + by, r[3] + by)


def time_groups(spans: Sequence[tuple[float, float]]) -> list[list[int]]:
    """Indices of `spans` grouped where they overlap in time, directly or through others."""
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], i))
    groups: list[list[int]] = []
    end = -1.0
    for i in order:
        start, stop = spans[i]
        if groups and start < end:
            groups[-1].append(i)
            end = max(end, stop)
        else:
            groups.append([i])
            end = stop
    return [sorted(g) for g in groups]


def lay_out(blocks: Sequence[TextBlock], canvas_w: int, canvas_h: int) -> dict[Hashable, Placement]:
    """Places for `blocks`, the lower `rank` first, so that no two on screen together overlap."""
    short = min(canvas_w, canvas_h)
    gap, margin = _GAP * short, _MARGIN * short
    safe = safe_area(canvas_w, canvas_h)
    placed: dict[Hashable, tuple[TextBlock, Placement]] = {}
    for block in sorted(blocks, key=lambda b: (b.rank, b.start_ms, str(b.key))):
        faces = tuple(_grow(r, margin) for r in block.avoid) if block.avoids_faces else ()
        start = block.start_ms
        for _ in range(len(blocks)):
            others = [
                p.rect for b, p in placed.values() if p.start_ms < block.end_ms and start < b.end_ms
            ]
            found, hits = _place(block, others, faces, gap, safe, canvas_w, canvas_h)
            if not hits:
                break
            # Nowhere free: wait until the texts in the way have left.
            later = max(
                b.end_ms
                for b, p in placed.values()
                if p.start_ms < block.end_ms
                and start < b.end_ms
                and _hits(found.rect, [p.rect], gap)
            )
            if later > block.end_ms - _SHORTEST_WAIT_MS:
                break  # it would barely show: better crowded than gone
            start = later
        placed[block.key] = (block, replace(found, start_ms=start))
    return {key: p for key, (_, p) in placed.items()}


def _place(
    block: TextBlock,
    others: list[Rect],
    faces: tuple[Rect, ...],
    gap: float,
    safe: tuple[int, int, int, int],
    canvas_w: int,
    canvas_h: int,
) -> tuple[Placement, bool]:
    """The best place for `block` and whether it still overlaps another text there."""
    style = block.style
    own = style.position
    places: tuple[Position, ...] = (own,) if own is not None else ()
    places += tuple(p for p in (*_ORDER[style.role], *POSITIONS) if p not in places)
    best: tuple[tuple[float, ...], Placement] | None = None
    for scale in _SCALES:
        size = None if scale == 1 and style.size is None else style.resolved_size * scale
        for rank, position in enumerate(places):
            sized = replace(style, position=position, size=size)
            box = text_box(sized, canvas_w, canvas_h).rect
            tall = box[3] - box[1] + block.rise
            ys = {box[1]}
            for r in (*others, *faces):
                ys.add(round(r[3] + gap))  # just below it
                ys.add(round(r[1] - gap - tall))  # just above it
            for y in sorted(ys, key=lambda v: (abs(v - box[1]), v)):
                if y != box[1] and not (safe[1] <= y and y + tall <= safe[3]):
                    continue
                rect: Rect = (box[0], y, box[2], y + tall)
                hits = _hits(rect, others, gap)
                covered = sum(overlap_area(rect, f) for f in faces)
                key = (float(hits), float(covered > 0), covered, rank, abs(y - box[1]))
                if best is None or key < best[0]:
                    best = (key, Placement(sized, box[0], y, rect, block.start_ms))
                if not hits and covered == 0:
                    break  # the nearest free height for this place and size
            if best is not None and best[0][:2] == (0.0, 0.0):
                # Free: a later place (or a smaller size) is never better.
                return best[1], False
    assert best is not None
    return best[1], bool(best[0][0])


def _hits(rect: Rect, others: Sequence[Rect], gap: float) -> bool:
    """Whether `rect` comes closer than half a gap to any of `others`."""
    grown = _grow(rect, gap / 2)
    return any(overlap_area(grown, o) > 0 for o in others)
