"""Per-style arrangements: key, metre, chord progressions, melody rhythms and who plays what."""

from __future__ import annotations

from dataclasses import dataclass

from diapo.music import accompaniment
from diapo.music.accompaniment import Accompanist
from diapo.music.theory import Key

__all__ = ["ARRANGEMENTS", "Arrangement", "Rhythm"]

# A bar's melody rhythm: (onset, length) pairs in grid units.
Rhythm = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Arrangement:
    """Everything the composer needs to know to write a piece in one style.

    Progressions are eight bars of chord roots (diatonic degrees). "A" and "B"
    end open on the dominant; their answers "A2" and "B2" close on the tonic.
    """

    key: Key
    units: int
    beat: int
    progressions: dict[str, tuple[int, ...]]
    rhythms: tuple[Rhythm, ...]
    cadences: tuple[Rhythm, ...]
    melody_range: tuple[int, int]
    voices: dict[str, str]
    thirds: frozenset[str]
    arpeggio: float
    tremolo_units: int
    intro_bars: int
    predominant: int
    accompany: Accompanist
    lead: str = "mandolin"
    reverb: float = 0.22
    lowpass_hz: float = 0.0
    vinyl: float = 0.0


ARRANGEMENTS: dict[str, Arrangement] = {
    "tarantella": Arrangement(
        key=Key(tonic=69, minor=True),
        units=6,
        beat=3,
        progressions={
            "A": (0, 0, 3, 4, 0, 0, 3, 4),
            "A2": (0, 0, 3, 4, 0, 3, 4, 0),
            "B": (2, 2, 6, 2, 5, 3, 4, 4),
            "B2": (2, 2, 6, 2, 5, 3, 4, 0),
            "C": (3, 3, 0, 0, 5, 1, 4, 4),
            "C2": (3, 3, 0, 0, 3, 5, 4, 0),
        },
        rhythms=(
            ((0, 1), (1, 1), (2, 1), (3, 1), (4, 1), (5, 1)),
            ((0, 1), (1, 1), (2, 1), (3, 1), (4, 1), (5, 1)),
            ((0, 2), (2, 1), (3, 2), (5, 1)),
            ((0, 1), (1, 1), (2, 1), (3, 3)),
            ((0, 3), (3, 1), (4, 1), (5, 1)),
        ),
        cadences=(((0, 3), (3, 3)), ((0, 1), (1, 1), (2, 1), (3, 3)), ((0, 6),)),
        melody_range=(64, 86),
        voices={"A": "mandolin", "A2": "mandolin", "B": "accordion", "B2": "accordion"},
        thirds=frozenset({"C", "C2"}),
        arpeggio=0.45,
        tremolo_units=3,
        intro_bars=2,
        predominant=3,
        accompany=accompaniment.tarantella,
    ),
    "mandolino": Arrangement(
        key=Key(tonic=74, minor=False),
        units=6,
        beat=2,
        progressions={
            "A": (0, 5, 1, 4, 0, 5, 1, 4),
            "A2": (0, 5, 1, 4, 0, 3, 4, 0),
            "B": (3, 0, 1, 4, 2, 5, 1, 4),
            "B2": (3, 0, 1, 4, 2, 5, 4, 0),
            "C": (0, 3, 0, 4, 5, 2, 1, 4),
            "C2": (0, 3, 0, 4, 3, 1, 4, 0),
        },
        rhythms=(
            ((0, 4), (4, 2)),
            ((0, 2), (2, 2), (4, 2)),
            ((0, 3), (3, 1), (4, 2)),
            ((0, 2), (2, 1), (3, 1), (4, 2)),
            ((0, 2), (2, 4)),
        ),
        cadences=(((0, 6),), ((0, 4), (4, 2))),
        melody_range=(66, 88),
        voices={},
        thirds=frozenset({"B", "B2"}),
        arpeggio=0.3,
        tremolo_units=2,
        intro_bars=2,
        predominant=1,
        accompany=accompaniment.mandolino,
    ),
    "serenata": Arrangement(
        key=Key(tonic=65, minor=False),
        units=6,
        beat=3,
        progressions={
            "A": (0, 5, 3, 4, 0, 5, 1, 4),
            "A2": (0, 5, 3, 4, 0, 3, 4, 0),
            "B": (3, 0, 5, 2, 3, 0, 1, 4),
            "B2": (3, 0, 5, 2, 3, 1, 4, 0),
            "C": (5, 2, 3, 0, 1, 4, 0, 4),
            "C2": (5, 2, 3, 0, 1, 3, 4, 0),
        },
        rhythms=(
            ((0, 3), (3, 2), (5, 1)),
            ((0, 4), (4, 1), (5, 1)),
            ((0, 2), (2, 1), (3, 3)),
            ((0, 3), (3, 3)),
        ),
        cadences=(((0, 6),), ((0, 3), (3, 3))),
        melody_range=(65, 84),
        voices={"A": "flute", "A2": "flute", "C": "flute", "C2": "flute"},
        thirds=frozenset({"B2"}),
        arpeggio=0.35,
        tremolo_units=2,
        intro_bars=1,
        predominant=3,
        accompany=accompaniment.serenata,
    ),
    "festa": Arrangement(
        key=Key(tonic=67, minor=False),
        units=8,
        beat=4,
        progressions={
            "A": (0, 0, 4, 4, 4, 4, 0, 4),
            "A2": (0, 0, 4, 4, 4, 4, 4, 0),
            "B": (3, 3, 0, 0, 1, 4, 0, 4),
            "B2": (3, 3, 0, 0, 1, 4, 4, 0),
            "C": (5, 5, 1, 1, 4, 4, 0, 4),
            "C2": (5, 5, 1, 1, 3, 4, 4, 0),
        },
        rhythms=(
            ((0, 2), (2, 2), (4, 2), (6, 2)),
            ((0, 3), (3, 1), (4, 2), (6, 2)),
            ((0, 1), (1, 1), (2, 2), (4, 4)),
            ((0, 2), (2, 1), (3, 1), (4, 2), (6, 2)),
            ((0, 4), (4, 2), (6, 2)),
        ),
        cadences=(((0, 4), (4, 4)), ((0, 2), (2, 2), (4, 4))),
        melody_range=(67, 88),
        voices={"A": "accordion", "A2": "accordion", "B": "mandolin", "B2": "mandolin"},
        thirds=frozenset({"A2", "C", "C2"}),
        arpeggio=0.4,
        tremolo_units=4,
        intro_bars=2,
        predominant=1,
        accompany=accompaniment.festa,
    ),
    "canzone": Arrangement(
        key=Key(tonic=64, minor=True),
        units=8,
        beat=2,
        progressions={
            "A": (0, 3, 4, 0, 0, 3, 4, 4),
            "A2": (0, 3, 4, 0, 5, 3, 4, 0),
            "B": (2, 6, 2, 6, 5, 3, 4, 4),
            "B2": (2, 6, 2, 6, 5, 3, 4, 0),
            "C": (3, 3, 0, 0, 5, 5, 4, 4),
            "C2": (3, 3, 0, 0, 5, 3, 4, 0),
        },
        rhythms=(
            ((0, 3), (3, 1), (4, 4)),
            ((0, 2), (2, 2), (4, 2), (6, 2)),
            ((0, 4), (4, 2), (6, 2)),
            ((0, 2), (2, 1), (3, 1), (4, 4)),
            ((0, 6), (6, 2)),
        ),
        cadences=(((0, 8),), ((0, 4), (4, 4))),
        melody_range=(64, 83),
        voices={"C": "mandolin", "C2": "mandolin"},
        thirds=frozenset({"B2"}),
        arpeggio=0.3,
        tremolo_units=4,
        intro_bars=1,
        predominant=3,
        accompany=accompaniment.canzone,
        lead="voice",
        reverb=0.3,
    ),
    "cinema": Arrangement(
        key=Key(tonic=72, minor=False),
        units=8,
        beat=2,
        progressions={
            "A": (0, 4, 5, 3, 0, 4, 3, 4),
            "A2": (0, 4, 5, 3, 5, 3, 4, 0),
            "B": (5, 3, 0, 4, 5, 3, 1, 4),
            "B2": (5, 3, 0, 4, 5, 3, 4, 0),
            "C": (3, 0, 4, 5, 3, 0, 1, 4),
            "C2": (3, 0, 4, 5, 3, 1, 4, 0),
        },
        rhythms=(
            ((0, 4), (4, 2), (6, 2)),
            ((0, 6), (6, 2)),
            ((0, 2), (2, 2), (4, 4)),
            ((0, 3), (3, 1), (4, 4)),
            ((0, 8),),
        ),
        cadences=(((0, 8),), ((0, 4), (4, 4))),
        melody_range=(67, 88),
        voices={"B": "strings", "B2": "strings"},
        thirds=frozenset({"C2"}),
        arpeggio=0.5,
        tremolo_units=99,
        intro_bars=2,
        predominant=3,
        accompany=accompaniment.cinema,
        lead="piano",
        reverb=0.45,
    ),
    "lounge": Arrangement(
        key=Key(tonic=74, minor=False),
        units=8,
        beat=2,
        progressions={
            "A": (0, 0, 1, 4, 2, 5, 1, 4),
            "A2": (0, 0, 1, 4, 2, 5, 4, 0),
            "B": (3, 3, 2, 5, 1, 1, 4, 4),
            "B2": (3, 3, 2, 5, 1, 4, 4, 0),
            "C": (5, 5, 1, 4, 0, 3, 1, 4),
            "C2": (5, 5, 1, 4, 0, 3, 4, 0),
        },
        rhythms=(
            ((0, 3), (3, 3), (6, 2)),
            ((1, 2), (3, 1), (4, 4)),
            ((0, 2), (2, 1), (3, 3), (6, 2)),
            ((0, 1), (1, 2), (3, 1), (4, 4)),
            ((2, 2), (4, 2), (6, 2)),
        ),
        cadences=(((0, 8),), ((0, 3), (3, 5))),
        melody_range=(67, 86),
        voices={"B": "flute", "B2": "flute"},
        thirds=frozenset(),
        arpeggio=0.45,
        tremolo_units=99,
        intro_bars=2,
        predominant=1,
        accompany=accompaniment.lounge,
        lead="vibes",
        reverb=0.18,
    ),
    "lofi": Arrangement(
        key=Key(tonic=65, minor=False),
        units=8,
        beat=2,
        progressions={
            "A": (3, 2, 1, 4, 3, 2, 1, 4),
            "A2": (3, 2, 1, 4, 3, 2, 4, 0),
            "B": (5, 2, 3, 0, 5, 2, 1, 4),
            "B2": (5, 2, 3, 0, 5, 1, 4, 0),
            "C": (1, 4, 2, 5, 1, 4, 3, 4),
            "C2": (1, 4, 2, 5, 1, 3, 4, 0),
        },
        rhythms=(
            ((0, 3), (3, 5)),
            ((2, 2), (4, 4)),
            ((0, 2), (3, 1), (4, 4)),
            ((1, 1), (2, 2), (5, 3)),
            ((0, 8),),
        ),
        cadences=(((0, 8),), ((0, 4), (4, 4))),
        melody_range=(65, 82),
        voices={},
        thirds=frozenset({"B", "B2"}),
        arpeggio=0.35,
        tremolo_units=99,
        intro_bars=2,
        predominant=1,
        accompany=accompaniment.lofi,
        lead="epiano",
        reverb=0.15,
        lowpass_hz=3200.0,
        vinyl=0.5,
    ),
}
