"""Where the encoder starts afresh: the video's closed runs of frames, from the plan alone (pure).

A render restarts its encoder at each of these frames, whole or in chunks:
the run after it begins with an IDR frame and owes nothing to the frames
before (no references, no rate-control history). So a chunk that starts on
one of them encodes to the very packets a whole render writes there, and
chunks join by stream copy into a video identical to a single-process one.
"""

from __future__ import annotations

import bisect

from diapo.render.plan import Plan

__all__ = ["GOP_FRAMES", "gop_starts", "safe_starts"]

#: The longest run between two restarts. x264 starts a keyframe every 250 frames on
#: its own; restarting a little earlier replaces those keyframes instead of adding
#: to them, so files keep their size and a render its speed.
GOP_FRAMES = 240


def safe_starts(plan: Plan) -> list[int]:
    """Frames a run may start on: every frame but those inside a transition.

    A transition's frames stay in one run, so no run starts between two
    frames that mix the same pair of photos.
    """
    unsafe: set[int] = set()
    for item in plan.items[1:]:
        if item.transition_ms <= 0:
            continue
        # Frames n with start <= n * 1000 / fps < start + transition mix two items.
        lo = -(-item.start_ms * plan.fps // 1000)
        hi = -(-(item.start_ms + item.transition_ms) * plan.fps // 1000)
        unsafe.update(range(lo + 1, hi))
    return [n for n in range(1, plan.frames) if n not in unsafe]


def _change_frames(plan: Plan) -> set[int]:
    """Cuts and the first frame after each transition: where the picture changes anyway."""
    ends = {-(-(it.start_ms + it.transition_ms) * plan.fps // 1000) for it in plan.items[1:]}
    return (set(plan.change_frames()) | ends) & set(range(1, plan.frames))


def gop_starts(plan: Plan, *, longest: int = GOP_FRAMES) -> list[int]:
    """The frames where the encoder restarts, 0 first, at most `longest` frames apart.

    Each run ends where the picture changes anyway (a cut or the end of a
    transition) when one falls in the second half of the run; otherwise on
    the last safe frame. A transition longer than half a run may push a
    restart further; the encoder then places its own keyframe inside the run,
    identically in every render.
    """
    safe = safe_starts(plan)  # sorted
    changes = sorted(_change_frames(plan).intersection(safe))
    starts = [0]
    while plan.frames - starts[-1] > longest:
        lo, hi = starts[-1] + longest // 2, starts[-1] + longest
        # The last change, else the last safe frame, in (lo, hi]; else the first safe after.
        c = bisect.bisect_right(changes, hi) - 1
        s = bisect.bisect_right(safe, hi) - 1
        if c >= 0 and changes[c] > lo:
            starts.append(changes[c])
        elif s >= 0 and safe[s] > lo:
            starts.append(safe[s])
        elif s + 1 < len(safe):
            starts.append(safe[s + 1])
        else:
            break
    return starts
