"""One screen of text that tells a person what a draft holds."""

from __future__ import annotations

from diapo.draft.model import AudioTrack, Draft, TextTrack, VideoTrack, track_duration_ms

__all__ = ["describe", "seconds"]


def seconds(ms: int) -> str:
    """12500 -> '12.5s', 3000 -> '3s'."""
    s = ms / 1000
    return f"{s:.1f}".rstrip("0").rstrip(".") + "s"


def describe(draft: Draft) -> str:
    """A short, numbered description of the timeline, one line per track."""
    c = draft.c
    lines = [
        f"Canvas: {c.ar} {c.w}x{c.h} @ {c.fps} fps, {draft.fit} fit, "
        f"{seconds(draft.duration_ms())} total",
        f"Timeline ({len(draft.t)} track{'s' if len(draft.t) != 1 else ''}):",
    ]
    for i, track in enumerate(draft.t, start=1):
        lines.append(f"{i}. {_track_line(track)}")
    return "\n".join(lines)


def _span(at: int, d: int) -> str:
    return f"{seconds(at).removesuffix('s')}-{seconds(at + d)}"


def _track_line(track: VideoTrack | AudioTrack | TextTrack) -> str:
    if isinstance(track, VideoTrack):
        photos = sum(1 for s in track.sg if s.m.kind == "photo")
        clips = len(track.sg) - photos
        parts = []
        if photos:
            parts.append(f"{photos} photo{'s' if photos != 1 else ''}")
        if clips:
            parts.append(f"{clips} clip{'s' if clips != 1 else ''}")
        kinds = sorted({s.m.tr.k for s in track.sg[1:] if s.m.tr is not None and s.m.tr.d > 0})
        extra = f", {'/'.join(kinds)}" if kinds else ""
        what = " and ".join(parts) or "empty"
        return f"Video: {what} (0-{seconds(track_duration_ms(track))}{extra})"
    if isinstance(track, AudioTrack):
        if not track.sg:
            return "Music: none"
        items = []
        for s in track.sg:
            src = s.m.src.removeprefix("music:")
            items.append(f"{src} ({_span(s.m.at, s.d)}, {round(s.m.vol * 100)}%)")
        return "Music: " + "; ".join(items)
    texts = []
    for ts in track.sg:
        label = ts.m.role.capitalize()
        texts.append(f'{label}: "{ts.m.text}" ({_span(ts.m.at, ts.d)})')
    return "; ".join(texts) if texts else "Text: none"
