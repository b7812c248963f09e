"""The draft: Diapo's whole edit as a pure, versioned value with compact JSON keys.

Short keys (`t`, `tt`, `sg`, `d`, `m`) are the protocol's; everything inside
`m` and the canvas `c` is Diapo's own and is published as a JSON Schema.
On a video track, segments play one after the other and each segment's
transition `tr` overlaps it with the previous one, so the timeline lasts
sum(d) - sum(tr.d). Audio and text segments are placed by `m.at`.
"""

from __future__ import annotations

import json
from enum import IntEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from diapo.draft.vocabulary import (
    ASPECTS,
    CANVAS_SIZES,
    DEFAULT_ASPECT,
    DEFAULT_FIT,
    DEFAULT_TRANSITION,
    END_FADE_MS,
    PLATFORM_PRESETS,
    RESOLUTIONS,
    TRANSITION_NAMES,
    Aspect,
    EndingKind,
    Fit,
    FontFamily,
    Language,
    PresetName,
    TextAnimation,
    TransitionKind,
)
from diapo.errors import InvalidDraftError

__all__ = [
    "ASPECTS",
    "CANVAS_SIZES",
    "RESOLUTIONS",
    "SCHEMA_VERSION",
    "TRANSITION_NAMES",
    "AudioMeta",
    "AudioSegment",
    "AudioTrack",
    "Canvas",
    "Caption",
    "Draft",
    "Ending",
    "KenBurns",
    "Story",
    "SubjectBox",
    "TextMeta",
    "TextSegment",
    "TextTrack",
    "Track",
    "TrackType",
    "Transition",
    "VideoMeta",
    "VideoSegment",
    "VideoTrack",
    "canvas_for",
    "draft_json_schema",
    "track_duration_ms",
    "with_resolution",
]

SCHEMA_VERSION = 1

Color = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$", description="#RRGGBB")]
Ms = Annotated[int, Field(ge=0, le=4 * 3600 * 1000, description="milliseconds")]
Unit = Annotated[float, Field(ge=0.0, le=1.0)]


class TrackType(IntEnum):
    """The protocol's track type codes."""

    VIDEO = 0
    AUDIO = 1
    TEXT = 7


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def canvas_for(aspect: str, *, long_side: int = 1920, fps: int = 30) -> Canvas:
    """The canvas of an aspect ratio with its longer side at `long_side` (even sizes)."""
    if aspect not in CANVAS_SIZES:
        raise InvalidDraftError(
            f"Unknown aspect ratio {aspect!r}; choose one of {', '.join(ASPECTS)}.",
            [{"loc": "c.ar", "msg": "unknown aspect ratio"}],
        )
    w, h = CANVAS_SIZES[aspect]
    scale = long_side / max(w, h)
    return Canvas(ar=aspect, w=_even(w * scale), h=_even(h * scale), fps=fps)


def _even(x: float) -> int:
    return max(2, round(x / 2.0) * 2)


class Canvas(_Model):
    """Output frame: aspect ratio, pixel size and frame rate."""

    ar: Aspect = Field(DEFAULT_ASPECT, description="aspect ratio")
    w: int = Field(1920, ge=16, le=3840, description="width in pixels (even)")
    h: int = Field(1080, ge=16, le=3840, description="height in pixels (even)")
    fps: int = Field(30, ge=1, le=60, description="frames per second")
    bg: Color = Field("#000000", description="background colour behind everything")
    preset: PresetName | None = Field(
        None,
        description="the platform this video is for: it fixed the aspect and the largest size,"
        " and sets the longest video, the bitrate and the file-size cap (see /api/vocabulary)",
    )

    @field_validator("w", "h")
    @classmethod
    def _must_be_even(cls, v: int) -> int:
        if v % 2:
            raise ValueError("must be even (H.264 with 4:2:0 chroma needs even sizes)")
        return v

    @model_validator(mode="after")
    def _matches_aspect(self) -> Canvas:
        aw, ah = CANVAS_SIZES[self.ar]
        if abs(self.w / self.h - aw / ah) > 0.02:
            raise ValueError(f"size {self.w}x{self.h} does not match aspect ratio {self.ar}")
        if self.preset is not None:
            preset = PLATFORM_PRESETS[self.preset]
            if preset.aspect != self.ar:
                raise ValueError(
                    f"the {self.preset} preset is {preset.aspect}, not {self.ar}: "
                    "change the aspect ratio or drop the preset"
                )
            if min(self.w, self.h) > RESOLUTIONS[preset.resolution]:
                raise ValueError(
                    f"the {self.preset} preset is at most {preset.resolution}, "
                    f"not {self.w}x{self.h}"
                )
        return self


class Transition(_Model):
    """How a segment enters over the previous one."""

    k: TransitionKind = Field(DEFAULT_TRANSITION, description="transition kind")
    d: Ms = Field(500, description="duration in ms (0 means a cut)")


