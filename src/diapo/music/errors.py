"""Errors of the soundtrack synthesiser, both under DiapoError and ValueError.

DiapoError
├── UnknownStyleError       (422, ValueError)   a style name or alias Diapo does not know
└── InvalidSoundtrackError  (422, ValueError)   a duration or sample rate it cannot make
"""

from __future__ import annotations

from diapo.errors import DiapoError

__all__ = ["InvalidSoundtrackError", "UnknownStyleError"]


class UnknownStyleError(DiapoError, ValueError):
    """The requested soundtrack style is not one Diapo can play."""

    code = 422


class InvalidSoundtrackError(DiapoError, ValueError):
    """The soundtrack cannot be made at the requested duration or sample rate."""

    code = 422
