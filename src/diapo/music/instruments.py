"""The instruments: plucked strings, reeds, flute, tuba and light percussion, as sample arrays."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "Samples",
    "drum",
    "pluck",
    "struck",
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
    # A section of bowed strings: a soft saw (1/k^1.3), a slow bow, two players a little apart.
    "strings": (tuple(1.0 / k**1.3 for k in range(1, 17)), 0.35, 0.08, 9.0, 0.0),
    # The voice's harmonics come from its formants at each pitch (see _voice_harmonics).
    "voice": ((1.0,), 0.09, 0.28, 0.0, 0.012),
}

# Formants of a sung open "a" (Hz, bandwidth Hz, gain): what makes a tone sound like a voice.
_VOWEL_A = ((730.0, 90.0, 1.0), (1090.0, 110.0, 0.5), (2440.0, 160.0, 0.22), (3400.0, 250.0, 0.1))

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


def _read_stack(tables: NDArray[np.float64], cycles: NDArray[np.float64]) -> NDArray[np.float64]:
    """Several wavetables read at the same phase, one row each."""
    position = (cycles % 1.0) * _TABLE
    index = position.astype(np.int32)
    frac = position - index
    low = tables[:, index]
    result: NDArray[np.float64] = low + (tables[:, index + 1] - low) * frac
    return result


def sustained(
    voice: str, freq: float, sr: int, duration_s: float, rng: np.random.Generator
) -> Samples:
    """A held note: accordion (two beating reeds), flute (vibrato, breath) or tuba."""
    harmonics, attack_s, vibrato, detune, breath = _SUSTAINED[voice]
    if voice == "voice":
        harmonics = _voice_harmonics(freq, sr)
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


def _voice_harmonics(freq: float, sr: int) -> tuple[float, ...]:
    """Harmonic amplitudes of a sung "a" at this pitch: a glottal source shaped by formants."""
    amplitudes = []
    for k in range(1, 40):
        hz = k * freq
        if hz > min(5000.0, 0.45 * sr):
            break
        shape = sum(
            gain / (1.0 + ((hz - centre) / bandwidth) ** 2) for centre, bandwidth, gain in _VOWEL_A
        )
        amplitudes.append((0.15 + shape) / k)
    return tuple(amplitudes)


def struck(
    voice: str, freq: float, sr: int, duration_s: float, rng: np.random.Generator
) -> Samples:
    """A struck note: piano (stiff strings), electric piano (tines, FM) or vibraphone (bars)."""
    n = max(1, int(duration_s * sr))
    t = np.arange(n) / sr
    if voice == "piano":
        # Three bands of partials, each from a wavetable: the high ones die first and
        # the felt hammer softens the top.
        decay = 3.2 * (261.6 / freq) ** 0.45
        fading = np.exp(-t / decay)
        tables = np.stack(
            [
                _wavetable(
                    tuple(
                        1.0 / k**1.1 / (1.0 + (k * freq / 3500.0) ** 2) if lo <= k <= hi else 0.0
                        for k in range(1, hi + 1)
                    ),
                    freq,
                    sr,
                )
                for lo, hi in ((1, 2), (3, 5), (6, 12))
            ]
        )
        bands = _read_stack(tables, freq * t + rng.uniform())
        tone = bands[0] * fading + bands[1] * fading**1.8 + bands[2] * fading**3.2
        # The second string of the pair, a hair sharp, heard as a slow swell (cheaper than
        # playing it: the two strings' sum is the one tone times their beating).
        tone *= 1.0 + 0.6 * np.cos(2 * np.pi * 0.0007 * freq * t)
        # The felt hammer's thump: a few milliseconds of dull noise, not a click.
        hammer = np.convolve(rng.standard_normal(min(n, int(0.006 * sr))), np.ones(12) / 12, "same")
        tone[: len(hammer)] += 0.04 * hammer * np.hanning(len(hammer))
    elif voice == "epiano":
        # A tine: a sine whose brightness (FM index) fades faster than its volume,
        # and the amplifier's slow tremolo.
        index = 1.8 * np.exp(-t / 0.25) + 0.2
        phase = 2 * np.pi * freq * t
        tone = np.sin(phase + index * np.sin(phase)) * np.exp(-t / (2.2 * (261.6 / freq) ** 0.3))
        tone *= 1.0 + 0.12 * np.sin(2 * np.pi * 4.5 * t)
    else:
        # A vibraphone bar rings at 1x and 4x, with the motor's tremolo.
        tone = np.sin(2 * np.pi * freq * t) * np.exp(-t / 2.5)
        tone += 0.25 * np.sin(2 * np.pi * 4 * freq * t) * np.exp(-t / 0.25)
        tone *= 1.0 + 0.25 * np.sin(2 * np.pi * 5.5 * t)
    attack = min(n, int(0.003 * sr))
    tone[:attack] *= np.linspace(0.0, 1.0, attack, endpoint=False)
    result: Samples = (tone / (float(np.max(np.abs(tone))) + 1e-12)).astype(np.float32)
    return result


def _band_noise(
    rng: np.random.Generator, n: int, sr: int, low: float, high: float
) -> NDArray[np.float64]:
    spectrum = np.fft.rfft(rng.standard_normal(n))
    hz = np.fft.rfftfreq(n, 1.0 / sr)
    spectrum *= 1.0 / (1.0 + (low / np.maximum(hz, 1.0)) ** 4) / (1.0 + (hz / high) ** 4)
    return np.fft.irfft(spectrum, n)


def drum(kind: str, variant: int, sr: int, rng: np.random.Generator) -> Samples:
    """A percussion hit: tambourine, frame drum, kick, snare, cymbal, hat, rim, shaker or brush."""
    lengths = {
        "tambourine": 0.25,
        "frame_drum": 0.4,
        "kick": 0.45,
        "snare": 0.3,
        "crash": 1.6,
        "hat": 0.12,
        "rim": 0.08,
        "shaker": 0.14,
        "brush": 0.3,
        "soft_kick": 0.4,
        "soft_snare": 0.3,
    }
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
    elif kind == "hat":
        sound = _band_noise(rng, n, sr, 7000.0, min(14000.0, 0.45 * sr))
        sound *= np.exp(-t / (0.02 if variant == 0 else 0.045))
    elif kind == "rim":
        sound = 0.6 * np.sin(2 * np.pi * 1700.0 * t) * np.exp(-t / 0.012)
        sound += _band_noise(rng, n, sr, 1500.0, 6000.0) * np.exp(-t / 0.008)
    elif kind == "shaker":
        sound = _band_noise(rng, n, sr, 4000.0, min(12000.0, 0.45 * sr))
        sound *= np.minimum(1.0, t / 0.015) * np.exp(-t / 0.04)
    elif kind == "brush":
        sound = _band_noise(rng, n, sr, 1500.0, 7000.0) * np.minimum(1.0, t / 0.03)
        sound *= np.exp(-t / 0.09)
    elif kind == "soft_kick":
        # A lo-fi kick: rounder and shorter than the band's bass drum.
        sweep = np.cumsum(55.0 + 45.0 * np.exp(-t / 0.02)) / sr
        sound = np.sin(2 * np.pi * sweep) * np.exp(-t / 0.12)
    elif kind == "soft_snare":
        sound = _band_noise(rng, n, sr, 900.0, 4500.0) * np.exp(-t / 0.09)
        sound += 0.6 * np.sin(2 * np.pi * 180.0 * t) * np.exp(-t / 0.05)
    else:
        sound = _band_noise(rng, n, sr, 3500.0, min(14000.0, 0.45 * sr)) * np.exp(-t / 0.45)
    sound[: int(0.001 * sr)] *= np.linspace(0.0, 1.0, int(0.001 * sr))
    fade = min(n, int(0.02 * sr))
    sound[n - fade :] *= np.linspace(1.0, 0.0, fade)
    return (sound / (float(np.max(np.abs(sound))) + 1e-12)).astype(np.float32)
