"""Data access for accounts and tokens."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta

from sqlalchemy import select, text
from sqlalchemy.orm import Session as OrmSession

from diapo.service.db.tables import Account, Token, utcnow

__all__ = [
    "create_account",
    "find_account_by_bind_id",
    "find_account_by_email",
    "find_token",
    "hash_token",
    "issue_token",
    "last_anonymous_token_for_client",
    "lock_client_id",
]

TOKEN_PREFIX = "dpo_"

# The first key of the two-key advisory locks taken per client id (PostgreSQL);
# two-key locks never meet the one-key migration lock.
_CLIENT_LOCK_CLASS = 0x0D1A_0C1D


def hash_token(token: str) -> str:
    """Tokens are long and random, so a plain SHA-256 is enough to store them safely."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_account(*, db: OrmSession) -> Account:
    account = Account(id=str(uuid.uuid4()), bind_id=secrets.token_urlsafe(12))
    db.add(account)
    db.flush()
    return account


def issue_token(
    *,
    db: OrmSession,
    account: Account,
    ttl: timedelta,
    client_id: str | None,
    anonymous: bool,
    now: datetime | None = None,
) -> tuple[Token, str]:
    """A new token row and the secret token (shown once, stored hashed)."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = now or utcnow()
    token = Token(
        id=str(uuid.uuid4()),
        account_id=account.id,
        token_hash=hash_token(secret),
        client_id=client_id,
        anonymous=anonymous,
        created_at=now,
        expires_at=now + ttl,
    )
    db.add(token)
    db.flush()
    return token, secret


def find_token(*, db: OrmSession, secret: str) -> Token | None:
    return db.scalar(select(Token).where(Token.token_hash == hash_token(secret)))


def lock_client_id(*, db: OrmSession, client_id: str) -> None:
    """Serialise the transactions that issue a token for `client_id`, until they end.

    There is no row to lock before the first token exists, so PostgreSQL takes
    an advisory lock on the client id (ids sharing a hash merely wait for each
    other); SQLite's transactions hold the write lock from BEGIN already.
    """
    if db.get_bind().dialect.name != "postgresql":
        return
    key = int.from_bytes(uuid.UUID(client_id).bytes[:4], "big", signed=True)
    db.execute(
        text("SELECT pg_advisory_xact_lock(:cls, :key)"),
        {"cls": _CLIENT_LOCK_CLASS, "key": key},
    )


def last_anonymous_token_for_client(*, db: OrmSession, client_id: str) -> Token | None:
    return db.scalar(
        select(Token)
        .where(Token.client_id == client_id, Token.anonymous.is_(True))
        .order_by(Token.created_at.desc())
        .limit(1)
    )


def find_account_by_bind_id(*, db: OrmSession, bind_id: str) -> Account | None:
    return db.scalar(select(Account).where(Account.bind_id == bind_id))


def find_account_by_email(*, db: OrmSession, email: str) -> Account | None:
    return db.scalar(select(Account).where(Account.email == email.strip().lower()))
