"""Data access for remembered answers to requests made with an `Idempotency-Key`."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from diapo.service.db.tables import IdempotencyRecord
from diapo.service.errors import IdempotencyKeyReusedError

__all__ = ["find_answer", "remember_answer", "request_fingerprint"]


def request_fingerprint(params: Any) -> str:
    """A hash of a request's parameters (JSON-able), the same for any key order or spacing."""
    text = json.dumps(params, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def find_answer(
    *, db: OrmSession, account_id: str, scope: str, key: str, fingerprint: str
) -> tuple[int, dict[str, Any]] | None:
    """The first answer given with this key, or None; IdempotencyKeyReusedError (422)
    when the key came with other parameters then (as Stripe answers)."""
    row = db.scalar(
        select(IdempotencyRecord).where(
            IdempotencyRecord.account_id == account_id,
            IdempotencyRecord.scope == scope,
            IdempotencyRecord.key == key,
        )
    )
    if row is None:
        return None
    # Answers remembered before fingerprints were kept (migration 0010) match any request.
    if row.fingerprint is not None and row.fingerprint != fingerprint:
        raise IdempotencyKeyReusedError()
    return row.status_code, json.loads(row.response)


def remember_answer(
    *,
    db: OrmSession,
    account_id: str,
    scope: str,
    key: str,
    fingerprint: str,
    status_code: int,
    body: dict[str, Any],
) -> None:
    db.add(
        IdempotencyRecord(
            account_id=account_id,
            scope=scope,
            key=key,
            fingerprint=fingerprint,
            status_code=status_code,
            response=json.dumps(body, ensure_ascii=False),
        )
    )
    db.flush()
