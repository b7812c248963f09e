"""What a beat-synced video did to a length the person asked for, said in the reply.

With beat sync on, photos last whole bars and the last one stretches or shrinks so
that the video ends with the music (`diapo.draft.beats`). "Photo 7 lasts 7 s" would
then be untrue when it lasts 6: the reply names the lengths the photos really got,
and how to have exact ones.
"""

from __future__ import annotations

from collections.abc import Sequence

from diapo.chat.replies import say_in
from diapo.chat.turn import OpResult
from diapo.draft.beats import beat_grid
from diapo.draft.model import Draft

__all__ = ["beat_note", "length_note"]

_NOTED = 3  # photos named at most; the rest are like them


def _seconds(ms: int) -> str:
    return f"{ms / 1000:.1f}".removesuffix(".0")


def beat_note(lang: str, results: Sequence[OpResult], draft: Draft | None) -> str | None:
    """A sentence naming the photos whose length the beat changed from what was asked."""
    if draft is None or draft.main_video is None or beat_grid(draft) is None:
        return None
    asked = [r for r in results if r.ok and r.op == "set_duration"]
    if not asked:
        return None
    last = asked[-1].args
    segs = draft.main_video.sg
    index = last.get("index")
    seconds = float(last["seconds"])
    places = [index] if index is not None else range(1, len(segs) + 1)
    off = [
        (pos, segs[pos - 1].d)
        for pos in places
        if 0 < pos <= len(segs)
        and segs[pos - 1].m.kind == "photo"
        # A segment's length holds its incoming transition (0.5 s): only more is a change.
        and abs(segs[pos - 1].d - seconds * 1000) > max(600.0, seconds * 100)
    ]
    if not off:
        return None
    sep = "，" if lang == "zh" else ", "
    named = sep.join(say_in(lang, "beat_length", n=pos, s=_seconds(ms)) for pos, ms in off[:_NOTED])
    return say_in(lang, "beat_note", photos=named)


def length_note(lang: str, results: Sequence[OpResult], draft: Draft | None) -> str | None:
    """The video's real length when a whole length asked for could not be met (whole bars
    of the music, a clip that is not cut, the shortest photo)."""
    asked = [r for r in results if r.ok and r.op == "set_total_length"]
    if draft is None or not asked:
        return None
    want = float(asked[-1].args["seconds"]) * 1000
    got = draft.duration_ms()
    if abs(got - want) <= max(600.0, want * 0.1):
        return None
    key = "length_note_beat" if beat_grid(draft) is not None else "length_note"
    return say_in(lang, key, s=_seconds(got))
