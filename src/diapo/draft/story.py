"""Telling the story from the photos' dates and places: chapters, their cards or captions, a title.

Everything here is pure: where and when each photo was taken comes in with its
`MediaRef` (read from EXIF at ingest, the town found offline), and dates are written
with Babel in the session's language ("12 agosto 2025", "12 August 2025",
"2025年8月12日"). A chapter starts where the day or the town changes between
consecutive photos; a photo that does not say (no date, no position) stays in the
chapter before it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from diapo.draft.chronology import wall_clock
from diapo.draft.media import MediaRef, Place
from diapo.draft.model import (
    Caption,
    Draft,
    Story,
    TextMeta,
    TextSegment,
    TextTrack,
    Track,
    VideoSegment,
)
from diapo.draft.placenames import country_name, local_name, region_name

__all__ = [
    "CARD_MS",
    "Chapter",
    "find_chapters",
    "format_day",
    "suggest_title",
    "tell_story",
    "without_chapters",
]

#: How long a chapter card stays over the first photo of its chapter (at most).
CARD_MS = 2500
_CARD_SIZE = 0.06

# Babel locales: British English writes "12 August 2025", the order the brief's Italians read.
_LOCALES = {"it": "it", "en": "en_GB", "zh": "zh"}
_SEPARATOR = {"zh": "，"}


def _locale(lang: str) -> str:
    return _LOCALES.get(lang, "en_GB")


def format_day(day: date, lang: str, *, year: bool = True) -> str:
    """A day as people write it: "12 agosto 2025", "12 August 2025", "2025年8月12日".

    Without `year`: "12 agosto", "12 August", "8月12日".
    """
    # Babel costs 40 ms to import and its locale data more on first use: only when asked.
    from babel.dates import format_date, format_skeleton

    if year:
        return format_date(day, "long", locale=_locale(lang))
    return format_skeleton("MMMMd", day, locale=_locale(lang))


def _months(days: Sequence[date], lang: str) -> str:
    """ "agosto 2025", or the span "luglio–agosto 2025" when the photos cross months."""
    from babel.dates import format_interval, format_skeleton

    first, last = min(days), max(days)
    if (first.year, first.month) == (last.year, last.month):
        return format_skeleton("yMMMM", first, locale=_locale(lang))
    return format_interval(first, last, "yMMMM", locale=_locale(lang))


def _town(place: Place, lang: str) -> str:
    return local_name(place.name, place.country, lang)


@dataclass(frozen=True, slots=True)
class Chapter:
    """A run of consecutive segments shot on one day in one town.

    `start` is the index of its first segment on the main video track; `place` and
    `day` are what its photos say (None when none of them says it); `label` is
    "Firenze · 12 agosto" with what the story shows (empty when it has nothing to show).
    """

    start: int
    place: str | None
    day: date | None
    label: str


def find_chapters(
    segments: Sequence[VideoSegment],
    media: Sequence[MediaRef],
    *,
    places: bool = True,
    dates: bool = True,
    lang: str = "en",
) -> list[Chapter]:
    """Where the day (with `dates`) or the town (with `places`) changes between consecutive
    segments, a new chapter starts; a segment that does not say joins the chapter before it."""
    by_id = {m.id: m for m in media}
    found: list[tuple[int, str | None, date | None]] = []
    for i, seg in enumerate(segments):
        ref = by_id.get(seg.m.src)
        town = _town(ref.place, lang) if places and ref is not None and ref.place else None
        day = wall_clock(ref.taken_at).date() if dates and ref and ref.taken_at else None
        if not found:
            found.append((i, town, day))
            continue
        start, cur_town, cur_day = found[-1]
        if (town is not None and cur_town is not None and town != cur_town) or (
            day is not None and cur_day is not None and day != cur_day
        ):
            found.append((i, town, day))
        else:
            # A chapter learns its town or day from whichever of its photos says it first.
            found[-1] = (start, cur_town or town, cur_day or day)
    return [Chapter(start, town, day, _label(town, day, lang)) for start, town, day in found]


def _label(town: str | None, day: date | None, lang: str) -> str:
    parts = [town] if town else []
    if day is not None:
        parts.append(format_day(day, lang, year=False))
    return " · ".join(parts)


def suggest_title(media: Sequence[MediaRef], lang: str = "en") -> str | None:
    """A title from where and when most photos were taken: "Toscana, agosto 2025".

    The place is the town when every located photo was taken in one, else their region
    when they share one, else their country (the most common when they span several);
    the time is the month, or the span of months. None when no photo says either.
    """
    photos = [m for m in media if m.kind != "audio"]
    located = [m.place for m in photos if m.place is not None]
    days = [wall_clock(m.taken_at).date() for m in photos if m.taken_at is not None]
    where = _dominant_place(located, lang) if located else None
    when = _months(days, lang) if days else None
    parts = [p for p in (where, when) if p]
    return _SEPARATOR.get(lang, ", ").join(parts) if parts else None


def _dominant_place(places: Sequence[Place], lang: str) -> str:
    towns = Counter((p.name, p.country) for p in places)
    if len(towns) == 1:
        return _town(places[0], lang)
    regions = Counter((p.region, p.country) for p in places if p.region)
    if len(regions) == 1 and sum(regions.values()) == len(places):
        region, country = next(iter(regions))
        return region_name(region, country, lang)
    countries = Counter(p.country for p in places if p.country)
    if countries:
        return country_name(countries.most_common(1)[0][0], lang)
    (name, country), _ = towns.most_common(1)[0]
    return local_name(name, country, lang)


# -- writing the chapters into a draft ----------------------------------------


def without_chapters(draft: Draft) -> Draft:
    """The draft without the cards and captions a story wrote (not validated)."""
    tracks: list[Track] = []
    for t in draft.t:
        if isinstance(t, TextTrack):
            kept = [s for s in t.sg if not s.m.chapter]
            if len(kept) != len(t.sg):
                t = t.model_copy(update={"sg": kept})
        elif t is draft.main_video:
            segs = [
                s.model_copy(update={"m": s.m.model_copy(update={"cap": None})})
                if s.m.cap is not None and s.m.cap.chapter
                else s
                for s in t.sg
            ]
            t = t.model_copy(update={"sg": segs})
        tracks.append(t)
    return draft.model_copy(update={"t": tracks})


def tell_story(draft: Draft, media: Sequence[MediaRef]) -> Draft:
    """Rewrite the chapter cards or captions of `draft.story` for the draft as it is now.

    Earlier chapter text goes first, so that after a reorder, a removal or a change of
    pace the chapters follow the photos. When none of the slideshow's photos is among
    `media` (a caller that knows none of them) the draft is left as it is. Not validated.
    """
    story = draft.story
    main = draft.main_video
    if main is None or not main.sg:
        return draft
    known = {m.id for m in media}
    if not any(s.m.src in known for s in main.sg):
        return draft
    draft = without_chapters(draft)
    if story is None or story.chapters == "off" or not (story.places or story.dates):
        return draft
    main = draft.main_video
    assert main is not None
    chapters = [
        c
        for c in find_chapters(
            main.sg, media, places=story.places, dates=story.dates, lang=story.lang
        )
        if c.label
    ]
    if story.chapters == "captions":
        return _with_captions(draft, chapters)
    return _with_cards(draft, chapters, story)


def _starts(segments: Sequence[VideoSegment]) -> list[tuple[int, int]]:
    """Each segment's (start on the timeline, time it shows before the next comes in)."""
    out: list[tuple[int, int]] = []
    at = 0
    for i, seg in enumerate(segments):
        if i > 0 and seg.m.tr is not None:
            at -= seg.m.tr.d
        nxt = segments[i + 1].m.tr if i + 1 < len(segments) else None
        out.append((at, seg.d - (nxt.d if nxt is not None else 0)))
        at += seg.d
    return out


