"""The soundtrack: music and clip sound mixed once into one array, never per frame."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import numpy.typing as npt

from diapo.draft.beats import sync_to_beats
from diapo.draft.model import AudioSegment, Draft
from diapo.draft.vocabulary import DEFAULT_STYLE
from diapo.music.beats import Tempo
from diapo.music.loudness import Loudness, LoudnessMeter, normalise
from diapo.music.spool import release, stereo_buffer
from diapo.render.levels import bed_loudness, clip_gain, fade_out_end
from diapo.render.plan import Plan, VisualItem

__all__ = [
    "SAMPLE_RATE",
    "SAMPLE_SECONDS",
    "AudioSource",
    "file_loudness",
    "mix_soundtrack",
    "song_tempo",
    "write_style_sample",
]

SAMPLE_RATE = 48_000
Stereo = npt.NDArray[np.float32]

# How the mixer gets samples, so that this module stays free of file formats:
# (src, start_ms, duration_ms, loop) -> float32 (n, 2), already at SAMPLE_RATE.
AudioSource = Callable[[str, int, int, bool], Stereo]

SAMPLE_SECONDS = 10.0  # how long a style's preview on the page lasts
_DUCK_RAMP_MS = 250  # music dips and returns over a quarter second, not abruptly
_CLIP_EDGE_MS = 30  # tiny fades at clip edges avoid clicks when sound starts mid-wave
_MIX_BLOCK = 1 << 18  # samples mixed at a time (5.5 s at 48 kHz)
_TEMPO_SPAN_MS = 180_000  # a song's first three minutes tell its tempo
# Sound up to 10 minutes is measured whole; longer, 30 windows of 6 s spread evenly over it.
_LOUDNESS_WHOLE_MS = 10 * 60_000
_LOUDNESS_WINDOWS = 30
_LOUDNESS_WINDOW_MS = 6_000


def _samples(ms: float) -> int:
    return round(ms * SAMPLE_RATE / 1000)


def mix_soundtrack(
    draft: Draft,
    plan: Plan,
    source: AudioSource,
    *,
    progress: Callable[[float], None] | None = None,
) -> Stereo:
    """Mix every audio segment and every clip's own sound into a (n, 2) float32 array.

    The array lasts exactly the video. The music goes in first, ducked where
    clips sound; each clip's sound is then levelled to that music bed
    (`levels`) and added; everything fades out with the picture at the end;
    and the finished mix is brought to -14 LUFS integrated with its true peak
    under -1 dBFS (BS.1770 / EBU R128), once, whatever the output format. A
    silent mix stays silent. `progress` gets the share of the sounds mixed
    (0..1), one sound and one block at a time: a worker's stall watchdog hears
    it is alive.
    """
    report = progress or (lambda _f: None)
    sounds = sum(1 for it in plan.items if it.seg.m.kind == "clip") + sum(
        len(track.sg) for track in draft.audio_tracks
    )
    mixed_sounds = [0]

    def one_more(part: float = 1.0) -> None:
        report(min(1.0, (mixed_sounds[0] + part) / (sounds + 1)))

    # The plan was laid out on the beat; the music must be re-timed the same way.
    draft = sync_to_beats(draft)
    total = _samples(plan.frames * 1000 / plan.fps)
    # One buffer for the whole mix, changed in place to the end: a five-minute
    # soundtrack is 115 MB of float32, and every extra copy would cost as much.
    # A long one lives in a temporary file, worked on a block at a time (`music.spool`).
    mixed = stereo_buffer(total)
    clips = _sounding_clips(plan, source, total)
    spans = [span for _, span in clips]  # where clips sound, for ducking the music
    duck_env = _Ducking(spans) if spans else None
    for track in draft.audio_tracks:
        for seg in track.sg:
            _add_segment(mixed, seg, source, duck_env, one_more)
            mixed_sounds[0] += 1
    # Every bed is measured before any clip joins the music it is measured in.
    beds = [bed_loudness(mixed, SAMPLE_RATE, spans, span) for span in spans]
    for (item, (start, stop)), bed in zip(clips, beds, strict=True):
        meta = item.seg.m
        sound = source(meta.src, meta.trim, item.d, False)
        n = min(len(sound), stop - start)
        mixed_sounds[0] += 1
        one_more(0.0)
        if n <= 0:
            continue
        sound = sound[:n]
        gain = np.full(n, clip_gain(sound, SAMPLE_RATE, bed, meta.vol), np.float32)
        _apply_fades(
            gain, _samples(max(item.transition_ms, _CLIP_EDGE_MS)), _samples(_CLIP_EDGE_MS)
        )
        mixed[start : start + n] += sound * gain[:, None]
        release(mixed, start, start + n)
    fade_out_end(mixed, _samples(plan.sound_fade_ms()))
    one_more(0.0)  # the last step: loudness, measured and set
    return normalise(mixed, SAMPLE_RATE, copy=False)


# Reading this much of a clip tells whether it has sound at all, for next to nothing.
_PROBE_MS = 50


def _sounding_clips(
    plan: Plan, source: AudioSource, total: int
) -> list[tuple[VisualItem, tuple[int, int]]]:
    """The clips whose own sound plays, each with the samples it covers in the mix."""
    found: list[tuple[VisualItem, tuple[int, int]]] = []
    for item in plan.items:
        meta = item.seg.m
        if meta.kind != "clip" or meta.vol <= 0:
            continue
        if source(meta.src, meta.trim, min(item.d, _PROBE_MS), False).size == 0:
            continue
        start = _samples(item.start_ms)
        n = min(total - start, _samples(item.d))
        if n > 0:
            found.append((item, (start, start + n)))
    return found


def _add_segment(
    out: Stereo,
    seg: AudioSegment,
    source: AudioSource,
    duck: _Ducking | None,
    block_done: Callable[[float], None],
) -> None:
    m = seg.m
    start = _samples(m.at)
    if start >= len(out) or m.vol <= 0:
        return
    length = min(_samples(seg.d), len(out) - start)
    sound = source(m.src, m.trim, _ms(length), m.loop)
    n = min(len(sound), length)
    if n <= 0:
        return
    fade_in, fade_out = min(_samples(m.fi), n), min(_samples(m.fo), n)
    # A block at a time: the gain and the scaled sound of a whole song would be
    # two more arrays as long as the soundtrack.
    for lo in range(0, n, _MIX_BLOCK):
        hi = min(n, lo + _MIX_BLOCK)
        gain = np.full(hi - lo, m.vol, np.float32)
        _fade_block(gain, lo, n, fade_in, fade_out)
        if duck is not None:
            # Ducking: where clips speak, music drops to `duck` of its level.
            gain *= 1.0 - (1.0 - m.duck) * duck.envelope(start + lo, start + hi)
        out[start + lo : start + hi] += sound[lo:hi] * gain[:, None]
        release(out, start + lo, start + hi)
        release(sound, lo, hi)
        block_done(hi / n)


def _fade_block(
    gain: npt.NDArray[np.float32], lo: int, n: int, fade_in: int, fade_out: int
) -> None:
    """`_apply_fades` on samples lo.. of an n-sample gain, given as the block `gain`."""
    k = np.arange(lo, lo + len(gain), dtype=np.float64)
    if fade_in > 0 and lo < fade_in:
        ramp = k / (fade_in - 1) if fade_in > 1 else np.zeros_like(k)
        gain *= np.where(k < fade_in, ramp, 1.0).astype(np.float32)
    if fade_out > 0 and lo + len(gain) > n - fade_out:
        j = k - (n - fade_out)
        ramp = 1.0 - j / (fade_out - 1) if fade_out > 1 else np.ones_like(k)
        gain *= np.where(j >= 0, ramp, 1.0).astype(np.float32)


def _ms(samples: int) -> int:
    return int(np.ceil(samples * 1000 / SAMPLE_RATE))


def _apply_fades(gain: npt.NDArray[np.float32], fade_in: int, fade_out: int) -> None:
    n = len(gain)
    fi = min(fade_in, n)
    if fi > 0:
        gain[:fi] *= np.linspace(0.0, 1.0, fi, dtype=np.float32)
    fo = min(fade_out, n)
    if fo > 0:
        gain[n - fo :] *= np.linspace(1.0, 0.0, fo, dtype=np.float32)


class _Ducking:
    """How far the music dips at each sample: clip presence smoothed with short ramps.

    Worked out for one block of samples at a time from where the clips sound,
    so no array as long as the soundtrack is needed.
    """

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.ramp = max(1, _samples(_DUCK_RAMP_MS))

    def envelope(self, lo: int, hi: int) -> npt.NDArray[np.float32]:
        """The envelope of samples lo..hi, between 0 (no clip) and 1 (a clip sounds)."""
        ramp, half = self.ramp, self.ramp // 2
        # A centred moving average: the sample at i averages presence over
        # i + half - ramp + 1 .. i + half, counted through a cumulative sum.
        first = lo + half - ramp + 1
        presence = np.zeros(hi - lo + ramp - 1, np.float64)
        for start, stop in self.spans:
            a, b = max(start, first), min(stop, hi + half)
            if b > a:
                presence[a - first : b - first] = 1.0
        csum = np.concatenate([[0.0], np.cumsum(presence)])
        smooth = (csum[ramp:] - csum[: len(csum) - ramp]) / ramp
        env: npt.NDArray[np.float32] = np.clip(smooth, 0.0, 1.0).astype(np.float32)
        return env


def file_source(resolve: Callable[[str], Path]) -> AudioSource:
    """An AudioSource reading built-in music from the synthesiser and files through media.

    A file is decoded only for the span the video uses, a block at a time,
    straight into the (spooled) result: a 20-hour song under a 30-second video
    costs 30 seconds of decoding and memory, not 20 hours.
    """
    from diapo.music import synthesize

    def read(src: str, start_ms: int, duration_ms: int, loop: bool) -> Stereo:
        want = _samples(duration_ms)
        if src.startswith("music:"):
            style = src.removeprefix("music:") or DEFAULT_STYLE
            music: Stereo = synthesize(style, duration_ms / 1000, sample_rate=SAMPLE_RATE)
            return music[:want]
        return _read_span(resolve(src), start_ms, want, loop)

    return read


def _read_span(path: Path, start_ms: int, want: int, loop: bool) -> Stereo:
    """`want` samples of the file from `start_ms`; with `loop`, that stretch again and again."""
    from diapo.media import audio_blocks

    out = stereo_buffer(want)
    have = 0
    for block in audio_blocks(
        path, sample_rate=SAMPLE_RATE, start_ms=start_ms, duration_ms=_ms(want)
    ):
        n = min(len(block), want - have)
        out[have : have + n] = block[:n]
        release(out, have, have + n)
        have += n
    if have == 0 or have >= want or not loop:
        return out[:have] if have < want else out
    # The song ended before the video: it plays again from the same place, copied
    # from the first pass a block at a time (a spooled buffer's pages come and go).
    for lo in range(have, want, have):
        for a in range(0, min(have, want - lo), _MIX_BLOCK):
            b = min(have, want - lo, a + _MIX_BLOCK)
            out[lo + a : lo + b] = out[a:b]
            release(out, lo + a, lo + b)
            release(out, a, b)
    return out


def write_style_sample(style: str, path: Path, *, seconds: float = SAMPLE_SECONDS) -> Path:
    """Write a short piece in `style` (name or alias) to `path` as MP3, at -14 LUFS.

    It is a whole piece, with its own ending, not a cut from a longer one, so
    the page can play exactly what the style sounds like. The file appears
    only when complete (written beside it, then renamed).
    """
    import os

    from diapo.music import resolve_style, synthesize
    from diapo.render.encode import encode_audio_only

    canonical = resolve_style(style)
    audio = normalise(synthesize(canonical, seconds, sample_rate=SAMPLE_RATE), SAMPLE_RATE)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.part{path.suffix}")
    try:
        encode_audio_only(tmp, "mp3", audio)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def song_tempo(path: Path) -> Tempo | None:
    """A song file's steady tempo and first beat, for beat sync; None if it has no clear pulse.

    Its first three minutes are plenty to find a steady tempo and keep long files quick.
    The result belongs with the media (`AudioMeta.bpm` and `beat_at` once the
    song becomes the music); detection takes about 0.1 s per minute of sound.
    """
    from diapo.media import audio_blocks
    from diapo.music.beats import ANALYSIS_RATE, detect_tempo

    # Decoded straight to the analysis' own rate, in mono: 8.6 MB for the three
    # minutes, where 48 kHz stereo took 69 MB and the analysis' copies of it more.
    blocks = audio_blocks(path, sample_rate=ANALYSIS_RATE, channels=1, duration_ms=_TEMPO_SPAN_MS)
    parts = [block[:, 0] for block in blocks]
    samples = np.concatenate(parts) if parts else np.zeros(0, np.float32)
    return detect_tempo(samples, ANALYSIS_RATE)


def file_loudness(path: Path, duration_ms: int | None) -> tuple[Loudness, bool]:
    """The loudness of a file's sound (BS.1770), and whether it was read from sampled windows.

    Streamed a block at a time, so memory is flat in the file's length. A file
    longer than 10 minutes is measured over three minutes of windows spread
    evenly from its start to its end: the time stays bounded too, and for
    music, whose level varies slowly, the reading is within a few tenths of a LU.
    """
    from diapo.media import audio_blocks, audio_windows

    meter = LoudnessMeter(SAMPLE_RATE)
    sampled = duration_ms is not None and duration_ms > _LOUDNESS_WHOLE_MS
    if not sampled or duration_ms is None:
        for block in audio_blocks(path, sample_rate=SAMPLE_RATE):
            meter.add(block)
        return meter.result(), False
    last = duration_ms - _LOUDNESS_WINDOW_MS
    starts = [round(k * last / (_LOUDNESS_WINDOWS - 1)) for k in range(_LOUDNESS_WINDOWS)]
    window = 0
    for k, block in audio_windows(path, starts, _LOUDNESS_WINDOW_MS, sample_rate=SAMPLE_RATE):
        if k != window:
            meter.gap()  # the next window does not follow on from the last
            window = k
        meter.add(block)
    return meter.result(), True
