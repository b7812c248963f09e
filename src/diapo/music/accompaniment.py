"""Accompaniment per style: bass, chords and percussion for one bar, and the final chord."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from diapo.music.score import Bar, Note
from diapo.music.theory import Key, place_in_range

__all__ = [
    "Accompanist",
    "canzone",
    "cinema",
    "festa",
    "finale",
    "lofi",
    "lounge",
    "mandolino",
    "serenata",
    "tarantella",
]

Accompanist = Callable[[Bar, Key, np.random.Generator], list[Note]]

# How hard each part of the form is played: the B section lifts, the intro holds back.
_ENERGY = {"intro": 0.8, "A": 0.88, "A2": 0.92, "B": 1.0, "B2": 1.0, "C": 0.95, "C2": 0.97}


def _energy(bar: Bar) -> float:
    return _ENERGY.get(bar.section, 1.0)


def _voicing(key: Key, root: int, low: int, *, seventh: bool = False) -> list[int]:
    """Chord tones stacked upward from `low`, root first, in close position."""
    notes: list[int] = []
    floor = low
    for pitch in key.chord(root, seventh=seventh):
        note = place_in_range(pitch % 12, floor)
        notes.append(note)
        floor = note + 1
    return notes


def _strum(
    bar: Bar,
    unit: float,
    units: int,
    pitches: list[int],
    length_s: float,
    velocity: float,
    voice: str,
    spread_s: float,
) -> list[Note]:
    # A downstroke reaches the strings one after another, low to high.
    start = bar.at(unit, units)
    return [
        Note(start + i * spread_s, length_s, p, velocity * (1.0 - 0.06 * i), voice)
        for i, p in enumerate(pitches)
    ]


def _bass_pitch(key: Key, bar: Bar, low: int) -> tuple[int, int]:
    """Root and fifth of the bar's chord in the bass register."""
    root, _, fifth = key.chord(bar.chord)
    return place_in_range(root % 12, low), place_in_range(fifth % 12, low)


def tarantella(bar: Bar, key: Key, rng: np.random.Generator) -> list[Note]:
    """Bass on the two dotted-quarter beats, guitar chops between, tambourine on every eighth."""
    e, unit = _energy(bar), bar.length / 6
    root, fifth = _bass_pitch(key, bar, 40)
    chord = _voicing(key, bar.chord, 52, seventh=bar.chord % 7 == 4 and bar.index % 2 == 1)
    notes = [
        Note(bar.at(0, 6), 2.6 * unit, root, 0.9 * e, "bass"),
        Note(bar.at(3, 6), 2.6 * unit, fifth if bar.index % 2 else root, 0.8 * e, "bass"),
    ]
    for u, v in ((1, 0.5), (2, 0.4), (4, 0.5), (5, 0.4)):
        notes += _strum(bar, u, 6, chord, 0.7 * unit, v * e, "guitar", 0.006)
    for u in range(6):
        accent = u % 3 == 0
        notes.append(
            Note(bar.at(u, 6), 0.3, 0 if accent else 1, (0.7 if accent else 0.3) * e, "tambourine")
        )
    if bar.index % 2 == 1:
        notes.append(Note(bar.at(4.5, 6), 0.3, 2, 0.3 * e, "tambourine"))
    notes.append(Note(bar.at(0, 6), 0.4, 0, 0.8 * e, "frame_drum"))
    notes.append(Note(bar.at(3, 6), 0.4, 0, 0.5 * e, "frame_drum"))
    return notes


def mandolino(bar: Bar, key: Key, rng: np.random.Generator) -> list[Note]:
    """A waltz: bass on one, guitar chords on two and three."""
    e, unit = _energy(bar), bar.length / 6
    root, _ = _bass_pitch(key, bar, 38)
    chord = _voicing(key, bar.chord, 54, seventh=bar.chord % 7 == 4)
    notes = [Note(bar.at(0, 6), 1.9 * unit, root, 1.0 * e, "bass")]
    for u in (2, 4):
        notes += _strum(bar, u, 6, chord, 1.7 * unit, 0.58 * e, "guitar", 0.012)
    if bar.section.startswith("B"):
        # A second guitar answers on the last eighth, filling the longer melody notes.
        notes.append(Note(bar.at(5, 6), 1.5 * unit, chord[-1] + 12, 0.3 * e, "guitar"))
    return notes


