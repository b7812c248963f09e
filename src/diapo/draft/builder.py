"""The default slideshow: a good first draft made from a list of media."""

from __future__ import annotations

import random
from collections.abc import Sequence

from diapo.draft import framing
from diapo.draft.beats import sync_to_beats
from diapo.draft.culling import pick_media
from diapo.draft.media import MediaRef, Subject
from diapo.draft.model import (
    AudioMeta,
    AudioSegment,
    AudioTrack,
    Draft,
    KenBurns,
    Story,
    SubjectBox,
    TextMeta,
    TextSegment,
    TextTrack,
    Track,
    Transition,
    VideoMeta,
    VideoSegment,
    VideoTrack,
    canvas_for,
    track_duration_ms,
)
from diapo.draft.story import suggest_title, tell_story
from diapo.draft.vocabulary import DEFAULT_ASPECT, DEFAULT_FIT, DEFAULT_STYLE, DEFAULT_TRANSITION
from diapo.errors import InvalidDraftError

__all__ = [
    "DEFAULT_MUSIC",
    "build_slideshow",
    "far_in_shape",
    "fit_for",
    "intensity_of",
    "ken_burns_for",
    "music_track",
    "title_track",
]

DEFAULT_MUSIC = DEFAULT_STYLE
MAX_CLIP_MS = 15_000

_ZOOM = 0.12  # how far the default motion (intensity 1) zooms
_SWEEP = 0.9  # where a sweep across a very wide or tall photo starts and ends
_SWEEP_ZOOM = 0.5  # a sweep zooms half as far: the pan is the motion
_PAN_ZOOM = 0.75  # a pan holds this share of the zoom, for room to move

# Motion patterns as (z0, z1, x0, y0, x1, y1); cycled so neighbours differ.
_PATTERNS: tuple[tuple[float, float, float, float, float, float], ...] = (
    (1.0, 1.0, 0.0, 0.0, 0.0, 0.0),  # zoom in on the centre (zoom filled in below)
    (-1.0, -1.0, -0.8, 0.0, 0.8, 0.0),  # pan left to right
    (1.0, 1.0, 0.5, -0.5, -0.2, 0.2),  # zoom out, drifting
    (-1.0, -1.0, 0.8, 0.0, -0.8, 0.0),  # pan right to left
    (1.0, 1.0, -0.4, 0.4, 0.3, -0.3),  # diagonal zoom in
    (-1.0, -1.0, 0.0, 0.7, 0.0, -0.7),  # pan upward
)


# Faces are kept whole with this margin around the detector's box (hair, chin, ears).
_FACE_MARGIN = 0.12


def _face_boxes(photo: MediaRef | None) -> list[framing.Box]:
    if photo is None:
        return []
    return [framing.Box(f.x, f.y, f.w, f.h).padded(_FACE_MARGIN) for f in photo.faces]


def _salient_boxes(photo: MediaRef | None) -> list[framing.Box]:
    if photo is None:
        return []
    return [framing.Box(s.x, s.y, s.w, s.h) for s in photo.subjects if s.kind == "saliency"]


def fit_for(photo: MediaRef | None, aspect: str, fit: str = DEFAULT_FIT) -> str:
    """The fit a photo or clip gets: contain when cover would lose what matters in it.

    A portrait photo on a 16:9 canvas shows less than half its height in cover fit: when
    its faces fit in that band it moves within it, otherwise (a close portrait, a group
    spread over the photo) it is shown whole over its blurred copy. The faces' size decides.
    A shape far from the canvas's (portrait on 16:9, landscape on 9:16) is contained
    unless its faces, or lacking faces its salient subject, fit a cover crop whole.
    """
    if fit != "cover" or photo is None or not photo.width or not photo.height:
        return fit
    canvas = canvas_for(aspect)
    ratio, canvas_ratio = photo.width / photo.height, canvas.w / canvas.h
    boxes = _face_boxes(photo)
    if not boxes and far_in_shape(ratio, canvas_ratio):
        boxes = _salient_boxes(photo)
        if not boxes:
            return "contain"
    if not boxes:
        return fit
    room = framing.largest_zoom_keeping(ratio, canvas_ratio, "cover", framing.union(boxes))
    return "cover" if room >= 1.0 else "contain"


