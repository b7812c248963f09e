"""The instruments: plucked strings, reeds, flute, tuba and light percussion, as sample arrays."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "Samples",
    "drum",
    "pluck",
    "sustained",
]

Samples = NDArray[np.float32]

# Plucked strings: decay at A4 (s), how it scales with pitch, excitation cutoff (Hz),
# pluck position (fraction of the string) and the detune of a doubled course (cents).
_PLUCKS: dict[str, tuple[float, float, float, float, float]] = {
    "mandolin": (0.55, 0.35, 5200.0, 0.13, 3.0),
    "guitar": (1.1, 0.3, 2400.0, 0.2, 0.0),
    "bass": (1.6, 0.15, 700.0, 0.25, 0.0),
}

# Sustained voices: harmonic amplitudes, attack (s), vibrato depth (semitones),
# reed detune (cents, 0 = single reed) and breath noise level.
_SUSTAINED: dict[str, tuple[tuple[float, ...], float, float, float, float]] = {
    "accordion": (
        (1.0, 0.75, 0.6, 0.5, 0.42, 0.35, 0.28, 0.22, 0.17, 0.13, 0.1, 0.07),
        0.025,
        0.0,
        7.0,
        0.0,
    ),
    "flute": ((1.0, 0.32, 0.12, 0.06, 0.03), 0.12, 0.12, 0.0, 0.02),
    "tuba": ((1.0, 0.7, 0.45, 0.28, 0.16, 0.09, 0.05), 0.04, 0.0, 0.0, 0.0),
}

_TABLE = 2048


def _string(
    freq: float,
    sr: int,
    n: int,
    decay_s: float,
    cutoff_hz: float,
    position: float,
    rng: np.random.Generator,
) -> NDArray[np.float64]:
    """One Karplus-Strong string, `n` samples long, tuned exactly to `freq`.

    The delay line must be a whole number of samples, which would leave high notes
    audibly out of tune, so the string is run slightly sharp and then read back
    more slowly to land on the exact pitch.
    """
    period = sr / freq
    delay = max(2, int(period - 0.5))
    ratio = (delay + 0.5) / period
    length = int(n * ratio) + 3
    noise = rng.uniform(-1.0, 1.0, delay)
    # Shape the excitation: a soft pick or finger has little energy up high, and the
    # pluck position removes the harmonics that have a node there.
    spectrum = np.fft.rfft(noise)
    harmonic_hz = np.arange(spectrum.size) * (sr / delay)
    spectrum /= 1.0 + (harmonic_hz / cutoff_hz) ** 2
    spectrum *= np.abs(np.sin(np.pi * np.arange(spectrum.size) * position)) + 0.1
    spectrum[0] = 0.0
    excitation = np.fft.irfft(spectrum, delay)
    excitation /= np.max(np.abs(excitation)) + 1e-12
    line = np.zeros(length + 1)
    line[1 : delay + 1] = excitation
    gain = 0.5 * np.exp(-(delay + 0.5) / (sr * decay_s))
    # Each block of `delay` samples depends only on the block before it, so the
    # recurrence runs one vector operation per period instead of one per sample.
    for start in range(delay + 1, length + 1, delay):
        stop = min(start + delay, length + 1)
        count = stop - start
        line[start:stop] = gain * (
            line[start - delay : start - delay + count]
            + line[start - delay - 1 : start - delay - 1 + count]
        )
    tone: NDArray[np.float64] = np.interp(np.arange(n) * ratio, np.arange(length), line[1:])
    return tone


def pluck(
    instrument: str, freq: float, sr: int, duration_s: float, rng: np.random.Generator
) -> Samples:
    """A plucked note: a mandolin's doubled course, a nylon guitar string, or a bass."""
    decay, tilt, cutoff, position, detune = _PLUCKS[instrument]
    decay_s = decay * (440.0 / freq) ** tilt
    n = max(1, int(duration_s * sr))
    if detune:
        # A mandolin course is two strings a hair either side of the pitch: the slow
        # beating between them is its shimmer.
        spread = 2 ** (detune / 2400)
        tone = 0.5 * (
            _string(freq / spread, sr, n, decay_s, cutoff, position, rng)
            + _string(freq * spread, sr, n, decay_s, cutoff, position, rng)
        )
    else:
        tone = _string(freq, sr, n, decay_s, cutoff, position, rng)
    attack = min(n, int(0.002 * sr))
    tone[:attack] *= np.linspace(0.0, 1.0, attack, endpoint=False)
    return (tone / (float(np.max(np.abs(tone))) + 1e-12)).astype(np.float32)


