"""Keys, scales and diatonic chords: the pitch vocabulary the composer draws on."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "HARMONIC_MINOR",
    "MAJOR",
    "NATURAL_MINOR",
    "Key",
    "is_chord_step",
    "midi_to_hz",
    "place_in_range",
]

MAJOR: tuple[int, ...] = (0, 2, 4, 5, 7, 9, 11)
NATURAL_MINOR: tuple[int, ...] = (0, 2, 3, 5, 7, 8, 10)
HARMONIC_MINOR: tuple[int, ...] = (0, 2, 3, 5, 7, 8, 11)

# Diatonic steps counted from the root of a chord that land on a triad tone.
_CHORD_STEPS = frozenset({0, 2, 4})


def midi_to_hz(midi: float) -> float:
    """Equal-tempered frequency of a MIDI note number (A4 = 69 = 440 Hz)."""
    return float(440.0 * 2.0 ** ((midi - 69.0) / 12.0))


def place_in_range(pitch_class: int, low: int) -> int:
    """The lowest MIDI note at or above `low` with the given pitch class."""
    return low + (pitch_class - low) % 12


@dataclass(frozen=True, slots=True)
class Key:
    """A key: tonic as a MIDI note (sets the reference octave) and its mode.

    Pitches are addressed by diatonic degree counted from that tonic, so degree 7
    is the tonic an octave up and degree -1 the leading tone below.
    """

    tonic: int
    minor: bool

    def scale_for(self, chord_root: int) -> tuple[int, ...]:
        """The scale heard over a chord; in minor the dominant raises the seventh.

        That raised seventh (G# in A minor) is what gives a tarantella its
        southern, slightly Neapolitan colour.
        """
        if not self.minor:
            return MAJOR
        return HARMONIC_MINOR if chord_root % 7 == 4 else NATURAL_MINOR

    def pitch(self, degree: int, chord_root: int = 0) -> int:
        """MIDI note of a diatonic degree, in the scale that fits the chord."""
        scale = self.scale_for(chord_root)
        return self.tonic + scale[degree % 7] + 12 * (degree // 7)

    def chord(self, root: int, *, seventh: bool = False) -> tuple[int, ...]:
        """MIDI notes of the triad (or seventh chord) built on a degree."""
        steps = (0, 2, 4, 6) if seventh else (0, 2, 4)
        return tuple(self.pitch(root + step, root) for step in steps)

    def pitch_classes(self) -> frozenset[int]:
        """Every pitch class the key uses, raised seventh included."""
        scales = (NATURAL_MINOR, HARMONIC_MINOR) if self.minor else (MAJOR,)
        return frozenset((self.tonic + step) % 12 for scale in scales for step in scale)

    def degree_near(self, midi: int) -> int:
        """The degree whose pitch is closest to a MIDI note (ties go down)."""
        guess = round((midi - self.tonic) * 7 / 12)
        return min(range(guess - 2, guess + 3), key=lambda d: (abs(self.pitch(d) - midi), d))


def is_chord_step(step: int) -> bool:
    """Whether a diatonic distance from a chord root lands on a triad tone."""
    return step % 7 in _CHORD_STEPS
