"""The base of edit operations: the `Op` class, localised messages and timeline upkeep.

Every operation returns a new draft. Operations change segments freely with
`model_copy` (no validation on the way) and `finish` then restores the
timeline's invariants before validating the whole draft once: transitions
are clamped to half the shorter neighbour, segments last at least 100 ms,
music spans the video and text never passes the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from diapo.draft.beats import sync_to_beats
from diapo.draft.media import MediaRef
from diapo.draft.model import (
    AudioTrack,
    Draft,
    TextTrack,
    Track,
    VideoSegment,
    VideoTrack,
    track_duration_ms,
)
from diapo.draft.story import tell_story
from diapo.draft.vocabulary import MUSIC_STYLES
from diapo.errors import InvalidDraftError

__all__ = [
    "MAX_SEGMENT_MS",
    "MIN_SEGMENT_MS",
    "MUSIC_STYLES",
    "Op",
    "OpError",
    "clamp_segments",
    "finish",
    "main_segments",
    "position",
    "reorder",
    "replace_main",
    "say",
    "with_meta",
]

MIN_SEGMENT_MS = 100
MAX_SEGMENT_MS = 600_000


def say(lang: str, *, it: str, en: str, zh: str) -> str:
    """Pick the sentence for `lang` (English for anything unknown)."""
    return {"it": it, "zh": zh}.get(lang, en)


class OpError(InvalidDraftError):
    """An operation that cannot apply, with its message in every reply language."""

    def __init__(self, *, en: str, it: str, zh: str, loc: str = "op") -> None:
        super().__init__(en, [{"loc": loc, "msg": en}])
        self.texts: dict[str, str] = {"en": en, "it": it, "zh": zh}

    def in_lang(self, lang: str) -> str:
        return self.texts.get(lang, self.texts["en"])


class Op(BaseModel):
    """An edit a person can ask for; `apply` returns a new valid draft."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    op: str

    # False for operations the caller reads instead of applying to the draft
    # (output settings, export, undo/redo).
    changes_draft: ClassVar[bool] = True
    # True for edits of timing or music: the result is laid on the music's beat again
    # when beat sync is on (`beats.sync_to_beats` leaves other drafts unchanged).
    on_beat: ClassVar[bool] = False
    # True for operations that make a whole video from the media, with or without a draft:
    # nothing needs to be made before them.
    makes_video: ClassVar[bool] = False

    def describe(self, lang: str = "en") -> str:
        """One line saying what the operation does, in it/en/zh."""
        raise NotImplementedError

    def args(self) -> dict[str, Any]:
        """The operation's arguments as plain JSON values."""
        return self.model_dump(mode="json", exclude={"op"}, exclude_none=True)

    def apply(self, draft: Draft | None, media: Sequence[MediaRef]) -> Draft:
        """The draft after this edit; raises `InvalidDraftError` if it cannot apply."""
        if draft is None:
            raise OpError(
                en="There is no slideshow yet: make one first.",
                it="Non c'è ancora uno slideshow: creane prima uno.",
                zh="还没有幻灯片，请先创建一个。",
            )
        edited = finish(self.edit(draft, media))
        edited = finish(sync_to_beats(edited)) if self.on_beat else edited
        if edited.story is not None:
            # Chapters follow the photos through every edit (order, removals, pace).
            edited = finish(tell_story(edited, media))
        return edited

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        """The raw change; `apply` restores the invariants and validates."""
        raise NotImplementedError


# -- reading and writing the main video track --------------------------------


def main_segments(draft: Draft) -> list[VideoSegment]:
    track = draft.main_video
    if track is None or not track.sg:
        raise OpError(
            en="The slideshow has no photos yet.",
            it="Lo slideshow non ha ancora foto.",
            zh="幻灯片里还没有照片。",
        )
    return list(track.sg)


def replace_main(draft: Draft, segments: Sequence[VideoSegment]) -> Draft:
    """The draft with the main video track's segments replaced (not yet validated)."""
    main = draft.main_video
    tracks: list[Track] = []
    for t in draft.t:
        if t is main:
            tracks.append(t.model_copy(update={"sg": list(segments)}))
        else:
            tracks.append(t)
    if main is None:
        tracks.insert(0, VideoTrack.model_construct(tt=0, sg=list(segments)))
    return draft.model_copy(update={"t": tracks})


