"""Accompaniment per style: bass, chords and percussion for one bar, and the final chord."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from diapo.music.score import Bar, Note
from diapo.music.theory import Key, place_in_range

__all__ = ["Accompanist", "festa", "finale", "mandolino", "serenata", "tarantella"]

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


def finale(style: str, bar: Bar, key: Key) -> list[Note]:
    """The closing tonic chord, slowly strummed and left to ring into the fade."""
    ring = bar.length
    if style == "festa":
        notes = _strum(bar, 0, 8, _voicing(key, 0, 55), 0.7 * ring, 0.4, "accordion", 0.0)
        notes.append(Note(bar.start, 0.7 * ring, place_in_range(key.tonic % 12, 36), 0.9, "tuba"))
        notes += [Note(bar.start, 0.45, 0, 0.9, "kick"), Note(bar.start, 1.6, 0, 0.6, "crash")]
        return notes
    low = place_in_range(key.tonic % 12, 40)
    chord = [low, *_voicing(key, 0, low + 5), *_voicing(key, 0, low + 15)[:2]]
    notes = _strum(bar, 0, 6, chord, ring, 0.55, "guitar", 0.03)
    notes.append(Note(bar.start, ring, place_in_range(low % 12, 36), 0.9, "bass"))
    if style == "tarantella":
        notes += [
            Note(bar.start, 0.4, 0, 0.9, "frame_drum"),
            Note(bar.start, 0.3, 0, 0.8, "tambourine"),
        ]
    return notes
