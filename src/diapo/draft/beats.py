"""Beat sync: the music's beat grid, and a draft re-timed so that every cut lands on it (pure).

Built-in music keeps an exact grid: the composer lays its bars with
`bar_timeline`, the same function the draft uses here. An uploaded file's grid
comes from its detected tempo and first beat (`AudioMeta.bpm`, `beat_at`).

`sync_to_beats` is idempotent, so the builder applies it when it makes a
draft and the render plan applies it again: a draft edited since (another
pace, other music) still renders on the beat.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass

from diapo.draft.model import AudioSegment, AudioTrack, Draft, VideoSegment, VideoTrack
from diapo.draft.vocabulary import DEFAULT_STYLE, STYLE_TEMPI, StyleTempo, find_style

__all__ = [
    "BeatGrid",
    "bar_timeline",
    "beat_grid",
    "style_bars",
    "style_length_ms",
    "sync_to_beats",
]

# The bars just before the final chord slow down a little, as players do.
RITARDANDO = (1.05, 1.12)
# Uploaded music is taken as 4/4 in four-bar phrases: by far the most common shape.
_UPLOAD_BEATS_PER_BAR = 4
_PHRASE_BARS = 4
_MIN_SHOT_MS = 200  # never squeeze a photo to less than this on screen


_RIT_EXTRA = sum(s - 1.0 for s in RITARDANDO)


def bar_timeline(tempo: StyleTempo, duration_s: float) -> list[tuple[float, float]]:
    """(start, length) in seconds of every bar of a built-in piece; the final chord's bar last.

    The last bar holds the final chord for `tempo.final_bars` bars, the two
    before it slow down, and the tempo is stretched a hair so that a whole
    number of bars fills the duration exactly.
    """
    total = style_bars(tempo, duration_s * 1000)
    music = total - tempo.final_bars
    weights = [1.0] * music
    for back, stretch in enumerate(reversed(RITARDANDO), start=1):
        if back <= music:
            weights[music - back] = stretch
    weights.append(float(tempo.final_bars))
    scale = duration_s / sum(weights)
    bars: list[tuple[float, float]] = []
    start = 0.0
    for w in weights:
        bars.append((start, w * scale))
        start += w * scale
    return bars


def style_bars(tempo: StyleTempo, duration_ms: float) -> int:
    """How many bars (final chord included) a built-in piece of this length has."""
    return max(tempo.final_bars, round(duration_ms / tempo.bar_ms - _RIT_EXTRA))


def style_length_ms(tempo: StyleTempo, bars: int) -> int:
    """How long a built-in piece of `bars` bars lasts at its exact tempo (inverse of style_bars)."""
    bars = max(tempo.final_bars, bars)
    slowed = RITARDANDO[max(0, len(RITARDANDO) - (bars - tempo.final_bars)) :]
    return round(tempo.bar_ms * (bars + sum(s - 1.0 for s in slowed)))


@dataclass(frozen=True, slots=True)
class BeatGrid:
    """Bar lines on the timeline (ms from the video's start) and beats per bar.

    `bars[k]` is where bar k starts; the last entry is where the music ends (or,
    for uploaded music, where the grid runs out). Beats divide each bar evenly.
    """

    bars: tuple[float, ...]
    beats_per_bar: int

    def position(self, units: int, per_bar: int) -> float:
        """Where grid unit `units` falls, counting `per_bar` units to a bar."""
        bar, within = divmod(units, per_bar)
        bar = min(bar, len(self.bars) - 1)
        if bar + 1 >= len(self.bars):
            # Past the last bar line: continue at the last bar's length.
            length = self.bars[-1] - self.bars[-2] if len(self.bars) > 1 else 0.0
            return self.bars[-1] + (units - bar * per_bar) * length / per_bar
        return self.bars[bar] + within * (self.bars[bar + 1] - self.bars[bar]) / per_bar

    def units_at(self, t_ms: float, per_bar: int) -> float:
        """The inverse of `position`: how many units from the first bar line `t_ms` lies."""
        bars = self.bars
        if len(bars) < 2:
            return 0.0
        k = max(0, min(len(bars) - 2, bisect.bisect_right(bars, t_ms) - 1))
        return (k + (t_ms - bars[k]) / (bars[k + 1] - bars[k])) * per_bar

    def beats(self) -> list[float]:
        """Every beat, in ms, up to the last bar line."""
        count = (len(self.bars) - 1) * self.beats_per_bar + 1
        return [self.position(k, self.beats_per_bar) for k in range(count)]


def _music(draft: Draft) -> tuple[int, int, AudioSegment] | None:
    """The beat-synced music segment: (track index, segment index, segment)."""
    for ti, track in enumerate(draft.t):
        if isinstance(track, AudioTrack):
            for si, seg in enumerate(track.sg):
                if seg.m.beat_sync and seg.m.at == 0:
                    return ti, si, seg
            return None
    return None


def _style(seg: AudioSegment) -> str | None:
    if not seg.m.src.startswith("music:"):
        return None
    return find_style(seg.m.src.removeprefix("music:") or DEFAULT_STYLE)


def beat_grid(draft: Draft) -> BeatGrid | None:
    """The grid the draft's music plays on, as laid out now; None without synced music."""
    found = _music(draft)
    if found is None:
        return None
    seg = found[2]
    style = _style(seg)
    if style is not None:
        tempo = STYLE_TEMPI[style]
        bars = bar_timeline(tempo, seg.d / 1000)
        lines = [1000 * s for s, _ in bars[:-1]]
        # The final chord's long bar splits into its own bars, so the grid stays even.
        start, length = bars[-1]
        lines += [1000 * (start + k * length / tempo.final_bars) for k in range(tempo.final_bars)]
        return BeatGrid((*lines, float(seg.d)), tempo.beats_per_bar)
    if seg.m.bpm is None:
        return None
    beat = 60_000.0 / seg.m.bpm
    bar = beat * _UPLOAD_BEATS_PER_BAR
    # The first bar line at or after the start; what comes before it is a pickup.
    first = ((seg.m.beat_at or 0) - seg.m.trim) % bar
    count = math.ceil((seg.d - first) / bar) + 1
    return BeatGrid(tuple(first + k * bar for k in range(count)), _UPLOAD_BEATS_PER_BAR)


def sync_to_beats(draft: Draft) -> Draft:
    """The draft re-timed so that cuts and transition starts fall on the music's grid.

    Photos last whole bars when they are at least about a bar long, otherwise
    whole beats (or half and quarter beats at a very quick pace); clips are
    only ever shortened, to the grid line before their end. The video ends on
    a bar line: built-in music is composed to end there with its own final
    chord; with an uploaded file the video ends at the end of a four-bar
    phrase when one is within a bar, and the music fades over the last bar
    rather than stopping mid-bar. Drafts without synced music come back
    unchanged, and so does a draft that is already in sync.
    """
    found = _music(draft)
    video = draft.main_video
    if found is None or video is None or not video.sg:
        return draft
    ti, si, seg = found
    style = _style(seg)
    segs = video.sg
    overlaps = [_overlap(s) if i else 0 for i, s in enumerate(segs)]
    starts_now = [0]
    for i in range(1, len(segs)):
        starts_now.append(starts_now[-1] + segs[i - 1].d - overlaps[i])
    total_now = starts_now[-1] + segs[-1].d
    if style is not None:
        tempo = STYLE_TEMPI[style]
        bar_ms, beats_per_bar = tempo.bar_ms, tempo.beats_per_bar
        bars = style_bars(tempo, total_now)
    elif seg.m.bpm is not None:
        bar_ms = 60_000.0 * _UPLOAD_BEATS_PER_BAR / seg.m.bpm
        beats_per_bar = _UPLOAD_BEATS_PER_BAR
        bars = max(1, round((total_now - _pickup(seg, bar_ms)) / bar_ms))
    else:
        return draft
    per_bar = _units_per_bar(total_now / len(segs), bar_ms, beats_per_bar)
    while bars * per_bar < len(segs) and per_bar < 64:
        per_bar *= 2
    grid, music = _grid(draft, ti, si, seg, style, bars)
    if _on_grid(grid, 4 * beats_per_bar, [*starts_now[1:], total_now], draft.c.fps):
        # Already in sync: only the music may need to follow (a new style, say).
        return _replace_music(draft, ti, si, music)
    pickup = _pickup(seg, bar_ms) if style is None else 0.0
    unit_ms = bar_ms / per_bar
    edges = [max(0.0, (t - pickup) / unit_ms) for t in [*starts_now, total_now]]
    least = max(1, math.ceil(_MIN_SHOT_MS / unit_ms))
    counts = []
    for i, s in enumerate(segs):
        span = edges[i + 1] - edges[i]
        # A clip cannot play longer than it lasts: it may only end early.
        counts.append(max(least, math.floor(span + 0.02) if s.m.kind == "clip" else round(span)))
    bars = -(-sum(counts) // per_bar)
    if style is None:
        # A song is cut at the end of a four-bar phrase: the nearest one, unless
        # reaching back to it would leave the last photo too short.
        phrase = max(_PHRASE_BARS, _PHRASE_BARS * round(bars / _PHRASE_BARS))
        spare = counts[-1] - max(least, per_bar)
        if phrase < bars and (bars - phrase) * per_bar - (bars * per_bar - sum(counts)) > spare:
            phrase += _PHRASE_BARS
        bars = phrase
    photos = [i for i, s in enumerate(segs) if s.m.kind != "clip"]
    if not photos and bars * per_bar > sum(counts):
        bars = sum(counts) // per_bar  # clips alone: the music ends early, never a clip late
    extra = bars * per_bar - sum(counts)
    if extra > 0 and segs[-1].m.kind == "clip" and photos:
        _lengthen_photos(counts, photos, extra, max(1, per_bar // beats_per_bar))
    else:
        counts[-1] += extra
    if counts[-1] < least:
        return draft
    grid, music = _grid(draft, ti, si, seg, style, bars)
    indices = [sum(counts[:i]) for i in range(len(segs))]
    fps = draft.c.fps
    starts = [0, *(_nearest_frame(grid.position(k, per_bar), fps) for k in indices[1:])]
    for i in range(len(segs) - 1):
        # A clip's cut rounded to a later frame would play it past its end: it stays on the
        # grid line (the frame after it shows the cut, as before rounding to the nearest).
        latest = starts[i] + segs[i].d - overlaps[i + 1]
        if segs[i].m.kind == "clip" and starts[i + 1] > latest:
            starts[i + 1] = latest
    end = round(grid.position(bars * per_bar, per_bar))
    if segs[-1].m.kind == "clip" and end - starts[-1] > segs[-1].d and len(segs) > 1:
        starts[-1] = end - segs[-1].d  # the last clip ends with the music, no longer than it is
    if any(b - a < _MIN_SHOT_MS for a, b in zip(starts, [*starts[1:], end], strict=True)):
        return draft
    new_segs: list[VideoSegment] = []
    for i, s in enumerate(segs):
        nxt = starts[i + 1] + overlaps[i + 1] if i + 1 < len(segs) else end
        new_segs.append(s.model_copy(update={"d": nxt - starts[i]}))
    new_segs = _fit_transitions(new_segs)
    tracks = list(draft.t)
    tracks[_video_index(draft)] = video.model_copy(update={"sg": new_segs})
    synced = draft.model_copy(update={"t": tracks})
    return _replace_music(synced, ti, si, music)


def _nearest_frame(t_ms: float, fps: int) -> int:
    """The start (whole ms, rounded down) of the frame nearest `t_ms`.

    A cut shows from the first frame at or after its start, so a start a hair
    after a frame boundary would land a whole frame late: a beat at 2003 ms
    with 30 fps is nearest frame 60 (2000 ms), not frame 61 (2033 ms).
    Rounding the boundary down keeps it at or before the frame's own time.
    """
    return round(t_ms * fps / 1000) * 1000 // fps


def _lengthen_photos(counts: list[int], photos: list[int], extra: int, beat: int) -> None:
    """Spread `extra` grid units over the photos, a beat (`beat` units) each from the last back.

    Used when a clip ends the video: a clip's slot never outlasts the clip, or
    its last frame would stay on screen after its sound has stopped. What is
    less than a beat goes to the last photo.
    """
    counts[photos[-1]] += extra % beat
    for k in range(extra // beat):
        counts[photos[-1 - k % len(photos)]] += beat


def _on_grid(grid: BeatGrid, per_bar: int, times: list[int], fps: int) -> bool:
    """Whether every cut is on the frame nearest a grid line, the end on the grid's end."""
    if abs(times[-1] - grid.bars[-1]) > 2:
        return False
    return all(
        abs(_nearest_frame(grid.position(round(grid.units_at(t, per_bar)), per_bar), fps) - t) <= 2
        for t in times[:-1]
    )


def _pickup(seg: AudioSegment, bar_ms: float) -> float:
    """How long an uploaded file plays before its first bar line."""
    return ((seg.m.beat_at or 0) - seg.m.trim) % bar_ms


def _grid(
    draft: Draft, ti: int, si: int, seg: AudioSegment, style: str | None, bars: int
) -> tuple[BeatGrid, AudioSegment]:
    """The grid of `bars` bars and the music segment re-timed to last exactly that long."""
    if style is not None:
        tempo = STYLE_TEMPI[style]
        # Built-in music ends with its own final chord: no fade of ours on top.
        meta = seg.m.model_copy(update={"fo": 0})
        music = seg.model_copy(update={"d": style_length_ms(tempo, bars), "m": meta})
        grid = beat_grid(_replace_music(draft, ti, si, music))
        assert grid is not None
        return grid, music
    assert seg.m.bpm is not None
    bar_ms = 60_000.0 * _UPLOAD_BEATS_PER_BAR / seg.m.bpm
    first = _pickup(seg, bar_ms)
    grid = BeatGrid(tuple(first + k * bar_ms for k in range(bars + 1)), _UPLOAD_BEATS_PER_BAR)
    end = round(grid.bars[-1])
    # An uploaded song goes on past the video: it fades over the last bar only.
    meta = seg.m.model_copy(update={"fo": min(round(bar_ms), end)})
    return grid, seg.model_copy(update={"d": end, "m": meta})


def _overlap(seg: VideoSegment) -> int:
    tr = seg.m.tr
    return tr.d if tr is not None and tr.k != "cut" else 0


def _units_per_bar(mean_span_ms: float, bar_ms: float, beats_per_bar: int) -> int:
    """Whole bars when the pace allows, else beats, else half or quarter beats.

    The pace allows bars when rounding to them changes a photo's length by at
    most 15%: 1.6 bars would become 2 (a quarter slower), so it gets beats.
    Photos shorter than three quarters of a beat are cut on half or quarter beats.
    """
    bars = mean_span_ms / bar_ms
    if bars >= 0.75 and abs(round(bars) - bars) <= 0.15 * bars:
        return 1
    for per_bar in (beats_per_bar, 2 * beats_per_bar):
        if mean_span_ms * per_bar / bar_ms >= 0.75:
            return per_bar
    return 4 * beats_per_bar


def _fit_transitions(segs: list[VideoSegment]) -> list[VideoSegment]:
    """Shorten any transition that no longer fits in half of a re-timed neighbour.

    Each item's start stays where the grid put it: a shorter overlap ends the
    previous item earlier. That can make the previous item too short for its
    own incoming transition, so the pass repeats until nothing changes.
    """
    out = list(segs)
    changed = True
    while changed:
        changed = False
        for i in range(1, len(out)):
            seg = out[i]
            tr = seg.m.tr
            if tr is None or tr.d <= 0:
                continue
            limit = min(seg.d, out[i - 1].d) // 2
            if tr.d > limit:
                shrink = tr.d - limit
                prev = out[i - 1]
                out[i - 1] = prev.model_copy(update={"d": prev.d - shrink})
                fitted = tr.model_copy(update={"d": limit})
                out[i] = seg.model_copy(update={"m": seg.m.model_copy(update={"tr": fitted})})
                changed = True
    return out


def _video_index(draft: Draft) -> int:
    return next(i for i, t in enumerate(draft.t) if isinstance(t, VideoTrack))


def _replace_music(draft: Draft, ti: int, si: int, seg: AudioSegment) -> Draft:
    track = draft.t[ti]
    assert isinstance(track, AudioTrack)
    segments = list(track.sg)
    segments[si] = seg
    tracks = list(draft.t)
    tracks[ti] = track.model_copy(update={"sg": segments})
    return draft.model_copy(update={"t": tracks})