# A shape this many times wider or taller than the canvas loses over 44 % of itself in
# cover fit: 3:4 on 16:9 and 4:3 on 9:16 (x2.37), 9:16 on 16:9 (x3.16); square on 16:9
# (x1.78) and 4:3 on 4:5 (x1.67) stay in cover.
_FAR_SHAPE = 1.8


def far_in_shape(ratio: float, canvas_ratio: float) -> bool:
    """Whether a picture of width/height `ratio` is far from the canvas's shape."""
    return max(ratio / canvas_ratio, canvas_ratio / ratio) >= _FAR_SHAPE


def ken_burns_for(
    index: int,
    photo: MediaRef | None,
    aspect: str,
    *,
    intensity: float = 1.0,
    seed: int = 0,
    seconds: float = 3.5,
    fps: int = 30,
    fit: str = DEFAULT_FIT,
) -> KenBurns:
    """A varied, gentle motion for the photo at `index`, lasting `seconds`.

    With faces (or, lacking them, a salient region) the motion moves toward them and
    keeps every face whole on every frame. Without, a photo much taller than the canvas
    is panned vertically (and a much wider one horizontally) so that the viewer sees
    what the crop would hide. Every motion is calm: at most `framing.MAX_SPEED` canvas
    widths per frame (6 px at 1080 px), by a shorter travel. `fit` is the fit the
    photo will be shown with (`fit_for` says which one keeps its faces whole).
    """
    if intensity <= 0:
        return KenBurns(on=False, z0=1.0, z1=1.0)
    zoom = _ZOOM * min(intensity, 3.0)
    canvas = canvas_for(aspect)
    canvas_ratio = canvas.w / canvas.h
    frames = max(2, round(seconds * fps))
    if photo is None or not photo.width or not photo.height:
        return _pattern(index, intensity, zoom, seed)
    ratio = photo.width / photo.height
    faces = _face_boxes(photo)
    subjects = faces or _salient_boxes(photo)
    if subjects:
        extreme = ratio < canvas_ratio * 0.7 or ratio > canvas_ratio * 1.4
        pattern = 2 if extreme else (index + seed) % 3
        kb = framing.aim(ratio, canvas_ratio, fit, subjects, zoom=zoom, pattern=pattern)
        return framing.calm(kb, ratio, canvas_ratio, fit, frames, boxes=faces)
    if fit == "contain" and far_in_shape(ratio, canvas_ratio):
        # Shown whole already: a slow zoom into its middle, the blurred copy around it.
        kb = KenBurns(z0=1.0, z1=1.0 + zoom)
    elif ratio < canvas_ratio * 0.7:  # much taller than the canvas: show it top to bottom
        down = (index + seed) % 2 == 0
        y0, y1 = (-_SWEEP, _SWEEP) if down else (_SWEEP, -_SWEEP)
        kb = KenBurns(z0=1.0, z1=1.0 + zoom * _SWEEP_ZOOM, x0=0.0, y0=y0, x1=0.0, y1=y1)
    elif ratio > canvas_ratio * 1.4:  # much wider: sweep across
        right = (index + seed) % 2 == 0
        x0, x1 = (-_SWEEP, _SWEEP) if right else (_SWEEP, -_SWEEP)
        kb = KenBurns(z0=1.0, z1=1.0 + zoom * _SWEEP_ZOOM, x0=x0, y0=0.0, x1=x1, y1=0.0)
    else:
        kb = _pattern(index, intensity, zoom, seed)
    # Shorten the pan only: the zoom is how `intensity_of` reads the strength back.
    return framing.calm(kb, ratio, canvas_ratio, fit, frames, pan_only=True)


def _pattern(index: int, intensity: float, zoom: float, seed: int) -> KenBurns:
    rng = random.Random(seed * 7919 + index)
    z_in, _, x0, y0, x1, y1 = _PATTERNS[(index + seed) % len(_PATTERNS)]
    jitter = rng.uniform(-0.1, 0.1)
    x0, x1 = _clamp(x0 * intensity + jitter), _clamp(x1 * intensity + jitter)
    y0, y1 = _clamp(y0 * intensity), _clamp(y1 * intensity)
    if z_in < 0:  # a pan needs a little zoom to have room to move
        z = 1.0 + zoom * _PAN_ZOOM
        return KenBurns(z0=z, z1=z, x0=x0, y0=y0, x1=x1, y1=y1)
    if (index + seed) % len(_PATTERNS) == 2:
        return KenBurns(z0=1.0 + zoom, z1=1.0, x0=x0, y0=y0, x1=x1, y1=y1)
    return KenBurns(z0=1.0, z1=1.0 + zoom, x0=x0, y0=y0, x1=x1, y1=y1)


