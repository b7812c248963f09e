"""Data access for remembered answers to requests made with an `Idempotency-Key`."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from diapo.service.db.tables import IdempotencyRecord

__all__ = ["find_answer", "remember_answer"]


def find_answer(
    *, db: OrmSession, account_id: str, scope: str, key: str
) -> tuple[int, dict[str, Any]] | None:
    row = db.scalar(
        select(IdempotencyRecord).where(
            IdempotencyRecord.account_id == account_id,
            IdempotencyRecord.scope == scope,
            IdempotencyRecord.key == key,
        )
    )
    if row is None:
        return None
    return row.status_code, json.loads(row.response)


def remember_answer(
    *, db: OrmSession, account_id: str, scope: str, key: str, status_code: int, body: dict[str, Any]
) -> None:
    db.add(
        IdempotencyRecord(
            account_id=account_id,
            scope=scope,
            key=key,
            status_code=status_code,
            response=json.dumps(body, ensure_ascii=False),
        )
    )
    db.flush()