def serenata(bar: Bar, key: Key, rng: np.random.Generator) -> list[Note]:
    """A let-ring guitar arpeggio, six notes to the bar, over a soft bass."""
    e, unit = _energy(bar), bar.length / 6
    low = place_in_range(key.chord(bar.chord)[0] % 12, 41)
    _, third, fifth = key.chord(bar.chord)
    fifth_up = place_in_range(fifth % 12, low + 1)
    root_up = low + 12
    third_up = place_in_range(third % 12, root_up + 1)
    pattern = (low, fifth_up, root_up, third_up, root_up, fifth_up)
    bass = place_in_range(low % 12, 36)
    notes = [Note(bar.at(0, 6), 5.5 * unit, bass, 0.45 * e, "bass")]
    for u, pitch in enumerate(pattern):
        ring = 5.5 if u == 0 else 2.8
        notes.append(
            Note(bar.at(u, 6), ring * unit, pitch, (0.55 if u == 0 else 0.38) * e, "guitar")
        )
    return notes


def festa(bar: Bar, key: Key, rng: np.random.Generator) -> list[Note]:
    """An oom-pah march: tuba on the beats, accordion chords off them, band drums."""
    e, unit = _energy(bar), bar.length / 8
    root, fifth = _bass_pitch(key, bar, 36)
    chord = _voicing(key, bar.chord, 55, seventh=bar.chord % 7 == 4)
    notes = [
        Note(bar.at(0, 8), 1.8 * unit, root, 0.85 * e, "tuba"),
        Note(bar.at(4, 8), 1.8 * unit, fifth, 0.75 * e, "tuba"),
    ]
    for u in (2, 6):
        notes += _strum(bar, u, 8, chord, 1.3 * unit, 0.28 * e, "accordion", 0.0)
        notes.append(Note(bar.at(u, 8), 0.3, 0, 0.45 * e, "snare"))
    for u in (0, 4):
        notes.append(Note(bar.at(u, 8), 0.45, 0, 0.85 * e, "kick"))
    for u in range(0, 8, 2):
        notes.append(Note(bar.at(u + 1, 8), 0.3, 1, 0.25 * e, "tambourine"))
    if rng.random() < 0.3:
        notes.append(Note(bar.at(7, 8), 0.3, 0, 0.2 * e, "snare"))
    if bar.index == 0 and bar.section != "intro":
        notes.append(Note(bar.at(0, 8), 1.6, 0, 0.45 * e, "crash"))
    return notes


def canzone(bar: Bar, key: Key, rng: np.random.Generator) -> list[Note]:
    """A Neapolitan ballad guitar: bass on one and three, strums down-up on the eighths between."""
    e, unit = _energy(bar), bar.length / 8
    root, fifth = _bass_pitch(key, bar, 40)
    chord = _voicing(key, bar.chord, 52, seventh=bar.chord % 7 == 4)
    notes = [
        Note(bar.at(0, 8), 3.6 * unit, root, 0.85 * e, "bass"),
        Note(bar.at(4, 8), 3.6 * unit, fifth, 0.7 * e, "bass"),
    ]
    for u, v, up in ((1, 0.32, False), (2, 0.45, False), (3, 0.25, True), (5, 0.3, False)):
        pitches = chord[::-1] if up else chord  # an upstroke reaches the high strings first
        notes += _strum(bar, u, 8, pitches, 1.6 * unit, v * e, "guitar", 0.009)
    notes += _strum(bar, 6, 8, chord, 2.0 * unit, 0.45 * e, "guitar", 0.009)
    return notes


def cinema(bar: Bar, key: Key, rng: np.random.Generator) -> list[Note]:
    """Film piano: a rolling left hand in eighths under held string chords and a low cello."""
    e, unit = _energy(bar), bar.length / 8
    root, third, fifth = key.chord(bar.chord)
    low = place_in_range(root % 12, 43)
    fifth_up = place_in_range(fifth % 12, low + 1)
    third_up = place_in_range(third % 12, low + 13)
    pattern = (low, fifth_up, low + 12, third_up, low + 12, fifth_up, low + 12, third_up)
    notes = [
        Note(bar.at(u, 8), 2.5 * unit, p, (0.5 if u == 0 else 0.33) * e, "piano")
        for u, p in enumerate(pattern)
    ]
    pad = _voicing(key, bar.chord, 55)
    for p in pad:
        notes.append(Note(bar.start, bar.length, p, 0.35 * e, "strings"))
    notes.append(Note(bar.start, bar.length, place_in_range(root % 12, 36), 0.4 * e, "strings"))
    return notes


