"""The one rule for putting media in the order they were shot, used by the CLI and the service."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TypeVar

__all__ = ["by_capture_time", "mostly_dated", "wall_clock"]

T = TypeVar("T")


def wall_clock(taken: datetime) -> datetime:
    """The time as the camera's clock showed it.

    Photos of one trip are compared by their wall-clock time: some carry a zone
    (EXIF OffsetTimeOriginal) and most do not, and mixing aware and naive times
    would either fail or shift the ones with a zone by hours.
    """
    return taken.replace(tzinfo=None)


def mostly_dated(dates: Sequence[datetime | None]) -> bool:
    """Whether more than half of the photos say when they were taken.

    When most have no date, a date order would put the few dated ones first for no
    reason the viewer can see; the caller's own order (names, picks) is kept then.
    """
    return bool(dates) and 2 * sum(d is not None for d in dates) > len(dates)


def by_capture_time(
    items: Sequence[T],
    *,
    taken_at: Callable[[T], datetime | None],
    counts: Callable[[T], bool] = lambda _: True,
    always: bool = False,
) -> list[T] | None:
    """`items` by when they were taken, or None when most of those that `counts` are undated.

    The sort is stable: items taken at the same moment, and the undated ones (which go
    last), keep the order they came in. `counts` says which items the "most are dated"
    rule looks at (photos and clips, not songs); `always` sorts whatever the count.
    """
    if not always and not mostly_dated([taken_at(i) for i in items if counts(i)]):
        return None

    def key(item: T) -> tuple[bool, datetime]:
        taken = taken_at(item)
        return (taken is None, wall_clock(taken) if taken is not None else datetime.min)

    return sorted(items, key=key)