def _wavetable(harmonics: tuple[float, ...], freq: float, sr: int) -> NDArray[np.float64]:
    """One period with the given harmonics, dropping those above Nyquist (no aliasing)."""
    spectrum = np.zeros(_TABLE // 2 + 1, dtype=np.complex128)
    for k, amplitude in enumerate(harmonics, start=1):
        if k * freq < 0.45 * sr:
            spectrum[k] = -1j * amplitude * _TABLE / 2
    table = np.fft.irfft(spectrum, _TABLE)
    return np.append(table, table[0])


def _read(table: NDArray[np.float64], cycles: NDArray[np.float64]) -> NDArray[np.float64]:
    position = (cycles % 1.0) * _TABLE
    index = position.astype(np.int64)
    frac = position - index
    return table[index] * (1.0 - frac) + table[index + 1] * frac


def sustained(
    voice: str, freq: float, sr: int, duration_s: float, rng: np.random.Generator
) -> Samples:
    """A held note: accordion (two beating reeds), flute (vibrato, breath) or tuba."""
    harmonics, attack_s, vibrato, detune, breath = _SUSTAINED[voice]
    n = max(1, int(duration_s * sr))
    t = np.arange(n) / sr
    table = _wavetable(harmonics, freq, sr)
    # Vibrato fades in after the attack, as a player's does.
    depth = vibrato * np.clip((t - 0.25) / 0.4, 0.0, 1.0)
    bend = 2.0 ** (depth * np.sin(2 * np.pi * 5.2 * t + rng.uniform(0, 6.28)) / 12.0)
    cycles = np.cumsum(freq * bend) / sr + rng.uniform()
    tone = _read(table, cycles)
    if detune:
        tone = tone + _read(table, cycles * 2 ** (detune / 1200) + rng.uniform())
    if breath:
        noise = rng.standard_normal(n)
        noise = np.convolve(noise, np.ones(8) / 8, mode="same")
        tone = tone + breath * noise * np.max(np.abs(tone))
    envelope = np.minimum(1.0, t / attack_s) * (0.8 + 0.2 * np.exp(-t / 0.3))
    tone *= envelope
    return (tone / (float(np.max(np.abs(tone))) + 1e-12)).astype(np.float32)


def _band_noise(
    rng: np.random.Generator, n: int, sr: int, low: float, high: float
) -> NDArray[np.float64]:
    spectrum = np.fft.rfft(rng.standard_normal(n))
    hz = np.fft.rfftfreq(n, 1.0 / sr)
    spectrum *= 1.0 / (1.0 + (low / np.maximum(hz, 1.0)) ** 4) / (1.0 + (hz / high) ** 4)
    return np.fft.irfft(spectrum, n)


def drum(kind: str, variant: int, sr: int, rng: np.random.Generator) -> Samples:
    """A percussion hit: tambourine (hit, tap, shake), frame drum, kick, snare or cymbal."""
    lengths = {"tambourine": 0.25, "frame_drum": 0.4, "kick": 0.45, "snare": 0.3, "crash": 1.6}
    n = int(lengths[kind] * sr)
    t = np.arange(n) / sr
    if kind == "tambourine":
        jingles = _band_noise(rng, n, sr, 5000.0, min(13000.0, 0.45 * sr))
        if variant == 2:
            # A shake: jingles rattling for a moment rather than one strike.
            envelope = (
                np.minimum(1.0, t / 0.03)
                * np.exp(-t / 0.09)
                * (1 + 0.5 * np.sin(2 * np.pi * 28 * t))
            )
        else:
            envelope = np.exp(-t / (0.05 if variant == 0 else 0.03))
            envelope += 0.4 * np.exp(-np.maximum(t - 0.011, 0) / 0.03) * (t > 0.011)
        sound = jingles * envelope
    elif kind == "frame_drum":
        sweep = np.cumsum(85.0 + 40.0 * np.exp(-t / 0.02)) / sr
        sound = np.sin(2 * np.pi * sweep) * np.exp(-t / 0.12)
        sound += 0.3 * _band_noise(rng, n, sr, 200.0, 2500.0) * np.exp(-t / 0.015)
    elif kind == "kick":
        sweep = np.cumsum(48.0 + 70.0 * np.exp(-t / 0.03)) / sr
        sound = np.sin(2 * np.pi * sweep) * np.exp(-t / 0.18)
    elif kind == "snare":
        sound = _band_noise(rng, n, sr, 1200.0, 8000.0) * np.exp(-t / 0.07)
        sound += 0.5 * np.sin(2 * np.pi * 190.0 * t) * np.exp(-t / 0.04)
    else:
        sound = _band_noise(rng, n, sr, 3500.0, min(14000.0, 0.45 * sr)) * np.exp(-t / 0.45)
    sound[: int(0.001 * sr)] *= np.linspace(0.0, 1.0, int(0.001 * sr))
    fade = min(n, int(0.02 * sr))
    sound[n - fade :] *= np.linspace(1.0, 0.0, fade)
    return (sound / (float(np.max(np.abs(sound))) + 1e-12)).astype(np.float32)
