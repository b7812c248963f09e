"""The database engine: SQLite in WAL mode by default, PostgreSQL (psycopg 3) by setting.

Both serialise what must be serialised: SQLite takes the write lock when a
transaction begins (BEGIN IMMEDIATE); on PostgreSQL the credit check locks the
account row (SELECT ... FOR UPDATE, see `ledger.py`), a worker's claim locks
the job row, and migrations hold an advisory lock so that the web process and
workers starting together do not run them twice.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

__all__ = ["MIGRATIONS_DIR", "Database", "make_engine", "normalise_url", "run_migrations"]

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

# Any constant shared by every Diapo process: the key of the migration lock.
_MIGRATION_LOCK_KEY = 0x0D1A_9001


def normalise_url(url: str) -> str:
    """`url` with a driver SQLAlchemy can load: plain `postgres(ql)://` means psycopg 3.

    SQLAlchemy's default PostgreSQL driver is psycopg2, which Diapo does not
    ship; the `scale` extra installs psycopg 3.
    """
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str, *, busy_timeout_ms: int = 30_000) -> Engine:
    """An engine for `url`; SQLite gets WAL, foreign keys and write-locking transactions."""
    url = normalise_url(url)
    if not url.startswith("sqlite"):
        # READ COMMITTED whatever the server's default: a statement run after a
        # row lock was granted must see what the lock holder committed (the
        # credit check sums the ledger after locking the account). A request
        # holds one connection at a time, but a burst of them (the thread pool
        # has 40 threads) must wait for a connection, not fail.
        return create_engine(
            url,
            isolation_level="READ COMMITTED",
            pool_pre_ping=True,
            pool_size=10,
            max_overflow=30,
            pool_timeout=60,
        )
    path = url.split("///", 1)[-1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, record: ConnectionPoolEntry) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own
        # transaction handling would defer it and break the lock below).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Every transaction takes the write lock at once: with several
        # processes (web, workers) a deferred transaction that upgrades to a
        # write can fail with SQLITE_BUSY instead of waiting, and the credit
        # check-and-freeze must be serialised anyway.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def run_migrations(engine: Engine) -> None:
    """Bring the schema to the newest version (shipped in this package)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Held until this transaction ends; a second process waits, then finds
            # the schema at head. (SQLite's BEGIN IMMEDIATE already serialises.)
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


class Database:
    """The engine and its session factory."""

    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        self.engine = make_engine(self.url)
        self.sessionmaker = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def migrate(self) -> None:
        run_migrations(self.engine)

    @contextmanager
    def transaction(self) -> Iterator[OrmSession]:
        """A session inside one transaction: committed on success, rolled back on error."""
        with self.sessionmaker() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
