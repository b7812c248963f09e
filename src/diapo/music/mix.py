"""The mixer: plays a score's notes into a stereo buffer, adds room reverb, fades and levels it."""

from __future__ import annotations

import copy

import numpy as np
from numpy.typing import NDArray
from scipy import signal

from diapo.music.compose import Score
from diapo.music.instruments import Samples, drum, pluck, struck, sustained
from diapo.music.score import PERCUSSION, PLUCKED, STRUCK, Note
from diapo.music.spool import release, stereo_buffer
from diapo.music.theory import midi_to_hz

__all__ = ["render"]

Stereo = NDArray[np.float32]

# Gain and stereo position (-1 left .. 1 right) of each voice, as if seated on a small stage.
_VOICES: dict[str, tuple[float, float]] = {
    "mandolin": (0.78, 0.2),
    "guitar": (0.36, -0.3),
    "bass": (0.35, 0.0),
    "accordion": (0.4, -0.12),
    "flute": (0.2, 0.15),
    "tuba": (0.38, 0.0),
    "tambourine": (0.35, 0.45),
    "frame_drum": (0.35, -0.1),
    "kick": (0.3, 0.0),
    "snare": (0.45, 0.1),
    "crash": (0.2, -0.35),
    "voice": (0.5, 0.05),
    "strings": (0.3, -0.2),
    "piano": (0.55, 0.1),
    "epiano": (0.42, -0.1),
    "vibes": (0.45, 0.25),
    "hat": (0.16, 0.35),
    "rim": (0.22, -0.25),
    "shaker": (0.12, 0.4),
    "brush": (0.2, 0.2),
    "soft_kick": (0.5, 0.0),
    "soft_snare": (0.3, 0.05),
}

_VARIANTS = 3  # distinct plucks per pitch, so repeated notes are never identical copies
_RELEASE_S = 0.05
_TARGET_RMS = 10 ** (-16 / 20)
_CEILING = 0.93
_LIMIT_BLOCK = 256
# Frames worked on at a time by the passes after the notes (5.5 s at 48 kHz): each
# pass's temporaries stay a few MB, and a spooled buffer's pages are let go behind it.
_BLOCK = 1 << 18
# The master's loudness sum runs over blocks of this size, as it always has: a sum's
# rounding depends on how it is split, and the same split keeps pieces bit for bit.
_MASTER_CHUNK = 1 << 20


def _gains(voice: str) -> NDArray[np.float32]:
    gain, pan = _VOICES[voice]
    angle = (pan + 1.0) * np.pi / 4  # constant-power panning
    return np.array([gain * np.cos(angle), gain * np.sin(angle)], dtype=np.float32) * np.float32(
        np.sqrt(2)
    )


class _Player:
    """Renders notes into one buffer, making each instrument sample once and reusing it."""

    def __init__(self, out: Stereo, sr: int, score: Score, rng: np.random.Generator) -> None:
        self.out, self.sr, self.rng = out, sr, rng
        self.tones: dict[tuple[str, int, int], Samples] = {}
        self.ramps: dict[int, NDArray[np.float32]] = {}
        # Each sample is made as long as its longest note needs, and no longer.
        self.lengths: dict[tuple[str, int], float] = {}
        for note in score.notes:
            key = (note.voice, note.pitch)
            self.lengths[key] = max(self.lengths.get(key, 0.0), note.duration + _RELEASE_S)

    def tone(self, voice: str, pitch: int, variant: int) -> Samples:
        key = (voice, pitch, variant if voice in PLUCKED else 0)
        if key not in self.tones:
            length = min(self.lengths.get((voice, pitch), 1.0), 8.0)
            if voice in PERCUSSION:
                self.tones[key] = drum(voice, pitch, self.sr, self.rng)
            elif voice in PLUCKED:
                self.tones[key] = pluck(voice, midi_to_hz(pitch), self.sr, length, self.rng)
            elif voice in STRUCK:
                self.tones[key] = struck(voice, midi_to_hz(pitch), self.sr, length, self.rng)
            else:
                self.tones[key] = sustained(voice, midi_to_hz(pitch), self.sr, length, self.rng)
        return self.tones[key]

    def ramp(self, n: int) -> NDArray[np.float32]:
        if n not in self.ramps:
            self.ramps[n] = np.cos(np.linspace(0.0, np.pi / 2, n)).astype(np.float32) ** 2
        return self.ramps[n]

    def add(
        self, start_s: float, length_s: float, samples: Samples, velocity: float, voice: str
    ) -> None:
        start = round(start_s * self.sr)
        count = min(len(samples), int(length_s * self.sr), len(self.out) - start)
        if start < 0 or count <= 0:
            return
        segment = samples[:count] * np.float32(velocity)
        release = min(count, int(_RELEASE_S * self.sr))
        segment[count - release :] *= self.ramp(release)
        self.out[start : start + count] += np.multiply.outer(segment, _gains(voice))

    def play(self, note: Note) -> None:
        jitter = float(self.rng.normal(0.0, 0.003))
        if note.tremolo <= 0:
            variant = int(self.rng.integers(_VARIANTS))
            tone = self.tone(note.voice, note.pitch, variant)
            velocity = note.velocity * float(self.rng.uniform(0.92, 1.05))
            length = note.duration + (_RELEASE_S if note.voice not in PERCUSSION else 0.0)
            self.add(note.start + max(jitter, -note.start), length, tone, velocity, note.voice)
            return
        # Tremolo: the string is re-struck before it can ring out, down- and up-strokes
        # alternating in weight, which a single sustained tone cannot imitate.
        step = 1.0 / note.tremolo
        strokes = max(1, round(note.duration / step))
        for j in range(strokes):
            last = j == strokes - 1
            start = note.start + j * step + (float(self.rng.normal(0.0, 0.002)) if j else 0.0)
            weight = (1.0 if j % 2 == 0 else 0.78) * float(self.rng.uniform(0.9, 1.05))
            length = 0.35 if last else step + 0.012
            tone = self.tone(note.voice, note.pitch, j % _VARIANTS)
            self.add(start, length, tone, note.velocity * weight * 0.85, note.voice)


