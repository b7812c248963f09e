"""Draft → timeline plan: which segments and texts are on screen at each frame (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from diapo.draft.beats import beat_grid, sync_to_beats
from diapo.draft.model import Draft, TextSegment, VideoSegment
from diapo.draft.vocabulary import END_CARD_TEXTS, TextAnimation
from diapo.errors import InvalidDraftError

__all__ = ["FramePlan", "Layer", "Plan", "TextItem", "VisualItem", "make_plan"]


_RISE_MS = 700  # a rise takes at least this long, or it jumps rather than rises
_TYPE_MS = 60  # per character of a typewriter text
_CARD_MS = 3000  # an end card's time on screen, its fade to the background included
_CUT_MS = 30  # even a cut ending fades the sound this long: a wave stopped mid-swing clicks


@dataclass(frozen=True, slots=True)
class VisualItem:
    """A photo or clip placed on the timeline, in milliseconds."""

    index: int
    seg: VideoSegment
    start_ms: int
    end_ms: int
    transition_ms: int  # how long it overlaps the previous item at its start

    @property
    def d(self) -> int:
        return self.end_ms - self.start_ms


@dataclass(frozen=True, slots=True)
class TextItem:
    """A text shown from `start_ms` to `end_ms`, entering by its animation, fading out.

    "fade" fades in over `fade_in_ms`; "rise" fades in while it moves up into place
    (`rise`); "typewriter" shows its characters one after the other (`revealed`);
    "none" is there at once and leaves at once.
    """

    index: int
    text: str
    start_ms: int
    end_ms: int
    fade_in_ms: int
    fade_out_ms: int
    key: tuple[str, int, int]  # identifies the sprite to reuse ("track"/"caption", i, j)
    anim: TextAnimation = "fade"

    @property
    def entry_ms(self) -> int:
        """How long the text takes to enter: then it is whole and still."""
        d = max(1, self.end_ms - self.start_ms)
        if self.anim == "none":
            return 0
        if self.anim == "rise":
            return min(max(self.fade_in_ms, _RISE_MS), d // 2)
        if self.anim == "typewriter":
            # About 16 characters a second, never more than 60% of its time on screen.
            return min(max(self.fade_in_ms, len(self.text) * _TYPE_MS), d * 3 // 5)
        return min(self.fade_in_ms, d)

    @property
    def shown_ms(self) -> int:
        """The first moment the text is whole, still and fully opaque."""
        return self.start_ms + self.entry_ms

    def rise(self, t_ms: float) -> float:
        """How much of its rise a "rise" text still has to go: 1 at its start, then 0."""
        if self.anim != "rise" or self.entry_ms <= 0:
            return 0.0
        u = max(0.0, min(1.0, (t_ms - self.start_ms) / self.entry_ms))
        return (1 - u) ** 3  # ease-out: quick at first, settling softly

    def revealed(self, t_ms: float) -> float:
        """The share of a typewriter text's characters shown at `t_ms` (1 for the others)."""
        if self.anim != "typewriter" or self.entry_ms <= 0:
            return 1.0
        return max(0.0, min(1.0, (t_ms - self.start_ms) / self.entry_ms))

    def opacity(self, t_ms: float) -> float:
        if t_ms < self.start_ms or t_ms >= self.end_ms:
            return 0.0
        if self.anim == "none":
            return 1.0
        a = 1.0
        fade_in = self.entry_ms if self.anim == "rise" else self.fade_in_ms
        if self.anim == "typewriter":
            fade_in = 0  # the letters appear one by one instead
        if fade_in > 0:
            a = min(a, (t_ms - self.start_ms) / fade_in)
        if self.fade_out_ms > 0:
            a = min(a, (self.end_ms - t_ms) / self.fade_out_ms)
        return max(0.0, min(1.0, a))


@dataclass(frozen=True, slots=True)
class Layer:
    """One visual item at one frame: `u` is its local progress 0..1, `t_ms` its local time."""

    item: VisualItem
    u: float
    t_ms: float


