"""Media analysis: a photo's subjects, sharpness, exposure and hash, or a song's tempo.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: media stored before this revision were never analysed and stay usable.
    with op.batch_alter_table("media") as batch:
        batch.add_column(sa.Column("analysis", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("media") as batch:
        batch.drop_column("analysis")