def lounge(bar: Bar, key: Key, rng: np.random.Generator) -> list[Note]:
    """Bossa nova: a dotted bass, syncopated seventh chords on nylon guitar, rim clave, shaker."""
    e, unit = _energy(bar), bar.length / 8
    root, fifth = _bass_pitch(key, bar, 38)
    chord = _voicing(key, bar.chord, 53, seventh=True)
    notes = [
        Note(bar.at(0, 8), 2.8 * unit, root, 0.8 * e, "bass"),
        Note(bar.at(3, 8), 0.9 * unit, fifth, 0.6 * e, "bass"),
        Note(bar.at(4, 8), 2.8 * unit, fifth, 0.75 * e, "bass"),
        Note(bar.at(7, 8), 0.9 * unit, root, 0.6 * e, "bass"),
    ]
    comp = (0, 2, 3, 5, 6) if bar.index % 2 == 0 else (0, 2, 4, 5, 7)
    for u in comp:
        notes += _strum(bar, u, 8, chord, 0.8 * unit, 0.34 * e, "guitar", 0.004)
    clave = (0, 3, 6) if bar.index % 2 == 0 else (2, 4)
    notes += [Note(bar.at(u, 8), 0.08, 0, 0.6 * e, "rim") for u in clave]
    for u in range(16):
        notes.append(Note(bar.at(u, 16), 0.14, 0, (0.5 if u % 2 == 0 else 0.3) * e, "shaker"))
    return notes


def lofi(bar: Bar, key: Key, rng: np.random.Generator) -> list[Note]:
    """Lo-fi hip hop: lazy electric-piano chords, a round bass and a swung boom-bap kit."""
    e, unit = _energy(bar), bar.length / 8
    root, fifth = _bass_pitch(key, bar, 36)
    chord = _voicing(key, bar.chord, 57, seventh=True)
    # Swing: every off-beat eighth comes late, a third of the way to the next one.
    swing = 0.33
    notes = _strum(bar, 0, 8, chord, 3.6 * unit, 0.42 * e, "epiano", 0.018)
    notes += _strum(bar, 5 + swing, 8, chord, 2.6 * unit, 0.3 * e, "epiano", 0.018)
    notes += [
        Note(bar.at(0, 8), 3.5 * unit, root, 0.8 * e, "bass"),
        Note(bar.at(5 + swing, 8), 2.5 * unit, fifth if bar.index % 2 else root, 0.6 * e, "bass"),
    ]
    kicks = (0, 5 + swing) if bar.index % 2 == 0 else (0, 3 + swing, 5 + swing)
    notes += [Note(bar.at(u, 8), 0.4, 0, 0.85 * e, "soft_kick") for u in kicks]
    notes += [Note(bar.at(u, 8), 0.3, 0, 0.7 * e, "soft_snare") for u in (2, 6)]
    for u in range(8):
        at = u + (swing if u % 2 else 0.0)
        notes.append(Note(bar.at(at, 8), 0.12, u % 2, (0.45 if u % 2 == 0 else 0.3) * e, "hat"))
    return notes


# Who plays the final chord in each style: (chord voice, bass voice, chord's lowest note).
_FINALE = {
    "canzone": ("guitar", "bass", 40),
    "cinema": ("piano", "strings", 48),
    "lounge": ("guitar", "bass", 45),
    "lofi": ("epiano", "bass", 53),
}


def finale(style: str, bar: Bar, key: Key) -> list[Note]:
    """The closing tonic chord, slowly strummed and left to ring into the fade."""
    ring = bar.length
    if style == "festa":
        notes = _strum(bar, 0, 8, _voicing(key, 0, 55), 0.7 * ring, 0.4, "accordion", 0.0)
        notes.append(Note(bar.start, 0.7 * ring, place_in_range(key.tonic % 12, 36), 0.9, "tuba"))
        notes += [Note(bar.start, 0.45, 0, 0.9, "kick"), Note(bar.start, 1.6, 0, 0.6, "crash")]
        return notes
    chord_voice, bass_voice, lowest = _FINALE.get(style, ("guitar", "bass", 40))
    low = place_in_range(key.tonic % 12, lowest)
    seventh = style in ("lounge", "lofi")  # a jazz ending rests on the major seventh chord
    chord = [low, *_voicing(key, 0, low + 5, seventh=seventh), *_voicing(key, 0, low + 15)[:2]]
    notes = _strum(bar, 0, 6, chord, ring, 0.55, chord_voice, 0.03)
    notes.append(Note(bar.start, ring, place_in_range(low % 12, 36), 0.9, bass_voice))
    if style == "cinema":
        notes += [Note(bar.start, ring, p, 0.4, "strings") for p in _voicing(key, 0, 55)]
    if style == "tarantella":
        notes += [
            Note(bar.start, 0.4, 0, 0.9, "frame_drum"),
            Note(bar.start, 0.3, 0, 0.8, "tambourine"),
        ]
    return notes