class KenBurns(_Model):
    """Slow pan and zoom across a photo."""

    on: bool = True
    z0: float = Field(1.0, ge=1.0, le=3.0, description="zoom at the start")
    z1: float = Field(1.12, ge=1.0, le=3.0, description="zoom at the end")
    x0: float = Field(0.0, ge=-1.0, le=1.0, description="horizontal focus at the start")
    y0: float = Field(0.0, ge=-1.0, le=1.0, description="vertical focus at the start")
    x1: float = Field(0.0, ge=-1.0, le=1.0, description="horizontal focus at the end")
    y1: float = Field(0.0, ge=-1.0, le=1.0, description="vertical focus at the end")


TextPosition = Literal["auto", "top", "center", "bottom"]


class SubjectBox(_Model):
    """A face (or, in a photo without faces, its salient region) as fractions of the photo.

    The renderer keeps these whole on screen when it crops, moves and places text.
    """

    x: Unit = Field(description="left edge, fraction of the photo's width")
    y: Unit = Field(description="top edge, fraction of the photo's height")
    w: float = Field(gt=0.0, le=1.0, description="width, fraction of the photo's width")
    h: float = Field(gt=0.0, le=1.0, description="height, fraction of the photo's height")
    k: Literal["face", "saliency"] = Field("face", description="how it was found")
    s: float = Field(1.0, ge=-10.0, le=10.0, description="detector score")

    @model_validator(mode="after")
    def _inside(self) -> SubjectBox:
        if self.x + self.w > 1.001 or self.y + self.h > 1.001:
            raise ValueError("a subject box must lie inside the photo (x + w and y + h <= 1)")
        return self


class Caption(_Model):
    """A line of text shown over one photo for its whole duration.

    `pos` "auto" puts it at the bottom unless that covers a face or the photo's subject
    more than the top or centre would.
    """

    text: str = Field(min_length=1, max_length=300)
    pos: TextPosition = "auto"
    size: float = Field(0.045, gt=0.0, le=0.3, description="fraction of the shorter side")
    color: Color = "#ffffff"
    font: FontFamily = Field("sans", description="'sans' (Inter, modern) or 'serif'")
    anim: TextAnimation = Field(
        "fade", description="how it enters: fade, rise (moves up), typewriter or none"
    )
    chapter: bool | None = Field(None, description="written by the story; rewritten with it")


class VideoMeta(_Model):
    """What a video-track segment shows."""

    src: str = Field(min_length=1, max_length=4096, description="media id or file path")
    kind: Literal["photo", "clip"] = "photo"
    fit: Fit | None = Field(None, description="overrides the draft's fit for this segment")
    kb: KenBurns | None = Field(None, description="Ken Burns motion (photos)")
    tr: Transition | None = Field(None, description="transition in from the previous segment")
    trim: Ms = Field(0, description="clip: where playback starts in the source")
    vol: float = Field(1.0, ge=0.0, le=2.0, description="clip: volume of its own sound")
    cap: Caption | None = None
    subj: list[SubjectBox] | None = Field(
        None, max_length=32, description="photo: faces or subject, kept whole on screen"
    )
    name: str | None = Field(None, max_length=300, description="original file name, for people")


class AudioMeta(_Model):
    """A music or sound segment."""

    src: str = Field(
        min_length=1, max_length=4096, description="'music:<style>' for built-in music, else media"
    )
    at: Ms = Field(0, description="start on the timeline")
    trim: Ms = Field(0, description="where playback starts in the source")
    vol: Unit = Field(0.35, description="volume 0..1")
    fi: Ms = Field(500, description="fade-in")
    fo: Ms = Field(2000, description="fade-out")
    loop: bool = Field(True, description="loop a source shorter than the segment")
    duck: Unit = Field(0.3, description="volume factor while a clip's own sound plays")
    beat_sync: bool = Field(
        False,
        description="cuts and transitions start on the music's beats, photos last whole bars"
        " and the video ends with the music's own ending; new music turns it on",
    )
    bpm: float | None = Field(
        None, ge=30, le=300, description="an uploaded file's tempo, detected when it was added"
    )
    beat_at: Ms | None = Field(None, description="where that file's first beat falls in it")


class TextMeta(_Model):
    """A title, subtitle or caption over the timeline."""

    text: str = Field(min_length=1, max_length=500)
    role: Literal["title", "subtitle", "caption"] = "title"
    at: Ms = Field(0, description="start on the timeline")
    pos: TextPosition = Field(
        "center", description="'auto': the role's place unless another covers fewer faces"
    )
    size: float | None = Field(None, gt=0.0, le=0.3, description="fraction of the shorter side")
    color: Color = "#ffffff"
    # The light default look: no outline, a soft shadow; the modern sans (Inter).
    outline: bool = Field(False, description="a thin dark outline around the letters")
    shadow: bool = Field(True, description="a soft shadow under the letters")
    font: FontFamily = Field("sans", description="'sans' (Inter, modern) or 'serif'")
    anim: TextAnimation = Field(
        "fade", description="how it enters: fade, rise (moves up), typewriter or none"
    )
    fi: Ms = Field(400, description="fade-in (rise and typewriter: at least their own time)")
    fo: Ms = Field(400, description="fade-out")
    chapter: bool | None = Field(None, description="a chapter card the story wrote")