def _room(sr: int, rng: np.random.Generator) -> NDArray[np.float32]:
    """A small hall's impulse response, left and right decorrelated, darker as it decays."""
    n = int(1.2 * sr)
    t = np.arange(n) / sr
    response = rng.standard_normal((2, n)) * np.exp(-t / 0.22)
    response[:, : int(0.012 * sr)] = 0.0
    spectrum = np.fft.rfft(response, axis=1)
    spectrum /= 1.0 + (np.fft.rfftfreq(n, 1.0 / sr) / 3500.0) ** 2
    response = np.fft.irfft(spectrum, n, axis=1)
    response /= np.sqrt(np.sum(response**2) / 2)
    return response.astype(np.float32)


def _reverb(out: Stereo, sr: int, rng: np.random.Generator, wet: float) -> None:
    """Add reverb in place, by FFT overlap-add over blocks, last block first.

    Going backwards means every block is read before any reverb tail lands on it,
    so no second full-length buffer is needed.
    """
    response = _room(sr, rng) * np.float32(wet)
    size = 1 << int(np.ceil(np.log2(2 * response.shape[1])))
    block = size - response.shape[1] + 1
    spectra = np.fft.rfft(response, size, axis=1)
    for start in range(((len(out) - 1) // block) * block, -1, -block):
        dry = 0.5 * (out[start : start + block, 0] + out[start : start + block, 1])
        tail = np.fft.irfft(np.fft.rfft(dry, size) * spectra, size, axis=1)
        stop = min(len(out), start + size)
        out[start:stop] += tail[:, : stop - start].T
        # No block before this one reaches past it: what follows is finished for now.
        release(out, start + block, stop)


def _master(out: Stereo, sr: int, fade_start: float) -> None:
    """Fade the last chord to silence, bring the level to target, and limit the peaks."""
    n = len(out)
    first = min(n, int(fade_start * sr))
    fade = 0.5 * (1.0 + np.cos(np.linspace(0.0, np.pi, n - first)))
    out[first:] *= fade.astype(np.float32)[:, None]
    attack = min(n, int(0.003 * sr))
    out[:attack] *= np.linspace(0.0, 1.0, attack, dtype=np.float32)[:, None]
    chunk = _MASTER_CHUNK
    power = 0.0
    for i in range(0, n, chunk):
        power += float(np.sum(np.square(out[i : i + chunk], dtype=np.float64)))
        release(out, i, i + chunk)
    rms = np.sqrt(power / max(1, out.size))
    gain = np.float32(_TARGET_RMS / rms) if rms > 0 else None
    # Limiter: a gain per block, never above what the block and its neighbours allow,
    # interpolated between blocks so it bends smoothly instead of clipping.
    blocks = -(-n // _LIMIT_BLOCK)
    peaks = np.empty(blocks, dtype=np.float32)
    for i in range(0, n, chunk):
        if gain is not None:
            out[i : i + chunk] *= gain
        part = np.maximum(np.abs(out[i : i + chunk, 0]), np.abs(out[i : i + chunk, 1]))
        count = -(-len(part) // _LIMIT_BLOCK)
        part = np.pad(part, (0, count * _LIMIT_BLOCK - len(part)))
        peaks[i // _LIMIT_BLOCK : i // _LIMIT_BLOCK + count] = part.reshape(count, -1).max(axis=1)
        release(out, i, i + chunk)
    allowed = np.minimum(1.0, _CEILING / np.maximum(peaks, 1e-9))
    allowed = np.minimum(allowed, np.minimum(np.roll(allowed, 1), np.roll(allowed, -1)))
    centres = (np.arange(blocks) + 0.5) * _LIMIT_BLOCK
    for i in range(0, n, chunk):
        where = np.arange(i, min(n, i + chunk))
        part = out[i : i + len(where)]
        part *= np.interp(where, centres, allowed).astype(np.float32)[:, None]
        np.clip(part, -0.95, 0.95, out=part)
        release(out, i, i + chunk)
    out[-1] = 0.0


def _vinyl(out: Stereo, sr: int, rng: np.random.Generator, level: float) -> None:
    """Add a record's surface in place: a soft hiss and sparse crackles, more on one side.

    Works a block at a time. The hiss comes first from `rng` and the crackles
    after it; a Generator's normals are the same however they are split, so a
    copy of `rng` draws the hiss block by block while `rng` itself skips past it.
    """
    n = len(out)
    hiss_rng = copy.deepcopy(rng)
    for lo in range(0, n, _BLOCK):
        rng.standard_normal(min(_BLOCK, n - lo))
    count = int(n / sr * 6)
    where = rng.integers(0, n, count)
    values = (rng.uniform(0.3, 1.0, count) * rng.choice([-1.0, 1.0], count)).astype(
        np.float32
    ) * np.float32(level)
    # A crackle is a click smeared over a fraction of a millisecond.
    smear = np.hanning(24).astype(np.float32)
    margin = 2 * len(smear)  # each block sees the clicks around it, as one long train would
    for lo in range(0, n, _BLOCK):
        hi = min(n, lo + _BLOCK)
        hiss = hiss_rng.standard_normal(hi - lo).astype(np.float32) * np.float32(0.08 * level)
        a, b = max(0, lo - margin), min(n, hi + margin)
        clicks = np.zeros(b - a, np.float32)
        near = (where >= a) & (where < b)
        clicks[where[near] - a] = values[near]
        clicks = np.convolve(clicks, smear, mode="same")[lo - a : hi - a]
        out[lo:hi, 0] += hiss + clicks
        out[lo:hi, 1] += hiss + np.float32(0.6) * clicks
        release(out, lo, hi)


def _lowpass(out: Stereo, sr: int, cutoff_hz: float) -> None:
    """A gentle (12 dB/octave) low-pass in place: the dull top of a worn tape or record.

    A block at a time, the filter's state carried from one block to the next.
    """
    sos = signal.butter(2, cutoff_hz, btype="low", fs=sr, output="sos")
    state = np.zeros((sos.shape[0], 2, out.shape[1]), np.float64)
    for lo in range(0, len(out), _BLOCK):
        block = out[lo : lo + _BLOCK]
        filtered, state = signal.sosfilt(sos, block, axis=0, zi=state)
        block[:] = filtered
        release(out, lo, lo + _BLOCK)


def render(
    score: Score,
    sr: int,
    rng: np.random.Generator,
    *,
    reverb: float = 0.22,
    lowpass_hz: float = 0.0,
    vinyl: float = 0.0,
) -> Stereo:
    """Play a score into a float32 (n, 2) array of exactly round(duration * sr) frames."""
    out = stereo_buffer(round(score.duration * sr))
    player = _Player(out, sr, score, rng)
    done = 0  # frames no later note can reach
    for note in sorted(score.notes, key=lambda note: note.start):
        player.play(note)
        # Notes come in order of start and none starts more than a hair early:
        # what lies a second behind this one is finished until the reverb.
        behind = int((note.start - 1.0) * sr)
        if behind - done >= _BLOCK:
            release(out, done, behind)
            done = behind
    if len(out):
        _reverb(out, sr, rng, reverb)
        if vinyl > 0:
            _vinyl(out, sr, rng, vinyl * float(np.sqrt(np.mean(np.square(out[: 10 * sr])))))
        if lowpass_hz > 0:
            _lowpass(out, sr, lowpass_hz)
        _master(out, sr, score.fade_start)
    return out