def with_meta(seg: VideoSegment, **update: Any) -> VideoSegment:
    return seg.model_copy(update={"m": seg.m.model_copy(update=update)})


def position(draft: Draft, index: int, *, clip: bool = False) -> int:
    """The 0-based slot of the photo/clip at 1-based `index`, or a clear error."""
    segs = main_segments(draft)
    n = len(segs)
    if not 1 <= index <= n:
        raise OpError(
            en=f"There is no photo {index}: the slideshow has {n}.",
            it=f"Non c'è la foto {index}: lo slideshow ne ha {n}.",
            zh=f"没有第{index}张照片：幻灯片共有{n}张。",
            loc="index",
        )
    if clip and segs[index - 1].m.kind != "clip":
        raise OpError(
            en=f"Item {index} is a photo, not a video clip.",
            it=f"L'elemento {index} è una foto, non un video.",
            zh=f"第{index}项是照片，不是视频片段。",
            loc="index",
        )
    return index - 1


def reorder(draft: Draft, order: Sequence[int]) -> Draft:
    """Segments in a new order; transitions stay with their place in the timeline."""
    segs = main_segments(draft)
    slots = [s.m.tr for s in segs]
    moved = [segs[i] for i in order]
    out = [with_meta(seg, tr=slots[i] if i < len(slots) else None) for i, seg in enumerate(moved)]
    return replace_main(draft, out)


# -- invariants ---------------------------------------------------------------


def clamp_segments(segments: Sequence[VideoSegment]) -> list[VideoSegment]:
    fixed = [
        s
        if MIN_SEGMENT_MS <= s.d <= MAX_SEGMENT_MS
        else s.model_copy(update={"d": max(MIN_SEGMENT_MS, min(MAX_SEGMENT_MS, s.d))})
        for s in segments
    ]
    out: list[VideoSegment] = []
    for i, seg in enumerate(fixed):
        tr = seg.m.tr
        if i == 0:
            if tr is not None:
                seg = with_meta(seg, tr=None)
        elif tr is not None and tr.d > 0:
            limit = min(seg.d, fixed[i - 1].d) // 2
            if tr.d > limit:
                seg = with_meta(seg, tr=tr.model_copy(update={"d": limit}))
        out.append(seg)
    return out


def finish(draft: Draft) -> Draft:
    """Restore the timeline's invariants, then validate the whole draft."""
    tracks: list[Track] = []
    for t in draft.t:
        if isinstance(t, VideoTrack):
            tracks.append(t.model_copy(update={"sg": clamp_segments(t.sg)}))
        elif not t.sg:
            continue  # an emptied music or text track goes away
        else:
            tracks.append(t)
    draft = draft.model_copy(update={"t": tracks})
    main = draft.main_video
    total = track_duration_ms(main) if main is not None and main.sg else 0
    if total > 0:
        draft = draft.model_copy(update={"t": [_retimed(t, total) for t in draft.t]})
    return Draft.parse(draft.to_dict())


def _retimed(track: Track, total: int) -> Track:
    if isinstance(track, AudioTrack):
        # Music keeps its start and runs to the end of the video.
        audio = []
        for s in track.sg:
            if s.m.at >= total:
                continue
            d = total - s.m.at
            meta = s.m.model_copy(update={"fi": min(s.m.fi, d // 2), "fo": min(s.m.fo, d // 2)})
            audio.append(s.model_copy(update={"d": d, "m": meta}))
        return track.model_copy(update={"sg": audio})
    if isinstance(track, TextTrack):
        # Text keeps its span unless it would pass the end.
        text = []
        for ts in track.sg:
            at, d = ts.m.at, ts.d
            if at + d > total:
                d = min(d, total)
                at = max(0, min(at, total - d))
            if (at, d) != (ts.m.at, ts.d):
                ts = ts.model_copy(update={"d": d, "m": ts.m.model_copy(update={"at": at})})
            text.append(ts)
        return track.model_copy(update={"sg": text})
    return track
