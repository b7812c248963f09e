"""Administration outside requests: top up an account's credits."""

from __future__ import annotations

from diapo.service.db.accounts import find_account_by_bind_id, find_account_by_email
from diapo.service.db.engine import Database
from diapo.service.errors import NotFoundError
from diapo.service.ledger import Balance, grant
from diapo.service.settings import Settings

__all__ = ["grant_credits"]


def grant_credits(
    settings: Settings, *, amount: int, email: str | None = None, bind_id: str | None = None
) -> Balance:
    """Add `amount` credits to the account of `email` or `bind_id`; its new balance.

    NotFoundError when there is no such account; ValueError unless exactly one
    of `email` and `bind_id` is given.
    """
    if (email is None) == (bind_id is None):
        raise ValueError("give exactly one of an email and a bind id")
    db = Database(settings.sqlalchemy_url)
    try:
        db.migrate()
        with db.transaction() as s:
            if email is not None:
                account = find_account_by_email(db=s, email=email)
            else:
                assert bind_id is not None
                account = find_account_by_bind_id(db=s, bind_id=bind_id)
            if account is None:
                raise NotFoundError("No such account.")
            return grant(db=s, account_id=account.id, amount=amount, note="admin grant")
    finally:
        db.dispose()