def intensity_of(kb: KenBurns | None) -> float:
    """The intensity that `ken_burns_for` would have used for `kb` (0 when it does not move).

    Used to re-plan motions for a new canvas at the same strength; any other
    motion is read by how far it zooms.
    """
    if kb is None or not kb.on:
        return 0.0
    # A sweep goes from one side to the mirror point (shortened to stay calm).
    sweep = kb.z0 == 1.0 and (
        (kb.x0 != 0.0 and kb.x1 == -kb.x0 and kb.y0 == kb.y1 == 0.0)
        or (kb.y0 != 0.0 and kb.y1 == -kb.y0 and kb.x0 == kb.x1 == 0.0)
    )
    if sweep:
        zoom = (kb.z1 - 1.0) / _SWEEP_ZOOM
    elif kb.z0 == kb.z1:
        zoom = (kb.z0 - 1.0) / _PAN_ZOOM
    else:
        zoom = max(kb.z0, kb.z1) - 1.0
    return round(min(3.0, max(0.0, zoom / _ZOOM)), 3)


def _subject_box(s: Subject) -> SubjectBox:
    return SubjectBox.model_validate(s.to_dict())


def _clamp(v: float) -> float:
    return max(-1.0, min(1.0, v))


def build_slideshow(
    media: Sequence[MediaRef],
    *,
    aspect: str = DEFAULT_ASPECT,
    seconds_per_photo: float = 3.5,
    transition: str = DEFAULT_TRANSITION,
    transition_ms: int = 500,
    title: str | None = None,
    subtitle: str | None = None,
    music: str | None = DEFAULT_MUSIC,
    music_volume: float = 0.35,
    ken_burns: float = 1.0,
    fit: str = DEFAULT_FIT,
    fps: int = 30,
    long_side: int = 1920,
    seed: int = 0,
    keep_duplicates: bool = False,
    keep_bursts: bool = False,
    drop_blurred: bool = False,
    best: int | None = None,
    beat_sync: bool = True,
    music_tempo: tuple[float, int] | None = None,
    story: Story | None = None,
    auto_title: bool = False,
    lang: str = "en",
) -> Draft:
    """Make a slideshow of `media` in the given order.

    Photos last `seconds_per_photo`, clips play (up to 15 s) with their sound,
    audio items become the music instead of the built-in `music` style
    (a style name, `None` for silence).

    Exact duplicates are left out unless `keep_duplicates`, and of each burst (or
    near-identical shots) only the best unless `keep_bursts`; `drop_blurred` leaves out
    blurred photos and `best` keeps only that many photos. `culling.pick_media` with
    the same arguments says which were left out and why, for the caller to tell.
    With `beat_sync` (the default) the
    cuts land on the music's beats, photos last whole bars when the pace
    allows and the video ends with the music's own ending; an audio file
    needs its `music_tempo` (bpm, first beat in ms, from
    `diapo.music.beats.detect_tempo`) for that.
    With a `story`, chapter cards or captions show where the day or the town changes
    (from the media's `taken_at` and `place`); `auto_title` without a `title` titles the
    slideshow from its dominant place and month, in `lang` ("Toscana, agosto 2025").
    """
    media = pick_media(
        media,
        keep_duplicates=keep_duplicates,
        keep_bursts=keep_bursts,
        drop_blurred=drop_blurred,
        best=best,
    ).kept
    visual = [m for m in media if m.kind in ("photo", "clip")]
    if not visual:
        raise InvalidDraftError(
            "A slideshow needs at least one photo or video clip.",
            [{"loc": "media", "msg": "no photo or clip"}],
        )
    if not 0.3 <= seconds_per_photo <= 60:
        raise InvalidDraftError(
            "Seconds per photo must be between 0.3 and 60.",
            [{"loc": "seconds_per_photo", "msg": "out of range"}],
        )
    photo_ms = round(seconds_per_photo * 1000)
    segments: list[VideoSegment] = []
    for i, item in enumerate(visual):
        if item.kind == "clip":
            d = min(item.duration_ms or photo_ms, MAX_CLIP_MS)
            own_fit = fit_for(item, aspect, fit)
            meta = VideoMeta(
                src=item.id,
                kind="clip",
                fit=own_fit if own_fit != fit else None,
                name=item.name or None,
            )
        else:
            d = photo_ms
            own_fit = fit_for(item, aspect, fit)
            kb = ken_burns_for(
                i,
                item,
                aspect,
                intensity=ken_burns,
                seed=seed,
                seconds=seconds_per_photo,
                fps=fps,
                fit=own_fit,
            )
            meta = VideoMeta(
                src=item.id,
                kind="photo",
                kb=kb,
                fit=own_fit if own_fit != fit else None,
                subj=[_subject_box(s) for s in item.subjects] or None,
                name=item.name or None,
            )
        segments.append(VideoSegment(d=max(d, 100), m=meta))
    segments = with_transitions(segments, transition, transition_ms)
    video = VideoTrack(sg=segments)
    total = track_duration_ms(video)
    tracks: list[Track] = [video]
    user_audio = [m for m in media if m.kind == "audio"]
    if user_audio:
        track = music_track(user_audio[0].id, total, volume=music_volume, beat_sync=beat_sync)
        if music_tempo is not None:
            bpm, beat_at = music_tempo
            first = track.sg[0]
            tempo = first.m.model_copy(update={"bpm": bpm, "beat_at": beat_at})
            track = track.model_copy(update={"sg": [first.model_copy(update={"m": tempo})]})
        tracks.append(track)
    elif music:
        tracks.append(
            music_track(f"music:{music}", total, volume=music_volume, beat_sync=beat_sync)
        )
    draft = Draft.parse(
        {
            "c": canvas_for(aspect, long_side=long_side, fps=fps).model_dump(),
            "fit": fit,
            "t": [t.model_dump(mode="json", exclude_none=True) for t in tracks],
        }
    )
    # The title is laid over the re-timed video, so it is added after the sync.
    draft = sync_to_beats(draft)
    if title is None and auto_title:
        shown = {s.m.src for s in segments}
        title = suggest_title([m for m in visual if m.id in shown], lang)
    if title:
        title_t = title_track(title, draft.duration_ms(), subtitle=subtitle)
        draft = draft.model_copy(update={"t": [*draft.t, title_t]})
    if story is not None:
        draft = tell_story(draft.model_copy(update={"story": story}), visual)
    return Draft.parse(draft.to_dict())


