"""The score: timed note events that the composer writes and the mixer plays."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PERCUSSION", "PLUCKED", "STRUCK", "SUSTAINED", "Bar", "Note"]

PLUCKED = frozenset({"mandolin", "guitar", "bass"})
SUSTAINED = frozenset({"accordion", "flute", "tuba", "strings", "voice"})
STRUCK = frozenset({"piano", "epiano", "vibes"})
PERCUSSION = frozenset(
    {
        "tambourine",
        "frame_drum",
        "kick",
        "snare",
        "crash",
        "hat",
        "rim",
        "shaker",
        "brush",
        "soft_kick",
        "soft_snare",
    }
)


@dataclass(frozen=True, slots=True)
class Note:
    """One sounding event.

    `start` and `duration` are in seconds; `pitch` is a MIDI note, or for
    percussion the variant of the hit. A non-zero `tremolo` (plucks per second)
    asks for the mandolin's fast repeated picking for the whole duration.
    """

    start: float
    duration: float
    pitch: int
    velocity: float
    voice: str
    tremolo: float = 0.0


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar of the timeline: where it sits, its chord, and its place in the form."""

    start: float
    length: float
    chord: int
    section: str
    index: int

    def at(self, unit: float, units_per_bar: int) -> float:
        """The time, in seconds, of a position counted in units from the bar line."""
        return self.start + self.length * unit / units_per_bar
