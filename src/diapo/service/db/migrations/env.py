"""Alembic environment: runs on the connection handed over by `run_migrations`."""

from __future__ import annotations

from alembic import context

from diapo.service.db.tables import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only `run_migrations` is supported
    raise RuntimeError("run migrations with diapo.service.db.engine.run_migrations()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