def with_transitions(
    segments: Sequence[VideoSegment], kind: str, duration_ms: int
) -> list[VideoSegment]:
    """Set the same transition on every cut, shortened where a segment is too short."""
    out: list[VideoSegment] = []
    for i, seg in enumerate(segments):
        if i == 0 or kind == "cut" or duration_ms <= 0:
            tr = None if i == 0 else Transition(k="cut", d=0)
        else:
            limit = min(seg.d, segments[i - 1].d) // 2
            tr = Transition.model_validate({"k": kind, "d": min(duration_ms, limit)})
        out.append(seg.model_copy(update={"m": seg.m.model_copy(update={"tr": tr})}))
    return out


def music_track(
    src: str, total_ms: int, *, volume: float = 0.35, beat_sync: bool = True
) -> AudioTrack:
    """One music segment under the whole video, fading out at the end, synced to its beat.

    The fade-out is for music that does not end with the video; once synced,
    built-in music ends with its own final chord and needs none.
    """
    fade_out = min(2500, total_ms // 3)
    meta = AudioMeta(src=src, vol=volume, fi=300, fo=fade_out, beat_sync=beat_sync)
    return AudioTrack(sg=[AudioSegment(d=total_ms, m=meta)])


def title_track(text: str, total_ms: int, *, subtitle: str | None = None) -> TextTrack:
    """A title over the first 3 seconds (shorter videos: the first half)."""
    d = min(3000, max(1000, total_ms // 2))
    # "auto": the centre, unless a face is there (the renderer then picks top or bottom).
    sg = [TextSegment(d=d, m=TextMeta(text=text, role="title", pos="auto"))]
    if subtitle:
        sg.append(
            TextSegment(d=d, m=TextMeta(text=subtitle, role="subtitle", pos="bottom", font="sans"))
        )
    return TextTrack(sg=sg)
