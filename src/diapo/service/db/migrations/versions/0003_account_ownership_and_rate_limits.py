"""Rate limits in the database; sessions, media and renders found by their account.

`rate_limits` holds the hit counts of fixed windows, so limits hold across
restarts and web processes. Ownership moves from the token that created a
session to its account: every session row already records its account, and
this revision makes sure it is the account of its creating token (a no-op on
a consistent database), then indexes what the new lookups read (a render by
account and status, for the count of running previews).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rate_limits",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("window", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", "window", name=op.f("pk_rate_limits")),
    )
    op.create_index(op.f("ix_rate_limits_expires_at"), "rate_limits", ["expires_at"])
    op.execute(
        "UPDATE sessions SET account_id = "
        "(SELECT tokens.account_id FROM tokens WHERE tokens.id = sessions.token_id) "
        "WHERE account_id <> "
        "(SELECT tokens.account_id FROM tokens WHERE tokens.id = sessions.token_id)"
    )
    op.create_index("ix_renders_account_status", "renders", ["account_id", "status"])


def downgrade() -> None:
    op.drop_index("ix_renders_account_status", table_name="renders")
    op.drop_index(op.f("ix_rate_limits_expires_at"), table_name="rate_limits")
    op.drop_table("rate_limits")
