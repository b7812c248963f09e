"""The composer: bars fitted to the duration, phrased melodies, and a closing cadence."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from diapo.draft.beats import bar_timeline
from diapo.draft.vocabulary import STYLE_TEMPI
from diapo.music.accompaniment import finale
from diapo.music.arrangements import ARRANGEMENTS, Arrangement, Rhythm
from diapo.music.score import Bar, Note
from diapo.music.theory import is_chord_step

__all__ = ["Score", "compose"]

# A bar of melody, relative to the chord: (onset, length, diatonic steps above the root).
Motif = tuple[tuple[int, int, int], ...]

# Rising then falling through each eight-bar phrase gives it an arch.
_CONTOUR = (1, 1, -1, -1, 1, 1, -1, -1)


@dataclass(frozen=True, slots=True)
class Score:
    """A composed piece: its notes and when the closing fade begins (seconds)."""

    notes: list[Note]
    fade_start: float
    duration: float


def _form(music: int, arr: Arrangement) -> list[tuple[str, int, int]]:
    """(section, cycle, bar in phrase) for every bar before the final chord."""
    bars = [("intro", 0, i) for i in range(arr.intro_bars)] if music >= 16 else []
    cycle = 0
    while len(bars) < music:
        second = "B" if cycle % 2 == 0 else "C"
        for section in ("A", "A2", second, second + "2"):
            bars += [(section, cycle, i) for i in range(8)]
        cycle += 1
    return bars[:music]


def _motif(rng: np.random.Generator, rhythm: Rhythm, arr: Arrangement, direction: int) -> Motif:
    """A bar of melody: chord tones on the beats, steps or arpeggio notes between."""
    offset = int(rng.choice([0, 2, 4, 7]))
    notes = []
    for i, (onset, length) in enumerate(rhythm):
        if i:
            if offset > 7:
                direction = -1
            elif offset < -1:
                direction = 1
            if onset % arr.beat == 0 or rng.random() < arr.arpeggio:
                options = [
                    o for o in range(offset - 4, offset + 5) if o != offset and is_chord_step(o)
                ]
            else:
                options = [offset - 1, offset + 1]
            # Steps and thirds in the running direction; big leaps are rare.
            weights = np.array(
                [
                    (2.5 if (o - offset) * direction > 0 else 0.6) / (o - offset) ** 2
                    for o in options
                ]
            )
            offset = int(rng.choice(options, p=weights / weights.sum()))
            if rng.random() < 0.12:
                direction = -direction
        notes.append((onset, length, offset))
    return tuple(notes)


def _cadence(
    rng: np.random.Generator, arr: Arrangement, direction: int, landing: tuple[int, ...]
) -> Motif:
    """A phrase-ending bar whose last note lands on one of the given steps above the root."""
    rhythm = arr.cadences[int(rng.integers(len(arr.cadences)))]
    motif = list(_motif(rng, rhythm, arr, direction))
    previous = motif[-2][2] if len(motif) > 1 else int(rng.choice(landing))
    last = min((t + 7 * k for t in landing for k in (-1, 0, 1)), key=lambda o: abs(o - previous))
    motif[-1] = (motif[-1][0], motif[-1][1], last)
    return tuple(motif)


def _phrase(rng: np.random.Generator, arr: Arrangement, closes: bool) -> list[Motif]:
    """Eight bars: a two-bar idea, its continuation, then the idea again and a cadence."""
    pick = [arr.rhythms[int(i)] for i in rng.integers(len(arr.rhythms), size=4)]
    first = [_motif(rng, pick[0], arr, 1), _motif(rng, pick[1], arr, 1)]
    middle = [_motif(rng, pick[2], arr, -1), _cadence(rng, arr, -1, (0, 2, 4))]
    ending = [_motif(rng, pick[3], arr, -1), _cadence(rng, arr, -1, (0,) if closes else (0, 2, 4))]
    return [*first, *middle, *first, *ending]


def _answer(rng: np.random.Generator, arr: Arrangement, theme: list[Motif]) -> list[Motif]:
    """The closing half of a period: the theme again, with a new ending on the tonic."""
    rhythm = arr.rhythms[int(rng.integers(len(arr.rhythms)))]
    return [*theme[:6], _motif(rng, rhythm, arr, -1), _cadence(rng, arr, -1, (0,))]


def _vary(rng: np.random.Generator, motifs: list[Motif]) -> list[Motif]:
    """The theme as a player repeats it: the same shape, some passing notes changed."""
    varied = []
    for motif in motifs:
        notes = list(motif)
        for i in range(1, len(notes) - 1):
            if rng.random() < 0.25:
                onset, length, offset = notes[i]
                notes[i] = (onset, length, offset + int(rng.choice([-1, 1])))
        varied.append(tuple(notes))
    return varied


def _realise(motif: Motif, root: int, previous: int, low: int, high: int) -> list[int]:
    """Degrees of a motif over a chord: near the previous note, inside the range."""
    offsets = [root + o for _, _, o in motif]

    def cost(shift: int) -> float:
        outside = sum(max(0, low - d - shift) + max(0, d + shift - high) for d in offsets)
        return abs(offsets[0] + shift - previous) + 4.0 * outside

    base = 7 * round((previous - offsets[0]) / 7)
    shift = min((base - 7, base, base + 7), key=cost)
    return [d + shift for d in offsets]


def compose(style: str, duration_s: float, rng: np.random.Generator) -> Score:
    """Write a piece in `style` that lasts exactly `duration_s` and ends on the tonic."""
    arr = ARRANGEMENTS[style]
    key = arr.key
    # The tempo is exact, never nudged: the draft lays its cuts on this very grid.
    tempo = STYLE_TEMPI[style]
    timeline = bar_timeline(tempo, duration_s)
    form = _form(len(timeline) - 1, arr)
    low, high = (key.degree_near(p) for p in arr.melody_range)
    themes: dict[str, list[Motif]] = {}
    notes: list[Note] = []
    previous = 4
    phrase: list[Motif] = []
    for i, ((start, length), (section, cycle, index)) in enumerate(
        zip(timeline, form, strict=False)
    ):
        chord = 0 if section == "intro" else arr.progressions[section][index]
        cadence_bar = len(form) - i
        if cadence_bar <= 2 and len(form) >= 2:
            chord = (arr.predominant, 4)[2 - cadence_bar]
        bar = Bar(start, length, chord, section, index)
        notes += arr.accompany(bar, key, rng)
        if section == "intro":
            continue
        if index == 0 or not phrase:
            phrase = _phrase_for(section, cycle, rng, arr, themes)
        motif = phrase[index]
        if cadence_bar == 1:
            motif = _cadence(rng, arr, -1, (2, 4))
        elif cadence_bar == 2:
            rhythm = arr.rhythms[int(rng.integers(len(arr.rhythms)))]
            motif = _motif(rng, rhythm, arr, -1)
        degrees = _realise(motif, chord, previous, low, high)
        previous = degrees[-1]
        notes += _melody_notes(arr, bar, section, motif, degrees)
    final_start, final_length = timeline[-1]
    final = Bar(final_start, final_length, 0, "end", 0)
    notes += finale(style, final, key)
    tonic = min(max(7 * round(previous / 7), low), high)
    voice = arr.voices.get("A", arr.lead)
    hold = min(3.0, max(0.4, 0.55 * final_length))
    notes += _held(arr, final, voice, key.pitch(tonic), hold, tempo.final_bars)
    fade = final_start + 0.3 * final_length
    return Score(notes=notes, fade_start=fade, duration=duration_s)


def _phrase_for(
    section: str,
    cycle: int,
    rng: np.random.Generator,
    arr: Arrangement,
    themes: dict[str, list[Motif]],
) -> list[Motif]:
    """The melody for a phrase: new the first time, a variation of the theme after that."""
    if section.endswith("2"):
        base = section[:-1]
        if section not in themes:
            themes[section] = _answer(rng, arr, themes.get(base) or _phrase(rng, arr, False))
        motifs = themes[section]
    elif section not in themes:
        themes[section] = _phrase(rng, arr, closes=False)
        motifs = themes[section]
    else:
        motifs = themes[section]
    return motifs if cycle < 2 else _vary(rng, motifs)


def _melody_notes(
    arr: Arrangement, bar: Bar, section: str, motif: Motif, degrees: list[int]
) -> list[Note]:
    key, unit = arr.key, bar.length / arr.units
    voice = arr.voices.get(section, arr.lead)
    # Tremolo picking locked to the beat grid, near the 12-16 strokes a second players use.
    tremolo = max(1, round(14 * unit)) / unit
    notes = []
    for (onset, length, _), degree in zip(motif, degrees, strict=True):
        strong = onset % arr.beat == 0
        velocity = 0.85 if strong else 0.7
        rate = tremolo if voice == "mandolin" and length >= arr.tremolo_units else 0.0
        start, duration = bar.at(onset, arr.units), 0.95 * length * unit
        notes.append(Note(start, duration, key.pitch(degree, bar.chord), velocity, voice, rate))
        if section in arr.thirds:
            below = key.pitch(degree - 2, bar.chord)
            notes.append(Note(start, duration, below, 0.6 * velocity, voice, rate))
    return notes


def _held(
    arr: Arrangement, bar: Bar, voice: str, pitch: int, hold: float, final_bars: int
) -> list[Note]:
    unit = bar.length / arr.units / final_bars
    rate = max(1, round(14 * unit)) / unit if voice == "mandolin" else 0.0
    return [Note(bar.start, hold, pitch, 0.85, voice, rate)]