class VideoSegment(_Model):
    d: Ms = Field(description="duration in ms, including the incoming transition")
    m: VideoMeta

    @field_validator("d")
    @classmethod
    def _long_enough(cls, v: int) -> int:
        if v < 100:
            raise ValueError("a photo or clip must last at least 100 ms")
        return v


class AudioSegment(_Model):
    d: Ms
    m: AudioMeta


class TextSegment(_Model):
    d: Ms
    m: TextMeta


class VideoTrack(_Model):
    tt: Literal[0] = 0
    sg: list[VideoSegment] = Field(default_factory=list, max_length=2000)

    @model_validator(mode="after")
    def _transitions_fit(self) -> VideoTrack:
        for i, seg in enumerate(self.sg):
            tr = seg.m.tr
            if tr is None or tr.d == 0:
                continue
            if i == 0:
                continue  # the first segment has nothing to come in over; ignored
            prev = self.sg[i - 1]
            limit = min(seg.d, prev.d) // 2 + 1
            if tr.d >= limit:
                raise ValueError(
                    f"sg.{i}: transition of {tr.d} ms is too long for segments of "
                    f"{prev.d} ms and {seg.d} ms (at most half the shorter one)"
                )
        return self


class AudioTrack(_Model):
    tt: Literal[1] = 1
    sg: list[AudioSegment] = Field(default_factory=list, max_length=200)


class TextTrack(_Model):
    tt: Literal[7] = 7
    sg: list[TextSegment] = Field(default_factory=list, max_length=500)


Track = Annotated[VideoTrack | AudioTrack | TextTrack, Field(discriminator="tt")]


class Story(_Model):
    """Dates and places told by the slideshow, from the photos' EXIF.

    Where the day or the town changes between consecutive photos a chapter starts; it
    is shown as a short card over its first photo ("Firenze · 12 agosto") or as that
    photo's caption. `places` and `dates` say what a chapter names (and so where one
    starts); `lang` the language its dates and town names are written in.
    """

    places: bool = Field(True, description="chapters name the town the photos were taken in")
    dates: bool = Field(True, description="chapters name the day the photos were taken")
    chapters: Literal["off", "cards", "captions"] = Field(
        "cards", description="how chapters show: a card over their first photo, or its caption"
    )
    lang: Language = Field("en", description="language of dates and place names")


class Ending(_Model):
    """How the video ends: the picture and every sound fade out together, over `d` ms.

    "cut" stops at once (a few ms of sound fade, against a click); "card" fades the
    picture to the background under a closing word (`text`, or "Fine" / "The End" /
    "完" in the draft's language) that fades out with the sound.
    """

    k: EndingKind = Field("fade", description="fade (default), cut or card")
    d: int = Field(
        END_FADE_MS[1], ge=END_FADE_MS[0], le=END_FADE_MS[2], description="the final fade, ms"
    )
    text: str | None = Field(None, min_length=1, max_length=120, description="an end card's words")


