"""Render ids belong to the account: the client's id is `public_id`, unique per account.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("renders") as batch:
        batch.add_column(sa.Column("public_id", sa.String(length=64), nullable=True))
    # Every render made so far was known to its client by its key.
    op.execute("UPDATE renders SET public_id = id")
    with op.batch_alter_table("renders") as batch:
        batch.alter_column("public_id", existing_type=sa.String(length=64), nullable=False)
        batch.create_unique_constraint(op.f("uq_renders_account_id"), ["account_id", "public_id"])


def downgrade() -> None:
    with op.batch_alter_table("renders") as batch:
        batch.drop_constraint(op.f("uq_renders_account_id"), type_="unique")
        batch.drop_column("public_id")
