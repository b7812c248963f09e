"""The soundtrack mixer: lengths, fades, looping, ducking under clip sound, and the limiter."""

from __future__ import annotations

import numpy as np
import pytest

from diapo.draft import AudioMeta, AudioSegment, AudioTrack, MediaRef, build_slideshow
from diapo.render.audio import SAMPLE_RATE, mix_soundtrack
from diapo.render.plan import make_plan


def _tone(freq: float, n: int, level: float) -> np.ndarray:
    t = np.arange(n) / SAMPLE_RATE
    mono = (level * np.sin(2 * np.pi * freq * t)).astype(np.float32)
    return np.stack([mono, mono], axis=1)


def _source(music_level: float = 0.5, clip_level: float = 0.5, music_len_s: float | None = None):  # type: ignore[no-untyped-def]
    """Music is a 220 Hz tone, every clip a 1 kHz tone: easy to tell apart in a spectrum."""

    def read(src: str, start_ms: int, duration_ms: int, loop: bool) -> np.ndarray:
        n = round(duration_ms * SAMPLE_RATE / 1000)
        if src.startswith("music:") or src == "song":
            length = n if music_len_s is None else round(music_len_s * SAMPLE_RATE)
            data = _tone(220, length, music_level)
            if loop and len(data) < n:
                data = np.tile(data, (int(np.ceil(n / len(data))), 1))
            return data[:n]
        return _tone(1000, n, clip_level)

    return read


def _band_rms(x: np.ndarray, freq: float) -> float:
    spectrum = np.abs(np.fft.rfft(x[:, 0] * np.hanning(len(x))))
    freqs = np.fft.rfftfreq(len(x), 1 / SAMPLE_RATE)
    band = (freqs > freq * 0.9) & (freqs < freq * 1.1)
    return float(np.sqrt((spectrum[band] ** 2).sum()))


def _media() -> list[MediaRef]:
    photo = MediaRef(id="p", kind="photo", width=640, height=480)
    clip = MediaRef(id="c", kind="clip", width=640, height=360, duration_ms=3000, has_audio=True)
    return [photo, clip, photo]


def test_soundtrack_lasts_exactly_the_video() -> None:
    draft = build_slideshow(_media(), seconds_per_photo=2)
    plan = make_plan(draft)
    audio = mix_soundtrack(draft, plan, _source())
    assert audio.shape == (round(plan.frames / plan.fps * SAMPLE_RATE), 2)
    assert audio.dtype == np.float32


def test_music_is_ducked_while_a_clip_speaks() -> None:
    draft = build_slideshow(_media(), seconds_per_photo=2, transition="cut")
    plan = make_plan(draft)
    audio = mix_soundtrack(draft, plan, _source())
    sec = SAMPLE_RATE
    before = _band_rms(audio[int(0.5 * sec) : int(1.5 * sec)], 220)  # photo: music alone
    during = _band_rms(audio[int(2.8 * sec) : int(3.8 * sec)], 220)  # the clip plays
    assert 0.2 < during / before < 0.45  # ducked to about 30 %
    assert _band_rms(audio[int(2.8 * sec) : int(3.8 * sec)], 1000) > before * 0.5


def test_fades_start_and_end_in_silence() -> None:
    draft = build_slideshow([_media()[0]] * 3, seconds_per_photo=2, beat_sync=False)
    audio = mix_soundtrack(draft, make_plan(draft), _source())
    assert np.abs(audio[:50]).max() < 0.01
    assert np.abs(audio[-50:]).max() < 0.01
    assert np.abs(audio[len(audio) // 2 - 2000 : len(audio) // 2]).max() > 0.1


def test_short_music_file_loops_to_the_end() -> None:
    draft = build_slideshow([_media()[0]] * 4, seconds_per_photo=2)
    music = AudioTrack(sg=[AudioSegment(d=draft.duration_ms(), m=AudioMeta(src="song", fo=0))])
    draft = draft.model_copy(update={"t": [draft.t[0], music]})
    audio = mix_soundtrack(draft, make_plan(draft), _source(music_len_s=1.0))
    last_second = audio[-SAMPLE_RATE:]
    assert np.sqrt(np.mean(last_second**2)) > 0.05


def test_loud_sources_are_limited_without_clipping() -> None:
    draft = build_slideshow(_media(), seconds_per_photo=2, music_volume=1.0)
    audio = mix_soundtrack(draft, make_plan(draft), _source(music_level=0.9, clip_level=0.9))
    assert np.abs(audio).max() <= 0.98


def test_the_mix_is_brought_to_minus_14_lufs_whatever_the_volumes() -> None:
    import pyloudnorm

    for volume, level in ((0.05, 0.2), (1.0, 0.9)):
        draft = build_slideshow(_media(), seconds_per_photo=2, music_volume=volume)
        audio = mix_soundtrack(draft, make_plan(draft), _source(music_level=level))
        lufs = pyloudnorm.Meter(SAMPLE_RATE).integrated_loudness(audio.astype(np.float64))
        assert lufs == pytest.approx(-14.0, abs=0.3)
        assert 20 * np.log10(np.abs(audio).max()) <= -1.0


def test_a_silent_mix_stays_silent() -> None:
    photo = _media()[0]
    draft = build_slideshow([photo, photo], seconds_per_photo=2, music=None)
    audio = mix_soundtrack(draft, make_plan(draft), _source())
    assert audio.shape[0] > 0 and not audio.any()


def test_a_long_mix_needs_one_soundtrack_of_memory_beside_the_music() -> None:
    import tracemalloc

    photo = MediaRef(id="p", kind="photo", width=640, height=480)
    draft = build_slideshow([photo] * 40, seconds_per_photo=3, transition_ms=500)  # ~100 s
    plan = make_plan(draft)
    song = _tone(220, 120 * SAMPLE_RATE, 0.5)  # made beforehand: only the mixer is measured

    def ready(src: str, start_ms: int, duration_ms: int, loop: bool) -> np.ndarray:
        return song[: round(duration_ms * SAMPLE_RATE / 1000)]

    tracemalloc.start()
    try:
        audio = mix_soundtrack(draft, plan, ready)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert np.abs(audio).max() > 0.1
    # The mix itself plus blocks of a few MB; the gain and the scaled song used to be
    # whole arrays too (1.5 soundtracks more).
    assert peak < audio.nbytes + 24 * 2**20
