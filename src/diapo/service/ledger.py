"""The credit ledger: append-only movements, balances summed from them.

A grant adds to `available`; an export freezes its cost (available -> frozen),
then either charges it (frozen -> gone) or releases it (frozen -> available).
`total = available + frozen` by construction. The check-and-freeze runs with
the account locked (SQLite: the transaction's BEGIN IMMEDIATE; PostgreSQL:
SELECT ... FOR UPDATE on the account row), so concurrent exports can never
overdraw. On PostgreSQL the balance is summed only after the lock is granted,
and the engine runs at READ COMMITTED, so that sum includes every freeze
committed by whoever held the lock before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session as OrmSession

from diapo.service.db.tables import Account, LedgerEntry, Render
from diapo.service.errors import NotEnoughCreditsError

__all__ = ["Balance", "balance", "freeze", "grant", "lock_account", "settle"]


@dataclass(frozen=True, slots=True)
class Balance:
    available: int
    frozen: int

    @property
    def total(self) -> int:
        return self.available + self.frozen

    def to_dict(self) -> dict[str, int]:
        return {"available": self.available, "frozen": self.frozen, "total": self.total}


def lock_account(*, db: OrmSession, account_id: str) -> Account:
    """The account row, locked until the transaction ends (a no-op on SQLite, locked already)."""
    # The SELECT is sent even when the account is already loaded in this
    # session: taking the row lock is the point, not reading the row.
    account = db.scalar(
        select(Account)
        .where(Account.id == account_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert account is not None
    return account


def balance(*, db: OrmSession, account_id: str) -> Balance:
    def total_of(*kinds: str) -> Any:
        return func.coalesce(
            func.sum(case((LedgerEntry.kind.in_(kinds), LedgerEntry.amount), else_=0)), 0
        )

    row = db.execute(
        select(
            total_of("grant"), total_of("freeze"), total_of("charge"), total_of("release")
        ).where(LedgerEntry.account_id == account_id)
    ).one()
    granted, frozen, charged, released = (int(x) for x in row)
    return Balance(available=granted - frozen + released, frozen=frozen - charged - released)


def grant(*, db: OrmSession, account_id: str, amount: int, note: str = "") -> Balance:
    """Add `amount` credits to the account."""
    if amount <= 0:
        raise ValueError("a grant must be positive")
    lock_account(db=db, account_id=account_id)
    db.add(LedgerEntry(account_id=account_id, kind="grant", amount=amount, note=note))
    db.flush()
    return balance(db=db, account_id=account_id)


def freeze(*, db: OrmSession, account_id: str, amount: int, render_id: str, bind_id: str) -> None:
    """Freeze `amount` for a render, or raise NotEnoughCreditsError (2001)."""
    lock_account(db=db, account_id=account_id)
    current = balance(db=db, account_id=account_id)
    if current.available < amount:
        raise NotEnoughCreditsError(
            f"This export costs {amount} credits and {current.available} are available.",
            required=amount,
            available=current.available,
            bind_id=bind_id,
        )
    if amount:
        db.add(
            LedgerEntry(account_id=account_id, kind="freeze", amount=amount, render_id=render_id)
        )
        db.flush()


def settle(*, db: OrmSession, render_id: str, outcome: Literal["charge", "release"]) -> bool:
    """Charge or release a render's frozen credits, once; False if already settled."""
    new_state = "charged" if outcome == "charge" else "released"
    result = db.execute(
        update(Render)
        .where(Render.id == render_id, Render.credit_state == "frozen")
        .values(credit_state=new_state)
        .returning(Render.account_id, Render.cost)
    ).first()
    if result is None:
        return False
    account_id, cost = result
    if cost:
        db.add(LedgerEntry(account_id=account_id, kind=outcome, amount=cost, render_id=render_id))
        db.flush()
    return True