@dataclass(frozen=True, slots=True)
class FramePlan:
    """What frame `n` shows: one layer, or two mixed by a transition at progress `p`."""

    n: int
    t_ms: float
    a: Layer | None
    b: Layer | None
    transition: str | None
    p: float
    texts: tuple[tuple[TextItem, float], ...]
    # How much of the picture is left as the ending fades it to the background:
    # `backdrop` under the texts (an end card's fade), `fade` over everything.
    backdrop: float = 1.0
    fade: float = 1.0


@dataclass(frozen=True, slots=True)
class Plan:
    """The whole timeline, frame-addressable without touching any file."""

    fps: int
    width: int
    height: int
    duration_ms: int
    frames: int
    items: tuple[VisualItem, ...]
    texts: tuple[TextItem, ...]
    beats_ms: tuple[float, ...] = ()  # the synced music's beats, empty without beat sync
    fade_ms: int = 0  # the final fade of picture and sound (0: the video ends on a cut)
    card_ms: int = 0  # an end card's length, its picture fade at its start (0: no card)

    def frame(self, n: int) -> FramePlan:
        """The plan of frame `n` (0-based)."""
        # Sample at the frame's start so that frame 0 is exactly t=0.
        t = n * 1000.0 / self.fps
        active = [it for it in self.items if it.start_ms <= t < it.end_ms]
        if not active and self.items and t >= self.items[-1].start_ms:
            active = [self.items[-1]]  # rounding at the very end
        a = b = None
        transition: str | None = None
        p = 0.0
        if active:
            first = active[0]
            a = Layer(first, _progress(first, t), t - first.start_ms)
            if len(active) > 1:
                second = active[1]
                b = Layer(second, _progress(second, t), t - second.start_ms)
                tr = second.seg.m.tr
                transition = tr.k if tr is not None else "cut"
                p = (t - second.start_ms) / max(1, second.transition_ms)
                p = max(0.0, min(1.0, p))
        texts = tuple((ti, op) for ti in self.texts if (op := ti.opacity(t)) > 0.0)
        # A frame is shown until the next one: its end decides how dark it is, so
        # the last frame is wholly the background and the sound is silent with it.
        t_end = t + 1000.0 / self.fps
        backdrop = fade = 1.0
        if self.card_ms:
            start = self.duration_ms - self.card_ms
            backdrop = _ramp_down(t_end - start, max(1, self.card_ms - self.fade_ms) // 2)
        if self.fade_ms:
            fade = _ramp_down(t_end - (self.duration_ms - self.fade_ms), self.fade_ms)
        return FramePlan(
            n=n, t_ms=t, a=a, b=b, transition=transition, p=p, texts=texts,
            backdrop=backdrop, fade=fade,
        )  # fmt: skip

    def sound_fade_ms(self) -> int:
        """How long the sound fades out at the very end, with the picture."""
        return self.fade_ms or _CUT_MS

    def cut_frames(self) -> frozenset[int]:
        """Frames where a photo or clip replaces the previous one at once, with no transition.

        The encoder starts a keyframe there. x264 does not look for scene
        changes itself at the default quality: its lookahead for scene
        detection and B-frame placement was a third of its CPU here.
        """
        return frozenset(
            n
            for it in self.items[1:]
            if it.transition_ms == 0 and 0 < (n := -(-it.start_ms * self.fps // 1000)) < self.frames
        )

    def change_frames(self) -> list[int]:
        """The first frame of each item after the first: where a cut or transition starts."""
        return [-(-it.start_ms * self.fps // 1000) for it in self.items[1:]]

    def beat_frames(self) -> list[int]:
        """The frame nearest each beat: the one a cut on that beat starts on."""
        return [round(b * self.fps / 1000) for b in self.beats_ms]

    def items_needed_after(self, n: int) -> list[int]:
        """Indices of visual items still on screen at or after frame `n`."""
        t = n * 1000.0 / self.fps
        return [it.index for it in self.items if it.end_ms > t]


def _ramp_down(elapsed: float, length: int) -> float:
    """1 until `elapsed` reaches 0, then down to 0 over `length` ms."""
    return max(0.0, min(1.0, 1.0 - elapsed / length))


def _progress(item: VisualItem, t: float) -> float:
    return max(0.0, min(1.0, (t - item.start_ms) / max(1, item.d)))


def make_plan(draft: Draft) -> Plan:
    """Lay out the draft's main video track and all texts on the timeline.

    A draft whose music asks for beat sync is laid out re-timed to the beat
    (`sync_to_beats`, a no-op on a draft already in sync), so cuts land on the
    beat even after an edit changed the pace or the music.
    """
    draft = sync_to_beats(draft)
    video = draft.main_video
    if video is None or not video.sg:
        raise InvalidDraftError(
            "The draft has no photos or clips to show.",
            [{"loc": "t", "msg": "no video track with segments"}],
        )
    items: list[VisualItem] = []
    cursor = 0
    for i, seg in enumerate(video.sg):
        overlap = 0
        if i > 0 and seg.m.tr is not None and seg.m.tr.k != "cut":
            overlap = seg.m.tr.d
        start = cursor - overlap
        items.append(VisualItem(i, seg, start, start + seg.d, overlap))
        cursor = start + seg.d
    duration = cursor
    texts: list[TextItem] = []
    for ti, track in enumerate(draft.text_tracks):
        for si, tseg in enumerate(track.sg):
            texts.append(_text_item(len(texts), tseg, ("track", ti, si), duration))
    for item in items:
        cap = item.seg.m.cap
        if cap is not None:
            # A caption appears once the photo is fully in and leaves as it goes.
            start = item.start_ms + item.transition_ms
            nxt = items[item.index + 1].transition_ms if item.index + 1 < len(items) else 0
            end = max(start + 1, item.end_ms - nxt)
            texts.append(
                TextItem(
                    len(texts), cap.text, start, end, 250, 250, ("caption", item.index, 0), cap.anim
                )
            )
    fade_ms, card_ms = _ending(draft, duration)
    if card_ms:
        # The card's words fade in once the picture is half gone and out with the sound.
        start = duration - card_ms + (card_ms - fade_ms) // 4
        texts.append(
            TextItem(len(texts), _card_text(draft), start, duration, 400, 0, ("end", 0, 0))
        )
    frames = max(1, round(duration * draft.c.fps / 1000))
    grid = beat_grid(draft)
    beats = tuple(b for b in grid.beats() if b <= duration) if grid is not None else ()
    return Plan(
        fps=draft.c.fps,
        width=draft.c.w,
        height=draft.c.h,
        duration_ms=duration,
        frames=frames,
        items=tuple(items),
        texts=tuple(texts),
        beats_ms=beats,
        fade_ms=fade_ms,
        card_ms=card_ms,
    )


def _ending(draft: Draft, duration: int) -> tuple[int, int]:
    """The final fade and the end card's length, both at most half the video."""
    end = draft.ending
    if end.k == "cut":
        return 0, 0
    fade = min(end.d, duration // 2)
    if end.k == "fade":
        return fade, 0
    card = max(fade, min(_CARD_MS, duration // 2))
    return min(fade, card // 2), card


def _card_text(draft: Draft) -> str:
    """The end card's words: the draft's own, else "The End" in the draft's language."""
    if draft.ending.text:
        return draft.ending.text
    lang = draft.lang or (draft.story.lang if draft.story is not None else "en")
    return END_CARD_TEXTS[lang]


def _text_item(index: int, seg: TextSegment, key: tuple[str, int, int], total: int) -> TextItem:
    start = seg.m.at
    end = min(seg.m.at + seg.d, total)
    return TextItem(index, seg.m.text, start, max(start, end), seg.m.fi, seg.m.fo, key, seg.m.anim)
