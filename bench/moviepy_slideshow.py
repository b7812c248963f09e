"""The benchmark's comparison: the same slideshow made with MoviePy 2 (run in its own venv).

python moviepy_slideshow.py OUT.mp4 MUSIC.wav SECONDS X264_OPTIONS_JSON FONT TITLE PHOTO...

X264_OPTIONS_JSON is Diapo's own x264 option map, so both encode alike.
"""

from __future__ import annotations

import json
import resource
import sys
import time

from moviepy import AudioFileClip, CompositeVideoClip, ImageClip, TextClip, vfx


def main() -> None:
    out, music, seconds_s, x264_json, font, title, *photos = sys.argv[1:]
    x264 = json.loads(x264_json)
    preset = x264.pop("preset")
    ffmpeg_params = [arg for key, value in x264.items() for arg in (f"-{key}", value)]
    seconds = float(seconds_s)
    start = time.perf_counter()
    clips = []
    t = 0.0
    for i, path in enumerate(photos):
        clip = ImageClip(path).with_duration(seconds)
        # Cover the 1920x1080 canvas, then zoom 1.00 -> 1.12 over the photo (Ken Burns).
        scale = max(1920 / clip.w, 1080 / clip.h)
        clip = clip.resized(scale)
        clip = clip.resized(lambda tt, s=seconds: 1.0 + 0.12 * tt / s)
        clip = clip.with_position("center").with_start(t)
        if i:
            clip = clip.with_effects([vfx.CrossFadeIn(0.5)])
        clips.append(clip)
        t += seconds - 0.5
    total = t + 0.5
    # The same title as Diapo's: white serif with a dark outline over the first 3 s, fading.
    clips.append(
        TextClip(
            font=font, text=title, font_size=92, color="white", stroke_color="black",
            stroke_width=4,
        )
        .with_duration(3)
        .with_position("center")
        .with_effects([vfx.CrossFadeIn(0.4), vfx.CrossFadeOut(0.4)])
    )  # fmt: skip
    video = CompositeVideoClip(clips, size=(1920, 1080)).with_duration(total)
    video = video.with_audio(AudioFileClip(music).with_duration(total))
    video.write_videofile(
        out,
        fps=30,
        codec="libx264",
        preset=preset,
        ffmpeg_params=ffmpeg_params,
        threads=2,
        audio_codec="aac",
        logger=None,
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": time.perf_counter() - start, "peak_mb": peak}))


if __name__ == "__main__":
    main()