def _with_cards(draft: Draft, chapters: Sequence[Chapter], story: Story) -> Draft:
    main = draft.main_video
    assert main is not None
    spans = _starts(main.sg)
    tracks = list(draft.t)
    text = next((t for t in tracks if isinstance(t, TextTrack)), None)
    others = list(text.sg) if text is not None else []
    cards: list[TextSegment] = []
    for chapter in chapters:
        at, shown = spans[chapter.start]
        d = max(100, min(CARD_MS, shown))
        # A card over the opening title goes below it.
        under_title = any(
            s.m.role == "title" and s.m.at < at + d and at < s.m.at + s.d for s in others
        )
        meta = TextMeta(
            text=chapter.label,
            role="subtitle",
            at=at,
            pos="bottom" if under_title else "center",
            size=_CARD_SIZE,
            font="sans",
            chapter=True,
        )
        cards.append(TextSegment(d=d, m=meta))
    if text is None:
        tracks.append(TextTrack(sg=cards))
    else:
        tracks[tracks.index(text)] = text.model_copy(update={"sg": [*others, *cards]})
    return draft.model_copy(update={"t": tracks})


def _with_captions(draft: Draft, chapters: Sequence[Chapter]) -> Draft:
    main = draft.main_video
    assert main is not None
    segs = list(main.sg)
    for chapter in chapters:
        seg = segs[chapter.start]
        if seg.m.cap is not None:
            continue  # a caption someone wrote stays
        cap = Caption(text=chapter.label, pos="auto", chapter=True)
        segs[chapter.start] = seg.model_copy(update={"m": seg.m.model_copy(update={"cap": cap})})
    tracks = [t.model_copy(update={"sg": segs}) if t is main else t for t in draft.t]
    return draft.model_copy(update={"t": tracks})
