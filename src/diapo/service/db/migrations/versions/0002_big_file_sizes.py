"""File sizes as 64-bit integers: PostgreSQL's INTEGER stops at 2 GiB.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_COLUMNS = (("media", False), ("renders", True))


def upgrade() -> None:
    # SQLite's INTEGER is 64-bit already; rebuilding its tables would gain nothing.
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, nullable in _COLUMNS:
        op.alter_column(
            table,
            "size_bytes",
            type_=sa.BigInteger(),
            existing_type=sa.Integer(),
            existing_nullable=nullable,
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, nullable in _COLUMNS:
        op.alter_column(
            table,
            "size_bytes",
            type_=sa.Integer(),
            existing_type=sa.BigInteger(),
            existing_nullable=nullable,
        )
