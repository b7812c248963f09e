"""Size words move a text the way they say: "bigger" never makes a title smaller.

The lexicons' SIZES give a size for each word ("più grande" 0.075, "smaller" 0.035),
written around a caption's size. A title is drawn larger than that, so the word alone
would shrink it; here the word only says which way to go and how far at least.
"""

from __future__ import annotations

from diapo.draft.model import Draft, TextTrack
from diapo.draft.vocabulary import TEXT_ROLE_SIZES

__all__ = ["sized"]

_BASE = 0.045  # the size the lexicons' SIZES are written around (a photo caption's)
_STEP = 0.15  # a size word moves a text by at least this fraction of its size


def _current(role: str, draft: Draft | None) -> float:
    """The size the text of `role` is drawn at now."""
    if draft is None:
        return TEXT_ROLE_SIZES.get(role, _BASE)
    if role == "caption" and draft.main_video is not None:
        caps = [s.m.cap.size for s in draft.main_video.sg if s.m.cap and not s.m.cap.chapter]
        if caps:
            return max(caps)
    for track in draft.t:
        if isinstance(track, TextTrack):
            for seg in track.sg:
                if seg.m.role == role and not seg.m.chapter:
                    return seg.m.size or TEXT_ROLE_SIZES[role]
    return TEXT_ROLE_SIZES.get(role, _BASE)


def sized(word_size: float, role: str, draft: Draft | None) -> float:
    """The size a size word asks for `role`'s text: the word's own size when that goes
    the way the word says, else a step further that way from where the text is now."""
    now = _current(role, draft)
    if word_size > _BASE:
        return round(min(0.3, max(word_size, now * (1 + _STEP))), 3)
    return round(max(0.01, min(word_size, now * (1 - _STEP))), 3)
