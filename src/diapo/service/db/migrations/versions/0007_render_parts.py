"""Chunked renders: their parts (chunks, soundtrack, join), the chunk cache index, reuse counts.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "render_parts",
        sa.Column("render_id", sa.String(length=64), nullable=False),
        sa.Column("part", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("start_frame", sa.Integer(), nullable=False),
        sa.Column("end_frame", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("progress", sa.Float(), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(), nullable=True),
        sa.Column("worker", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["render_id"], ["renders.id"], name=op.f("fk_render_parts_render_id_renders")
        ),
        sa.PrimaryKeyConstraint("render_id", "part", name=op.f("pk_render_parts")),
    )
    op.create_index(
        op.f("ix_render_parts_heartbeat_at"), "render_parts", ["heartbeat_at"], unique=False
    )
    op.create_table(
        "chunk_cache",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("length", sa.BigInteger(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_chunk_cache")),
    )
    op.create_index(op.f("ix_chunk_cache_used_at"), "chunk_cache", ["used_at"], unique=False)
    # Nullable: a render that was not split has no chunk counts.
    with op.batch_alter_table("renders") as batch:
        batch.add_column(sa.Column("chunks", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("renders") as batch:
        batch.drop_column("chunks")
    op.drop_index(op.f("ix_chunk_cache_used_at"), table_name="chunk_cache")
    op.drop_table("chunk_cache")
    op.drop_index(op.f("ix_render_parts_heartbeat_at"), table_name="render_parts")
    op.drop_table("render_parts")
