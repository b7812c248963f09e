"""Data access for render webhooks: account secrets and per-render deliveries."""

from __future__ import annotations

import json
import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.orm import Session as OrmSession

from diapo.service.db.tables import Base, Render, utcnow

__all__ = [
    "WebhookDelivery",
    "WebhookSecret",
    "account_secret",
    "add_delivery",
    "claim_due",
    "delivery_for",
    "rotate_secret",
]


class WebhookSecret(Base):
    """The key an account's callbacks are signed with; shown once, replaced on rotation."""

    __tablename__ = "webhook_secrets"

    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), primary_key=True)
    # Kept as is, not hashed: the service must sign with it, like the URL-signing key.
    secret: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WebhookDelivery(Base):
    """One render's callback: waiting for the render to end, then tried until delivered."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index(None, "state"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    render_id: Mapped[str] = mapped_column(ForeignKey("renders.id"), unique=True)
    account_id: Mapped[str] = mapped_column(String(36))
    url: Mapped[str] = mapped_column(Text)
    base_url: Mapped[str] = mapped_column(Text)  # of the submit request: links in the payload
    state: Mapped[str] = mapped_column(String(16), default="pending")  # pending delivered failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_at: Mapped[datetime | None]
    log: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of attempts
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def attempt_log(self) -> list[dict[str, Any]]:
        data = json.loads(self.log or "[]")
        return data if isinstance(data, list) else []


def rotate_secret(*, db: OrmSession, account_id: str) -> WebhookSecret:
    """A new secret for the account, replacing the old one at once."""
    row = db.get(WebhookSecret, account_id)
    value = "whsec_" + secrets.token_hex(24)
    if row is None:
        row = WebhookSecret(account_id=account_id, secret=value)
        db.add(row)
    else:
        row.secret, row.created_at = value, utcnow()
    db.flush()
    return row


def account_secret(*, db: OrmSession, account_id: str) -> WebhookSecret | None:
    return db.get(WebhookSecret, account_id)


def add_delivery(*, db: OrmSession, render: Render, url: str, base_url: str) -> WebhookDelivery:
    delivery = WebhookDelivery(
        render_id=render.id,
        account_id=render.account_id,
        url=url,
        base_url=base_url,
        state="pending",
        attempts=0,
        next_at=None,
        log="[]",
    )
    db.add(delivery)
    db.flush()
    return delivery


def delivery_for(*, db: OrmSession, render_id: str) -> WebhookDelivery | None:
    return db.scalar(select(WebhookDelivery).where(WebhookDelivery.render_id == render_id))


def claim_due(
    *, db: OrmSession, now: datetime, lease_until: datetime, limit: int
) -> list[WebhookDelivery]:
    """Pending deliveries of finished renders that are due, leased to this caller.

    The lease (`next_at` pushed to `lease_until`) keeps another worker's sweep from
    sending the same delivery while this one is in flight.
    """
    query = (
        select(WebhookDelivery)
        .join(Render, Render.id == WebhookDelivery.render_id)
        .where(
            WebhookDelivery.state == "pending",
            Render.status.in_(("completed", "failed", "cancelled")),
            (WebhookDelivery.next_at.is_(None)) | (WebhookDelivery.next_at <= now),
        )
        .order_by(WebhookDelivery.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    rows = list(db.scalars(query))
    for row in rows:
        row.next_at = lease_until
    db.flush()
    return rows