class Draft(_Model):
    """The whole edit. A value: edits return a new draft."""

    v: int = Field(SCHEMA_VERSION, description="schema version")
    c: Canvas = Field(default_factory=Canvas, description="output canvas")
    fit: Fit = Field(DEFAULT_FIT, description="how photos fill the canvas")
    t: list[Track] = Field(default_factory=list, max_length=50, description="tracks")
    story: Story | None = Field(None, description="chapters from the photos' dates and places")
    # None is the default fade, so drafts saved before endings existed (and every
    # draft that keeps the default) read and write exactly as they did.
    end: Ending | None = Field(None, description="how the video ends (none: a 1 s fade)")

    @property
    def ending(self) -> Ending:
        """How the video ends, the default fade filled in."""
        return self.end if self.end is not None else Ending()

    lang: Language | None = Field(
        None,
        description="language of the texts: sets their typographic quotes and apostrophes"
        " (none: guessed from each text)",
    )

    @field_validator("v")
    @classmethod
    def _known_version(cls, v: int) -> int:
        if v != SCHEMA_VERSION:
            raise ValueError(
                f"schema version {v} is not supported (this Diapo reads {SCHEMA_VERSION})"
            )
        return v

    # -- reading ---------------------------------------------------------

    @classmethod
    def parse(cls, data: Any) -> Draft:
        """Validate a dict or JSON text; every bad field is reported with its path."""
        try:
            if isinstance(data, (str, bytes, bytearray)):
                return cls.model_validate_json(data)
            return cls.model_validate(data)
        except ValidationError as exc:
            raise _invalid(exc) from None

    def to_dict(self) -> dict[str, Any]:
        """The compact JSON form (defaults included, so nothing is implicit)."""
        return self.model_dump(mode="json", exclude_none=True)

    def to_json(self, *, indent: int | None = None) -> str:
        return json.dumps(
            self.to_dict(),
            ensure_ascii=False,
            indent=indent,
            separators=None if indent else (",", ":"),
        )

    # -- convenient views ------------------------------------------------

    @property
    def video_tracks(self) -> list[VideoTrack]:
        return [t for t in self.t if isinstance(t, VideoTrack)]

    @property
    def audio_tracks(self) -> list[AudioTrack]:
        return [t for t in self.t if isinstance(t, AudioTrack)]

    @property
    def text_tracks(self) -> list[TextTrack]:
        return [t for t in self.t if isinstance(t, TextTrack)]

    @property
    def main_video(self) -> VideoTrack | None:
        tracks = self.video_tracks
        return tracks[0] if tracks else None

    def video_duration_ms(self) -> int:
        """Length of the main video track, with transition overlaps taken off."""
        track = self.main_video
        return track_duration_ms(track) if track else 0

    def duration_ms(self) -> int:
        """Length of the whole timeline: the video, or the longest other track without video."""
        video = self.video_duration_ms()
        if video:
            return video
        ends = [s.m.at + s.d for tr in self.audio_tracks for s in tr.sg]
        ends += [s.m.at + s.d for tr in self.text_tracks for s in tr.sg]
        return max(ends, default=0)


# Named resolutions give the canvas's shorter side, as video people say them:
# "1080p" is 1920x1080 in 16:9, 1080x1080 in 1:1 and 1080x1350 in 4:5. The
# longer side then stays within 1920, the most H.264 players accept everywhere.
def with_resolution(draft: Draft, resolution: str | int) -> Draft:
    """The same draft on a smaller or larger canvas of the same aspect.

    `resolution` is a name ("720p": the shorter side) or the longer side in pixels.
    A platform preset stays, and caps the size at its own resolution.
    """
    if isinstance(resolution, str):
        if resolution not in RESOLUTIONS:
            raise InvalidDraftError(
                f"Unknown resolution {resolution!r}; choose one of {', '.join(RESOLUTIONS)}.",
                [{"loc": "output.resolution", "msg": "unknown resolution"}],
            )
        full_w, full_h = CANVAS_SIZES[draft.c.ar]
        scale = RESOLUTIONS[resolution] / 1080
        canvas = Canvas(
            ar=draft.c.ar, w=_even(full_w * scale), h=_even(full_h * scale), fps=draft.c.fps
        )
    else:
        canvas = canvas_for(draft.c.ar, long_side=int(resolution), fps=draft.c.fps)
    preset = draft.c.preset
    if preset is not None:
        cap = RESOLUTIONS[PLATFORM_PRESETS[preset].resolution]
        if min(canvas.w, canvas.h) > cap:
            full_w, full_h = CANVAS_SIZES[draft.c.ar]
            scale = cap / 1080
            canvas = canvas.model_copy(
                update={"w": _even(full_w * scale), "h": _even(full_h * scale)}
            )
    update = {"bg": draft.c.bg, "preset": preset}
    return draft.model_copy(update={"c": canvas.model_copy(update=update)})


def track_duration_ms(track: VideoTrack) -> int:
    total = 0
    for i, seg in enumerate(track.sg):
        total += seg.d
        if i > 0 and seg.m.tr is not None:
            total -= seg.m.tr.d
    return total


def _invalid(exc: ValidationError) -> InvalidDraftError:
    errors = [
        {"loc": _loc(err["loc"]), "msg": err["msg"], "type": err["type"]}
        for err in exc.errors(include_url=False)
    ]
    lines = "; ".join(f"{e['loc'] or '(draft)'}: {e['msg']}" for e in errors[:10])
    more = f" (and {len(errors) - 10} more)" if len(errors) > 10 else ""
    return InvalidDraftError(f"The draft is not valid: {lines}{more}", errors)


def _loc(parts: tuple[int | str, ...]) -> str:
    # Pydantic puts the union tag after a track's index ("t.0.0.sg"); people
    # read the path as "t.0.sg", so the tag is dropped.
    items = list(parts)
    if len(items) >= 3 and items[0] == "t" and str(items[2]) in {"0", "1", "7"}:
        del items[2]
    return ".".join(str(p) for p in items)


def draft_json_schema() -> dict[str, Any]:
    """The JSON Schema every draft validates against."""
    schema = Draft.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Diapo draft"
    return schema
