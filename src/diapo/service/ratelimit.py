"""Request rate limits counted in the database: fixed windows per key, one atomic upsert a hit.

The counts live in the `rate_limits` table, not in a process's memory, so a
limit holds across restarts and across several web processes sharing the
database (SQLite or PostgreSQL: both run `INSERT ... ON CONFLICT DO UPDATE
... RETURNING` as one atomic statement). A key is what is limited, e.g.
`token:<id>` or `anon:<client address>`; windows that are over are pruned by
the worker's reaper.
"""

from __future__ import annotations

import math
import time
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session as OrmSession

from diapo.service.db.tables import RateLimit, utcnow
from diapo.service.errors import RateLimitedError

__all__ = ["count_hit", "prune_rate_limits"]


def count_hit(
    *,
    db: OrmSession,
    key: str,
    limit: int,
    window_seconds: int,
    message: str = "Too many requests",
    now: float | None = None,
) -> int:
    """Count one hit on `key` in the current window; RateLimitedError (429) past `limit`.

    Returns the hits counted in this window, this one included. `limit` 0 or
    less means no limit (nothing is written).
    """
    if limit <= 0:
        return 0
    now = time.time() if now is None else now
    window = int(now // window_seconds)
    ends = (window + 1) * window_seconds
    dialect = db.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    upsert = (
        insert(RateLimit)
        .values(
            key=key[:200],
            window=window,
            count=1,
            expires_at=utcnow() + timedelta(seconds=ends - now),
        )
        .on_conflict_do_update(
            index_elements=[RateLimit.key, RateLimit.window],
            set_={"count": RateLimit.count + 1},
        )
        .returning(RateLimit.count)
    )
    count = int(db.execute(upsert).scalar_one())
    if count > limit:
        retry = max(1, math.ceil(ends - now))
        raise RateLimitedError(f"{message}; retry in {retry} s.", retry_after=retry)
    return count


def prune_rate_limits(*, db: OrmSession) -> int:
    """Delete the windows that are over; how many rows went."""
    result = db.execute(delete(RateLimit).where(RateLimit.expires_at < utcnow()))
    return int(getattr(result, "rowcount", 0) or 0)
